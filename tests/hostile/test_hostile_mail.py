"""Hostile mail: a message the email package cannot take apart is one line naming the input and
exit status 2 (never a traceback, never the exit 1 that blocks a send as if it had findings)."""

import subprocess
import sys

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main

HEAD = b"From: a@example.ru\nTo: Ivan Petrov <i@example.ru>\nSubject: x\nMIME-Version: 1.0\n"
BODY = "Вы опять не приложили счёт.\n".encode()


def nul_in_charset() -> bytes:
    return HEAD + b'Content-Type: text/plain; charset="utf\x00-8"\n\n' + BODY


def nested_multiparts(depth: int = 1000) -> bytes:
    opening = b"".join(b'Content-Type: multipart/mixed; boundary="b%d"\n\n--b%d\n' % (i, i) for i in range(depth))
    closing = b"".join(b"--b%d--\n" % i for i in reversed(range(depth)))
    return HEAD + opening + b"Content-Type: text/plain; charset=utf-8\n\n" + BODY + closing


def parenthesised_to() -> bytes:
    return HEAD.replace(b"To: ", b"To: " + b"(" * 500) + b"Content-Type: text/plain; charset=utf-8\n\n" + BODY


CASES = {"nul": (nul_in_charset, "cannot read as e-mail (embedded null character)"),
         "nested": (nested_multiparts, "cannot read as e-mail (nested too deep)"),
         "parens": (parenthesised_to, "cannot read as e-mail (nested too deep)")}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hook_says_the_message_could_not_be_read(case):
    make, reason = CASES[case]
    res = CliRunner().invoke(main, ["hook", "--isolated"], input=make())
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == f"tonecheck: error: <stdin>: {reason}\n"


@pytest.mark.parametrize("case", sorted(CASES))
def test_sendmail_does_not_send_and_says_why(case, tmp_path):
    make, reason = CASES[case]
    sent = tmp_path / "sent"
    res = CliRunner().invoke(main, ["sendmail", "--isolated", "--", "sh", "-c", f"cat > {sent}"], input=make())
    assert res.exit_code == 2
    assert res.stderr == f"tonecheck: error: <stdin>: {reason}; not sent\n"
    assert not sent.exists()


def test_check_names_each_unreadable_mail_and_checks_the_rest(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for case, (make, _) in CASES.items():
        (tmp_path / f"{case}.eml").write_bytes(make())
    (tmp_path / "good.txt").write_bytes(BODY)
    res = subprocess.run([sys.executable, "-m", "tonecheck", "--isolated", "nul.eml", "nested.eml", "parens.eml",
                          "good.txt"], capture_output=True, text=True)
    assert res.returncode == 2
    assert res.stderr.splitlines() == [f"tonecheck: error: {case}.eml: {CASES[case][1]}"
                                       for case in ("nul", "nested", "parens")]
    assert "good.txt:1:1: warning blame.not-done" in res.stdout
