"""Runs of "?" and "!": the tokenizer peels a mark at a time off a word, and the repeated-marks
rule matches at every mark of a run; neither may cost more than the run is long."""

import spacy
from costs import linear

from tonecheck.nlp import pipeline


def test_a_run_of_marks_costs_its_length(linter):
    for mark in "?!":
        linear(lambda n, mark=mark: linter.check("Почему отчёт не готов" + mark * n), 1000, memory=True)
    linear(lambda n: linter.check("Why is it late" + "?! " * n), 500)


def test_a_run_of_marks_in_the_quoted_message_costs_its_length(linter):
    linear(lambda n: linter.check("Yes, I will send it tomorrow.", quoted="Could you send it" + "?" * n), 1000)


def test_runs_of_marks_between_words_cost_their_length(linter):
    """Thousands of matches, each with guards around it, in one long sentence."""
    linear(lambda n: linter.check("Why???? " * n), 200)


def test_a_megabyte_of_one_mark_is_tokenized_in_pieces():
    nlp = pipeline.get("en")
    linear(lambda n: nlp.tokenizer("x" + "?" * n), 30_000)
    doc = nlp.tokenizer("Why" + "?" * 300_000 + " ok")
    assert len(doc) == 300_002 and doc.text == "Why" + "?" * 300_000 + " ok"


def test_the_tokens_are_spacys_own():
    """Only where a suffix can be is searched: the tokens are those of spaCy's own tokenizer,
    up to a chunk of ``LONG_CHUNK`` characters."""
    texts = ["Hello world... ok?!", "a.b.c... (x) 10km. don't!!! ... «Привет»!?", "Why" + "?" * 3000 + " and",
             "etc" + "." * 4000 + " end", "$5.00!!! 3pm.) x'), 10,000km.", "т.е. см. 5кг.!!!"]
    for lang in ("en", "ru"):
        ours, theirs = pipeline.get(lang).tokenizer, spacy.blank(lang).tokenizer
        for text in texts:
            assert [(t.text, t.whitespace_) for t in ours(text)] == [(t.text, t.whitespace_) for t in theirs(text)]


def test_a_long_chunk_keeps_its_text_and_offsets():
    nlp = pipeline.get("ru")
    text = "Привет!\n" + "a" * (pipeline.LONG_CHUNK * 3 + 5) + "?!  Где отчёт???\n" + "!" * 9000
    doc = nlp(text)
    assert doc.text == text
    assert [t.idx for t in doc] == sorted(t.idx for t in doc)
    assert doc[-1].idx + len(doc[-1]) == len(text)
