"""One Linter shared by threads gives each check exactly the findings it gives alone.

The service checks on its event loop and fixes in a thread pool, and a library user may share
one Linter between workers: the per-message matching state must belong to the message, and the
caches that learn new word forms must never be read half-written.
"""

import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml

from tonecheck.engine.linter import Linter

DEVSET = Path(__file__).parent / "devset"


def _messages() -> list[tuple[str, str | None]]:
    """Every dev-set message (both languages, with the quoted message where a case has one)."""
    out = []
    for path in sorted(DEVSET.glob("*.yaml")):
        for case in yaml.safe_load(path.read_text(encoding="utf-8")):
            out.append((case["text"], case.get("quoted")))
    return out


def _findings(linter: Linter, text: str, quoted: str | None) -> list[dict]:
    return [f.to_dict() for f in linter.check(text, quoted=quoted).findings]


def test_eight_threads_find_what_one_thread_finds():
    messages = _messages()
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # threads switch after every few bytecodes: races show up

    assert len(messages) > 300
    # A fresh Linter: its form caches start empty, so the threads race to fill them.
    shared = Linter()
    with ThreadPoolExecutor(max_workers=8) as pool:
        try:
            parallel = list(pool.map(lambda m: _findings(shared, *m), messages * 3))
        finally:
            sys.setswitchinterval(interval)
    alone = [_findings(shared, *m) for m in messages] * 3
    lost = [i for i, (a, b) in enumerate(zip(parallel, alone, strict=True)) if a != b]
    assert lost == [], f"{len(lost)} of {len(messages) * 3} checks differed from a sequential run"
    assert sum(map(len, alone)) > 300  # the messages do raise findings
