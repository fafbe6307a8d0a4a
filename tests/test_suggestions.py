"""Key rewrites, asserted exactly: rule id, flagged span and suggested words."""

import pytest


def only(result, rule):
    found = [f for f in result.findings if f.rule == rule]
    assert len(found) == 1, [(f.rule, f.text) for f in result.findings]
    return found[0]


def apply(text, finding):
    return text[: finding.start] + finding.suggestion + text[finding.end:]


@pytest.mark.parametrize("text, flagged, suggestion, fixed", [
    ("Анна, вы не указали номер договора.", "вы не указали", "укажите, пожалуйста,",
     "Анна, укажите, пожалуйста, номер договора."),
    ("Вы опять не приложили счёт.", "Вы опять не приложили", "Приложите, пожалуйста,",
     "Приложите, пожалуйста, счёт."),
    ("Ты так и не ответил.", "Ты так и не ответил", "Ответь, пожалуйста", "Ответь, пожалуйста."),
    ("Вы забыли указать код проекта.", "Вы забыли указать", "Укажите, пожалуйста,",
     "Укажите, пожалуйста, код проекта."),
])
def test_russian_reproach_becomes_request_with_the_same_verb(linter, text, flagged, suggestion, fixed):
    f = only(linter.check(text, language="ru"), "blame.not-done")
    assert (f.text, f.suggestion) == (flagged, suggestion)
    assert apply(text, f) == fixed


@pytest.mark.parametrize("text, fixed", [
    ("You didn't attach the invoice.", "Could you attach the invoice?"),
    ("Hi Anna, you never sent the report again.", "Hi Anna, could you send the report?"),
    ("You haven't updated the ticket yet.", "Could you update the ticket?"),
])
def test_english_reproach_becomes_question_with_base_form(linter, text, fixed):
    f = only(linter.check(text, language="en"), "blame.not-done")
    assert apply(text, f) == fixed


@pytest.mark.parametrize("text, language, rule", [
    ("Вы не приложили счёт к заявке, поэтому оплата не прошла.", "ru", "blame.not-done"),
    ("Вы не обновили статус задачи, а у нас завтра демо.", "ru", "blame.not-done"),
    ("Вы не поставили меня в копию, и я узнал о переносе последним.", "ru", "blame.not-done"),
    ("Вы не приложили счёт к заявке, из-за этого оплата не прошла.", "ru", "blame.not-done"),
    ("Вы не приложили счёт к заявке. Из-за этого оплата не прошла.", "ru", "blame.not-done"),
    ("You didn't send the minutes. Now nobody knows what was agreed.", "en", "blame.not-done"),
    ("You forgot to attach the invoice, so the payment bounced.", "en", "blame.not-done"),
    ("You didn't include the PO number, which is why it got stuck.", "en", "blame.not-done"),
])
def test_a_reproach_that_is_the_reason_for_what_follows_is_left_to_the_writer(linter, text, language, rule):
    """As a request the sentence would ask for something and then report what its absence
    caused ("Приложите, пожалуйста, счёт, поэтому оплата не прошла")."""
    f = only(linter.check(text, language=language), rule)
    assert f.suggestion is None


@pytest.mark.parametrize("text, word, suggestion", [
    ("Вы не могли бы посмотреть отчёт? Скинь правки в чат.", "Скинь", "Скиньте"),
    ("Вы молодец. Пришлю тебе правки.", "тебе", "вам"),
    ("Вы молодец. Жду твоего ответа.", "твоего", "вашего"),
    ("Вы молодец. Ты можешь прислать отчёт?", "Ты можешь", "Вы можете"),  # the verb agrees
])
def test_minority_ty_forms_are_rewritten_into_vy_forms(linter, text, word, suggestion):
    found = {f.text: f.suggestion for f in linter.check(text, language="ru").findings if f.rule == "address.mixed"}
    assert found[word] == suggestion


def test_informal_team_keeps_majority_ty(linter):
    text = "Привет! Ты видел отчёт? Скинь правки. Вашу презентацию я посмотрел."
    f = only(linter.check(text, language="ru", formality="informal"), "address.mixed")
    assert (f.text, f.suggestion) == ("Вашу", "Твою")


def test_davai_slips_into_ty_only_in_a_formal_team(linter):
    formal = "Здравствуйте, Геннадий Ильич! Давай созвонимся завтра в 10:00, если Вам удобно."
    f = only(linter.check(formal, language="ru", formality="formal"), "address.mixed")
    assert (f.text, f.suggestion) == ("Давай созвонимся", "Давайте созвонимся")
    # among ты-colleagues "давай" is the norm, and "ваш склад" speaks of the reader's team
    informal = "Привет, Вика! Это ваш склад перепутал коробки. Давай созвонимся в три."
    assert not [f for f in linter.check(informal, language="ru", formality="informal").findings
                if f.rule == "address.mixed"]


def test_an_appended_clause_keeps_to_the_teams_register(linter):
    quoted = "Где лучше хранить пароли от всех наших рабочих сервисов?"
    text = "Привет, Арсений! Спасибо, что спросил. Только KeePassXC с базой на сетевом диске."
    informal = only(linter.check(text, language="ru", formality="informal", quoted=quoted), "options.single-verdict")
    formal = only(linter.check(text, language="ru", formality="formal", quoted=quoted), "options.single-verdict")
    assert informal.suggestion.endswith("Другой вариант — …; выбирай, что тебе удобнее.")
    assert formal.suggestion.endswith("Другой вариант — …; выбирайте, что вам удобнее.")


def test_capital_vy_is_kept_when_the_writer_uses_it(linter):
    text = "Благодарю Вас за отчёт. Пришлю тебе правки."
    f = only(linter.check(text, language="ru"), "address.mixed")
    assert f.suggestion == "Вам"


@pytest.mark.parametrize("text, word, suggestion", [
    ("Уважаемый Анна Сергеевна! Договор во вложении.", "Уважаемый", "Уважаемая"),
    ("Дорогая Иван Петрович! Спасибо.", "Дорогая", "Дорогой"),
    ("Здравствуйте! Вы сказал, что отчёт готов.", "сказал", "сказали"),
    ("Здравствуйте! Вы уже готов обсудить?", "готов", "готовы"),
])
def test_agreement_with_the_addressee(linter, text, word, suggestion):
    f = only(linter.check(text, language="ru"), "address.agreement")
    assert (f.text, f.suggestion) == (word, suggestion)


@pytest.mark.parametrize("addressee, formality, greeting", [
    ("Петрова Анна Сергеевна", "formal", "Здравствуйте, Анна Сергеевна! Пришлите"),
    ("Анне Сергеевне Петровой", "formal", "Здравствуйте, Анна Сергеевна! Пришлите"),
    ("Иванов Пётр", "informal", "Привет, Пётр! Пришлите"),
    (None, "formal", "Здравствуйте! Пришлите"),
])
def test_greeting_names_the_addressee_in_the_nominative(linter, addressee, formality, greeting):
    result = linter.check("Пришлите отчёт до пятницы.", language="ru", addressee=addressee, formality=formality)
    f = only(result, "greeting.missing")
    assert (f.start, f.end, f.suggestion) == (0, 8, greeting)


def test_english_greeting_uses_first_name(linter):
    f = only(linter.check("Please send the report by Friday.", addressee="Anna Smith"), "greeting.missing")
    assert f.suggestion == "Hello Anna, please"


def test_mail_shaped_message_gets_greeting_on_its_own_line(linter):
    f = only(linter.check("Пришлите отчёт до пятницы.\nСпасибо.\n", language="ru"), "greeting.missing")
    assert f.suggestion == "Здравствуйте!\n\nПришлите"


def test_as_i_said_is_dropped_and_sentence_recapitalised(linter):
    text = "Как я уже писал, отчёт нужен до пятницы."
    f = only(linter.check(text), "blame.as-i-said")
    assert apply(text, f) == "Отчёт нужен до пятницы."


def test_refusal_gets_an_alternative_clause(linter):
    text = "Здравствуйте! Мы не можем предоставить доступ. Это закрытая информация."
    f = only(linter.check(text), "refusal.no-alternative")
    assert apply(text, f) == ("Здравствуйте! Мы не можем предоставить доступ. Вместо этого могу предложить …"
                              " Это закрытая информация.")


def test_one_finding_per_overlapping_reproach(linter):
    rules = linter.check("Вы опять не приложили счёт.").rules()
    assert "blame.not-done" in rules and "blame.again" not in rules


@pytest.mark.parametrize("to, text, suggestion", [
    # an Outlook "Last, First" header names the first name, not the surname
    ("Kaminski, Vince J", "The figures are attached, please check them.", "Hello Vince, the"),
    # a surname that opens the message stays capitalised, after a greeting of its own:
    # "Hello, Zausner asked…" would greet Zausner
    (None, "Zausner asked for the figures, they are attached below.", "Hello! Zausner"),
    (None, "Per our discussion this morning, the figures are attached.", "Hello, per"),
    # a role or a group in the "to" field greets them all, never "Hello Night,"
    ("Night shift supervisors", "Line 3 will stop at 22:00 on Saturday for maintenance.", "Hello all, line"),
    # a quoted sender's line is still that person ("Jeff Dasovich on 04/13/2001 12:34 PM")
    ("Jeff Dasovich on 04/13/2001 12:34 PM", "The figures are attached, please check them.", "Hello Jeff, the"),
    # a name typed in lower case is still a name
    ("anna smith", "The figures are attached, please check them.", "Hello anna, the"),
])
def test_greeting_names_the_right_person_as_written(linter, to, text, suggestion):
    assert only(linter.check(text, language="en", addressee=to), "greeting.missing").suggestion == suggestion


def test_a_group_called_first_becomes_the_greeting(linter):
    """"Народ, кто…" opens by calling the readers: the greeting takes that call, not a second one."""
    found = only(linter.check("Народ, кто опять оставил кофемашину грязной?", language="ru",
                              formality="informal", addressee="Анна Петрова"), "greeting.missing")
    assert (found.text, found.suggestion) == ("Народ, кто", "Привет, народ! Кто")


def test_a_russian_name_is_kept_as_written_after_a_greeting():
    """The greeting recipe keeps names as written: pymorphy3's Name/Surn tags for Russian (the
    Doc's morphology holds UD features only), no dictionary word for English."""
    from tonecheck.engine.recipes import _is_name
    from tonecheck.nlp import pipeline

    ru = pipeline.get("ru")("Анна Петрова прислала отчёт")
    en = pipeline.get("en")("Zausner sent the Report")
    assert [_is_name(t) for t in ru] == [True, True, False, False]
    assert [_is_name(t) for t in en] == [True, False, False, False]


def test_a_condescending_opener_goes_with_the_that_it_introduced(linter):
    text = "Коллеги, очевидно же, что перед релизом нужно прогонять тесты."
    f = only(linter.check(text, language="ru"), "blame.condescending")
    assert apply(text, f) == "Коллеги, перед релизом нужно прогонять тесты."


@pytest.mark.parametrize("text", [
    "Ну ты, как всегда, гений планирования: созвон поставил на субботу.",  # "вы … поставил"
    "Если сорвёшь дедлайн, пойдёшь объясняться к директору сам.",         # "пойдёте … сам"
])
def test_ty_to_vy_is_left_to_the_writer_when_a_word_out_of_reach_agrees_with_ty(linter, text):
    found = [f for f in linter.check(text, language="ru", formality="formal").findings
             if f.rule == "address.informal"]
    assert found and all(f.suggestion is None for f in found)


@pytest.mark.parametrize("text, fixed", [
    ("Здрасьте. Нужна справка для банка, сделаете?", "Здравствуйте. Нужна справка для банка, сделаете?"),
    ("Приветики, Игорь Петрович) Подпишете служебку?", "Здравствуйте, Игорь Петрович) Подпишете служебку?"),
])
def test_a_colloquial_greeting_is_replaced_not_doubled(linter, text, fixed):
    from tonecheck.results.fixes import apply_fixes

    result = linter.check(text, language="ru", formality="formal")  # a team on вы
    assert "greeting.missing" not in {f.rule for f in result.findings}
    assert apply_fixes(text, result.findings) == fixed


def test_quoted_lines_left_in_the_text_are_not_the_senders_unless_kept(linter):
    """A library caller may pass a reply with its "> " lines: the quoted reproach is the other
    person's; with ``strip: false`` (``--no-strip``) everything is checked as written."""
    text = "Привет, Марина!\n\n> Как я уже писал, счёт нужен до среды.\n\nСпасибо! Счёт во вложении."
    kept = linter.check(text, language="ru", formality="informal", strip=False)
    assert not [f for f in linter.check(text, language="ru", formality="informal").findings
                if f.rule == "blame.as-i-said"]
    assert [f.text for f in kept.findings if f.rule == "blame.as-i-said"] == [" Как я уже писал"]
