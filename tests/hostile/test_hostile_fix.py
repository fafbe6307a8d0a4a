"""`tonecheck fix` on hostile files: it never writes text it could not decode with confidence,
leaves nothing behind when it cannot write, never waits on a FIFO, and keeps the line ends and
header whitespace it found. The sendmail wrapper says when its command was killed."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main

BLAME = "Вы опять не приложили счёт к заявке."


def fix(*args):
    return CliRunner().invoke(main, ["fix", "--isolated", *args])


def test_koi8r_text_that_also_reads_as_cp1251_is_not_rewritten(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    data = "ХОРОШО, ПРИШЛЮ ДО КОНЦА ДНЯ.\n".encode("koi8-r")
    (tmp_path / "a.txt").write_bytes(data)
    res = fix("--in-place", "--no-backup", "a.txt")
    assert res.exit_code == 2
    assert res.stderr == ("tonecheck: error: a.txt: reads as Russian in both cp1251 and koi8-r; not rewritten "
                          "(save it as UTF-8)\n")
    assert (tmp_path / "a.txt").read_bytes() == data


def test_clear_koi8r_text_is_fixed_and_stays_koi8r(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_bytes(BLAME.encode("koi8-r"))
    res = fix("--in-place", "--no-backup", "a.txt")
    assert res.exit_code == 0, res.stderr
    assert "Приложите, пожалуйста, счёт к заявке." in (tmp_path / "a.txt").read_bytes().decode("koi8-r")


def test_a_file_that_cannot_be_written_leaves_no_backup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    draft = tmp_path / "a.txt"
    draft.write_text(BLAME, encoding="utf-8")
    opened = Path.open

    def read_only(self, mode="r", *args, **kwargs):
        if self.name == "a.txt" and any(c in mode for c in "wa+"):
            raise PermissionError(13, "Permission denied")
        return opened(self, mode, *args, **kwargs)
    monkeypatch.setattr(Path, "open", read_only)
    res = fix("--in-place", "a.txt")
    assert (res.exit_code, res.stderr) == (2, "tonecheck: error: a.txt: cannot write: Permission denied\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]
    assert draft.read_text(encoding="utf-8") == BLAME


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes to read-only files")
def test_a_read_only_file_leaves_no_backup(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.txt").write_text(BLAME, encoding="utf-8")
    (tmp_path / "a.txt").chmod(0o444)
    res = fix("--in-place", "a.txt")
    assert (res.exit_code, res.stderr) == (2, "tonecheck: error: a.txt: cannot write: Permission denied\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt"]


def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path):
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "b.txt").write_text(BLAME, encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "tonecheck", "fix", "--isolated", "--in-place", "--no-backup",
                          "pipe.txt", "b.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert res.returncode == 2
    assert res.stderr.splitlines()[0] == "tonecheck: error: pipe.txt: not a regular file; not rewritten"
    assert "Приложите" in (tmp_path / "b.txt").read_text(encoding="utf-8")


def test_crlf_line_ends_are_kept(tmp_path):
    (tmp_path / "a.txt").write_bytes(f"{BLAME}\r\nСкинь его до пятницы.\r\n".encode())
    res = CliRunner().invoke(main, ["fix", "--isolated", str(tmp_path / "a.txt")])
    assert res.exit_code == 0
    assert b"\r\n" in res.stdout_bytes and b"\n" not in res.stdout_bytes.replace(b"\r\n", b"")


def test_header_whitespace_is_kept_in_a_fixed_mail(tmp_path):
    head = (b"From: Anna <a@example.ru>\nTo:   Ivan Petrov <i@example.ru>\nSubject:\tHello   there\n"
            b"X-Folded: first\n  second\nContent-Type: text/plain; charset=utf-8\n\n")
    (tmp_path / "m.eml").write_bytes(head + BLAME.encode() + b"\n")
    res = CliRunner().invoke(main, ["fix", "--isolated", str(tmp_path / "m.eml")])
    assert res.exit_code == 0
    assert res.stdout_bytes.startswith(head)
    assert "Приложите" in res.stdout_bytes.decode()


def test_sendmail_says_when_its_command_was_killed():
    res = CliRunner().invoke(main, ["sendmail", "--isolated", "--", "sh", "-c", "kill -TERM $$"],
                             input="Здравствуйте, Анна! Всё получил, спасибо.\n")
    assert res.exit_code == 128 + 15
    assert res.stderr == "tonecheck: error: sh was killed by signal SIGTERM; the message may not have been sent\n"
