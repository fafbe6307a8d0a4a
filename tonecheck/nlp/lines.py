"""Hard-wrapped lines read as the paragraph they are, with every offset kept.

Mail is often wrapped at 72–78 columns, so a sentence runs on over a line break: "We need
to\ntake the opportunity". The sentence rule ends a sentence at a line break (a line of its own
is usually a greeting, a list item or a sign-off), which made "take" look like a bare order at
the start of a sentence. A break inside a wrapped paragraph is read as the space it stands for:
the character is replaced, never removed, so every finding still points into the text as
written.

Typographic apostrophes are read the same way: mail clients turn "aren't" into "aren’t", and
every word list and pattern is written with the plain one. An apostrophe inside a word is read
as "'" (one character for one), and a rewrite of a message typed with "’" gets "’" back.
"""

from __future__ import annotations

import re

# a long line that does not end a sentence, then a line going on in lower case
_WRAPPED = re.compile(r"(?m)^([^\n]{40,})\n(?=[ \t]*[a-zа-яё0-9(«\"'])")
_SENTENCE_END = tuple(".!?:;…")


def as_read(text: str) -> str:
    """The text as the pipeline reads it (same length): hard-wrapped paragraphs joined, and
    apostrophes inside words plain."""
    return _plain_apostrophes(unwrapped(text))


def unwrapped(text: str) -> str:
    """The text with the line breaks of hard-wrapped paragraphs read as spaces (same length)."""
    if "\n" not in text:
        return text
    return _WRAPPED.sub(_join, text)


# "aren’t", "O’Neill", "I’m": not a closing quote ("‘draft’ is"), which stands after a word's end
_TYPED_APOSTROPHE = re.compile(r"(?<=\w)[’ʼ](?=\w)")
_PLAIN_APOSTROPHE = re.compile(r"(?<=\w)'(?=\w)")


def _plain_apostrophes(text: str) -> str:
    if "’" not in text and "ʼ" not in text:
        return text
    return _TYPED_APOSTROPHE.sub("'", text)


def types_apostrophes(text: str) -> bool:
    """Whether the writer types "’" inside words and never the plain "'": their rewrites get it
    back (they are built from the words as read)."""
    return bool(_TYPED_APOSTROPHE.search(text)) and not _PLAIN_APOSTROPHE.search(text)


def with_typed_apostrophes(words: str | None) -> str | None:
    """Words built from the text as read, with the writer's "’" inside words."""
    if not words or "'" not in words:
        return words
    return _PLAIN_APOSTROPHE.sub("’", words)


def _join(match: re.Match) -> str:
    line = match.group(1)
    return match.group(0) if line.rstrip().endswith(_SENTENCE_END) else line + " "


# a Markdown heading (or a line in bold) or table row, a list item or a checkbox: the first line of a record
_RECORD_LINE = re.compile(r"^[ \t]*(?:#{1,6}[ \t]|\||[-*+•][ \t]|\d{1,2}[.)][ \t]|\[[ xX]\][ \t]"
                          r"|(?:\*\*|__)[^*_\n]{1,80}(?:\*\*|__)[ \t]*:?[ \t]*$)")  # "**Describe the bug**"
# "Label: value", "Label -- value": a line of a form ("Task Due On: 4/16", "Перевод   -- …")
_FIELD_LINE = re.compile(r"^[ \t]*[^\s:][^:\n]{0,38}?(?::|[ \t](?:--|—|–)[ \t])[ \t]*\S")


def opens_as_record(text: str) -> bool:
    """Whether the text opens as a record rather than a letter: a heading, a list, a table, or
    two lines of a form. Nobody greets in a task list or a filled-in template."""
    lines = [line for line in text.lstrip("\n").split("\n", 3)[:3] if line.strip()]
    if not lines:
        return False
    if _RECORD_LINE.match(lines[0]):
        return True
    return len(lines) >= 2 and all(_FIELD_LINE.match(line) for line in lines[:2])


# a first line in capitals only: "CONFIDENTIAL AND LEGALLY PRIVILEGED", "ACTION REQUIRED"
# and Lotus Notes' "Please respond to kevinscott" left above the salutation of a forwarded mail
_BANNER = re.compile(r"^[ \t]*(?:(?=[^\n]*[A-ZА-ЯЁ]{2})[^a-zа-яё\n]{4,80}"
                     r"|(?i:please respond to) [^\s@]{1,60}(?:@\S{1,60})?[ \t]*)\n")


def banner_end(text: str) -> int:
    """Where the text goes on after a banner line in capitals above it (0 when there is none):
    the salutation under "CONFIDENTIAL AND LEGALLY PRIVILEGED" is the message's opening."""
    m = _BANNER.match(text.lstrip("\n"))
    return m.end() + len(text) - len(text.lstrip("\n")) if m else 0
