"""The re-check of rewrites before they are applied, and the safety every suggestion carries."""

import json

import pytest
from click.testing import CliRunner

from tonecheck.cli.main import main
from tonecheck.engine.recheck import settle
from tonecheck.results.findings import Finding
from tonecheck.results.fixes import NEEDS_WRITER, SAFE, fix_until_stable


def finding(text: str, words: str, suggestion: str, rule: str = "team.rewrite", language: str = "ru",
            safety: str = SAFE) -> Finding:
    start = text.index(words)
    return Finding(rule, "warning", "m", start, start + len(words), words, suggestion, 1, start + 1, language, safety)


def nothing_found(_text: str) -> list:
    return []


def safety(findings: list[Finding]) -> list[tuple[str, str]]:
    return [(f.text, f.safety) for f in findings]


@pytest.mark.parametrize("text, words, suggestion, language", [
    # a word form pymorphy3 does not know
    ("Вы будете на встрече?", "будете", "нибудьте", "ru"),
    # a space inside a hyphenated word
    ("You did not double-check the number.", "double-check", "double -check", "en"),
    # the sentence loses its verb
    ("Отчёт готов, отправляю сегодня.", "готов, отправляю", "целиком", "ru"),
    # a name in lower case after a greeting
    ("Anna — the report is late.", "Anna", "Hello, anna", "en"),
    # the name twice
    ("Sam,\n\nthe report is late.", "Sam", "Hello Sam,\n\nSam", "en"),
    # a вы greeting over a text on ты
    ("Слушай, глянь отчёт.", "Слушай", "Здравствуйте! Слушай", "ru"),
    # a closing quote lost with the sentence's end
    ('They wrote: "you missed the delay". Please reply.', 'you missed the delay".', "could you reply?", "en"),
    # a word in capitals lower-cased by its first letter only
    ("Hello Igor. FIX IT TODAY.", "FIX", "Please fIX", "en"),
    # ты beside a verb that still agrees with вы
    ("Привет, Костя! Не могли бы вы проверить логи?", "вы", "ты", "ru"),
    # a copula left without its predicate
    ("Это же элементарно: поставьте фильтр по дате.", "элементарно", "", "ru"),
    # the comma a subordinate clause needs, taken with the deleted word
    ("Цифры не сходятся, очевидно, потому что возвраты не учли.", ", очевидно,", "", "ru"),
    # the same opening as the sentence before
    ("Please note that the CRM closes. Kindly note that data will be lost.", "Kindly note that",
     "Please note that", "en"),
    # words the sentence before already says, wherever they stand in it
    ("With reference to your query, please note that it was paid. Kindly note that it may take three days.",
     "Kindly note that", "Please note that", "en"),
])
def test_a_rewrite_that_breaks_the_text_needs_the_writer(text, words, suggestion, language):
    (f,) = settle(text, [finding(text, words, suggestion, language=language)], nothing_found)
    assert f.safety == NEEDS_WRITER


@pytest.mark.parametrize("text, words, suggestion, language", [
    ("Я же говорил, что без бэкапа миграцию не запускаем.", "Я же говорил, что без", "Без", "ru"),
    ("Please reply at your earliest convenience.", "at your earliest convenience", "as soon as you can", "en"),
    ("Цифры, очевидно, не сходятся.", ", очевидно,", "", "ru"),
])
def test_a_rewrite_that_takes_its_own_conjunction_or_says_as_soon_as_stays_safe(text, words, suggestion, language):
    (f,) = settle(text, [finding(text, words, suggestion, language=language)], nothing_found)
    assert f.safety == SAFE


def test_a_sound_rewrite_stays_safe_and_only_the_faulty_one_is_refused():
    text = "Вы будете на встрече? Отчёт готов!!!"
    found = settle(text, [finding(text, "будете", "нибудьте"), finding(text, "!!!", "!")], nothing_found)
    assert safety(found) == [("будете", NEEDS_WRITER), ("!!!", SAFE)]


def test_a_new_finding_is_laid_at_the_rewrite_that_brought_it():
    text = "Первое предложение тут. Второе предложение там."
    first, second = finding(text, "тут", "здесь"), finding(text, "там", "вон там")

    def recheck(new: str) -> list[Finding]:  # the second rewrite brings a finding with no rewrite of its own
        return [finding(new, "вон", None, rule="team.new", safety=None)] if "вон" in new else []

    assert safety(settle(text, [first, second], recheck)) == [("тут", SAFE), ("там", NEEDS_WRITER)]


def test_a_new_finding_with_a_safe_rewrite_is_the_next_step_of_the_fix():
    text = "Скинь его."
    recheck = lambda new: [finding(new, "Скиньте", "Скиньте, пожалуйста,", rule="tone.bare-order")]  # noqa: E731
    assert settle(text, [finding(text, "Скинь", "Скиньте")], recheck)[0].safety == SAFE


def test_fix_never_ends_worse_than_it_started():
    """Pass 1 is sound; pass 2 leaves a finding the text did not have: pass 1's text is kept."""
    def check(text: str) -> list[Finding]:
        if text == "a b":
            return [finding(text, "a", "c", language="en")]
        if text == "c b":
            return [finding(text, "b", "d", language="en")]
        return [finding(text, "c", None, rule="team.other", language="en", safety=None)]

    text, applied = fix_until_stable(check, "a b")
    assert (text, [f.suggestion for f in applied]) == ("c b", ["c"])


@pytest.mark.parametrize("text, fixed", [
    # the whole introductory clause goes, and the next word gets its capital
    ("Как я уже говорил на созвоне, юристам нужен договор до пятницы.",
     "Здравствуйте! Юристам нужен договор до пятницы."),
    ("As I mentioned in my last email, the invoice is due Friday.", "Hello, the invoice is due Friday."),
    # the request is the reproach's clause; the consequence stays a sentence of its own
    ("You never sent me the contract, so the client is still waiting.",
     "Hello, could you send me the contract? The client is still waiting."),
    ("Hi Sam, you didn't double-check the VAT number again.", "Hi Sam, could you double-check the VAT number?"),
    # "Hello, everyone needs…" would greet everyone
    ("everyone needs to submit the report by Friday.", "Hello! Everyone needs to submit the report by Friday."),
    # the comma that closes the greeting stays
    ("Hello Ian, per my last email, the shipping address has changed. Please update it.",
     "Hello Ian, the shipping address has changed. Please update it."),
    ("Отчёт, как я уже говорила, нужен до пятницы.", "Здравствуйте! Отчёт нужен до пятницы."),
    # a sentence that is nothing but the deleted word goes whole: no lone "." or empty paragraph
    ("Hi Tom, the pallets need wrapping. Obviously. Could you wrap the four in bay 2?",
     "Hi Tom, the pallets need wrapping. Could you wrap the four in bay 2?"),
    ("Hi Tom, the pallets need wrapping.\n\nObviously.\n\nCould you wrap the four in bay 2?",
     "Hi Tom, the pallets need wrapping.\n\nCould you wrap the four in bay 2?"),
    # a question put mid-sentence would read as none: no rewrite
    ("Hello Anna, leasing includes service, so you never deal with repairs.",
     "Hello Anna, leasing includes service, so you never deal with repairs."),
    # "пришли" here is past tense (came), not an order: the form of address is left to the writer
    ("Добрый день, Виктор! Спасибо, что нашли время. Комментарии учту до пятницы.",
     "Добрый день, Виктор! Спасибо, что нашли время. Комментарии учту до пятницы."),
    # the opener goes with its particle and the "что" it made the rest hang on
    ("Добрый день! Очевидно же, что акт нужно подписывать с обеих сторон.",
     "Добрый день! Акт нужно подписывать с обеих сторон."),
    # an order after "Видимо, …" reads as none: no rewrite
    ("Добрый день! Видимо, инструкцию по подключению к VPN вы так и не открыли.",
     "Добрый день! Видимо, инструкцию по подключению к VPN вы так и не открыли."),
    ("Анна, вы опять не приложили счёт к заявке.", "Здравствуйте, Анна! Приложите, пожалуйста, счёт к заявке."),
    ("Здравствуйте! Вы сами виноваты, что заявка зависла: не указали центр затрат.",
     "Здравствуйте! Так получилось, что заявка зависла: не указали центр затрат."),
    # the next sentence already asks, with "пожалуйста": the reproach is left to the writer
    ("Саш, привет! Ты опять забыл поставить меня в копию. Перешли, пожалуйста, переписку.",
     "Саш, привет! Ты опять забыл поставить меня в копию. Перешли, пожалуйста, переписку."),
])
def test_fix_writes_what_a_person_would_send(linter, text, fixed):
    assert linter.fix(text)[0] == fixed
    assert linter.fix(fixed) == (fixed, [])


@pytest.mark.parametrize("text", ["Здравствуйте! Нужно было сразу сказать, что сроки не устраивают.",
                                  "Hello, you should have told us right away that the dates didn't work."])
def test_what_should_have_happened_at_once_is_no_request_now(linter, text):
    assert linter.fix(text) == (text, [])


def test_a_reproach_about_the_past_gets_no_request(linter):
    """"could you tell me about the change earlier?" would ask to change the past."""
    (f,) = [f for f in linter.check("Hi Sam, you didn't tell me about the change earlier.").findings]
    assert (f.rule, f.suggestion, f.safety) == ("blame.not-done", None, None)


def test_the_json_finding_carries_safety_and_the_sentence(linter):
    findings = linter.check("Нет.", language="ru").to_dict()["findings"]
    assert [(f["rule"], f["safety"], f["sentence"]) for f in findings] == [
        ("answer.bare", NEEDS_WRITER, {"before": "Нет.",
                                       "after": "Нет, к сожалению: … (причина). Вместо этого могу предложить …."})]
    blame = linter.check("Здравствуйте! Вы не указали номер договора.").to_dict()["findings"]
    assert [(f["rule"], f["safety"], f["sentence"]["after"]) for f in blame] == [
        ("blame.not-done", SAFE, "Укажите, пожалуйста, номер договора.")]


def test_sarif_offers_fixes_only_for_safe_rewrites(tmp_path):
    path = tmp_path / "d.txt"
    path.write_text("Здравствуйте! Вы не указали номер договора. Мы не можем оплатить счёт.\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["--isolated", "--format", "sarif", str(path)])
    results = json.loads(res.stdout)["runs"][0]["results"]
    assert [(r["ruleId"], "fixes" in r) for r in results] == [("blame.not-done", True),
                                                              ("refusal.no-alternative", False)]


TEAM_RULE = """summary: "ASAP without a time."
kind: pattern
description: |
  ## What it does
  Finds ASAP.
en:
  message: "Say when: {text}."
  match:
    patterns: [[{LOWER: asap}]]
  suggest:
    replace: "By … (date and time)"
  examples:
    bad:
      - "Please send it [ASAP]."
    good:
      - "Please send it by Friday."
"""


def test_a_team_template_is_cased_for_its_place_and_left_to_the_writer(tmp_path):
    from tonecheck.engine.linter import Linter

    (tmp_path / "style").mkdir()
    (tmp_path / "style" / "asap.yml").write_text(TEAM_RULE, encoding="utf-8")
    linter = Linter(rule_dirs=[tmp_path])
    (mid,) = [f for f in linter.check("Hello Anna, please send the report ASAP.").findings]
    (first,) = [f for f in linter.check("Hello Anna. ASAP, please send the report.").findings]
    assert [(f.suggestion, f.safety) for f in (mid, first)] == [
        ("by … (date and time)", NEEDS_WRITER), ("By … (date and time)", NEEDS_WRITER)]


def test_the_coverage_skeleton_goes_before_the_sign_off(linter):
    text = "Hello Tom, the report will be ready on Friday.\nThanks,\nAnna"
    (f,) = linter.check(text, quoted="When will the report be ready? And where is the contract template?",
                        select=["coverage"]).findings
    assert (f.text, f.suggestion, f.safety) == (
        "Hello Tom, the report will be ready on Friday.",
        "Hello Tom, the report will be ready on Friday. About “And where is the contract template?”: …", NEEDS_WRITER)


def test_the_addressee_s_name_in_a_greeting_is_no_unknown_word(linter):
    (f,) = linter.check("Could you send me the signed contract by Thursday? Legal needs it.",
                        addressee="Anna Peters").findings
    assert (f.rule, f.suggestion, f.safety) == ("greeting.missing", "Hello Anna, could", SAFE)


def test_a_short_participle_agrees_with_vy_in_its_own_form(linter):
    text = "Добрый день, Денис! Вы уверен, что в акте нужна подпись главного инженера?"
    assert linter.fix(text)[0] == "Добрый день, Денис! Вы уверены, что в акте нужна подпись главного инженера?"


def test_a_greeting_does_not_name_the_reader_a_second_time(linter):
    text = "Маш, глянь, пожалуйста, тексты для рассылки — я поправила там пару абзацев."
    greeting = [f for f in linter.check(text, addressee="Мария Иванова", formality="formal").findings
                if f.rule == "greeting.missing"]
    assert [(f.suggestion, f.safety) for f in greeting] == [("Здравствуйте, Мария! Маш", NEEDS_WRITER)]
    # the default reads the message's own ты and greets in kind
    greeting = [f for f in linter.check(text, addressee="Мария Иванова").findings if f.rule == "greeting.missing"]
    assert [(f.suggestion, f.safety) for f in greeting] == [("Привет, Мария! Маш", NEEDS_WRITER)]


def test_a_reproach_is_not_made_a_request_beside_a_jab_left_to_the_writer(linter):
    text = ("Здравствуйте, Ирина Владимировна!\n\nВы так и не ответили на моё письмо от 28 ноября. "
            "Судя по всему, почту вы не читаете. Нам нужно ваше решение до четверга.")
    found = linter.check(text).findings
    assert [(f.rule, f.text, f.safety) for f in found] == [
        ("blame.not-done", "Вы так и не ответили", NEEDS_WRITER),
        ("blame.reproach", "Судя по всему, почту вы не читаете", None)]
    assert linter.fix(text)[0] == text
    # in a paragraph of its own, the jab does not stand beside the request
    apart = text.replace(". Судя", ".\n\nСудя")
    assert linter.fix(apart)[0].startswith(
        "Здравствуйте, Ирина Владимировна!\n\nОтветьте, пожалуйста, на моё письмо от 28 ноября.\n\nСудя")


@pytest.mark.parametrize("text, reader, fixed", [
    # dropping "Please be advised that," uncovers "Pursuant to", which has its own rewrite: the
    # next step, not a fault; the hint "aforementioned" left as it was is no new finding
    ("Dear Kwame,\n\nPlease be advised that, pursuant to the procurement policy, orders above "
     "£10,000 need a second approver. Kindly note that PO 55102 is on hold pending the aforementioned approval.",
     "Kwame Adeyemi",
     "Dear Kwame,\n\nUnder the procurement policy, orders above £10,000 need a second approver. "
     "PO 55102 is on hold pending the aforementioned approval."),
    # two reproaches deleted in turn leave no stray comma
    ("Добрый день, Ксения Валерьевна.\n\nПовторяю ещё раз: как я уже писал 3 ноября, счета без подписи "
     "главбуха к оплате не принимаются. Перешлите, пожалуйста, подписанный вариант.",
     "Ксения Валерьевна Ли",
     "Добрый день, Ксения Валерьевна.\n\nСчета без подписи главбуха к оплате не принимаются. "
     "Перешлите, пожалуйста, подписанный вариант."),
])
def test_rewrites_applied_in_turn_give_a_clean_text(linter, text, reader, fixed):
    assert linter.fix(text, addressee=reader)[0] == fixed


def test_lotus_notes_escaped_quotation_marks_hold_someone_else_s_words(linter):
    """A gateway left Lotus Notes' escapes for “ and ” in the text: the mailbag letter between
    them is the reader's friend's, and its "???" is not the sender's."""
    text = ("Steve was quick to tell me, \x01&Please Gary, no more whining. How old are you?? Is this "
            "the year you get the AARP letter??? Do you really not know how to spell it???\x018\n\n"
            "It is good to have friends.")
    assert [f.rule for f in linter.check(text, language="en").findings] == ["greeting.missing"]
    plain = text.replace("\x01&", "").replace("\x018", "")
    assert "tone.repeated-marks" in [f.rule for f in linter.check(plain, language="en").findings]


def test_so_points_back_only_to_a_reason_written_before_it(linter):
    def officialese(text):
        return [f.suggestion for f in linter.check(text, language="ru").findings if f.rule == "tone.officialese"]
    assert officialese("Поставщик не прислал акт. В связи с вышеизложенным оплата переносится.") == ["Поэтому"]
    assert officialese("В связи с вышеизложенным прошу предоставить объяснительную.") == [None]
    assert officialese("Здравствуйте, Артур Ринатович! В связи с вышеизложенным прошу объяснительную.") == [None]
