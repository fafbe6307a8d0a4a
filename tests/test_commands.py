"""rules, explain, docs, test-rules and inline suppression through the CLI."""

import json
import textwrap
from pathlib import Path

from click.testing import CliRunner
from conftest import BUILTIN_RULES

from tonecheck.cli.main import main

ROOT = Path(__file__).resolve().parent.parent


def run(*args, input=None):
    return CliRunner().invoke(main, list(args), input=input)


def test_rules_lists_every_rule_with_state(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tonecheck.yaml").write_text("ignore: [blame.again]\nseverity: {answer.bare: error}\n")
    rows = json.loads(run("rules", "--format", "json").stdout)
    assert sorted(r["id"] for r in rows) == BUILTIN_RULES
    by_id = {r["id"]: r for r in rows}
    assert by_id["blame.again"]["enabled"] is False
    assert by_id["answer.bare"]["severity"] == "error"
    assert by_id["address.mixed"]["languages"] == ["ru"]
    text = run("rules").stdout.splitlines()
    assert text[0].split()[:4] == ["address.agreement", "on", "error", "ru"]
    assert any(line.split()[:2] == ["blame.again", "off"] for line in text)
    assert by_id["greeting.informal"]["enabled"] is True
    informal = json.loads(run("rules", "--format", "json", "--isolated").stdout)
    # every rule but the ones off by default (they do not hold up on real mail yet)
    assert [r["id"] for r in informal if not r["enabled"]] == ["coverage.unanswered", "thanks.for-done"]
    assert all(r["default"] == "off" for r in informal if not r["enabled"])
    (tmp_path / ".tonecheck.yaml").write_text("formality: informal\n")
    rows = {r["id"]: r for r in json.loads(run("rules", "--format", "json").stdout)}
    assert rows["greeting.informal"]["enabled"] is False and rows["address.familiar"]["enabled"] is False


def test_explain_in_english_and_russian():
    en = run("explain", "blame.as-i-said").stdout
    assert en.startswith("# blame.as-i-said\n\n> \"Как я уже писал\", \"as I said\"")
    assert "## Why is this bad?" in en and "**Как я уже писал выше, отчёт**" in en
    ru = run("explain", "--lang", "ru", "blame.as-i-said").stdout
    assert "## Почему это важно" in ru and "- Уровень: warning" in ru and "### Русский" in ru


def test_explain_unknown_rule_suggests_the_right_one():
    res = run("explain", "blame.agian")
    assert res.exit_code == 2 and "did you mean 'blame.again'?" in res.stderr


def test_generated_docs_are_up_to_date():
    res = run("docs", "--check", "--output", str(ROOT / "docs" / "rules"))
    assert res.exit_code == 0, res.stderr + "\nrun 'tonecheck docs' and commit docs/rules/"


def test_docs_writes_and_detects_stale_pages(tmp_path):
    out = tmp_path / "rules"
    pages = len(BUILTIN_RULES) + 1
    assert run("docs", "--output", str(out)).stdout == f"wrote {pages} pages to {out} ({pages} changed)\n"
    (out / "blame.again.md").write_text("old", encoding="utf-8")
    (out / "gone.md").write_text("old", encoding="utf-8")
    res = run("docs", "--check", "--output", str(out))
    assert res.exit_code == 1
    assert f"out of date: {out / 'blame.again.md'}" in res.stderr and "gone.md" in res.stderr


TEAM_RULE = """\
    summary: Team slang for a mistake.
    description: Flags "косяк".
    kind: pattern
    ru:
      message: "«{text}» — жаргон."
      match: {lemmas: [косяк]}
      suggest: {replace: "ошибка"}
      examples:
        bad: [{text: "Это [косяк].", suggestion: "%s"}]
        good: ["Это ошибка."]
"""


def test_test_rules_reports_like_a_test_runner(tmp_path):
    (tmp_path / "team").mkdir()
    (tmp_path / "team" / "slang.yml").write_text(textwrap.dedent(TEAM_RULE % "ошибка"), encoding="utf-8")
    res = run("test-rules", str(tmp_path))
    assert (res.exit_code, res.stdout) == (0, "1 rules: 2 passed, 0 failed\n")
    (tmp_path / "team" / "slang.yml").write_text(textwrap.dedent(TEAM_RULE % "промах"), encoding="utf-8")
    res = run("test-rules", str(tmp_path))
    assert res.exit_code == 1
    assert res.stdout.splitlines() == [
        "FAIL team.slang [ru] bad: Это косяк.",
        "     suggestion 'ошибка', expected 'промах'",
        "1 rules: 1 passed, 1 failed"]


def test_test_rules_all_runs_the_builtin_examples():
    res = run("test-rules", "--all")
    assert res.exit_code == 0
    assert res.stdout.startswith(f"{len(BUILTIN_RULES)} rules: ") and res.stdout.endswith(" 0 failed\n")


SUPPRESSED = """\
<!-- tonecheck: disable=blame.again -->
Здравствуйте!
Вы опять перепутали даты.
<!-- tonecheck: enable=blame.again -->
Вы снова перепутали даты.
# tonecheck: disable-next-line=blame
Вы снова перепутали даты.
tonecheck: disable=refusal
"""


def test_inline_suppression(tmp_path):
    path = tmp_path / "t.md"
    path.write_text(SUPPRESSED, encoding="utf-8")
    res = run("--isolated", "--format", "json", str(path))
    findings = json.loads(res.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("blame.again", 5)]
    res = run("--isolated", "--format", "json", "--report-unused-suppressions", str(path))
    findings = json.loads(res.stdout)["files"][0]["findings"]
    assert [(f["rule"], f["line"]) for f in findings] == [("blame.again", 5), ("suppression.unused", 8)]
    assert findings[1]["text"] == "tonecheck: disable=refusal"


def test_ignore_file_and_directives_are_not_message_text(tmp_path):
    path = tmp_path / "t.txt"
    path.write_text("tonecheck: ignore-file\nВы опять не приложили счёт.\n", encoding="utf-8")
    assert run("--isolated", str(path)).exit_code == 0
    path.write_text("# tonecheck: disable=blame\nЗдравствуйте! Вы опять не приложили счёт.\n", encoding="utf-8")
    res = run("--isolated", "--format", "json", str(path))
    assert json.loads(res.stdout)["files"][0]["findings"] == []  # no greeting.missing on the directive line
