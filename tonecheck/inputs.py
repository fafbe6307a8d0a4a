"""Reading what the user asked to check: files, folders, standard input.

Every failure becomes an InputError with one line naming the input, so the command can report
it, carry on with the other inputs, and exit 2 at the end. Text is never modified here.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

TEXT_SUFFIXES = (".txt", ".md", ".text", ".msg.txt")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")
_LETTER = re.compile(r"[^\W\d_]")


class InputError(Exception):
    """An input that cannot be checked; str() is the one line "name: reason"."""

    def __init__(self, name: str, reason: str):
        super().__init__(f"{name}: {reason}")
        self.name, self.reason = name, reason


@dataclass(frozen=True)
class Source:
    name: str      # what the user typed ("-" shown as "<stdin>")
    path: Path | None


def expand(names: list[str], recursive: bool) -> list[Source | InputError]:
    """Turn command-line names into sources; a folder needs --recursive (then *.txt, *.md)."""
    out: list[Source | InputError] = []
    for name in names:
        if name == "-":
            out.append(Source("<stdin>", None))
            continue
        path = Path(name)
        if path.is_dir():
            if not recursive:
                out.append(InputError(name, "is a directory (use --recursive to check the messages in it)"))
                continue
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.name.lower().endswith(TEXT_SUFFIXES))
            if not files:
                out.append(InputError(name, "no message files (*.txt, *.md) in this directory"))
            out.extend(Source(str(p), p) for p in files)
        else:
            out.append(Source(name, path))
    return out


def decode(data: bytes, name: str) -> str:
    """Bytes to text: UTF-8 (with or without BOM), else cp1251 when it reads as Russian.

    Russian mail and Excel exports still arrive in cp1251; any byte string decodes as cp1251,
    so it is accepted only when most of its letters come out Cyrillic.
    """
    if b"\x00" in data:
        raise InputError(name, "looks like a binary file, not a text message")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    text = data.decode("cp1251", errors="strict") if _decodes_cp1251(data) else None
    if text is not None:
        letters = len(_LETTER.findall(text))
        if letters and len(_CYRILLIC.findall(text)) / letters >= 0.5:
            return text
    raise InputError(name, f"not valid UTF-8 (byte {utf8_error.start}) and not Russian cp1251 text")


def _decodes_cp1251(data: bytes) -> bool:
    try:
        data.decode("cp1251")
        return True
    except UnicodeDecodeError:
        return False


def read(source: Source) -> str:
    """The text of one source, or InputError naming it."""
    try:
        data = sys.stdin.buffer.read() if source.path is None else source.path.read_bytes()
    except FileNotFoundError:
        raise InputError(source.name, "no such file") from None
    except IsADirectoryError:
        raise InputError(source.name, "is a directory (use --recursive)") from None
    except PermissionError:
        raise InputError(source.name, "permission denied") from None
    except OSError as exc:
        raise InputError(source.name, f"cannot read ({exc.strerror or exc})") from None
    return decode(data, source.name)
