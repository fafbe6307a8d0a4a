"""Run ``tonecheck fix`` over a rewrite set and record what it applied, for a native reader to judge.

    python eval/rewrites.py eval/rewrites/blind-ru.yaml eval/rewrites/after-ru.jsonl

A rewrite set (eval/rewrites/) holds flagged messages, each with the rewrite a trainer would
accept, written by someone who never saw tonecheck's recipes. This script fixes every message
exactly as ``tonecheck fix`` does on a draft (quotes and signature cut off, re-checked until the
text stops changing, default rules and settings) and writes one JSON line per message that got at
least one applied rewrite: id, lang, before and after (whole messages) and the applied
suggestions (rule, the words replaced, the replacement). The reader judges each "after" as
sendable or not; the script judges nothing. It ends with mechanical counts on standard error.

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


def fixed(linter: Linter, text: str, language: str, addressee: str | None) -> tuple[str, list]:
    """The message as ``tonecheck fix`` writes it, and the findings whose rewrites it applied."""
    (message,) = load(Source("<item>", None, text.encode("utf-8")))
    settings = Settings(language=language, addressee=addressee)

    def findings(current: str):
        again = strip_message(Message(message.name, current, addressee=message.addressee))
        return linter.check_messages([again], settings)[0].findings

    return fix_until_stable(findings, message.text)


def record(linter: Linter, item: dict, language: str) -> dict | None:
    """The JSON line of one item, or None when nothing was applied."""
    after, applied = fixed(linter, item["text"], language, item.get("to"))
    if not applied:
        return None
    return {"id": item["id"], "lang": language, "before": item["text"], "after": after,
            "applied": [{"rule": f.rule, "text": f.text, "replacement": f.suggestion} for f in applied]}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("set", type=Path, help="a rewrite set (YAML list of items: id, text, ...)")
    parser.add_argument("out", type=Path, help="the JSON lines file to write")
    parser.add_argument("--language", default=None, help="ru or en (default: from the file name)")
    args = parser.parse_args()
    language = args.language or ("ru" if "-ru" in args.set.name else "en")
    items = yaml.safe_load(args.set.read_text(encoding="utf-8"))
    if isinstance(items, dict):
        items = items.get("items", [])
    linter = Linter()
    lines = [line for item in items if (line := record(linter, item, language))]
    args.out.write_text("".join(json.dumps(line, ensure_ascii=False) + "\n" for line in lines), encoding="utf-8")
    rewrites = sum(len(line["applied"]) for line in lines)
    print(f"{args.set}: {len(items)} messages, {len(lines)} with an applied rewrite, {rewrites} rewrites applied "
          f"(by {sys.modules['tonecheck'].__file__})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
