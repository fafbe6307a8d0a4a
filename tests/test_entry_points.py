"""The library, the command line, batch and the service check the same way.

Each goes through ``Linter.check_messages``: on the same messages and the same team settings,
inline ``tonecheck:`` directives silence the same findings and every finding (rule, place,
severity, rewrite) is the same, whoever asked.
"""

import json

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main
from tonecheck.engine.settings import Settings, SettingsError
from tonecheck.inputs.messages import Message, strip

CONFIG = "ignore: [greeting]\nseverity: {blame.not-done: error}\n"
TEAM = {"ignore": ["greeting"], "severity": {"blame.not-done": "error"}}
MESSAGES = [
    "Вы опять не приложили счёт.",
    "Здравствуйте!\n# tonecheck: disable-next-line=blame\nВы опять не приложили счёт.\nЭто не ко мне.",
    "Hi Anna, you forgot to attach the file.\ntonecheck: disable=blame\nAs I said, it is due today.",
    "Добрый день!\n<!-- tonecheck: ignore-file -->\nВы опять не приложили счёт.",
]


def _shape(findings) -> list[tuple]:
    return [(f["rule"], f["start"], f["end"], f["severity"], f["suggestion"]) for f in findings]


def by_library(linter) -> list[list[tuple]]:
    settings = Settings(**TEAM)
    return [_shape(r.to_dict()["findings"])
            for r in linter.check_messages([strip(Message("m", text)) for text in MESSAGES], settings)]


def by_command_line(tmp_path, monkeypatch) -> list[list[tuple]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tonecheck.yaml").write_text(CONFIG, encoding="utf-8")
    names = []
    for i, text in enumerate(MESSAGES):
        (tmp_path / f"m{i}.txt").write_text(text, encoding="utf-8")
        names.append(f"m{i}.txt")
    res = CliRunner().invoke(main, ["check", "--format", "json", *names])
    assert res.exit_code == 1, res.output
    files = {f["path"]: f["findings"] for f in json.loads(res.stdout)["files"]}
    return [_shape(files[name]) for name in names]


def by_batch(tmp_path, monkeypatch) -> list[list[tuple]]:
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".tonecheck.yaml").write_text(CONFIG, encoding="utf-8")
    lines = [json.dumps({"id": str(i), "text": text}, ensure_ascii=False) for i, text in enumerate(MESSAGES)]
    (tmp_path / "data.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["batch", "-q", "-j", "1", "--output", "out.jsonl", "data.jsonl"])
    assert res.exit_code == 0, res.output
    records = [json.loads(line) for line in (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()]
    return [_shape(r["findings"]) for r in records]  # in input order


def by_service(linter) -> list[list[tuple]]:
    pytest.importorskip("fastapi", reason="the service is an optional extra: pip install 'tonecheck[server]'")
    from fastapi.testclient import TestClient

    from tonecheck.service.server import ServerSettings, create_app

    with TestClient(create_app(ServerSettings(defaults=TEAM), linter=linter)) as client:
        return [_shape(client.post("/v1/check", json={"text": text}).json()["findings"]) for text in MESSAGES]


def test_every_entry_point_finds_the_same(linter, tmp_path, monkeypatch):
    library = by_library(linter)
    assert by_command_line(tmp_path, monkeypatch) == library
    assert by_batch(tmp_path, monkeypatch) == library
    assert by_service(linter) == library
    # and the directives and settings did something: greeting ignored, blame silenced but in
    # the first message, whose blame is an error; the ignore-file message has nothing
    assert [[rule for rule, *_ in findings] for findings in library] == [
        ["blame.not-done"], ["answer.not-mine"], ["blame.not-done"], []]
    assert library[0][0][3] == "error"


@pytest.mark.parametrize("settings, error", [
    ({"formality": "Formal"}, "formality must be one of auto, formal, informal, not 'Formal'"),
    ({"language": "RU"}, "language must be one of auto, ru, en, not 'RU'"),
    ({"severity": {"blame.again": "fatal"}},
     "severity of blame.again must be one of info, warning, error, not 'fatal'"),
    ({"select": 3}, "select must be a list of rule ids or families, not 3"),
])
def test_a_bad_setting_is_refused_where_it_is_made(settings, error):
    with pytest.raises(SettingsError) as caught:
        Settings(**settings)
    assert str(caught.value) == error


def test_the_library_refuses_a_bad_setting_instead_of_finding_nothing(linter):
    import tonecheck

    with pytest.raises(SettingsError, match="formality must be one of auto, formal, informal, not 'Formal'"):
        tonecheck.check("Вы опять не приложили счёт.", formality="Formal")
    with pytest.raises(SettingsError, match="language must be one of auto, ru, en, not 'RU'"):
        linter.check("Вы опять не приложили счёт.", language="RU")
    with pytest.raises(SettingsError, match=r"unknown rule or family 'blam' \(did you mean 'blame'\?\)"):
        linter.check("Вы опять не приложили счёт.", select=["blam"])
    assert [f.rule for f in linter.check("Вы опять не приложили счёт.", formality="informal").findings] == [
        "blame.not-done", "greeting.missing"]
