"""YAML alias bombs ("billion laughs") in a team's files: refused at once, in one line naming
the file, before anything walks what the aliases stand for."""

import time

import pytest
from click.testing import CliRunner
from costs import peak_memory

from tonecheck.cli.main import main
from tonecheck.runtime import yamlfile


def laughs(levels: int = 9, indent: str = "  ") -> str:
    """A block list of nine lists, each of nine aliases of the one before: 9**9 values in a
    dozen lines, to stand as one setting's value."""
    lines = [indent + '- &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"{indent}- &l{i} [" + ", ".join([f"*l{i - 1}"] * 9) + "]" for i in range(1, levels)]
    return "\n" + "\n".join(lines) + "\n"


RULE = """summary: A rule.
description: A rule.
kind: pattern
en:
  message: "{text}"
  match: {phrases: [foo]}
"""

CASES = {
    "value": ("config", "formality:" + laughs()),
    "severity": ("config", "severity:\n  blame.again:" + laughs(indent="    ")),
    "override": ("config", "overrides:\n  - files: '*.txt'\n    formality:" + laughs(indent="      ")),
    "rule file": ("rule", RULE + "examples:" + laughs()),
    "itself": ("config", "ignore: &me [greeting, *me]\n"),
}


def run(folder, monkeypatch):
    monkeypatch.chdir(folder)
    (folder / "draft.txt").write_text("Hello Anna, the report is attached.", encoding="utf-8")
    return CliRunner().invoke(main, ["draft.txt"])


@pytest.mark.parametrize("case", sorted(CASES))
def test_an_alias_bomb_is_one_line_naming_the_file(case, tmp_path, monkeypatch):
    where, text = CASES[case]
    if where == "rule":
        (tmp_path / "team" / "style").mkdir(parents=True)
        (tmp_path / "team" / "style" / "laugh.yml").write_text(text, encoding="utf-8")
        (tmp_path / ".tonecheck.yaml").write_text("extra-rules: [team]\n", encoding="utf-8")
        name = tmp_path / "team" / "style" / "laugh.yml"
    else:
        (tmp_path / ".tonecheck.yaml").write_text(text, encoding="utf-8")
        name = tmp_path / ".tonecheck.yaml"
    start = time.perf_counter()
    res = run(tmp_path, monkeypatch)
    assert time.perf_counter() - start < 30  # seconds, start-up included; the bomb took minutes
    assert (res.exit_code, res.stdout) == (2, "")
    assert len(res.stderr.splitlines()) == 1 and str(name) in res.stderr
    assert ("holds itself" if case == "itself" else "expand to more than 100,000 values") in res.stderr


def test_measuring_a_bomb_costs_its_text_not_its_values():
    text = laughs(12)  # 9**12 values
    memory = peak_memory(lambda: pytest.raises(yamlfile.TooLarge, yamlfile.load, text))
    assert memory < 5_000_000


def test_aliases_within_the_bound_still_work(tmp_path, monkeypatch):
    """A team may share a list between overrides."""
    (tmp_path / ".tonecheck.yaml").write_text(
        "ignore: &chat [greeting]\noverrides:\n  - files: '*.txt'\n    ignore: *chat\n", encoding="utf-8")
    res = run(tmp_path, monkeypatch)
    assert res.exit_code in (0, 1) and res.stderr == ""
    node, data = yamlfile.load("a: &x [1, 2]\nb: [*x, *x]\n")
    assert data == {"a": [1, 2], "b": [[1, 2], [1, 2]]} and yamlfile.measure(node) == 13
