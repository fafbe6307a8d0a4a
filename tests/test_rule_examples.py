"""Every rule's embedded examples, one test each (LanguageTool's PatternRuleTest, prh's specs)."""

import pytest

from tonecheck.engine.kinds import KINDS
from tonecheck.engine.linter import Linter, builtin_rules_dir
from tonecheck.rulebook.examples import cases, run_example
from tonecheck.rulebook.rules import load_rules

RULES = load_rules([builtin_rules_dir()], KINDS)
CASES = cases(RULES)


def _id(case):
    rule, lang, example, bad = case
    return f"{rule.id}-{lang}-{'bad' if bad else 'good'}-{example.text[:30]}"


@pytest.mark.parametrize("case", CASES, ids=[_id(c) for c in CASES])
def test_example(linter: Linter, case):
    failure = run_example(linter, *case)
    assert failure is None, str(failure)


def test_every_rule_has_bad_and_good_examples_in_each_language():
    for rule in RULES:
        for lang, spec in rule.languages.items():
            assert spec.bad and spec.good, f"{rule.id} [{lang}]"


def test_core_families_cover_both_languages():
    families = {(r.family, lang) for r in RULES for lang in r.languages}
    for family in ("greeting", "address", "answer", "refusal", "blame"):
        assert (family, "ru") in families and (family, "en") in families, family


def test_every_rule_compiles(linter: Linter):
    linter.compile_all()
    compiled = {rule.id for lang in ("ru", "en") for rule, _ in linter.checks(lang)}
    assert compiled == {r.id for r in RULES}
