"""The hostility family: disguised profanity, words the sender only mentions, and whole messages
as a person writes them (the rules' own examples run in test_rule_examples)."""

from __future__ import annotations

import pytest

from tonecheck.engine.linter import Linter, builtin_lexicons_dir
from tonecheck.match.disguise import DisguisedWords, plain
from tonecheck.rulebook.lexicons import parse
from tonecheck.rulebook.rules import RuleError


@pytest.fixture(scope="module")
def linter():
    return Linter()


def _list(lang: str) -> DisguisedWords:
    text = (builtin_lexicons_dir() / lang / "profanity.txt").read_text(encoding="utf-8")
    return DisguisedWords(f"{lang}/profanity", list(parse("p", text).phrases), lang)


@pytest.mark.parametrize(("word", "form"), [
    ("xyйня", "хуйня"),         # Latin look-alikes inside a Russian word
    ("6лядь", "блядь"),         # a digit for a letter
    ("х*й", "х\x00й"),          # a mask is the unknown letter
    ("Ёбаный", "ебаный"),
    ("sh1t", "shit"),
    ("b!tch", "bitch"),
    ("пиzдец", "пиздец"),       # a Latin z for the Cyrillic з
    ("б л я", "бля"),           # spaced out
])
def test_plain_undoes_the_disguise(word, form):
    lang = "ru" if any("а" <= c <= "я" or c == "ё" for c in word.lower()) else "en"
    assert plain(word, lang) == form


@pytest.mark.parametrize("word", ["х*й", "пи**ец", "бл@дь", "xyйня", "oxyeли", "6лядь", "заебал", "наговнокодил"])
def test_russian_profanity_found_in_disguise(word):
    assert _list("ru").matches(word)


@pytest.mark.parametrize("word", ["хлеб", "себе", "требовать", "страхуй", "сукно", "сучья", "бляшка", "вебинар",
                                  "Себастьян", "педикюр", "херувим", "Херсон", "хрен", "сравнить", "мудрый",
                                  "похудеть", "ухудшить", "**bold**", "***"])
def test_russian_words_that_share_letters_are_not_profanity(word):
    assert not _list("ru").matches(word)


@pytest.mark.parametrize(("word", "found"), [
    ("f**k", True), ("f*ck", True), ("a**hole", True), ("sh1t", True), ("WTF", True),
    ("scrap", False), ("class", False), ("assess", False), ("Fukuoka", False), ("Dick", False),
    ("**App", False), ("***by", False),  # Markdown emphasis around an ordinary word
])
def test_english_profanity(word, found):
    assert _list("en").matches(word) is found


def test_spans_point_into_the_text():
    text = "Опять б л я т ь тесты красные, х*йня какая-то."
    spans = _list("ru").spans(text)
    assert [text[s:e] for s, e in spans] == ["б л я т ь", "х*йня"]


def test_an_expression_that_is_not_one_is_refused_by_name():
    with pytest.raises(ValueError, match=r"disguised: team/swear: '\(\?:х' is not a regular expression"):
        DisguisedWords("team/swear", ["(?:х"], "ru")


def test_a_runaway_expression_stops_with_the_list_named():
    words = DisguisedWords("team/swear", ["(?:a|a)+b"], "en")
    words.where = ("team/rules/team/swear.yml", "en.match")
    with pytest.raises(RuleError, match=r"team/swear\.yml.*disguised: team/swear: an expression ran over"):
        words.matches("a" * 40)
    with pytest.raises(RuleError, match=r"ran over .* on one word"):
        words.spans("look: " + "a" * 24)


def _found(result):
    return [(f.rule, f.text, f.severity) for f in result.findings if f.family == "hostility"]


def test_the_two_attacks_the_family_was_asked_for(linter):
    en = linter.check("this is the stupidest patch I have ever seen. Are you even a developer?", language="en")
    assert _found(en) == [("hostility.insult", "stupidest", "error"),
                          ("hostility.contempt", "Are you even", "warning")]
    ru = linter.check("Вы вообще читаете, что вам пишут? Это полный бред, а не отчёт.", language="ru")
    assert _found(ru) == [("hostility.contempt", "Вы вообще читаете", "warning"),
                          ("hostility.insult", "полный бред", "error")]


@pytest.mark.parametrize("text", [
    "Клиент написал: «вы все идиоты». Ответьте ему, пожалуйста, спокойно.",   # quoted
    "Заказчик назвал нас идиотами на созвоне, давайте обсудим, что пошло не так.",  # reported
    "Он пишет, мол, вы там все дебилы, — я ответила про сроки.",            # "мол"
    "Я идиот, забыл приложить файл. Вот он.",                                # about oneself
])
def test_words_the_sender_does_not_aim_at_the_reader(linter, text):
    assert _found(linter.check(text, language="ru")) == []


def test_a_reply_quoting_an_insult_is_not_flagged_for_it(linter):
    result = linter.check("Понимаю ваше раздражение. Исправим к вечеру.", language="ru",
                          quoted="Вы там совсем идиоты? Где мой заказ?")
    assert _found(result) == []


def test_a_team_adds_a_disguised_word_without_python(tmp_path):
    folder = tmp_path / "lexicons" / "ru"
    folder.mkdir(parents=True)
    (folder / "profanity.txt").write_text("# our own\nжесть\\w*\n", encoding="utf-8")
    team = Linter(lexicon_dirs=[tmp_path / "lexicons"])
    assert _found(team.check("Это ж*сть какая-то, а не отчёт.", language="ru")) == [
        ("hostility.profanity", "ж*сть", "warning")]


def test_a_broken_team_expression_names_the_rule_file(tmp_path):
    folder = tmp_path / "lexicons" / "ru"
    folder.mkdir(parents=True)
    (folder / "profanity.txt").write_text("(?:х\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"hostility/profanity\.yml.*disguised: ru/profanity"):
        Linter(lexicon_dirs=[tmp_path / "lexicons"]).check("текст", language="ru")


@pytest.mark.parametrize(("text", "found"), [
    ("He said that the generators would have been stupid not to do it.", []),
    ("I told you that this patch is garbage.", [("hostility.insult", "garbage", "error")]),
    ("Rates moved, with the usual winners and losers, and a knee-jerk reaction.", []),
])
def test_retold_words_are_not_the_senders_own(linter, text, found):
    assert _found(linter.check(text, language="en")) == found


def test_a_swear_adjective_is_dropped_by_the_rewrite_and_other_profanity_is_not(linter):
    from tonecheck.results.fixes import apply_fixes

    result = linter.check("Этот сраный отчёт опять не сходится, х*йня какая-то.", language="ru")
    assert _found(result) == [("hostility.intensifier", " сраный", "warning"),  # the space goes with it
                              ("hostility.profanity", "х*йня", "warning")]
    assert [f.suggestion for f in result.findings if f.family == "hostility"] == ["", None]
    hostility = [f for f in result.findings if f.family == "hostility"]
    assert apply_fixes(result.text, hostility) == "Этот отчёт опять не сходится, х*йня какая-то."


@pytest.mark.parametrize(("text", "word"), [
    ("Опять работаем с идиотами из подрядчика.", "идиотами"),   # instrumental plural
    ("Хватит слушать этих дебилов.", "дебилов"),              # genitive plural
    ("Какой-то идиотина поменял пароль от админки.", "идиотина"),  # augmentative
    ("Ну ты и дурачок, кто же так мержит.", "дурачок"),        # diminutive
    ("Это бредятина, а не ТЗ.", "бредятина"),
])
def test_every_form_of_a_russian_insult(linter, text, word):
    assert ("hostility.insult", word, "error") in _found(linter.check(text, language="ru", formality="informal"))


def test_nothing_is_polished_around_an_insult_that_stands(linter):
    from tonecheck.results.fixes import apply_fixes

    text = "Переделайте отчёт к пятнице. Вы идиот."
    result = linter.check(text, language="ru")
    assert {f.rule for f in result.findings} >= {"hostility.insult", "greeting.missing"}
    assert apply_fixes(text, result.findings) == text  # no "Здравствуйте! … Вы идиот."
    swearing = "Этот сраный отчёт не сходится, переделайте к пятнице."
    result = linter.check(swearing, language="ru")
    assert apply_fixes(swearing, result.findings).startswith("Здравствуйте! Этот отчёт не сходится")


@pytest.mark.parametrize("text", ["Вы идиот, переделайте отчёт к пятнице.", "Зачем комменты удалять, ты крыса?!"])
def test_no_greeting_is_asked_of_an_opening_that_attacks(linter, text):
    """greeting.missing yields to hostility in its sentence; a team without hostility gets it back."""
    rules = {f.rule for f in linter.check(text, language="ru").findings}
    assert "hostility.insult" in rules and "greeting.missing" not in rules
    without = linter.check(text, language="ru", ignore=["hostility"])
    assert "greeting.missing" in {f.rule for f in without.findings}


@pytest.mark.parametrize(("text", "found"), [
    ("Ты крыса, Серёга, зачем удалил комменты?", "Ты крыса"),
    ("Ну вы и свиньи, конечно: бросили мусор у ворот.", "вы и свиньи"),
    ("Опять эти уроды из подрядчика сломали выгрузку.", "уроды"),
])
def test_a_beast_or_plain_abuse_aimed_at_people(linter, text, found):
    assert ("hostility.insult", found, "error") in _found(linter.check(text, language="ru", formality="informal"))


def test_animals_named_as_animals_are_no_insult(linter):
    text = "На складе опять видели крыс, вызвали дезинсекцию; свинью на ферме ветеринар уже осмотрел."
    assert _found(linter.check(text, language="ru")) == []
