"""Score tonecheck against labelled messages: per-family precision and recall.

A labelled item is ``{text, expect: [families], formality?, to?}``. A family counts as found in
a message when any of its rules raises a finding there. ``python -m tonecheck.batch.scoring FILE...``
prints the table the README shows.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml

CORE_FAMILIES = ("greeting", "address", "answer", "refusal", "blame")
# Families beyond the core, each with a labelled set of its own (tests/devset/<family>-<lang>.yaml)
NEW_FAMILIES = ("tone", "thanks", "coverage", "options")


@dataclass
class FamilyScore:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    false_positives: list[str] = field(default_factory=list)
    misses: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0


def load(path: Path) -> list[dict]:
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def score(linter, items: list[dict], language: str | None = None,
          families: tuple[str, ...] = CORE_FAMILIES) -> dict[str, FamilyScore]:
    """Per-family scores of the linter's findings against the items' labels (only the families
    the set was labelled for: a core set says nothing about tone, a tone set nothing of blame)."""
    scores = {family: FamilyScore() for family in families}
    selection = linter.with_rules(families)  # the families scored run, off by default or not
    for item in items:
        result = linter.check(item["text"], language=language, addressee=item.get("to"),
                              formality=item.get("formality", "formal"), quoted=item.get("quoted"),
                              select=selection)
        found = {f.family for f in result.findings}
        expected = set(item.get("expect") or [])
        for family, s in scores.items():
            if family in found and family in expected:
                s.tp += 1
            elif family in found:
                s.fp += 1
                s.false_positives.append(item["text"])
            elif family in expected:
                s.fn += 1
                s.misses.append(item["text"])
    return scores


def table(rows: dict[str, dict[str, FamilyScore]]) -> str:
    """A Markdown table: one row per (language, family)."""
    lines = ["| language | family | TP | FP | FN | precision | recall |",
             "|---|---|---:|---:|---:|---:|---:|"]
    for lang, scores in rows.items():
        for family, s in scores.items():
            lines.append(f"| {lang} | {family} | {s.tp} | {s.fp} | {s.fn} | {s.precision:.2f} | {s.recall:.2f} |")
    return "\n".join(lines)


def main(argv: list[str]) -> int:
    from tonecheck.engine.linter import Linter

    linter = Linter()
    rows = {}
    for name in argv or ["tests/devset/ru.yaml", "tests/devset/en.yaml"]:
        path = Path(name)
        family, _, lang = path.stem.rpartition("-")
        families = (family,) if family in NEW_FAMILIES else CORE_FAMILIES
        rows[path.stem] = score(linter, load(path), language=lang if lang in ("ru", "en") else None,
                                families=families)
    print(table(rows))
    for lang, scores in rows.items():
        for family, s in scores.items():
            for text in s.false_positives:
                print(f"FP {lang} {family}: {text!r}", file=sys.stderr)
            for text in s.misses:
                print(f"FN {lang} {family}: {text!r}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))


def ranks(values: list[float]) -> list[float]:
    """Ranks from 1, ties sharing their average rank (as Spearman's rho needs)."""
    order = sorted(range(len(values)), key=values.__getitem__)
    out = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            out[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return out


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rank correlation: Pearson's r of the ranks."""
    rx, ry = ranks(xs), ranks(ys)
    n = len(xs)
    mx, my = sum(rx) / n, sum(ry) / n
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx) ** 0.5
    vy = sum((b - my) ** 2 for b in ry) ** 0.5
    return cov / (vx * vy) if vx and vy else 0.0
