"""tonecheck's benchmark suite: every figure next to a baseline measured in the same run.

    pip install -e '.[bench,server]' && python bench/run.py [--quick] [--json bench/results.json]

These machines are noisy, so each figure is a ratio to something measured minutes apart in the
same process tree, and timings are the best of a few runs.

  1. cold start   `tonecheck examples/draft-ru.txt` (and draft-en.txt) vs the floor: a Python
                  process importing spaCy and pymorphy3 and building spacy.blank('ru') +
                  sentencizer (best of N); once more with an empty cache folder
  2. throughput   words/s on one core, ru and en separately, through the library (Linter.
                  check_many, warm) and the CLI (`tonecheck batch -j 1`, start-up included),
                  next to spaCy's tokenizer + sentencizer over the same texts (the floor)
  3. peers        messages/s on the English corpus: proselint (library, all checks), and
                  write-good and alex through node when node and npm are present; tonecheck
                  and proselint take turns for --repeat rounds (three rounds gave per-round
                  ratios from 5.8x to 14.3x on the same code)
  4. memory       peak RSS of a single check and of a 100,000-message batch (fresh processes)
  5. scaling      library time for 1x, 10x, 100x the corpus (ru + en, language detected per
                  message) and the CLI on the 5 MB file
  6. service      sequential latency of POST /v1/check and a `tonecheck hook --server` round trip
                  (p50/p95), next to a local hook

The corpora come from bench/corpus.py (2,000 messages per language built around the labelled
sets, and a 5 MB mixed file), generated into a temporary folder with a fixed seed.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import corpus  # noqa: E402  (bench/corpus.py, next to this file)

ROOT = Path(__file__).resolve().parent.parent
DRAFT = ROOT / "examples" / "draft-ru.txt"
FLOOR = ("import spacy, pymorphy3; nlp = spacy.blank('ru'); nlp.add_pipe('sentencizer'); "
         "pymorphy3.MorphAnalyzer()")
EXE = str(Path(sys.executable).with_name("tonecheck"))
# Child processes may write and reuse bytecode, as on any machine where tonecheck was installed
# and run once: an environment that sets PYTHONDONTWRITEBYTECODE would otherwise recompile
# tonecheck's own modules (not spaCy's, which pip compiled) on every start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def best_of(n: int, run) -> float:
    times = []
    for _ in range(n):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return min(times)


def quiet(argv: list[str], stdin: bytes | None = None, env: dict | None = None) -> None:
    subprocess.run(argv, input=stdin, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False,
                   env=ENV if env is None else env)


def pct(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100)[p - 1] if len(values) > 1 else values[0]


def peak_rss_mb(argv: list[str]) -> float:
    """Peak resident memory of one process (wait4 reports that child's own maximum)."""
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=ENV)
    _, _, usage = os.wait4(proc.pid, 0)
    return usage.ru_maxrss / 1024


# 1 ------------------------------------------------------------------------------------------
def cold_start(repeat: int, tmp: Path) -> dict:
    """Floor and tonecheck runs alternate, so a slow spell of the machine hits both. The first
    run writes what later starts read (bytecode, and tonecheck's cache folder: parsed rules,
    the phrases' words, English lemmas); one run with an empty cache folder shows a start
    right after installing."""
    draft_en = DRAFT.with_name("draft-en.txt")
    for draft in (DRAFT, draft_en):
        quiet([EXE, "--isolated", str(draft)])
    floor, tool, tool_en = [], [], []
    for _ in range(repeat):
        floor.append(best_of(1, lambda: quiet([sys.executable, "-c", FLOOR])))
        tool.append(best_of(1, lambda: quiet([EXE, "--isolated", str(DRAFT)])))
        tool_en.append(best_of(1, lambda: quiet([EXE, "--isolated", str(draft_en)])))
    empty = {**ENV, "TONECHECK_CACHE_DIR": str(tmp / "empty-cache")}
    first = best_of(1, lambda: quiet([EXE, "--isolated", str(DRAFT)], env=empty))
    return {"floor_s": round(min(floor), 3), "tonecheck_s": round(min(tool), 3),
            "ratio": round(min(tool) / min(floor), 2), "tonecheck_en_s": round(min(tool_en), 3),
            "ratio_en": round(min(tool_en) / min(floor), 2), "empty_cache_s": round(first, 3),
            "goal_ratio": 1.15}


# 2 ------------------------------------------------------------------------------------------
def throughput(language: str, texts: list[str], tmp: Path, repeat: int) -> dict:
    """Library: the corpus, warm, best of N. CLI: ten copies of it in one JSONL file through
    `tonecheck batch -j 1` (start-up included, as a batch pays it), with the default quote and
    signature stripping and with --no-strip."""
    import spacy

    from tonecheck.engine.linter import Linter

    words = corpus.words(texts)
    floor = spacy.blank(language)
    floor.add_pipe("sentencizer")
    linter = Linter(language=language)
    linter.check_many(texts)  # warm: pipelines, compiled rules, morphology and tokenizer caches
    t_floor = best_of(repeat, lambda: list(floor.pipe(texts)))
    t_lib = best_of(repeat, lambda: linter.check_many(texts))
    jsonl = tmp / f"cli-{language}.jsonl"
    jsonl.write_text("".join(json.dumps({"id": f"{n}-{i}", "text": t}, ensure_ascii=False) + "\n"
                             for n in range(10) for i, t in enumerate(texts)), encoding="utf-8")
    batch = [EXE, "batch", "-q", "--isolated", "-j", "1", "--lang", language]
    t_cli = best_of(1, lambda: quiet([*batch, str(jsonl)]))
    t_cli_raw = best_of(1, lambda: quiet([*batch, "--no-strip", str(jsonl)]))
    return {"language": language, "messages": len(texts), "words": words,
            "floor_words_per_s": round(words / t_floor), "library_words_per_s": round(words / t_lib),
            "cli_words_per_s": round(10 * words / t_cli), "cli_no_strip_words_per_s": round(10 * words / t_cli_raw),
            "library_vs_floor": round(t_lib / t_floor, 1), "library_messages_per_s": round(len(texts) / t_lib),
            "goal_words_per_s": 25_000 if language == "ru" else 100_000}


# 3 ------------------------------------------------------------------------------------------
NODE_SCRIPT = r"""
const fs = require('fs');
const texts = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
(async () => {
  const writeGood = require('write-good');
  const {text: alex} = await import('alex');
  const out = {};
  for (const [name, fn] of [['write-good', t => writeGood(t)], ['alex', t => alex(t).messages]]) {
    for (const t of texts.slice(0, 50)) fn(t);  // warm
    let best = Infinity;
    for (let r = 0; r < 3; r++) {
      const start = process.hrtime.bigint();
      for (const t of texts) fn(t);
      best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e9);
    }
    out[name] = texts.length / best;
  }
  console.log(JSON.stringify(out));
})();
"""


def node_peers(texts: list[str], tmp: Path) -> dict:
    """write-good and alex messages/s, or why they were not measured."""
    if not (shutil.which("node") and shutil.which("npm")):
        return {"skipped": "node/npm not found"}
    cache = ROOT / "bench" / ".node"
    if not (cache / "node_modules" / "alex").is_dir():
        done = subprocess.run(["npm", "install", "--silent", "--prefix", str(cache), "write-good", "alex"],
                              capture_output=True, text=True)
        if done.returncode:
            return {"skipped": f"npm install failed: {done.stderr.strip().splitlines()[-1:]}"}
    (tmp / "texts.json").write_text(json.dumps(texts), encoding="utf-8")
    (cache / "peers.js").write_text(NODE_SCRIPT, encoding="utf-8")
    done = subprocess.run(["node", str(cache / "peers.js"), str(tmp / "texts.json")], capture_output=True, text=True)
    if done.returncode:
        return {"skipped": f"node failed: {done.stderr.strip().splitlines()[-1:]}"}
    return {name: round(rate) for name, rate in json.loads(done.stdout).items()}


def interleaved(repeat: int, runs: dict) -> dict:
    """Each run's time in every round, the runs taking turns so that a slow spell of the machine
    hits all of them (a ratio of two figures measured minutes apart swung by a third here)."""
    times = {name: [] for name in runs}
    for _ in range(repeat):
        for name, run in runs.items():
            times[name].append(best_of(1, run))
    return times


def peers(texts: list[str], tmp: Path, repeat: int) -> dict:
    from tonecheck.engine.linter import Linter

    linter = Linter(language="en")
    linter.check_many(texts)
    runs = {"tonecheck": lambda: linter.check_many(texts)}
    rows = {}
    try:
        from proselint.checks import __register__
        from proselint.registry import CheckRegistry
        from proselint.tools import LintFile
    except ImportError:
        rows["proselint_skipped"] = "pip install -e '.[bench]'"
    else:
        registry = CheckRegistry()
        if not registry.checks:
            registry.register_many(__register__)
        for text in texts[:50]:
            LintFile("<warm>", text).lint()
        runs["proselint"] = lambda: [LintFile("<b>", t).lint() for t in texts]
    times = interleaved(repeat, runs)
    best = {name: min(t) for name, t in times.items()}
    rows = {"tonecheck": round(len(texts) / best["tonecheck"]), **rows}
    if "proselint" in best:
        rows["proselint"] = round(len(texts) / best["proselint"])
        rows["vs_proselint"] = round(best["proselint"] / best["tonecheck"], 1)
        # the two runs of one round met the same spell of the machine: their ratio varies least
        rounds = [p / t for t, p in zip(times["tonecheck"], times["proselint"], strict=True)]
        rows["vs_proselint_per_round"] = [round(r, 1) for r in rounds]
        rows["vs_proselint_median_round"] = round(statistics.median(rounds), 1)
    else:
        rows["proselint"] = None
    rows.update(node_peers(texts, tmp))
    rows["goal_vs_proselint"] = 10
    return rows


# 4 ------------------------------------------------------------------------------------------
def memory(texts: list[str], tmp: Path, batch_size: int) -> dict:
    big = tmp / f"batch-{batch_size}.jsonl"
    with big.open("w", encoding="utf-8") as out:
        for i in range(batch_size):
            out.write(json.dumps({"id": i, "text": texts[i % len(texts)]}, ensure_ascii=False) + "\n")
    single = peak_rss_mb([EXE, "--isolated", str(DRAFT)])
    start = time.perf_counter()
    batch = peak_rss_mb([EXE, "batch", "-q", "--isolated", "-j", "1", str(big)])
    seconds = time.perf_counter() - start
    return {"single_check_mb": round(single), "batch_messages": batch_size, "batch_mb": round(batch),
            "batch_seconds": round(seconds, 1), "goal_single_mb": 250}


# 5 ------------------------------------------------------------------------------------------
def scaling(texts: list[str], factors: list[int], big: Path) -> dict:
    from tonecheck.engine.linter import Linter

    linter = Linter()
    linter.check_many(texts)
    rows = []
    for factor in factors:
        start = time.perf_counter()
        for _ in range(factor):
            for i in range(0, len(texts), 500):
                linter.check_many(texts[i:i + 500])
        seconds = time.perf_counter() - start
        rows.append({"factor": factor, "messages": factor * len(texts), "seconds": round(seconds, 2),
                     "us_per_message": round(seconds / (factor * len(texts)) * 1e6)})
    start = time.perf_counter()  # --no-strip: the whole file, not a message cut at its first signature
    out = subprocess.run([EXE, "--isolated", "--no-strip", "--format", "json", str(big)],
                         capture_output=True, env=ENV).stdout
    seconds = time.perf_counter() - start
    checked = json.loads(out)["files"][0]
    return {"rows": rows, "file_mb": round(big.stat().st_size / 1e6, 1),
            "file_words": corpus.words([big.read_text("utf-8")]), "file_seconds": round(seconds, 1),
            "file_checked_chars": checked["checked"]["end"] - checked["checked"]["start"],
            "file_findings": len(checked["findings"])}


# 6 ------------------------------------------------------------------------------------------
def service(runs: int, requests: int) -> dict:
    try:
        import server  # bench/server.py
    except ImportError as exc:
        return {"skipped": f"{exc.name} is not installed: pip install -e '.[server]'"}
    proc, url = server.start(2)
    try:
        seq = server.sequential(url, requests)
        message = DRAFT.read_bytes()
        remote, local = [], []
        for _ in range(runs):
            remote.append(best_of(1, lambda: quiet([EXE, "hook", "--isolated", "--server", url], message)) * 1000)
            local.append(best_of(1, lambda: quiet([EXE, "hook", "--isolated"], message)) * 1000)
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    return {"check_p50_ms": round(pct(seq, 50), 1), "check_p95_ms": round(pct(seq, 95), 1),
            "hook_server_p50_ms": round(pct(remote, 50)), "hook_server_p95_ms": round(pct(remote, 95)),
            "hook_local_p50_ms": round(pct(local, 50)), "hook_local_p95_ms": round(pct(local, 95))}


def report(f: dict) -> str:
    c = f["cold_start"]
    lines = ["## 1. Cold start (best of N)", "",
             "| floor s | tonecheck draft-ru s | ratio | draft-en s | ratio | empty cache folder s | goal |",
             "|---:|---:|---:|---:|---:|---:|---:|",
             f"| {c['floor_s']} | {c['tonecheck_s']} | {c['ratio']} | {c['tonecheck_en_s']} | {c['ratio_en']} | "
             f"{c['empty_cache_s']} | ≤ {c['goal_ratio']} |", "",
             "## 2. Throughput, one core", "",
             "| language | messages | words | floor words/s | library words/s | CLI words/s | CLI --no-strip "
             "| library vs floor | goal |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for r in f["throughput"]:
        lines.append(f"| {r['language']} | {r['messages']} | {r['words']} | {r['floor_words_per_s']:,} | "
                     f"{r['library_words_per_s']:,} | {r['cli_words_per_s']:,} | {r['cli_no_strip_words_per_s']:,} | "
                     f"{r['library_vs_floor']}× | "
                     f"≥ {r['goal_words_per_s']:,} |")
    p = f["peers"]
    lines += ["", "## 3. Peers, English corpus (messages/s)", "",
              "| tonecheck | proselint | write-good | alex | tonecheck vs proselint (best of each) "
              "| per round, median (all) | goal |",
              "|---:|---:|---:|---:|---:|---:|---:|",
              f"| {p['tonecheck']:,} | {p.get('proselint') or '—'} | {p.get('write-good', '—')} "
              f"| {p.get('alex', '—')} | "
              f"{p.get('vs_proselint', '—')}× | {p.get('vs_proselint_median_round', '—')}× "
              f"({', '.join(str(r) for r in p.get('vs_proselint_per_round', []))}) | ≥ {p['goal_vs_proselint']}× |"]
    if "skipped" in p:
        lines.append(f"\nwrite-good/alex: {p['skipped']}")
    m = f["memory"]
    lines += ["", "## 4. Peak memory", "",
              "| single check MB | batch messages | batch MB | batch s | goal (single) |", "|---:|---:|---:|---:|---:|",
              f"| {m['single_check_mb']} | {m['batch_messages']:,} | {m['batch_mb']} | {m['batch_seconds']} "
              f"| ≤ {m['goal_single_mb']} MB |"]
    s = f["scaling"]
    lines += ["", "## 5. Scaling (library, ru + en, language detected)", "",
              "| corpus | messages | seconds | µs/message |", "|---:|---:|---:|---:|"]
    lines += [f"| {r['factor']}× | {r['messages']:,} | {r['seconds']} | {r['us_per_message']} |" for r in s["rows"]]
    lines += ["", f"5 MB file ({s['file_mb']} MB, {s['file_words']:,} words, "
              f"{s['file_checked_chars']:,} characters checked, "
              f"{s['file_findings']:,} findings) through the CLI: {s['file_seconds']} s"]
    v = f["service"]
    lines += ["", "## 6. Service and hook latency (ms)", ""]
    if "skipped" in v:
        lines.append(f"skipped: {v['skipped']}")
    else:
        lines += ["| POST /v1/check p50 | p95 | hook --server p50 | p95 | local hook p50 | p95 |",
                  "|---:|---:|---:|---:|---:|---:|",
                  f"| {v['check_p50_ms']} | {v['check_p95_ms']} "
                  f"| {v['hook_server_p50_ms']} | {v['hook_server_p95_ms']} | "
                  f"{v['hook_local_p50_ms']} | {v['hook_local_p95_ms']} |"]
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeat", type=int, default=7, help="runs per timing; the best is kept")
    parser.add_argument("--quick", action="store_true", help="scaling to 10x only, a 20,000-message batch")
    parser.add_argument("--json", type=Path, help="also write the figures as JSON")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        tmp = Path(folder)
        texts = {lang: corpus.messages(lang) for lang in ("ru", "en")}
        big = tmp / "big.txt"
        big.write_text(corpus.big_text(), encoding="utf-8")
        both = [t for pair in zip(texts["ru"], texts["en"], strict=True) for t in pair]
        figures = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
                   "cold_start": cold_start(args.repeat, tmp),
                   "throughput": [throughput(lang, texts[lang], tmp, args.repeat) for lang in ("ru", "en")],
                   "peers": peers(texts["en"], tmp, args.repeat),
                   "memory": memory(both, tmp, 20_000 if args.quick else 100_000),
                   "scaling": scaling(both, [1, 10] if args.quick else [1, 10, 100], big),
                   "service": service(20, 1000)}
    print(report(figures))
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
