"""A mailbox read while a command-line start has the garbage collector paused: what parsing
each message leaves behind is collected, so memory holds the messages, not their garbage; and
the command line checks and reports an mbox message by message, so it holds none of them."""

import gc
import json
import subprocess
import sys
import tracemalloc
from pathlib import Path

from tonecheck.inputs.sources import Source, load
from tonecheck.runtime import heap


def mailbox(n: int, start: int = 0) -> str:
    return "".join(
        f"From ivan@example.com Mon Jan  1 00:00:00 2024\nFrom: Ivan <ivan@example.com>\n"
        f"To: Anna Petrova <anna@example.com>\nSubject: Invoice {i}\nContent-Type: text/plain; charset=utf-8\n\n"
        f"Добрый день, Анна!\n\nСчёт номер {i} во вложении, пришлите подтверждение.\n\nС уважением,\nИван\n\n"
        for i in range(start, start + n))


QUOTE = "".join(f"> Строка {k} письма, на которое отвечают: счёт, акт и накладная за март.\n" for k in range(20))


def replies(n: int, start: int = 0) -> str:
    """Replies quoting the message they answer, as a thread's mail does: held, each is several
    kilobytes; checked, only its first lines. Their words repeat, so no new word is learnt."""
    return "".join(
        f"From ivan@example.com Mon Jan  1 00:00:00 2024\nFrom: Ivan <ivan@example.com>\n"
        f"To: Anna Petrova <anna@example.com>\nSubject: Re: Invoice {i % 20}\n"
        f"Content-Type: text/plain; charset=utf-8\n\nДобрый день, Анна!\n\nСчёт номер {i % 20} во вложении, "
        f"пришлите подтверждение.\n\nС уважением,\nИван\n\nАнна Петрова <anna@example.com> писала:\n{QUOTE}\n"
        for i in range(start, start + n))


def write_mailbox(path, n: int, make=mailbox) -> None:
    """An mbox of n messages written a hundred at a time (the text of them all is never held)."""
    with open(path, "w", encoding="utf-8") as out:
        for start in range(0, n, 100):
            out.write(make(min(100, n - start), start))


def held_after_load(path, paused: bool = True) -> int:
    """Bytes still allocated once the mailbox is loaded (its messages and whatever garbage is left)."""
    gc.collect()
    state = dict(heap._STATE)
    if paused:  # as the command line's entry point leaves it, without freezing this process's heap
        gc.disable()
        heap._STATE["paused"] = True
    tracemalloc.start()
    try:
        messages = load(Source(str(path), path))
        return tracemalloc.get_traced_memory()[0] // len(messages)
    finally:
        tracemalloc.stop()
        heap._STATE.update(state)
        gc.enable()


def test_a_mailbox_keeps_its_messages_not_their_garbage(tmp_path):
    path = tmp_path / "box.mbox"
    path.write_text(mailbox(2000), encoding="utf-8")
    load(Source(str(path), path))  # modules imported once are not the messages' cost
    per_message = held_after_load(path)
    assert per_message < 3 * held_after_load(path, paused=False), f"{per_message} bytes a message"


ADDED_PEAK = """
import contextlib, io, json, resource, sys
from tonecheck.cli.main import main
from tonecheck.runtime import heap

def run(path):
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()):
        try:
            main(["--isolated", path], standalone_mode=False)
        except SystemExit as exc:
            return exc.code

peak = lambda: resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
heap.pause()  # as the console script starts
assert run(sys.argv[1]) == 0  # loads what every check needs
before = peak()
assert run(sys.argv[2]) == 0
print(json.dumps(peak() - before))
"""


def added_peak(folder: Path, n: int) -> float:
    """MB the command line's peak RSS grows by while it checks an mbox of n replies, in a fresh
    process after one small mailbox has loaded the pipelines and rules."""
    write_mailbox(folder / "warm.mbox", 20, replies)
    write_mailbox(folder / f"{n}.mbox", n, replies)
    done = subprocess.run([sys.executable, "-c", ADDED_PEAK, str(folder / "warm.mbox"), str(folder / f"{n}.mbox")],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.splitlines()[-1])


def test_the_command_line_holds_one_message_of_an_mbox_at_a_time(tmp_path):
    """4,000 replies of ~2 KB took 44 MB more than 1,000 while the command line held every
    message until it reported; checked and reported one by one, they take what 1,000 take."""
    small, large = added_peak(tmp_path, 1000), added_peak(tmp_path, 4000)
    assert large < 1.5 * small + 8, f"peak RSS +{small:.1f} MB for 1,000 replies, +{large:.1f} MB for 4,000"
