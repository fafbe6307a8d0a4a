"""Where the data folders tonecheck ships are (rules/, lexicons/, warmth/)."""

from __future__ import annotations

from pathlib import Path


def builtin_root(package: str, source: str) -> Path:
    """Where a shipped data folder is.

    An installed wheel carries it inside the package (``tonecheck/builtin_rules``); a source
    checkout or editable install reads the repository's top-level folder (``rules/``).
    """
    here = Path(__file__).resolve().parents[1]  # the tonecheck package
    for path in (here / package, here.parent / source):
        if path.is_dir():
            return path
    raise FileNotFoundError(f"tonecheck's built-in {source}/ folder is missing from {here}: reinstall tonecheck")


def builtin_warmth_dir() -> Path:
    """The politeness strategies and the warmth model's weights."""
    return builtin_root("builtin_warmth", "warmth")
