"""The command line: ``tonecheck draft.txt`` and friends.

Exit status: 0 when nothing at or above ``--fail-on`` was found, 1 when something was, 2 for a
usage error or an input that could not be read (the other inputs are still checked).
"""

from __future__ import annotations

import os
import sys

import click

from . import __version__
from .findings import SEVERITIES, severity_rank
from .formatters import FORMATS, json_report, text_report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DefaultGroup(click.Group):
    """A group whose default command is ``check``: ``tonecheck a.txt`` = ``tonecheck check a.txt``."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def use_colour(option: bool | None) -> bool:
    """Colour only on a terminal, never with NO_COLOR set, unless forced either way."""
    if option is not None:
        return option
    return sys.stdout.isatty() and not os.environ.get("NO_COLOR")


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tonecheck")
def main():
    """tonecheck: a linter for the way colleagues write to each other.

    Checks Russian and English messages against the service-culture code: a greeting and one
    form of address, full answers, an alternative with every refusal, no blaming wording. Each
    finding comes with a rewrite a person would actually send.

    \b
    Examples:
      tonecheck draft.txt
      tonecheck --to "Петрова Анна Сергеевна" reply.txt
      echo "Вы опять не приложили счёт." | tonecheck -
      tonecheck --format json --fail-on error messages/*.txt

    Run 'tonecheck check --help' for every option and the exit codes.
    """


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--lang", "language", type=click.Choice(["auto", "ru", "en"]), default="auto",
              show_default=True, help="Language of the messages; auto decides per message and per paragraph.")
@click.option("--formality", type=click.Choice(["formal", "informal"]), default="formal", show_default=True,
              help="The team's register: formal expects вы and Здравствуйте/Hello; informal allows ты, Привет, Hey.")
@click.option("--to", "addressee", metavar="NAME",
              help='Who the message is for, e.g. "Петрова Анна Сергеевна" or "Anna Smith": used in greetings.')
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text for people, json for tools (the finding contract).")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default="warning", show_default=True,
              help="Exit 1 when a finding of this severity or higher is found.")
@click.option("--select", metavar="IDS", help="Only these rules or families, comma-separated (e.g. blame,refusal.no-alternative).")
@click.option("-r", "--recursive", is_flag=True, help="Check the *.txt and *.md files inside directories.")
@click.option("--color/--no-color", "colour", default=None, help="Force colour on or off (default: on a terminal only, off with NO_COLOR).")
def check(paths, language, formality, addressee, fmt, fail_on, select, recursive, colour):
    """Check messages in files (or - for standard input) and print findings with rewrites.

    \b
    Exit status:
      0  nothing at or above --fail-on was found
      1  findings at or above --fail-on
      2  usage error, invalid rule file, or an input that could not be read
         (the other inputs are still checked and reported)
    """
    from .engine import Linter
    from .inputs import InputError, expand, read
    from .rules import RuleError

    try:
        linter = Linter(formality=formality, language=language,
                        select=[s.strip() for s in select.split(",")] if select else None)
        if select and not linter.rules:
            raise click.UsageError(f"--select {select!r} matches no rule or family")
    except RuleError as exc:
        click.echo(f"tonecheck: error: invalid rule file: {exc}", err=True)
        sys.exit(EXIT_ERROR)

    results, errors = [], []
    for item in expand(list(paths), recursive):
        if isinstance(item, InputError):
            errors.append(item)
            click.echo(f"tonecheck: error: {item}", err=True)
            continue
        try:
            text = read(item)
        except InputError as exc:
            errors.append(exc)
            click.echo(f"tonecheck: error: {exc}", err=True)
            continue
        result = linter.check(text, addressee=addressee)
        result.path = item.name
        results.append(result)

    if fmt == "json":
        click.echo(json_report(results, errors))
    else:
        click.echo(text_report(results, errors, use_colour(colour)), color=use_colour(colour))
    sys.exit(exit_status(results, errors, fail_on))


def exit_status(results, errors, fail_on: str) -> int:
    """2 if an input could not be read, else 1 if a finding reaches the threshold, else 0."""
    if errors:
        return EXIT_ERROR
    threshold = severity_rank(fail_on)
    if any(severity_rank(f.severity) >= threshold for r in results for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN
