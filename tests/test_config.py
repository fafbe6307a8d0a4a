"""Team configuration through the real CLI: discovery, precedence, overrides, validation."""

import json
import textwrap

import pytest
from click.testing import CliRunner
from conftest import BUILTIN_RULES

from tonecheck.cli.main import main

MSG = "Скинь отчёт до пятницы, пожалуйста.\n"   # ты-form + no greeting


def run(*args, cwd=None):
    return CliRunner().invoke(main, list(args))


def rules_of(res):
    doc = json.loads(res.stdout)
    return [[f["rule"] for f in file["findings"]] for file in doc["files"]]


@pytest.fixture
def team(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "drafts").mkdir()
    (tmp_path / "templates").mkdir()
    (tmp_path / "drafts" / "a.txt").write_text(MSG, encoding="utf-8")
    (tmp_path / "templates" / "t.txt").write_text(MSG, encoding="utf-8")
    return tmp_path


def write(path, text):
    path.write_text(textwrap.dedent(text), encoding="utf-8")


def test_without_config_the_defaults_apply(team):
    # formality auto: nothing in the thread shows a formal exchange, so ты is no fault and the
    # greeting offered matches the message's own ты
    res = run("--format", "json", "drafts/a.txt")
    assert rules_of(res) == [["greeting.missing"]]
    assert json.loads(res.stdout)["files"][0]["findings"][0]["suggestion"] == "Привет! Скинь"


def test_config_found_by_walking_up_from_the_file(team):
    write(team / ".tonecheck.yaml", "formality: informal\n")
    res = run("--format", "json", "drafts/a.txt")
    assert rules_of(res) == [["greeting.missing"]]
    assert json.loads(res.stdout)["files"][0]["findings"][0]["suggestion"] == "Привет! Скинь"


def test_nearest_config_wins(team):
    write(team / ".tonecheck.yaml", "ignore: [address]\n")
    write(team / "drafts" / ".tonecheck.yaml", "formality: formal\nignore: [greeting]\n")
    assert rules_of(run("--format", "json", "drafts/a.txt")) == [["address.informal"]]


def test_pyproject_table(team):
    write(team / "pyproject.toml", """\
        [project]
        name = "x"

        [tool.tonecheck]
        formality = "informal"
        select = ["greeting"]
        """)
    assert rules_of(run("--format", "json", "drafts/a.txt")) == [["greeting.missing"]]


def test_command_line_overrides_the_file(team):
    write(team / ".tonecheck.yaml", "formality: informal\nfail-on: error\n")
    res = run("--formality", "formal", "--format", "json", "drafts/a.txt")
    assert rules_of(res) == [["address.informal", "greeting.missing"]]
    assert res.exit_code == 0  # fail-on: error from the file, and these are warnings
    assert run("--fail-on", "warning", "drafts/a.txt").exit_code == 1


def test_explicit_config_and_isolated(team, tmp_path_factory):
    other = tmp_path_factory.mktemp("elsewhere") / "team.yaml"
    write(other, "select: [address]\nformality: formal\n")
    write(team / ".tonecheck.yaml", "formality: informal\n")
    assert rules_of(run("--config", str(other), "--format", "json", "drafts/a.txt")) == [["address.informal"]]
    write(team / ".tonecheck.yaml", "formality: formal\nselect: [tone]\n")
    assert rules_of(run("--isolated", "--format", "json", "drafts/a.txt")) == [["greeting.missing"]]


def test_per_file_override_by_glob_adds_ignores(team):
    write(team / ".tonecheck.yaml", """\
        formality: formal
        ignore: [address.impersonal]
        overrides:
          - files: "templates/**"
            formality: informal
            ignore: [greeting]
        """)
    res = run("--format", "json", "drafts/a.txt", "templates/t.txt")
    assert rules_of(res) == [["address.informal", "greeting.missing"], []]
    shown = run("config", "templates/t.txt").stdout
    assert "ignore          [address.impersonal, greeting]" in shown


def test_severity_and_extend(team):
    write(team / "base.yaml", "severity: {greeting.missing: info}\n")
    write(team / ".tonecheck.yaml", "extend: base.yaml\nformality: informal\n")
    res = run("--format", "json", "drafts/a.txt")
    (finding,) = json.loads(res.stdout)["files"][0]["findings"]
    assert (finding["rule"], finding["severity"]) == ("greeting.missing", "info")
    assert res.exit_code == 0


def test_extra_rules_and_lexicons(team):
    (team / "team-rules" / "team").mkdir(parents=True)
    (team / "team-lex" / "ru").mkdir(parents=True)
    write(team / "team-lex" / "ru" / "slang.txt", "косяк => ошибка\n")
    write(team / "team-rules" / "team" / "slang.yml", """\
        summary: Team slang for a mistake.
        description: Flags the team's slang.
        kind: pattern
        ru:
          message: "«{text}» — жаргон."
          match: {lexicon: ru/slang}
          suggest: {replace: {from-lexicon: true}}
          examples:
            bad: [{text: "Это [косяк].", suggestion: "ошибка"}]
            good: ["Это ошибка."]
        """)
    write(team / ".tonecheck.yaml", "extra-rules: [team-rules]\nextra-lexicons: [team-lex]\nselect: [team]\n")
    (team / "drafts" / "b.txt").write_text("Здравствуйте! Тут косяк в отчёте.", encoding="utf-8")
    res = run("--format", "json", "drafts/b.txt")
    (finding,) = json.loads(res.stdout)["files"][0]["findings"]
    assert (finding["rule"], finding["suggestion"]) == ("team.slang", "ошибка")


@pytest.mark.parametrize("body, expected", [
    ("formalty: informal\n", ".tonecheck.yaml:1: formalty: unknown key (did you mean 'formality'?)"),
    ("language: auto\nformality: casual\n",
     ".tonecheck.yaml:2: formality: must be one of auto, formal, informal, not 'casual'"),
    ("select: 3\n", ".tonecheck.yaml:1: select: must be a list of strings"),
    ("ignore: [blame.agian]\n", "ignore: unknown rule or family 'blame.agian' (did you mean 'blame.again'?)"),
    ("extra-rules: [nowhere]\n", ".tonecheck.yaml:1: extra-rules: no such folder"),
    ("overrides:\n  - files: 'x/**'\n    fail-on: info\n", "overrides[0].fail-on: unknown key"),
    ("formality: [\n", ".tonecheck.yaml:2: yaml:"),
])
def test_invalid_config_is_one_clear_line_and_exit_2(team, body, expected):
    (team / ".tonecheck.yaml").write_text(body, encoding="utf-8")
    res = run("drafts/a.txt")
    assert res.exit_code == 2
    assert res.stdout == ""
    assert res.stderr.startswith("tonecheck: error: configuration: ")
    assert expected in res.stderr and res.stderr.count("\n") == 1


def test_config_show_names_the_source_of_each_value(team):
    write(team / ".tonecheck.yaml", "formality: informal\n")
    res = run("config", "--show")
    lines = res.stdout.splitlines()
    assert lines[0] == f"files: {(team / '.tonecheck.yaml').resolve()}"
    assert f"formality       informal  ({(team / '.tonecheck.yaml').resolve()}:1)" in lines
    assert "language        auto  (default)" in lines
    # coverage.unanswered and thanks.for-done are off by default
    assert lines[-1] == f"rules on: {len(BUILTIN_RULES) - 2} of {len(BUILTIN_RULES)}"
