"""Long plain text: a check's cost grows with the text, whether it comes in paragraphs or on
one line."""

from costs import linear

from tonecheck.results.findings import line_and_column


def sentences(n: int) -> str:
    return " ".join(["Нет, счёт пока не пришёл, но мы его ждём сегодня.", "OK, the report is ready now."] * n)


def test_a_long_line_that_ends_in_a_word(linter):
    """The bare-answer check looked for the last line from every word in turn."""
    line = "Счёт пока не пришёл, но мы его ждём сегодня."
    linear(lambda n: linter.check("Нет. " + " ".join([line] * n) + " Иван"), 100)


def test_paragraphs(linter):
    linear(lambda n: linter.check("\n\n".join([sentences(3)] * n)), 100, memory=True)


def test_many_findings_on_many_lines(linter):
    """Each finding's line was counted from the start of the text."""
    def place_every_line(n: int) -> None:
        text = "Отчёт готов!!!\n" * n
        for offset in range(0, len(text), 15):
            line_and_column(text, offset)

    linear(place_every_line, 5000)
    text = "\n".join(["Отчёт уже готов!!! Посмотрите его."] * 3000)
    assert [(f.line, f.column) for f in linter.check(text).findings if f.rule == "tone.repeated-marks"] == \
        [(i, 16) for i in range(1, 3001)]
