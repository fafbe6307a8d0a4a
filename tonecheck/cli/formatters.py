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


class Tally:
    """What a report's summary needs of the results, kept as they come (not the results): the
    counts and, with ``warmth``, the mean score, where it was lowest and the one message's explanation."""

    def __init__(self, warmth: bool = True):
        self.warmth = warmth
        self.checked = self.with_findings = 0
        self.by_severity = {"error": 0, "warning": 0, "info": 0}
        self.warmth_sum, self.lowest = 0.0, None  # (score, path) of the coldest message
        self.first_warmth = None  # the first message's Warmth: a lone message's summary explains it

    def add(self, result: Result) -> None:
        self.checked += 1
        self.with_findings += bool(result.findings)
        for f in result.findings:
            self.by_severity[f.severity] += 1
        if not self.warmth:
            return
        explained = result.warmth
        score = (explained.score, result.path or "stdin")
        self.warmth_sum += score[0]
        self.lowest = score if self.lowest is None else min(self.lowest, score)
        if self.first_warmth is None:
            self.first_warmth = explained

    @classmethod
    def of(cls, results: list[Result]) -> Tally:
        tally = cls()
        for result in results:
            tally.add(result)
        return tally


def summary(results: list[Result] | Tally, errors: list) -> dict:
    tally = results if isinstance(results, Tally) else Tally.of(results)
    counts = dict(tally.by_severity)
    return {
        "inputs": tally.checked + len(errors),
        "checked": tally.checked,
        "unreadable": len(errors),
        "with_findings": tally.with_findings,
        "findings": sum(counts.values()),
        "by_severity": counts,
    }


def summary_line(results: list[Result] | Tally, errors: list) -> str:
    tally = results if isinstance(results, Tally) else Tally.of(results)
    s = summary(tally, errors)
    if s["findings"]:
        parts = [_plural(s["by_severity"][k], k) for k in ("error", "warning", "info") if s["by_severity"][k]]
        line = (f"Found {_plural(s['findings'], 'issue')} ({', '.join(parts)}) in "
                f"{s['with_findings']} of {_plural(s['checked'], 'message')}.")
    else:
        line = f"No issues in {_plural(s['checked'], 'message')}."
    if s["findings"]:
        line += _warmth_note(tally)
    if errors:
        line += f" {s['unreadable']} could not be read."
    return line


EXPLAINED = 4  # what moved one message's warmth most, shown after its score


def _warmth_note(tally: Tally) -> str:
    """" Warmth 6.5/10 (− blame 4, + thanks 0.8)." for one message, with what moved it most;
    the mean and the coldest for several."""
    if tally.checked == 1:
        moves = tally.first_warmth.explained()[:EXPLAINED]
        why = " (" + ", ".join(f"{'+' if v > 0 else '−'} {what} {round(abs(v), 1):g}" for what, v in moves) + ")" \
            if moves else ""
        return f" Warmth {tally.lowest[0]:g}/10{why}."
    low, where = tally.lowest
    return f" Warmth: mean {tally.warmth_sum / tally.checked:.1f}/10, lowest {low:g} ({where})."


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


class Report:
    """A report built one result at a time, so that a run over thousands of messages (an mbox)
    holds none of them: ``add`` counts a result and returns the lines that can be printed at
    once, ``error`` notes an input that could not be read, ``finish`` returns the closing lines.
    Formats that are one document (json, sarif, checkstyle) keep each result's findings and
    what they print of it, never its text or Doc. Printed line by line, the output is the
    lines joined as ``render`` joins them."""

    WARMTH = False  # whether the summary says how warm the messages were

    def __init__(self):
        self.tally, self.errors = Tally(self.WARMTH), []

    def add(self, result: Result) -> list[str]:
        self.tally.add(result)
        return self._lines(result)

    def error(self, error) -> None:
        self.errors.append(error)

    def _lines(self, result: Result) -> list[str]:
        return []

    def finish(self) -> list[str]:
        raise NotImplementedError

    def render(self, results: list[Result], errors: list) -> str:
        lines = [line for result in results for line in self.add(result)]
        for error in errors:
            self.error(error)
        return "\n".join(lines + self.finish())


class TextReport(Report):
    """``path:line:col: severity rule message``, the words, the rewrite; then a summary line."""

    WARMTH = True

    def __init__(self, colour: bool):
        super().__init__()
        self.style = _Style(colour)

    def _lines(self, result: Result) -> list[str]:
        style, lines = self.style, []
        for f in result.findings:
            lines += _finding_lines(f, style, style(f"{result.path}:{f.line}:{f.column}:", bold=True), result.text)
        return lines

    def finish(self) -> list[str]:
        return [self.style(summary_line(self.tally, self.errors), bold=True)]


class GroupedReport(TextReport):
    """Findings under a heading per input: easier to read for many findings per message."""

    def _lines(self, result: Result) -> list[str]:
        if not result.findings:
            return []
        style = self.style
        lines = [style(f"{result.path} ({result.language})", bold=True, underline=True)]
        for f in result.findings:
            lines += ["  " + line for line in _finding_lines(f, style, f"{f.line}:{f.column}", result.text)]
        return [*lines, ""]


class StatisticsReport(Report):
    """Counts per rule, most frequent first (like ``ruff --statistics``)."""

    WARMTH = True

    def __init__(self, rules):
        super().__init__()
        self.rules, self.counts, self.fixable = rules, Counter(), Counter()

    def _lines(self, result: Result) -> list[str]:
        self.counts.update(f.rule for f in result.findings)
        self.fixable.update(f.rule for f in result.findings if is_safe(f))
        return []

    def finish(self) -> list[str]:
        counts, fixable, rules = self.counts, self.fixable, self.rules()
        width = max((len(str(n)) for n in counts.values()), default=1)
        rule_width = max((len(rule) for rule in counts), default=0)
        lines = []
        for rule, n in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
            mark = "[*]" if fixable[rule] else "   "
            summary_text = rules[rule].summary if rule in rules else ""
            lines.append(f"{n:>{width}}  {rule:<{rule_width}}  {mark} {summary_text}")
        lines.append(summary_line(self.tally, self.errors))
        if fixable:
            lines.append("[*] has rewrites that `tonecheck fix` applies.")
        return lines


class JsonReport(Report):
    """One JSON document: the inputs with their findings, the unreadable ones, a summary."""

    def __init__(self, statistics: bool = False):
        super().__init__()
        self.statistics, self.files, self.counts = statistics, [], Counter()

    def _lines(self, result: Result) -> list[str]:
        self.files.append(result.to_dict())
        self.counts.update(f.rule for f in result.findings)
        return []

    def finish(self) -> list[str]:
        doc = {
            "version": 1,
            "files": self.files,
            "errors": [{"path": e.name, "message": e.reason} for e in self.errors],
            "summary": summary(self.tally, self.errors),
        }
        if self.statistics:
            doc["statistics"] = dict(self.counts.most_common())
        return [json.dumps(doc, ensure_ascii=False, indent=2)]


class JsonlReport(Report):
    """One finding per line (and one line per unreadable input, at the end), for streaming consumers."""

    def _lines(self, result: Result) -> list[str]:
        return [json.dumps({"path": result.path, **result.finding_dict(f)}, ensure_ascii=False)
                for f in result.findings]

    def finish(self) -> list[str]:
        return [json.dumps({"path": e.name, "error": e.reason}, ensure_ascii=False) for e in self.errors]


def text_report(results: list[Result], errors: list, colour: bool) -> str:
    return TextReport(colour).render(results, errors)


def _end(result: Result, f) -> tuple[int, int]:
    line, column = line_and_column(result.text, f.end)
    return line + (f.line - line_and_column(result.text, f.start)[0]), column


SARIF_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


class SarifReport(Report):
    """SARIF 2.1.0, as GitHub code scanning reads it: rules with help, results with regions and
    the rewrites as fixes."""

    def __init__(self, rules):
        super().__init__()
        self.rules, self.found = rules, []  # (uri, finding, end line, end column)

    def _lines(self, result: Result) -> list[str]:
        uri = result.path or "stdin"
        self.found += [(uri, f, *_end(result, f)) for f in result.findings]
        return []

    def finish(self) -> list[str]:
        rules = self.rules()
        used = sorted({f.rule for _, f, _, _ in self.found} | set(rules))
        index = {rule: i for i, rule in enumerate(used)}
        descriptors = [_sarif_rule(rules[rule]) if rule in rules else {"id": rule} for rule in used]
        sarif_results = []
        for uri, f, end_line, end_column in self.found:
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
        errors = self.errors
        notifications = [{"level": "error", "message": {"text": f"{e.name}: {e.reason}"}} for e in errors]
        run = {"tool": {"driver": {"name": "tonecheck", "version": __version__, "rules": descriptors}},
               "results": sarif_results,
               "invocations": [{"executionSuccessful": not errors, "toolExecutionNotifications": notifications}]}
        doc = {"$schema": "https://json.schemastore.org/sarif-2.1.0.json", "version": "2.1.0", "runs": [run]}
        return [json.dumps(doc, ensure_ascii=False, indent=2)]


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


class GithubReport(Report):
    """GitHub Actions workflow commands: one ``::warning file=…,line=…::`` annotation per finding."""

    def _lines(self, result: Result) -> list[str]:
        lines = []
        for f in result.findings:
            end_line, end_column = _end(result, f)
            props = (f"file={_gh_escape(result.path or 'stdin', True)},line={f.line},col={f.column},"
                     f"endLine={end_line},endColumn={end_column},title={_gh_escape(f.rule, True)}")
            message = f.message + (f" → {_one_line(f.suggestion)}" if f.suggestion else "")
            lines.append(f"::{GITHUB_LEVELS[f.severity]} {props}::{_gh_escape(message)}")
        return lines

    def finish(self) -> list[str]:
        return [f"::error file={_gh_escape(e.name, True)}::{_gh_escape(e.reason)}" for e in self.errors]


class CheckstyleReport(Report):
    """Checkstyle XML, which many CI dashboards and review tools import."""

    def __init__(self):
        super().__init__()
        self.files = []  # (path, findings)

    def _lines(self, result: Result) -> list[str]:
        self.files.append((result.path or "stdin", result.findings))
        return []

    def finish(self) -> list[str]:
        from xml.etree import ElementTree as ET  # only this format needs it

        root = ET.Element("checkstyle", version="4.3")
        for path, findings in self.files:
            node = ET.SubElement(root, "file", name=path)
            for f in findings:
                ET.SubElement(node, "error", line=str(f.line), column=str(f.column), severity=f.severity,
                              message=f.message, source=f"tonecheck.{f.rule}")
        for e in self.errors:
            node = ET.SubElement(root, "file", name=e.name)
            ET.SubElement(node, "error", severity="error", message=e.reason, source="tonecheck.input")
        ET.indent(root)
        return ['<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode")]


def make_report(fmt: str, colour: bool, statistics: bool, rules=dict) -> Report:
    """The report in the chosen format; ``rules`` gives the rules by id when the end is written
    (SARIF lists them, statistics name them)."""
    if fmt == "json":
        return JsonReport(statistics)
    if statistics and fmt in ("text", "grouped"):
        return StatisticsReport(rules)
    reports = {"text": lambda: TextReport(colour), "grouped": lambda: GroupedReport(colour), "jsonl": JsonlReport,
               "sarif": lambda: SarifReport(rules), "github": GithubReport, "checkstyle": CheckstyleReport}
    return reports[fmt]()


def render(fmt: str, results: list[Result], errors: list, rules: dict, colour: bool, statistics: bool) -> str:
    """The whole report in the chosen format, for results already in hand."""
    return make_report(fmt, colour, statistics, lambda: rules).render(results, errors)
