"""``tonecheck check`` (the default command): findings with rewrites for files or standard input."""

from __future__ import annotations

import sys

import click

from tonecheck.cli.formatters import FORMATS, render
from tonecheck.cli.options import (
    exit_status,
    files_command,
    guarded,
    load_all,
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
    session = make_session(language, formality, select, ignore, config_path, isolated, fail_on, server, token)
    session.config_for(None)  # a broken configuration is reported before any input is read
    messages, errors = load_all(paths, recursive, strip=not no_strip)
    checked = session.check(messages, addressee=addressee, report_unused=report_unused)
    results = [result for result, _ in checked]
    rules = {r.id: r for linter in session.linters() for r in linter.rules} if fmt == "sarif" or statistics else {}
    out = render(fmt, results, errors, rules, use_colour(colour), statistics)
    if out:
        click.echo(out, color=use_colour(colour))
    sys.exit(exit_status(checked, errors, min_score))
