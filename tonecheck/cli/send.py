"""Commands for the moment of sending: fix (apply rewrites), hook (block a send), sendmail."""

from __future__ import annotations

import difflib
import sys
from pathlib import Path

import click

from tonecheck.cli.formatters import FORMATS, render, text_report
from tonecheck.cli.options import (
    EXIT_CLEAN,
    EXIT_ERROR,
    EXIT_FINDINGS,
    exit_status,
    files_command,
    guarded,
    linter_options,
    make_session,
    min_score_option,
    use_colour,
)
from tonecheck.results.findings import SEVERITIES


@files_command
@click.option("-i", "--in-place", is_flag=True, help="Rewrite the files (a backup FILE.orig is kept).")
@click.option("--no-backup", is_flag=True, help="With --in-place: keep no .orig backup.")
@click.option("--diff", "show_diff", is_flag=True, help="Print a unified diff instead of the fixed text.")
@guarded
def fix(paths, language, formality, addressee, select, ignore, no_strip, config_path, isolated, server, token,
        in_place, no_backup, show_diff):
    """Apply every safe suggestion and print the fixed text (or a diff, or rewrite in place).

    A suggestion is safe when it is a finished rewrite; skeletons with "…" to fill in (an
    alternative to a refusal, an expanded answer) are left for you. Fixing a fixed text changes
    nothing. In an e-mail only the checked text part changes, and the same words in its HTML
    alternative (a mail whose HTML cannot take them is left unwritten): headers, quotes,
    signature and MIME structure stay as they were.

    \b
    Exit status: 0 fixed or nothing to fix, 2 usage error or unreadable input.
    """
    from tonecheck.inputs.sources import InputError, expand

    if len(paths) > 1 and not (in_place or show_diff):
        raise click.UsageError("several files need --in-place or --diff (the fixed texts would run together)")
    if in_place and "-" in paths:
        raise click.UsageError("standard input cannot be rewritten in place")
    session = make_session(language, formality, select, ignore, config_path, isolated, None, server, token,
                           strip=not no_strip)
    session.config_for(None)
    failed = False
    for item in expand(list(paths), recursive=False):
        try:
            if isinstance(item, InputError):
                raise item
            if in_place:
                _check_rewritable(item)
            original, fixed, texts = _fixed_bytes(session, item, addressee)
            _emit_fix(item, original, fixed, texts, in_place, no_backup, show_diff)
        except InputError as exc:
            click.echo(f"tonecheck: error: {exc}", err=True)
            failed = True
        except OSError as exc:  # the backup or the file could not be written: the original stays
            click.echo(f"tonecheck: error: {item.name}: cannot write: {exc.strerror or exc}", err=True)
            failed = True
    sys.exit(EXIT_ERROR if failed else EXIT_CLEAN)


def _fixed_bytes(session, source, addressee) -> tuple[bytes, bytes, tuple[str, str]]:
    """The source's bytes before and after fixing (mail: only the checked text part changes), and
    the text a person reads before and after (a mail's decoded body: what --diff shows)."""
    from tonecheck.inputs import mail
    from tonecheck.inputs.sources import InputError, Source, encoding_of, load, read_bytes
    from tonecheck.results.fixes import fix_until_stable

    data = read_bytes(source)
    strip = session.strip  # --no-strip: quoted and forwarded text is the sender's too
    messages = load(Source(source.name, source.path, data), strip=strip)
    if len(messages) != 1 or isinstance(messages[0], InputError):
        raise InputError(source.name, "fix works on one message per file (not on mailboxes)")
    message = messages[0]
    encoding = None if message.mail else encoding_of(data, source.name, sure=True)  # before any work

    def findings(text: str):
        from tonecheck.inputs.messages import Message
        from tonecheck.inputs.messages import strip as strip_message

        again = Message(message.name, text, addressee=message.addressee, source=source.path)
        again = strip_message(again) if strip else again
        return session.check([again], addressee=addressee)[0][0].findings

    fixed_text, _ = fix_until_stable(findings, message.text)
    fixed_text = _line_ends_as_in(message.text, fixed_text)
    texts = (message.text, fixed_text)
    if fixed_text == message.text:
        return data, data, texts
    if message.mail:  # decided once, by inputs.load, exactly as `check` reads the file
        try:
            return data, mail.replace_body(data, fixed_text), texts
        except mail.MailError as exc:
            raise InputError(source.name, str(exc)) from None
    return data, fixed_text.encode(encoding), texts  # written back as it was read


def _line_ends_as_in(original: str, fixed: str) -> str:
    """``fixed`` with CRLF line ends when every line of ``original`` ends so: a rewrite that adds
    a line (a greeting) must not leave a Windows draft with mixed line ends."""
    if "\r\n" not in original or original.count("\n") != original.count("\r\n"):
        return fixed
    return fixed.replace("\r\n", "\n").replace("\n", "\r\n")


def _check_rewritable(source) -> None:
    """An InputError for what --in-place cannot rewrite: a FIFO or device would block the read
    (a FIFO without a writer forever) and cannot be replaced with text anyway."""
    import stat

    from tonecheck.inputs.sources import InputError

    try:
        mode = source.path.stat().st_mode
    except OSError:
        return  # reading it says what is wrong
    if not stat.S_ISREG(mode):
        raise InputError(source.name, "not a regular file; not rewritten")


def _emit_fix(source, original: bytes, fixed: bytes, texts: tuple[str, str], in_place: bool, no_backup: bool,
              show_diff: bool):
    if show_diff:
        before, after = (_diff_lines(text) for text in texts)
        click.echo("".join(difflib.unified_diff(before, after, source.name, source.name)), nl=False)
    if in_place:
        if fixed != original:
            backup = _rewrite(source.path, fixed, no_backup)
            click.echo(f"fixed {source.name}" + (f" (backup: {backup})" if backup else ""), err=True)
    elif not show_diff:
        sys.stdout.buffer.write(fixed)
        sys.stdout.flush()


def _rewrite(path: Path, fixed: bytes, no_backup: bool) -> Path | None:
    """Write ``fixed`` over the file, after a backup unless ``no_backup``; the backup path.

    The file is opened for writing first, without truncating it: a file that cannot be written
    fails before a backup is made, so no stray FILE.orig is left beside an unchanged file.
    """
    with path.open("r+b") as handle:
        backup = None if no_backup else _backup_path(path)
        if backup is not None:
            import shutil  # only when a backup is written

            shutil.copy2(path, backup)
        handle.write(fixed)
        handle.truncate()
    return backup


def _diff_lines(text: str) -> list[str]:
    """Lines for a diff, the last one ended too: a diff line without its break runs into the next."""
    lines = text.split("\n")
    return [line + "\n" for line in (lines[:-1] if lines[-1] == "" else lines)]


def _backup_path(path: Path) -> Path:
    """FILE.orig, or FILE.orig.N when an earlier backup exists: no backup is ever overwritten."""
    candidate, n = path.with_name(path.name + ".orig"), 1
    while candidate.exists():
        candidate, n = path.with_name(f"{path.name}.orig.{n}"), n + 1
    return candidate


@click.command()
@linter_options
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="text", show_default=True,
              help="text: a short summary on standard error; other formats on standard output.")
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Block (exit 1) when a finding of this severity or higher is found (default: warning).")
@min_score_option
@guarded
def hook(language, formality, addressee, select, ignore, no_strip, config_path, isolated, server, token,
         fmt, fail_on, min_score):
    """Check one message on standard input before it is sent; exit 1 to block the send.

    The message may be plain text or a whole RFC 822 e-mail (headers and all). Meant to be
    called by mail and ticket tools once per send.

    \b
    Exit status: 0 send, 1 findings at or above --fail-on or a warmth score below --min-score
    (block), 2 unreadable input.
    """
    session = make_session(language, formality, select, ignore, config_path, isolated, fail_on, server, token,
                           strip=not no_strip)
    checked, error = _check_stdin(session, addressee, sys.stdin.buffer.read())
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
    return sys.exit(exit_status([checked], [], min_score))


def _check_stdin(session, addressee, data: bytes):
    """Check bytes read from standard input: ((Result, fail-on), None) or (None, InputError)."""
    from tonecheck.inputs.sources import InputError, Source, load

    try:
        (message,) = load(Source("<stdin>", None, data), strip=session.strip)
    except InputError as exc:
        return None, exc
    return session.check([message], addressee=addressee)[0], None


@click.command(context_settings={"ignore_unknown_options": True})
@click.argument("command", nargs=-1, required=True, type=click.UNPROCESSED)
@linter_options
@click.option("--fail-on", type=click.Choice(SEVERITIES), default=None,
              help="Refuse to send when a finding of this severity or higher is found (default: warning).")
@click.option("--ask", is_flag=True,
              help="When the message fails, ask on the terminal whether to send anyway (no terminal: not sent).")
@guarded
def sendmail(command, language, formality, addressee, select, ignore, no_strip, config_path, isolated,
             server, token, fail_on, ask):
    """A sendmail wrapper: check the message on stdin, then pass it on untouched.

    \b
    Usage in mutt/neomutt:   set sendmail="tonecheck sendmail -- /usr/sbin/sendmail -oi -t"
    In git send-email:       git send-email --sendmail-cmd="tonecheck sendmail -- sendmail -i"

    The bytes given to COMMAND are exactly the bytes read. When the message fails the check,
    nothing is sent, the findings are printed on standard error and the exit status is 1.
    With --ask you are asked on the controlling terminal (/dev/tty) whether to send anyway:
    "y" sends it; "n", or no terminal to ask on, leaves it unsent with exit status 1.
    Otherwise the exit status is COMMAND's.
    """
    data = sys.stdin.buffer.read()
    session = make_session(language, formality, select, ignore, config_path, isolated, fail_on, server, token,
                           strip=not no_strip)
    checked, error = _check_stdin(session, addressee, data)
    if error is not None:
        click.echo(f"tonecheck: error: {error}; not sent", err=True)
        sys.exit(EXIT_ERROR)
    if exit_status([checked], []) != EXIT_CLEAN:
        click.echo(text_report([checked[0]], [], use_colour(None, sys.stderr)), err=True)
        if not _send_anyway(ask):
            sys.exit(EXIT_FINDINGS)
    try:
        import subprocess  # only the sendmail wrapper runs a program

        done = subprocess.run(list(command), input=data, check=False)
    except OSError as exc:
        click.echo(f"tonecheck: error: cannot run {command[0]}: {exc.strerror or exc}; not sent", err=True)
        sys.exit(EXIT_ERROR)
    if done.returncode < 0:  # killed by a signal: say so, and exit as a shell reports it (128 + N)
        import signal

        name = signal.Signals(-done.returncode).name
        click.echo(f"tonecheck: error: {command[0]} was killed by signal {name}; the message may not have been sent",
                   err=True)
        sys.exit(128 - done.returncode)
    sys.exit(done.returncode)


def _send_anyway(ask: bool) -> bool:
    """Whether a failing message still goes out: only when --ask was given and the person at the
    terminal says yes; every other way ends in one line saying why it was not sent."""
    if not ask:
        click.echo("tonecheck: message not sent (fix it, or use --ask to send anyway)", err=True)
        return False
    answer = _confirm_on_terminal()
    if answer is None:
        click.echo("tonecheck: --ask: no terminal to ask on (/dev/tty); message not sent", err=True)
    elif not answer:
        click.echo("tonecheck: message not sent", err=True)
    return bool(answer)


def _confirm_on_terminal() -> bool | None:
    """Ask on the controlling terminal, as standard input holds the message; None without one.

    Reader and writer are separate handles: a text "r+" handle needs a seekable file, which a
    terminal is not. Ctrl-D or Ctrl-C at the prompt mean no.
    """
    tty = _open_terminal()
    if tty is None:
        return None
    reader, writer = tty
    with reader, writer:
        writer.write("Send anyway? [y/N] ")
        writer.flush()
        try:
            answer = reader.readline()
        except KeyboardInterrupt:
            answer = ""
        if not answer.endswith("\n"):
            writer.write("\n")  # the next line starts on its own after Ctrl-D / Ctrl-C
    return answer.strip().lower() in ("y", "yes", "д", "да")


def _open_terminal():
    """/dev/tty as (reader, writer), or None when the process has no terminal (cron, a GUI client)."""
    try:
        reader = open("/dev/tty", encoding="utf-8", errors="replace")  # noqa: SIM115 (closed by the caller)
    except OSError:
        return None
    try:
        return reader, open("/dev/tty", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
    except OSError:
        reader.close()
        return None
