"""Score the Russian rated set: Spearman ρ between the warmth score and the ratings.

    python eval/warmth/russian.py [--out FILE]

eval/warmth/ru-rated.yaml holds Russian workplace messages, each rated 0–10 with the rubric in
its header by a rater who never saw the score. The English weights are used as they are (one
weight per strategy, in both languages); every message is checked with tonecheck's defaults
(formal, not a reply). Prints ρ overall and per kind, and the ρ of the score before strategies
(findings only, from 10) for comparison.
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

import yaml

from tonecheck.batch.scoring import spearman
from tonecheck.engine.linter import Linter
from tonecheck.results.warmth import model, warmth

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", type=Path, default=HERE / "ru-rated.yaml")
    parser.add_argument("--out", type=Path, help="also write the report here")
    args = parser.parse_args()
    items = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    results = Linter().check_many([i["text"] for i in items], language="ru")
    findings_only = replace(model(), base=10.0, strategies={}, caps={})
    scores = [r.warmth.score for r in results]
    before = [warmth(r.findings, weights=findings_only).score for r in results]
    ratings = [i["rating"] for i in items]
    lines = [f"messages: {len(items)}",
             f"Spearman rho, warmth vs rating: {spearman(scores, ratings):.3f}",
             f"  findings only (the score before strategies): {spearman(before, ratings):.3f}"]
    kinds = defaultdict(list)
    for item, score in zip(items, scores, strict=True):
        kinds[item.get("kind", "?")].append((score, item["rating"]))
    for kind, pairs in sorted(kinds.items()):
        lines.append(f"  {kind} ({len(pairs)}): {spearman(*zip(*pairs, strict=True)):.3f}")
    lines += ["", "id\trating\twarmth\twhat moved it"]
    for item, result in zip(items, results, strict=True):
        moves = ", ".join(f"{what} {v:+g}" for what, v in result.warmth.explained())
        lines.append(f"{item['id']}\t{item['rating']}\t{result.warmth.score:g}\t{moves}")
    report = "\n".join(lines) + "\n"
    if args.out:
        args.out.write_text(report, encoding="utf-8")
    print("\n".join(lines[:3 + len(kinds)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
