"""A time limit on one regular-expression search that counts this thread's own work.

The ``regex`` module's ``timeout`` is wall-clock: a search that waited for the interpreter while
fifteen other threads ran (a busy service) looks like one that backtracked without end, and a
sane rule was reported as broken. A search that times out is tried again unless this thread
itself spent at least half the limit on it; a pattern that really runs away burns its own time
and still fails on the first try.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")
ATTEMPTS = 5  # a search starved five times running is reported all the same


def within(search: Callable[[float], T], seconds: float) -> T:
    """``search(timeout)``, with ``TimeoutError`` only when this thread spent the time."""
    for _ in range(ATTEMPTS - 1):
        spent = time.thread_time()
        try:
            return search(seconds)
        except TimeoutError:
            if time.thread_time() - spent >= seconds / 2:
                raise
    return search(seconds)
