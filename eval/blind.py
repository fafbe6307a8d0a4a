"""Score a blind set (eval/blind/): per-family precision and recall, and false flags on clean
messages.

    python eval/blind.py eval/blind/round1-ru.yaml [--language ru]

A blind set is written by someone who never saw the rules, from the service code alone, and
frozen in the repository before tonecheck first runs on it (see eval/blind/README.md). Every
family is scored on every item: an item written for blame that also lacks a greeting lists
both. Rules that are off by default run too (their family is selected), as in the dev sets.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from tonecheck.batch.scoring import CORE_FAMILIES, NEW_FAMILIES, load, score, table
from tonecheck.engine.linter import Linter

FAMILIES = CORE_FAMILIES + NEW_FAMILIES


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", type=Path)
    parser.add_argument("--language", default=None, help="ru or en (default: from the file name)")
    parser.add_argument("--misses", action="store_true", help="list every false flag and miss")
    args = parser.parse_args()
    language = args.language or ("ru" if "-ru" in args.path.name else "en")
    items = load(args.path)
    linter = Linter()
    scores = score(linter, items, language=language, families=FAMILIES)
    print(f"{args.path}: {len(items)} messages ({language})\n")
    print(table({language: scores}))
    clean = [i for i in items if not i.get("expect")]
    print()
    print(_clean_flagged("clean messages with a finding", clean, scores.values()))
    # coverage is off by default: what a user with default settings sees leaves it out
    print(_clean_flagged("clean messages with a finding outside coverage (off by default)", clean,
                         [s for family, s in scores.items() if family != "coverage"]))
    if args.misses:
        for family, s in scores.items():
            for text in s.false_positives:
                print(f"FP {family}: {text}")
            for text in s.misses:
                print(f"FN {family}: {text}")
    return 0


def _clean_flagged(label: str, clean: list[dict], scores) -> str:
    """How many clean messages one of these families flagged, and the rate per 20."""
    flagged = {t for s in scores for t in s.false_positives}
    n = sum(1 for i in clean if i["text"] in flagged)
    return f"{label}: {n} of {len(clean)} ({20 * n / max(len(clean), 1):.2f} per 20)"


if __name__ == "__main__":
    raise SystemExit(main())
