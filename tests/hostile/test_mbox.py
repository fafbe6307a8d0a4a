"""A mailbox read while a command-line start has the garbage collector paused: what parsing
each message leaves behind is collected, so memory holds the messages, not their garbage."""

import gc
import tracemalloc

from tonecheck.inputs.sources import Source, load
from tonecheck.runtime import heap


def mailbox(n: int) -> str:
    return "".join(
        f"From ivan@example.com Mon Jan  1 00:00:00 2024\nFrom: Ivan <ivan@example.com>\n"
        f"To: Anna Petrova <anna@example.com>\nSubject: Invoice {i}\nContent-Type: text/plain; charset=utf-8\n\n"
        f"Добрый день, Анна!\n\nСчёт номер {i} во вложении, пришлите подтверждение.\n\nС уважением,\nИван\n\n"
        for i in range(n))


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
