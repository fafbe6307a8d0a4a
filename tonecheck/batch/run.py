"""Batch checking for trainers: collections of messages in, records and statistics out.

Inputs stream (a million-line JSONL never sits in memory): folders of .txt/.md/.eml/.mbox,
CSV/TSV with a text column (delimiter and encoding sniffed; Excel's cp1251 read correctly),
JSON Lines, and JSONL on standard input. Messages are checked in chunks, in this process or in
worker processes that each load the pipelines once (or on a Dask cluster), and come out in
input order.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.engine.settings import Settings
from tonecheck.inputs.messages import unicode_problem
from tonecheck.runtime import heap

CHUNK = 64
CSV_SUFFIXES = (".csv", ".tsv")
JSONL_SUFFIXES = (".jsonl", ".ndjson")
LABEL_SEPARATORS = (";", ",", "|", " ")


@dataclass
class Record:
    """One message of a collection (or the reason it could not be read)."""

    id: str
    text: str = ""
    author: str | None = None
    labels: frozenset | None = None    # expected families, when the collection is labelled
    addressee: str | None = None
    error: str | None = None
    language: str | None = None
    findings: list = field(default_factory=list)
    strategies: list = field(default_factory=list)  # politeness strategies found, as dicts (the warmth score's)


@dataclass(frozen=True)
class Columns:
    """Where the text, id, author and labels are in a CSV (columns) or JSONL (fields)."""

    text: str = "text"
    id: str | None = None
    author: str | None = None
    label: str | None = None


def parse_labels(value) -> frozenset | None:
    """"blame;refusal" / ["blame"] / "" -> the set of expected families."""
    if value is None:
        return None
    if isinstance(value, list):
        return frozenset(str(v).strip() for v in value if str(v).strip())
    text = str(value)
    for sep in LABEL_SEPARATORS:
        text = text.replace(sep, " ")
    return frozenset(text.split())


# --- reading -----------------------------------------------------------------------------------

@dataclass
class Unreadable(Record):
    """An input that cannot be read at all (no such file, no text column, undecodable), named by
    ``id``. The command line reports it and exits 2 while the other inputs are still checked; it
    stays an error Record so a caller that only counts errors still sees it."""


def records(paths: list[str], columns: Columns, include: list[str], exclude: list[str],
            strip: bool = True) -> Iterator[Record]:
    """Every message of every input, in order; an unreadable item (a row, a line, a message of a
    mailbox) becomes an error Record, an input that cannot be read at all one Unreadable."""
    for name in paths:
        if name == "-":
            yield from _or_unreadable(_jsonl(sys.stdin.buffer, "<stdin>", columns, strip), "<stdin>")
            continue
        path = Path(name)
        if path.is_dir():
            for file in _folder_files(path, include, exclude):
                yield from _file(file, str(file), columns, strip)
        elif path.exists():
            yield from _file(path, name, columns, strip)
        else:
            yield Unreadable(name, error="no such file")


def _folder_files(folder: Path, include: list[str], exclude: list[str]) -> Iterator[Path]:
    """The files under a folder that --include/--exclude keep and tonecheck can read, sorted."""
    for file in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = file.relative_to(folder).as_posix()
        if include and not any(_glob(rel, g) for g in include):
            continue
        if not any(_glob(rel, g) for g in exclude) and _readable_suffix(file):
            yield file


def _glob(rel: str, pattern: str) -> bool:
    from fnmatch import fnmatch

    return fnmatch(rel, pattern) or fnmatch(Path(rel).name, pattern)


def _readable_suffix(path: Path) -> bool:
    from tonecheck.inputs.sources import MAIL_SUFFIXES, TEXT_SUFFIXES

    return path.suffix.lower() in (*TEXT_SUFFIXES, *MAIL_SUFFIXES, *CSV_SUFFIXES, *JSONL_SUFFIXES)


def _file(path: Path, name: str, columns: Columns, strip: bool) -> Iterator[Record]:
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        reading = _csv(path, name, columns, strip)
    elif suffix in JSONL_SUFFIXES:
        reading = _jsonl_file(path, name, columns, strip)
    else:
        reading = _messages(path, name, strip)
    yield from _or_unreadable(reading, name)


def _or_unreadable(reading: Iterator[Record], name: str) -> Iterator[Record]:
    """The reading's records; a read that fails (at the start or part-way) ends in one Unreadable,
    since the rest of the input is lost and the run must not look complete."""
    try:
        yield from reading
    except OSError as exc:
        yield Unreadable(name, error=f"cannot read ({exc.strerror or exc})")


def _jsonl_file(path: Path, name: str, columns: Columns, strip: bool) -> Iterator[Record]:
    with path.open("rb") as raw:
        yield from _jsonl(raw, name, columns, strip)


def _messages(path: Path, name: str, strip: bool) -> Iterator[Record]:
    from tonecheck.inputs.sources import InputError, Source, load

    try:
        loaded = load(Source(name, path), strip=strip)
    except InputError as exc:
        yield Unreadable(name, error=exc.reason)
        return
    for item in loaded:
        if isinstance(item, InputError):
            yield Record(item.name, error=item.reason)
        else:
            yield Record(item.name, item.new_text, addressee=item.addressee)


def _strip(text: str, strip: bool) -> tuple[str, str | None]:
    if not strip:
        return text, None
    from tonecheck.inputs.messages import Message
    from tonecheck.inputs.messages import strip as strip_message

    message = strip_message(Message("", text))
    return message.new_text, message.addressee


def sniff_delimiter(header: str, suffix: str) -> str:
    """The delimiter of a CSV from its header line: the most frequent of , ; tab | there.

    csv.Sniffer guesses from whole rows and is thrown off by ";" inside values ("blame;refusal");
    a header line of column names is a far steadier witness. Excel writes ";" in Russian locales.
    """
    counts = {d: header.count(d) for d in (",", ";", "\t", "|")}
    best = max(counts, key=counts.get)
    if counts[best]:
        return best
    return "\t" if suffix == ".tsv" else ","


def _csv(path: Path, name: str, columns: Columns, strip: bool) -> Iterator[Record]:
    """The rows' records, each row decoded on its own (see _CsvLines) and numbered by the line it
    starts on; a row the parser rejects (an unclosed quote) is one bad item, not the rest of the
    file merged into one field."""
    with path.open("r", encoding="utf-8", errors="surrogateescape", newline="") as handle:
        lines = _CsvLines(handle)
        header = handle.readline()
        lines.push(header)
        reader = csv.reader(lines, delimiter=sniff_delimiter(header, path.suffix.lower()), strict=True)
        names: list[str] | None = None
        for where, row in lines.rows(reader, name):
            if isinstance(row, str):
                if names is None:
                    yield Unreadable(name, error=f"cannot read the header ({row})")
                    return
                yield Record(where, error=row)
            elif names is None:
                names = [n.removeprefix("\ufeff") for n in row]
                missing = _missing(columns, names, "column")
                if missing:
                    yield Unreadable(name, error=missing)
                    return
            elif row:
                yield _from_mapping(dict(zip(names, row, strict=False)), where, columns, strip)


class _CsvLines:
    """A CSV file's lines for csv.reader, remembered from where the current row began.

    The file is read as UTF-8 with undecodable bytes kept as surrogates, so that one cp1251 row
    neither stops the file nor turns every UTF-8 row into mojibake: each row is decoded on its
    own (``_decoded``). When the parser rejects a row, its lines after the first are read again.
    """

    MAX_ROW_LINES = 10_000   # a quote still open after this many lines is not a long message

    def __init__(self, handle):
        self.handle, self.pending, self.row, self.start = handle, deque(), [], 1

    def push(self, line: str) -> None:
        self.pending.append(line)

    def __iter__(self):
        return self

    def __next__(self) -> str:
        if len(self.row) >= self.MAX_ROW_LINES:
            raise csv.Error("row too long")
        line = self.pending.popleft() if self.pending else next(self.handle)
        self.row.append(line)
        return line

    def rows(self, reader, name: str) -> Iterator[tuple[str, list[str] | str]]:
        """(where, decoded fields) for each row, or (where, why it cannot be read)."""
        while True:
            where = f"{name}:{self.start}"
            try:
                fields = next(reader)
            except StopIteration:
                return
            except csv.Error:
                self.pending.extendleft(reversed(self.row[1:]))
                self.start, self.row = self.start + 1, []
                yield where, "unclosed quote or stray '\"' in this row"
                continue
            self.start, self.row = self.start + len(self.row), []
            yield where, _decoded(fields)


def _decoded(fields: list[str]) -> list[str] | str:
    """A row's fields as text: UTF-8 as read, else the row's bytes in cp1251 or koi8-r, whichever
    reads as Russian; or why it is neither."""
    if not any(unicode_problem(f) for f in fields):
        return fields
    from tonecheck.inputs.mail import russian_charset

    raw = [f.encode("utf-8", "surrogateescape") for f in fields]
    charset = russian_charset(b" ".join(raw))
    if charset is None:
        return "not valid UTF-8 and not Russian cp1251 or koi8-r text"
    return [r.decode(charset) for r in raw]


def _missing(columns: Columns, names: list[str], kind: str) -> str | None:
    """Why an input's columns (or fields) cannot give its messages, naming the option that picks
    another one; None when every column asked for is there."""
    for option in ("text", "id", "author", "label"):
        wanted = getattr(columns, option)
        if wanted is not None and wanted not in names:
            return f"no {kind} {wanted!r} ({kind}s: {', '.join(names) or 'none'}); use --{option}-{kind}"
    return None


def _jsonl(raw, name: str, columns: Columns, strip: bool) -> Iterator[Record]:
    """The records of a binary stream's lines. The first object stands for the file, as a CSV's header does: without
    the text field the whole input is Unreadable; later lines without it are bad items."""
    first = True
    for where, item in _json_objects(raw, name):
        if isinstance(item, Record):
            yield item
            continue
        missing = _missing(Columns(columns.text), list(item), "field") if first else None
        if missing:
            yield Unreadable(name, error=missing)
            return
        first = False
        yield _from_mapping(item, where, columns, strip)


def _json_objects(raw, name: str) -> Iterator[tuple[str, dict | Record]]:
    """(where, object) for each non-blank line of a binary stream, or (where, error Record) for a
    line that is not one: each line is decoded on its own, so one bad line costs only itself."""
    for n, line in enumerate(raw, 1):
        if not line.strip():
            continue
        where = f"{name}:{n}"
        item = _json_line(line.removeprefix(b"\xef\xbb\xbf") if n == 1 else line)
        if isinstance(item, str):
            yield where, Record(where, error=item)
        else:
            yield where, item if isinstance(item, dict) else Record(where, error="a line must be a JSON object")


def _json_line(line: bytes):
    """The JSON value of one line, or why it has none."""
    try:
        return json.loads(line.decode("utf-8"))
    except UnicodeDecodeError as exc:
        return f"not valid UTF-8 (byte {exc.start})"
    except json.JSONDecodeError as exc:
        return f"invalid JSON ({exc.msg})"
    except RecursionError:
        return "nested too deep to read"


def _from_mapping(item: dict, where: str, columns: Columns, strip: bool) -> Record:
    rid = str(item.get(columns.id)) if columns.id and item.get(columns.id) not in (None, "") else where
    text = item.get(columns.text)
    if not isinstance(text, str):
        return Record(rid, error=f"no text in {columns.text!r}")
    problem = unicode_problem(text)
    if problem:
        return Record(rid, error=f"the text {problem}")
    new, addressee = _strip(text, strip)
    author = item.get(columns.author) if columns.author else None
    labels = parse_labels(item.get(columns.label)) if columns.label else None
    return Record(rid, new, str(author) if author not in (None, "") else None, labels, addressee)


# --- checking ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Job:
    """What every worker needs to check records the same way: the settings, and the team's rule
    and word-list folders (a worker process builds its own Linter from them)."""

    settings: Settings = field(default_factory=Settings)
    rule_dirs: tuple = ()
    lexicon_dirs: tuple = ()


_WORKER: dict = {}


def _init_worker(job: Job) -> None:
    from tonecheck.engine.linter import Linter

    _WORKER["linter"] = Linter(rule_dirs=list(job.rule_dirs), lexicon_dirs=list(job.lexicon_dirs))
    _WORKER["job"] = job


def _init_pool_worker(job: Job) -> None:
    """A worker process ends on SIGTERM and leaves Ctrl-C to the parent, which stops the
    workers itself: they must not run the parent's handlers (forked with them) nor print
    tracebacks of their own."""
    import signal

    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _init_worker(job)


def check_chunk(chunk: list[tuple[str, str | None]], job: Job | None = None) -> list[tuple[str, list, list]]:
    """(language, findings as dicts, strategies as dicts) for each (text, addressee): the unit of
    work everywhere.

    Records go through ``check_messages``, as the command line and the service check: the same
    directives, settings and results whoever asks.
    """
    from tonecheck.inputs.messages import Message

    if job is not None and _WORKER.get("job") != job:
        _init_worker(job)
    linter, settings = _WORKER["linter"], _WORKER["job"].settings
    results = linter.check_messages([Message("record", text, addressee=addressee) for text, addressee in chunk],
                                    settings)
    if not _WORKER.get("frozen"):
        # The first chunk loaded what every later one uses (pipelines, compiled rules, morphology
        # tables): keep those objects out of the collector's full passes for the rest of the run.
        heap.loaded()
        _WORKER["frozen"] = True
    return [(r.language, [f.to_dict() for f in r.findings], [s.to_dict() for s in r.strategies]) for r in results]


def _chunks(items: Iterable[Record], size: int) -> Iterator[list[Record]]:
    chunk = []
    for item in items:
        chunk.append(item)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def run(items: Iterable[Record], job: Job, jobs: int = 1, engine: str = "local",
        scheduler: str | None = None) -> Iterator[Record]:
    """Check the records (errors pass through), yielding them in input order with findings."""
    submit, close = _executor(job, jobs, engine, scheduler)
    window: deque = deque()
    limit = max(2, jobs * 4)
    try:
        for chunk in _chunks(items, CHUNK):
            todo = [(r.text, r.addressee) for r in chunk if r.error is None]
            window.append((chunk, submit(todo) if todo else None))
            while len(window) > limit:
                yield from _finish(*window.popleft())
        while window:
            yield from _finish(*window.popleft())
    except BaseException:  # stopped (a signal, an error, the caller gone): workers must not go on alone
        _stop_workers(close)
        raise
    close()


def _stop_workers(close) -> None:
    """Close the executor without waiting for the chunks in flight, and end its worker processes."""
    import multiprocessing

    close(wait=False)
    for child in multiprocessing.active_children():
        child.terminate()


def _finish(chunk: list[Record], future) -> Iterator[Record]:
    results = iter(future.result() if future is not None else [])
    for record in chunk:
        if record.error is None:
            record.language, record.findings, record.strategies = next(results)
        yield record


class _Done:
    def __init__(self, value):
        self.value = value

    def result(self):
        return self.value


def _executor(job: Job, jobs: int, engine: str, scheduler: str | None):
    """submit(chunk) -> future-like, and close(): in process, worker processes, or Dask."""
    if engine == "dask":
        from dask.distributed import Client, LocalCluster

        cluster = None if scheduler else LocalCluster(n_workers=max(1, jobs), threads_per_worker=1,
                                                       processes=True, dashboard_address=None)
        client = Client(scheduler or cluster)

        def close(wait: bool = True):
            client.close()
            if cluster is not None:
                cluster.close()
        return (lambda chunk: client.submit(check_chunk, chunk, job, pure=False)), close
    if jobs <= 1:
        _init_worker(job)
        return (lambda chunk: _Done(check_chunk(chunk))), (lambda wait=True: None)
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_init_pool_worker, initargs=(job,))
    return (lambda chunk: pool.submit(check_chunk, chunk)), (
        lambda wait=True: pool.shutdown(wait=wait, cancel_futures=True))


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1)
