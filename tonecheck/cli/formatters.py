"""Render results for people (text, grouped, statistics) and for tools (json, jsonl, sarif,
github annotations, checkstyle XML)."""

from __future__ import annotations

import json
from collections import Counter

import click

from tonecheck.results.findings import Result, line_and_column
from tonecheck.results.fixes import is_safe, sentence_change
from tonecheck.runtime.version import __version__

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}
FORMATS = ("text", "grouped", "json", "jsonl", "sarif", "github", "checkstyle")


def _plural(n: int, word: str) -> str:
    """"1 issue", "2 issues"; "info" is uncountable ("2 info")."""
    return f"{n} {word}{'' if n == 1 or word == 'info' else 's'}"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def summary(results: list[Result], errors: list) -> dict:
    counts = {"error": 0, "warning": 0, "info": 0}
    for result in results:
        for f in result.findings:
            counts[f.severity] += 1
    return {
        "inputs": len(results) + len(errors),
        "checked": len(results),
        "unreadable": len(errors),
        "with_findings": sum(1 for r in results if r.findings),
        "findings": sum(counts.values()),
        "by_severity": counts,
    }


def summary_line(results: list[Result], errors: list) -> str:
    s = summary(results, errors)
    if s["findings"]:
        parts = [_plural(s["by_severity"][k], k) for k in ("error", "warning", "info") if s["by_severity"][k]]
        line = (f"Found {_plural(s['findings'], 'issue')} ({', '.join(parts)}) in "
                f"{s['with_findings']} of {_plural(s['checked'], 'message')}.")
    else:
        line = f"No issues in {_plural(s['checked'], 'message')}."
    if s["findings"]:
        line += _warmth_note(results)
    if errors:
        line += f" {s['unreadable']} could not be read."
    return line


EXPLAINED = 4  # what moved one message's warmth most, shown after its score


def _warmth_note(results: list[Result]) -> str:
    """" Warmth 6.5/10 (− blame 4, + thanks 0.8)." for one message, with what moved it most;
    the mean and the coldest for several."""
    scores = [(r.warmth.score, r.path or "stdin") for r in results]
    if len(scores) == 1:
        moves = results[0].warmth.explained()[:EXPLAINED]
        why = " (" + ", ".join(f"{'+' if v > 0 else '−'} {what} {round(abs(v), 1):g}" for what, v in moves) + ")" \
            if moves else ""
        return f" Warmth {scores[0][0]:g}/10{why}."
    mean = sum(score for score, _ in scores) / len(scores)
    low, where = min(scores)
    return f" Warmth: mean {mean:.1f}/10, lowest {low:g} ({where})."


class _Style:
    def __init__(self, colour: bool):
        self.colour = colour

    def __call__(self, s: str, **kw) -> str:
        return click.style(s, **kw) if self.colour else s

    def severity(self, severity: str) -> str:
        return self(severity, fg=SEVERITY_COLOURS[severity], bold=True)


BY_HAND = "  [to finish by hand: fix leaves it]"


def _finding_lines(f, style: _Style, head: str, text: str) -> list[str]:
    """The finding's line, then the whole sentence as written and as the suggestion rewrites it
    (what ``fix`` writes, or, marked, what is left for the writer to finish); the flagged words
    when there is no suggestion."""
    lines = [f"{head} {style.severity(f.severity)} {style(f.rule, fg='cyan')} {f.message}"]
    if f.suggestion is None:
        return [*lines, f"    {_one_line(f.text)}"]
    before, after = sentence_change(text, f.start, f.end, f.suggestion)
    if is_safe(f):
        return [*lines, f"    {_one_line(before)}", "    " + style(f"→ {_one_line(after) or '(delete)'}", fg="green")]
    return [*lines, f"    {_one_line(before)}", "    " + style(f"→ {_one_line(after)}{BY_HAND}", fg="yellow")]


def text_report(results: list[Result], errors: list, colour: bool) -> str:
    """``path:line:col: severity rule message``, the words, the rewrite; then a summary line."""
    style = _Style(colour)
    lines = []
    for result in results:
        for f in result.findings:
            lines += _finding_lines(f, style, style(f"{result.path}:{f.line}:{f.column}:", bold=True), result.text)
    lines.append(style(summary_line(results, errors), bold=True))
    return "\n".join(lines)


def grouped_report(results: list[Result], errors: list, colour: bool) -> str:
    """Findings under a heading per input: easier to read for many findings per message."""
    style = _Style(colour)
    lines = []
    for result in results:
        if not result.findings:
            continue
        lines.append(style(f"{result.path} ({result.language})", bold=True, underline=True))
        for f in result.findings:
            lines += ["  " + line for line in _finding_lines(f, style, f"{f.line}:{f.column}", result.text)]
        lines.append("")
    lines.append(style(summary_line(results, errors), bold=True))
    return "\n".join(lines)


def statistics_report(results: list[Result], errors: list, rules: dict) -> str:
    """Counts per rule, most frequent first (like ``ruff --statistics``)."""
    counts = Counter(f.rule for r in results for f in r.findings)
    fixable = Counter(f.rule for r in results for f in r.findings if is_safe(f))
    width = max((len(str(n)) for n in counts.values()), default=1)
    rule_width = max((len(rule) for rule in counts), default=0)
    lines = []
    for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        mark = "[*]" if fixable[rule] else "   "
        summary_text = rules[rule].summary if rule in rules else ""
        lines.append(f"{n:>{width}}  {rule:<{rule_width}}  {mark} {summary_text}")
    lines.append(summary_line(results, errors))
    if fixable:
        lines.append("[*] has rewrites that `tonecheck fix` applies.")
    return "\n".join(lines)


def json_report(results: list[Result], errors: list, statistics: bool = False) -> str:
    """One JSON document: the inputs with their findings, the unreadable ones, a summary."""
    doc = {
        "version": 1,
        "files": [r.to_dict() for r in results],
        "errors": [{"path": e.name, "message": e.reason} for e in errors],
        "summary": summary(results, errors),
    }
    if statistics:
        doc["statistics"] = dict(Counter(f.rule for r in results for f in r.findings).most_common())
    return json.dumps(doc, ensure_ascii=False, indent=2)


def jsonl_report(results: list[Result], errors: list) -> str:
    """One finding per line (and one line per unreadable input), for streaming consumers."""
    lines = [json.dumps({"path": r.path, **r.finding_dict(f)}, ensure_ascii=False) for r in results for f in r.findings]
    lines += [json.dumps({"path": e.name, "error": e.reason}, ensure_ascii=False) for e in errors]
    return "\n".join(lines)


def _end(result: Result, f) -> tuple[int, int]:
    line, column = line_and_column(result.text, f.end)
    return line + (f.line - line_and_column(result.text, f.start)[0]), column


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def sarif_report(results: list[Result], errors: list, rules: dict) -> str:
    """SARIF 2.1.0, as GitHub code scanning reads it: rules with help, results with regions and
    the rewrites as fixes."""
    used = sorted({f.rule for r in results for f in r.findings} | set(rules))
    index = {rule: i for i, rule in enumerate(used)}
    descriptors = [_sarif_rule(rules[rule]) if rule in rules else {"id": rule} for rule in used]
    sarif_results = []
    for result in results:
        uri = result.path or "stdin"
        for f in result.findings:
            end_line, end_column = _end(result, f)
            region = {"startLine": f.line, "startColumn": f.column, "endLine": end_line,
                      "endColumn": end_column, "snippet": {"text": f.text}}
            item = {"ruleId": f.rule, "ruleIndex": index[f.rule], "level": SARIF_LEVELS[f.severity],
                    "message": {"text": f.message},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}, "region": region}}]}
            if is_safe(f):
                deleted = {k: region[k] for k in ("startLine", "startColumn", "endLine", "endColumn")}
                item["fixes"] = [{"description": {"text": f"Replace with: {f.suggestion}"},
                                  "artifactChanges": [{"artifactLocation": {"uri": uri}, "replacements": [
                                      {"deletedRegion": deleted, "insertedContent": {"text": f.suggestion}}]}]}]
            sarif_results.append(item)
    notifications = [{"level": "error", "message": {"text": f"{e.name}: {e.reason}"}} for e in errors]
    run = {"tool": {"driver": {"name": "tonecheck", "version": __version__, "rules": descriptors}},
           "results": sarif_results,
           "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}]}
    doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
    return json.dumps(doc, ensure_ascii=False, indent=2)


def _sarif_rule(rule) -> dict:
    return {"id": rule.id, "name": rule.id.replace(".", "-"),
            "shortDescription": {"text": rule.summary},
            "fullDescription": {"text": rule.summary},
            "help": {"text": rule.description, "markdown": rule.description},
            "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
            "properties": {"tags": [rule.family, *sorted(rule.languages)]}}


def _gh_escape(text: str, prop: bool = False) -> str:
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if prop else text


GITHUB_LEVELS = {"error": "error", "warning": "warning", "info": "notice"}


def github_report(results: list[Result], errors: list) -> str:
    """GitHub Actions workflow commands: one ``::warning file=…,line=…::`` annotation per finding."""
    lines = []
    for result in results:
        for f in result.findings:
            end_line, end_column = _end(result, f)
            props = (f"file={_gh_escape(result.path or 'stdin', True)},line={f.line},col={f.column},"
                     f"endLine={end_line},endColumn={end_column},title={_gh_escape(f.rule, True)}")
            message = f.message + (f" → {_one_line(f.suggestion)}" if f.suggestion else "")
            lines.append(f"::{GITHUB_LEVELS[f.severity]} {props}::{_gh_escape(message)}")
    for e in errors:
        lines.append(f"::error file={_gh_escape(e.name, True)}::{_gh_escape(e.reason)}")
    return "\n".join(lines)


def checkstyle_report(results: list[Result], errors: list) -> str:
    """Checkstyle XML, which many CI dashboards and review tools import."""
    from xml.etree import ElementTree as ET  # only this format needs it

    root = ET.Element("checkstyle", version="4.3")
    for result in results:
        node = ET.SubElement(root, "file", name=result.path or "stdin")
        for f in result.findings:
            ET.SubElement(node, "error", line=str(f.line), column=str(f.column), severity=f.severity,
                          message=f.message, source=f"tonecheck.{f.rule}")
    for e in errors:
        node = ET.SubElement(root, "file", name=e.name)
        ET.SubElement(node, "error", severity="error", message=e.reason, source="tonecheck.input")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")


def render(fmt: str, results: list[Result], errors: list, rules: dict, colour: bool, statistics: bool) -> str:
    """The report in the chosen format."""
    if fmt == "json":
        return json_report(results, errors, statistics)
    if statistics and fmt in ("text", "grouped"):
        return statistics_report(results, errors, rules)
    if fmt == "text":
        return text_report(results, errors, colour)
    if fmt == "grouped":
        return grouped_report(results, errors, colour)
    if fmt == "jsonl":
        return jsonl_report(results, errors)
    if fmt == "sarif":
        return sarif_report(results, errors, rules)
    if fmt == "github":
        return github_report(results, errors)
    return checkstyle_report(results, errors)
