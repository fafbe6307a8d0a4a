"""Text that is not Unicode (a lone surrogate) is refused by the library with a clear error."""

import pytest

import tonecheck


def test_a_lone_surrogate_is_a_text_error_not_a_spacy_crash(linter):
    with pytest.raises(tonecheck.TextError) as caught:
        linter.check("Вы опять не приложили счёт \ud800.")
    assert str(caught.value) == "the text holds a lone surrogate (U+D800) at character 27, not Unicode text"
    with pytest.raises(ValueError, match=r"^text 1 holds a lone surrogate \(U\+DC80\) at character 0"):
        linter.check_many(["Нет.", "\udc80"])
    with pytest.raises(tonecheck.TextError, match=r"^the quoted message holds"):
        linter.check("Нет.", quoted="Почему \ud83d?")
