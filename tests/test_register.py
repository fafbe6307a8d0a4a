"""The register read from the thread (formality auto, the default), and tracker comments that are
reactions rather than letters."""

import pytest

from tonecheck.engine.settings import Settings


def rules(result):
    return [(f.rule, f.text, f.suggestion) for f in result.findings]


@pytest.mark.parametrize("text, quoted, expected", [
    # no sign either way: ты is the writer's own register, the greeting offered matches it
    ("Скинь, пожалуйста, отчёт до пятницы, он нужен клиенту.", None,
     [("greeting.missing", "Скинь", "Привет! Скинь")]),
    # a formal greeting sets вы: ты after it is a fault
    ("Здравствуйте! Скинь, пожалуйста, отчёт до пятницы.", None,
     [("address.informal", "Скинь", "Скиньте")]),
    # the colleague answered writes «Вы»
    ("Да, посмотри в общей папке, там всё лежит.", "Подскажите, где лежит отчёт, который Вы обещали?",
     [("address.informal", "посмотри", "посмотрите")]),
    # the colleague answered writes ты: answering in kind (and greeting back, as they greeted)
    ("Да, посмотри в общей папке, там всё лежит.", "Привет! Где лежит отчёт, который ты обещал?",
     [("greeting.missing", "Да", "Привет! Да")]),
    # "Привет" answering a formal message
    ("Привет! Да, пропуск готов, заберите на ресепшене.", "Здравствуйте! Подскажите, готов ли мой пропуск?",
     [("greeting.informal", "Привет", "Здравствуйте")]),
    ("Привет! Да, пропуск готов, заберите на ресепшене.", None, []),
    # a message with no ты: the formal greeting, as before
    ("Пришлите, пожалуйста, акт до пятницы.", None,
     [("greeting.missing", "Пришлите", "Здравствуйте! Пришлите")]),
])
def test_auto_reads_the_register_from_the_thread(linter, text, quoted, expected):
    assert rules(linter.check(text, quoted=quoted)) == expected


def test_a_formal_team_still_holds_every_message_to_vy(linter):
    found = linter.check("Скинь, пожалуйста, отчёт до пятницы, он нужен клиенту.", formality="formal")
    assert [(f.rule, f.suggestion) for f in found.findings] == [
        ("address.informal", "Скиньте"), ("greeting.missing", "Здравствуйте! Скинь")]


@pytest.mark.parametrize("text", ["Ну закройте, это не баг, а особенность настройки.",
                                  "Да, мне кажется, это хороший пример для начала.",
                                  "Впрочем, я так и исправил, спасибо за пулл-реквест."])
def test_a_turn_that_opens_by_answering_is_a_quick_turn_unless_its_message_greeted(linter, text):
    """"Да, …", "Ну …", "Впрочем, …" answer something: with that message unseen, no greeting is
    asked; a reply to a message that greeted still greets back."""
    assert "greeting.missing" not in [f.rule for f in linter.check(text).findings]
    greeted = linter.check(text, quoted="Добрый день! Посмотрите, пожалуйста, мой пулл-реквест.")
    assert "greeting.missing" in [f.rule for f in greeted.findings]


def test_auto_is_the_default_and_a_choice(linter):
    assert Settings().formality == "auto"
    assert linter.check("Чувак, посмотрите отчёт.", select=["address.familiar"]).findings == []
    assert [f.text for f in linter.check("Чувак, посмотрите отчёт.", select=["address.familiar"],
                                         formality="formal").findings] == ["Чувак"]


@pytest.mark.parametrize("text, greeted", [
    ("У меня то же самое.", False),            # a "me too": nobody is written to
    ("отлично получилось, так держать", False),
    ("У меня то же самое, что делать?", True),  # asks the reader: a letter
    # a co-signing opens a reaction whatever the sender adds, unless it asks
    ("Поддерживаю. У людей модуль для Drupal не заводится из-за некоторых последних правок.", False),
    ("+1, the export still drops the last row of every sheet after the latest update.", False),
    ("Поддерживаю. Когда у вас дойдут руки до модуля для Drupal?", True),
    ("Исправил ошибку в выгрузке, новая сборка уже лежит в релизах проекта.", True),  # longer: answers a person
])
def test_a_short_tracker_comment_that_asks_nothing_is_a_reaction(linter, text, greeted):
    found = [f.rule for f in linter.check(text, comment=True).findings]
    assert ("greeting.missing" in found) is greeted
    # the same words as a letter still open without a greeting
    assert "greeting.missing" in [f.rule for f in linter.check(text).findings]


@pytest.mark.parametrize(("text", "on_ty"), [
    ("Вась, ты роутер перезагружал?", True),    # a name cut short, as friends call it
    ("Дим, глянь мой МР, пожалуйста.", True),
    ("Сергей, посмотрите отчёт.", False),        # a name in full
    ("Слушай, глянь отчёт.", False),             # an imperative, no name
])
def test_a_name_cut_short_greets_one_on_ty(text, on_ty):
    from tonecheck.engine.register import greets_one_on_ty

    assert greets_one_on_ty(text) is on_ty


def test_one_called_on_ty_is_written_to_on_ty_whatever_the_count(linter):
    text = "Вась, ты роутер перезагружал? Если нет, перезагрузите и напишите мне, горит ли WAN."
    found = [(f.text, f.suggestion) for f in linter.check(text, formality="informal").findings
             if f.rule == "address.mixed"]
    assert found == [("перезагрузите", "перезагрузи"), ("напишите", "напиши")]
