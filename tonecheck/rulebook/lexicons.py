"""Word lists under lexicons/<lang>/<name>.txt: one phrase per line, '#' starts a comment.

A line may also map a phrase to its replacement, prh-style: ``из-за вас => из-за этого``.
Rules refer to a list as ``ru/blame-your-fault``; a team adds a phrase by adding a line.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ARROW = "=>"


class LexiconError(ValueError):
    """A lexicon is missing or malformed; the message names the file."""


@dataclass(frozen=True)
class Lexicon:
    name: str
    phrases: tuple[str, ...]
    replacements: dict[str, str]


def parse(name: str, text: str) -> Lexicon:
    """Parse a lexicon file's text (comments and blank lines dropped, phrases lowercased)."""
    phrases, replacements = [], {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        if ARROW in line:
            phrase, replacement = (part.strip() for part in line.split(ARROW, 1))
            replacements[phrase.lower()] = replacement
        else:
            phrase = line
        phrases.append(phrase.lower())
    return Lexicon(name, tuple(dict.fromkeys(phrases)), replacements)


class LexiconStore:
    """Finds lexicons by name in one or more folders (built-in first, team folders after)."""

    def __init__(self, roots: list[Path]):
        self.roots = roots
        self._cache: dict[str, Lexicon] = {}

    def get(self, name: str) -> Lexicon:
        if name not in self._cache:
            self._cache[name] = self._load(name)
        return self._cache[name]

    def _load(self, name: str) -> Lexicon:
        found = [root / f"{name}.txt" for root in self.roots if (root / f"{name}.txt").is_file()]
        if not found:
            raise LexiconError(f"unknown lexicon '{name}' (looked for {name}.txt in "
                               + ", ".join(str(r) for r in self.roots) + ")")
        merged = [parse(name, path.read_text(encoding="utf-8")) for path in found]
        phrases = tuple(dict.fromkeys(p for lex in merged for p in lex.phrases))
        replacements = {k: v for lex in merged for k, v in lex.replacements.items()}
        return Lexicon(name, phrases, replacements)
