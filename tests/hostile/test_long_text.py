"""Long plain text: a check's cost grows with the text, whether it comes in paragraphs or on
one line."""

from costs import linear


def sentences(n: int) -> str:
    return " ".join(["Нет, счёт пока не пришёл, но мы его ждём сегодня.", "OK, the report is ready now."] * n)


def test_a_long_line_that_ends_in_a_word(linter):
    """The bare-answer check looked for the last line from every word in turn."""
    line = "Счёт пока не пришёл, но мы его ждём сегодня."
    linear(lambda n: linter.check("Нет. " + " ".join([line] * n) + " Иван"), 100)


def test_paragraphs(linter):
    linear(lambda n: linter.check("\n\n".join([sentences(3)] * n)), 100, memory=True)
