"""The trainers' command: batch-check a collection, with statistics, scores and a report."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from pathlib import Path

import click

from tonecheck.cli.options import EXIT_CLEAN, EXIT_ERROR, guarded, make_session


@click.command()
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
@click.option("--formality", type=click.Choice(["auto", "formal", "informal"]), default=None,
              help="The team's register: auto (default), formal or informal (see tonecheck check --help).")
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
@click.option("--allow-unreadable", is_flag=True,
              help="Exit 0 even when some records could not be read (they are still named, counted "
                   "and written to --output); for collections known to hold a few broken rows.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar.")
@guarded
def batch(paths, include, exclude, text_col, id_col, author_col, label_col, language, formality, select, ignore,
          config_path, isolated, no_strip, jobs, engine, scheduler, output, report, score, show_disagreements,
          allow_unreadable, quiet):
    """Check a collection: folders, .txt/.eml/.mbox, CSV/TSV, JSON Lines (- : JSONL on stdin).

    Prints a summary (share of messages per family, top rules, authors, languages), and with
    --score the scores against the trainer's labels. A record that cannot be read (a CSV row
    or JSON line without text or not decodable, a broken message in a mailbox) is named on
    standard error with its line, counted, and listed in the summary, the report and --output;
    the batch goes on. An input that cannot be read at all (no such file, no text column or
    field) is named on standard error; the other inputs are still checked and reported.

    \b
    Exit status, the first that applies:
      128+N  stopped by signal N (130 Ctrl-C, 143 SIGTERM); no --output is left
      2      usage error, invalid configuration, an input that could not be read, or a
             record that could not be read (with --allow-unreadable: not for records)
      0      every record was read and checked
    The summary, --output and --report are written whenever the run finishes, 2 or 0.
    """
    from tonecheck.batch import report as report_mod
    from tonecheck.batch import run as batch_mod

    if engine != "dask" and scheduler:
        raise click.UsageError("--scheduler goes with --engine dask")
    if output is not None and output.suffix.lower() not in (".jsonl", ".csv"):
        raise click.UsageError("--output must end in .jsonl or .csv")
    session = make_session(language, formality, select, ignore, config_path, isolated, strip=not no_strip)
    cfg = session.config_for(None)
    session.linter_for(cfg)  # the configuration's rule names are checked before any input is read
    job = batch_mod.Job(session.settings_for(cfg), tuple(cfg["extra-rules"]), tuple(cfg["extra-lexicons"]))
    columns = batch_mod.Columns(text_col, id_col, author_col, label_col)
    items = batch_mod.records(list(paths), columns, list(include), list(exclude), strip=session.strip)
    failed: list = []
    items = _without_unreadable(items, failed, allow_unreadable)
    stats = report_mod.Stats()
    writer = report_mod.RecordWriter(output) if output else None
    checked = batch_mod.run(items, job, jobs or batch_mod.default_jobs(), engine, scheduler)
    try:
        # closing: a signal met outside the generator must still stop its workers now, not
        # when the interpreter collects it at exit (racing the executor's own exit hook)
        with _stopped_by_signals(), contextlib.closing(checked):
            for record in _with_progress(checked, quiet):
                stats.add(record)
                if writer:
                    writer.write(record)
    except _Stopped as stop:
        if writer:
            writer.discard()
        name = signal.Signals(stop.signum).name
        click.echo(f"tonecheck: error: interrupted ({name}); " + (f"{output} not written" if output else
                                                                 "no summary"), err=True)
        _exit_now(128 + stop.signum)
    except BaseException:
        if writer:
            writer.discard()
        raise
    if writer:
        writer.close()
    if failed and not (stats.checked or stats.unreadable):
        sys.exit(EXIT_ERROR)  # nothing was read: a summary of no messages would only mislead
    click.echo(report_mod.summary_text(stats, score, show_disagreements))
    if report is not None:
        title = "tonecheck report: " + ", ".join(paths)
        report.write_text(report_mod.html_report(stats, title, score), encoding="utf-8")
        click.echo(f"\nReport: {report}")
    sys.exit(EXIT_ERROR if failed or (stats.unreadable and not allow_unreadable) else EXIT_CLEAN)


class _Stopped(Exception):
    """SIGINT or SIGTERM arrived: the run ends, its partial output is dropped."""

    def __init__(self, signum: int):
        super().__init__(signum)
        self.signum = signum


def _exit_now(code: int) -> None:
    """End a batch a signal stopped without the interpreter's exit hooks: the workers are already
    ended, and the process pool's own hook could wait for them forever (seen under load)."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


@contextlib.contextmanager
def _stopped_by_signals():
    """SIGINT and SIGTERM raise _Stopped while the batch runs (SIGTERM would otherwise end the
    process at once, leaving its worker processes and a partial file behind)."""
    def stop(signum, frame):
        raise _Stopped(signum)

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _without_unreadable(items, failed: list, allow_unreadable: bool = False):
    """The records to check. An input that cannot be read at all is named on standard error as
    it is met (one line) and kept in ``failed``, not in the statistics: the exit status says it.
    A record that cannot be read gets its own line too (an error, or with ``allow_unreadable``
    a warning), and is counted in the summary, which the exit status then follows."""
    from tonecheck.batch.run import Unreadable

    level = "warning" if allow_unreadable else "error"
    for item in items:
        if isinstance(item, Unreadable):
            click.echo(f"tonecheck: error: {item.id}: {item.error}", err=True)
            failed.append(item)
            continue
        if item.error is not None:
            click.echo(f"tonecheck: {level}: {item.id}: {item.error}; not checked", err=True)
        yield item


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
