"""Hostile input: what a few kilobytes or megabytes of crafted text cost.

The machine is noisy, so no test holds a check to a number of milliseconds. Each compares an
input with one several times larger: time (and memory) per unit of input may grow a little,
not with the input's size, as a quadratic step's would. The sizes are picked so that the
quadratic code these tests were written against fails them in seconds, not minutes.
"""

from __future__ import annotations

import time
import tracemalloc
from collections.abc import Callable

FACTOR = 8  # the large input is this many times the small one
SLACK = 4   # and may cost at most this many times more per unit (quadratic: FACTOR)


def best_time(run: Callable[[], object], repeat: int = 3) -> float:
    """The fastest of a few runs: the least disturbed by whatever else the machine does."""
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        best = min(best, time.perf_counter() - start)
        if best > 1:  # slow enough to measure once (and a quadratic step fails soon enough)
            break
    return best


def peak_memory(run: Callable[[], object]) -> int:
    """Bytes allocated at the peak of one run, beyond what was held before it."""
    tracemalloc.start()
    try:
        run()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def linear(work: Callable[[int], object], small: int, memory: bool = False) -> None:
    """``work(n)`` handles an input of size n; its time per unit at ``FACTOR * small`` stays
    within ``SLACK`` times that at ``small`` (and, with ``memory``, its peak memory per unit)."""
    large = small * FACTOR
    work(small)  # whatever loads once (a pipeline, a table) is not the input's cost
    times = [best_time(lambda n=n: work(n)) / n for n in (small, large)]
    assert times[1] <= SLACK * times[0], f"time per unit {times[1] / times[0]:.1f}x at {FACTOR}x the input"
    if memory:
        peaks = [peak_memory(lambda n=n: work(n)) / n for n in (small, large)]
        assert peaks[1] <= SLACK * peaks[0], f"memory per unit {peaks[1] / peaks[0]:.1f}x at {FACTOR}x the input"
