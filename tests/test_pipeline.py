"""The pipeline's own components: sentence breaks at line breaks, who-clauses, lemmas, POS."""

from pathlib import Path

import pytest

from tonecheck.nlp import pipeline


def sentences(language: str, text: str) -> list[str]:
    return [s.text.strip() for s in pipeline.get(language)(text).sents if s.text.strip()]


@pytest.mark.parametrize("text", [
    "Здравствуйте, Анна\nПришлите отчёт",          # a lone "\n" (the sentencizer's own break)
    "Здравствуйте, Анна\n\nПришлите отчёт",        # "\n\n" is one whitespace token
    "Здравствуйте, Анна  \nПришлите отчёт",        # " \n" after the token's own space
    "Здравствуйте, Анна\r\n\r\nПришлите отчёт",
])
def test_a_line_break_ends_a_sentence(text):
    assert sentences("ru", text) == ["Здравствуйте, Анна", "Пришлите отчёт"]


def test_spaces_alone_do_not_end_a_sentence():
    assert sentences("en", "Hi Anna,   could you send it") == ["Hi Anna,   could you send it"]


@pytest.mark.parametrize("text, inside", [
    ("Без понятия, кто этим занимается.", ["этим", "занимается"]),
    ("Не знаю, кто знает. Спросите Олега.", ["знает"]),
    ("No idea who handles this, ask Tom.", ["handles", "this"]),
    ("Nobody knows yet", ["knows", "yet"]),
    ("Спросите Олега, он знает.", []),
])
def test_who_clause_runs_from_the_word_to_the_next_punctuation(text, inside):
    doc = pipeline.get("ru" if text[0] in "БНС" else "en")(text)
    assert [t.text for t in doc if t._.in_who_clause] == inside


def test_english_lemmas_and_russian_pos_for_every_token():
    en = pipeline.get("en")("You didn't send the reports, 2 times!")
    assert [t.lemma_ for t in en] == ["you", "do", "n't", "send", "the", "report", ",", "2", "time", "!"]
    ru = pipeline.get("ru")("Вы прислали OK 2 раза!")
    assert [t.pos_ for t in ru] == ["PRON", "VERB", "X", "NUM", "NOUN", "PUNCT"]


@pytest.mark.parametrize("text, word, opens", [
    ("Пришлите отчёт.", "Пришлите", True),
    ("Иван, пришлите отчёт.", "пришлите", True),
    ("Добрый день, пришлите отчёт.", "пришлите", True),
    ("Срочно пришлите отчёт.", "пришлите", True),
    ("Отчёт по продажам за ноябрь готов, пришлите правки.", "пришлите", False),
    ("Пишу по поставке: принять её мы не сможем.", "принять", True),
    ("Время: 10:00, принять её мы не сможем.", "принять", False),
    ("Hi Tom, send the report.", "send", True),
    ("We are late, so send it now.", "send", False),
    # an opening address set off by a dash, but not a statement before one
    ("Hi Chris — send me the final files.", "send", True),
    ("Отчёт готов — пришлю правки завтра.", "пришлю", False),
])
def test_opens_clause_marks_the_first_word_a_sentence_says(text, word, opens):
    doc = pipeline.get("ru" if any("а" <= c <= "я" for c in text.lower()) else "en")(text)
    (token,) = [t for t in doc if t.text == word]
    assert token._.opens_clause is opens


def test_a_comma_ends_a_plural_subject_for_the_imperative_homonym():
    # "Коллеги, заполните" addresses the colleagues: the imperative, not "you will fill in"
    doc = pipeline.get("ru")("Коллеги, заполните анкету.")
    assert "Mood=Imp" in str(doc[2].morph)


@pytest.mark.parametrize("text, index", [("Предлагаю где-нибудь выложить релизы.", 3), ("Спроси кого-нибудь.", 3),
                                          ("Всё-таки отчёт готов.", 2)])
def test_a_particle_split_off_after_a_hyphen_is_no_verb(text, index):
    # pymorphy3 alone reads "нибудь" as the imperative of "нибыть": a ticket would seem to ask
    token = pipeline.get("ru")(text)[index]
    assert (token.pos_, str(token.morph)) == ("PART", "")


def test_a_proposal_with_a_hyphenated_pronoun_asks_nobody():
    from tonecheck.nlp.speech import asks_reader
    assert not asks_reader(pipeline.get("ru")("Предлагаю где-нибудь выложить готовые релизы."))


@pytest.mark.parametrize("text, word, passed_on", [
    ("The Smith call went badly, and that's your fault.", "fault", False),  # "call" a noun: what came of it
    ("The client call has moved to 3pm, your fault was the slide.", "fault", False),
    ("The client called us idiots, sorry.", "idiots", True),                # the object of "called"
])
def test_call_is_a_verb_of_speech_only_where_it_is_no_noun(text, word, passed_on):
    from tonecheck.nlp.speech import mentioned
    doc = pipeline.get("en")(text)
    index = next(t.i for t in doc if t.lower_ == word)
    assert (index in mentioned(doc)) is passed_on


@pytest.mark.parametrize("text, index, lemma, feature", [
    # the plural subject four words back: "came", not the ты imperative of "прислать"
    ("Счета от поставщика канцтоваров пришли, спасибо.", 4, "прийти", "Tense=Past"),
    ("Опять накладные пришли без подписи.", 2, "прийти", "Tense=Past"),  # an adjective as the noun
    ("Пришли, пожалуйста, счета.", 0, "прислать", "Mood=Imp"),
    ("Счета готовы. Пришли их, пожалуйста.", 3, "прислать", "Mood=Imp"),  # a sentence ends the subject
])
def test_a_plural_subject_anywhere_in_its_clause_reads_the_past_homonym(text, index, lemma, feature):
    token = pipeline.get("ru")(text)[index]
    assert (token.lemma_, feature in str(token.morph)) == (lemma, True)


@pytest.mark.parametrize("language, text", [
    ("en", "I don't think (the report's) ready, e.g. page 2; it's 5 p.m. now :) -- isn't it?"),
    ("ru", "Т.е. отчёт не готов (см. стр. 2), т. к. данные — «сырые»… Ок?"),
])
def test_the_warm_tokenizer_splits_exactly_as_spacy_does(language, text):
    import spacy

    plain = spacy.blank(language).tokenizer
    warm = pipeline.get(language).tokenizer
    assert isinstance(warm, pipeline.WarmTokenizer)
    for _ in range(warm.every + 1):  # one call in `every` warms the chunks; later ones read them
        assert [t.text for t in warm(text)] == [t.text for t in plain(text)]
        assert [t.whitespace_ for t in warm(text)] == [t.whitespace_ for t in plain(text)]


def _sentence_texts(language: str) -> list[str]:
    from tonecheck.batch.scoring import load

    texts = [item["text"] for path in Path(__file__).parent.joinpath("devset").glob(f"*{language}.yaml")
             for item in load(path)]
    texts += ["", "!!!", "Hi... ok?! Yes.\n\nNext", "Конец.»  Начало", "…", "a\nb", "Привет\n\n- список\n \nещё",
              "Line one \n\n\n  two.\n"]
    assert len(texts) > 200
    return texts


@pytest.mark.parametrize("language", ["ru", "en"])
def test_sentence_starts_are_exactly_spacys_sentencizer(language):
    import spacy
    from spacy.attrs import SENT_START

    reference = spacy.blank(language)
    reference.add_pipe("sentencizer", config={"punct_chars": pipeline.SENTENCE_END})
    ours = pipeline.Sentences(reference, pipeline.SENTENCE_END, line_breaks=False)
    for text in _sentence_texts(language):
        expected = reference(text).to_array([SENT_START]).tolist()
        assert ours(reference.make_doc(text)).to_array([SENT_START]).tolist() == expected, text


@pytest.mark.parametrize("language", ["ru", "en"])
def test_a_line_break_starts_a_sentence_on_top_of_the_sentencizer(language):
    """The rule as it reads: after the Sentencizer, the token following whitespace that holds a
    line break starts a sentence; the columns recorded for the engine say the same."""
    import spacy
    from spacy.attrs import SENT_START

    from tonecheck.nlp import columns

    reference = spacy.blank(language)
    reference.add_pipe("sentencizer", config={"punct_chars": pipeline.SENTENCE_END})
    ours = pipeline.get(language).get_pipe("tonecheck_sentences")
    breaks = 0
    for text in _sentence_texts(language):
        expected = reference(text)
        for token in expected[:-1]:
            if token.is_space and "\n" in token.text:
                breaks += not expected[token.i + 1].is_sent_start
                expected[token.i + 1].is_sent_start = True
        doc = ours(reference.make_doc(text))
        assert doc.to_array([SENT_START]).tolist() == expected.to_array([SENT_START]).tolist(), text
        assert columns.read(doc, "SENT_START") == expected.to_array(SENT_START).tolist()
        assert columns.read(doc, "ORTH") == [t.orth for t in doc]
    assert breaks >= 5  # blank lines between mail paragraphs: the Sentencizer alone runs those together


@pytest.mark.parametrize("language", ["ru", "en"])
def test_recorded_columns_are_what_the_doc_holds(language):
    """The engine reads the columns our components recorded instead of Doc.to_array: they must
    be the Doc's own values, token for token."""
    from tonecheck.nlp import columns

    recorded = {"ru": ["ORTH", "SENT_START", "LOWER", "LEMMA", "POS", "MORPH"],
                "en": ["ORTH", "SENT_START", "LOWER", "LEMMA"]}[language]
    for doc in pipeline.get(language).pipe(_sentence_texts(language)):
        for attr in recorded:
            expected = doc.to_array(attr).tolist() if len(doc) else None
            assert columns.all_recorded(doc).get(attr) == expected, (attr, doc.text)


@pytest.mark.parametrize("text", [
    "Hi Anna, I don't know yet, I'll check and write back.",
    "I can't.",
    "🙂 !!! ...",
    "  \n  ",
    "Добрый день, Анна! Пришлите, пожалуйста, отчёт.",
])
@pytest.mark.parametrize("read_all_first", [False, True])
def test_first_words_is_what_the_whole_word_list_gives(text, read_all_first):
    """The opening check reads a message's first words only; it must see what the full list shows."""
    from tonecheck.engine.context import CLITIC, Context, word_kind

    doc = pipeline.get("ru" if "д" in text else "en")(text)
    ctx = Context(doc, "en", "formal")
    if read_all_first:
        _ = ctx.words  # another check read the whole list already
    words = Context(doc, "en", "formal").words
    full = sum(word_kind(doc[i].orth, doc.vocab.strings) != CLITIC for i in words)
    for count in (1, 2, 6):
        for wanted in (1, 4, 20):
            assert ctx.first_words(count, wanted) == (words[:count], full >= wanted)


def test_a_hard_wrapped_line_is_read_as_its_paragraph(linter):
    """72-column mail: the break inside a sentence is a space, not a sentence start, and every
    finding still points into the text as written."""
    from tonecheck.nlp.lines import unwrapped

    wrapped = ("Hi Anna,\n\nWe need to make sure that the whole team is ready before we\n"
               "take the opportunity to launch. Send me the report again.")
    assert unwrapped(wrapped) == wrapped.replace("we\ntake", "we take")
    assert unwrapped("Hi John,\nthanks for this.") == "Hi John,\nthanks for this."  # a short line stays
    ended = "The contract is signed and sent to the client today.\nnext steps follow."
    assert unwrapped(ended) == ended
    (finding,) = linter.check(wrapped, language="en", select=["tone.bare-order"]).findings
    assert (finding.text, finding.line) == ("Send", 4)  # "take" is not an order; "Send" still is


def test_a_typographic_apostrophe_reads_as_the_plain_one(linter):
    """Mail clients type "aren’t": the word lists match it, the finding points at the text as
    typed, and the rewrite and message keep the writer's "’"; a closing quote stays a quote."""
    from tonecheck.nlp.lines import as_read

    assert as_read("the ‘draft’ label, O’Neill’s file") == "the ‘draft’ label, O'Neill's file"
    text = "Hi Tom, as I’ve already said, the report is due Friday."
    (finding,) = linter.check(text, language="en").findings
    assert (finding.rule, finding.text) == ("blame.as-i-said", " as I’ve already said,")
    assert finding.suggestion == ""  # the clause goes
    assert "“as I’ve already said”" in finding.message
    (finding,) = linter.check("You just aren’t getting what I’m saying.", language="en",
                              select=["hostility"]).findings
    assert (finding.rule, finding.text) == ("hostility.contempt", "You just aren’t getting")
    fix = linter.check("Hi Tom, I don’t know.", language="en").findings[0].suggestion
    assert fix.startswith("Hi Tom, I don’t know. I’ll check with")


@pytest.mark.parametrize("text, shouted", [
    # an order in a second clause is said to someone: running text, not a heading
    ("Привет, Алексей!\nОЧЕНЬ НАДО ДО ВЕЧЕРА, НЕ ЗАБУДЬ ПЛИЗ ПРО СМЕТУ", True),
    ("Привет, Алексей!\nОТЧЁТ ПО ПРОДАЖАМ, ИТОГИ КВАРТАЛА", False),
])
def test_a_capitals_line_with_an_order_after_a_comma_is_writing(text, shouted):
    doc = pipeline.get("ru")(text)
    (token,) = [t for t in doc if t.text in ("ОЧЕНЬ", "ОТЧЁТ")]
    assert token._.in_running_text is shouted

