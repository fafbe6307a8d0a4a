"""Run ``tonecheck fix`` over a rewrite set and record what it applied, for a native reader to judge.

    python eval/rewrites.py eval/rewrites/blind-ru.yaml eval/rewrites/after-ru.jsonl

A rewrite set (eval/rewrites/) holds flagged messages, each with the rewrite a trainer would
accept, written by someone who never saw tonecheck's recipes. This script fixes every message
exactly as ``tonecheck fix`` does on a draft (quotes and signature cut off, re-checked until the
text stops changing, default rules and settings) and writes one JSON line per message that got at
least one applied rewrite: id, lang, before and after (whole messages) and the applied
suggestions (rule, the words replaced, the replacement). The reader judges each "after" as
sendable or not; the script judges nothing. ``--counts RUN.jsonl`` prints mechanical counts of a
recorded run (words brought in that the dictionary does not know, ты/вы mixed after the fix).

It uses only interfaces that the first run's code already had, so the same script records the
first run and every later one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import yaml

from tonecheck.engine.linter import Linter
from tonecheck.engine.settings import Settings
from tonecheck.inputs.messages import Message
from tonecheck.inputs.messages import strip as strip_message
from tonecheck.inputs.sources import Source, load
from tonecheck.results.fixes import fix_until_stable

SLOT = "…"  # a skeleton's blank: needs the writer by design, not refused by the re-check


def fixed(linter: Linter, text: str, language: str, addressee: str | None,
          formality: str = "formal", quoted: str | None = None) -> tuple[str, list, list]:
    """The message as ``tonecheck fix`` writes it (``--to``, ``--formality`` and the quoted
    message as the item gives them), the findings whose rewrites it applied, and the finished
    rewrites of the first check that the re-check left to the writer (code with no ``safety``
    has none)."""
    (message,) = load(Source("<item>", None, text.encode("utf-8")))
    settings = Settings(language=language, addressee=addressee, formality=formality)

    def findings(current: str):
        again = strip_message(Message(message.name, current, addressee=message.addressee, quote=quoted,
                                      reply=quoted is not None))
        return linter.check_messages([again], settings)[0].findings

    refused = [f for f in findings(message.text) if getattr(f, "safety", None) == "needs-writer"
               and SLOT not in f.suggestion]
    return (*fix_until_stable(findings, message.text), refused)


def record(linter: Linter, item: dict, language: str) -> dict:
    """The JSON line of one item (written out only when something was applied)."""
    after, applied, refused = fixed(linter, item["text"], language, item.get("to"),
                                    item.get("formality", "formal"), item.get("quoted"))
    line = {"id": item["id"], "lang": language, "before": item["text"], "after": after,
            "applied": [{"rule": f.rule, "text": f.text, "replacement": f.suggestion} for f in applied]}
    if refused:
        line["refused"] = [{"rule": f.rule, "text": f.text, "replacement": f.suggestion} for f in refused]
    return line


def counts(path: Path) -> str:
    """Mechanical counts over a recorded run (judged by the current code's dictionaries, whatever
    code wrote the run): rewrites applied, words the rewrites brought in that the dictionary does
    not know, messages that mix ты and вы after the fix but not before."""
    from tonecheck.engine.recheck import WORD, known_word, register

    lines = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    unknown, clashes = [], []
    for line in lines:
        before = {w.lower() for w in WORD.findall(line["before"])}
        unknown += [(line["id"], w) for w in WORD.findall(line["after"])
                    if w.lower() not in before and w.isalpha() and not known_word(w, line["lang"])]
        if line["lang"] == "ru":
            mixed = [{register(w) for w in WORD.findall(line[k])} >= {"ты", "вы"} for k in ("before", "after")]
            if mixed[1] and not mixed[0]:
                clashes.append(line["id"])
    refused = sum(len(line.get("refused", [])) for line in lines)
    return (f"{path}: {len(lines)} messages with an applied rewrite, {sum(len(line['applied']) for line in lines)} "
            f"rewrites applied, {refused} refused by the re-check (in messages with an applied rewrite); "
            f"unknown word forms brought in: {len(unknown)} {unknown}; "
            f"ты/вы mixed after the fix only: {len(clashes)} {clashes}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path, help="a rewrite set (YAML list of items: id, text, ...), or with "
                        "--counts a recorded run (JSON lines)")
    parser.add_argument("out", type=Path, nargs="?", help="the JSON lines file to write")
    parser.add_argument("--language", default=None, help="ru or en (default: from the file name)")
    parser.add_argument("--counts", action="store_true", help="print the mechanical counts of a recorded run")
    args = parser.parse_args()
    if args.counts:
        print(counts(args.set))
        return 0
    if args.out is None:
        parser.error("the JSON lines file to write is required")
    language = args.language or ("ru" if "-ru" in args.set.name else "en")
    items = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    if isinstance(items, dict):
        items = items.get("items", [])
    linter = Linter()
    made = [record(linter, item, language) for item in items]
    lines = [line for line in made if line["applied"]]
    refused = sum(len(line.get("refused", [])) for line in made)
    args.out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    rewrites = sum(len(line["applied"]) for line in lines)
    print(f"{args.set}: {len(items)} messages, {len(lines)} with an applied rewrite, {rewrites} rewrites applied, "
          f"{refused} finished rewrites of the first check refused by the re-check "
          f"(by {sys.modules['tonecheck'].__file__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
