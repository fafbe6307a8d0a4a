"""What a check produces: findings and per-input results, in the shape of the JSON contract."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

SEVERITIES = ("info", "warning", "error")


def severity_rank(severity: str) -> int:
    """Order severities so a threshold can be compared (info < warning < error)."""
    return SEVERITIES.index(severity)


LONG_TEXT = 4096  # characters: past this, lines are counted once per text, not once per finding
_LAST_LINES: tuple[str, list[int]] = ("", [])  # the last long text and the offsets of its line breaks


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset, as editors count them."""
    # counting from the start for every finding made a 5 MB text quadratic
    line = (text.count("\n", 0, offset) if len(text) < LONG_TEXT else bisect_left(_line_breaks(text), offset)) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _line_breaks(text: str) -> list[int]:
    """The offsets of a long text's line breaks, kept for the next finding in the same text."""
    global _LAST_LINES
    kept, breaks = _LAST_LINES  # one read: another thread may replace it meanwhile
    if kept is not text:
        breaks = [m.start() for m in re.finditer("\n", text)]
        _LAST_LINES = (text, breaks)
    return breaks


@dataclass(frozen=True)
class Finding:
    """One issue in a message: which rule, where, and what to write instead."""

    rule: str
    severity: str
    message: str
    start: int
    end: int
    text: str
    suggestion: str | None
    line: int
    column: int
    language: str
    safety: str | None = None  # "safe" to apply, or "needs-writer" (a skeleton, or refused by the re-check)

    @property
    def family(self) -> str:
        return self.rule.split(".", 1)[0]

    def to_dict(self) -> dict:
        return {
            "rule": self.rule,
            "severity": self.severity,
            "message": self.message,
            "line": self.line,
            "column": self.column,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "suggestion": self.suggestion,
            "safety": self.safety,
            "language": self.language,
        }


@dataclass
class Result:
    """The outcome of checking one text: its language(s) and its findings, in text order."""

    text: str
    language: str
    findings: list[Finding] = field(default_factory=list)
    languages: list[str] = field(default_factory=list)
    path: str | None = None
    checked: tuple[int, int] | None = None   # the part written now, when quotes were cut off
    addressee: str | None = None
    strategies: list = field(default_factory=list)  # politeness strategies found (results.warmth.Strategy)

    def rules(self) -> list[str]:
        return [f.rule for f in self.findings]

    @property
    def fixed_text(self) -> str:
        """The text with every safe suggestion applied (one pass; see ``Linter.fix``)."""
        from tonecheck.results.fixes import apply_fixes

        return apply_fixes(self.text, self.findings)

    @property
    def warmth(self):
        """The 0–10 warmth score, the points lost per family and the strategies found, each with
        what it gave (``tonecheck.results.warmth``)."""
        from tonecheck.results.warmth import warmth

        return warmth(self.findings, self.strategies)

    def worst(self) -> str | None:
        """The highest severity among the findings, or None for a clean text."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=severity_rank)

    def finding_dict(self, f: Finding) -> dict:
        """A finding's dict with, when it has a suggestion, the sentence before and after it."""
        from tonecheck.results.fixes import sentence_change

        out = f.to_dict()
        if f.suggestion is not None:
            before, after = sentence_change(self.text, f.start, f.end, f.suggestion)
            out["sentence"] = {"before": before, "after": after}
        return out

    def to_dict(self) -> dict:
        out = {
            "path": self.path,
            "language": self.language,
            "languages": self.languages or [self.language],
            "findings": [self.finding_dict(f) for f in self.findings],
            "warmth": self.warmth.to_dict(),
        }
        if self.checked is not None:
            out["checked"] = {"start": self.checked[0], "end": self.checked[1]}
        if self.addressee:
            out["addressee"] = self.addressee
        return out
