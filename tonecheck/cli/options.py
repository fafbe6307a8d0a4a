"""What the checking commands share: their options, the session those options make, the one-line
error guard, reading every input, and the exit status.

Exit status: 0 when nothing at or above ``--fail-on`` was found, 1 when something was, 2 for a
usage error or an input that could not be read (the other inputs are still checked).
"""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import click

from tonecheck.results.findings import severity_rank

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def use_colour(option: bool | None, stream=None) -> bool:
    """Colour only on a terminal, never with NO_COLOR set, unless forced either way."""
    if option is not None:
        return option
    return (stream or sys.stdout).isatty() and not os.environ.get("NO_COLOR")


def _names(value: str | None) -> list[str] | None:
    return [s.strip() for s in value.split(",") if s.strip()] if value else None


def linter_options(func):
    """Options every checking command shares; each overrides the configuration file."""
    options = [
        click.option("--lang", "language", type=click.Choice(["auto", "ru", "en"]), default=None,
                     help="Language of the messages; auto (default) decides per message and per paragraph."),
        click.option("--formality", type=click.Choice(["auto", "formal", "informal"]), default=None,
                     help="The team's register: formal expects вы and Здравствуйте/Hello; informal allows "
                          "ты, Привет, Hey; auto (default) reads it from the thread: ты is a fault only "
                          "after a formal greeting or in reply to a message on вы."),
        click.option("--to", "addressee", metavar="NAME",
                     help='Who the message is for, e.g. "Петрова Анна Сергеевна" or "Anna Smith" '
                          "(default: the To: name of an e-mail, or the sender of the quoted message)."),
        click.option("--select", metavar="IDS",
                     help="Only these rules or families, comma-separated (e.g. blame,refusal.no-alternative)."),
        click.option("--ignore", metavar="IDS", help="Leave out these rules or families, comma-separated."),
        click.option("--no-strip", is_flag=True,
                     help="Check the whole text, including quoted replies and the signature."),
        click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
                     help="Use this configuration file instead of looking for .tonecheck.yaml / pyproject.toml."),
        click.option("--isolated", is_flag=True, help="Ignore every configuration file."),
        click.option("--server", metavar="URL", envvar="TONECHECK_SERVER",
                     help="Check through a running 'tonecheck serve' (env TONECHECK_SERVER); "
                          "falls back to checking here when it cannot be reached."),
        click.option("--token", metavar="TOKEN", envvar="TONECHECK_TOKEN",
                     help="Bearer token for --server (env TONECHECK_TOKEN)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def files_command(func):
    """A command over files (or - for standard input) that takes every linter option."""
    func = linter_options(func)
    func = click.argument("paths", nargs=-1, required=True, metavar="PATH...")(func)
    return click.command()(func)


def min_score_option(func):
    """--min-score: block on a cold message even when each finding alone is below --fail-on."""
    return click.option("--min-score", type=click.FloatRange(0, 10), default=None, metavar="SCORE",
                        help="Also exit 1 when a message's warmth score (0-10, shown in the summary) "
                             "is below SCORE.")(func)


def make_session(language, formality, select, ignore, config_path, isolated, fail_on=None,
                 server=None, token=None, strip=True):
    """A Session for the options (a missing --config file is a usage error); ``strip=False``
    (--no-strip) checks quoted and forwarded text left in a message as the sender's too."""
    from tonecheck.cli.session import Session

    if config_path is not None and not config_path.is_file():
        raise click.UsageError(f"--config {config_path}: no such file")
    cli = {"language": language, "formality": formality, "select": _names(select),
           "ignore": _names(ignore), "fail-on": fail_on}
    return Session(cli, config_path, isolated, server, token, strip=strip)


def guarded(func):
    """Turn configuration and rule-file problems into one line and exit status 2."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from tonecheck.rulebook.rules import RuleError
        from tonecheck.service.client import RemoteError
        from tonecheck.team.config import ConfigError

        try:
            return func(*args, **kwargs)
        except ConfigError as exc:
            where = "" if exc.path.startswith("--") else "configuration: "
            click.echo(f"tonecheck: error: {where}{exc}", err=True)
        except (RuleError, FileNotFoundError) as exc:
            click.echo(f"tonecheck: error: invalid rule file: {exc}", err=True)
        except RemoteError as exc:
            click.echo(f"tonecheck: error: server: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    return wrapper


def each_message(paths, recursive: bool, strip: bool, errors: list):
    """The messages of all inputs, one at a time (an .mbox's as each is read), so a command that
    checks and reports each in turn holds one; an input that cannot be read is printed as one
    line on standard error when it is met and added to ``errors``."""
    from tonecheck.inputs.sources import InputError, expand

    for item in expand(list(paths), recursive):
        for entry in [item] if isinstance(item, InputError) else _entries(item, strip):
            if isinstance(entry, InputError):
                errors.append(entry)
                click.echo(f"tonecheck: error: {entry}", err=True)
            else:
                yield entry


def _entries(source, strip: bool):
    """A source's messages and InputErrors, or the one InputError saying it cannot be read."""
    from tonecheck.inputs.sources import InputError, messages

    try:
        yield from messages(source, strip=strip)
    except InputError as exc:
        yield exc


def fails(result, fail_on: str, min_score: float | None = None) -> bool:
    """Whether a message makes the exit status 1: a finding reaches its file's fail-on, or its
    warmth is below min_score."""
    if any(severity_rank(f.severity) >= severity_rank(fail_on) for f in result.findings):
        return True
    return min_score is not None and result.warmth.score < min_score


def exit_status(checked, errors, min_score: float | None = None) -> int:
    """2 if an input could not be read, else 1 if a finding reaches its file's fail-on or a
    message's warmth is below min_score, else 0."""
    if errors:
        return EXIT_ERROR
    return EXIT_FINDINGS if any(fails(r, fail_on, min_score) for r, fail_on in checked) else EXIT_CLEAN
