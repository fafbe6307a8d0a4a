"""tonecheck's cache folder: what one start worked out and the next can read back.

Rule files as parsed (``rules.ParsedFiles``), the tokens of the rules' phrases
(``phrases.PhraseTokens``) and the English lemma tables (``lemmas.tables``) are kept here
as files named for what produced them. An unreadable or unwritable cache is never an error: the
start simply works everything out again.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path


def cache_dir() -> Path | None:
    """Where tonecheck keeps what it worked out: $TONECHECK_CACHE_DIR, else
    $XDG_CACHE_HOME/tonecheck or ~/.cache/tonecheck; None when TONECHECK_NO_CACHE is set."""
    if os.environ.get("TONECHECK_NO_CACHE"):
        return None
    if os.environ.get("TONECHECK_CACHE_DIR"):
        return Path(os.environ["TONECHECK_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "tonecheck"


def cache_file(name: str) -> Path | None:
    folder = cache_dir()
    return folder / name if folder else None


def read_json(path: Path | None):
    """The JSON a cache file holds, or None (no cache, no file, or a broken one)."""
    if path is None:
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_atomically(path: Path | None, write) -> None:
    """Write a cache file whole or not at all (two runs at once never see half a file);
    ``write`` gets a binary file. Failures are ignored: the cache is only a shortcut."""
    if path is None:
        return
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("wb", dir=path.parent, delete=False, suffix=".tmp") as out:
            write(out)
        os.replace(out.name, path)
    except OSError:
        pass


def write_json(path: Path | None, data) -> None:
    write_atomically(path, lambda out: out.write(json.dumps(data, ensure_ascii=False).encode("utf-8")))
