"""The command line: output format, exit codes, bad input, colour, JSON contract."""

import json
import os
import subprocess
import sys

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main

BAD_RU = "Вы опять не приложили счёт к заявке.\n"
CLEAN_RU = "Здравствуйте! Счёт получил, спасибо.\n"


@pytest.fixture
def run():
    def invoke(*args, input=None, env=None):
        return CliRunner().invoke(main, list(args), input=input, env=env)
    return invoke


@pytest.fixture
def files(tmp_path):
    (tmp_path / "bad.txt").write_text(BAD_RU, encoding="utf-8")
    (tmp_path / "clean.txt").write_text(CLEAN_RU, encoding="utf-8")
    return tmp_path


def test_text_output_shows_the_whole_sentence_before_and_after(run, files):
    path = str(files / "bad.txt")
    res = run(path)
    assert res.exit_code == 1
    lines = res.stdout.splitlines()
    assert lines[0] == (f"{path}:1:1: warning blame.not-done Упрёк «Вы опять не приложили»: "
                        "назовите, что нужно сделать, и попросите об этом.")
    assert lines[1] == "    Вы опять не приложили счёт к заявке."
    assert lines[2] == "    → Приложите, пожалуйста, счёт к заявке."
    assert lines[-1] == ("Found 2 issues (2 warnings) in 1 of 1 message. "
                         "Warmth 2.8/10 (− blame 4, − greeting 1, − «вы» с упрёком 0.2).")


def test_clean_file_exits_zero(run, files):
    res = run(str(files / "clean.txt"))
    assert (res.exit_code, res.stdout.strip()) == (0, "No issues in 1 message.")


def test_fail_on_error_ignores_warnings(run, files):
    assert run("--fail-on", "error", str(files / "bad.txt")).exit_code == 0
    assert run("--fail-on", "info", str(files / "bad.txt")).exit_code == 1


def test_explicit_check_subcommand_is_the_same(run, files):
    assert run("check", str(files / "bad.txt")).stdout == run(str(files / "bad.txt")).stdout


def test_stdin(run):
    res = run("-", input="No.")
    assert res.exit_code == 1
    assert res.stdout.startswith("<stdin>:1:1: warning answer.bare")


def test_json_contract(run, files):
    res = run("--format", "json", str(files / "bad.txt"), str(files / "clean.txt"))
    doc = json.loads(res.stdout)
    assert [f["path"] for f in doc["files"]] == [str(files / "bad.txt"), str(files / "clean.txt")]
    first = doc["files"][0]
    assert first["language"] == "ru"
    f = first["findings"][0]
    assert {k: f[k] for k in ("rule", "severity", "line", "column", "start", "end", "text", "suggestion")} == {
        "rule": "blame.not-done", "severity": "warning", "line": 1, "column": 1, "start": 0, "end": 21,
        "text": "Вы опять не приложили", "suggestion": "Приложите, пожалуйста,"}
    assert doc["files"][1]["findings"] == []
    assert doc["summary"]["findings"] == 2 and res.exit_code == 1


def test_missing_file_is_one_line_error_and_others_still_checked(run, files):
    res = run(str(files / "nope.txt"), str(files / "bad.txt"))
    assert res.exit_code == 2
    assert res.stderr.strip() == f"tonecheck: error: {files / 'nope.txt'}: no such file"
    assert "blame.not-done" in res.stdout
    assert res.stdout.strip().endswith("1 could not be read.")


def test_directory_needs_recursive(run, files):
    res = run(str(files))
    assert res.exit_code == 2
    assert "is a directory (use --recursive" in res.stderr
    res = run("--recursive", str(files))
    assert res.exit_code == 1 and "bad.txt:1:1:" in res.stdout and "Found 2 issues" in res.stdout


def test_binary_file_is_rejected(run, tmp_path):
    (tmp_path / "x.bin").write_bytes(b"\x89PNG\x00\x01\x02")
    res = run(str(tmp_path / "x.bin"))
    assert res.exit_code == 2 and "looks like a binary file" in res.stderr
    assert "Traceback" not in res.output


def test_cp1251_russian_is_decoded(run, tmp_path):
    (tmp_path / "win.txt").write_bytes(BAD_RU.encode("cp1251"))
    res = run(str(tmp_path / "win.txt"))
    assert res.exit_code == 1 and "Вы опять не приложили" in res.stdout


def test_undecodable_bytes_are_an_error(run, tmp_path):
    (tmp_path / "junk.txt").write_bytes(b"caf\xe9 \xff\xfe latin-1 text")
    res = run(str(tmp_path / "junk.txt"))
    assert res.exit_code == 2 and "not valid UTF-8" in res.stderr


def test_empty_and_blank_files_are_clean(run, tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("  \n\n ")
    res = run(str(tmp_path / "empty.txt"), str(tmp_path / "blank.txt"))
    assert (res.exit_code, res.stdout.strip()) == (0, "No issues in 2 messages.")


def test_usage_errors_exit_two(run, files):
    assert run("--lang", "de", str(files / "bad.txt")).exit_code == 2
    res = run("--select", "blam", str(files / "bad.txt"))
    assert res.exit_code == 2
    assert res.stderr == "tonecheck: error: --select: unknown rule or family 'blam' (did you mean 'blame'?)\n"
    assert run().exit_code == 2


def test_select_limits_rules(run, files):
    res = run("--select", "greeting", "--format", "json", str(files / "bad.txt"))
    rules = [f["rule"] for f in json.loads(res.stdout)["files"][0]["findings"]]
    assert rules == ["greeting.missing"]


def test_addressee_and_formality_options(run, tmp_path):
    (tmp_path / "m.txt").write_text("Скинь отчёт до пятницы, пожалуйста.", encoding="utf-8")
    res = run("--formality", "informal", "--to", "Иванов Пётр", "--format", "json", str(tmp_path / "m.txt"))
    (f,) = json.loads(res.stdout)["files"][0]["findings"]
    assert (f["rule"], f["suggestion"]) == ("greeting.missing", "Привет, Пётр! Скинь")


def test_one_reader_named_two_ways_is_flagged_and_fixed(run, tmp_path):
    """An e-mail's To: name is the reader: "Ms Petrova" and then "Anna" to her is a switch. After
    a salutation that named her, fix drops the second name (address.name's examples hold the
    case without one: the opening form goes back in)."""
    mail = ("To: Anna Petrova <anna@example.com>\nSubject: Figures\n\n"
            "Dear Ms Petrova,\n\nThank you for the figures. If you can, Anna, could you also add the forecast?\n")
    (tmp_path / "m.eml").write_text(mail, encoding="utf-8")
    res = run("--format", "json", str(tmp_path / "m.eml"))
    found = [(f["rule"], f["text"], f["suggestion"]) for f in json.loads(res.stdout)["files"][0]["findings"]]
    assert found == [("address.name", ", Anna", "")]
    fixed = run("fix", str(tmp_path / "m.eml"))
    assert "If you can, could you also add the forecast?" in fixed.stdout
    (tmp_path / "m.eml").write_text(mail.replace("If you can, Anna, could", "Anna, could"), encoding="utf-8")
    fixed = run("fix", str(tmp_path / "m.eml"))
    assert "Thank you for the figures. Could you also add the forecast?" in fixed.stdout


def test_colour_only_when_asked_or_on_a_terminal(run, files):
    plain = run(str(files / "bad.txt"))
    assert "\x1b[" not in plain.stdout
    forced = run("--color", str(files / "bad.txt"))
    assert "\x1b[" in forced.stdout


def test_no_color_env_wins_on_a_terminal(monkeypatch):
    from tonecheck.cli import options as cli
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    monkeypatch.setenv("NO_COLOR", "1")
    assert cli.use_colour(None) is False
    monkeypatch.delenv("NO_COLOR")
    assert cli.use_colour(None) is True


def test_help_explains_exit_codes_and_options(run):
    res = run("check", "--help")
    assert res.exit_code == 0
    for word in ("--fail-on", "--formality", "--to", "--lang", "--format", "standard input"):
        assert word in res.stdout


def test_real_process_exit_code_and_module_entry(tmp_path):
    path = tmp_path / "bad.txt"
    path.write_text(BAD_RU, encoding="utf-8")
    env = {**os.environ, "NO_COLOR": "1"}
    out = subprocess.run([sys.executable, "-m", "tonecheck", str(path)], capture_output=True, text=True, env=env)
    assert out.returncode == 1 and "blame.not-done" in out.stdout and out.stderr == ""
