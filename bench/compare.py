"""Library throughput of this checkout against an earlier commit, measured in turns in one run.

    python bench/compare.py REV [--rounds 5]

A change that should not cost speed (a refactoring, a fix) is measured against the commit
before it: REV is checked out into a temporary git worktree, and the two trees take turns
checking the benchmark corpora (bench/corpus.py, 2,000 messages per language) in fresh
processes, warm, best of three per round. Reported: messages/s of each per round and the
ratio this/REV, per language; the median round's ratio is the figure (these machines are
noisy, so the turns matter more than any single time).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import corpus  # noqa: E402  (bench/corpus.py, next to this file)

ROOT = Path(__file__).resolve().parent.parent
# The Linter moved in the package's reorganisation; either tree's is found.
TIMER = """
import json, sys, time
try:
    from tonecheck.engine.linter import Linter
except ImportError:
    from tonecheck.engine import Linter
texts = json.load(open(sys.argv[1], encoding="utf-8"))
linter = Linter()
linter.check_many(texts)


def timed():
    start = time.perf_counter()
    linter.check_many(texts)
    return time.perf_counter() - start


print(len(texts) / min(timed() for _ in range(3)))
"""


def rate(tree: Path, corpus_file: Path) -> float:
    """Messages per second of the tree's library on the corpus (a fresh, warmed process)."""
    done = subprocess.run([sys.executable, "-c", TIMER, str(corpus_file)], capture_output=True, text=True,
                          cwd=tree, env={"PYTHONPATH": str(tree), "PATH": "/usr/bin:/bin",
                                         "TONECHECK_NO_CACHE": "1"}, check=True)
    return float(done.stdout)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("rev", help="the commit to compare with (e.g. HEAD~3)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="tonecheck-compare-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "--detach", "-q", str(base), args.rev], cwd=ROOT, check=True)
        try:
            figures = {}
            for language in ("ru", "en"):
                corpus_file = Path(tmp) / f"{language}.json"
                corpus_file.write_text(json.dumps(corpus.messages(language), ensure_ascii=False), encoding="utf-8")
                rounds = []
                for _ in range(args.rounds):
                    this, then = rate(ROOT, corpus_file), rate(base, corpus_file)
                    rounds.append({"this": round(this), "base": round(then), "ratio": round(this / then, 3)})
                figures[language] = {"rounds": rounds,
                                     "median_ratio": statistics.median(r["ratio"] for r in rounds)}
                print(f"{language}: " + ", ".join(f"{r['this']}/{r['base']} msgs/s ({r['ratio']:.3f})"
                                                  for r in rounds)
                      + f"; median ratio {figures[language]['median_ratio']:.3f}", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    print(json.dumps({"base": args.rev, **figures}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
