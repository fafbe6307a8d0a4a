"""Hostile configuration files: each is one line naming the file and exit status 2, never a
traceback, and a pyproject.toml that cannot be read is said, not silently passed over."""

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main


def run(folder, monkeypatch):
    monkeypatch.chdir(folder)
    (folder / "draft.txt").write_text("Здравствуйте! Всё получил, спасибо.", encoding="utf-8")
    return CliRunner().invoke(main, ["draft.txt"])


YAML_CASES = {
    "latin-1": ("formality: 'formél'\n".encode("latin-1"), "(file): not UTF-8 text (byte 16)"),
    "utf-16": ("formality: formal\n".encode("utf-16"), "(file): not UTF-8 text (byte 0)"),
    "binary": (b"\x00\x01\x02\xff", "(file): not UTF-8 text (byte 3)"),
    "int key": (b"1: formal\n", "1: 1: unknown key (keys are setting names)"),
    "list key": (b"? [a, b]\n: formal\n", "1: yaml: found unhashable key"),
    "overrides 5": (b"overrides: 5\n", "1: overrides: must be a list of {files: glob, …}"),
    "deep": (b"select: " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "(file): nested too deep to read"),
}


PYPROJECT_CASES = {
    "broken": (b"[tool.tonecheck\nformality = 'formal'\n", "toml: Expected ']' at the end of a table declaration "
                                                           "(at line 1, column 16)"),
    "latin-1": ("[project]\nname = 'caf\xe9'\n".encode("latin-1"), "(file): not UTF-8 text (byte 21)"),
    "deep": (b"x = " + b"[" * 100_000 + b"]" * 100_000 + b"\n", "(file): nested too deep to read"),
}
CASES = [(".tonecheck.yaml", *case) for case in YAML_CASES.values()] + [
    ("pyproject.toml", *case) for case in PYPROJECT_CASES.values()]


@pytest.mark.parametrize("name, data, problem", CASES, ids=[*YAML_CASES, *(f"pyproject {c}" for c in PYPROJECT_CASES)])
def test_a_file_that_cannot_be_read_is_one_line(name, data, problem, tmp_path, monkeypatch):
    """A pyproject.toml among them: one that cannot be read is said, not passed over."""
    (tmp_path / name).write_bytes(data)
    res = run(tmp_path, monkeypatch)
    where = tmp_path / name
    expected = f"{where}:{problem}" if problem[0].isdigit() else f"{where}: {problem}"
    assert (res.exit_code, res.stdout, res.stderr) == (2, "", f"tonecheck: error: configuration: {expected}\n")


def test_a_long_extend_chain_is_capped(tmp_path, monkeypatch):
    for i in range(40):
        (tmp_path / f"c{i}.yaml").write_text(f"extend: c{i + 1}.yaml\n", encoding="utf-8")
    (tmp_path / "c40.yaml").write_text("formality: formal\n", encoding="utf-8")
    (tmp_path / ".tonecheck.yaml").write_text("extend: c0.yaml\n", encoding="utf-8")
    res = run(tmp_path, monkeypatch)
    assert (res.exit_code, res.stdout) == (2, "")
    assert res.stderr == (f"tonecheck: error: configuration: {tmp_path / 'c15.yaml'}:1: extend: the chain of "
                          "extended files is more than 16 deep\n")
