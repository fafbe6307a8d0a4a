"""HTML bodies and To: headers built to be expensive: their cost grows with their size, no
faster."""

from costs import linear, peak_memory

from tonecheck.inputs.mail import html_to_text, parse_bytes


def test_many_line_breaks():
    linear(lambda n: html_to_text("<p>Hello Anna," + "<br>" * n + "see you.</p>"), 5000)


def test_deeply_nested_blocks():
    linear(lambda n: html_to_text("<div>x" * n + "</div>" * n), 3000)
    linear(lambda n: html_to_text("<div>x" * n), 3000)  # never closed


def test_deeply_nested_blockquotes():
    linear(lambda n: html_to_text("<blockquote>Вы писали:" * n), 2000)


def test_a_large_table_costs_its_size_in_time_and_memory():
    row = "<tr><td>Invoice 2041</td><td>paid</td></tr>"
    linear(lambda n: html_to_text("<table>" + row * n + "</table>"), 2000, memory=True)


def test_blockquotes_are_still_marked():
    text, quoted = html_to_text("<p>Да, сделаю.</p><blockquote>Вы пришлёте?<blockquote>Когда?</blockquote></blockquote>"
                                "<div class='gmail_quote'>On Mon, Anna wrote:<br>Hi</div>")
    assert text == "Да, сделаю.\n\n> Вы пришлёте?\n> > Когда?\n"
    assert quoted == "On Mon, Anna wrote:\nHi\n"


def mail(to: str) -> bytes:
    return (f"From: Ivan <ivan@example.com>\nTo: {to}\nSubject: Invoice\n"
            "Content-Type: text/plain; charset=utf-8\n\nДобрый день! Счёт во вложении.\n").encode()


def test_a_to_header_of_thousands_of_encoded_words():
    words = lambda n: " ".join(["=?utf-8?q?=D0=90=D0=BD=D0=BD=D0=B0?="] * n) + " <anna@example.com>"  # noqa: E731
    linear(lambda n: parse_bytes(mail(words(n)), "m.eml"), 2000, memory=True)
    assert peak_memory(lambda: parse_bytes(mail(words(20_000)), "m.eml")) < 50_000_000


def test_one_addressee_is_still_named():
    to = "=?utf-8?b?0JDQvdC90LAg0J/QtdGC0YDQvtCy0LA=?= <anna@example.com>"
    assert parse_bytes(mail(to), "m.eml").addressee == "Анна Петрова"
