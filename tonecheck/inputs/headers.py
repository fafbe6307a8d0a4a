"""Where another person's message starts inside a body: the header lines mail clients write above
a quoted reply or a forwarded message.

A reply or forward header is one of:

- a separator line: "-----Original Message-----", "-------- Пересылаемое сообщение --------",
  "---------- Forwarded message ---------", "Begin forwarded message:", Lotus Notes'
  "----- Forwarded by Name/ORG on 10/18/99 08:46 AM -----" (often hard-wrapped in two lines),
  Android's "---- Anna wrote ----";
- a "wrote" line, up to three lines long when the client wraps it: "On Mon, … Anna <a@b.com>
  wrote:", "12.11.2026 10:15, Анна пишет:", "пн, 12 нояб. 2026 г. в 10:15, Анна <a@b.ru>:";
- a block of header fields, two kinds or more: "From:/Sent:/To:/Subject:" (Outlook), their
  Russian, German, French … labels ("От:/Отправлено:/Кому:/Тема:", "Von:/Gesendet:/An:/Betreff:"),
  and Lotus Notes' "To:/cc:/Subject:" under "Karen Denne@ENRON" + "10/18/99 07:08 AM" or
  "Name <addr> on 10/18/99 08:46:00 AM";
- Lotus Notes' "Name@ORG" line over a date line, or its "Name <addr> on <date> <time>" line.

Lines are read one at a time, only those that can hold a header (a colon, a dash, an underscore,
an "@"), and every expression here is anchored and bounded: megabytes of text take linear time.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# Field labels by what they say; a block needs two kinds, and not only recipients.
_LABELS = {
    "from": ("from", "от", "от кого", "отправитель", "von", "de", "da", "fra", "från", "van", "od", "sender",
             "sent by"),
    "date": ("sent", "date", "отправлено", "дата", "gesendet", "datum", "envoyé", "enviado", "inviato", "sendt",
             "skickat", "verzonden", "wysłano", "wysłane", "fecha", "data", "dato"),
    "to": ("to", "cc", "bcc", "reply-to", "кому", "копия", "an", "kopie", "à", "pour", "para", "a", "til", "till",
           "aan", "do"),
    "subject": ("subject", "тема", "betreff", "objet", "sujet", "asunto", "oggetto", "emne", "ämne", "onderwerp",
                "temat"),
    "raw": ("return-path", "received", "message-id", "mime-version", "content-type", "in-reply-to", "references",
            "x-mailer", "x-sender", "full-name"),
}
LABEL_KIND = {label: kind for kind, labels in _LABELS.items() for label in labels}
# "*From:*", "From :", "**Von:**": a label, up to two marks around it, a colon.
_X_FIELD = re.compile(r"x-[\w-]{1,40}:", re.IGNORECASE)  # a raw header pasted with the message
_FIELD = re.compile(r"[*_]{0,2}([^\W\d_]{1,11}(?:[ -][^\W\d_]{1,8})?)[*_]{0,2}[ \t\xa0]?[*_]{0,2}:")

_SEPARATOR_WORDS = (r"original message|forwarded message|forwarded e-?mail|reply message|message d'origine"
                    r"|ursprüngliche nachricht|weitergeleitete nachricht|antwort nachricht|oprindelig meddelelse"
                    r"|mensaje original|messaggio originale|mensagem original"
                    r"|исходное сообщение|пересылаемое сообщение|переадресованное сообщение|пересланное сообщение"
                    r"|начало переадресованного сообщения|message transféré|début du message réexpédié"
                    r"|vidarebefordrat meddelande|videresendt meddelelse|doorgestuurd bericht")
_SEPARATOR = re.compile(
    r"[-_=*—–]{2,80}[ \t]*(?:" + _SEPARATOR_WORDS + r")[ \t]*(?:[-_=*—–]{2,}[ \t]*)?$"
    r"|(?:begin forwarded message|forwarded message|" + _SEPARATOR_WORDS + r")[ \t]*:$"
    r"|[-_=*—–]{2,80}[ \t]*(?:forwarded|переслано)[ \t]+(?:by|от)[ \t]", re.IGNORECASE)
_LOTUS_FORWARD = re.compile(r"[-_=*—–]{2,80}[ \t]*(?:forwarded|переслано)[ \t]+(?:by|от)[ \t]", re.IGNORECASE)
_WROTE_DASHED = re.compile(  # Android's "---- Anna wrote ----", "------On 12/29/1987, Anna wrote-----"
    r"-{2,40}[ \t]*[^-\n][^\n]{0,119}?[ \t](?:wrote|пишет|написал[аи]?|schrieb)[ \t]*:?[ \t]*-{2,}$", re.IGNORECASE)

_VERB = (r"wrote|writes|sent|said|пишет|написал|написала|написал\(а\)|schrieb|a écrit|escribió|ha escrito|scrisse"
         r"|ha scritto|skrev|schreef|geschreven|napisał|napisał\(a\)|kirjoitti|đã viết|yazdı|escreveu")
# How a "wrote" header ends: a verb and a colon, or an address and a colon (Gmail, Yandex, Mail.ru).
_WROTE_END = re.compile(r"(?:^|[\s,>)])(?:" + _VERB + r")[ \t]*:$"
                        r"|(?:^|[<(])[ \t]*[^\s<>()@]{1,80}@[^\s<>()]{1,200}[>)]+[ \t]*:$", re.IGNORECASE)
# How it starts: "On", "Am", "Le" …, a weekday, a date; the line before a wrapped end is taken
# along only when it starts so.
_WROTE_START = re.compile(
    r"[-*> \t]*(?:(?:on|am|le|el|il|op|em|den|på|vào|w dniu|sent from|в)(?:\s|$)"
    r"|(?:mon|tue|wed|thu|fri|sat|sun|пн|вт|ср|чт|пт|сб|вс|понедельник|вторник|среда|четверг|пятница|суббота"
    r"|воскресенье)[a-zа-я]{0,8}[.,]"
    r"|\d{1,4}[./-]\d{1,2}|\d{1,2}[ \t]+[^\W\d_]{3,10}\.?,?[ \t]+\d{4})", re.IGNORECASE)
# "reply On Wed, Apr 4, 2012 at 3:59 PM, bob@example.com wrote:": the header starts inside the line.
_INLINE_ON = re.compile(r"(?:-{2,8}[ \t]*)?(?<!\w)On[ \t](?=[^\n]{0,120}\d)")
_ADDRESS_OR_DIGIT = re.compile(r"\d|@")
# Gmail's old "2011/4/7 Anna <a@b.com>" (no colon), only over a quote.
_DATE_ADDRESS = re.compile(r"\d{4}[/-]\d{1,2}[/-]\d{1,2}[ \t][^\n<>]{0,80}<[^\s<>]{1,80}@[^\s<>]{1,200}>$")

# Lotus Notes: "Karen Denne@ENRON" over "10/18/99 07:08 AM"; "Name <addr> on 10/18/99 08:46:00 AM".
_LOTUS_NAME = re.compile(r"[^\s@<>][^@<>\n]{0,80}@[A-Za-z][\w&.-]{0,40}(?:[ /][\w&.-]{1,40}){0,4}$")
_NAME = re.compile(r"[^\W\d_][\w .,'&()/@<>-]{0,80}(?<![.!?:;,])$")  # a name or a team, no sentence
_LOTUS_DATE = re.compile(r"\d{1,2}/\d{1,2}/\d{2,4}[ \t]+\d{1,2}:\d\d(?::\d\d)?[ \t]*(?:[AP]M)?$", re.IGNORECASE)
_LOTUS_ON = re.compile(r"[^\n]{0,160}?[@/<][^\n]{0,160}?[ \t]on[ \t]+\d{1,2}/\d{1,2}/\d{2,4}[ \t]+"
                       r"\d{1,2}:\d\d(?::\d\d)?[ \t]*(?:[AP]M)?$", re.IGNORECASE)
_LOTUS_AT_DATE = re.compile(r"[^\n]{1,120}?@[^\n]{1,60}?[ \t]\d{1,2}/\d{1,2}/\d{2,4}[ \t]+\d{1,2}:\d\d(?::\d\d)?"
                            r"[ \t]*(?:[AP]M)?$", re.IGNORECASE)  # "Michelle Cash @ ECT   05/24/2001 04:35 PM"
_LOTUS_LEAD = re.compile(r"please respond to\b|sent by:|[^\n]{0,160}?\bon[ \t]+\d{1,2}/\d{1,2}/\d{2,4}[ \t]+\d",
                         re.IGNORECASE)
# A rule of dashes or underscores drawn above a header block (Outlook's "____…").
_RULE = re.compile(r"[-_=*—–~ \t]{5,}$")

# A line of its own that gives the floor to someone else, with no date or address: "She
# writes:", "Barb Ennis wrote:", "Анна пишет:". What follows is theirs even without ">" marks.
_WHO_WRITES = re.compile(r"(?:she|he|they|[A-ZА-ЯЁ][\w'.-]{1,30}(?:[ \t]+[A-ZА-ЯЁ][\w'.-]{1,30})?)[ \t]+"
                         r"(?:writes|wrote|пишет|написала?|пишут|написали)[ \t]*:", re.IGNORECASE)

_MAX_WRAP = 2        # lines a client's "wrote" header may be wrapped onto, after its first
_MAX_VALUE_LINES = 3        # lines a sender's name or a subject may run over
_MAX_RECIPIENT_LINES = 40   # and a list of recipients (Lotus lists every one)


class Header(NamedTuple):
    """A header found at a line: where it starts (line, and column for one that starts inside a
    line) and the line after its last."""

    line: int
    column: int
    end: int
    attached: bool  # only a header if a quote (">" lines) follows it


def possible(text: str) -> bool:
    """Whether a text can hold a quote or a header: every one has a ">", a colon, a dash, an
    underscore or an "@" (most short messages have none, and are answered without reading a line)."""
    return any(mark in text for mark in _MARKS)


_MARKS = (">", ":", "-", "_", "@", "—")


def is_quoted(stripped: str) -> bool:
    return stripped.startswith(">")


# GitHub's "Quote reply" / "Reference in new issue" signs the words it copied UNDER them:
# "_Originally posted by @anna in https://github.com/…#issuecomment-1_"; an export that lost the
# ">" leaves the copied paragraph bare above it.
_ATTRIBUTION_BELOW = re.compile(r"[_*]{0,2}originally posted by @[\w-]{1,40} in https?://\S{1,300}?[_*]{0,2}$",
                                re.IGNORECASE)
# A tracker's import note above a migrated report: "Originally reported by: **anna (Bitbucket: …)**".
_IMPORT_NOTE = re.compile(r"[_*]{0,2}originally (?:reported|created|opened) by:?[ \t*_]{0,4}\S", re.IGNORECASE)


def signs_above(stripped: str) -> bool:
    """Whether the line attributes the paragraph above it to someone else."""
    return "riginally" in stripped and _ATTRIBUTION_BELOW.match(stripped) is not None


_BREAK = re.compile(r"(?:[-*_][ \t]*){3,}$")  # Markdown's rule: "---", "***", "___"


def is_break(stripped: str) -> bool:
    """A rule drawn in Markdown ("---") or in mail ("_____")."""
    return bool(stripped) and _BREAK.match(stripped) is not None


def is_import_note(stripped: str) -> bool:
    """Whether the line is a tracker's note naming who wrote the migrated report under it."""
    return "riginally" in stripped and _IMPORT_NOTE.match(stripped) is not None


class Finder:
    """Finds the headers among a text's stripped lines, asked line by line from the top.

    A block of fields that turns out to have one kind only (a "Date:" in a list of dates) is
    not a header, nor is any part of it: the lines it covers are not read again, so a text of
    many field lines takes linear time.
    """

    def __init__(self, lines: list[str]):
        self.lines = lines
        self._no_fields_before = 0

    def at(self, i: int) -> Header | None:
        """The header that ends or starts at line i, if any. A "wrote" header is found at its
        last line (the colon), and may start up to two lines up."""
        lines, s = self.lines, self.lines[i]
        if not s or not any(mark in s for mark in _MARKS[1:]):
            return None
        return (_separator(lines, i) or _wrote(lines, i) or self._fields(i) or _lotus(lines, i)
                or _date_address(lines, i))

    def _fields(self, i: int) -> Header | None:
        if i < self._no_fields_before:
            return None
        header, last = _fields(self.lines, i)
        if header is None:
            self._no_fields_before = last + 1
        return header


def _separator(lines: list[str], i: int) -> Header | None:
    s = lines[i]
    if not (_SEPARATOR.match(s) or _WROTE_DASHED.match(s)):
        return None
    end = i + 1
    if _LOTUS_FORWARD.match(s) and not _ends_in_dashes(s) and end < len(lines) and _ends_in_dashes(lines[end]):
        end += 1  # "… on 10/18/99 08:46 \nAM -----": the line was wrapped
    return Header(i, 0, end, False)


def _ends_in_dashes(s: str) -> bool:
    return len(s) - len(s.rstrip("-_=*—–")) >= 3


def _wrote(lines: list[str], i: int) -> Header | None:
    """A "wrote" header ending at line i: "On …, Anna <a@b.com> wrote:", wrapped or not."""
    s = lines[i]
    if not s.endswith(":") or not _WROTE_END.search(s):
        return None
    first = i
    for k in range(i - 1, max(i - 1 - _MAX_WRAP, -1), -1):
        if not lines[k] or len(lines[k]) > 200:
            break
        if _WROTE_START.match(lines[k]):
            first = k
            break
    joined = " ".join(lines[first:i + 1])
    column = 0
    if first == i and not _WROTE_START.match(s):
        inline = _INLINE_ON.search(s)
        if inline is not None and inline.start() > 0:
            column = inline.start()
    dated = _ADDRESS_OR_DIGIT.search(joined) is not None
    return Header(first, column, i + 1, not dated and not _WHO_WRITES.fullmatch(s.strip()))


def field_kind(stripped: str) -> str | None:
    """What a header field line names ("from", "date", "to", "subject", "raw"), or None."""
    m = _FIELD.match(stripped)
    if m is None:
        return "raw" if _X_FIELD.match(stripped) else None
    return LABEL_KIND.get(m.group(1).lower())


def _fields(lines: list[str], i: int) -> tuple[Header | None, int]:
    """A block of two kinds of header fields or more starting at line i, if any, and the last
    field line of the block read; Lotus Notes' name and date lines just above it are taken along.

    A field's value may run over the lines after it: a few (a long "From:" name), or many for
    recipients (Lotus lists every one of them); a blank line and text end the block.
    """
    kind = field_kind(lines[i])
    if kind is None:
        return None, i
    kinds, last, j, blanks = {kind}, i, i + 1, 0
    while j < len(lines) and j - last <= (_MAX_RECIPIENT_LINES if kind == "to" else _MAX_VALUE_LINES):
        s = lines[j]
        if not s:
            blanks += 1
            if blanks > 2:
                break
        else:
            found = field_kind(s)
            if found is not None:
                kinds.add(found)
                kind, last, blanks = found, j, 0
            elif blanks:
                break  # text after a blank line: the body
        j += 1
    if len(kinds) < 2 or kinds == {"to"}:
        return None, last
    return Header(_lotus_lead(lines, i), 0, last + 1, False), last


def _lotus_lead(lines: list[str], i: int) -> int:
    """The first of the Lotus Notes lines above a field block ("Name@ORG", a date, "Sent by: …",
    "Please respond to …", and the sender's name over them), or i."""
    first, k = i, i - 1
    while k >= 0 and i - k <= 8:
        s = lines[k]
        if s and (_LOTUS_NAME.match(s) or _LOTUS_DATE.match(s) or _LOTUS_LEAD.match(s)):
            first = k
        elif s:
            if k == first - 1 and _NAME.match(s) and (_LOTUS_DATE.match(lines[first])
                                                      or lines[first].lower().startswith("sent by:")):
                first = k  # "Richard Shapiro" over "07/10/2000 05:53 PM" or "Sent by: …"
            break
        k -= 1
    return first


def _lotus(lines: list[str], i: int) -> Header | None:
    """Lotus Notes' "Name@ORG" over a date line, or its "Name <addr> on <date> <time>" line."""
    s = lines[i]
    if "@" in s and _LOTUS_NAME.match(s):
        k = next_content(lines, i + 1)
        if k is not None and k - i <= 2 and _LOTUS_DATE.match(lines[k]):
            return Header(i, 0, k + 1, False)
    if (" on " in s.lower() and _LOTUS_ON.match(s)) or ("@" in s and _LOTUS_AT_DATE.match(s)):
        return Header(i, 0, i + 1, False)
    return None


def _date_address(lines: list[str], i: int) -> Header | None:
    return Header(i, 0, i + 1, True) if "@" in lines[i] and _DATE_ADDRESS.match(lines[i]) else None


def is_rule(stripped: str) -> bool:
    """A line drawn of dashes or underscores (Outlook's "________________________________")."""
    return bool(stripped) and _RULE.match(stripped) is not None


def next_content(lines: list[str], i: int) -> int | None:
    """The first line from i on that holds something, or None."""
    while i < len(lines):
        if lines[i]:
            return i
        i += 1
    return None
