"""Benchmark: tonecheck against the floor it stands on, measured in the same run.

    python bench/run.py [--repeat N] [--json out.json]

Figures (each with its baseline in the same run, because these machines are noisy):
  cold start   `tonecheck msg.txt` vs `python -c "import spacy, pymorphy3; spacy.blank('ru') …"`
  throughput   words/s of Linter.check_many on the dev-set messages, vs the bare spaCy
               tokenizer + sentencizer over the same texts (the floor of any spaCy-based linter)
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
FLOOR = ("import spacy, pymorphy3; nlp = spacy.blank('ru'); nlp.add_pipe('sentencizer'); "
         "pymorphy3.MorphAnalyzer()")


def best_of(n: int, argv: list[str]) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - t)
    return min(times)


def corpus(language: str, copies: int) -> list[str]:
    texts = []
    for name in ("", "holdout-", "blind-"):
        path = ROOT / "tests" / "devset" / f"{name}{language}.yaml"
        texts += [item["text"] for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    return texts * copies


def throughput(language: str, copies: int) -> dict:
    import spacy

    from tonecheck.engine import Linter

    texts = corpus(language, copies)
    words = sum(len(t.split()) for t in texts)
    floor = spacy.blank(language)
    floor.add_pipe("sentencizer")
    linter = Linter(language=language)
    linter.check_many(texts[:50])  # warm: pipelines, rules, morphology caches
    t = time.perf_counter()
    list(floor.pipe(texts))
    t_floor = time.perf_counter() - t
    t = time.perf_counter()
    linter.check_many(texts)
    t_lint = time.perf_counter() - t
    return {"language": language, "messages": len(texts), "words": words,
            "floor_words_per_s": round(words / t_floor), "tonecheck_words_per_s": round(words / t_lint),
            "ratio_to_floor": round(t_lint / t_floor, 1)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=5, help="runs per cold-start figure (best is kept)")
    parser.add_argument("--copies", type=int, default=20, help="copies of the dev-set corpus per language")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()

    msg = ROOT / "examples" / "draft-ru.txt"
    exe = str(Path(sys.executable).with_name("tonecheck"))
    cold_floor = best_of(args.repeat, [sys.executable, "-c", FLOOR])
    cold_tool = best_of(args.repeat, [exe, str(msg)])
    figures = {
        "cold_start": {"floor_s": round(cold_floor, 3), "tonecheck_s": round(cold_tool, 3),
                       "ratio": round(cold_tool / cold_floor, 2)},
        "throughput": [throughput(lang, args.copies) for lang in ("ru", "en")],
    }
    print(f"cold start: tonecheck {cold_tool:.3f} s, floor {cold_floor:.3f} s, "
          f"ratio {figures['cold_start']['ratio']}")
    print("| language | messages | words | floor words/s | tonecheck words/s | time vs floor |")
    print("|---|---:|---:|---:|---:|---:|")
    for row in figures["throughput"]:
        print(f"| {row['language']} | {row['messages']} | {row['words']} | {row['floor_words_per_s']:,} | "
              f"{row['tonecheck_words_per_s']:,} | {row['ratio_to_floor']}× |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
