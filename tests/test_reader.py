"""Who the reader is when no name is given: a role is nobody's name, and a reply goes to whoever
signed the message it quotes (``nlp.names.signed_name``, ``Linter.check_many``)."""

from __future__ import annotations

import pytest

from tonecheck.engine.linter import Linter
from tonecheck.nlp.inflect import addressee
from tonecheck.nlp.names import signed_name


@pytest.fixture(scope="module")
def linter():
    return Linter()


@pytest.mark.parametrize(("text", "name"), [
    ("Could you tell me when my lease starts? Kind regards, Mrs. Karen Holt", "Mrs. Karen Holt"),
    ("Please send me the absence figures. Regards, Thomas Adler, Head of Operations", "Thomas Adler"),
    ("Could you confirm the rota?\n\nBest regards,\nRobert Fenn\n", "Robert Fenn"),
    ("Could you send the timetable? Kind regards, Adult Learning Centre", None),  # a firm, not a person
    ("Could you send the keys? Kind regards, Lettings Team", None),
    ("Can you send the invoice again? Cheers, Dave", "Dave"),                   # a first name after thanks
    ("Cheers for the help. Cheers, Mark", None),                                 # "mark" is a word too: not read
    ("Hello,\nIs the lab report ready yet?\nMichael Evans", "Michael Evans"),   # a name alone on its line
    ("Could you resend the tracking link? – Bea", "Bea"),                        # a name after a dash
    ("Please update the stock list.\nCustomer Care", None),                     # words, not a person
    ("We pulled an all-nighter! – the backend crew", None),
    ("Regards, Mrs. Karen Holt. P.S. the meter reading is attached.", None),    # not at the end
    ("Добрый день! Утвердили ли график приёма на май? Елена Павловна", "Елена Павловна"),
    ("Когда будут готовы пропуска? Андрей Козлов, отдел продаж", "Андрей Козлов"),
    ("Привет! Скинь отчёт. Москва Сити", None),                                  # a place, not a person
])
def test_signed_name(text, name):
    assert signed_name(text) == name


@pytest.mark.parametrize("role", ["client", "colleague", "manager", "клиент", "коллега"])
def test_a_role_is_nobodys_name(role):
    assert addressee(role) is None


def test_reply_greets_whoever_signed_the_quote(linter):
    result = linter.check("Hello, thank you for checking. Yes, all three new starters are in the April run.",
                          language="en", quoted="Are the new starters in the April run? Best regards, Helen Moss")
    found = [(f.rule, f.text, f.suggestion) for f in result.findings if f.family == "greeting"]
    assert found == [("greeting.unnamed", "Hello", "Hello Helen")]


def test_a_role_given_as_to_is_not_greeted_by_it(linter):
    result = linter.check("Please find the invoice attached.", language="en", addressee="client")
    suggestions = [f.suggestion for f in result.findings if f.rule == "greeting.missing"]
    assert suggestions and all("client" not in (s or "") for s in suggestions)


def test_reply_wrong_title_for_the_signer(linter):
    result = linter.check("Dear Mr. Taylor, your consultation is confirmed for Thursday at 10:30.", language="en",
                          quoted="Could you confirm my consultation time? Regards, Ms. Amara Taylor")
    assert [(f.rule, f.text, f.suggestion) for f in result.findings if f.family == "address"] == \
        [("address.name", "Mr.", "Ms")]


def test_russian_reply_greets_whoever_signed_the_quote(linter):
    result = linter.check("Добрый день! Да, график утвердили вчера, он уже на сайте.", language="ru",
                          quoted="Добрый день! Утвердили ли график приёма на май? Елена Павловна")
    found = [(f.rule, f.text, f.suggestion) for f in result.findings if f.family == "greeting"]
    assert found == [("greeting.unnamed", "Добрый день", "Добрый день, Елена Павловна")]
