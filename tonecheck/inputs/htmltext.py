"""The text of an HTML mail body, read in one pass with the standard library's HTML parser.

BeautifulSoup built a tree of the whole body and then edited it (every <br> replaced, a line
break appended to every block), and each edit searched the tree: 40,000 <br> took 39 s, 20,000
nested <div> 29 s, and an 8 MB table a gigabyte. Here the parser's events go straight into text:
a stack of open elements as BeautifulSoup keeps it (an end tag closes the open elements up to
its own, one that matches none is ignored, void elements never open), each with the text
written inside it so far, which it hands to its parent when it closes. Time is linear in the
body, memory in its text.
"""

from __future__ import annotations

from html.parser import HTMLParser

BLOCKS = frozenset({"p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "pre"})
MAX_QUOTE_DEPTH = 16  # blockquotes in blockquotes beyond this are not marked "> " again
ASCII_SPACES = " \n\t\x0c\r"
KEEP_SPACES = frozenset({"pre", "textarea"})
HIDDEN = frozenset({"script", "style", "head", "title"})
VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
                  "source", "track", "wbr", "basefont", "bgsound", "command", "frame", "image",
                  "isindex", "keygen", "menuitem", "nextid", "spacer"})  # BeautifulSoup's empty-element tags
# the reply and signature blocks mail clients mark: (attribute, value), a class being one of several
QUOTE_MARKS = (("class", "gmail_quote"), ("class", "gmail_signature"), ("class", "moz-cite-prefix"),
               ("class", "moz-signature"), ("id", "divRplyFwdMsg"), ("id", "appendonsend"),
               ("class", "yahoo_quoted"), ("id", "Signature"))


class _Element:
    __slots__ = ("tag", "parts", "role", "rank", "order")

    def __init__(self, tag: str, role: str, rank: int = 0, order: int = 0):
        self.tag, self.parts, self.role, self.rank, self.order = tag, [], role, rank, order


class TextReader(HTMLParser):
    """Collects the visible text (a line break after each block and for each <br>), the text
    of the quote blocks it leaves out, and other blockquotes as "> " lines.

    Quote blocks are listed as BeautifulSoup's searches found them, by the mark that found
    them and then in document order; a quote block inside another is part of the outer one's
    text unless its mark was searched for first."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack = [_Element("", "root")]
        self.removed: list[tuple[int, int, str]] = []  # (rank, order, text), sorted at the end
        self.quotes: list[_Element] = []  # the open quote blocks, outermost first
        self.started = 0
        self.keeping = 0  # open <pre> and <textarea>, where space between tags is kept
        self.quoting = 0  # open blockquotes that are not quote blocks

    def handle_starttag(self, tag, attrs):
        if tag == "br":
            self.stack[-1].parts.append("\n")
        elif tag not in VOID:
            self.started += 1
            role, rank = _role(tag, attrs)
            if role == "blockquote":
                if self.quoting >= MAX_QUOTE_DEPTH:  # "> " on every line at every level: quadratic
                    role = "text"
                self.quoting += 1
            element = _Element(tag, role, rank, self.started)
            self.stack.append(element)
            self.keeping += tag in KEEP_SPACES
            if role == "quote":
                self.quotes.append(element)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                while len(self.stack) > depth:
                    self._close()
                return

    def handle_data(self, data):
        if not data.strip(ASCII_SPACES) and not self.keeping:
            data = "\n" if "\n" in data else " "  # as BeautifulSoup keeps space between tags
        self.stack[-1].parts.append(data)

    def unknown_decl(self, data):
        if data.startswith("CDATA["):  # text, as BeautifulSoup reads it
            self.stack[-1].parts.append(data[6:])

    def _close(self) -> None:
        """The innermost open element ends: its text goes to its parent, as its role says."""
        element = self.stack.pop()
        self.keeping -= element.tag in KEEP_SPACES
        self.quoting -= element.tag == "blockquote" and element.role != "quote"
        if element.role == "hidden":
            return
        if element.tag in BLOCKS:
            element.parts.append("\n")
        if element.role == "quote":
            self.quotes.pop()
        if element.role == "quote" and not (self.quotes and self.quotes[-1].rank <= element.rank):
            self.removed.append((element.rank, element.order, joined(element.parts)))
        elif element.role == "blockquote":
            text = joined(element.parts).strip("\n")
            self.stack[-1].parts.append("\n" + "\n".join("> " + line for line in text.splitlines()) + "\n")
        else:  # handed over as it is: joining at every level of 20,000 nested <div> was quadratic
            self.stack[-1].parts.append(element.parts)

    def text(self) -> tuple[str, str]:
        """(the visible text, the removed quote blocks' text), every open element closed."""
        self.close()
        while len(self.stack) > 1:
            self._close()
        return joined(self.stack[0].parts), "\n".join(text for _, _, text in sorted(self.removed))


def joined(parts: list) -> str:
    """The text of a list of strings and nested such lists, in order (no recursion: the nesting
    is as deep as the HTML's)."""
    out, pending = [], [iter(parts)]
    while pending:
        for item in pending[-1]:
            if isinstance(item, list):
                pending.append(iter(item))
                break
            out.append(item)
        else:
            pending.pop()
    return "".join(out)


def _role(tag: str, attrs: list[tuple[str, str | None]]) -> tuple[str, int]:
    """What an element's text is (hidden, a quote block, a blockquote, text) and, for a quote
    block, the rank of the first mark it carries."""
    if tag in HIDDEN:
        return "hidden", 0
    found = dict(attrs)
    classes = (found.get("class") or "").split()
    for rank, (attr, mark) in enumerate(QUOTE_MARKS):
        if mark in classes if attr == "class" else found.get(attr) == mark:
            return "quote", rank
    if tag == "blockquote":
        return ("quote", len(QUOTE_MARKS)) if found.get("type") == "cite" else ("blockquote", 0)
    return "text", 0
