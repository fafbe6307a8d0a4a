"""The garbage collector during a command-line run: paused while tonecheck loads, then what was
loaded kept out of its passes.

Starting a check builds about a million objects that all live until the process ends (spaCy's
modules and pipelines, pymorphy3's and lemminflect's tables, the compiled rules), and Python's
collector, triggered by allocation counts, walks that growing heap again and again while it is
built: 0.19-0.26 s of a 1.4-2.2 s `tonecheck draft.txt` here, and found nothing to free. So the
command line pauses the collector at its entry (``pause``), and once the first message has been
checked, what every later one uses has been loaded (``resume``): it is moved out of the
collector's passes (``gc.freeze``, as Python's documentation advises for long-lived processes)
and the collector runs again as usual. Checking itself leaves no cycles for the collector
(tests/test_heap.py counts them), so the pause frees nothing late. Only the command line
pauses the collector; batch workers and the server, long runs, freeze after their warm-up
whoever started them (``loaded``), and a program using tonecheck as a library keeps its own.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager

_STATE = {"paused": False, "frozen": False}


def pause() -> None:
    """Stop automatic collection until ``resume`` (the command line's entry point calls it)."""
    if gc.isenabled():
        gc.disable()
        _STATE["paused"] = True


def loaded() -> None:
    """What a long run keeps has been loaded: freeze it (once) and let the collector run again."""
    _freeze_once()
    resume()


def resume() -> None:
    """After a paused start: freeze what was loaded and collect as usual again (no-op when the
    collector was not paused, as in a program that uses tonecheck as a library)."""
    if _STATE["paused"]:
        _STATE["paused"] = False
        _freeze_once()
        gc.enable()


@contextmanager
def collecting():
    """Collect as usual inside the block even during a paused start: reading mail leaves cycles
    (the email package's parsed messages), and an .mbox of thousands of messages read with the
    collector paused kept ~30 KB of garbage a message."""
    paused = _STATE["paused"] and not gc.isenabled()
    if paused:
        gc.enable()
    try:
        yield
    finally:
        if paused and _STATE["paused"]:
            gc.disable()


def _freeze_once() -> None:
    if not _STATE["frozen"]:
        gc.freeze()
        _STATE["frozen"] = True
