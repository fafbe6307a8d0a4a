"""The command line: ``tonecheck draft.txt`` and friends.

Exit status: 0 when nothing at or above ``--fail-on`` was found, 1 when something was, 2 for a
usage error or an input that could not be read (the other inputs are still checked).
"""

from __future__ import annotations

import difflib
import functools
import os
import shutil
import subprocess
import sys
from pathlib import Path

import click

from . import __version__
from .findings import SEVERITIES, severity_rank
from .formatters import FORMATS, render, text_report

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class DefaultGroup(click.Group):
    """A group whose default command is ``check``: ``tonecheck a.txt`` = ``tonecheck check a.txt``."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


def use_colour(option: bool | None, stream=None) -> bool:
    """Colour only on a terminal, never with NO_COLOR set, unless forced either way."""
    if option is not None:
        return option
    return (stream or sys.stdout).isatty() and not os.environ.get("NO_COLOR")


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tonecheck")
def main():
    """tonecheck: a linter for the way colleagues write to each other.

    Checks Russian and English messages against the service-culture code: a greeting and one
    form of address, full answers, an alternative with every refusal, no blaming wording. Each
    finding comes with a rewrite a person would actually send. Mail (.eml, .mbox) is read with
    its quoted replies and signature cut off: only what the sender writes now is checked.

    \b
    Examples:
      tonecheck draft.txt
      tonecheck --to "Петрова Анна Сергеевна" reply.txt
      echo "Вы опять не приложили счёт." | tonecheck -
      tonecheck fix --diff draft.txt
      tonecheck hook < message.eml
      tonecheck --format json --fail-on error messages/*.eml

    Run 'tonecheck check --help' for every option and the exit codes.
    """


def _names(value: str | None) -> list[str] | None:
    return [s.strip() for s in value.split(",") if s.strip()] if value else None


def linter_options(func):
    """Options every checking command shares; each overrides the configuration file."""
    options = [
        click.option("--lang", "language", type=click.Choice(["auto", "ru", "en"]), default=None,
                     help="Language of the messages; auto (default) decides per message and per paragraph."),
        click.option("--formality", type=click.Choice(["formal", "informal"]), default=None,
                     help="The team's register: formal (default) expects вы and Здравствуйте/Hello; "
                          "informal allows ты, Привет, Hey."),
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


def make_session(language, formality, select, ignore, config_path, isolated, fail_on=None,
                 server=None, token=None):
    """A Session for the options (a missing --config file is a usage error)."""
    from .session import Session

    if config_path is not None and not config_path.is_file():
        raise click.UsageError(f"--config {config_path}: no such file")
    cli = {"language": language, "formality": formality, "select": _names(select),
           "ignore": _names(ignore), "fail-on": fail_on}
    return Session(cli, config_path, isolated, server, token)


def guarded(func):
    """Turn configuration and rule-file problems into one line and exit status 2."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        from .client import RemoteError
        from .config import ConfigError
        from .rules import RuleError

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


def load_all(paths, recursive: bool, strip: bool):
    """Messages from all inputs, and the one-line errors of those that could not be read."""
    from .inputs import InputError, expand, load

    messages, errors = [], []
    for item in expand(list(paths), recursive):
        if not isinstance(item, InputError):
            try:
                loaded = load(item, strip=strip)
            except InputError as exc:
                loaded = [exc]
        else:
            loaded = [item]
        for entry in loaded:
            if isinstance(entry, InputError):
                errors.append(entry)
                click.echo(f"tonecheck: error: {entry}", err=True)
            else:
                messages.append(entry)
    return messages, errors


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@linter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text and grouped for people; json (the finding contract), jsonl, sarif, github "
                   "(workflow annotations) and checkstyle for tools.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Exit 1 when a finding of this severity or higher is found (default: warning).")
@click.option("--statistics", is_flag=True, help="Print the number of findings per rule instead of each finding.")
@click.option("--report-unused-suppressions", "report_unused", is_flag=True,
              help="Report inline 'tonecheck: disable' directives that silenced nothing.")
@click.option("-r", "--recursive", is_flag=True, help="Check the *.txt, *.md, *.eml and *.mbox files inside directories.")
@click.option("--color/--no-color", "colour", default=None,
              help="Force colour on or off (default: on a terminal only, off with NO_COLOR).")
@guarded
def check(paths, language, formality, addressee, select, ignore, no_strip, config_path, isolated, server, token,
          fmt, fail_on, statistics, report_unused, recursive, colour):
    """Check messages in files (or - for standard input) and print findings with rewrites.

    Files may be plain drafts (.txt, .md), e-mails (.eml) or mailboxes (.mbox, one result per
    message). Quoted replies and the signature are left out unless --no-strip is given.

    \b
    Exit status:
      0  nothing at or above --fail-on was found
      1  findings at or above --fail-on
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
    sys.exit(exit_status(checked, errors))


def exit_status(checked, errors) -> int:
    """2 if an input could not be read, else 1 if a finding reaches its file's fail-on, else 0."""
    if errors:
        return EXIT_ERROR
    if any(severity_rank(f.severity) >= severity_rank(fail_on) for r, fail_on in checked for f in r.findings):
        return EXIT_FINDINGS
    return EXIT_CLEAN


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@linter_options
@click.option("-i", "--in-place", is_flag=True, help="Rewrite the files (a backup FILE.orig is kept).")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .orig backup.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the fixed text.")
@guarded
def fix(paths, language, formality, addressee, select, ignore, no_strip, config_path, isolated, server, token,
        in_place, no_backup, show_diff):
    """Apply every safe suggestion and print the fixed text (or a diff, or rewrite in place).

    A suggestion is safe when it is a finished rewrite; skeletons with "…" to fill in (an
    alternative to a refusal, an expanded answer) are left for you. Fixing a fixed text changes
    nothing. In an e-mail only the checked text part changes: headers, quotes, signature and
    MIME structure stay as they were.

    \b
    Exit status: 0 fixed or nothing to fix, 2 usage error or unreadable input.
    """
    from .inputs import InputError, expand

    if len(paths) > 1 and not (in_place or show_diff):
        raise click.UsageError("several files need --in-place or --diff (the fixed texts would run together)")
    if in_place and "-" in paths:
        raise click.UsageError("standard input cannot be rewritten in place")
    session = make_session(language, formality, select, ignore, config_path, isolated, None, server, token)
    session.config_for(None)
    failed = False
    for item in expand(list(paths), recursive=False):
        try:
            if isinstance(item, InputError):
                raise item
            original, fixed = _fixed_bytes(session, item, addressee, strip=not no_strip)
        except InputError as exc:
            click.echo(f"tonecheck: error: {exc}", err=True)
            failed = True
            continue
        _emit_fix(item, original, fixed, in_place, no_backup, show_diff)
    sys.exit(EXIT_ERROR if failed else EXIT_CLEAN)


def _fixed_bytes(session, source, addressee, strip: bool) -> tuple[bytes, bytes]:
    """The source's bytes before and after fixing (mail: only the checked text part changes)."""
    from . import mail
    from .inputs import InputError, Source, encoding_of, load, read_bytes

    data = read_bytes(source)
    messages = load(Source(source.name, source.path, data), strip=strip)
    if len(messages) != 1 or isinstance(messages[0], InputError):
        raise InputError(source.name, "fix works on one message per file (not on mailboxes)")
    message = messages[0]

    def findings(text: str):
        from .messages import Message, strip as strip_message

        again = Message(message.name, text, addressee=message.addressee, source=source.path)
        again = strip_message(again) if strip else again
        return session.check([again], addressee=addressee)[0][0].findings

    fixed_text, _ = _fix_text(findings, message.text)
    if fixed_text == message.text:
        return data, data
    if mail.looks_like_mail(data) or (source.path is not None and source.path.suffix.lower() == ".eml"):
        try:
            return data, mail.replace_body(data, fixed_text)
        except mail.MailError as exc:
            raise InputError(source.name, str(exc)) from None
    return data, fixed_text.encode(encoding_of(data, source.name))  # written back as it was read


def _fix_text(findings, text: str):
    from .fixes import fix_until_stable

    return fix_until_stable(findings, text)


def _emit_fix(source, original: bytes, fixed: bytes, in_place: bool, no_backup: bool, show_diff: bool):
    if show_diff:
        encoding = "cp1251" if _is_cp1251(original) else "utf-8"
        before = original.decode(encoding, "replace").splitlines(keepends=True)
        after = fixed.decode(encoding, "replace").splitlines(keepends=True)
        click.echo("".join(difflib.unified_diff(before, after, source.name, source.name)), nl=False)
    if in_place:
        if fixed != original:
            backup = None if no_backup else _backup_path(source.path)
            if backup is not None:
                shutil.copy2(source.path, backup)
            source.path.write_bytes(fixed)
            click.echo(f"fixed {source.name}" + (f" (backup: {backup})" if backup else ""), err=True)
    elif not show_diff:
        sys.stdout.buffer.write(fixed)
        sys.stdout.flush()


def _is_cp1251(data: bytes) -> bool:
    from .inputs import InputError, encoding_of

    try:
        return encoding_of(data, "") == "cp1251"
    except InputError:
        return False


def _backup_path(path: Path) -> Path:
    """FILE.orig, or FILE.orig.N when an earlier backup exists: no backup is ever overwritten."""
    candidate, n = path.with_name(path.name + ".orig"), 1
    while candidate.exists():
        candidate, n = path.with_name(f"{path.name}.orig.{n}"), n + 1
    return candidate


@main.command()
@linter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: a short summary on standard error; other formats on standard output.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Block (exit 1) when a finding of this severity or higher is found (default: warning).")
@guarded
def hook(language, formality, addressee, select, ignore, no_strip, config_path, isolated, server, token,
         fmt, fail_on):
    """Check one message on standard input before it is sent; exit 1 to block the send.

    The message may be plain text or a whole RFC 822 e-mail (headers and all). Meant to be
    called by mail and ticket tools once per send.

    \b
    Exit status: 0 send, 1 findings at or above --fail-on (block), 2 unreadable input.
    """
    session = make_session(language, formality, select, ignore, config_path, isolated, fail_on, server, token)
    checked, error = _check_stdin(session, addressee, no_strip, sys.stdin.buffer.read())
    if error is not None:
        click.echo(f"tonecheck: error: {error}", err=True)
        sys.exit(EXIT_ERROR)
    result = checked[0]
    if fmt != "text":
        rules = {r.id: r for linter in session.linters() for r in linter.rules} if fmt == "sarif" else {}
        click.echo(render(fmt, [result], [], rules, False, False))
    elif result.findings:
        click.echo(text_report([result], [], use_colour(None, sys.stderr)), err=True,
                   color=use_colour(None, sys.stderr))
    return sys.exit(exit_status([checked], []))


def _check_stdin(session, addressee, no_strip, data: bytes):
    """Check bytes read from standard input: ((Result, fail-on), None) or (None, InputError)."""
    from .inputs import InputError, Source, load

    try:
        (message,) = load(Source("<stdin>", None, data), strip=not no_strip)
    except InputError as exc:
        return None, exc
    return session.check([message], addressee=addressee)[0], None


@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@linter_options
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Refuse to send when a finding of this severity or higher is found (default: warning).")
@click.option("--ask", is_flag=True, help="On a terminal, show the findings and ask whether to send anyway.")
@guarded
def sendmail(command, language, formality, addressee, select, ignore, no_strip, config_path, isolated,
             server, token, fail_on, ask):
    """A sendmail wrapper: check the message on stdin, then pass it on untouched.

    \b
    Usage in mutt/neomutt:   set sendmail="tonecheck sendmail -- /usr/sbin/sendmail -oi -t"
    In git send-email:       git send-email --sendmail-cmd="tonecheck sendmail -- sendmail -i"

    The bytes given to COMMAND are exactly the bytes read. When the message fails the check,
    nothing is sent, the findings are printed on standard error and the exit status is 1
    (with --ask on a terminal you may send anyway). Otherwise the exit status is COMMAND's.
    """
    data = sys.stdin.buffer.read()
    session = make_session(language, formality, select, ignore, config_path, isolated, fail_on, server, token)
    checked, error = _check_stdin(session, addressee, no_strip, data)
    if error is not None:
        click.echo(f"tonecheck: error: {error}; not sent", err=True)
        sys.exit(EXIT_ERROR)
    if exit_status([checked], []) != EXIT_CLEAN:
        click.echo(text_report([checked[0]], [], use_colour(None, sys.stderr)), err=True)
        if not (ask and _confirm_on_terminal()):
            click.echo("tonecheck: message not sent (fix it, or use --ask to send anyway)", err=True)
            sys.exit(EXIT_FINDINGS)
    try:
        done = subprocess.run(list(command), input=data, check=False)
    except OSError as exc:
        click.echo(f"tonecheck: error: cannot run {command[0]}: {exc.strerror or exc}; not sent", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(done.returncode)


def _confirm_on_terminal() -> bool:
    """Ask on the controlling terminal (standard input holds the message)."""
    try:
        with open("/dev/tty", "r+", encoding="utf-8") as tty:
            tty.write("Send anyway? [y/N] ")
            tty.flush()
            return tty.readline().strip().lower() in ("y", "yes", "д", "да")
    except OSError:
        return False


def _session_linter(config_path, isolated, path: Path | None = None):
    """The configuration and linter that apply at ``path`` (default: the working directory)."""
    session = make_session(None, None, None, None, config_path, isolated)
    cfg = session.config_for(path if path is not None else Path.cwd() / "-")
    return cfg, session.linter_for(cfg)


@main.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Show on/off and severity under this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def rules_command(fmt, config_path, isolated):
    """List every rule: id, on/off, severity, languages and summary under the configuration.

    A rule is off when the configuration leaves it out, or when it is for the other register
    (greeting.informal only runs in formal teams).
    """
    import json

    cfg, linter = _session_linter(config_path, isolated)
    enabled = {r.id for r in linter.rules if r.id in cfg.enabled(linter) and r.applies_to(cfg["formality"])}
    rows = [{"id": r.id, "family": r.family, "languages": sorted(r.languages),
             "severity": cfg["severity"].get(r.id, r.severity), "enabled": r.id in enabled,
             "formality": r.formality, "fix": r.fix, "summary": r.summary} for r in linter.rules]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r["id"]) for r in rows)
    for row in rows:
        state = "on " if row["enabled"] else "off"
        click.echo(f"{row['id']:<{width}}  {state}  {row['severity']:<7}  {','.join(row['languages']):<5}  "
                   f"{row['summary']}")


@main.command()
@click.argument("rule_id", metavar="RULE")
@click.option("--lang", "language", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of the explanation.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Also look in this configuration's team rule folders.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def explain(rule_id, language, config_path, isolated):
    """Print a rule's documentation: what it does, why it matters, examples, what to write instead."""
    from .config import did_you_mean
    from .docs import rule_page

    _, linter = _session_linter(config_path, isolated)
    rules = {r.id: r for r in linter.rules}
    if rule_id not in rules:
        raise click.UsageError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, rules)}; see 'tonecheck rules'")
    click.echo(rule_page(rules[rule_id], language), nl=False)


@main.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/rules"),
              show_default=True, help="Folder for the generated pages.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 when the pages are out of date.")
@guarded
def docs(output, check_only):
    """Generate docs/rules/: one Markdown page per built-in rule and an index."""
    from . import docs as docs_mod
    from .engine import Linter

    rules = Linter().rules
    if check_only:
        problems = docs_mod.stale(rules, output)
        for name in problems:
            click.echo(f"out of date: {output / name}", err=True)
        if problems:
            click.echo("run 'tonecheck docs' to regenerate", err=True)
        sys.exit(EXIT_FINDINGS if problems else EXIT_CLEAN)
    changed = docs_mod.write(rules, output)
    click.echo(f"wrote {len(rules) + 1} pages to {output} ({len(changed)} changed)")


@main.command("test-rules")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@click.option("--all", "include_builtin", is_flag=True, help="Also run the built-in rules' examples.")
@click.option("--lexicons", "lexicon_dirs", multiple=True, type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folders of the team's word lists the rules use.")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only the failing ones.")
@guarded
def test_rules(folder, include_builtin, lexicon_dirs, verbose):
    """Run the good and bad examples embedded in the rules of FOLDER, like a test runner.

    \b
    Exit status: 0 all examples pass, 1 an example fails, 2 a rule file is invalid.
    """
    from .engine import Linter
    from .examples import cases, run_example
    from .rules import load_rules
    from .checks import KINDS

    if folder is None and not include_builtin:
        raise click.UsageError("give a FOLDER of rule files, or --all for the built-in rules")
    linter = Linter(rule_dirs=[folder] if folder else [], lexicon_dirs=list(lexicon_dirs))
    linter.compile_all()
    own = {r.id for r in load_rules([folder], KINDS)} if folder else set()
    rules = [r for r in linter.rules if include_builtin or r.id in own]
    passed = failed = 0
    for case in cases(rules):
        rule, lang, example, bad = case
        failure = run_example(linter, *case)
        label = f"{rule.id} [{lang}] {'bad' if bad else 'good'}: {example.text}"
        if failure is None:
            passed += 1
            if verbose:
                click.echo(f"PASS {label}")
        else:
            failed += 1
            click.echo(f"FAIL {label}\n     {failure.problem}")
    click.echo(f"{len(rules)} rules: {passed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


@main.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--show", is_flag=True, default=True, help="Print the resolved configuration (the default).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def config_command(path, show, config_path, isolated):
    """Print the configuration that applies to PATH (default: here) and where each value came from."""
    cfg, linter = _session_linter(config_path, isolated, path.resolve() if path else None)
    click.echo("files: " + (", ".join(cfg.files) if cfg.files else "(none found)"))
    for key, value in cfg.values.items():
        if isinstance(value, list):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, dict):
            value = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
        elif value is None:
            value = "(all rules)"
        click.echo(f"{key:<15} {value}  ({cfg.origins[key]})")
    for override in cfg.overrides:
        click.echo(f"override {override.pattern}: {override.settings}  ({override.origin})")
    click.echo(f"rules on: {len(cfg.enabled(linter))} of {len(linter.rules)}")


@main.command()
@click.argument("paths", nargs=-1, required=True, metavar="PATH...")
@click.option("--include", multiple=True, metavar="GLOB", help="In folders, only files matching (repeatable).")
@click.option("--exclude", multiple=True, metavar="GLOB", help="In folders, leave out files matching (repeatable).")
@click.option("--text-column", "--text-field", "text_col", default="text", show_default=True,
              help="CSV column / JSONL field holding the message.")
@click.option("--id-column", "--id-field", "id_col", help="CSV column / JSONL field with the message id.")
@click.option("--author-column", "--author-field", "author_col", help="CSV column / JSONL field with the author.")
@click.option("--label-column", "--label-field", "label_col",
              help='CSV column / JSONL field with the expected families, e.g. "blame;refusal" (empty: clean).')
@click.option("--lang", "language", type=click.Choice(["auto", "ru", "en"]), default=None)
@click.option("--formality", type=click.Choice(["formal", "informal"]), default=None)
@click.option("--select", metavar="IDS", help="Only these rules or families.")
@click.option("--ignore", metavar="IDS", help="Leave out these rules or families.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@click.option("--no-strip", is_flag=True, help="Also check quoted replies and signatures.")
@click.option("-j", "--jobs", type=click.IntRange(1), default=None,
              help="Worker processes (default: all cores).")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local processes, or a Dask cluster (pip install 'tonecheck[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="With --engine dask: the scheduler (default: a local cluster).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Write one record per message to a .jsonl or .csv file.")
@click.option("--report", type=click.Path(dir_okay=False, path_type=Path), help="Write a self-contained HTML report.")
@click.option("--score", is_flag=True, help="Precision, recall and F1 per family against the labels.")
@click.option("--show-disagreements", is_flag=True, help="List the messages where labels and findings differ.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@guarded
def batch(paths, include, exclude, text_col, id_col, author_col, label_col, language, formality, select, ignore,
          config_path, isolated, no_strip, jobs, engine, scheduler, output, report, score, show_disagreements,
          quiet):
    """Check a collection: folders, .txt/.eml/.mbox, CSV/TSV, JSON Lines (- : JSONL on stdin).

    Prints a summary (share of messages per family, top rules, authors, languages), and with
    --score the scores against the trainer's labels. Unreadable items are counted and the batch
    goes on.

    \b
    Exit status: 0 done, 2 usage error or invalid configuration.
    """
    from . import batch as batch_mod
    from . import report as report_mod

    if engine != "dask" and scheduler:
        raise click.UsageError("--scheduler goes with --engine dask")
    if output is not None and output.suffix.lower() not in (".jsonl", ".csv"):
        raise click.UsageError("--output must end in .jsonl or .csv")
    session = make_session(language, formality, select, ignore, config_path, isolated)
    cfg = session.config_for(None)
    linter = session.linter_for(cfg)
    settings = {"formality": cfg["formality"], "language": cfg["language"], "enabled": cfg.enabled(linter),
                "severity": cfg["severity"], "rule_dirs": cfg["extra-rules"], "lexicon_dirs": cfg["extra-lexicons"]}
    columns = batch_mod.Columns(text_col, id_col, author_col, label_col)
    items = batch_mod.records(list(paths), columns, list(include), list(exclude), strip=not no_strip)
    stats = report_mod.Stats()
    writer = report_mod.RecordWriter(output) if output else None
    try:
        for record in _with_progress(batch_mod.run(items, settings, jobs or batch_mod.default_jobs(), engine,
                                                   scheduler), quiet):
            stats.add(record)
            if writer:
                writer.write(record)
    finally:
        if writer:
            writer.close()
    click.echo(report_mod.summary_text(stats, score, show_disagreements))
    if report is not None:
        title = "tonecheck report: " + ", ".join(paths)
        report.write_text(report_mod.html_report(stats, title, score), encoding="utf-8")
        click.echo(f"\nReport: {report}")


def _with_progress(records, quiet: bool):
    """A rich progress bar (count, rate, elapsed) on a terminal; nothing otherwise."""
    if quiet or not sys.stderr.isatty():
        yield from records
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    columns = (TextColumn("checking"), BarColumn(), MofNCompleteColumn(),
               TextColumn("{task.fields[rate]} msg/s"), TimeElapsedColumn())
    with Progress(*columns, transient=True, console=None) as progress:
        task = progress.add_task("batch", total=None, rate="—")
        import time

        start = time.perf_counter()
        for n, record in enumerate(records, 1):
            if n % 50 == 0:
                progress.update(task, completed=n, rate=f"{n / (time.perf_counter() - start):.0f}")
            yield record


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to bind; the default serves this machine only.")
@click.option("--port", default=8750, show_default=True, type=click.IntRange(1, 65535))
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1),
              help="uvicorn worker processes (each loads the pipelines once).")
@click.option("--token", envvar="TONECHECK_TOKEN", metavar="TOKEN",
              help="Require 'Authorization: Bearer TOKEN' on /v1/ (env TONECHECK_TOKEN).")
@click.option("--max-body", default=1_000_000, show_default=True, type=click.IntRange(1),
              help="Largest request body in bytes (larger: 413).")
@click.option("--cors-origin", "cors", multiple=True, metavar="ORIGIN",
              help="Allow browser calls from this origin (repeatable; default: none).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="The configuration whose settings are the service's defaults.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def serve(host, port, workers, token, max_body, cors, config_path, isolated):
    """Run the HTTP service and the web page (pip install 'tonecheck[server]').

    POST /v1/check, POST /v1/fix, GET /v1/rules, GET /v1/rules/{id}, GET /healthz, the page at /,
    the OpenAPI schema at /openapi.json. Pipelines load once at start.
    """
    try:
        import uvicorn
    except ImportError:
        raise click.UsageError("the service needs its extra: pip install 'tonecheck[server]'") from None
    session = make_session(None, None, None, None, config_path, isolated)
    cfg = session.config_for(None)
    session.linter_for(cfg)  # an invalid configuration fails here, before the port is taken
    os.environ["TONECHECK_SERVE"] = json_settings(token, max_body, list(cors), cfg)
    if host not in ("127.0.0.1", "localhost", "::1") and not token:
        click.echo(f"tonecheck: warning: serving on {host} without --token: anyone who reaches it can use it",
                   err=True)
    uvicorn.run("tonecheck.server:app_from_env", factory=True, host=host, port=port, workers=workers,
                log_level="warning")


def json_settings(token, max_body, cors, cfg) -> str:
    """The service's settings for uvicorn's worker processes (passed through the environment)."""
    import json

    return json.dumps({"token": token, "max_body": max_body, "cors_origins": cors,
                       "rule_dirs": [str(p) for p in cfg["extra-rules"]],
                       "lexicon_dirs": [str(p) for p in cfg["extra-lexicons"]],
                       "defaults": {k: cfg[k] for k in ("language", "formality", "select", "ignore", "severity")}})
