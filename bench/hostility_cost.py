"""What the hostility family's disguised-word scan costs a check, measured in turns in one run.

    python bench/hostility_cost.py [--rounds 5]

The bench corpora (bench/corpus.py, 2,000 messages per language) are checked by one warm Linter
with the scan on and with it stubbed out, in alternating turns (these machines are noisy);
reported: messages/s of each per round and the median ratio off/on — the share of throughput
the scan costs. The family's phrase and pattern rules ride on matchers every check runs anyway.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from tonecheck.engine.linter import Linter  # noqa: E402
from tonecheck.match import disguise  # noqa: E402


def rate(linter: Linter, texts: list[str], language: str) -> float:
    start = time.perf_counter()
    linter.check_many(texts, language=language)
    return len(texts) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    linter, scan = Linter(), disguise.find
    for language in ("ru", "en"):
        texts = corpus.messages(language)
        linter.check_many(texts[:100], language=language)  # warm
        ratios = []
        for _ in range(args.rounds):
            on = rate(linter, texts, language)
            disguise.find = lambda lists, text, verdicts: {}
            off = rate(linter, texts, language)
            disguise.find = scan
            ratios.append(off / on)
            print(f"{language}: scan on {on:.0f} msgs/s, off {off:.0f} msgs/s, off/on {off / on:.3f}")
        print(f"{language}: median off/on {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
