"""A token pattern that repeats a token (``+``, ``*``, ``{n,}``) over a long run of tokens that
pass it: spaCy's Matcher gives every sub-span of the run (2,000 tokens: 6 s, 20,000: minutes).
tonecheck walks such patterns itself, every match as the Matcher finds them within a budget of
steps a token, leftmost-longest past it, so the cost is linear in the run."""

import random
import subprocess
import sys
import time

import pytest
from costs import linear
from spacy.matcher import Matcher

from tonecheck.engine.linter import Linter
from tonecheck.match import gates
from tonecheck.match.gates import DocView, SequenceTests, compile_patterns
from tonecheck.match.pool import MatcherPool
from tonecheck.nlp import pipeline

RULE = """summary: {name}.
description: {name}.
kind: pattern
en:
  message: "{{text}}"
  match: {{patterns: [{pattern}]}}
  examples: {{bad: ["{bad}"], good: ["Well."]}}
"""
TEAM = {  # name: (pattern, a bad example, the word a long run repeats)
    "laugh": ('[{LOWER: ha, OP: "+"}]', "Well [ha ha].", "ha"),
    "shout": ('[{TEXT: {REGEX: "^Q[A-Z]+$"}, OP: "+"}]', "[QYOU] there.", "QYOU"),  # a constraint TokenTest lacks
    "see": ('[{LOWER: see}, {IS_ALPHA: true, OP: "*"}, {LOWER: "!"}]', "[see it now!]", "see"),  # many starts, no end
}


def team_rules(folder):
    for name, (pattern, bad, _) in TEAM.items():
        path = folder / "team" / "style" / f"{name}.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(RULE.format(name=name.capitalize(), pattern=pattern, bad=bad), encoding="utf-8")
    return folder / "team"


@pytest.fixture(scope="module")
def team_linter(tmp_path_factory):
    return Linter(rule_dirs=[team_rules(tmp_path_factory.mktemp("repeats"))])


def run(word: str, n: int) -> str:
    return "Hello Anna, " + " ".join([word] * n) + " end."


@pytest.mark.parametrize("name", list(TEAM))
def test_a_long_run_under_a_repeat_costs_its_length(team_linter, name):
    word = TEAM[name][2]
    linear(lambda n: team_linter.check(run(word, n), language="en"), 2500)


def test_a_run_is_one_match_however_long(team_linter):
    """Past the walk's budget the match is leftmost-longest: the whole run, as the Matcher's
    longest match (the one a finding reports) was."""
    for n in (3, 300, 3000):
        found = [f for f in team_linter.check(run("ha", n), language="en").findings if f.rule == "style.laugh"]
        assert [(f.start, f.end) for f in found] == [(12, 12 + 3 * n - 1)], n
    found = [f.text for f in team_linter.check("Please see " + "it " * 3000 + "!", language="en").findings
             if f.rule == "style.see"]
    assert found == ["see " + "it " * 3000 + "!"]


def test_the_command_line_checks_20000_repeated_tokens_in_seconds(tmp_path):
    """Start-up included; the Matcher's way took about 6 s for 2,000 and grows with the square."""
    team_rules(tmp_path)
    (tmp_path / ".tonecheck.yaml").write_text("extra-rules: [team]\n", encoding="utf-8")
    (tmp_path / "draft.txt").write_text(run("ha", 20_000), encoding="utf-8")
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "tonecheck", "--lang", "en", "draft.txt"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300)
    assert time.perf_counter() - start < 60, "20,000 repeated tokens took a minute"
    assert done.returncode == 1 and done.stdout.count("style.laugh") == 1, done.stderr[-2000:]


# --- what the walk finds: the Matcher's matches, and leftmost-longest past the budget --------

TOKENS = [{"LOWER": "a"}, {"ORTH": "B"}, {"TEXT": {"REGEX": "^[aA]$"}}, {"IS_UPPER": True},
          {"LOWER": {"IN": ["a", "b"]}}, {"TEXT": {"REGEX": "^[!?]$"}}, {"LOWER": {"NOT_IN": ["b"]}}]
OPS = [None, None, "?", "*", "+", "!", "{2}", "{1,2}", "{2,}", "{,2}", "{0,}"]
WORDS = ["a", "A", "b", "B", "!", "?"]


def random_patterns(rng: random.Random, count: int):
    while count:
        pattern = [dict(rng.choice(TOKENS)) for _ in range(rng.randint(1, 4))]
        for token in pattern:
            op = rng.choice(OPS)
            if op:
                token["OP"] = op
        if gates._unbounded([pattern]):
            count -= 1
            yield pattern


def matcher_matches(nlp, pattern, doc) -> list[tuple[int, int]]:
    matcher = Matcher(nlp.vocab)
    matcher.add("reference", [pattern])
    return sorted({(start, end) for _, start, end in matcher(doc)})


def leftmost_longest(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """From every match, as a regular expression's search takes them."""
    out, at = [], 0
    while True:
        later = [m for m in found if m[0] >= at]
        if not later:
            return out
        start = min(s for s, _ in later)
        out.append((start, max(e for s, e in later if s == start)))
        at = out[-1][1]


def test_repeated_patterns_find_what_the_matcher_finds_or_leftmost_longest():
    nlp = pipeline.get("en")
    features = MatcherPool(nlp).features
    rng = random.Random(27)
    docs = [nlp(" ".join(rng.choice(WORDS) for _ in range(rng.randint(0, 12)))) for _ in range(60)]
    for pattern in random_patterns(rng, 150):
        runner = compile_patterns("t", [pattern], nlp.vocab)
        assert isinstance(runner, SequenceTests), pattern
        (tests, ops), = runner.patterns
        for doc in docs:
            view, expected = DocView(doc, features), matcher_matches(nlp, pattern, doc)
            assert sorted(set(runner(view))) == expected, (pattern, doc.text)
            assert gates._leftmost_longest(tests, ops, view) == leftmost_longest(expected), (pattern, doc.text)


def test_the_walk_gives_up_only_past_its_budget(monkeypatch):
    nlp = pipeline.get("en")
    view = DocView(nlp("ha " * 100), MatcherPool(nlp).features)
    runner = compile_patterns("t", [[{"LOWER": "ha", "OP": "+"}]], nlp.vocab)
    (tests, ops), = runner.patterns
    assert len(gates._walk(tests, ops, view)) == 100 * 101 // 2  # 10,000 steps: within 8 × 100 + 10,000
    monkeypatch.setattr(gates, "WALK_STEPS", (8, 0))
    assert gates._walk(tests, ops, view) is None and runner(view) == [(0, 100)]


def test_a_runaway_regex_under_a_repeat_still_stops_naming_the_rule(tmp_path):
    """The REGEX of a token the walk asks of a one-token Matcher keeps its time limit."""
    from tonecheck.rulebook.rules import RuleError

    path = tmp_path / "team" / "style" / "word.yml"
    path.parent.mkdir(parents=True)
    path.write_text(RULE.format(name="Word", pattern="""[{TEXT: {REGEX: '^(a|a)+$'}, OP: "+"}]""", bad="[aa] b"),
                    encoding="utf-8")
    linter = Linter(rule_dirs=[tmp_path / "team"])
    with pytest.raises(RuleError, match=r"word\.yml: en\.match: REGEX '\^\(a\|a\)\+\$' ran over 0\.1 s"):
        linter.check("Hello Anna, see " + "a" * 40 + "b here.", language="en")
