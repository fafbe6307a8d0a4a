"""E-mail input: .eml and .mbox through the standard ``email`` package (policy=default).

The text/plain part is preferred; a text/html part is turned into text in one pass (``htmltext``), after
removing the quoted reply and signature blocks mail clients mark in HTML (Gmail's gmail_quote,
Thunderbird's cite blockquote and moz-signature, Outlook's divRplyFwdMsg). The declared charset
and transfer encoding are decoded by the email package. When the body sits in the file as it is
(7bit/8bit), findings get the file's own line numbers. A part that declares no charset is read as
utf-8, cp1251 or koi8-r, whichever reads as Russian (russian_charset, which text drafts use too).

A fix replaces the text/plain part and makes the same changes in the text of its HTML alternative
(what most clients show), editing the HTML source only where the changed words sit.
"""

from __future__ import annotations

import math
import re
from html import escape, unescape
from html.parser import HTMLParser
from typing import TYPE_CHECKING, NamedTuple

from tonecheck.inputs.messages import Message, quoted_sender

if TYPE_CHECKING:
    from email.message import EmailMessage

# The email package is imported where mail is parsed: a plain-text draft never pays for it.

PLAIN_ENCODINGS = ("7bit", "8bit", "binary")
_TAG = re.compile(r"<[^<>]*>")


class MailError(ValueError):
    """A message that cannot be read as mail; str() is the reason."""


def looks_like_mail(data: bytes) -> bool:
    """Whether bytes start with RFC 822 headers (for standard input and the hook)."""
    head = data[:4096].replace(b"\r\n", b"\n").split(b"\n\n", 1)[0].lower()
    lines = head.split(b"\n")
    known = (b"from:", b"to:", b"subject:", b"date:", b"message-id:", b"mime-version:", b"content-type:")
    return len(head) < 4096 and sum(line.startswith(known) for line in lines) >= 2


def readable(func):
    """Whatever the email package raises on hostile mail (a NUL in a charset name, parts or
    header comments nested a thousand deep) becomes a MailError saying so, never a traceback."""
    import functools

    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except MailError:
            raise
        except RecursionError:
            raise MailError("cannot read as e-mail (nested too deep)") from None
        except (ValueError, LookupError, IndexError, AttributeError, TypeError) as exc:
            raise MailError(f"cannot read as e-mail ({exc})") from None
    return wrapper


@readable
def parse_bytes(data: bytes, name: str) -> Message:
    """One RFC 822 message -> the Message to check (body text, addressee, file positions)."""
    import email
    from email import policy

    msg = email.message_from_bytes(data, policy=policy.default)
    if msg.defects and not msg.keys():
        raise MailError(f"not an e-mail message ({type(msg.defects[0]).__name__})")
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        raise MailError("no text/plain or text/html part to check")
    content = _content(part)
    if not isinstance(content, str):
        raise MailError(f"the {part.get_content_type()} part is not text")
    html = part.get_content_type() == "text/html"
    quoted = ""
    if html:
        text, quoted = html_to_text(content)
    else:
        text = content.replace("\r\n", "\n")
    offset, exact = (0, False) if html else _body_position(data, part)
    addressee = _addressee(msg) or (quoted_sender(quoted) if quoted else None)
    message = Message(name=name, text=text, addressee=addressee, line_offset=offset, exact=exact, mail=True,
                      quote=quoted or None, letter=_has_recipient(msg), reply=_is_reply(msg))
    if html:
        message.notes.append("HTML body: positions refer to its text")
    return message


# "Re:", "RE:", "Ответ:", "AW:" (German), "SV:" (Nordic), "Réf:"… at the start of a subject
_REPLY_SUBJECT = re.compile(r"^\s*(?:re|ответ|aw|sv|vs|antw|réf|odp)\s*(?:\[\d+\])?\s*:", re.IGNORECASE)


def _is_reply(msg) -> bool:
    """Whether the mail says it answers another: an In-Reply-To header or a reply's subject."""
    if msg.get("In-Reply-To"):
        return True
    subject = str(msg.get("Subject") or "")[:200]
    return bool(_REPLY_SUBJECT.match(subject))


def html_to_text(html: str) -> tuple[str, str]:
    """Visible text of an HTML body (one line per block) and the text of the quote blocks removed.

    Any other blockquote becomes "> " lines, which quote detection reads as quoted
    (``htmltext.TextReader``, one pass). HTML the parser rejects (a marked section it does not
    know) is read with its tags dropped.
    """
    from tonecheck.inputs.htmltext import TextReader

    reader = TextReader()
    try:
        reader.feed(html)
        text, quoted = reader.text()
    except AssertionError:
        return _tidy(unescape(_TAG.sub(" ", html))), ""
    return _tidy(text), quoted


def _tidy(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.splitlines()]
    text = "\n".join(lines)
    while "\n\n\n" in text:
        text = text.replace("\n\n\n", "\n\n")
    return text.strip() + "\n"


MAX_TO = 2048  # characters of a To: header that can name one person (a line of Cc'd names is longer)


def _addressee(msg: EmailMessage) -> str | None:
    """The display name of the one person in To:, if there is exactly one. A To: too long
    for one name is not parsed: thousands of encoded words cost the standard header parser
    gigabytes."""
    raw = _raw_header(msg, "To")
    if raw is None or len(raw) > MAX_TO:
        return None
    header = msg.get("To")
    try:
        addresses = header.addresses if header is not None else ()
    except (AttributeError, IndexError, ValueError):
        return None
    if len(addresses) != 1:
        return None
    return addresses[0].display_name or None


def _has_recipient(msg: EmailMessage) -> bool:
    """Whether the mail is addressed to anyone: a calendar entry or a note filed in a mail
    folder has no To:, Cc: or Bcc:, and is a record, not a letter."""
    return any((_raw_header(msg, field) or "").strip() for field in ("To", "Cc", "Bcc"))


def _raw_header(msg: EmailMessage, name: str) -> str | None:
    """A header's value as written, unparsed (the first of its name)."""
    name = name.lower()
    return next((value for key, value in msg.raw_items() if key.lower() == name), None)


def _body_position(data: bytes, part: EmailMessage) -> tuple[int, bool]:
    """Lines before the part's body in the file, when its text sits there unencoded."""
    cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if cte not in PLAIN_ENCODINGS:
        return 0, False
    raw = part.get_payload(decode=True) or b""
    head = raw[:200]
    pos = data.find(head) if head else -1
    if pos < 0:
        return 0, False
    return data.count(b"\n", 0, pos), True


@readable
def replace_body(data: bytes, new_text: str) -> bytes:
    """The same message with only its checked text part replaced by ``new_text``.

    Headers, other parts and MIME boundaries are written back as they were; the part keeps its
    charset and transfer encoding. The HTML alternative of the text part gets the same rewrites in
    its text (mail clients show it, not the text part); a rewrite it cannot take is a MailError,
    so the two never disagree. HTML-only bodies are not rewritten (their text is a rendering).
    """
    import email

    crlf = b"\r\n" in data[:2048]
    pol = _verbatim_policy()(refold_source="none", linesep="\r\n" if crlf else "\n")
    msg = email.message_from_bytes(data, policy=pol)
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None or part.get_content_type() != "text/plain":
        raise MailError("only text/plain bodies can be rewritten")
    html = _html_alternative(msg, part)
    if html is not None:
        rewritten = rewrite_html(_content(html), _content(part).replace("\r\n", "\n"), new_text)
        if rewritten is None:
            raise MailError("the HTML part could not be rewritten like the text part; nothing was written")
        _set_text(html, rewritten, crlf)
    _set_text(part, new_text, crlf)
    return _flattened(msg, pol)


def _verbatim_policy():
    """An email policy that writes each header back exactly as it was read: the email package
    drops the whitespace after "Name:" and puts one space there, so a fix would touch headers."""
    from email.policy import EmailPolicy

    class VerbatimHeaders(EmailPolicy):
        def header_source_parse(self, sourcelines):
            name, value = sourcelines[0].split(":", 1)
            return name, (value + "".join(sourcelines[1:])).rstrip("\r\n")

        def header_fetch_parse(self, name, value):  # what the code reads: the value, as the default policy has it
            return super().header_fetch_parse(name, value.lstrip(" \t") if isinstance(value, str) else value)

        def fold(self, name, value):
            return self.fold_binary(name, value).decode("ascii", "surrogateescape")

        def fold_binary(self, name, value):
            if hasattr(value, "name"):  # a header tonecheck set itself
                return super().fold_binary(name, value)
            raw = name + ":" + self.linesep.join(value.splitlines()) + self.linesep
            return raw.encode("ascii", "surrogateescape")
    return VerbatimHeaders


def _html_alternative(msg: EmailMessage, part: EmailMessage) -> EmailMessage | None:
    """The text/html part shown instead of ``part``: the HTML of the multipart/alternative holding it."""
    for container in msg.walk():
        if container.get_content_type() == "multipart/alternative" and any(p is part for p in container.walk()):
            html = container.get_body(preferencelist=("html",))
            return html if html is not None and html is not part else None
    return None


def _content(part: EmailMessage) -> str:
    """The decoded text of a part, or a MailError saying why it has none."""
    try:
        guessed = _undeclared_charset(part)
        return part.get_content() if guessed is None else part.get_payload(decode=True).decode(guessed, "replace")
    except (LookupError, UnicodeError) as exc:
        raise MailError(f"cannot decode the {part.get_content_type()} part ({exc})") from None


def _undeclared_charset(part: EmailMessage) -> str | None:
    """The charset of 8-bit text in a part that declares none (or us-ascii, which cannot hold it).

    The email package would read it as ASCII, every Cyrillic letter a replacement mark; old
    Russian mailers send cp1251 or koi8-r so. None when the part needs no guess or none fits.
    """
    if part.get_content_charset() not in (None, "us-ascii"):
        return None
    raw = part.get_payload(decode=True) or b""
    if raw.isascii():
        return None
    try:
        raw.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError:
        return russian_charset(raw)


def _set_text(part: EmailMessage, text: str, crlf: bool) -> None:
    """Put ``text`` into the part in its own charset and transfer encoding.

    Each line that did not change keeps the bytes it had: encoding the whole text again would
    re-wrap every long quoted-printable line (the quote most of all) and turn bytes the charset
    could not decode into replacement marks. Base64 has no lines of its own and is encoded anew.
    """
    charset = _undeclared_charset(part) or part.get_content_charset() or "us-ascii"  # written as it was read
    cte = (part.get("Content-Transfer-Encoding") or "7bit").strip().lower()
    if cte not in (*PLAIN_ENCODINGS, "quoted-printable", "base64"):
        raise MailError(f"unknown transfer encoding {cte!r}")
    lines = text.replace("\r\n", "\n").split("\n")
    kept = None if cte == "base64" else _payload_lines(part, cte, charset)
    if kept is None:
        payload = _transfer_encoded(_encoded(("\r\n" if crlf else "\n").join(lines), charset), cte)
    else:
        payload = _spliced(kept, lines, charset, cte)
    part.set_payload(payload.decode("ascii", "surrogateescape"))


def _payload_lines(part: EmailMessage, cte: str, charset: str) -> list[tuple[bytes, str]] | None:
    """Each line of the part's text with its bytes in the payload (line break left out), or None
    when the two do not line up."""
    text = _content(part).replace("\r\n", "\n")
    try:
        raw = part.get_payload().encode("ascii", "surrogateescape")
    except (AttributeError, UnicodeEncodeError):
        return None
    pieces = raw.split(b"\n")
    pieces = _soft_joined(pieces) if cte == "quoted-printable" else pieces
    decoded = [_decoded_line(piece, cte, charset) for piece in pieces]
    return list(zip(pieces, decoded, strict=True)) if "\n".join(decoded) == text else None


def _soft_joined(lines: list[bytes]) -> list[bytes]:
    """Quoted-printable lines joined where a soft break ("=" at the end) carries one text line on."""
    out, pending = [], []
    for line in lines:
        pending.append(line)
        if not line.rstrip(b" \t\r").endswith(b"="):
            out.append(b"\n".join(pending))
            pending = []
    return out + ([b"\n".join(pending)] if pending else [])


def _decoded_line(piece: bytes, cte: str, charset: str) -> str:
    import quopri

    if cte == "quoted-printable":
        piece = quopri.decodestring(piece + b"\n")[:-1]
    return piece.removesuffix(b"\r").decode(charset, "replace")


def _spliced(kept: list[tuple[bytes, str]], lines: list[str], charset: str, cte: str) -> bytes:
    """The payload of ``lines``: the bytes kept for each unchanged line, new bytes for the others."""
    from difflib import SequenceMatcher

    out = []
    ops = SequenceMatcher(None, [text for _, text in kept], lines, autojunk=False).get_opcodes()
    for tag, i1, i2, j1, j2 in ops:
        if tag == "equal":
            out.extend(raw for raw, _ in kept[i1:i2])
        else:
            out.extend(_transfer_encoded(_encoded(line, charset), cte) for line in lines[j1:j2])
    return b"\n".join(out)


def _encoded(text: str, charset: str) -> bytes:
    try:
        return text.encode(charset)
    except (LookupError, UnicodeEncodeError) as exc:
        raise MailError(f"the rewrite cannot be encoded in the part's charset {charset} ({exc})") from None


def _transfer_encoded(raw: bytes, cte: str) -> bytes:
    import base64
    import quopri

    if cte == "base64":
        return base64.encodebytes(raw)
    return quopri.encodestring(raw) if cte == "quoted-printable" else raw


def _flattened(msg: EmailMessage, pol) -> bytes:
    from email.generator import BytesGenerator
    from io import BytesIO

    out = BytesIO()
    BytesGenerator(out, mangle_from_=False, policy=pol).flatten(msg)
    return out.getvalue()


# --- which one-byte Cyrillic charset -------------------------------------------------------------

# How often each letter occurs in Russian text, per mille. Read in the wrong one of cp1251 and
# koi8-r, a Russian text has rare letters where the common ones were (koi8-r's "о" is cp1251's
# "П"), and capitals inside its words ("дПВТЩК" for "Добрый"): each is a measurable cost.
_FREQUENCY = dict(zip("оеаинтсрвлкмдпуяыьгзбчйхжшюцщэфъё", (110, 85, 80, 74, 67, 63, 55, 47, 45, 44, 35, 32, 30, 28,
                                                           26, 20, 19, 17, 17, 17, 16, 14, 12, 10, 9, 7, 6, 5, 4, 3,
                                                           3, 0.4, 0.4), strict=True))
_LETTER_COST = {letter: -math.log(n / 1000) for letter, n in _FREQUENCY.items()}
_CAPITAL_INSIDE_COST = -math.log(0.01)
_TYPOGRAPHY = set("«»—–…№„“”‘’•€©®™§°±·\xa0")  # the non-letters of cp1251's upper half that Russian uses
_TYPOGRAPHY_COST = -math.log(0.01)
_ODD_COST = -math.log(0.0001)  # anything else (box drawing, Ђ, Ј …): one charset read as the other
_LETTER = re.compile(r"[^\W\d_]")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_SAMPLE = 20000  # characters scored: more says nothing new


def russian_charset(data: bytes, margin: float = 0.0) -> str | None:
    """cp1251 or koi8-r, whichever reads ``data`` as the more plausible Russian.

    Any byte string decodes in both, so only what the letters come out as tells them apart. None
    when neither reads as Russian (most letters Cyrillic); on a tie cp1251, the more common one.
    With a ``margin`` (in the costs' nats), None too when both read as Russian and the better one
    is not better by that much: short capitals ("ДА.", "ХОРОШО, ПРИШЛЮ") read well in both.
    """
    costs = {}
    for charset in ("cp1251", "koi8-r"):
        try:
            text = data.decode(charset)[:_SAMPLE]
        except UnicodeDecodeError:
            continue
        letters = len(_LETTER.findall(text))
        if letters and len(_CYRILLIC.findall(text)) / letters >= 0.5:
            costs[charset] = _reading_cost(text)
    if len(costs) == 2 and abs(costs["cp1251"] - costs["koi8-r"]) < margin:
        return None
    return min(costs, key=costs.get) if costs else None


def _reading_cost(text: str) -> float:
    """How unlike Russian the non-ASCII characters of ``text`` are (ASCII reads the same in both)."""
    cost, previous = 0.0, " "
    for ch in text:
        if not ch.isascii():
            letter = _LETTER_COST.get(ch.lower())
            if letter is None:
                cost += _TYPOGRAPHY_COST if ch in _TYPOGRAPHY else _ODD_COST
            else:
                cost += letter + (_CAPITAL_INSIDE_COST if ch.isupper() and previous.islower() else 0.0)
        previous = ch
    return cost


# --- the same rewrites in an HTML part ----------------------------------------------------------

_WORD = re.compile(r"\w+|[^\w\s]")  # run on text (a message body, an HTML text run), never on markup
_HIDDEN = ("script", "style", "title")


class _Word(NamedTuple):
    text: str
    start: int  # offsets in the HTML source
    end: int
    run: int    # words of one run have only text and character references between them, no tag


class _HtmlWords(HTMLParser):
    """The visible words of an HTML source with their offsets in it, so a rewrite edits the source in
    place: the rest of the HTML stays as the mail client wrote it."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self._line_starts = [0] + [i + 1 for i, ch in enumerate(source) if ch == "\n"]
        self._events: list[tuple[int, str, int]] = []  # offset, "text"/"ref"/"tag", length of text
        self._hidden = 0
        self.feed(source)
        self.close()

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def _event(self, kind: str, length: int = 0) -> None:
        self._events.append((self._offset(), "tag" if self._hidden else kind, length))

    def handle_data(self, data):
        self._event("text" if self.source.startswith(data, self._offset()) else "tag", len(data))

    def handle_entityref(self, name):
        self._event("ref")

    def handle_charref(self, name):
        self._event("ref")

    def handle_starttag(self, tag, attrs):
        self._event("tag")
        if tag in _HIDDEN:
            self._hidden += 1

    def handle_endtag(self, tag):
        self._event("tag")
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1

    def handle_comment(self, data):
        self._event("tag")

    handle_decl = handle_pi = unknown_decl = handle_comment

    def words(self) -> list[_Word]:
        """Every word and punctuation mark of the visible text, run by run."""
        ends = [e[0] for e in self._events[1:]] + [len(self.source)]
        out, run, text, starts, stops = [], 0, [], [], []
        for (at, kind, length), end in zip(self._events, ends, strict=True):
            if kind == "text" and at + length == end:
                text.append(self.source[at:end])
                starts.extend(range(at, end))
                stops.extend(range(at + 1, end + 1))
            elif kind == "ref":
                piece = unescape(self.source[at:end])
                text.append(piece)
                starts.extend([at] * len(piece))
                stops.extend([end] * len(piece))
            else:
                out.extend(_run_words("".join(text), starts, stops, run))
                run, text, starts, stops = run + 1, [], [], []
        out.extend(_run_words("".join(text), starts, stops, run))
        return out


def _run_words(text: str, starts: list[int], stops: list[int], run: int) -> list[_Word]:
    return [_Word(m.group(), starts[m.start()], stops[m.end() - 1], run) for m in _WORD.finditer(text)]


def rewrite_html(source: str, old_text: str, new_text: str) -> str | None:
    """``source`` with the words that changed from ``old_text`` to ``new_text`` changed in its text too.

    The text part and the HTML part say the same words, so the old text's words are aligned with
    the HTML's; each change is placed where its words sit in the HTML, and only when they sit
    together between two tags with the same words around them. None when a change cannot be
    placed (it crosses a tag, or the HTML says something else there).
    """
    from difflib import SequenceMatcher

    try:
        words = _HtmlWords(source).words()
    except AssertionError:  # html.parser's answer to a marked section it does not know ("<![foo[")
        return None
    old, new = list(_WORD.finditer(old_text)), list(_WORD.finditer(new_text))
    old_words = [m.group() for m in old]
    blocks = SequenceMatcher(None, old_words, [w.text for w in words], autojunk=False).get_matching_blocks()
    where = {i + k: j + k for i, j, n in blocks for k in range(n)}
    edits = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, old_words, [m.group() for m in new],
                                               autojunk=False).get_opcodes():
        if tag != "equal":
            span = _html_span(words, where, len(old), i1, i2)
            if span is None:
                return None
            start, end, left, right = span
            edits.append((start, end, escape(_fragment(new_text, new, j1, j2, left, right), quote=False)))
    for start, end, fragment in reversed(edits):
        source = source[:start] + fragment + source[end:]
    return source


def _html_span(words: list[_Word], where: dict[int, int], count: int, i1: int, i2: int):
    """Where the old words i1..i2 (an empty range: the place before word i2) sit in the HTML source.

    (start, end, whether the span starts right after word i1-1, whether it ends right before word
    i2): the spaces next to the words are taken along when no tag stands there. None unless the
    words sit in one run of the HTML, with the same words before and after them as in the text.
    """
    needed = range(max(i1 - 1, 0), min(i2 + 1, count))
    if not needed or any(i not in where for i in needed) or any(
            where[i] - where[needed[0]] != i - needed[0] for i in needed):
        return None
    core = [words[where[i]] for i in range(i1, i2)]
    left = words[where[i1 - 1]] if i1 > 0 else None
    right = words[where[i2]] if i2 < count else None
    run = core[0].run if core else (right or left).run
    if core and core[-1].run != run:
        return None
    left = left if left is not None and left.run == run else None
    right = right if right is not None and right.run == run else None
    start = left.end if left else core[0].start if core else right.start
    end = right.start if right else core[-1].end if core else left.end
    return start, end, left is not None, right is not None


def _fragment(text: str, new: list[re.Match], j1: int, j2: int, left: bool, right: bool) -> str:
    """The new words j1..j2 of ``text``, with the spaces around them that the replaced span holds."""
    start = new[j1 - 1].end() if left else new[j1].start() if j2 > j1 else None
    end = new[j2].start() if right else new[j2 - 1].end() if j2 > j1 else None
    start, end = (start if start is not None else end), (end if end is not None else start)
    return text[start:end] if start is not None else ""
