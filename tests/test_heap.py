"""The command line pauses the collector while it loads; checking must leave no cycles behind."""

import gc
import os
import subprocess
import sys
from pathlib import Path

from test_gates import corpus

ROOT = Path(__file__).parent.parent


def test_checking_leaves_no_garbage_cycles(linter):
    """What the pause relies on: a check frees all it made by reference counting alone."""
    russian, english = corpus(linter, "ru"), corpus(linter, "en")
    texts = russian + english
    for formality in ("formal", "informal"):  # loads and compiles what checking needs
        linter.check_many(russian[:50] + english[:50], formality=formality)
    was_enabled = gc.isenabled()
    gc.collect()
    gc.disable()
    try:
        for formality in ("formal", "informal"):
            results = linter.check_many(texts, formality=formality)
            assert sum(len(r.findings) for r in results) > 500
            del results
        assert gc.collect() == 0
    finally:
        if was_enabled:
            gc.enable()


def run_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT,
                          env={**os.environ, "NO_COLOR": "1"})


def test_the_command_line_pauses_collection_until_a_message_is_checked():
    code = ("import atexit, gc, sys\n"
            "from tonecheck.cli import main as cli, session\n"
            "seen = []\n"
            "each = session.Session.each\n"  # the check command's way in: message by message
            "session.Session.each = lambda *a, **k: (seen.append(gc.isenabled()), each(*a, **k))[1]\n"
            "atexit.register(lambda: print(seen, gc.isenabled(), gc.get_freeze_count() > 0, file=sys.stderr))\n"
            "sys.argv = ['tonecheck', '--isolated', 'examples/draft-ru.txt']\n"
            "cli.run()\n")
    done = run_python(code)
    assert done.returncode == 1, done.stderr  # the draft has findings
    assert "greeting.missing" in done.stdout
    assert done.stderr.strip().splitlines()[-1] == "[False] True True"  # paused while loading, then back


def test_a_library_user_keeps_its_collector():
    """Only the command line pauses: a program using tonecheck keeps collection and freezes nothing."""
    code = ("import gc\n"
            "from tonecheck.runtime import heap\n"
            "from tonecheck.engine.linter import Linter\n"
            "Linter().check('Вы опять не приложили счёт.')\n"
            "heap.resume()\n"
            "print(gc.isenabled(), gc.get_freeze_count())\n")
    done = run_python(code)
    assert done.stdout.split() == ["True", "0"], done.stderr
