"""What the sender writes now: cut quoted replies and the signature block off a message body.

Quote and signature detection comes from mail-parser-reply (maintained, multi-language, no heavy
dependencies). It knows no Russian, so tonecheck registers two language profiles of its own:
a Russian one (Outlook's "От:/Отправлено:/Кому:/Тема:" block, Gmail's "пн, 12 нояб. 2026 г. в
10:15, Анна <a@b.ru>:", Thunderbird's "…, Анна пишет:", "-----Исходное сообщение-----",
"С уважением," …) and a stricter English one: the library's own English profile treats any line
starting with "Thanks," as a signature and would cut "Thanks, got it." out of the message.

The result is a character range of the original text, so findings still point into the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import NamedTuple

RU, EN = "tonecheck-ru", "tonecheck-en"
_QUOTED = r"(?:> ?)*"
_SEPARATOR = (r"^" + _QUOTED + r"-{2,}\s*(?:Исходное сообщение|Пересылаемое сообщение|Forwarded [Mm]essage|"
              r"Original [Mm]essage|Переадресованное сообщение)\s*-{2,}\s*$")
_PHONE_LINE = r"(?:(?:тел\.?|моб\.?|tel\.?|phone|mobile|mob\.?)[:.]?\s*)?\+?\d[\d\s().\-]{7,}\d\s*$"


def _profile(header_words: tuple[str, ...], wrote: list[str], signatures: list[str], sent_from: list[str]) -> dict:
    """mail-parser-reply's profile for a language."""
    outlook = (r"((?:(?:^|\n|\n" + _QUOTED + r")[* ]*(?:" + "|".join(header_words)
               + r"):[ *]*(?:\s{,2}).*){2,}(?:\n.*){,1})")
    return {
        "wrote_header": "|".join([r"^(" + _QUOTED + w + r")$" for w in wrote] + [_SEPARATOR]),
        "from_header": outlook,
        "disclaimers": [pattern for pattern, _ in DISCLAIMERS],
        "signatures": [*signatures, _PHONE_LINE],
        "sent_from": "|".join(sent_from),
    }


DISCLAIMERS = [(r"Конфиденциальн\w+ информаци\w+:", "конфиденциальн"), ("CONFIDENTIALITY NOTICE:", "confidentiality"),
               ("Disclaimer:", "disclaimer")]
_RU_HEADER_WORDS = ("От", "Отправлено", "Кому", "Тема", "Дата", "Копия", "Организация")
_EN_HEADER_WORDS = ("From", "Sent", "To", "Subject", "Date", "Cc", "Organization")
# What opens a signature line (after the phone number, which every profile has) and a "sent
# from" line: the library matches each at the start of a line, which the prefilter relies on.
_RU_SIGNATURES = [r"С уважением", r"С наилучшими пожеланиями", r"Всего (?:доброго|хорошего)\s*[,!.]?\s*$",
                  r"Хорошего дня\s*[,!.]?\s*$", r"Спасибо\s*[,!.]?\s*$", r"Благодарю\s*[,!.]?\s*$"]
_EN_SIGNATURES = [r"Best(?: regards)?\s*[,!.]?\s*$", r"Kind regards", r"Best wishes", r"Regards\s*[,!.]?\s*$",
                  r"Many thanks\s*[,!.]?\s*$", r"Thanks\s*[,!.]?\s*$", r"Thank you\s*[,!.]?\s*$",
                  r"Cheers\s*[,!.]?\s*$", r"All the best", r"Sincerely"]
_RU_SENT_FROM = [r"Отправлено (?:с|из) (?:iPhone|iPad|Android|мобильного|моего)", r"Sent from my", r"Get Outlook for"]
_EN_SENT_FROM = [r"Sent from my", r"Get Outlook for"]
_RU = _profile(
    _RU_HEADER_WORDS,
    [r".{0,80}\d{4}.{0,40}<[^<>\n]+@[^<>\n]+>\s*:",   # Gmail, Yandex, Mail.ru
     r".{0,120}\s(?:пишет|написал|написала|wrote)\s*:",  # Thunderbird, Apple Mail
     r"On\s.{0,120}\swrote\s*:"],
    _RU_SIGNATURES, _RU_SENT_FROM)
_EN = _profile(
    _EN_HEADER_WORDS,
    [r"On\s.{0,120}\s?wrote\s*:", r".{0,80}\d{4}.{0,40}<[^<>\n]+@[^<>\n]+>\s*:"],
    _EN_SIGNATURES, _EN_SENT_FROM)
PROFILES = {RU: _RU, EN: _EN}


@lru_cache(maxsize=1)
def _register() -> None:
    """Add tonecheck's profiles to mail-parser-reply's language table (new keys only)."""
    from mailparser_reply import constants

    constants.MAIL_LANGUAGES.update(PROFILES)


class Prefiltered:
    """A compiled expression that is run only on texts holding something every match needs.

    Most messages hold no reply header, disclaimer or signature, and mail-parser-reply's three
    expressions were most of its time on a short message. Each comes with needles: substrings
    of which every match contains one, and optionally a cheap expression every match also
    satisfies (``also``). A text with none is answered at once, exactly as the expression
    would answer it; anything but ``findall`` and ``search`` goes to the expression itself.

    ``requires``: strings every match holds one of, as written (a colon, two dashes), looked for
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


# A reply header is a run of dashes ("-----Original Message-----"), an Outlook block of
# "From:"/"От:" lines (a header word and its colon), or a line ending in a colon ("…, Анна
# пишет:", "On …, Anna <a@b.com> wrote:").
HEADER_NEEDS = ("--", *(word.lower() + ":" for word in _RU_HEADER_WORDS + _EN_HEADER_WORDS))
LINE_END_COLON = re.compile(r":$", re.MULTILINE)
# A signature opens a line with one of the profiles' words, mail-parser-reply's "--" line (two
# of "-" or "_" before a line break) or Outlook's run of 32 or more underscores or dashes after a
# blank line; or it is a phone number (what _PHONE_LINE needs, which may run over lines).
SIGNATURE_LINE = re.compile(_QUOTED + "(?:" + "|".join(
    [*_RU_SIGNATURES, *_EN_SIGNATURES, *_RU_SENT_FROM, *_EN_SENT_FROM, r"[-_]{2}$", r" ?[_-]{32}"]) + ")",
    re.IGNORECASE)
DIGIT_RUN = re.compile(r"\d[\d\s().\-]{7,}\d")


@lru_cache(maxsize=1)
def _expressions() -> tuple:
    """mail-parser-reply's three expressions (headers, disclaimers, signatures), built once and
    prefiltered.

    The library joins and compiles them for every message although they depend only on the
    languages: a fifth to a quarter of the time it spent on a short message (147 -> 115 µs in
    English, 148 -> 108 µs in Russian, on the bench corpus).
    """
    from mailparser_reply.parser import EmailMessage

    _register()
    prototype = EmailMessage(text="", languages=[RU, EN], include_english=False, keep_hyphen_lists=True,
                             default_language=EN)
    return (Prefiltered(prototype.HEADER_REGEX, HEADER_NEEDS, fold=True, also=LINE_END_COLON, requires=(":", "--")),
            Prefiltered(prototype.DISCLAIMERS_REGEX, tuple(n for _, n in DISCLAIMERS), fold=True, requires=(":",)),
            Prefiltered(prototype.SIGNATURE_REGEX, (), also=DIGIT_RUN, lines=SIGNATURE_LINE))


@dataclass(frozen=True)
class Split:
    """Where the new text ends, and what was cut after it."""

    end: int            # the new part is text[:end]
    quote: int | None   # where the quoted reply starts, if any
    signature: bool


class Plain(NamedTuple):
    """What mail-parser-reply makes of a text holding no header, signature or disclaimer: one
    reply, its whole normalised text."""

    body: str
    headers: str = ""
    signatures: str = ""


def normalised(text: str) -> str:
    """The text as mail-parser-reply reads it: "\r\n" unified, every line stripped (its
    further step only touches a run of 32 "_" or "-", which sends a text to the library)."""
    return "\n".join(line.strip() for line in text.replace("\r\n", "\n").split("\n"))


def replies(text: str, shortcut: bool = True) -> tuple[str, list]:
    """mail-parser-reply's normalised text and replies for a text.

    When none of its three expressions can match (most messages), the answer is known without
    the library: its message object and the steps around the expressions cost a short message
    twice what the prefilters do. ``shortcut=False`` always asks the library (tests compare).
    """
    header, disclaimers, signature = _expressions()
    if shortcut:
        plain = normalised(text)
        if signature.possible(plain):  # the usual reason to read on: not asked a second time
            signature = signature.pattern
        elif not (header.possible(plain) or disclaimers.possible(plain)):
            return plain, [Plain(plain.strip())]
    from mailparser_reply.parser import EmailMessage

    message = EmailMessage(text=text, languages=[RU, EN], include_english=False, keep_hyphen_lists=True,
                           default_language=EN, _header_regex=header, _disclaimers_regex=disclaimers,
                           _signature_regex=signature).read()
    return message.text, message.replies


def new_part(text: str, shortcut: bool = True) -> Split:
    """The range of ``text`` written now: before the signature and before any quoted reply."""
    parsed, found = replies(text, shortcut)
    lines = text.splitlines(keepends=True)
    first = found[0] if found else None
    if first is None:
        return Split(len(text), None, False)
    if first.headers:  # the text opens with a quoted reply or a header block: nothing new
        return Split(0, 0, False)
    body = first.body
    last_line = _last_line_of(parsed, body) if body else -1
    quote_line = _first_quote_line(lines)
    if quote_line is not None and quote_line <= last_line:
        last_line = _last_content_line(lines, quote_line)
    while last_line >= 0 and (not lines[last_line].strip() or _SEPARATOR_LINE.match(lines[last_line])):
        last_line -= 1  # a forward/"Original Message" separator line belongs to the quote
    end = len("".join(lines[: last_line + 1]).rstrip())
    header_line = _line_of(parsed, found[1].headers) if len(found) > 1 else None
    starts = [i for i in (quote_line, header_line) if i is not None]
    quote_start = min(starts) if starts else None
    while quote_start is not None and quote_start > 0 and _SEPARATOR_LINE.match(lines[quote_start - 1]):
        quote_start -= 1
    return Split(end, _offset_of_line(lines, quote_start), bool(first.signatures))


def _last_line_of(normalised: str, body: str) -> int:
    """Index of the line on which ``body`` ends inside the parser's normalised text.

    The parser strips each line and unifies line endings but keeps the line structure, so a line
    index there is a line index in the original text.
    """
    pos = normalised.find(body)
    if pos < 0:
        pos = normalised.find(body.splitlines()[0]) if body.strip() else 0
        return normalised.count("\n", 0, pos)
    return normalised.count("\n", 0, pos + len(body))


def _line_of(normalised: str, fragment: str) -> int | None:
    pos = normalised.find(fragment) if fragment else -1
    return normalised.count("\n", 0, pos) if pos >= 0 else None


def _first_quote_line(lines: list[str]) -> int | None:
    return next((i for i, line in enumerate(lines) if line.lstrip().startswith(">")), None)


def _last_content_line(lines: list[str], before: int) -> int:
    i = before - 1
    while i >= 0 and not lines[i].strip():
        i -= 1
    return i


def _offset_of_line(lines: list[str], index: int | None) -> int | None:
    return None if index is None else sum(len(line) for line in lines[:index])


_SEPARATOR_LINE = re.compile(_SEPARATOR)
