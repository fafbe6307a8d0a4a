"""Precision per rule and per family from judged findings (docs/judging.md).

    python eval/precision.py JUDGED.jsonl [JUDGED.jsonl ...] [--still FINDINGS.jsonl ...]

Each line is a sampled finding with the judge's "verdict" (TRUE, FALSE or DEBATABLE), the
rewrite's "rewrite" (GOOD, BAD or NONE) and a "reason". Precision = TRUE / (TRUE + FALSE);
debatable findings are counted and shown, not scored either way. Also printed: the share of
judged rewrites that are GOOD (of those that were GOOD or BAD).

``--still`` takes the findings the current code gives on the same messages (eval/mail.py
--findings): only the judged findings it still raises are scored, which estimates the current
code's precision from a sample judged on an earlier one (findings it no longer raises drop out;
new ones are not judged, so the figure is an estimate, not a measurement).
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

VERDICTS = ("TRUE", "FALSE", "DEBATABLE")


def load(paths: list[Path]) -> list[dict]:
    rows = []
    for path in paths:
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.strip():
                row = json.loads(line)
                if row.get("verdict") not in VERDICTS:
                    raise SystemExit(f"{path}:{number}: verdict must be one of {', '.join(VERDICTS)}")
                rows.append(row)
    return rows


def table(rows: list[dict], key) -> list[str]:
    counts: dict[str, Counter] = defaultdict(Counter)
    for row in rows:
        counts[key(row)][row["verdict"]] += 1
        counts[key(row)]["rewrite-" + str(row.get("rewrite", "NONE")).upper()] += 1
    lines = [f"| {'':<28} | judged | true | false | debatable | precision | rewrites good |",
             "|---|---:|---:|---:|---:|---:|---:|"]
    for name in sorted(counts, key=lambda n: (-sum(counts[n][v] for v in VERDICTS), n)):
        c = counts[name]
        scored = c["TRUE"] + c["FALSE"]
        rated = c["rewrite-GOOD"] + c["rewrite-BAD"]
        precision = f"{c['TRUE'] / scored:.2f}" if scored else "–"
        good = f"{c['rewrite-GOOD']}/{rated}" if rated else "–"
        lines.append(f"| {name:<28} | {sum(c[v] for v in VERDICTS)} | {c['TRUE']} | {c['FALSE']} | "
                     f"{c['DEBATABLE']} | {precision} | {good} |")
    return lines


def main() -> int:
    if len(sys.argv) < 2:
        print(__doc__.split("\n\n")[1], file=sys.stderr)
        return 2
    args = sys.argv[1:]
    still_files = args[args.index("--still") + 1:] if "--still" in args else []
    judged = args[:args.index("--still")] if "--still" in args else args
    rows = load([Path(p) for p in judged])
    if still_files:
        raised = {(f["mail"], f["rule"], f["text"]) for path in still_files
                  for f in map(json.loads, Path(path).read_text(encoding="utf-8").splitlines())}
        kept = [r for r in rows if (r["mail"], r["rule"], r["text"]) in raised]
        print(f"still raised by the current code: {len(kept)} of {len(rows)} judged findings")
        rows = kept
    scored = [r for r in rows if r["verdict"] != "DEBATABLE"]
    true = sum(r["verdict"] == "TRUE" for r in rows)
    print(f"judged {len(rows)}: precision {true / len(scored):.2f} ({true} true of {len(scored)} scored, "
          f"{len(rows) - len(scored)} debatable)\n")
    print("\n".join(table(rows, lambda r: r["rule"].split(".")[0])))
    print()
    print("\n".join(table(rows, lambda r: r["rule"])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
