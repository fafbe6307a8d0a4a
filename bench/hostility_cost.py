"""What the hostility family costs a check: a Linter with it against one without it, in turns.

    python bench/hostility_cost.py [--rounds 5]

The bench corpora (bench/corpus.py, 2,000 messages per language) are checked by two warm
Linters in one process, in alternating turns (these machines are noisy): one with every rule,
one loaded without the family's rule files (its word lists then compile into no matcher, and the
disguised-word scan has no list to look for). Reported: messages/s of each per round and the
median ratio with/without — the share of throughput the family keeps.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402

from tonecheck.engine import linter as linter_module  # noqa: E402


def without_family(family: str) -> linter_module.Linter:
    """A Linter loaded with every rule but one family's (the constructor's ``select`` keeps only
    the rules named, before anything is compiled)."""
    every = linter_module.Linter().rules
    return linter_module.Linter(select=[r.id for r in every if r.family != family])


def rate(linter, texts: list[str], language: str) -> float:
    start = time.perf_counter()
    linter.check_many(texts, language=language)
    return len(texts) / (time.perf_counter() - start)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    full, bare = linter_module.Linter(), without_family("hostility")
    assert any(r.id.startswith("hostility.") for r in full.rules)
    assert not any(r.id.startswith("hostility.") for r in bare.rules)
    for language in ("ru", "en"):
        texts = corpus.messages(language)
        for linter in (full, bare):
            linter.check_many(texts[:100], language=language)  # warm
        ratios = []
        for _ in range(args.rounds):
            with_it, without_it = rate(full, texts, language), rate(bare, texts, language)
            ratios.append(with_it / without_it)
            print(f"{language}: with the family {with_it:.0f} msgs/s, without {without_it:.0f} msgs/s, "
                  f"ratio {with_it / without_it:.3f}")
        print(f"{language}: median ratio {statistics.median(ratios):.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
