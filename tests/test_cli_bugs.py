"""The command line's group: options before a command's name; explain and rules agree on severity."""

import json

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main

BAD_RU = "Вы опять не приложили счёт к заявке.\n"
BAD_EN = "Hi, you forgot to attach the file again.\n"
QUOTED = "Здравствуйте! Счёт получил, спасибо.\n\n> Вы опять не приложили счёт к заявке.\n"


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


@pytest.fixture
def drafts(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    for name, text in (("ru.txt", BAD_RU), ("en.txt", BAD_EN), ("quoted.txt", QUOTED)):
        (tmp_path / name).write_text(text, encoding="utf-8")
    return tmp_path


# --- options before the command's name ----------------------------------------------------------

def same(before: list[str], after: list[str], input=None):
    """Both spellings' (exit status, stdout, stderr), asserting they are the same."""
    a, b = run(*before, input=input), run(*after, input=input)
    assert (a.exit_code, a.stdout, a.stderr) == (b.exit_code, b.stdout, b.stderr)
    return a


def test_to_before_fix_applies_to_fix(drafts):
    res = same(["--to", "Петрова Анна Сергеевна", "fix", "ru.txt"], ["fix", "--to", "Петрова Анна Сергеевна", "ru.txt"])
    assert (res.exit_code, res.stdout) == (0, "Здравствуйте, Анна Сергеевна! Приложите, пожалуйста, счёт к заявке.\n")


def test_lang_before_fix_applies_to_fix(drafts):
    res = same(["--lang", "ru", "fix", "en.txt"], ["fix", "--lang", "ru", "en.txt"])
    assert (res.exit_code, res.stdout) == (0, "Здравствуйте! " + BAD_EN)


def test_flags_before_a_command_apply_to_it(drafts):
    res = same(["--no-strip", "fix", "quoted.txt"], ["fix", "--no-strip", "quoted.txt"])
    assert res.stdout.endswith("> Приложите, пожалуйста, счёт к заявке.\n")
    res = same(["--isolated", "--lang", "ru", "hook"], ["hook", "--isolated", "--lang", "ru"], input=BAD_EN)
    assert res.exit_code == 1 and "greeting.missing" in res.stderr


def test_leading_options_without_a_command_still_mean_check(drafts):
    res = same(["--to", "Анна", "ru.txt"], ["check", "--to", "Анна", "ru.txt"])
    assert res.exit_code == 1 and "→ Здравствуйте, Анна! Вы" in res.stdout
    res = same(["--to", "fix", "ru.txt"], ["check", "--to", "fix", "ru.txt"])  # a value, not the command
    assert res.exit_code == 1 and "→ Здравствуйте, fix! Вы" in res.stdout


def test_an_option_the_command_lacks_is_a_usage_error_naming_it(drafts):
    res = run("--format", "json", "fix", "ru.txt")
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr.splitlines()[-1] == "Error: No such option '--format'. Did you mean '--formality'?"
    res = run("--to", "Анна", "rules")
    assert res.exit_code == 2 and res.stderr.splitlines()[-1] == "Error: No such option '--to'."


# --- explain and rules show the severity that applies -------------------------------------------

@pytest.fixture
def team(tmp_path, monkeypatch):
    """A team that raises answer.bare to error and keeps blame.again at its own warning."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tonecheck.yaml").write_text("severity: {answer.bare: error, blame.again: warning}\n")
    return tmp_path


def test_explain_shows_the_team_severity_and_the_built_in_one(team):
    page = run("explain", "answer.bare").stdout.splitlines()
    assert "- Severity: error (team override; built-in: warning)" in page
    assert "- Уровень: error (переопределено командой; встроенный: warning)" in run(
        "explain", "--lang", "ru", "answer.bare").stdout.splitlines()
    assert "- Severity: warning" in run("explain", "blame.again").stdout.splitlines()  # same as built-in: no note
    assert "- Severity: warning" in run("explain", "--isolated", "answer.bare").stdout.splitlines()


def test_explain_takes_the_severity_from_config(tmp_path):
    config = tmp_path / "team.yaml"
    config.write_text("severity: {answer.bare: info}\n")
    page = run("explain", "--config", str(config), "answer.bare").stdout.splitlines()
    assert "- Severity: info (team override; built-in: warning)" in page


def test_rules_shows_the_same_severity_as_explain(team):
    lines = {line.split()[0]: line for line in run("rules").stdout.splitlines()}
    assert lines["answer.bare"].split()[:3] == ["answer.bare", "on", "error"]
    assert lines["answer.bare"].endswith("  (team override; built-in: warning)")
    assert lines["blame.again"].split()[2] == "warning" and "built-in" not in lines["blame.again"]
    rows = {r["id"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    assert (rows["answer.bare"]["severity"], rows["answer.bare"]["builtin_severity"]) == ("error", "warning")
