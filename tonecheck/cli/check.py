"""``tonecheck check`` (the default command): findings with rewrites for files or standard input."""

from __future__ import annotations

import sys

import click

from tonecheck.cli.formatters import FORMATS, make_report
from tonecheck.cli.options import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    each_message,
    fails,
    files_command,
    guarded,
    make_session,
    min_score_option,
    use_colour,
)
from tonecheck.results.findings import SEVERITIES


@files_command
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text and grouped for people; json (the finding contract), jsonl, sarif, github "
                   "(workflow annotations) and checkstyle for tools.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding of this severity or higher is found (default: warning).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("--report-unused-suppressions", "report_unused", is_flag=True,
              help="Report inline 'tonecheck: disable' directives that silenced nothing.")
@click.option("-r", "--recursive", is_flag=True,
              help="Check the *.txt, *.md, *.eml and *.mbox files inside directories.")
@click.option("--color/--no-color", "colour", default=None,
              help="Force colour on or off (default: on a terminal only, off with NO_COLOR).")
@min_score_option
@guarded
def check(paths, language, formality, addressee, select, ignore, no_strip, config_path, isolated, server, token,
          fmt, fail_on, statistics, report_unused, recursive, colour, min_score):
    """Check messages in files (or - for standard input) and print findings with rewrites.

    Files may be plain drafts (.txt, .md), e-mails (.eml) or mailboxes (.mbox, one result per
    message). Quoted replies and the signature are left out unless --no-strip is given.

    \b
    Exit status:
      0  nothing at or above --fail-on was found
      1  findings at or above --fail-on, or a warmth score below --min-score
      2  usage error, invalid rule file, or an input that could not be read
         (the other inputs are still checked and reported)
    """
    session = make_session(language, formality, select, ignore, config_path, isolated, fail_on, server, token,
                           strip=not no_strip)
    session.config_for(None)  # a broken configuration is reported before any input is read
    colour = use_colour(colour)
    report = make_report(fmt, colour, statistics,
                         rules=lambda: {r.id: r for linter in session.linters() for r in linter.rules})
    # message by message: each is read, checked and reported before the next is read, so an
    # mbox of thousands costs the memory of one (formats that are one document keep findings)
    errors: list = []
    failed = False
    messages = each_message(paths, recursive, session.strip, errors)
    for result, file_fail_on in session.each(messages, addressee=addressee, report_unused=report_unused):
        failed = fails(result, file_fail_on, min_score) or failed
        _echo(report.add(result), colour)
    for error in errors:
        report.error(error)
    _echo(report.finish(), colour)
    sys.exit(EXIT_ERROR if errors else EXIT_FINDINGS if failed else EXIT_CLEAN)


def _echo(lines: list[str], colour: bool) -> None:
    """Print a report's lines (one write for a message's lines: a pipe is not flushed per line)."""
    if lines:
        click.echo("\n".join(lines), color=colour)
