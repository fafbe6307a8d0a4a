"""Applying suggestions: the safe ones, never two on the same words, until nothing changes.

Each suggestion says whether it is safe to apply (``safety``): a finished rewrite that passed the
re-check (``tonecheck.engine.recheck``) is; a skeleton to fill in ("Вместо этого могу
предложить …") or a rewrite the re-check refused needs the writer, and is shown to the person
but never written into their text.
Overlapping suggestions are never both applied in one pass (the earlier, longer one wins); the
text is re-checked and fixed again until it no longer changes, so fixing is idempotent.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # a Finding's fields are all fixes reads; findings.py imports this module
    from tonecheck.results.findings import Finding

MAX_PASSES = 5
SENTENCE_END = re.compile(r"[.!?…]+(?=\s|$)|\n")
REACH = 300  # characters either side of a range where its sentence's ends are looked for
SAFE, NEEDS_WRITER = "safe", "needs-writer"  # a suggestion's ``safety``


ATTACKS = "hostility"  # the family whose unrewritable insults stop every other rewrite


def safety_of(suggestion: str | None, finished: bool = True) -> str | None:
    """The safety of a new suggestion: None without one; a recipe says whether it is finished."""
    if suggestion is None:
        return None
    return SAFE if finished else NEEDS_WRITER


def is_safe(finding: Finding) -> bool:
    return finding.suggestion is not None and finding.safety == SAFE


def apply_fixes(text: str, findings: list[Finding]) -> str:
    """``text`` with every safe, non-overlapping suggestion applied (one pass)."""
    return edited(text, chosen(findings))


def chosen(findings: list[Finding]) -> list[Finding]:
    """The safe findings one pass applies: in text order, skipping any that overlap an earlier one.

    While an attack on the reader stands with no rewrite (an insult: error severity), nothing
    else is polished: a greeting and "пожалуйста" around it ("Здравствуйте! Вы идиот, переделайте,
    пожалуйста") read as mockery. The writer takes the attack out first."""
    if any(f.family == ATTACKS and f.severity == "error" and f.suggestion is None for f in findings):
        findings = [f for f in findings if f.family == ATTACKS]
    picked: list[Finding] = []
    reach = -1
    for f in sorted(findings, key=lambda f: (f.start, -(f.end - f.start), f.rule)):
        if not is_safe(f) or f.start < reach:
            continue
        picked.append(f)
        reach = max(reach, f.end)
    return picked


def edited(text: str, findings: list[Finding]) -> str:
    """``text`` with these (non-overlapping) findings' suggestions written in."""
    for f in sorted(findings, key=lambda f: f.start, reverse=True):
        text = text[: f.start] + f.suggestion + text[f.end:]
    return text


def fix_until_stable(check, text: str) -> tuple[str, list[Finding]]:
    """Fix, re-check and fix again until the text stops changing; returns it and what was applied.

    ``check`` maps a text to its findings (so callers decide language, formality, stripping).
    The text returned is never worse than the one given by the linter's own measure: if the
    last pass leaves a finding the start did not have, or a lower warmth score, the latest
    pass that does not is returned.
    """
    findings = check(text)
    stages = [(text, [], findings)]  # each text reached, what was applied to reach it, its findings
    for _ in range(MAX_PASSES):
        picked = chosen(findings)
        new = edited(text, picked)
        if not picked or new == text:
            break
        text, findings = new, check(new)
        stages.append((text, stages[-1][1] + picked, findings))
    start = stages[0][2]
    text, applied, _ = next(stage for stage in reversed(stages) if not worse(stage[2], start))
    return text, applied


def worse(findings: list[Finding], start: list[Finding]) -> bool:
    """Whether a rewritten text's findings are worse than the original's: a rule finding more,
    or a lower warmth score."""
    from tonecheck.results.warmth import warmth

    before = Counter(f.rule for f in start)
    return any(n > before[rule] for rule, n in Counter(f.rule for f in findings).items()) or (
        warmth(findings).score < warmth(start).score)


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Where the sentence (or sentences) around ``text[start:end]`` begins and ends: from the
    last sentence end before it to the first at or after its end (within ``REACH`` characters,
    so a long text is not scanned from its start)."""
    ends = [m.end() for m in SENTENCE_END.finditer(text, max(start - REACH, 0), start)]
    after = SENTENCE_END.search(text, max(end - 1, start), end + REACH)
    return ends[-1] if ends else max(start - REACH, 0), after.end() if after else min(end + REACH, len(text))


def sentence_change(text: str, start: int, end: int, suggestion: str) -> tuple[str, str]:
    """The sentence around a finding as written and as its suggestion rewrites it: what a
    person reads before deciding to apply it."""
    first, last = sentence_bounds(text, start, end)
    return text[first:last].strip(), (text[first:start] + suggestion + text[end:last]).strip()
