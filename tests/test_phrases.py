"""The rules' phrases: patterns built from cached words must be the pipeline's own."""

import json

import pytest
from spacy.matcher import PhraseMatcher
from test_gates import corpus

from tonecheck.match.phrases import PhraseTokens
from tonecheck.nlp import pipeline


def reference_matchers(nlp, pool) -> dict:
    """PhraseMatchers built as tonecheck built them before the cache: Docs from the pipeline."""
    matchers = {"LOWER": PhraseMatcher(nlp.vocab, attr="LOWER"), "LEMMA": PhraseMatcher(nlp.vocab, attr="LEMMA")}
    for key, phrases in pool.phrases["LOWER"]:
        matchers["LOWER"].add(key, [nlp.make_doc(p) for p in phrases])
    for key, phrases in pool.phrases["LEMMA"]:
        matchers["LEMMA"].add(key, list(nlp.pipe(phrases)))
    return matchers


def matches(matchers: dict, doc) -> list:
    strings = doc.vocab.strings
    return sorted((attr, strings[key], start, end) for attr, matcher in matchers.items()
                  for key, start, end in matcher(doc))


@pytest.mark.parametrize("language", ["ru", "en"])
def test_phrase_matchers_find_what_pipeline_made_patterns_find(linter, language):
    nlp = pipeline.get(language)
    pool = linter._pools.get(language) or (linter.checks(language), linter._pools[language])[1]
    assert len(pool.phrases["LOWER"]) > 10 and pool.phrases["LEMMA"]
    ours, theirs = {"LOWER": pool.lower, "LEMMA": pool.lemma}, reference_matchers(nlp, pool)
    found = 0
    for doc in nlp.pipe(corpus(linter, language)):
        expected = matches(theirs, doc)
        assert matches(ours, doc) == expected, doc.text
        found += len(expected)
    assert found > 500  # the corpus exercises the phrases


@pytest.mark.parametrize("language", ["ru", "en"])
def test_cached_phrase_words_are_the_pipelines(linter, language, tmp_path, monkeypatch):
    """Words read back from the cache equal those the pipeline gives now, lemmas included."""
    nlp = pipeline.get(language)
    linter.checks(language)
    pool = linter._pools[language]
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(tmp_path))
    first = PhraseTokens(nlp, language)
    lower = [p for _, ps in pool.phrases["LOWER"] for p in ps]
    lemma = [p for _, ps in pool.phrases["LEMMA"] for p in ps]
    first.prepare("LOWER", lower)
    first.prepare("LEMMA", lemma)
    first.save()
    again = PhraseTokens(nlp, language)
    assert set(again.known["LOWER"]) >= set(lower) and set(again.known["LEMMA"]) >= set(lemma)
    expected_lower = [[t.lower_ for t in nlp.make_doc(p)] for p in lower]
    expected_lemma = [[(t.lower_, t.lemma_) for t in doc] for doc in nlp.pipe(lemma)]
    monkeypatch.setattr(nlp, "make_doc", lambda text: pytest.fail(f"{text!r} tokenized again"))
    assert [[t.lower_ for t in again.pattern("LOWER", p)] for p in lower] == expected_lower
    assert [[(t.lower_, t.lemma_) for t in again.pattern("LEMMA", p)] for p in lemma] == expected_lemma


def test_phrase_cache_of_other_versions_or_broken_is_not_used(tmp_path, monkeypatch):
    nlp = pipeline.get("ru")
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(tmp_path))
    tokens = PhraseTokens(nlp, "ru")
    tokens.prepare("LEMMA", ["не смогу"])
    tokens.save()
    (file,) = tmp_path.glob("phrases-*-ru.json")
    stored = json.loads(file.read_text(encoding="utf-8"))
    assert stored["LEMMA"]["не смогу"] == [["не", "не"], ["смогу", "смочь"]]

    stored["LEMMA"]["не смогу"] = [["подмена", "подмена"]]
    file.write_text(json.dumps(stored), encoding="utf-8")
    assert PhraseTokens(nlp, "ru").lemmas("не смогу") == [["подмена", "подмена"]]  # same fingerprint: read
    stored["fingerprint"][1] = "0.0.0"  # another spaCy: its tokenizer may split otherwise
    file.write_text(json.dumps(stored), encoding="utf-8")
    assert PhraseTokens(nlp, "ru").lemmas("не смогу") == [["не", "не"], ["смогу", "смочь"]]
    file.write_text("{broken", encoding="utf-8")
    assert PhraseTokens(nlp, "ru").lemmas("не смогу") == [["не", "не"], ["смогу", "смочь"]]

    monkeypatch.setenv("TONECHECK_NO_CACHE", "1")
    monkeypatch.setenv("TONECHECK_CACHE_DIR", str(tmp_path / "unused"))
    off = PhraseTokens(nlp, "ru")
    off.prepare("LOWER", ["как я уже писал"])
    off.save()
    assert off.lower("как я уже писал") == ["как", "я", "уже", "писал"]
    assert not (tmp_path / "unused").exists()


def test_a_second_start_works_out_no_phrase(tmp_path):
    """A start after the first reads every phrase's words from the cache (in fresh processes)."""
    import os
    import subprocess
    import sys

    script = ("from tonecheck.engine.linter import Linter; from tonecheck.nlp import pipeline; "
              "from tonecheck.match.pool import phrase_tokens; Linter().compile_all(); "
              "print([phrase_tokens(pipeline.get(lang)).worked_out for lang in ('ru', 'en')])")
    env = {**os.environ, "TONECHECK_CACHE_DIR": str(tmp_path)}
    env.pop("TONECHECK_NO_CACHE", None)
    first, second = (subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
                     for _ in range(2))
    ru, en = json.loads(first.stdout)
    assert ru > 100 and en > 100, first.stderr
    assert json.loads(second.stdout) == [0, 0], second.stderr
