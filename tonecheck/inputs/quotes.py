r"""What the sender writes now: the parts of a body that are neither quoted, forwarded nor signature.

A reply may be written above the quote (top-posting), below it, or between quoted blocks (inline),
so the result is every new part, in order. ">" lines are quoted; a reply or forward header
(headers.py: Outlook's From:/Sent: block, "-----Original Message-----", "On … wrote:", Lotus
Notes' forward lines …) starts someone else's message, which runs to the end of the text unless
">" lines follow the header, in which case it is only that quote and the text after it is new
again. Each new part then loses its signature and legal disclaimer.

Signatures and legal disclaimers are found with mail-parser-reply's expressions, built here from
its parts (its quote marks, spaces, the characters a disclaimer runs over) and tonecheck's own
word lists: the library knows no Russian ("С уважением,", "Отправлено с iPhone" …), and its
English list treats any line starting with "Thanks," as a signature and would cut "Thanks, got
it." out of the message. They are rewritten to run in linear time: the library's start with
"\s*^" and end with "(.|\s)*", which take quadratic time on a long run of white space, and only
where a signature starts matters here.

The result is character ranges of the original text, so findings still point into the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from tonecheck.inputs import headers

_QUOTED = r"(?:> ?)*"
_END = r"[ \t]*(?:[,!.][ \t]*)?$"  # the rest of a sign-off line: a mark, no words
_PHONE_LINE = r"(?:(?:тел\.?|моб\.?|tel\.?|phone|mobile|mob\.?)[:.]?[ \t]*)?\+?\d[\d \t().\-]{7,}\d[ \t]*$"

DISCLAIMERS = [(r"Конфиденциальн\w+ информаци\w+:", "конфиденциальн"), ("CONFIDENTIALITY NOTICE:", "confidentiality"),
               ("Disclaimer:", "disclaimer")]
# What opens a signature line (after the phone number) and a "sent from" line: each is matched
# at the start of a line, which the prefilter relies on.
_RU_SIGNATURES = [r"С уважением", r"С наилучшими пожеланиями", r"Всего (?:доброго|хорошего)" + _END,
                  r"Хорошего дня" + _END, r"Спасибо" + _END, r"Благодарю" + _END]
_EN_SIGNATURES = [r"Best(?: regards)?" + _END, r"Kind regards", r"Best wishes", r"Regards" + _END,
                  r"Many thanks" + _END, r"Thanks" + _END, r"Thank you" + _END, r"Cheers" + _END, r"All the best",
                  r"Sincerely", r"Yours (?:sincerely|faithfully|truly)", r"Warm(?:est)? regards",
                  r"With (?:kind|best|warm) regards"]
_RU_SENT_FROM = [r"Отправлено (?:с|из) (?:iPhone|iPad|Android|мобильного|моего)", r"Sent from my", r"Get Outlook for"]
_EN_SENT_FROM = [r"Sent from my", r"Get Outlook for"]


def _signature_expression() -> re.Pattern:
    """Where a signature starts: mail-parser-reply's four kinds, in its order.

    A "--" line over more lines (its list-keeping variant); Outlook's rule of 32 "_" or "-" after
    a blank line; a "Sent from my …" line; a sign-off or phone line, not the first line.
    """
    sent_from = "|".join(dict.fromkeys(_RU_SENT_FROM + _EN_SENT_FROM))
    words = "|".join(_RU_SIGNATURES + _EN_SIGNATURES + [_PHONE_LINE])
    return re.compile(
        rf"^{_QUOTED}[-_]{{2}}\n|(?<=\n\n) ?[_-]{{32}}|^{_QUOTED}(?:{sent_from}) ?(?:[\w.<>:// ]+|(?:\w+ ){{1,3}})$"
        rf"|(?<!\A)^{_QUOTED}(?:{words})", re.MULTILINE | re.IGNORECASE)


# The characters mail-parser-reply lets a disclaimer run over before "mail" (ALLOW_ANY_EXTENSION).
_DISCLAIMER_TEXT = "[a-zA-Z0-9\u00C0-\u017F:;.,?!<>()@&/'\"“” \u200b\xa0\t\\-]"


def _disclaimer_expression() -> re.Pattern:
    """Where a disclaimer starts: one of its openings at the start of a sentence, with "mail"
    later on its line or the next (mail-parser-reply's reading, its characters, a bounded reach)."""
    from mailparser_reply.constants import OPTIONAL_LINEBREAK, SENTENCE_START, SINGLE_SPACE_VARIATIONS

    openings = "|".join(pattern.replace(" ", SINGLE_SPACE_VARIATIONS) for pattern, _ in DISCLAIMERS)
    return re.compile(rf"{SENTENCE_START}(?:{openings})(?={OPTIONAL_LINEBREAK}{_DISCLAIMER_TEXT}{{0,1000}}?mail)",
                      re.MULTILINE | re.IGNORECASE)


class Prefiltered:
    """A compiled expression that is run only on texts holding something every match needs.

    Most messages hold no disclaimer or signature, and running the expressions was most of the
    time quote stripping took on a short message. Each comes with needles: substrings
    of which every match contains one, and optionally a cheap expression every match also
    satisfies (``also``). A text with none is answered at once, exactly as the expression
    would answer it; anything but ``findall`` and ``search`` goes to the expression itself.

    ``requires``: strings every match holds one of, as written (a disclaimer's colon), looked for
    first.
    ``lines`` is an expression every match satisfies at the start of one of the text's lines
    ("^" in MULTILINE: after a "\n"): "Thanks" closes a message as a line of its own ("Thanks,
    \nAnna"), while "Thanks, Anna, got it" or "thanks for the report" cannot, and most
    messages say thanks somewhere.

    With ``fold`` the needles are lowercase and looked for in the lowercased text, which is
    what IGNORECASE compares for Latin and Cyrillic letters; a text holding one of the few
    other letters that IGNORECASE matches with those (``CASE_TWINS``: a dotless "ı" matches
    "i", and lowercasing does not say so) always goes to the expression.
    """

    def __init__(self, pattern: re.Pattern, needles: tuple[str, ...], fold: bool = False,
                 also: re.Pattern | None = None, lines: re.Pattern | None = None, requires: tuple[str, ...] = ()):
        self.pattern, self.needles, self.fold, self.also, self.lines = pattern, needles, fold, also, lines
        self.requires = requires

    def possible(self, text: str) -> bool:
        if self.requires and not any(r in text for r in self.requires):
            return False
        if self.lines is not None and any(map(self.lines.match, text.split("\n"))):
            return True
        if self.fold:
            if not text.isascii() and CASE_TWINS.search(text):
                return True
            text_folded = text.lower()
        else:
            text_folded = text
        return (any(n in text_folded for n in self.needles)
                or (self.also is not None and self.also.search(text) is not None))

    def findall(self, text: str) -> list:
        return self.pattern.findall(text) if self.possible(text) else []

    def search(self, text: str):
        return self.pattern.search(text) if self.possible(text) else None

    def __getattr__(self, name: str):
        return getattr(self.pattern, name)


# The letters outside ASCII and Cyrillic (U+0400-U+04FF) that IGNORECASE matches with a letter
# inside them: İ ı ſ, the old Cyrillic variants ᲀ-ᲆ and the Kelvin sign (test_mail checks the list).
CASE_TWINS = re.compile("[\u0130\u0131\u017f\u1c80-\u1c86\u212a]")


# A signature opens a line with one of the sign-off or "sent from" words, a "--" line (two of "-"
# or "_" before a line break) or Outlook's run of 32 underscores or dashes after a blank line; or
# it is a phone number (DIGIT_RUN finds every number _PHONE_LINE does, and more).
SIGNATURE_LINE = re.compile(_QUOTED + "(?:" + "|".join(
    [*_RU_SIGNATURES, *_EN_SIGNATURES, *_RU_SENT_FROM, *_EN_SENT_FROM, r"[-_]{2}$", r" ?[_-]{32}"]) + ")",
    re.IGNORECASE)
DIGIT_RUN = re.compile(r"\d[\d\s().\-]{7,}\d")


@lru_cache(maxsize=1)
def _expressions() -> tuple:
    """The disclaimer and signature expressions, built once and prefiltered: most parts hold
    neither, and the prefilters answer those without running an expression."""
    return (Prefiltered(_disclaimer_expression(), tuple(n for _, n in DISCLAIMERS), fold=True, requires=(":",)),
            Prefiltered(_signature_expression(), (), also=DIGIT_RUN, lines=SIGNATURE_LINE))


Range = tuple[int, int]


@dataclass(frozen=True)
class Split:
    """The ranges of a text written now, and those quoted or forwarded (headers included)."""

    parts: tuple[Range, ...]    # new text, each range trimmed of white space, in order
    quoted: tuple[Range, ...]   # other people's messages: ">" blocks, forwards, their headers
    signature: bool             # a signature or disclaimer was cut off a part

    @property
    def start(self) -> int:
        return self.parts[0][0] if self.parts else 0

    @property
    def end(self) -> int:
        """Where the last new part ends (0: nothing is new)."""
        return self.parts[-1][1] if self.parts else 0

    @property
    def quote(self) -> int | None:
        """Where the first quoted or forwarded text starts, if any."""
        return self.quoted[0][0] if self.quoted else None

    @property
    def gaps(self) -> tuple[Range, ...]:
        """What lies between the new parts: quotes, headers, signatures, to be left unread."""
        return tuple((a[1], b[0]) for a, b in zip(self.parts, self.parts[1:], strict=False))


def new_part(text: str, shortcut: bool = True) -> Split:
    """The parts of ``text`` written now: outside quotes and forwards, before each signature.

    ``shortcut=False`` runs the signature and disclaimer expressions without their prefilters
    (tests compare the two).
    """
    disclaimers, signature = _expressions()
    if not shortcut:
        disclaimers, signature = disclaimers.pattern, signature.pattern
    lines = text.splitlines(keepends=True)
    offsets = _line_offsets(lines)
    found = _quoted_lines(lines) if headers.possible(text) else []
    quoted = [(offsets[a] + column, offsets[b]) for a, column, b in found]
    parts, signed = [], False
    for start, end in zip([0] + [e for _, e in quoted], [s for s, _ in quoted] + [len(text)], strict=True):
        cut = _signature_start(text[start:end], disclaimers, signature)
        if cut is not None:
            end, signed = start + cut, True
        part = _trimmed(text, start, end)
        if part is not None:
            parts.append(part)
    return Split(tuple(parts), tuple(quoted), signed)


def _line_offsets(lines: list[str]) -> list[int]:
    """Where each line starts, and the text's length after the last."""
    offsets, at = [], 0
    for line in lines:
        offsets.append(at)
        at += len(line)
    offsets.append(at)
    return offsets


def _quoted_lines(raw: list[str]) -> list[tuple[int, int, int]]:
    """(first line, column, line after the last) of each quoted or forwarded stretch.

    A ">" block is quoted; a header (headers.py) with a ">" block after it is quoted with the
    block; any other header starts a forwarded or quoted message that runs to the end.
    """
    lines = [line.strip() for line in raw]
    finder = headers.Finder(lines)
    found: list[tuple[int, int, int]] = []
    i = floor = 0
    while i < len(lines):
        if headers.is_quoted(lines[i]):
            end = _quote_end(lines, i)
            found.append((i, 0, end))
            i = floor = end
            continue
        signed = headers.signs_above(lines[i])
        if signed or headers.is_import_note(lines[i]):
            first = _paragraph_start(lines, i, floor) if signed else i
            below = headers.next_content(lines, i + 1)
            end = below + 1 if below is not None and headers.is_break(lines[below]) else i + 1
            if found and found[-1][2] >= first:  # a ">" block just above: one quote with its signature
                first = found.pop()[0]
            found.append((first, 0, end))
            i = floor = end
            continue
        header = finder.at(i)
        if header is None:
            i += 1
            continue
        first = _rules_above(lines, header.line, floor)
        column = header.column if first == header.line else 0
        after = headers.next_content(lines, header.end)
        if after is not None and headers.is_quoted(lines[after]):
            i = floor = _quote_end(lines, after)
            found.append((first, column, i))
        elif header.attached:
            i += 1
        else:
            found.append((first, column, len(lines)))
            break
    return found


def _quote_end(lines: list[str], i: int) -> int:
    """The line after the ">" block starting at line i (blank lines inside it belong to it)."""
    last = i
    while i < len(lines) and (not lines[i] or headers.is_quoted(lines[i])):
        if lines[i]:
            last = i
        i += 1
    return last + 1


def _paragraph_start(lines: list[str], i: int, floor: int) -> int:
    """The first line of the paragraph just above line i (blank lines right above it skipped),
    not above ``floor``."""
    k = i - 1
    while k >= floor and not lines[k]:
        k -= 1
    while k >= floor and lines[k]:
        k -= 1
    return max(k + 1, floor)


def _rules_above(lines: list[str], i: int, floor: int) -> int:
    """The first of the ruled lines ("_____", "-----") just above line i and not above ``floor``,
    blank lines between them allowed, or i: the rule belongs to the header under it."""
    first, k = max(i, floor), i - 1
    while k >= floor and (not lines[k] or headers.is_rule(lines[k])):
        if lines[k]:
            first = k
        k -= 1
    return first


_LEADING = " \t\u200b\xa0\n\r"
_LONG_RULE = re.compile(r" ?[-_]{32}")


def signature_start(text: str) -> int | None:
    """Where a text's signature or disclaimer starts ("Kind regards,\nFacilities"), if it has one."""
    return _signature_start(text, *_expressions())


def _signature_start(piece: str, disclaimers, signature) -> int | None:
    """Where the signature or disclaimer of a new part starts in it, if it has one.

    The expressions read the part as mail-parser-reply does, every line stripped; a match is
    placed back by its line and column.
    """
    if not piece.strip():
        return None
    raw = piece.splitlines(keepends=True)
    plain = normalised(piece)
    starts = [at for at in (_signature_at(plain, signature), _disclaimer_at(plain, disclaimers)) if at is not None]
    return _original_position(raw, plain, min(starts)) if starts else None


def _signature_at(plain: str, signature) -> int | None:
    """Where the signature starts in a stripped part. A rule of 32 dashes or underscores opens
    one (Outlook), but not a rule with words in it ("----- Enter Feedback Below -----"): the
    library's own reading deletes such runs before it looks."""
    m = signature.search(plain)
    while m is not None:
        at = m.start() + len(m.group()) - len(m.group().lstrip(_LEADING))
        end = plain.find("\n", at)
        line = plain[at:] if end < 0 else plain[at:end]
        if not (_LONG_RULE.match(line) and line.strip("-_ ")):
            return at
        if end < 0:
            return None
        m = (signature.pattern if isinstance(signature, Prefiltered) else signature).search(plain, end)
    return None


def _disclaimer_at(plain: str, disclaimers) -> int | None:
    """Where a legal disclaimer starts in a stripped part (after the end of a sentence it shares a
    line with)."""
    m = disclaimers.search(plain)
    return None if m is None else m.start() + len(m.group()) - len(m.group().lstrip(_LEADING + ".!?"))


def normalised(text: str) -> str:
    """The text as mail-parser-reply's expressions read it: every line stripped."""
    return "\n".join(line.strip() for line in text.splitlines())


def _original_position(raw: list[str], plain: str, at: int) -> int:
    """The offset in the original lines of position ``at`` of their stripped, joined copy."""
    line = plain.count("\n", 0, at)
    column = at - (plain.rfind("\n", 0, at) + 1)
    text = raw[line] if line < len(raw) else ""
    return sum(len(r) for r in raw[:line]) + len(text) - len(text.lstrip()) + column


def _trimmed(text: str, start: int, end: int) -> Range | None:
    """The range without the white space at its ends (None if nothing is left)."""
    piece = text[start:end]
    stripped = piece.strip()
    if not stripped:
        return None
    lead = len(piece) - len(piece.lstrip())
    return start + lead, start + lead + len(stripped)


def first_message(quote: str) -> str:
    """The message a reply answers: the quoted text up to the next reply or forward header below
    its own. An Outlook reply quotes the whole thread, and the questions of older messages were
    answered (or not) long ago."""
    raw = quote.split("\n")
    lines = [line.strip() for line in raw]
    finder = headers.Finder(lines)
    seen_content, i = False, 0
    while i < len(lines):
        header = finder.at(i)  # a line with no mark a header needs is passed over there
        if header is not None:
            if seen_content:
                return "\n".join(raw[:header.line]).rstrip()
            i = max(header.end, i + 1)
            continue
        seen_content = seen_content or bool(lines[i]) and not headers.is_rule(lines[i])
        i += 1
    return quote


# the quote is a forward: its words were written to somebody else, not to this message's sender
FORWARDED = re.compile(r"(?i)forwarded|пересыла|переслан|weitergeleitet")
# the "> " marks at the start of quoted lines, at any depth
QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")
_HEADER_READ = 60  # lines of a quote read for the header block above its words


_BROADCAST = 5  # recipients from which a message is a broadcast, not a turn of an exchange


def replied_body(quote: str) -> str | None:
    """The words of the message a reply answers, below the header lines a client wrote above
    them ("On … wrote:", "From:/Sent:/To:", Lotus Notes' name and date), without their "> "
    marks. None for a forward or a broadcast (five recipients or more), whose words were not
    written to the sender of the reply alone."""
    if FORWARDED.search(quote[:400]):
        return None
    raw = QUOTE_MARKS.sub("", quote).split("\n")
    lines = [line.strip() for line in raw[:_HEADER_READ]]
    finder, covered = headers.Finder(lines), []
    for i in range(len(lines)):
        header = finder.at(i)
        if header is not None:
            covered += range(header.line, header.end)
    if _recipients([lines[i] for i in sorted(set(covered))]) >= _BROADCAST:
        return None
    for i, line in enumerate(lines):
        if line and i not in covered and not headers.is_rule(line):
            return "\n".join(raw[i:])
    return "\n".join(raw[len(lines):]) or None


def _recipients(header_lines: list[str]) -> int:
    """How many people the To: and Cc: fields of a header block name (their values may run
    over several lines; "Last, First; …" lists are told by their semicolons)."""
    values, taking = [], False
    for line in header_lines:
        kind = headers.field_kind(line)
        if kind is not None:
            taking = kind == "to"
            line = line.split(":", 1)[1] if taking else ""
        if taking:
            values.append(line)
    text = " ".join(values)
    separator = ";" if ";" in text else ","
    return sum(1 for part in text.split(separator) if part.strip())
