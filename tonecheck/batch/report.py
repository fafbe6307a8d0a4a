"""What a batch adds up to: streaming statistics, labelled scores, record files, an HTML report.

``Stats.add`` sees each record once, so a million-message batch keeps only counters (and the
first rows of the report's message table) in memory.
"""

from __future__ import annotations

import csv
import html
import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from tonecheck.batch.scoring import CORE_FAMILIES, FamilyScore
from tonecheck.results.fixes import SAFE, sentence_change
from tonecheck.results.warmth import warmth

TABLE_LIMIT = 2000   # messages shown in the HTML report's table
DISAGREEMENT_LIMIT = 200


def families_of(record) -> set[str]:
    return {f["rule"].split(".", 1)[0] for f in record.findings}


@dataclass
class Stats:
    families: tuple = CORE_FAMILIES
    checked: int = 0
    unreadable: int = 0
    errors: list = field(default_factory=list)
    with_family: Counter = field(default_factory=Counter)
    rules: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    per_message: Counter = field(default_factory=Counter)        # findings per message -> messages
    authors: dict = field(default_factory=lambda: defaultdict(Counter))
    scores: dict = field(default_factory=dict)
    confusion: dict = field(default_factory=lambda: defaultdict(Counter))
    disagreements: list = field(default_factory=list)
    labelled: int = 0
    rows: list = field(default_factory=list)
    warmth_sum: float = 0.0
    strategies: Counter = field(default_factory=Counter)   # (name, contribution) -> messages it was found in
    label_families: set = field(default_factory=set)  # every family some label names

    def add(self, record) -> None:
        if record.error is not None:
            self.unreadable += 1
            if len(self.errors) < DISAGREEMENT_LIMIT:
                self.errors.append((record.id, record.error))
            return
        self.checked += 1
        found = families_of(record)
        self.with_family.update(found)
        self.rules.update(f["rule"] for f in record.findings)
        self.languages[record.language] += 1
        self.per_message[len(record.findings)] += 1
        explained = warmth(record.findings, record.strategies)
        score = explained.score
        self.warmth_sum += score
        self.strategies.update((s["name"], s["contribution"]) for s in explained.strategies)
        if record.author:
            author = self.authors[record.author]
            author["messages"] += 1
            author["findings"] += len(record.findings)
            author["warmth"] += score
            author.update(found)
        if record.labels is not None:
            self._score(record, found)
        if len(self.rows) < TABLE_LIMIT:
            self.rows.append(record)

    def _score(self, record, found: set[str]) -> None:
        self.labelled += 1
        expected = set(record.labels)
        self.label_families |= expected
        for family in set(self.families) | expected | found:
            s = self.scores.setdefault(family, FamilyScore())
            if family in found and family in expected:
                s.tp += 1
            elif family in found:
                s.fp += 1
            elif family in expected:
                s.fn += 1
        for e in expected or {"(clean)"}:
            for f in found or {"(clean)"}:
                self.confusion[e][f] += 1
        if expected != found and len(self.disagreements) < DISAGREEMENT_LIMIT:
            self.disagreements.append((record.id, sorted(expected), sorted(found), record.text))

    def share(self, family: str) -> float:
        return self.with_family[family] / self.checked if self.checked else 0.0

    @property
    def mean_warmth(self) -> float:
        return self.warmth_sum / self.checked if self.checked else 10.0


def f1(s: FamilyScore) -> float:
    p, r = s.precision, s.recall
    return 2 * p * r / (p + r) if p + r else 0.0


# --- terminal ------------------------------------------------------------------------------------

def strategy_lines(stats: Stats, limit: int = 12) -> list[str]:
    """The politeness strategies found most often, each with its sign and weight."""
    return [f"  {'+' if points > 0 else '−'} {name:<18}{n:>6}  {points:+.2f}"
            for (name, points), n in stats.strategies.most_common(limit)]


def summary_text(stats: Stats, score: bool, show_disagreements: bool) -> str:
    lines = [f"Messages checked: {stats.checked}" + (f", unreadable: {stats.unreadable}" if stats.unreadable else "")]
    lines.append("Languages: " + ", ".join(f"{lang} {n}" for lang, n in stats.languages.most_common()))
    lines.append(f"Mean warmth: {stats.mean_warmth:.1f}/10")
    lines.append("")
    lines.append("Messages with at least one finding, per family:")
    families = list(stats.families) + sorted(set(stats.with_family) - set(stats.families))
    for family in families:
        lines.append(f"  {family:<12} {stats.with_family[family]:>6}  {stats.share(family):6.1%}")
    if stats.rules:
        lines += ["", "Top rules:"]
        for rule, n in stats.rules.most_common(10):
            lines.append(f"  {n:>6}  {rule}")
    if stats.strategies:
        lines += ["", "What made messages warmer (+) or colder (−): strategies, messages, warmth points each:"]
        lines += strategy_lines(stats)
    if stats.authors:
        lines += ["", "Per author (messages, findings per message, share with a finding per family):"]
        header = ("  " + f"{'author':<16}{'msgs':>6}{'f/msg':>7}{'warmth':>8}"
                  + "".join(f"{f[:8]:>10}" for f in stats.families))
        lines.append(header)
        for name, c in sorted(stats.authors.items()):
            cells = "".join(f"{c[f] / c['messages']:>10.0%}" for f in stats.families)
            lines.append(f"  {name[:15]:<16}{c['messages']:>6}{c['findings'] / c['messages']:>7.2f}"
                         f"{c['warmth'] / c['messages']:>8.1f}{cells}")
    if stats.errors:
        lines += ["", "Unreadable:"] + [f"  {rid}: {why}" for rid, why in stats.errors[:20]]
    if score:
        lines += ["", *score_text(stats)]
    if show_disagreements and stats.disagreements:
        lines += ["", "Disagreements (expected / found):"]
        for rid, exp, found, text in stats.disagreements:
            lines.append(f"  {rid}: expected {', '.join(exp) or 'clean'}; found {', '.join(found) or 'nothing'}")
            lines.append(f"      {' '.join(text.split())[:120]}")
    return "\n".join(lines)


def score_text(stats: Stats) -> list[str]:
    if not stats.labelled:
        return ["No labelled messages to score (give --label-column or --label-field)."]
    lines = [f"Scores against the labels ({stats.labelled} labelled messages):",
             f"  {'family':<12}{'TP':>5}{'FP':>5}{'FN':>5}{'precision':>11}{'recall':>8}{'F1':>6}"]
    for family in _score_order(stats):
        s = stats.scores[family]
        lines.append(f"  {family:<12}{s.tp:>5}{s.fp:>5}{s.fn:>5}{s.precision:>11.2f}{s.recall:>8.2f}{f1(s):>6.2f}")
    cols = confusion_columns(stats)
    lines += ["", "Confusion (rows: expected, columns: found):",
              "  " + f"{'':<12}" + "".join(f"{c[:9]:>10}" for c in cols)]
    for row in cols:
        if row in stats.confusion:
            lines.append("  " + f"{row:<12}" + "".join(f"{stats.confusion[row][c]:>10}" for c in cols))
    return lines


def _score_order(stats: Stats) -> list[str]:
    """The core families in the code's order, then any other family the labels name.

    A family no label ever names (a collection labelled for the core only, checked by newer
    rules) cannot be scored: its findings would all count as false positives.
    """
    others = {f for f in stats.scores if f in stats.label_families} - set(stats.families)
    return [f for f in stats.families if f in stats.scores] + sorted(others)


def confusion_columns(stats: Stats) -> list[str]:
    names = set(stats.confusion) | {f for row in stats.confusion.values() for f in row}
    return [f for f in stats.families if f in names] + sorted(names - set(stats.families) - {"(clean)"}) + (
        ["(clean)"] if "(clean)" in names else [])


# --- record files --------------------------------------------------------------------------------

class RecordWriter:
    """results.jsonl (one record per message) or results.csv (one row per message).

    Records go to a temporary file beside ``path``, renamed to it by ``close`` once the run is
    complete; ``discard`` removes it. A run that is stopped part-way never leaves a file at the
    final path that looks like a whole run's results.
    """

    def __init__(self, path):
        import tempfile
        from pathlib import Path

        self.path = Path(path)
        self.handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - lives until close() or discard()
            "w", encoding="utf-8", newline="", dir=self.path.parent, prefix=f".{self.path.name}.", suffix=".part",
            delete=False)
        self.csv = None
        if str(path).lower().endswith(".csv"):
            self.csv = csv.writer(self.handle)
            self.csv.writerow(["id", "author", "language", "error", "findings", "families", "rules", "labels",
                               "warmth"])

    def write(self, record) -> None:
        if self.csv is not None:
            self.csv.writerow([record.id, record.author or "", record.language or "", record.error or "",
                               len(record.findings), ";".join(sorted(families_of(record))),
                               ";".join(f["rule"] for f in record.findings),
                               ";".join(sorted(record.labels)) if record.labels is not None else "",
                               warmth(record.findings, record.strategies).score if record.error is None else ""])
        else:
            out = {"id": record.id, "author": record.author, "language": record.language,
                   "findings": record.findings}
            if record.error is None:
                out["warmth"] = warmth(record.findings, record.strategies).to_dict()
            if record.labels is not None:
                out["labels"] = sorted(record.labels)
            if record.error:
                out["error"] = record.error
            self.handle.write(json.dumps(out, ensure_ascii=False) + "\n")

    def close(self) -> None:
        """Finish the file and put it at its path."""
        import os

        self.handle.close()
        os.chmod(self.handle.name, 0o666 & ~_umask())  # as open() would have made it, not 0600
        os.replace(self.handle.name, self.path)

    def discard(self) -> None:
        """Drop what was written: the run did not finish."""
        import os

        self.handle.close()
        os.unlink(self.handle.name)


def _umask() -> int:
    import os

    mask = os.umask(0)
    os.umask(mask)
    return mask


# --- HTML ------------------------------------------------------------------------------------------

def _svg(fig) -> str:
    import io

    buf = io.StringIO()
    fig.savefig(buf, format="svg", bbox_inches="tight", metadata={"Date": None})
    svg = buf.getvalue()
    return svg[svg.index("<svg"):]


def charts(stats: Stats) -> dict[str, str]:
    """Inline SVG charts made with matplotlib (Agg backend; nothing is fetched to view them)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update({"font.size": 9, "svg.fonttype": "none"})
    out = {}
    families = list(stats.families)
    fig, ax = plt.subplots(figsize=(6, 2.6))
    ax.barh(families[::-1], [stats.share(f) * 100 for f in families][::-1], color="#c0504d")
    ax.set_xlabel("% of messages with at least one finding")
    out["families"] = _svg(fig)
    plt.close(fig)
    top = stats.rules.most_common(15)
    fig, ax = plt.subplots(figsize=(6, 0.3 * max(len(top), 3) + 0.6))
    ax.barh([r for r, _ in top][::-1], [n for _, n in top][::-1], color="#4f81bd")
    ax.set_xlabel("findings")
    out["rules"] = _svg(fig)
    plt.close(fig)
    counts = sorted(stats.per_message.items())
    fig, ax = plt.subplots(figsize=(6, 2.4))
    ax.bar([str(k) for k, _ in counts], [v for _, v in counts], color="#9bbb59")
    ax.set_xlabel("findings per message")
    ax.set_ylabel("messages")
    out["distribution"] = _svg(fig)
    plt.close(fig)
    if stats.authors:
        names = sorted(stats.authors)
        fig, ax = plt.subplots(figsize=(6, 0.35 * len(names) + 0.8))
        ax.barh(names[::-1], [stats.authors[n]["findings"] / stats.authors[n]["messages"] for n in names][::-1],
                color="#8064a2")
        ax.set_xlabel("findings per message")
        out["authors"] = _svg(fig)
        plt.close(fig)
    return out


def _change(text: str, f: dict) -> str:
    """A finding's suggestion as the whole sentence before and after it; one that ``fix``
    leaves for the writer to finish is marked so."""
    if f.get("suggestion") is None:
        return ""
    before, after = sentence_change(text, f["start"], f["end"], f["suggestion"])
    by_hand = f.get("safety") != SAFE
    return (f"<br><small>{html.escape(before)}</small><br>→ <code{' class=by-hand' if by_hand else ''}>"
            f"{html.escape(after) or '(delete)'}</code>" + (" <small>(to finish by hand)</small>" if by_hand else ""))


def _highlight(text: str, findings: list) -> str:
    """The message with each flagged span in <mark>, its rule and rewrite in the title."""
    spans = sorted(findings, key=lambda f: (f["start"], -f["end"]))
    out, pos = [], 0
    for f in spans:
        if f["start"] < pos:
            continue
        out.append(html.escape(text[pos:f["start"]]))
        tip = f"{f['rule']}: {f['message']}"
        out.append(f'<mark class="{html.escape(f["rule"].split(".")[0])}" title="{html.escape(tip)}">'
                   f"{html.escape(text[f['start']:f['end']])}</mark>")
        pos = f["end"]
    out.append(html.escape(text[pos:]))
    return "".join(out)


STYLE = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:24px;color:#222;max-width:1200px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px}
.cards{display:flex;gap:12px;flex-wrap:wrap}
.card{border:1px solid #ddd;border-radius:6px;padding:10px 14px;min-width:130px}
.card b{display:block;font-size:22px}.charts{display:flex;flex-wrap:wrap;gap:20px}.charts figure{margin:0}
table{border-collapse:collapse;width:100%}
td,th{border-bottom:1px solid #eee;padding:6px 8px;vertical-align:top;text-align:left}
th{background:#f6f6f6}td.msg{white-space:pre-wrap;max-width:520px}mark{background:#ffe08a;border-radius:2px}
mark.blame{background:#f9b4b4}mark.refusal{background:#ffd59e}mark.answer{background:#cfe3ff}
mark.address{background:#d8c8f0}mark.greeting{background:#c9f0c9}
ul.sugg{margin:0;padding-left:16px}ul.sugg code{background:#eef7ee}ul.sugg code.by-hand{background:#fff6e0}
#search{padding:6px 10px;width:320px;margin-bottom:8px}
.num{text-align:right}
"""

SCRIPT = """
document.getElementById('search').addEventListener('input', function () {
  var q = this.value.toLowerCase(), shown = 0;
  document.querySelectorAll('#messages tbody tr').forEach(function (row) {
    var hit = row.textContent.toLowerCase().indexOf(q) >= 0;
    row.style.display = hit ? '' : 'none';
    if (hit) shown++;
  });
  document.getElementById('shown').textContent = shown;
});
"""


def _warmth_cell(record) -> str:
    """A message's score and what moved it ("+0.8 thanks", "−4 blame"), for the table."""
    explained = warmth(record.findings, record.strategies)
    moves = "".join(f"<br><small>{'+' if v > 0 else '−'}{round(abs(v), 1):g} {html.escape(what)}</small>"
                    for what, v in explained.explained())
    return f"{explained.score:g}{moves}"


def html_report(stats: Stats, title: str, score: bool) -> str:
    """One self-contained HTML page: numbers, charts, scores, and a searchable message table."""
    svg = charts(stats)
    e = html.escape
    flagged = sum(n for k, n in stats.per_message.items() if k > 0)
    cards = [("messages", stats.checked), ("with a finding", flagged), ("mean warmth /10", f"{stats.mean_warmth:.1f}"),
             ("findings", sum(stats.rules.values())), ("unreadable", stats.unreadable),
             ("languages", ", ".join(f"{k} {v}" for k, v in stats.languages.most_common()) or "—")]
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>{e(title)}</title>",
             f"<style>{STYLE}</style></head><body>", f"<h1>{e(title)}</h1>",
             "<p>Generated by tonecheck. Hover a highlighted phrase for its rule.</p>",
             "<div class='cards'>" + "".join(f"<div class='card'><b>{e(str(v))}</b>{e(k)}</div>" for k, v in cards)
             + "</div>", "<h2>Findings</h2><div class='charts'>",
             "<figure id='chart-families'><figcaption>Share of messages per family</figcaption>"
             f"{svg['families']}</figure>",
             f"<figure id='chart-rules'><figcaption>Most frequent rules</figcaption>{svg['rules']}</figure>",
             "<figure id='chart-distribution'><figcaption>Findings per message</figcaption>"
             f"{svg['distribution']}</figure>"]
    if "authors" in svg:
        parts.append(f"<figure id='chart-authors'><figcaption>Findings per message, by author</figcaption>"
                     f"{svg['authors']}</figure>")
    parts.append("</div>")
    if stats.errors:  # what a trainer has to mend: each record named with its file and line
        more = f" (the first {len(stats.errors)} of {stats.unreadable})" if len(stats.errors) < stats.unreadable else ""
        parts.append(f"<h2>Unreadable records{more}</h2><table id='unreadable'><thead><tr><th>record</th>"
                     "<th>why it was not checked</th></tr></thead><tbody>"
                     + "".join(f"<tr><td>{e(rid)}</td><td>{e(why)}</td></tr>" for rid, why in stats.errors)
                     + "</tbody></table>")
    if stats.authors:
        parts.append("<h2>Authors</h2><table id='authors'><thead><tr><th>author</th><th>messages</th>"
                     "<th>findings per message</th><th>warmth</th>"
                     + "".join(f"<th>{e(f)}</th>" for f in stats.families)
                     + "</tr></thead><tbody>")
        for name, c in sorted(stats.authors.items()):
            parts.append(f"<tr><td>{e(name)}</td><td class='num'>{c['messages']}</td>"
                         f"<td class='num'>{c['findings'] / c['messages']:.2f}</td>"
                         f"<td class='num'>{c['warmth'] / c['messages']:.1f}</td>"
                         + "".join(f"<td class='num'>{c[f] / c['messages']:.0%}</td>" for f in stats.families)
                         + "</tr>")
        parts.append("</tbody></table>")
    if score and stats.labelled:
        parts.append("<h2>Scores against the labels</h2><table id='scores'><thead><tr><th>family</th><th>TP</th>"
                     "<th>FP</th><th>FN</th><th>precision</th><th>recall</th><th>F1</th></tr></thead><tbody>")
        for family in _score_order(stats):
            s = stats.scores[family]
            parts.append(f"<tr><td>{e(family)}</td><td class='num'>{s.tp}</td><td class='num'>{s.fp}</td>"
                         f"<td class='num'>{s.fn}</td><td class='num'>{s.precision:.2f}</td>"
                         f"<td class='num'>{s.recall:.2f}</td><td class='num'>{f1(s):.2f}</td></tr>")
        parts.append("</tbody></table>")
    shown = len(stats.rows)
    note = f" (the first {shown} of {stats.checked})" if shown < stats.checked else ""
    parts.append(f"<h2>Messages{note}</h2><input id='search' type='search' placeholder='Search messages, rules, "
                 f"authors…'> <span><span id='shown'>{shown}</span> shown</span>"
                 "<table id='messages'><thead><tr><th>id</th><th>author</th><th>message</th><th>warmth</th>"
                 "<th>findings and rewrites</th></tr></thead><tbody>")
    for record in stats.rows:
        items = "".join(f"<li><b>{e(f['rule'])}</b> {e(f['message'])}{_change(record.text, f)}</li>"
                        for f in record.findings)
        labels = f"<br><small>labels: {e(', '.join(sorted(record.labels)) or 'clean')}</small>" \
            if record.labels is not None else ""
        parts.append(f"<tr><td>{e(record.id)}{labels}</td><td>{e(record.author or '')}</td>"
                     f"<td class='msg'>{_highlight(record.text, record.findings)}</td>"
                     f"<td class='num'>{_warmth_cell(record)}</td>"
                     f"<td><ul class='sugg'>{items}</ul></td></tr>")
    parts.append(f"</tbody></table><script>{SCRIPT}</script></body></html>")
    return "\n".join(parts)
