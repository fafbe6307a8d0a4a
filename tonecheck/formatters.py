"""Render results for people (text) and for tools (JSON, the finding contract)."""

from __future__ import annotations

import json

import click

from .findings import Result

SEVERITY_COLOURS = {"error": "red", "warning": "yellow", "info": "blue"}


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


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


def text_report(results: list[Result], errors: list, colour: bool) -> str:
    """``path:line:col: severity rule message``, the words, the rewrite; then a summary line."""
    def style(s: str, **kw) -> str:
        return click.style(s, **kw) if colour else s

    lines = []
    for result in results:
        for f in result.findings:
            where = style(f"{result.path}:{f.line}:{f.column}:", bold=True)
            sev = style(f.severity, fg=SEVERITY_COLOURS[f.severity], bold=True)
            lines.append(f"{where} {sev} {style(f.rule, fg='cyan')} {f.message}")
            lines.append(f"    {_one_line(f.text)}")
            if f.suggestion is not None:
                rewrite = _one_line(f.suggestion) if f.suggestion else "(delete)"
                lines.append("    " + style(f"→ {rewrite}", fg="green"))
    s = summary(results, errors)
    if s["findings"]:
        parts = [_plural(s["by_severity"][k], k) for k in ("error", "warning", "info") if s["by_severity"][k]]
        line = (f"Found {_plural(s['findings'], 'issue')} ({', '.join(parts)}) in "
                f"{s['with_findings']} of {_plural(s['checked'], 'message')}.")
    else:
        line = f"No issues in {_plural(s['checked'], 'message')}."
    if errors:
        line += f" {s['unreadable']} could not be read."
    lines.append(style(line, bold=True))
    return "\n".join(lines)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def json_report(results: list[Result], errors: list) -> str:
    """One JSON document: the inputs with their findings, the unreadable ones, a summary."""
    doc = {
        "version": 1,
        "files": [r.to_dict() for r in results],
        "errors": [{"path": e.name, "message": e.reason} for e in errors],
        "summary": summary(results, errors),
    }
    return json.dumps(doc, ensure_ascii=False, indent=2)


FORMATS = ("text", "json")
