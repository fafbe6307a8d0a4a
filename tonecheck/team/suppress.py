"""Inline suppression for template and macro files.

A directive stands on its own line, bare or inside a comment (``<!-- … -->``, ``#``, ``//``):

    tonecheck: disable=blame.again,refusal      off from the next line on (ids or families)
    tonecheck: enable=blame.again               on again (``enable`` alone: everything)
    tonecheck: disable-next-line=greeting       off for the next line only (no ``=``: all rules)
    tonecheck: ignore-file                      no findings in this file

Directive lines are blanked (same length) before checking, so they are never taken for the
message's first words, and every finding keeps its position.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from tonecheck.results.findings import Finding, line_and_column

_DIRECTIVE = re.compile(
    r"^[ \t]*(?:<!--|#+|//|/\*)?[ \t]*tonecheck:[ \t]*(disable-next-line|disable|enable|ignore-file)"
    r"(?:[ \t]*=[ \t]*([\w.,\- \t]+?))?[ \t]*(?:-->|\*/)?[ \t]*$", re.MULTILINE)
ALL = "all"


@dataclass
class Directive:
    line: int          # 1-based line of the directive in the text
    kind: str
    names: frozenset
    start: int
    end: int
    used: bool = False

    def covers(self, rule: str) -> bool:
        family = rule.split(".", 1)[0]
        return ALL in self.names or rule in self.names or family in self.names


def parse(text: str) -> list[Directive]:
    out = []
    for m in _DIRECTIVE.finditer(text):
        names = frozenset(n.strip() for n in (m.group(2) or ALL).split(",") if n.strip())
        out.append(Directive(text.count("\n", 0, m.start()) + 1, m.group(1), names, m.start(), m.end()))
    return out


def mask(text: str, directives: list[Directive]) -> str:
    """The text with each directive line replaced by spaces (positions unchanged)."""
    for d in directives:
        text = text[: d.start] + " " * (d.end - d.start) + text[d.end:]
    return text


def suppressed(finding: Finding, text: str, directives: list[Directive]) -> Directive | None:
    """The directive that silences a finding, if any."""
    line = line_and_column(text, finding.start)[0]
    active: dict[str, Directive] = {}
    for d in directives:
        if d.kind == "ignore-file":
            return d
        if d.line >= line:
            continue
        if d.kind == "disable-next-line" and d.line == line - 1 and d.covers(finding.rule):
            return d
        if d.kind == "disable":
            for name in d.names:
                active[name] = d
        elif d.kind == "enable":
            for name in (list(active) if ALL in d.names else d.names):
                active.pop(name, None)
    family = finding.rule.split(".", 1)[0]
    for key in (finding.rule, family, ALL):
        if key in active:
            return active[key]
    return None


def unused_message(directive: Directive, language: str) -> str:
    names = ", ".join(sorted(directive.names))
    if language == "ru":
        return f"Подавление «tonecheck: {directive.kind}={names}» ни на что не повлияло: его можно убрать."
    return f"Suppression “tonecheck: {directive.kind}={names}” silenced nothing: it can be removed."


def screen(message) -> tuple:
    """(the Message with its directive lines blanked, its directives): what the engine checks,
    and what ``settle`` then applies to the findings."""
    directives = parse(message.text)
    return (replace(message, text=mask(message.text, directives)) if directives else message), directives


def settle(result, directives: list[Directive], report_unused: bool, line_offset: int):
    """The result with the findings its directives silence taken out; with ``report_unused``,
    a directive that silenced nothing becomes a finding of its own. ``result.text`` is the
    message as written (directive lines included)."""
    if not directives:
        return result
    kept = []
    for finding in result.findings:
        directive = suppressed(finding, result.text, directives)
        if directive is None:
            kept.append(finding)
        else:
            directive.used = True
    if report_unused:
        kept.extend(_unused(result, directives, line_offset))
    result.findings = sorted(kept, key=lambda f: (f.start, -(f.end - f.start), f.rule))
    return result


def _unused(result, directives: list[Directive], line_offset: int) -> list[Finding]:
    out = []
    for d in directives:
        if not d.used and d.kind != "enable":
            text = result.text[d.start:d.end].strip()
            start = result.text.index(text, d.start)
            out.append(Finding("suppression.unused", "info", unused_message(d, result.language),
                               start, start + len(text), text, "", d.line + line_offset,
                               start - result.text.rfind("\n", 0, start), result.language))
    return out
