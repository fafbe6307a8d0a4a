"""A malformed rule file fails to load with an error naming the file and the field."""

import textwrap

import pytest

from tonecheck.engine.linter import Linter
from tonecheck.rulebook.lexicons import parse
from tonecheck.rulebook.rules import RuleError

GOOD = """
summary: Team rule.
description: Flags "косяк".
kind: pattern
ru:
  message: "«{text}»"
  match: {phrases: [косяк]}
  examples:
    bad: ["Это [косяк]."]
    good: ["Это ошибка."]
"""


def make(tmp_path, body, name="team/rule.yml"):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(body), encoding="utf-8")
    return path


def load(tmp_path):
    linter = Linter(rule_dirs=[tmp_path])
    linter.compile_all()
    return linter


def test_a_team_rule_loads_and_runs(tmp_path):
    make(tmp_path, GOOD)
    linter = load(tmp_path)
    f = [f for f in linter.check("Здравствуйте! Это косяк в отчёте.").findings if f.rule == "team.rule"]
    assert [(x.text, x.message) for x in f] == [("косяк", "«косяк»")]


@pytest.mark.parametrize("change, field, words", [
    (("summary: Team rule.", "severity: fatal\nsummary: Team rule."), "severity", "must be one of"),
    (("kind: pattern", "kind: regex"), "kind", "must be one of"),
    (("summary: Team rule.", "summary: Team rule.\nlevel: 3"), "level", "unknown key"),
    (('  message: "«{text}»"\n', ""), "ru.message", "required"),
    (('    bad: ["Это [косяк]."]\n', "    bad: []\n"), "ru.examples.bad", "at least one bad example"),
    (('"Это [косяк]."', '"Это косяк."'), "ru.examples.bad[0]", "marks exactly one span"),
    (("match: {phrases: [косяк]}", "match: {patterns: [[{LOWERR: косяк}]]}"), "ru.match", "invalid token pattern"),
    (("match: {phrases: [косяк]}", "match: {lexicon: ru/no-such-list}"), "ru.match", "unknown lexicon"),
    (("match: {phrases: [косяк]}", "mtch: {phrases: [косяк]}"), "ru.mtch", "unknown setting"),
    (("match: {phrases: [косяк]}", "match: {phrases: [косяк]}\n  at-least: 0"), "ru.at-least", "whole number"),
])
def test_malformed_rule_names_file_and_field(tmp_path, change, field, words):
    old, new = change
    body = textwrap.dedent(GOOD)
    assert old in body
    path = make(tmp_path, body.replace(old, new))
    with pytest.raises(RuleError) as err:
        load(tmp_path)
    assert err.value.path == str(path)
    assert err.value.field == field
    assert words in err.value.problem


def test_invalid_yaml_is_reported_with_the_file(tmp_path):
    path = make(tmp_path, "summary: [unclosed\n")
    with pytest.raises(RuleError, match=str(path)):
        load(tmp_path)


def test_rule_id_comes_from_the_path(tmp_path):
    make(tmp_path, GOOD, name="blame/Bad Name.yml")
    with pytest.raises(RuleError, match="family>/<name>.yml"):
        load(tmp_path)


def test_lexicon_lines_comments_and_replacements():
    lex = parse("ru/x", "# comment\nПривет => Здравствуйте\n\nхай  # inline comment\nхай\n")
    assert lex.phrases == ("привет", "хай")
    assert lex.replacements == {"привет": "Здравствуйте"}


def test_an_english_pattern_on_pos_is_refused_at_load(tmp_path):
    body = (textwrap.dedent(GOOD).replace("ru:", "en:")
            .replace("match: {phrases: [косяк]}", "match: {patterns: [[{POS: VERB}]]}")
            .replace("Это [косяк].", "This [goes].").replace("Это ошибка.", "This."))
    make(tmp_path, body)
    with pytest.raises(RuleError) as err:
        load(tmp_path)
    assert err.value.field == "en.match"
    assert "POS is not available in en patterns" in err.value.problem


def test_a_russian_check_of_text_without_cyrillic_does_not_crash():
    # the Russian POS patterns once met a Doc with no POS at all and spaCy raised E155
    linter = Linter(language="ru")
    assert [(f.rule, f.text) for f in linter.check("OK, 123 !!!").findings] == [("tone.repeated-marks", "!!!")]
    found = linter.check("Please send the report by Friday, thanks a lot").findings
    assert [(f.rule, f.text) for f in found] == [("greeting.missing", "Please")]


def test_parsed_rule_files_are_cached_and_read_again_when_they_change(tmp_path, monkeypatch):
    """A second start reads the rule files from the cache, not their YAML; an edited file is
    parsed again; a broken cache is ignored; TONECHECK_NO_CACHE writes nothing."""
    from tonecheck.rulebook import rules

    cache, team = tmp_path / "cache", tmp_path / "team-rules"
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(cache))
    path = make(team, GOOD)
    first = Linter(rule_dirs=[team]).rules
    assert (cache / f"rules-{rules.__version__}.json").is_file()

    def no_yaml(path):
        raise AssertionError(f"{path} parsed again")

    with monkeypatch.context() as patch:
        patch.setattr(rules, "parse_yaml", no_yaml)
        assert Linter(rule_dirs=[team]).rules == first  # built-in and team rules from the cache

    path.write_text(path.read_text(encoding="utf-8").replace("Team rule.", "Team rule, edited."), encoding="utf-8")
    edited = next(r for r in Linter(rule_dirs=[team]).rules if r.id == "team.rule")
    assert edited.summary == "Team rule, edited."

    (cache / f"rules-{rules.__version__}.json").write_text("{not json", encoding="utf-8")
    assert next(r for r in Linter(rule_dirs=[team]).rules if r.id == "team.rule").summary == "Team rule, edited."

    monkeypatch.setenv("TONECHECK_NO_CACHE", "1")
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(tmp_path / "unused"))
    Linter(rule_dirs=[team])
    assert not (tmp_path / "unused").exists()


def test_the_rules_cache_forgets_files_that_are_gone(tmp_path, monkeypatch):
    """A removed team folder (an old checkout, a deleted venv) leaves the cache at its next write."""
    import json

    from tonecheck.engine.linter import builtin_rules_dir
    from tonecheck.rulebook import rules

    cache = tmp_path / "cache"
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(cache))
    old, new = make(tmp_path / "old-rules", GOOD), make(tmp_path / "new-rules", GOOD)
    Linter(rule_dirs=[old.parent.parent])
    file = cache / f"rules-{rules.__version__}.json"
    assert str(old.resolve()) in json.loads(file.read_text(encoding="utf-8"))
    old.unlink()
    Linter(rule_dirs=[new.parent.parent])  # parses the new folder, so the cache is written again
    kept = json.loads(file.read_text(encoding="utf-8"))
    assert str(new.resolve()) in kept and str(old.resolve()) not in kept
    assert any(key.startswith(str(builtin_rules_dir().resolve())) for key in kept)  # built-in rules stay


def test_a_cached_rule_file_is_still_validated(tmp_path, monkeypatch):
    """The cache holds what the YAML said, not a verdict: a broken rule fails on every start."""
    from tonecheck.rulebook import rules

    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(tmp_path / "cache"))
    team = tmp_path / "team-rules"
    path = make(team, GOOD.replace("summary: Team rule.", "severity: fatal\nsummary: Team rule."))
    with pytest.raises(RuleError, match="severity"):
        Linter(rule_dirs=[team])
    cached = (tmp_path / "cache" / f"rules-{rules.__version__}.json").read_text(encoding="utf-8")
    assert str(path.resolve()) in cached
    monkeypatch.setattr(rules, "parse_yaml", lambda path: pytest.fail(f"{path} parsed again"))
    with pytest.raises(RuleError, match="severity"):
        Linter(rule_dirs=[team])


def test_a_rule_off_by_default_runs_only_when_selected(tmp_path):
    """`default: off` (YAML reads it as false): the rule is loaded, listed, and runs only when a
    team selects it by id or family."""
    from tonecheck.engine.linter import Linter

    folder = tmp_path / "team" / "house"
    folder.mkdir(parents=True)
    (folder / "asap.yml").write_text(
        "summary: ASAP.\ndescription: Flags ASAP.\nkind: pattern\nseverity: info\ndefault: off\n"
        "en:\n  message: \"{text}\"\n  match: {phrases: [asap]}\n"
        "  examples:\n    bad:\n      - text: \"Send it [ASAP].\"\n    good:\n      - \"Send it today.\"\n",
        encoding="utf-8")
    linter = Linter(rule_dirs=[tmp_path / "team"])
    (rule,) = [r for r in linter.rules if r.id == "house.asap"]
    assert (rule.default, rule.listing()["default"]) == ("off", "off")
    text = "Hello Anna, please send the report ASAP."
    assert "house.asap" not in linter.check(text).rules()
    assert linter.check(text, select=["house"]).rules() == ["house.asap"]
    assert "house.asap" in linter.check(text, select=linter.with_rules(["house.asap"])).rules()


def test_at_least_waits_for_enough_matches(tmp_path):
    """``at-least: 2``: one match is no finding, two are (each reported, the guards applied)."""
    body = textwrap.dedent(GOOD).replace("match: {phrases: [косяк]}", "match: {phrases: [косяк]}\n  at-least: 2")
    body = body.replace('bad: ["Это [косяк]."]', 'bad: ["Это [косяк], и это косяк."]')
    make(tmp_path, body)
    linter = load(tmp_path)

    def found(text):
        return [x.text for x in linter.check(text).findings if x.rule == "team.rule"]

    assert found("Здравствуйте! Это косяк в отчёте.") == []
    assert found("Здравствуйте! Это косяк, и там косяк.") == ["косяк", "косяк"]
