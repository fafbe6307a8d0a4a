"""Applying suggestions: the safe ones, never two on the same words, until nothing changes.

A suggestion is safe to apply when it is a finished rewrite; a skeleton with "…" to fill in
("Вместо этого могу предложить …") is shown to the person but never written into their text.
Overlapping suggestions are never both applied in one pass (the earlier, longer one wins); the
text is re-checked and fixed again until it no longer changes, so fixing is idempotent.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Finding's fields are all fixes reads; findings.py imports this module
    from tonecheck.results.findings import Finding

PLACEHOLDER = "…"
MAX_PASSES = 5


def is_safe(finding: Finding) -> bool:
    return finding.suggestion is not None and PLACEHOLDER not in finding.suggestion


def apply_fixes(text: str, findings: list[Finding]) -> str:
    """``text`` with every safe, non-overlapping suggestion applied (one pass)."""
    return _apply(text, chosen(findings))


def chosen(findings: list[Finding]) -> list[Finding]:
    """The safe findings one pass applies: in text order, skipping any that overlap an earlier one."""
    picked: list[Finding] = []
    reach = -1
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start), f.rule)):
        if not is_safe(f) or f.start < reach:
            continue
        picked.append(f)
        reach = max(reach, f.end)
    return picked


def _apply(text: str, findings: list[Finding]) -> str:
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.suggestion + text[f.end:]
    return text


def fix_until_stable(check, text: str) -> tuple[str, list[Finding]]:
    """Fix, re-check and fix again until the text stops changing; returns it and what was applied.

    ``check`` maps a text to its findings (so callers decide language, formality, stripping).
    """
    applied: list[Finding] = []
    for _ in range(MAX_PASSES):
        picked = chosen(check(text))
        if not picked:
            break
        new = _apply(text, picked)
        if new == text:
            break
        applied.extend(picked)
        text = new
    return text, applied
