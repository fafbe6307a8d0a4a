"""A batch stopped by SIGTERM or SIGINT leaves no output that looks complete, and takes its
worker processes with it."""

import json
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest


def _children(pid: int) -> set[int]:
    path = Path(f"/proc/{pid}/task/{pid}/children")
    return {int(p) for p in path.read_text().split()} if path.exists() else set()


def _wait(condition, seconds: float = 120) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.mark.skipif(not Path("/proc/self/task").exists(), reason="reads child processes from /proc")
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_an_interrupted_batch_writes_no_output_and_stops_its_workers(tmp_path, signum):
    lines = (json.dumps({"text": f"Вы опять не приложили счёт номер {i}. Скинь его до пятницы."},
                        ensure_ascii=False) for i in range(200_000))
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    proc = subprocess.Popen([sys.executable, "-m", "tonecheck", "batch", "-q", "--isolated", "-j", "2",
                             "big.jsonl", "-o", "out.jsonl"], cwd=tmp_path, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    try:
        partial = lambda: any(p.name != "big.jsonl" and p.stat().st_size > 0 for p in tmp_path.iterdir())  # noqa: E731
        assert _wait(lambda: len(_children(proc.pid)) >= 2 and partial()), "the batch never got going"
        workers = _children(proc.pid)
        proc.send_signal(signum)
        _, err = proc.communicate(timeout=120)
    finally:
        proc.kill()
    assert proc.returncode == 128 + signum
    assert err == f"tonecheck: error: interrupted ({signal.Signals(signum).name}); out.jsonl not written\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.jsonl"]
    assert _wait(lambda: not any(Path(f"/proc/{w}").exists() for w in workers), 60), "workers outlived the batch"
