"""Decide whether a message (or each part of a mixed one) is Russian or English.

Workplace messages are short and full of Latin product names inside Russian sentences, so a
script ratio over letters is both faster and more reliable here than a statistical detector.
A message that holds a Russian paragraph and an English one is split into segments so that each
part is checked by the rules of its own language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LANGUAGES = ("ru", "en")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LATIN = re.compile(r"[A-Za-z]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
MAX_SEGMENT = 100_000  # characters; far below spaCy's max_length, and keeps Docs cache-friendly


@dataclass(frozen=True)
class Segment:
    """A run of text in one language, with its offset in the whole message."""

    start: int
    text: str
    language: str


def detect(text: str, default: str = "en") -> str:
    """Return 'ru' when Cyrillic letters make up at least 30% of the letters, else 'en'.

    The low threshold is deliberate: a Russian sentence about "PR в GitLab" is still Russian.
    """
    cyr = len(_CYRILLIC.findall(text))
    lat = len(_LATIN.findall(text))
    if cyr + lat == 0:
        return default
    return "ru" if cyr / (cyr + lat) >= 0.3 else "en"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    spans, pos = [], 0
    for m in _PARAGRAPH_BREAK.finditer(text):
        spans.append((pos, m.start()))
        pos = m.start()
    spans.append((pos, len(text)))
    return spans


def segment(text: str, language: str = "auto") -> list[Segment]:
    """Split a message into same-language segments (one segment unless it really mixes).

    A forced language gives one segment. In auto mode each paragraph is detected on its own and
    neighbours of the same language are merged; letterless paragraphs join the one before.
    """
    if language != "auto":
        return _bounded(text, 0, len(text), language)
    whole = detect(text)
    parts: list[list] = []
    for start, end in _paragraphs(text):
        chunk = text[start:end]
        has_letters = bool(_CYRILLIC.search(chunk) or _LATIN.search(chunk))
        lang = detect(chunk, whole) if has_letters else (parts[-1][2] if parts else whole)
        if parts and parts[-1][2] == lang:
            parts[-1][1] = end
        else:
            parts.append([start, end, lang])
    return [piece for s, e, lang in parts for piece in _bounded(text, s, e, lang)]


def _bounded(text: str, start: int, end: int, language: str) -> list[Segment]:
    """Cut a segment longer than MAX_SEGMENT at line breaks (or hard, for one endless line)."""
    pieces = []
    while end - start > MAX_SEGMENT:
        cut = text.rfind("\n", start + 1, start + MAX_SEGMENT)
        cut = cut + 1 if cut > start else start + MAX_SEGMENT
        pieces.append(Segment(start, text[start:cut], language))
        start = cut
    pieces.append(Segment(start, text[start:end], language))
    return pieces


def dominant(segments: list[Segment]) -> str:
    """The language holding most of the letters: what the message as a whole is written in."""
    if len(segments) == 1:  # nearly every message: nothing to weigh
        return segments[0].language
    weight: dict[str, int] = {}
    for seg in segments:
        letters = len(_CYRILLIC.findall(seg.text)) + len(_LATIN.findall(seg.text))
        weight[seg.language] = weight.get(seg.language, 0) + letters
    return max(weight, key=weight.get) if weight else "en"
