"""The library: check(), Linter.check_many(), results, languages, lazy loading."""

import subprocess
import sys

import tonecheck
from tonecheck.nlp import language
from tonecheck.results.findings import line_and_column


def test_import_does_not_load_spacy():
    code = "import sys, tonecheck; print('spacy' in sys.modules, 'pymorphy3' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


def test_check_returns_language_and_findings():
    result = tonecheck.check("Вы опять не приложили счёт.")
    assert result.language == "ru"
    f = result.findings[0]
    assert (f.rule, f.severity, f.line, f.column, f.start, f.end) == ("blame.not-done", "warning", 1, 1, 0, 21)
    assert f.message.startswith("Упрёк «Вы опять не приложили»")


def test_check_many_equals_one_by_one(linter):
    """Each language's Docs stream in message order, also when messages switch languages
    between their paragraphs."""
    mixed_ru_en = "Здравствуйте! Вы опять не приложили счёт.\n\nHi Tom, you forgot to attach the file."
    mixed_en_ru = "Hi Tom, as I said, the file is attached.\n\nЗдравствуйте! Это не ко мне."
    texts = ["Нет.", "Hi Anna, you forgot to attach the file.", mixed_ru_en, "Здравствуйте! Всё получил, спасибо.",
             "", mixed_en_ru]
    many = linter.check_many(texts)
    single = [linter.check(t) for t in texts]
    assert [r.to_dict() for r in many] == [r.to_dict() for r in single]
    assert [r.rules() for r in many] == [["answer.bare"], ["blame.not-done"], ["blame.not-done", "blame.not-done"],
                                         [], [], ["blame.as-i-said", "answer.not-mine"]]
    assert [r.languages for r in many] == [["ru"], ["en"], ["ru", "en"], ["ru"], ["en"], ["en", "ru"]]


def test_fixed_text_and_apply_fixes(linter):
    result = linter.check("Вы не указали номер договора.")
    # one pass: the greeting's rewrite overlaps the reproach's and waits for the next pass
    assert result.fixed_text == "Укажите, пожалуйста, номер договора."
    assert tonecheck.apply_fixes(result.text, result.findings) == result.fixed_text
    assert tonecheck.apply_fixes(result.text, []) == result.text
    fixed, applied = linter.fix("Вы не указали номер договора.")
    assert fixed == "Здравствуйте! Укажите, пожалуйста, номер договора."
    assert [f.rule for f in applied] == ["blame.not-done", "greeting.missing"]
    assert linter.fix(fixed) == (fixed, [])


def test_finding_json_contract(linter):
    d = linter.check("No.").to_dict()
    assert d["language"] == "en"
    assert set(d["findings"][0]) >= {"rule", "severity", "message", "line", "column", "start", "end",
                                     "text", "suggestion", "safety", "sentence"}
    assert d["findings"][0]["safety"] == "needs-writer"  # "No." gets a skeleton to complete


def test_line_and_column_are_one_based():
    text = "Здравствуйте!\nВы не указали номер."
    assert line_and_column(text, text.index("Вы")) == (2, 1)
    assert line_and_column(text, text.index("не")) == (2, 4)


def test_positions_point_into_the_original_text(linter):
    text = "Здравствуйте!\n\nВы не указали номер."
    f = linter.check(text).findings[0]
    assert text[f.start:f.end] == f.text == "Вы не указали"
    assert (f.line, f.column) == (3, 1)


def test_detect_prefers_russian_even_with_latin_product_names():
    assert language.detect("Скинь PR в GitLab, пожалуйста") == "ru"
    assert language.detect("Please review the PR in GitLab") == "en"


def test_mixed_message_is_checked_per_paragraph(linter):
    text = "Здравствуйте! Вы не указали номер.\n\nHi Tom, as I said, the report is due Friday."
    result = linter.check(text)
    assert result.languages == ["ru", "en"]
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["blame.not-done"].language == "ru"
    en = by_rule["blame.as-i-said"]
    assert en.language == "en" and en.message.startswith("“")
    assert text[en.start:en.end] == en.text
    # the greeting rule only looks at the start of the whole message
    assert "greeting.missing" not in by_rule


def test_long_text_is_split_below_spacy_max_length():
    text = ("Отчёт готов.\n" * 20_000)
    segments = language.segment(text, "ru")
    assert len(segments) > 1 and all(len(s.text) <= language.MAX_SEGMENT for s in segments)
    assert "".join(s.text for s in segments) == text


def test_empty_and_whitespace_texts_are_clean(linter):
    assert linter.check("").findings == []
    assert linter.check("   \n\t ").findings == []


def test_informal_team_allows_privet_and_ty(linter):
    text = "Привет! Скинь отчёт, пожалуйста, до вечера."
    assert linter.check(text, formality="informal").findings == []
    assert set(linter.check(text, formality="formal").rules()) == {"greeting.informal", "address.informal"}
