"""Batch benchmark: time and peak memory of `tonecheck batch` on generated JSONL collections.

    python bench/batch.py [--lines 10000 100000 1000000] [--jobs 1 2]

Each run is a fresh `tonecheck batch -q` process; peak RSS is the largest of it and its worker
processes (RUSAGE_CHILDREN's ru_maxrss). Memory should stay flat as the input grows: records
stream through in chunks and only counters are kept.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def messages() -> list[str]:
    texts = []
    for name in ("ru", "en", "holdout-ru", "holdout-en", "blind-ru", "blind-en"):
        texts += [i["text"] for i in yaml.safe_load((ROOT / "tests" / "devset" / f"{name}.yaml").read_text("utf-8"))]
    return texts


def make_jsonl(path: Path, lines: int) -> None:
    rng = random.Random(7)
    texts = messages()
    with path.open("w", encoding="utf-8") as out:
        for i in range(lines):
            out.write(json.dumps({"id": i, "text": rng.choice(texts)}, ensure_ascii=False) + "\n")


def run_once(path: str, jobs: int) -> None:
    """In a helper process of its own (so the peak is this run's alone): run and report."""
    exe = str(Path(sys.executable).with_name("tonecheck"))
    start = time.perf_counter()
    subprocess.run([exe, "batch", "-q", "--isolated", "-j", str(jobs), path], check=True, stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "rss_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def measure(path: Path, jobs: int) -> tuple[float, float]:
    """(seconds, peak RSS in MB of the batch process or its largest worker) of one run."""
    out = subprocess.run([sys.executable, __file__, "--measure", str(path), str(jobs)], check=True,
                         capture_output=True, text=True).stdout
    result = json.loads(out.strip().splitlines()[-1])
    return result["seconds"], result["rss_mb"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--lines", type=int, nargs="+", default=[2000, 20000])
    parser.add_argument("--jobs", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--measure", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        run_once(args.measure[0], int(args.measure[1]))
        return 0
    print("| lines | jobs | seconds | messages/s | peak RSS (MB) |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for lines in args.lines:
            path = Path(tmp) / f"{lines}.jsonl"
            make_jsonl(path, lines)
            for jobs in args.jobs:
                seconds, rss = measure(path, jobs)
                print(f"| {lines} | {jobs} | {seconds:.1f} | {lines / seconds:.0f} | {rss:.0f} |", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
