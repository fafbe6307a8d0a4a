"""Hostile input: time and peak memory of the worst inputs known, each in a fresh process.

    python bench/hostile.py [--only NAME ...]

Every case is generated here (nothing is stored) and run in a process of its own, after that
process has loaded what a check needs, so "seconds" is the input's own cost; "peak RSS" is the
process's largest resident size, start-up included, and "above start" what the case added to
it. The figures and the limits they show are in docs/performance.md ("Hostile input").
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))  # the generators the tests use


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


RUNAWAY_RULE = """summary: A word.
description: A word.
kind: pattern
en:
  message: "{text}"
  match: {patterns: [[{TEXT: {REGEX: '^(a|a)+$'}}]]}
  examples: {bad: ["See [INV-1]."], good: ["See you."]}
"""


REPEAT_RULE = """summary: A run.
description: A run.
kind: pattern
en:
  message: "{{text}}"
  match: {{patterns: [{pattern}]}}
  examples: {{bad: ["Well [ha ha]."], good: ["Well."]}}
"""


def cli(folder: Path, files: dict[str, str], args: list[str]) -> int:
    """Run the command line in ``folder`` with these files written there; its exit status."""
    from tonecheck.cli.main import main

    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    os.chdir(folder)
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(args, standalone_mode=False)
        except SystemExit as exc:
            return int(exc.code or 0)
    return 0


def prepare(name: str):
    """The case's work as a function of no arguments, with whatever it needs loaded."""
    from test_mbox import mailbox, replies, write_mailbox
    from test_yaml_aliases import laughs

    from tonecheck.engine.linter import Linter
    from tonecheck.inputs.mail import html_to_text, parse_bytes

    linter = Linter()
    linter.check("Hello Anna, the report is ready. Здравствуйте, Анна! Отчёт готов.")
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    if name == "50,000 '?' after a word":
        return lambda: linter.check("Why" + "?" * 50_000)
    if name == "50,000 '?' in the quoted message":
        return lambda: linter.check("Yes, I will send it.", quoted="Could you send it" + "?" * 50_000)
    if name == "alias bomb in .tonecheck.yaml (9**9 values)":
        files = {".tonecheck.yaml": "formality:" + laughs(), "draft.txt": "Hello Anna."}
        return lambda: cli(folder, files, ["draft.txt"])
    if name == "team REGEX '^(a|a)+$' on a 40-letter word":
        files = {".tonecheck.yaml": "extra-rules: [team]\n", "team/style/word.yml": RUNAWAY_RULE,
                 "draft.txt": "Hello Anna, see " + "a" * 40 + "b here."}
        return lambda: cli(folder, files, ["draft.txt"])
    if name.startswith("team pattern "):  # "team pattern {LOWER: ha, OP: +} over 20,000 'ha'"
        count, word = int(name.split(" over ")[1].split()[0].replace(",", "")), name.split("'")[-2]
        pattern = "[{LOWER: ha, OP: \"+\"}]" if word == "ha" else "[{TEXT: {REGEX: '^Q[A-Z]+$'}, OP: \"+\"}]"
        rule = folder / "team" / "style" / "run.yml"
        rule.parent.mkdir(parents=True, exist_ok=True)
        rule.write_text(REPEAT_RULE.format(pattern=pattern), encoding="utf-8")
        team = Linter(rule_dirs=[folder / "team"])
        team.check("Hello Anna, ha ha. QYOU", language="en")
        text = "Hello Anna, " + " ".join([word] * count) + " end."
        return lambda: team.check(text, language="en")
    if name == "HTML: 40,000 <br>":
        return lambda: html_to_text("<p>Hello" + "<br>" * 40_000 + "</p>")
    if name == "HTML: 20,000 nested <div>":
        return lambda: html_to_text("<div>x" * 20_000 + "</div>" * 20_000)
    if name == "HTML: 8 MB table":
        html = "<table>" + "<tr><td>Invoice 2041</td><td>paid in full</td></tr>" * 160_000 + "</table>"
        return lambda: html_to_text(html)
    if name == "To: of 20,000 encoded words":
        to = " ".join(["=?utf-8?q?=D0=90=D0=BD=D0=BD=D0=B0?="] * 20_000) + " <anna@example.com>"
        data = (f"From: Ivan <ivan@example.com>\nTo: {to}\nSubject: x\n\nДобрый день!\n").encode()
        return lambda: parse_bytes(data, "m.eml")
    if name.startswith("mbox of "):  # "mbox of 4,000 replies (CLI)": written, and the CLI warmed up, first
        make = replies if "replies" in name else mailbox
        write_mailbox(folder / "box.mbox", int(name.split()[2].replace(",", "")), make)
        write_mailbox(folder / "warm.mbox", 20, make)
        cli(folder, {}, ["warm.mbox"])
        return lambda: cli(folder, {}, ["box.mbox"])
    if name == "100 KB on one line":
        text = "Нет. " + " ".join(["Счёт пока не пришёл, но мы его ждём сегодня."] * 2_200) + " Иван"
        return lambda: linter.check(text)
    if name == "5 MB of realistic messages (CLI, --no-strip)":
        from corpus import big_text

        return lambda: cli(folder, {"big.txt": big_text(5_000_000)}, ["--no-strip", "big.txt"])
    raise SystemExit(f"no case {name!r}")


CASES = ["50,000 '?' after a word", "50,000 '?' in the quoted message", "alias bomb in .tonecheck.yaml (9**9 values)",
         "team REGEX '^(a|a)+$' on a 40-letter word", "team pattern {LOWER: ha, OP: +} over 2,000 'ha'",
         "team pattern {LOWER: ha, OP: +} over 20,000 'ha'", "team pattern {REGEX, OP: +} over 20,000 'QYOU'",
         "HTML: 40,000 <br>", "HTML: 20,000 nested <div>",
         "HTML: 8 MB table", "To: of 20,000 encoded words", "mbox of 1,000 replies (CLI)",
         "mbox of 4,000 replies (CLI)", "mbox of 10,000 messages (CLI)", "100 KB on one line",
         "5 MB of realistic messages (CLI, --no-strip)"]


def one(name: str) -> None:
    """Run one case in this process and print its figures as JSON."""
    work = prepare(name)
    before = rss_mb()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    print(json.dumps({"seconds": seconds, "peak": rss_mb(), "added": rss_mb() - before}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="*", help="cases whose name contains one of these")
    parser.add_argument("--one", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        return one(args.one)
    print("| input | seconds | peak RSS | above start |\n|---|---|---|---|")
    for name in CASES:
        if args.only and not any(part in name for part in args.only):
            continue
        done = subprocess.run([sys.executable, __file__, "--one", name], capture_output=True, text=True, timeout=900)
        if done.returncode:
            print(f"| {name} | failed: {done.stderr.strip().splitlines()[-1:]} | | |")
            continue
        got = json.loads(done.stdout.strip().splitlines()[-1])
        print(f"| {name} | {got['seconds']:.2f} | {got['peak']:.0f} MB | {got['added']:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
