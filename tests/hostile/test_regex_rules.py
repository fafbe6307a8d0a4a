"""A team rule's REGEX that backtracks without end stops the run with one line naming the rule
file, in a fraction of a second, instead of hanging it."""

import time

from click.testing import CliRunner

from tonecheck.cli.main import main

RULE = """summary: {name}.
description: {name}.
kind: pattern
en:
  message: "{{text}}"
  match: {{patterns: [[{{TEXT: {{REGEX: '{regex}'}}}}]]}}
  examples: {{bad: ["See [INV-1]."], good: ["See you."]}}
"""


def run(folder, monkeypatch, regex: str, text: str):
    monkeypatch.chdir(folder)
    (folder / "team" / "style").mkdir(parents=True)
    (folder / "team" / "style" / "word.yml").write_text(RULE.format(name="A word", regex=regex), encoding="utf-8")
    (folder / ".tonecheck.yaml").write_text("extra-rules: [team]\n", encoding="utf-8")
    (folder / "draft.txt").write_text(text, encoding="utf-8")
    return CliRunner().invoke(main, ["draft.txt"])


def test_a_runaway_regex_is_one_line_naming_the_rule(tmp_path, monkeypatch):
    start = time.perf_counter()
    res = run(tmp_path, monkeypatch, "^(a|a)+$", "Hello Anna, see " + "a" * 40 + "b here.")
    assert time.perf_counter() - start < 30  # start-up included; 2**40 steps otherwise
    assert (res.exit_code, res.stdout) == (2, "")
    rule = tmp_path / "team" / "style" / "word.yml"
    assert res.stderr == (f"tonecheck: error: invalid rule file: {rule}: en.match: REGEX '^(a|a)+$' ran over "
                          "0.1 s on one word (nested repeats such as (a|a)+ backtrack without end)\n")


def test_a_sane_regex_still_matches(tmp_path, monkeypatch):
    res = run(tmp_path, monkeypatch, "^INV-[0-9]+$", "Hello Anna, see INV-2041 here.")
    assert res.exit_code == 1 and "style.word" in res.stdout and "INV-2041" in res.stdout
