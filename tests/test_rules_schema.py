"""A malformed rule file fails to load with an error naming the file and the field."""

import textwrap

import pytest

from tonecheck.engine import Linter
from tonecheck.lexicons import parse
from tonecheck.rules import RuleError

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
    body = (textwrap.dedent(GOOD).replace("ru:", "en:").replace("match: {phrases: [косяк]}", "match: {patterns: [[{POS: VERB}]]}")
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
