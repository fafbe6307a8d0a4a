"""Draw the sample of findings people judge, from what eval/mail.py wrote.

    python eval/sample.py FINDINGS.jsonl --out SAMPLE.jsonl [--per-rule 40] [--per-message 2] [--seed 1]

A pasted newsletter can carry two hundred findings of one rule; judging them all would measure
that newsletter. So at most ``--per-message`` findings of a rule are taken from one message,
then at most ``--per-rule`` of each rule, at random with a fixed seed (every rule with fewer is
taken whole). Each finding gets an id; the judge sees the rule, the flagged words, the message
tonecheck shows, its rewrite and the text around it (docs/judging.md), never the rule files.

``--judged FILE... --carried OUT2`` re-uses earlier verdicts: a sampled finding identical to a
judged one (same message, rule, words, rewrite and checked text) keeps its verdict and goes to
OUT2 with a ``carried`` field naming where it was judged; only the others go to OUT, to judge.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import defaultdict
from pathlib import Path


def draw(findings: list[dict], per_rule: int, per_message: int, seed: int) -> list[dict]:
    """The sample, in a stable order: by rule, then as drawn."""
    rng = random.Random(seed)
    by_rule: dict[str, list[dict]] = defaultdict(list)
    for finding in findings:
        by_rule[finding["rule"]].append(finding)
    sample = []
    for rule in sorted(by_rule):
        per_source: dict[str, list[dict]] = defaultdict(list)
        for finding in by_rule[rule]:
            per_source[finding["mail"]].append(finding)
        capped = [f for source in sorted(per_source) for f in rng.sample(per_source[source],
                                                                          min(per_message, len(per_source[source])))]
        sample.extend(rng.sample(capped, min(per_rule, len(capped))))
    return [{"id": f"{i + 1:04d}", **f} for i, f in enumerate(sample)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("findings", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--per-rule", type=int, default=40)
    parser.add_argument("--per-message", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--judged", type=Path, nargs="*", default=[], help="earlier judged samples")
    parser.add_argument("--carried", type=Path, help="where the findings with an earlier verdict go")
    args = parser.parse_args()
    findings = [json.loads(line) for line in args.findings.read_text(encoding="utf-8").splitlines() if line]
    sample = draw(findings, args.per_rule, args.per_message, args.seed)
    earlier = {_identity(row): (path.name, row) for path in args.judged for row in _rows(path)}
    carried = [{**f, "verdict": earlier[_identity(f)][1]["verdict"], "rewrite": earlier[_identity(f)][1].get("rewrite"),
                "reason": earlier[_identity(f)][1].get("reason"),
                "carried": f"{earlier[_identity(f)][0]}#{earlier[_identity(f)][1]['id']}"}
               for f in sample if _identity(f) in earlier]
    to_judge = [f for f in sample if _identity(f) not in earlier]
    _write(args.out, to_judge)
    if args.carried:
        _write(args.carried, carried)
    print(f"{len(sample)} of {len(findings)} findings sampled: {len(to_judge)} to judge in {args.out}, "
          f"{len(carried)} judged before")
    return 0


def _identity(finding: dict) -> tuple:
    """What makes two findings the same for a judge: the message, the rule, the words, the
    rewrite and the text that was checked."""
    return (finding["mail"], finding["rule"], finding["text"], finding.get("suggestion"), finding.get("checked"))


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _write(path: Path, rows: list[dict]) -> None:
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
