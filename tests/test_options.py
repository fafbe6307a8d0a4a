"""The options family and the pattern-kind features it brought: guards on the quoted message,
a term judged at its first mention, one finding a message, a gloss wrapped around a term."""

import textwrap

import pytest

from tonecheck.engine.linter import Linter
from tonecheck.rulebook.rules import RuleError

ASK = "Почему не открывается портал из дома?"


def options(linter, text, quoted, language="ru"):
    result = linter.check(text, language=language, quoted=quoted)
    return [(f.rule, f.text, f.suggestion) for f in result.findings if f.rule.startswith("options.")]


def test_jargon_in_a_reply_gets_its_gloss(linter):
    text = "Добрый день! Портал работает только через VPN."
    assert options(linter, text, ASK) == [
        ("options.jargon", "VPN", "VPN (защищённое подключение к сети компании)")]


def test_jargon_needs_a_question_in_the_quote(linter):
    text = "Добрый день! Портал работает только через VPN."
    assert options(linter, text, None) == []
    assert options(linter, text, "Портал снова работает, спасибо.") == []


def test_an_inflected_term_is_found_by_lemma_and_left_as_a_hint(linter):
    # a gloss in the nominative would not agree with "бэкапа": the writer words it
    text = "Здравствуйте! Восстановим файлы из бэкапа к обеду."
    assert options(linter, text, "Куда пропали мои файлы?") == [("options.jargon", "бэкапа", None)]


def test_a_term_in_the_nominative_gets_the_gloss_from_the_list(linter):
    text = "Здравствуйте! Бэкап есть, файлы восстановим к обеду."
    assert options(linter, text, "Куда пропали мои файлы?") == [
        ("options.jargon", "Бэкап", "Бэкап (резервная копия)")]


def test_the_askers_own_term_is_not_jargon_even_in_another_form(linter):
    # "проде" and "прод" share the list's gloss: the asker knows the word
    assert options(linter, "Привет! Исправление на проде с 15:00.", "Когда выкатите на прод?") == []
    assert options(linter, "Привет! Хотфикс будет с 15:00.", "Когда выкатите исправление?") == [
        ("options.jargon", "Хотфикс", "Хотфикс (срочное исправление)")]


def test_an_asker_who_writes_the_trades_words_is_answered_in_kind(linter):
    # "прод" in the question: a specialist asks, and "хотфикс" needs no gloss for them
    assert options(linter, "Привет! Хотфикс на проде с 15:00.", "Когда выкатите на прод?") == []


def test_a_term_is_judged_at_its_first_mention(linter):
    explained = "Нужен VPN (защищённое подключение к сети компании). Без VPN портал не откроется."
    assert options(linter, explained, ASK) == []
    twice = "Нужен VPN. Без VPN портал не откроется."
    assert [f[1] for f in options(linter, twice, ASK)] == ["VPN"]


@pytest.mark.parametrize("text", [
    "Портал работает только через VPN — это защищённое подключение к сети компании.",
    "Портал работает только через VPN, то есть защищённое подключение.",
    "Нужно защищённое подключение (VPN), инструкция во вложении.",
])
def test_an_explained_term_is_not_flagged(linter, text):
    assert options(linter, text, ASK) == []


def test_a_single_verdict_is_reported_once_with_a_second_option_to_fill_in(linter):
    text = "Нужно менять ноутбук. Надо брать с запасом памяти."
    assert options(linter, text, "Ноутбук тормозит, что делать?") == [
        ("options.single-verdict", "Нужно менять ноутбук.",
         "Нужно менять ноутбук. Другой вариант — …; выбирайте, что вам удобнее.")]


def test_a_verdict_is_fine_where_nobody_asked_what_to_do(linter):
    assert options(linter, "Нужно менять ноутбук.", "Когда привезут новый ноутбук?") == []
    assert options(linter, "You need to replace the laptop.", "When is the new laptop coming?", "en") == []


def test_a_verdict_with_options_or_for_a_procedure_is_fine(linter):
    assert options(linter, "You need to replace it or add memory.", "My laptop is slow, what should I do?", "en") == []
    assert options(linter, "You need to click “Forgot password”.",
                   "What should I do if I forget my password?", "en") == []
    assert options(linter, "You need to replace it.", "My laptop is slow, what should I do?", "en") == [
        ("options.single-verdict", "You need to replace it.",
         "You need to replace it. Another option is …; whichever suits you better.")]


RULE = """
summary: Team rule.
description: Flags "SLA" unless the quote says "договор".
kind: pattern
ru:
  message: "«{text}»"
  match: {lexicon: ru/jargon-it}
  unless:
    quoted: {lemmas: [договор]}
  suggest:
    replace: {template: "{text} ({replacement})"}
  examples:
    bad: [{text: "Срок по [SLA].", quoted: "Когда ответят?"}]
    good: [{text: "Срок по SLA.", quoted: "Что в договоре?"}]
"""


def test_a_gloss_template_needs_the_word_list(tmp_path):
    path = tmp_path / "team" / "rule.yml"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(RULE), encoding="utf-8")
    with pytest.raises(RuleError) as err:
        Linter(rule_dirs=[tmp_path]).compile_all()
    assert err.value.field == "ru.suggest" and "from-lexicon" in err.value.problem


def test_an_unless_quoted_guard_reads_the_quote(tmp_path):
    path = tmp_path / "team" / "rule.yml"
    path.parent.mkdir()
    path.write_text(textwrap.dedent(RULE).replace('"{text} ({replacement})"}',
                                                  '"{text} ({replacement})", from-lexicon: true}'),
                    encoding="utf-8")
    linter = Linter(rule_dirs=[tmp_path], select=["team"])

    def hits(quoted):
        return [(f.text, f.suggestion) for f in linter.check("Срок по SLA.", quoted=quoted).findings]

    assert hits("Когда ответят?") == [("SLA", "SLA (срок, в который мы обещали ответить)")]
    assert hits("Что в договоре?") == []
    assert hits(None) == [("SLA", "SLA (срок, в который мы обещали ответить)")]


def test_a_department_in_the_signature_is_no_jargon(linter):
    quoted = "Could you tell me why the customer's mortgage application was turned down?"
    body = "Dear Ms. Carter,\n\nThere were two reasons: the loan was above our limit."
    signed = linter.check(body + "\n\nKind regards,\nDaniel Moss\nUnderwriting", language="en", quoted=quoted)
    in_body = linter.check(body + " Underwriting will look again.", language="en", quoted=quoted)
    assert not [f for f in signed.findings if f.rule == "options.jargon"]
    assert [f.text for f in in_body.findings if f.rule == "options.jargon"] == ["Underwriting"]
