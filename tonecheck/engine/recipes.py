"""Suggestion recipes: how a rule turns a flagged span into words a person would send.

A rule names one recipe under ``suggest`` with its parameters. Each recipe returns an Edit:
the character range it replaces (often wider than the flagged words, e.g. the whole sentence
for an appended alternative) and the new text, or None when no safe rewrite exists.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.tokens import Doc, Span, Token

from tonecheck.nlp.inflect import capitalised_like, imperative, match_case
from tonecheck.nlp.lemmas import english_base, english_forms, english_known, english_parts, english_verb_form
from tonecheck.nlp.morph import best, known
from tonecheck.nlp.names import could_be_name, set_off_as_call

FILLER_WORDS = {"again", "yet", "still"}
SLOT = "…"  # where a template or a word list's entry leaves words for the writer to fill in


@dataclass(frozen=True)
class Edit:
    start: int
    end: int
    text: str
    finished: bool = True  # False: a skeleton with slots ("…") for the writer to fill in


class RecipeError(ValueError):
    """Bad recipe parameters (the caller adds the file and field)."""


def _next_word(doc: Doc, i: int) -> Token | None:
    while i < len(doc) and doc[i].is_space:
        i += 1
    return doc[i] if i < len(doc) else None


def _sentence_content_end(sent: Span) -> int:
    """Character end of a sentence without its trailing whitespace."""
    tokens = [t for t in sent if not t.is_space]
    return tokens[-1].idx + len(tokens[-1].text) if tokens else sent.end_char


def sentence_bounds(sent: Span) -> tuple[int, int]:
    """Character range of a sentence without its surrounding whitespace."""
    start = next((t.idx for t in sent if not t.is_space), sent.start_char)
    return start, _sentence_content_end(sent)


def _at_sentence_start(span: Span) -> bool:
    return all(t.is_space or t.is_punct and t.text not in ",;" for t in span.doc[span.sent.start:span.start])


def _after_label(span: Span) -> bool:
    """Whether the words open a line's value after its label ("Тема: ВНИМАНИЕ", "Subject: URGENT"):
    the value starts with a capital as a sentence does. A verb before the colon ("Напоминаем:
    заявки…") introduces the rest of its sentence, in lower case."""
    doc = span.doc
    if span.start < 2 or doc[span.start - 1].text != ":":
        return False
    label = doc[span.start - 2]
    return (label.i == 0 or "\n" in doc[label.i - 1].text_with_ws) and label.pos_ != "VERB"


def _writes_capitals(doc: Doc) -> bool:
    """Whether the writer opens sentences with a capital, as most do: one who writes "staging is
    down. fix it" gets "could you…?" and "please fix it" in their own lower case, not a capital
    here and there."""
    firsts = [next((t for t in sent if t.is_alpha), None) for sent in doc.sents]
    firsts = [t for t in firsts if t is not None and t.lower_ != "i"]
    return not firsts or sum(t.text[:1].isupper() for t in firsts) * 2 >= len(firsts)


def _opening_case(span: Span, text: str) -> str:
    """A rewrite that opens a sentence, in the writer's case for sentence starts."""
    if _at_sentence_start(span) and _writes_capitals(span.doc):
        return text[:1].upper() + text[1:]
    return text


PREDICATE_LEADS = {"же", "это", "всё", "все"}  # "это же [элементарно]", "всё [очевидно]": the word is the predicate


class Delete:
    """Drop the words with the comma and space that belonged to them; re-capitalise after.

    With ``clause: true`` the words open a clause that runs on to the next comma ("As I
    mentioned [in my last email], the invoice…", "Как я уже говорил [на созвоне], юристам…"):
    the rest of it goes too, and where no comma closes it there is no rewrite.
    """

    CLAUSE_WORDS = 8  # at most this many words between the flagged ones and the comma

    def __init__(self, params, language: str):
        params = params or {}
        if not isinstance(params, dict) or set(params) - {"clause"}:
            raise RecipeError("delete takes only 'clause: true'")
        self.clause = bool(params.get("clause"))

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        if self.clause:
            span = _through_comma(span, self.CLAUSE_WORDS)
            if span is None:
                return None
        doc = span.doc
        if span.start and doc[span.start - 1].lower_ in PREDICATE_LEADS:
            return None  # "ну это же элементарно" is the sentence's predicate: "ну это же," would be left
        if span.end < len(doc) and doc[span.end].lower_ == "not":
            return None  # "Hi Rosa, obviously not, it's…" is the answer: "not," alone would be left
        start, end, after = span.start_char, span.end_char, span.end
        while after < len(doc) and doc[after].lower_ in PARTICLES:  # "Очевидно же," goes whole
            end, after = doc[after].idx + len(doc[after].text), after + 1
        words_end = end  # a word that ends its clause leaves the clause's comma: "…them[ again], so …"
        comma_after = after < len(doc) and doc[after].text in CLAUSE_MARKS  # "Ещё раз повторяю: …"
        if comma_after:
            end, after = doc[after].idx + len(doc[after].text), after + 1
        if _at_sentence_start(span):
            word = _next_word(doc, after)
            if word is not None and comma_after and word.lower_ in CONJUNCTIONS:  # "Очевидно, что …"
                word = _next_word(doc, word.i + 1)  # the clause is the sentence
            elif word is not None and comma_after and word.lower_ in INDIRECT_QUESTION:
                return None  # "Я вам уже объяснял, как оформлять…": "Как оформлять…" would be a fragment
            while word is not None and word.text in CLAUSE_MARKS and word.sent.start == span.sent.start:
                word = _next_word(doc, word.i + 1)  # a mark another deletion left: "Повторяю ещё раз:, счета"
            if word is not None and word.is_punct and word.sent.start == span.sent.start:
                return _whole_sentence(doc, start, word)  # "Obviously." is the sentence: it goes whole
            if (word is None or word.sent.start != span.sent.start) and doc[span.end - 1].is_punct:
                return _whole_sentence(doc, start, doc[span.end - 1])  # "No excuses." was the sentence
            if word is None or word.is_punct or word.sent.start != span.sent.start:
                return Edit(start, end, "")
            return Edit(start, word.idx + len(word.text), match_case(span.text, word.text))
        before = doc[span.start - 1] if span.start else None
        left_alone = before is not None and before.lower_ in ADDRESS_PRONOUNS
        if comma_after and left_alone and doc[after - 1].text in (":", "—", "–"):
            return None  # "Ну ты как всегда: обещал…" would leave "Ну ты: обещал…"
        subordinator = False
        if comma_after:
            word = _next_word(doc, after)
            if word is not None and word.lower_ in CONJUNCTIONS:  # "Коллеги, очевидно же, что …"
                end, subordinator = word.idx + len(word.text), True  # without the opener "что" subordinates nothing
        if comma_after and before is not None and before.text == ":":  # "Повторяю: как я писал, счета" -> "…: счета"
            return Edit(before.idx + 1, end, "")
        if comma_after and before is not None and before.text == ",":
            if _greets(doc[span.sent.start:before.i]):  # "Hello Ian, per my last email, the…"
                return Edit(before.idx + 1, end, "")
            return Edit(before.idx, end, "")
        if before is not None:
            start = before.idx + len(before.text)
        if subordinator:  # "Ну очевидно же, что баннер…" -> "Ну баннер…", not "Ну, что баннер…"
            return Edit(start, end, "")
        return Edit(start, words_end if comma_after and end > words_end else end, "")


def _whole_sentence(doc, start: int, mark) -> Edit:
    """Drop a sentence that is nothing but the deleted words: its closing marks and the space
    after them go too, so no lone "." is left ("the pallets need wrapping. Obviously. Could
    you…" -> "the pallets need wrapping. Could you…")."""
    last = mark
    while last.i + 1 < len(doc) and doc[last.i + 1].is_punct and doc[last.i + 1].sent.start == mark.sent.start:
        last = doc[last.i + 1]
    end = last.idx + len(last.text)
    text = doc.text
    while end < len(text) and text[end] == " ":
        end += 1
    if (start == 0 or text[start - 1] == "\n") and (end == len(text) or text[end] == "\n"):
        while end < len(text) and text[end] in "\n ":  # a paragraph of its own: no empty one left
            end += 1
    elif end == len(text) or text[end] == "\n":  # the last of its line: the space before it goes
        while start > 0 and text[start - 1] == " ":
            start -= 1
    return Edit(start, end, "")


CLAUSE_MARKS = {",", ":", "—", "–"}  # what closes deleted opening words with them
PARTICLES = {"же", "ведь"}  # said with the deleted words
ADDRESS_PRONOUNS = {"ты", "вы", "you"}  # a reader left alone before a colon by a deletion
# after a deleted opener, words that made the rest an indirect question: without the opener it is a fragment
INDIRECT_QUESTION = {"как", "где", "когда", "куда", "откуда", "почему", "зачем", "сколько", "какой", "какая", "какие",
                     "какое", "how", "where", "when", "why", "what", "which", "whom"}
CONJUNCTIONS = {"что"}  # after a deleted opener, what made the rest a subordinate clause ("that" may be the subject)
GREETING_WORDS = {"hello", "hi", "hey", "dear", "good", "morning", "здравствуйте", "добрый", "доброе", "привет",
                  "уважаемый", "уважаемая", "уважаемые", "коллеги"}


def _greets(words: Span) -> bool:
    """Whether the words before a comma open the sentence as a greeting, an address or a call
    for attention ("Hello Ian", "Анна Сергеевна", "Слушай"): the comma after them stays."""
    tokens = [t for t in words if not t.is_space]
    return 0 < len(tokens) <= 4 and (tokens[0].lower_ in GREETING_WORDS or all(_is_name(t) for t in tokens)
                                     or (len(tokens) == 1 and tokens[0].lower_ in ATTENTION_WORDS))


# a word that calls for attention before what is said, set off by its own comma
ATTENTION_WORDS = {"слушай", "слушайте", "смотри", "смотрите", "знаешь", "знаете", "кстати", "короче",
                   "listen", "look", "so", "btw", "anyway"}


def _through_comma(span: Span, most: int) -> Span | None:
    """The span with the words after it up to the comma that closes its clause (itself when a
    comma or the sentence's end follows at once), or None when no comma follows within ``most``
    words of the same sentence: where the clause ends is then unknown."""
    doc, i = span.doc, span.end
    while i < min(span.sent.end, span.end + most + 1):
        if doc[i].text == ",":
            return doc[span.start:i]
        if doc[i].is_punct or doc[i].is_space and "\n" in doc[i].text:
            return span if i == span.end else None
        i += 1
    return span if i == span.end else None


BACK_CONNECTIVES = {"поэтому", "so", "therefore"}  # a replacement that points back to a reason


def _reason_before(span: Span) -> bool:
    """Whether a sentence stands before the span's for a "поэтому" / "so" to point back to, and
    the span does not open a clause after "что" / "that"."""
    doc = span.doc
    before = next((t for t in reversed(doc[:span.start]) if not (t.is_space or t.is_punct)), None)
    if before is not None and before.lower_ in ("что", "that"):
        return False
    if span.sent.start == 0:
        return False
    return any(not sent[0].is_space and sent[0].lower_ not in GREETING_WORDS and any(t.is_alpha for t in sent)
               for sent in doc[:span.sent.start].sents)  # a greeting alone gives no reason


class Replace:
    """Replace with a template (``{text}`` is the flagged words) or the lexicon's ``=>`` entry
    (an empty entry deletes the words as ``delete`` does: "please be advised that =>");
    a template with ``{replacement}`` wraps the entry ("{text} ({replacement})" keeps a term and
    adds its plain gloss) and gives no rewrite for a phrase the list has no entry for."""

    def __init__(self, params, language: str):
        if isinstance(params, str):
            params = {"template": params}
        if not isinstance(params, dict) or not ({"template", "from-lexicon"} & set(params)):
            raise RecipeError("replace takes 'template' and/or 'from-lexicon: true'")
        self.template = params.get("template")
        self.from_lexicon = bool(params.get("from-lexicon"))
        # a greeting made formal takes the reader's formal name in place of a short one beside it
        self.names_reader = bool(params.get("names-reader"))
        # replacements whose subject must be an infinitive ("не получится" takes "выдать доступ…",
        # not "предоставление отпуска…"): with none before them in the sentence, no rewrite
        self.needs_infinitive = {str(w).lower() for w in params.get("needs-infinitive") or ()}
        self.wraps = self.template is not None and "{replacement}" in self.template
        if self.wraps and not self.from_lexicon:
            raise RecipeError("a template with {replacement} needs 'from-lexicon: true'")

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        entry = found.replacement(span) if self.from_lexicon and found is not None else None
        if self.wraps:
            if _number_after(span):
                return None  # "RAID 10", "НДФЛ 13 %": where the gloss goes is the writer's call
            if _inflected(span):
                return None  # "в тикете (заявка)": a gloss in the nominative beside another case
            if _compound_after(span):
                return None  # "MFA (…) reg", "Indemnity (…) carve-outs": the gloss would split a compound
            new = self.template.format(text=span.text, replacement=entry) if entry else None
        else:
            new = entry
            if new is None and self.template is not None:
                new = self.template.format(text=span.text)
        if new is None or new.split(" ", 1)[0].lower() in BACK_CONNECTIVES and not _reason_before(span):
            return None  # "Поэтому прошу…" as a first sentence, "Сообщаем, что поэтому…": nothing to point back to
        if new == "" and not self.wraps:
            return Delete(None, "")(span, ctx, found)
        if new.lower() in self.needs_infinitive and not _infinitive_before(span):
            return None
        if not self.wraps:
            new = _polite_capitals(span.text, _cased_for_place(span, new))
        called = _short_name_beside(span, ctx) if self.names_reader else None
        if called is not None:  # "Рома, привет" -> "Здравствуйте, Роман Евгеньевич", not "Рома, здравствуйте"
            start, end = min(called.start_char, span.start_char), max(called.end_char, span.end_char)
            new = _cased_for_place(span.doc.char_span(start, end), new.lower()) + ", " + ctx.addressee.formal()
            return Edit(start, end, new, SLOT not in new)
        return Edit(span.start_char, span.end_char, new, SLOT not in new)


def _infinitive_before(span: Span) -> bool:
    """Whether an infinitive stands in the span's sentence before it: the subject of an
    impersonal "не получится"."""
    return any(t.morph.get("VerbForm") == ["Inf"] for t in span.doc[span.sent.start:span.start])


def _inflected(span: Span) -> bool:
    """Whether a Russian term stands in another form than its dictionary one: its gloss, written
    in that form, would not agree with it ("бекапами (резервная копия)", "не будет деплоя
    (выкладывать новую версию)")."""
    doc = span.doc
    after_preposition = span.start > 0 and doc[span.start - 1].pos_ == "ADP"  # "в прод", unknown to the dictionary
    return any((after_preposition or (t.morph.get("Case") and t.morph.get("Case") != ["Nom"])
                or t.lower_ != t.lemma_.lower())
               and not t.is_ascii for t in span)  # a Russian word, not "VPN"


def _compound_after(span: Span) -> bool:
    """Whether an English term modifies the noun after it ("MFA reg", "indemnity carve-outs"):
    a gloss in brackets between them would split the compound."""
    doc, end = span.doc, span.end
    return doc.lang_ == "en" and end < len(doc) and doc[end].is_alpha and not doc[end].is_stop \
        and doc[end].is_lower


def _number_after(span: Span) -> bool:
    """Whether a number follows the term: part of its name ("RAID 10", "IFRS 16") or an amount
    ("НДФЛ 13 %"). A gloss in brackets between them would split one or the other."""
    end = span.end
    return end < len(span.doc) and span.doc[end].like_num


def _short_name_beside(span: Span, ctx) -> Span | None:
    """The reader called by a short form beside a greeting, across a comma ("Рома, привет",
    "Привет, Ром"), where the team writes formally and the reader's formal name is known."""
    reader, doc = ctx.addressee, span.doc
    if reader is None or not reader.patronymic or ctx.formality != "formal":
        return None
    before = span.start - 2
    if before >= 1 and doc[before].text == reader.patronymic and doc[before - 1].text == reader.first \
            and span.start >= 1 and doc[span.start - 1].text == ",":
        return doc[before - 1: before + 1]  # "Виктор Андреевич, привет" -> "Здравствуйте, Виктор Андреевич"
    for i, comma in ((span.start - 2, span.start - 1), (span.end + 1, span.end)):
        if 0 <= i < len(doc) and 0 <= comma < len(doc) and doc[comma].text == "," and doc[i].is_title \
                and doc[i].text != reader.first and (could_be_name(doc[i]) or set_off_as_call(doc[i])):
            return doc[i: i + 1]
    return None


class Imperative:
    """A reproach about the past becomes a polite request with the same verb.

    Russian: "вы не указали номер" -> "укажите, пожалуйста, номер" (the imperative of the last
    verb of the match, singular for ты and plural for вы). English: "you didn't attach the
    invoice." -> "could you attach the invoice?" (lemminflect's base form, the sentence turned
    into a question, "again"/"yet" dropped).
    """

    def __init__(self, params, language: str):
        params = params or {}
        if not isinstance(params, dict):
            raise RecipeError("imperative takes a mapping")
        self.language = language
        self.please = params.get("please", "пожалуйста" if language == "ru" else "could you")

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        return self._ru(span, ctx) if self.language == "ru" else self._en(span)

    def _ru(self, span: Span, ctx) -> Edit | None:
        if _told_when(span, PAST_WORDS_RU) or not _opens_request(span) or _reason_for_what_follows(span):
            return None
        verb = span[-1]
        if verb.morph.get("Aspect") == ["Imp"] and verb.morph.get("VerbForm") == ["Inf"] \
                and not any(t.lower_ in HABIT_WORDS_RU for t in span.doc[span.end:span.sent.end]):
            # "Надо было читать письмо" -> "Читайте письмо" asks for a habit where one deed was
            # meant, and reads as a taunt; "Надо было сообщать заранее" -> "Сообщайте заранее" is one
            return None
        lemmas = {t.lemma_ for t in span}
        if "ты" in lemmas:
            plural = False
        elif "вы" in lemmas:
            plural = True
        elif verb.morph.get("Tense") == ["Past"] and verb.morph.get("Number") == ["Sing"]:
            plural = False
        else:
            plural = ctx.plural_address
        form = imperative(verb.text, plural)
        if form is None or _asked_after(span, form):
            return None
        return _please_after(span, form, self.please)

    def _en(self, span: Span) -> Edit | None:
        if _told_when(span, PAST_WORDS_EN) or not span[0]._.opens_clause or _reason_for_what_follows(span):
            return None  # a question put into the middle of a sentence ("so could you…?") reads as none
        doc, sent = span.doc, span.sent
        verb, end = _compound_verb(span)
        clause_end = next((t.i for t in doc[end:sent.end] if t.text in ",;:—–"), sent.end)
        rest = [t for t in doc[end:clause_end] if t.lower_ not in FILLER_WORDS]
        while rest and (rest[-1].is_punct or rest[-1].is_space):
            rest.pop()
        words = "".join(t.text_with_ws for t in rest).strip()
        request = f"{self.please} {verb}" + (f" {words}" if words else "") + "?"
        after = _following_clause(doc[clause_end:sent.end]) if clause_end < sent.end else ""
        if after is None:
            return None
        # "You forgot to run it" -> "Could you run it?"; a writer in lower case keeps "could you…"
        request = _opening_case(span, match_case(span.text, request))
        return Edit(span.start_char, _trailing_again_end(sent) or _sentence_content_end(sent), request + after)


def _asked_after(span: Span, form: str) -> bool:
    """Whether the writer asks for the deed themselves further on ("Вы забыли подписать
    направление. Подпишите, чтобы…"): the request made of the reproach would say it twice."""
    return any(t.lower_ == form.lower() for t in span.doc[span.end:])


# words that make an imperfective request a habit asked for, not one deed ("сообщайте заранее";
# a standing document: "читай, пожалуйста, регламент")
HABIT_WORDS_RU = {"заранее", "вовремя", "всегда", "сразу", "регулярно", "впредь", "ежедневно", "каждый", "каждую",
                  "регламент", "регламенты", "инструкцию", "инструкции", "правила", "документацию"}
AGAIN_WORDS = {"again", "yet", "once", "more", "опять", "снова", "ещё", "еще", "раз"}


def _trailing_again_end(sent: Span) -> int | None:
    """The end of an "again." standing alone after the reproach ("…in the book. again."): it
    goes with the reproach, or the request is left followed by a lone "again."."""
    doc, i = sent.doc, sent.end
    if i >= len(doc):
        return None
    following = doc[i].sent
    words = [t for t in following if t.is_alpha]
    if words and all(t.lower_ in AGAIN_WORDS for t in words) and all(t.is_alpha or t.is_punct or t.is_space
                                                                      for t in following):
        return _sentence_content_end(following)
    return None


PAST_WORDS_EN = {"yesterday", "earlier", "last", "ago", "before", "previously", "already", "time", "away",
                 "immediately", "within", "advance"}  # "should have submitted it a month in advance"
PAST_WORDS_RU = {"вчера", "позавчера", "ранее", "раньше", "прошлой", "прошлом", "прошлый", "назад",
                 "вовремя", "срок", "сразу"}
CONSEQUENCE_WORDS = {"so", "and", "but", "therefore", "thus"}
SUBORDINATORS = {"which", "who", "because", "since", "although", "though", "as", "that", "when", "if", "while",
                 "unless", "until", "whereas"}


# words that make what was not done the reason for what followed: "…, поэтому оплата не прошла",
# "…, а у нас завтра демо", "… Now we have to redo it."
# "…, now it's taken": the same in English
CONSEQUENCE_AFTER_COMMA = {"поэтому", "теперь", "а", "так", "отчего", "вследствие", "now"}  # and "из-за": _because_of
CONSEQUENCE_OPENERS = {"теперь", "поэтому", "now", "therefore", "hence", "because"}


def _reason_for_what_follows(span: Span) -> bool:
    """Whether the reproach is the reason for a consequence told after it: as a request, the
    sentence would ask for something and then report what its absence caused ("Приложите,
    пожалуйста, счёт, поэтому оплата не прошла"); or the next sentence asks for it already
    ("… so we can't set up your payroll. Send it today.") or the same sentence does ("Вы не
    прислали договор, скинь, как будет готово"). The writer has to rephrase that, not a recipe."""
    doc, sent = span.doc, span.sent
    for t in doc[span.end:sent.end - 1]:
        if t.text != ",":
            continue
        nxt = doc[t.i + 1]
        if nxt.lower_ in CONSEQUENCE_AFTER_COMMA or _because_of(doc, nxt.i):
            return True
        if nxt.morph.get("Mood") == ["Imp"] and nxt.i < sent.end - 1:
            return True  # "Вы не прислали договор, скинь, как будет готово": the sentence asks already
        if nxt.lower_ == "и" and any(w.morph.get("Tense") == ["Past"] for w in doc[t.i + 2:min(t.i + 5, sent.end)]):
            return True  # "…, и я узнал о переносе последним"
        if nxt.lower_ in ("so", "which", "and") and any(_english_past(w) for w in doc[t.i + 2:min(t.i + 7, sent.end)]):
            return True  # "…, so the payment bounced", "…, which is why it got stuck"
    following = next((t for t in doc[sent.end:] if not (t.is_space or t.is_punct)), None)
    if following is None:
        return False
    if following.lower_ in CONSEQUENCE_OPENERS or _because_of(doc, following.i):
        return True
    if _gone(following.sent):
        return True  # "You should have booked the room. Room B is not available on Tuesday."
    return any(_asks_again(span, opener) for opener in _next_openers(sent, ASKS_AHEAD))


def _shouted(word: str) -> bool:
    """A word written in capitals ("FIX", "PLEASE"; not "I" or "A"): a case change keeps it whole."""
    return len(word) > 1 and word.isupper()


GONE_WORDS = {"unavailable", "taken", "gone", "full", "занят", "занята", "занято", "заняты", "недоступен",
              "недоступна", "недоступно"}


def _gone(sent: Span) -> bool:
    """Whether a sentence says the thing the reproach is about can no longer be had ("Room B is
    not available on Tuesday", "Переговорка уже занята"): a request for it would come too late."""
    words = [t.lower_ for t in sent]
    pairs = set(zip(words, words[1:], strict=False))
    return bool(GONE_WORDS & set(words)) or bool({("not", "available"), ("no", "longer"), ("fully", "booked"),
                                                   ("больше", "нет"), ("уже", "нет")} & pairs)


ASKS_AHEAD = 2  # sentences after a reproach read for a request that asks for the same already


def _next_openers(sent: Span, count: int) -> list:
    """The first words of the next ``count`` sentences ("Вы не приложили ТТН. Без неё склад
    машину не выпустит. Приложите сегодня.")."""
    doc, out, i = sent.doc, [], sent.end
    while len(out) < count and i < len(doc):
        token = doc[i]
        if not (token.is_space or token.is_punct):
            out.append(token)
            i = token.sent.end
            continue
        i += 1
    return out


PLEASE_WORDS = {"please", "pls", "plz", "kindly", "пожалуйста", "пжл", "пж", "плз", "плиз"}


def _asks_again(span: Span, following) -> bool:
    """Whether the next sentence already asks for what the reproach names: it says
    "please" / "пожалуйста" or opens with the same verb ("Вы не приложили счёт. Приложите его до
    пятницы", "You never sent the contract. Send it today"): a request made of the reproach
    would ask twice. "Please" anywhere in it makes it a request too ("Перешли, пожалуйста,
    переписку")."""
    if any(t.lower_ in PLEASE_WORDS for t in following.sent):
        return True
    if _request_question(following.sent):
        return True
    verbs = {t.lemma_.lower() for t in span if t.is_alpha and t.lemma_}
    return following.lemma_.lower() in verbs and following.lower_ not in ("вы", "you", "i", "я", "we", "мы")


def _request_question(sent: Span) -> bool:
    """Whether a sentence is itself a request put as a question ("Can you revert it in the next
    hour?", "Можете перенести бронь сегодня?"): the reproach before it needs no request of its own."""
    words = [t.lower_ for t in sent if t.is_alpha][:3]
    if not sent.text.rstrip().endswith("?") or len(words) < 2:
        return False
    return (words[0] in ("can", "could", "would", "will") and words[1] == "you") \
        or words[0] in ("можете", "сможете", "можешь", "сможешь") or words[:3] == ["не", "могли", "бы"]


def _because_of(doc, i: int) -> bool:
    """"из-за" at token i: the tokenizer splits it into "из", "-", "за"."""
    return doc[i].lower_ == "из" and i + 2 < len(doc) and doc[i + 1].text == "-" and doc[i + 2].lower_ == "за"


ENGLISH_PAST = {"was", "were", "had", "did", "got", "went", "came", "left", "lost", "broke", "took", "sent", "made",
                "found", "missed", "ran", "fell", "held", "kept", "paid", "spent", "told", "knew", "saw", "stuck"}


def _english_past(token) -> bool:
    """A word that reads as an English past tense ("bounced", "got", "was"): enough to tell a
    consequence already told from one still to come."""
    word = token.lower_
    return word in ENGLISH_PAST or (len(word) > 4 and word.endswith("ed") and token.is_alpha)


def _opens_request(span: Span) -> bool:
    """Whether a request can stand where the reproach stands: it opens the sentence, perhaps
    after an address ("Анна, вы не приложили…"); after other words ("Видимо, …", "…, что
    нужно было согласовать") an imperative reads as none."""
    # a quote mark or a bullet before the sentence ("> Вы опять…", "- Вы…") is no word of it
    before = [t for t in span.doc[span.sent.start:span.start] if t.text == "," or any(c.isalnum() for c in t.text)]
    if not before:
        return True
    if before[-1].text != ",":
        return False
    return _greets(span.doc[before[0].i:before[-1].i])


# days that, in a reproach told in the past, name a deadline gone by: "You were supposed to
# finish it on Saturday" asks for Saturday again as a request
DAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
        "понедельник", "вторник", "среда", "четверг", "пятница", "суббота", "воскресенье"}


def _told_when(span: Span, past_words: set[str]) -> bool:
    """Whether the reproach ties the act to a time gone by ("didn't tell me earlier", "не
    прислали вчера", "were supposed to finish it on Saturday"): a request for it now would ask
    to change the past."""
    rest = span.doc[span.start:span.sent.end]
    if any(t.lower_ in past_words for t in rest):
        return True
    told_past = any(t.morph.get("Tense") == ["Past"] or (t.lang_ == "en" and _english_past(t)) for t in span)
    return told_past and any(t.i > 0 and t.doc[t.i - 1].lower_ not in AHEAD and (
        t.lower_ in DAYS or t.lemma_.lower() in DAYS or (_DATE.match(t.lower_) and _deadline_before(t))) for t in rest)


DEADLINE_WORDS = {"by", "on", "before", "until", "till", "до", "к", "ко"}


def _deadline_before(token) -> bool:
    """Whether a date is a deadline ("by the 25th", "до 25-го"), not a period ("отчёты за октябрь")."""
    doc, i = token.doc, token.i - 1
    if i >= 0 and doc[i].lower_ == "the":
        i -= 1
    return i >= 0 and doc[i].lower_ in DEADLINE_WORDS


# a date in a reproach told in the past: "should have submitted it by the 25th", "до 25-го"
_DATE = re.compile(r"^\d{1,2}(?:st|nd|rd|th|-го|-е)$|^(?:january|february|march|april|june|july|august|september"
                   r"|october|november|december|январ[яь]|феврал[яь]|марта?|апрел[яь]|ма[яй]|июн[яь]|июл[яь]"
                   r"|августа?|сентябр[яь]|октябр[яь]|ноябр[яь]|декабр[яь])$")


AHEAD = {"for", "next", "this", "на", "следующий", "следующую", "следующее", "эту", "этот", "это"}  # "for Monday"


def _compound_verb(span: Span) -> tuple[str, int]:
    """The base form of the span's last verb, with the pieces written onto it
    ("double-checked" -> "double-check"), and the token index after it."""
    doc, i = span.doc, span.end
    pieces = [span[-1]]
    while i < len(doc) and not pieces[-1].whitespace_ and (doc[i].text == "-" or pieces[-1].text == "-"):
        pieces.append(doc[i])
        i += 1
    head = "".join(t.text for t in pieces[:-1])
    return head + english_base(pieces[-1].text), i


def _following_clause(tokens: Span) -> str | None:
    """What followed the reproach after a comma, as a sentence of its own (" The client is still
    waiting."), its joining word dropped; None when it cannot stand alone."""
    words = [t for t in tokens if not (t.is_punct and t.i == tokens.start) and not t.is_space]
    if words and words[0].lower_ in CONSEQUENCE_WORDS:
        words = words[1:]
    if not words or words[0].lower_ in SUBORDINATORS:
        return None
    if len(words) < 3 or not words[-1].is_punct:
        return None
    text = tokens.doc[words[0].i:words[-1].i + 1].text
    # a sentence now: capitalised as the writer opens theirs ("staging is down." stays small)
    return " " + (text[:1].upper() + text[1:] if _writes_capitals(tokens.doc) else text)


def _cased_for_place(span: Span, new: str) -> str:
    """A replacement capitalised where it opens a sentence or the flagged words were, and in
    lower case in the middle of one when a team wrote it capitalised ("By … (date and time)"
    for "ASAP" mid-sentence); a first word in capitals or a name keeps its case."""
    if span.text[:1].isupper() and (_at_sentence_start(span) or span.text[1:2].islower()):
        return capitalised_like(span.text, new)
    first = new.split(" ", 1)[0]
    if _at_sentence_start(span):
        return capitalised_like("X", new)
    if first.istitle() and not _is_name_word(first, span.doc.lang_):
        return new[:1].lower() + new[1:]
    return new


POLITE = re.compile(r"\b(?:[Вв]ы|[Вв]ас|[Вв]ам|[Вв]ами|[Вв]аш\w*)\b")


def _polite_capitals(old: str, new: str) -> str:
    """A writer who capitalises the polite "Вы" keeps it in the rewrite ("Настоящим информируем
    Вас" -> "Сообщаем Вам", not "сообщаем вам")."""
    if not any(m.group()[0] == "В" for m in POLITE.finditer(old)):
        return new
    return POLITE.sub(lambda m: "В" + m.group()[1:], new)


def _english_i(word: str) -> bool:
    """The English "I" (or "I'll", "I'm" written as one word): a capital wherever it stands."""
    return word == "I" or word.startswith("I'")


def _is_name_word(word: str, language: str) -> bool:
    """A capitalised word that is a name (or no dictionary word), kept as written; so is the
    English "I" ("I think so: …" in "Hi Rosa, think so.")."""
    if _english_i(word):
        return True
    if language == "ru":
        return bool({"Name", "Surn", "Patr", "Geox", "Orgn"} & best(word).tag.grammemes) or not known(word.lower())
    return not english_parts(word.lower()) and word.lower() not in STOP_WORDS


# particles that stay with the verb they follow: "пожалуйста" goes after them, not between
VERB_PARTICLES = {"уже", "же", "ж", "ка"}


def _please_after(span: Span, verb: str, please: str) -> Edit:
    """The verb with "пожалуйста" after it, set off by commas unless the sentence ends there."""
    following = _next_word(span.doc, span.end)
    tail = "," if following is not None and not following.is_punct else ""
    return Edit(span.start_char, span.end_char, match_case(span.text, f"{verb}, {please}{tail}"))


class Please:
    """A bare order softened where a person would put the word: Russian after the verb
    ("Пришлите, пожалуйста, отчёт"; at the end: "Перезвоните, пожалуйста"), English before it
    ("Please send me…", "Hi, please redo…")."""

    def __init__(self, params, language: str):
        word = params.get("word") if isinstance(params, dict) else params
        if not isinstance(word, str) or not word.strip():
            raise RecipeError("please takes 'word'")
        self.word, self.after = word.strip(), language == "ru"

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        if self.after:
            doc = span.doc
            if span.end < len(doc) and doc[span.end].lower_ in VERB_PARTICLES:
                span = doc[span.start:span.end + 1]  # "Вызови уже техника" -> "Вызови уже, пожалуйста, техника"
            return _please_after(span, span.text, self.word)
        doc, start = span.doc, span.start
        if start >= 2 and doc[start - 1].lower_ in ("n't", "not") and doc[start - 2].lower_ == "do":
            start -= 2  # "don't call" -> "please don't call"
        first = doc[start].idx
        text = ctx.text[first:span.end_char]
        verb = text.split(" ", 1)[0]
        # "FIX the proposal" -> "please fix the proposal": "Please FIX" reads as a shout made sarcastic
        lowered = verb.lower() + text[len(verb):] if _shouted(verb) else text[:1].lower() + text[1:]
        # "Staging is down. Fix it" -> "… Please fix it"; "staging is down. fix it" -> "… please fix it"
        new = _opening_case(doc[start:span.end], capitalised_like(text, f"{self.word} {lowered}"))
        return Edit(first, span.end_char, new)


class Append:
    """Keep the sentence and add a clause to fill in (an alternative, a next step); ``informal``,
    when given, is the clause for a ты-team, so "выбирайте, что вам удобнее" is not added to a
    message that says "ты"."""

    def __init__(self, params, language: str):
        text = params.get("text") if isinstance(params, dict) else params
        informal = params.get("informal", text) if isinstance(params, dict) else text
        if not isinstance(text, str) or not text.strip() or not isinstance(informal, str) or not informal.strip():
            raise RecipeError("append takes 'text' (and 'informal', the clause for a ты-team)")
        self.text, self.informal = text.strip(), informal.strip()

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        start, end = sentence_bounds(span.sent)
        sentence = ctx.text[start:end]
        # "not a clue" + "I'll check…": the sentence that had no closing mark gets one
        closed = sentence if not sentence[-1:].isalnum() else sentence + "."
        clause = self.informal if ctx.formality == "informal" else self.text
        return Edit(start, end, f"{closed} {clause}", finished=False)


class Greeting:
    """Open the message with a greeting fitting the formality, naming the addressee if known."""

    KEYS = ("formal", "formal-anonymous", "informal", "informal-anonymous")

    def __init__(self, params, language: str):
        if not isinstance(params, dict) or set(params) != set(self.KEYS):
            raise RecipeError("greeting takes exactly: " + ", ".join(self.KEYS))
        self.templates = params

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        person, name = ctx.addressee, None
        # a "role" span ("Прораб, …") calls nobody by name: the reader's name takes its place
        called = span[0].text if span.label_ == "vocative" else None
        if span.label_ == "group":
            name = span[0].lower_  # the writer's own call of the readers: "Привет, народ!"
        elif person is not None and (called is None or called == person.first):
            name = person.formal() if ctx.formality == "formal" else person.informal()
        elif called is not None:
            name = called  # the writer's own name for them ("Jim" for James D Steffes) wins
        key = ctx.formality + ("" if name else "-anonymous")
        greeting = self.templates[key].format(name=name)
        first = span[-1]
        # a reply that opens with "Because …" answers a question: a greeting glued onto it
        # ("Hello Carla, because you…") reads as a broken sentence, so it stands on its own line
        joiner = "\n\n" if "\n" in ctx.text.strip() or first.lower_ in FRAGMENT_OPENERS else " "
        if greeting.endswith(",") and _long_sentence(first.sent):
            joiner = "\n\n"  # "Hello all, further to the aforementioned, it is hereby requested…" runs on
        if greeting.endswith(",") and _shouted(first.text) and first.lower_ not in INLINE_CAPITALS:
            joiner = "\n\n"  # "Hello, VPN won't connect" would greet the VPN
        word = first.text
        if joiner == " " and _maybe_called(first):
            return None  # "Bill, could you…": a name or a word? Lowercasing a name is worse than no rewrite
        if joiner == " " and greeting.endswith(",") and _reads_as_address(first):
            greeting = greeting[:-1] + "!"  # "Hello, everyone needs…" would greet everyone
        # "PLEASE" stays whole: "pLEASE" is no word
        if joiner == " " and greeting.endswith(",") and not _english_i(word) and not _is_name(first) \
                and not _shouted(word):
            word = word[:1].lower() + word[1:]
        elif greeting[-1:] in "!.":
            word = word[:1].upper() + word[1:]
        lead = "" if span.label_ else span.doc.text[span.start_char:first.idx]  # the "**" of "**Ребята**"
        return Edit(span.start_char, span.end_char, f"{greeting}{joiner}{lead}{word}")


# words in capitals a greeting may run into: "Hi, PLEASE…", "Hello, FYI" read as the writer's own
INLINE_CAPITALS = {"please", "пожалуйста", "fyi", "asap", "btw", "ps", "nb", "ok", "ок"}
LONG_SENTENCE = 15  # words: a greeting glued before more than this reads as part of the sentence


def _long_sentence(sent: Span) -> bool:
    """Whether the first sentence is long enough that a greeting belongs on its own line."""
    return sum(t.is_alpha for t in sent) > LONG_SENTENCE


FRAGMENT_OPENERS = {"because", "since", "cause", "потому", "поскольку", "так"}
ADDRESS_WORDS = {"everyone", "everybody", "all", "anyone", "anybody", "someone", "somebody", "nobody", "team",
                 "guys", "folks", "colleagues", "friends", "people", "each", "both"}


def _reads_as_address(token: Token) -> bool:
    """An English first word that a "Hello," before it would turn into the one greeted: a
    word for people ("everyone", "team") or a name ("Hello, Zausner asked…"); dictionary words
    and pronouns such as "I" or "we" read on as the sentence. Asks the kept tables, not
    lemminflect."""
    if token.lang_ != "en":
        return False
    word = token.lower_  # the kept tables first: lemminflect is loaded only for a word they lack
    if word in ADDRESS_WORDS:
        return True
    if token.is_stop or english_verb_form(word) or word in english_forms():
        return False
    return token.is_title and not english_known(word)  # a capitalised word no dictionary knows: a name


def _maybe_called(token: Token) -> bool:
    """An English capitalised word before a comma that may be the reader's name ("Bill,")."""
    following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
    return (token.lang_ == "en" and token.is_title and following is not None and following.text == ","
            and (not token._.known_word or "NOUN" in english_parts(token.lower_)))


def _is_name(token: Token) -> bool:
    """A capitalised word that is no dictionary word, or a Russian name: kept as written."""
    if token.lang_ == "ru" and {"Name", "Surn", "Patr", "Geox", "Orgn"} & best(token.text).tag.grammemes:
        return True  # pymorphy3's tags: the Doc's morphology keeps UD features, not these
    return token.is_title and not token._.known_word


# English days and months keep their capital ("BY MONDAY" -> "by Monday"); "may" and "march" are
# words too, and are left lower
CAPITALISED_EN = frozenset({day for day in DAYS if day.isascii()} | {
    "january", "february", "april", "june", "july", "august", "september", "october", "november", "december"})


class SentenceCase:
    """Words in capitals back to ordinary case ("СРОЧНО" -> "срочно"), capitalised where they
    open the sentence."""

    def __init__(self, params, language: str):
        if params not in (None, {}):
            raise RecipeError("sentence-case takes no parameters")

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        # a name in capitals keeps its capital letters: "РУСЛАН МАРАТОВИЧ" -> "Руслан Маратович";
        # English "I" and the days stay capitals: "DO I HAVE TO" -> "do I have to"
        words = [(t.text.capitalize() if (t.lang_ == "ru" and could_be_name(t))
                  or (t.lang_ == "en" and (t.lower_ == "i" or t.lower_ in CAPITALISED_EN))
                  else t.text.lower()) + t.whitespace_ for t in span]
        text = "".join(words).rstrip()
        if _at_sentence_start(span) or _after_label(span):
            text = text[:1].upper() + text[1:]
        return Edit(span.start_char, span.end_char, text)


class SingleMark:
    """A run of "!!!" or "?!?" becomes one mark: "?" when the run asks, "!" otherwise."""

    def __init__(self, params, language: str):
        if params not in (None, {}):
            raise RecipeError("single-mark takes no parameters")

    def __call__(self, span: Span, ctx, found) -> Edit | None:
        return Edit(span.start_char, span.end_char, "?" if "?" in span.text else "!")


RECIPES = {
    "delete": Delete,
    "replace": Replace,
    "imperative": Imperative,
    "append": Append,
    "please": Please,
    "greeting": Greeting,
    "sentence-case": SentenceCase,
    "single-mark": SingleMark,
}


def build(spec: dict | None, language: str):
    """The recipe a rule's ``suggest`` names, with its parameters checked."""
    if spec is None:
        return None
    (name, params), = spec.items()
    if name not in RECIPES:
        raise RecipeError(f"unknown recipe {name!r} (known: {', '.join(RECIPES)})")
    return RECIPES[name](params, language)
