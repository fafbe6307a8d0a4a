"""sendmail --ask for real: a pseudo-terminal as the controlling terminal, the message on stdin."""

import os
import select
import stat
import subprocess
import sys
import time

import pytest

BAD = "Вы опять не приложили счёт к заявке.\n".encode()
PROMPT = b"Send anyway? [y/N] "

# Runs tonecheck as a session leader whose controlling terminal is its stdout (the pty's slave),
# as a mail program started from a shell would; stdin stays the message.
ON_TERMINAL = ("import fcntl, os, sys, termios; fcntl.ioctl(1, termios.TIOCSCTTY, 0); "
               "os.execv(sys.executable, [sys.executable, '-m', 'tonecheck', *sys.argv[1:]])")


@pytest.fixture
def fake_sendmail(tmp_path):
    """A sendmail stand-in that records the bytes it got."""
    script, record = tmp_path / "fake-sendmail", tmp_path / "sent.bin"
    script.write_text(f"#!{sys.executable}\nimport sys\nopen({str(record)!r}, 'wb').write(sys.stdin.buffer.read())\n")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return script, record


def _read_until(fd: int, wanted: bytes, seen: bytes = b"", timeout: float = 60) -> bytes:
    """Everything the terminal showed until ``wanted`` (b"": until the program closed it)."""
    deadline = time.monotonic() + timeout
    while not (wanted and wanted in seen):
        ready, _, _ = select.select([fd], [], [], max(0.0, deadline - time.monotonic()))
        if not ready:
            raise AssertionError(f"timed out waiting for {wanted!r}; terminal showed:\n{seen.decode(errors='replace')}")
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # EIO: every slave handle is closed
            chunk = b""
        if not chunk:
            if wanted:
                raise AssertionError(f"no {wanted!r}; terminal showed:\n{seen.decode(errors='replace')}")
            return seen
        seen += chunk
    return seen


def sendmail_on_terminal(tmp_path, script, answer: bytes | None):
    """Run ``tonecheck sendmail --ask`` on a pty, answer the prompt: (exit status, terminal text)."""
    message = tmp_path / "message.txt"
    message.write_bytes(BAD)
    master, slave = os.openpty()
    env = {**os.environ, "NO_COLOR": "1"}
    with message.open("rb") as stdin:
        proc = subprocess.Popen([sys.executable, "-c", ON_TERMINAL, "sendmail", "--ask", "--", str(script)],
                                stdin=stdin, stdout=slave, stderr=slave, start_new_session=True, env=env)
    os.close(slave)
    try:
        shown = _read_until(master, PROMPT)
        os.write(master, answer)
        shown = _read_until(master, b"", shown)
        return proc.wait(timeout=60), shown.decode(errors="replace")
    finally:
        os.close(master)
        if proc.poll() is None:
            proc.kill()


def test_sendmail_ask_yes_on_the_terminal_sends(tmp_path, fake_sendmail):
    script, record = fake_sendmail
    status, shown = sendmail_on_terminal(tmp_path, script, b"y\n")
    assert "blame.not-done" in shown
    assert status == 0 and record.read_bytes() == BAD


def test_sendmail_ask_no_on_the_terminal_refuses_with_status_one(tmp_path, fake_sendmail):
    script, record = fake_sendmail
    status, shown = sendmail_on_terminal(tmp_path, script, b"n\n")
    assert status == 1 and not record.exists()
    assert shown.rstrip().splitlines()[-1] == "tonecheck: message not sent"


def test_sendmail_ask_without_a_terminal_says_so_and_refuses(tmp_path, fake_sendmail):
    script, record = fake_sendmail
    env = {**os.environ, "NO_COLOR": "1"}
    done = subprocess.run([sys.executable, "-m", "tonecheck", "sendmail", "--ask", "--", str(script)], input=BAD,
                          capture_output=True, env=env, start_new_session=True)  # a new session has no terminal
    assert done.returncode == 1 and not record.exists()
    assert done.stderr.decode().rstrip().splitlines()[-1] == (
        "tonecheck: --ask: no terminal to ask on (/dev/tty); message not sent")
