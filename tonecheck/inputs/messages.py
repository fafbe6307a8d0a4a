"""A message to check: its full text, the part written now, who it is for, where it sits in a file.

Plain drafts and e-mail bodies both become a Message, so the engine checks only the new text,
``text[start:end]`` with the quotes between its parts (``hidden``) blanked out at the same
length, while every finding still points into the full text (and, through ``line_offset``, into
the file it came from).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.inputs import quotes
from tonecheck.inputs.clippings import clipping_start
from tonecheck.inputs.code import code_ranges

_QUOTED_FROM = [
    re.compile(r"^\s*(?:От|From)\s*:\s*\"?([^\"<>\n@]+?)\"?\s*(?:<[^>\n]*>|\[[^\]\n]*\])?\s*$", re.M),
    # "…2026 г. в 10:15, Анна Петрова <a@b.ru>:", "On Mon, … 10:15 AM Anna Smith <a@b.com> wrote:"
    re.compile(r"(?<![\w])((?:(?!AM\b|PM\b)[A-ZА-ЯЁ][\w'’.-]*\s+){0,2}(?!AM\b|PM\b)[A-ZА-ЯЁ][\w'’-]+)\"?\s*"
               r"<[^<>\n]+@[^<>\n]+>\s*(?:wrote|пишет|написала?)?\s*:\s*$", re.M),
    re.compile(r"^.{0,60}?,\s*([^\n,<>@]+?)\s*(?:<[^<>\n]+>)?\s*пишет\s*:\s*$", re.M),
    re.compile(r"^\s*On\s.*(?:,|\bAM\b|\bPM\b|\d:\d\d)\s+([^\W\d_][^\n,<>@\d]*?)\s*(?:<[^<>\n]*>)?\s*wrote\s*:\s*$",
               re.M),
]


@dataclass
class Message:
    name: str                     # what reports show: a path, "<stdin>", "box.mbox#3"
    text: str                     # the whole body as text
    start: int = 0
    end: int | None = None        # the new text is text[start:end] …
    hidden: tuple = ()            # … but for these (start, end) ranges in it: quotes between new parts
    addressee: str | None = None
    line_offset: int = 0          # file lines before the body (0 for plain files)
    exact: bool = True            # whether line/column map exactly onto the file
    source: Path | None = None    # the file it came from (None: standard input)
    mail: bool = False            # read as an e-mail (a fix rewrites its text part, not the file)
    quote: str | None = None      # the quoted message this one replies to, when there is one
    letter: bool = True           # written to someone (a mail with no recipient is a note, a record)
    reply: bool = False           # it answers another or goes on with an exchange ("Re:", a later comment)
    record: bool = False          # a record, not a letter: a change description, a task, a commit message
    ticket: bool = False          # it opens an issue in a tracker: a record unless it asks the team something
    comment: bool = False         # a comment in a tracker's thread: a reaction when short and asking nothing
    notes: list[str] = field(default_factory=list)

    @property
    def new_text(self) -> str:
        """What is checked: the new parts, with what lies between them blanked (same length, line
        breaks kept), so a finding's offset in it is its offset in ``text`` less ``start``."""
        end = len(self.text) if self.end is None else self.end
        if not self.hidden:
            return self.text[self.start:end]
        pieces, at = [], self.start
        for start, stop in self.hidden:
            pieces += [self.text[at:start], blank(self.text[start:stop])]
            at = stop
        pieces.append(self.text[at:end])
        return "".join(pieces)


def blank(text: str) -> str:
    """Spaces for every character but the line breaks."""
    return "\n".join(" " * len(line) for line in text.split("\n"))


def strip(message: Message) -> Message:
    """Narrow the message to what the sender writes now: every new part, the quotes, forwards
    and signatures between them hidden, the quoted text kept as ``quote`` for the rules."""
    split = quotes.new_part(message.text)
    message.start, message.end, message.hidden = split.start, split.end, split.gaps
    _hide_code(message)
    _cut_clipping(message)
    if split.quoted:
        message.quote = message.quote or quotes.first_message(
            "\n".join(message.text[s:e] for s, e in split.quoted))
        if message.addressee is None and not quotes.FORWARDED.search(message.quote[:400]):
            message.addressee = quoted_sender(message.quote)  # a reply greets who wrote; a forward does not
    return message


def _hide_code(message: Message) -> None:
    """Hide Markdown code (fenced blocks, inline spans) in the new text, with the quotes."""
    end = len(message.text) if message.end is None else message.end
    code = code_ranges(message.text, message.start, end)
    if code:
        message.hidden = tuple(_merged(sorted([*message.hidden, *code])))


def _merged(ranges: list[tuple[int, int]]):
    """Sorted ranges with the overlapping ones joined."""
    current = None
    for start, end in ranges:
        if current and start <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current


_DIGEST_INTRO_WORDS = 8


def _cut_clipping(message: Message) -> None:
    """End the new text where pasted press text begins (``clippings``): a news digest's
    headlines and quotes are not the sender's words, and a line or two above them only
    introduce the digest."""
    clip = clipping_start(message.new_text)
    if clip is not None:
        # "Please see the following articles:" over a digest introduces it, and writes to nobody
        own = 0 if len(message.new_text[:clip].split()) <= _DIGEST_INTRO_WORDS else clip
        message.end = message.start + own
        message.hidden = tuple((s, e) for s, e in message.hidden if s < message.end)


def quoted_sender(quote: str) -> str | None:
    """The display name of whoever wrote the quoted message, from its header line."""
    for pattern in _QUOTED_FROM:
        m = pattern.search(quote)
        if m and m.group(1).strip():
            return m.group(1).strip()
    return None


class TextError(ValueError):
    """Text that is not Unicode text (a lone surrogate, from JSON's "\\ud800" or a bad decoder):
    spaCy and every encoder fail on it, so it is refused where it comes in, with the reason."""


def unicode_problem(text: str) -> str | None:
    """Why ``text`` is not checkable Unicode (a lone surrogate and where), or None when it is."""
    if text.isascii():
        return None
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return f"holds a lone surrogate (U+{ord(text[exc.start]):04X}) at character {exc.start}, not Unicode text"
    return None
