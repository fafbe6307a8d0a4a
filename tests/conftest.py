import os
import tempfile

import pytest

# Parsed rule files are cached per user (~/.cache/tonecheck); the suite keeps its own, and the
# CLI it runs in subprocesses inherits the setting.
os.environ.setdefault("TONECHECK_CACHE_DIR", tempfile.mkdtemp(prefix="tonecheck-cache-"))

from pathlib import Path  # noqa: E402

from tonecheck.batch.scoring import table  # noqa: E402
from tonecheck.engine.linter import Linter  # noqa: E402

# The built-in rule ids, from the files on disk: what `rules`, SARIF and the service must list.
BUILTIN_RULES = sorted(".".join(p.with_suffix("").parts[-2:])
                       for p in (Path(__file__).parent.parent / "rules").glob("*/*.yml"))

DEVSET_SCORES: dict = {}  # filled by test_devset.py, printed after the run
WARMTH_RHO: dict = {}     # language -> Spearman of the warmth score vs hand ratings (test_warmth.py)
MAIL_STATS: list = []     # (fixture, stripped exactly right), filled by test_mail.py


@pytest.fixture(scope="session")
def linter() -> Linter:
    """One linter for the whole suite: pipelines and rules load once."""
    return Linter()


def pytest_terminal_summary(terminalreporter):
    """Show the measured per-family precision/recall whenever the dev-set tests ran."""
    if DEVSET_SCORES:
        terminalreporter.write_sep("-", "dev set: per-family precision and recall")
        terminalreporter.write_line(table(dict(sorted(DEVSET_SCORES.items(), reverse=True))))
    if WARMTH_RHO:
        terminalreporter.write_line("warmth vs hand ratings, Spearman: " + ", ".join(
            f"{lang} {rho:.3f}" for lang, rho in sorted(WARMTH_RHO.items(), reverse=True)))
    if MAIL_STATS:
        exact = sum(1 for _, ok in MAIL_STATS if ok)
        terminalreporter.write_line(f"mail fixtures: {exact} of {len(MAIL_STATS)} bodies stripped exactly right")
