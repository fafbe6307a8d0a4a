"""The matching shortcuts (tonecheck.match.gates) must find exactly what spaCy's Matcher finds."""

import random
from pathlib import Path

import pytest
from spacy.matcher import Matcher
from spacy.util import filter_spans

from tonecheck.batch.scoring import load
from tonecheck.match import disguise
from tonecheck.match.gates import DocView, Gate, SequenceTests, TokenTest, TokenTests, compile_patterns
from tonecheck.match.pool import MatcherPool, longest_first
from tonecheck.nlp import pipeline
from tonecheck.rulebook.examples import cases

DEVSET = Path(__file__).parent / "devset"


def corpus(linter, language: str) -> list[str]:
    texts = [item["text"] for path in DEVSET.glob(f"*{language}.yaml") for item in load(path)]
    texts += [ex.text for _, lang, ex, _ in cases(linter.rules) if lang == language]
    return texts


def reference(nlp, patterns, doc) -> list[tuple[int, int]]:
    return found_by(reference_matcher(nlp, patterns), doc)


def reference_matcher(nlp, patterns) -> Matcher:
    """spaCy's own Matcher for one spec's patterns: the reference the gated runners must agree with."""
    matcher = Matcher(nlp.vocab)
    matcher.add("reference", patterns)
    return matcher


def found_by(matcher: Matcher, doc) -> list[tuple[int, int]]:
    return sorted({(start, end) for _, start, end in matcher(doc)})


@pytest.mark.parametrize("language", ["ru", "en"])
def test_every_builtin_pattern_finds_what_the_matcher_finds(linter, language):
    nlp = pipeline.get(language)
    linter.checks(language)
    pool = next(check.pool for _, check in linter.checks(language) if check.pool is not None)
    docs = list(nlp.pipe(corpus(linter, language)))
    compiled = {key: runner for key, runner in pool.compiled.items() if not isinstance(runner, str)}
    assert any(isinstance(r, TokenTests) for r in compiled.values())
    assert any(isinstance(r, SequenceTests) and any(ops for _, ops in r.patterns) for r in compiled.values())
    # one reference Matcher per spec, built once: building one per text cost minutes
    references = {key: reference_matcher(nlp, pool.patterns[key]) for key in pool.compiled}
    matched = 0
    for doc in docs:
        view = DocView(doc, pool.features)
        for key, runner in compiled.items():
            expected = found_by(references[key], doc)
            assert sorted(set(runner(view))) == expected, (key, pool.patterns[key], doc.text)
            matched += bool(expected)
        phrases = {}
        for matcher in (pool.lower, pool.lemma):
            for match_id, start, end in matcher(doc):
                phrases.setdefault(nlp.vocab.strings[match_id], set()).add((start, end))
        # a spec may hold a disguised word list beside its patterns ("bloody hell", "your a$$")
        for key, spans in disguise.find(pool.disguised, doc.text, disguise.Verdicts()).items():
            for start, end in spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                phrases.setdefault(key, set()).add((span.start, span.end))
        for key in pool.compiled:  # through the anchor index and shared keys, as the engine asks
            expected = sorted(phrases.get(key, set()) | set(found_by(references[key], doc)))
            assert sorted(set(pool.found(doc, key))) == expected, (key, doc.text)
    assert matched > 50  # the corpus exercises the patterns, not only their absence



@pytest.mark.parametrize("language", ["ru", "en"])
def test_checks_skipped_for_their_trigger_would_have_found_nothing(linter, language, monkeypatch):
    texts = corpus(linter, language)
    results = [r.findings for r in linter.check_many(texts, language=language)]
    checks = [check for _, check in linter.checks(language) if check.trigger is not None]
    pool = linter._pools[language]
    skipped = sum(check.trigger not in pool.possible(doc)
                  for doc in pipeline.get(language).pipe(texts) for check in checks)
    assert skipped > 10 * len(texts)  # most triggered checks are skipped on most messages
    for check in checks:
        monkeypatch.setattr(check, "trigger", None)  # every check runs on every message
    assert [r.findings for r in linter.check_many(texts, language=language)] == results


def test_keys_sharing_patterns_are_possible_together():
    nlp = pipeline.get("en")
    pool = MatcherPool(nlp)
    pool.add_patterns("first", [[{"LOWER": "invoice"}]])
    pool.add_patterns("second", [[{"LOWER": "invoice"}]])  # compiled once, found under both keys
    pool.add_patterns("other", [[{"LOWER": "receipt"}]])
    assert pool.compiled["second"] == "first"
    assert {"first", "second"} <= pool.possible(nlp("Where is the invoice?"))
    assert not {"first", "second", "other"} & pool.possible(nlp("Where is the report?"))


def test_a_spec_is_possible_only_where_every_required_word_and_form_is():
    nlp = pipeline.get("en")
    pool = MatcherPool(nlp)
    pool.add_patterns("reproach", [[{"LOWER": "you"}, {"LOWER": {"IN": ["did", "have"]}, "OP": "+"},
                                    {"LOWER": "not"}, {"IS_ALPHA": True}]])
    pool.add_patterns("shouting", [[{"IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">=": 5}}]])
    pool.add_patterns("anything", [[{"LOWER": "so", "OP": "?"}, {"IS_ALPHA": True, "OP": "*"}]])
    assert pool.possible(nlp("Thank you, I have it.")) == {"anything"}  # "you" and "have", no "not"
    assert pool.possible(nlp("You did not send it.")) == {"reproach", "anything"}
    assert "reproach" in pool.possible(nlp("Not you: did I?"))  # necessary, not sufficient
    assert pool.possible(nlp("The API is DOWN.")) == {"anything"}  # capitals, but under five
    assert pool.possible(nlp("This is URGENT.")) == {"shouting", "anything"}


def test_equal_token_tests_are_one_test_per_doc():
    nlp = pipeline.get("en")
    strings = nlp.vocab.strings
    first = TokenTest.compile({"LOWER": {"IN": ["you", "your"]}, "IS_ALPHA": True}, strings)
    second = TokenTest.compile({"IS_ALPHA": True, "LOWER": {"IN": ["your", "you"]}}, strings)
    other = TokenTest.compile({"LOWER": {"IN": ["you"]}, "IS_ALPHA": True}, strings)
    assert first == second and hash(first) == hash(second) and first != other
    view = DocView(nlp("You said your part, and you left."), {})
    assert first.positions(view) == [0, 2, 6] and second.positions(view) is first.positions(view)
    assert other.positions(view) == [0, 6]


def test_longest_first_keeps_what_filter_spans_keeps():
    doc = pipeline.get("en")("one two three four five six seven eight nine ten eleven twelve")
    rng = random.Random(7)
    for _ in range(500):
        found = [(s, s + rng.randint(1, 4)) for s in (rng.randrange(0, 9) for _ in range(rng.randint(1, 6)))]
        expected = [(span.start, span.end) for span in filter_spans([doc[s:e] for s, e in found])]
        assert longest_first(found) == expected, found

HAND_WRITTEN = [
    ([[{"LOWER": {"IN": ["вы", "ты"]}, "POS": "PRON"}]], "TokenTests"),
    ([[{"LEMMA": "прислать", "LOWER": {"NOT_IN": ["прислали"]}}]], "TokenTests"),
    ([[{"MORPH": {"IS_SUPERSET": ["Mood=Imp"]}}],
      [{"POS": "VERB", "MORPH": {"IS_SUPERSET": ["Number=Plur", "Tense=Past"]}}]], "TokenTests"),
    ([[{"LEMMA": {"IN": ["знать"]}, "_": {"in_who_clause": False}}]], "TokenTests"),
    ([[{"LOWER": "вы", "OP": "?"}]], "GatedMatcher"),
    ([[{"IS_PUNCT": True}]], "TokenTests"),
    ([[{"IS_UPPER": True, "IS_ALPHA": True, "LENGTH": {">=": 3}}]], "TokenTests"),
    ([[{"LENGTH": 2}], [{"LENGTH": {"<": 2, "!=": 0}}]], "TokenTests"),
    ([[{"IS_UPPER": True, "LENGTH": {">=": 2}}, {"IS_UPPER": True, "LENGTH": {">=": 2}, "OP": "+"}]], "SequenceTests"),
    ([[{"LOWER": {"IN": ["!", "?"]}}, {"LOWER": {"IN": ["!", "?"]}}, {"LOWER": {"IN": ["!", "?"]}, "OP": "+"}]],
     "SequenceTests"),
    ([[{"LOWER": {"REGEX": "^при"}}]], "GatedMatcher"),
    ([[{"LOWER": "не"}, {"LEMMA": {"IN": ["мочь", "смочь"]}}]], "SequenceTests"),
    ([[{"IS_SENT_START": True, "LOWER": {"IN": ["вы", "это"]}}, {"POS": "VERB"}],
      [{"LOWER": ","}, {"IS_SENT_START": False, "IS_ALPHA": True}, {"IS_PUNCT": True}]], "SequenceTests"),
    ([[{"IS_UPPER": True, "LENGTH": {">=": 2}}, {"IS_UPPER": True, "LENGTH": {">=": 2, "<": 4}}]], "SequenceTests"),
    ([[{"LOWER": "!"}, {"LOWER": "!"}], [{"LOWER": "!"}, {"LOWER": "?"}, {"LOWER": "!"}]], "SequenceTests"),
    ([[{"LOWER": "вы"}, {"POS": {"IN": ["ADV", "PART"]}, "OP": "*"}, {"POS": "VERB"}]], "SequenceTests"),
    ([[{"LOWER": "не"}, {"IS_ALPHA": True, "OP": "*"}]], "SequenceTests"),
    ([[{"IS_ALPHA": True, "OP": "*"}, {"IS_PUNCT": True}], [{"LOWER": "не", "OP": "+"}, {"POS": "VERB", "OP": "?"}]],
     "SequenceTests"),
    ([[{"IS_ALPHA": True, "OP": "?"}, {"IS_ALPHA": True, "OP": "+"}, {"LOWER": {"IN": ["!", "?"]}, "OP": "*"},
       {"IS_PUNCT": True}]], "SequenceTests"),
    ([[{"LOWER": "не"}, {"LEMMA": "мочь", "OP": "{1,2}"}]], "GatedMatcher"),
    ([[{"POS": "NOUN"}, {"POS": "ADJ", "OP": "?"}, {"POS": "NOUN", "MORPH": {"IS_SUPERSET": ["Case=Gen"]}},
       {"POS": "NOUN", "MORPH": {"IS_SUPERSET": ["Case=Gen"]}}]], "SequenceTests"),
    ([[{"LOWER": "не"}, {"IS_ALPHA": True, "OP": "{0,2}"}, {"LEMMA": "мочь"}, {"IS_PUNCT": True}]], "GatedMatcher"),
]
TEXTS = ["Вы не прислали отчёт. Пришлите его, пожалуйста.", "Кто знает, где счёт? Я знаю.",
         "Это СРОЧНО!!! НЕ НАДО ТАК, ООО и НДС?!?", "Где отчёт??", "А Я ВЫ",
         "Ты опять не ответил, а вы уже прислали.", "Не могу не мочь.", "Присылайте, прислали, прислать.",
         "", "!!!", "В целях обеспечения контроля исполнения поручений.",
         "Отчёт отдела готов, а проверки качества нет, и клиентов много.", "Не я не могу.",
         "Вы прислали. Это знаю, а вы нет, вы. Это НДС ООО ДА!?! Смочь, мочь не смогу!!"]


@pytest.mark.parametrize("patterns,kind", HAND_WRITTEN)
def test_hand_written_patterns_match_like_the_matcher(patterns, kind):
    nlp = pipeline.get("ru")
    runner = compile_patterns("t", patterns, nlp.vocab)
    assert type(runner).__name__ == kind
    from tonecheck.match.pool import MatcherPool

    features = MatcherPool(nlp).features
    for doc in nlp.pipe(TEXTS):
        assert sorted(set(runner(DocView(doc, features)))) == reference(nlp, patterns, doc), doc.text


def test_a_gate_turns_away_only_docs_that_cannot_match():
    nlp = pipeline.get("ru")
    from tonecheck.match.pool import MatcherPool

    features = MatcherPool(nlp).features
    gate = Gate([[{"LOWER": "вы"}, {"LEMMA": {"IN": ["прислать"]}}]], nlp.vocab.strings)
    assert gate.admits(DocView(nlp("Вы прислали отчёт."), features))
    assert gate.admits(DocView(nlp("Прислали, а вы?"), features))  # necessary, not sufficient
    assert not gate.admits(DocView(nlp("Вы написали отчёт."), features))
    optional = Gate([[{"LOWER": "вы", "OP": "?"}, {"LEMMA": "прислать"}]], nlp.vocab.strings)
    assert optional.admits(DocView(nlp("Прислали отчёт."), features))


def test_a_gate_of_a_bounded_pattern_needs_its_tokens_within_its_width():
    nlp = pipeline.get("ru")
    from tonecheck.match.pool import MatcherPool

    features = MatcherPool(nlp).features
    gate = Gate([[{"LOWER": "в"}, {"LOWER": "целях", "OP": "?"}, {"LOWER": "обеспечения"}, {"LOWER": "контроля"}]],
                nlp.vocab.strings)
    assert gate.admits(DocView(nlp("В целях обеспечения контроля."), features))
    assert not gate.admits(DocView(nlp("В пятницу обеспечения нет, контроля тоже."), features))
    assert not gate.admits(DocView(nlp("Контроля нет, обеспечения нет, в пятницу."), features))  # order


def test_a_malformed_pattern_is_still_reported_by_spacy():
    nlp = pipeline.get("ru")
    with pytest.raises(Exception, match="LOWERR|E154|pattern"):
        compile_patterns("t", [[{"LOWERR": "вы"}]], nlp.vocab)


def test_a_search_that_only_waited_is_tried_again_and_a_runaway_is_not():
    """The regex time limit is wall-clock: a thread that waited for the interpreter under load
    must not turn a sane rule into a 'runaway' error; one that burned its own time must."""
    import time

    import pytest

    from tonecheck.match.timelimit import within

    calls = []

    def starved(seconds):
        calls.append(seconds)
        if len(calls) == 1:
            time.sleep(seconds)  # the time passes, but not on this thread's CPU
            raise TimeoutError
        return "found"

    assert within(starved, 0.05) == "found" and len(calls) == 2

    burned = []

    def runaway(seconds):
        burned.append(seconds)
        end = time.thread_time() + seconds
        while time.thread_time() < end:
            pass
        raise TimeoutError

    with pytest.raises(TimeoutError):
        within(runaway, 0.05)
    assert len(burned) == 1
