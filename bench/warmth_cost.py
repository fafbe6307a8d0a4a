"""What the warmth score's politeness strategies cost a check, measured in turns in one run.

    python bench/warmth_cost.py [--rounds 7]

The bench corpora (bench/corpus.py, 2,000 messages per language) are checked, and each result's
warmth score worked out, by two warm Linters in alternating turns (these machines are noisy):
one with the strategies of warmth/strategies.yml in its matcher pool, and a baseline built
without them (the score then comes from the findings alone). Reported: messages/s of each per
round and the median cost, time with / time without − 1: what the strategies add to a check.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

CHUNK = 100  # messages checked by one Linter before the other takes its turn

from tonecheck.engine.linter import Linter  # noqa: E402


def seconds(linter: Linter, texts: list[str], language: str) -> float:
    """CPU seconds of this process to check the texts and score them (CPU time: the other
    work on a shared machine slows wall time by up to half, round to round)."""
    start = time.process_time()
    for result in linter.check_many(texts, language=language):
        result.warmth  # noqa: B018 - the score is part of every check's output
    return time.process_time() - start


def baseline() -> Linter:
    """A Linter that looks for no strategy (its score comes from the findings alone)."""
    linter = Linter()
    linter.strategies = set()
    return linter


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args()
    with_them, without = Linter(), baseline()
    figures = {}
    for language in ("ru", "en"):
        texts = corpus.messages(language)
        for linter in (with_them, without):
            seconds(linter, texts[:200], language)  # warm
        costs = []
        for _ in range(args.rounds):
            on = off = 0.0
            for i in range(0, len(texts), CHUNK):  # in turns, a chunk at a time
                on += seconds(with_them, texts[i:i + CHUNK], language)
                off += seconds(without, texts[i:i + CHUNK], language)
            costs.append(on / off - 1)
            print(f"{language}: with strategies {len(texts) / on:.0f} msgs/s, without {len(texts) / off:.0f} msgs/s, "
                  f"cost {on / off - 1:.1%}")
        figures[language] = {"median_cost": round(statistics.median(costs), 4), "rounds": [round(c, 4) for c in costs]}
        print(f"{language}: median cost {statistics.median(costs):.1%}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
