"""Words the sender mentions rather than says: inside quotation marks, or reported after a
verb of speech ("клиент написал: …", "he called us …", "мол …").

A rule about the reader (an insult, a threat) must not take a customer's words that the sender
passes on, or a word under discussion, for the sender's own. The ranges are worked out once a
Doc and kept on it.
"""

from __future__ import annotations

from spacy.tokens import Doc

from tonecheck.nlp.lemmas import english_base, english_verb_form

QUOTE_PAIRS = {"«": "»", "“": "”", "„": "“", "‘": "’", '"': '"', "'": "'"}
SPEECH_VERBS = frozenset({
    # the lemmas of verbs that pass on someone else's words
    "написать", "писать", "сказать", "говорить", "ответить", "отвечать", "заявить", "заявлять",
    "кричать", "орать", "назвать", "называть", "обозвать", "обзывать", "жаловаться", "пожаловаться",
    "write", "say", "tell", "reply", "answer", "call", "yell", "shout", "complain", "quote",
})
NAMING = frozenset({"назвать", "называть", "обозвать", "обзывать", "call"})  # "called us idiots"
REPORTING_PARTICLES = frozenset({"мол", "дескать"})  # "пишет, мол авторизуйся"
REPORTING = REPORTING_PARTICLES | {"якобы"}
# "типа" reports when a clause or an order follows ("отсылаю их сюда, типа если надо — бери и
# делай сам"); before a noun it means "a kind of" ("что-то типа кнопки") and reports nothing
REPORTING_LIKE = "типа"
_CLAUSE_LEADS = frozenset({"CCONJ", "SCONJ", "PART"})
# a program's words pasted after a colon: "выдаёт ошибку: … Проверьте имя файла", "error: …"
PASTED = frozenset({"ошибка", "сообщение", "уведомление", "предупреждение", "надпись",
                    "error", "message", "warning", "prompt"})
_LONGEST_QUOTE = 60  # tokens: a stray quote mark must not make the rest of a message a quotation


def mentioned(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens the sender mentions (quoted, reported speech, a pasted message)."""
    found = doc.user_data.get("tonecheck-mentioned")
    if found is None:
        found = doc.user_data["tonecheck-mentioned"] = frozenset(_quoted(doc) | _reported(doc) | _pasted(doc))
    return found


def in_quotes(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens inside quotation marks: the surest part of what is mentioned, which
    a guard may not count as the sender's («Спасибо, всё получили», the client's thanks)."""
    found = doc.user_data.get("tonecheck-in-quotes")
    if found is None:
        found = doc.user_data["tonecheck-in-quotes"] = frozenset(_quoted(doc))
    return found


def _pasted(doc: Doc) -> set[int]:
    """Tokens after "ошибку:"/"error:" up to the paragraph's end: a program's text may run over
    several sentences ("Не удается найти файл. Проверьте, правильно ли указано имя")."""
    inside: set[int] = set()
    i = 0
    while i < len(doc) - 1:
        if doc[i + 1].text == ":" and doc[i].lemma_.lower() in PASTED and _shown(doc, i):
            j = i + 2
            while j < len(doc) and "\n\n" not in doc[j - 1].whitespace_ and not (
                    doc[j].is_space and "\n\n" in doc[j].text):
                inside.add(j)
                j += 1
            i = j
        i += 1
    return inside


# words before "ошибку:"/"error:" that show a program's text follows ("выдаёт ошибку:", "с ошибкой:",
# "this error:"); not "Это ваша ошибка: в полисе не тот VIN" or "из-за ошибки: вы не подтвердили",
# a mistake the writer names
_SHOWING = frozenset({"с", "со", "такую", "такое", "такая", "следующую", "следующее", "вот", "the", "this", "an",
                      "following", "same", "with"})


def _shown(doc: Doc, i: int) -> bool:
    """Whether "ошибка:"/"error:" announces a program's text: it opens its sentence, or a verb
    ("выдаёт", "shows") or a word of showing stands before it."""
    before = doc[i - 1] if i > 0 else None
    return before is None or doc[i].is_sent_start or before.pos_ == "VERB" or before.lower_ in _SHOWING


def _quoted(doc: Doc) -> set[int]:
    """Tokens between a quotation mark and its closing one in the same paragraph."""
    inside: set[int] = set()
    i = 0
    while i < len(doc):
        closing = QUOTE_PAIRS.get(doc[i].text[-1:]) if doc[i].is_punct or doc[i].text in QUOTE_PAIRS else None
        if closing is not None and not _possessive(doc, i):
            for j in range(i + 1, min(len(doc), i + 1 + _LONGEST_QUOTE)):
                if "\n\n" in doc[j].text_with_ws or "\n\n" in doc[j].text:
                    break
                # a closing mark, not a contraction after it ("'you're all morons'": "'re" closes nothing)
                if doc[j].text[:1] == closing and (doc[j].is_punct or len(doc[j].text) == 1):
                    inside.update(range(i + 1, j))
                    i = j
                    break
        i += 1
    return inside


def _possessive(doc: Doc, i: int) -> bool:
    """Whether an apostrophe ends the word before it ("the residents' zone"): it opens no quotation."""
    return doc[i].text in ("'", "’") and i > 0 and not doc[i - 1].whitespace_ and doc[i - 1].is_alpha


SPEAKERS_SELF = frozenset({"я", "мы", "i", "we"})
RETOLD_SUBJECTS = frozenset({"we", "you", "he", "she", "they", "it", "i"})  # "he said we're …"


def _says_that(doc: Doc, verb, end: int) -> bool:
    """"He said that …", "клиент пишет, что …": someone else's words retold. The sender's own
    "я же говорил, что …" stays the sender's, and so does an order to pass words on."""
    nxt = [t.lower_ for t in doc[verb.i + 1:min(verb.i + 3, end)]]
    retold = (nxt[:1] == ["that"] or nxt[:1] == ["что"] or nxt == [",", "что"]
              or (verb.lower_ in ("said", "says") and nxt[:1] and nxt[0] in RETOLD_SUBJECTS))
    # "Tell that idiot from dispatch…", "Скажите, что…": an order opening the sentence passes on
    # the sender's own words
    return retold and not verb.is_sent_start and not (verb.i > 0 and doc[verb.i - 1].lower_ in SPEAKERS_SELF)


def retold(doc: Doc) -> frozenset[int]:
    """Indexes of the tokens after a reporting particle ("мол", "дескать", "типа" before a clause
    or an order) to the sentence's end: the words, or the orders, of someone else."""
    found = doc.user_data.get("tonecheck-retold")
    if found is None:
        found = doc.user_data["tonecheck-retold"] = frozenset(
            i for sent in doc.sents for token in sent if _retells(doc, token, sent.end)
            for i in range(token.i + 1, sent.end))
    return found


def _retells(doc: Doc, token, end: int) -> bool:
    """Whether the word is a particle that passes on someone else's words ("мол", "типа если …")
    or opens a saying ("как говорится, …")."""
    word = token.lower_
    return word in REPORTING_PARTICLES or (word == REPORTING_LIKE and _reports_like(doc, token.i + 1, end)) \
        or _a_saying(doc, token)


def _reported(doc: Doc) -> set[int]:
    """Tokens after a verb of speech and its colon ("написал: …") or its "что"/"that" (someone
    else's words retold), after "мол"/"дескать", and the object of "назвал"/"called" — up to
    the sentence's end."""
    inside: set[int] = set()
    for sent in doc.sents:
        for token in sent:
            lemma = token.lemma_.lower()
            opens = None
            if lemma in REPORTING or _retells(doc, token, sent.end):
                opens = token.i + 1
            elif lemma in SPEECH_VERBS and not _negated(doc, token, sent.start) and not _a_noun(doc, token):
                after = doc[token.i + 1] if token.i + 1 < sent.end else None
                if after is not None and after.text in (":", "—", "-"):
                    opens = token.i + 2
                elif (lemma in NAMING and not _phoning(doc, token, sent.end)) or _says_that(doc, token, sent.end):
                    opens = token.i + 1
            if opens is not None:
                inside.update(range(opens, sent.end))
                break
    return inside


# what follows "call you" when it means phoning: "I will call you at three, hun" names nobody
_PHONE_AFTER = frozenset({"at", "on", "in", "back", "tomorrow", "today", "tonight", "later", "when", "after",
                          "before", "about", "this", "next", "first", "now", "soon", "from", "to", "once", "if",
                          "again", "twice"})
_CALLED = frozenset({"me", "you", "him", "her", "us", "them"})


def _phoning(doc: Doc, token, end: int) -> bool:
    """Whether "call" rings someone up ("I'll call you at three", "call me back", "the client
    just called again — …", "the client called, we need…") rather than names them ("called us
    idiots")."""
    if token.lang_ != "en" or token.i + 1 >= end:
        return False
    after = doc[token.i + 1]
    if after.lower_ in _CALLED:
        nxt = doc[token.i + 2] if token.i + 2 < end else None
        return nxt is None or nxt.is_punct or nxt.lower_ in _PHONE_AFTER
    return after.is_punct or after.lower_ in _PHONE_AFTER


SAYING = frozenset({"говорится", "говорят"})


def _a_saying(doc: Doc, token) -> bool:
    """Whether a proverb follows ("Как говорится, тише едешь — дальше будешь"): its "ты" is
    nobody's."""
    return token.lower_ in SAYING and token.i > 0 and doc[token.i - 1].lower_ == "как"


def _reports_like(doc: Doc, after: int, end: int) -> bool:
    """Whether "типа" passes on words here: a conjunction, a particle or an order follows it."""
    if after >= end:
        return False
    nxt = doc[after]
    return nxt.pos_ in _CLAUSE_LEADS or (nxt.pos_ == "VERB" and nxt.morph.get("Mood") == ["Imp"])


# words before "call"/"answer"/"reply" that make it a noun: "The client call has moved", "your reply"
NOUN_LEADS = frozenset({"the", "a", "an", "this", "that", "these", "those", "our", "your", "my", "his", "her",
                        "their", "its", "client", "conference", "phone", "video", "sales", "team", "next", "last",
                        "first", "each", "every", "any", "no", "quick", "short", "weekly", "daily", "morning"})
# words after "call"/"answer"/"reply" that make it a noun: "the Brightwell call went badly"
NOUN_FOLLOWERS = frozenset({"went", "was", "is", "'s", "has", "had", "ran", "got", "moved", "starts", "started",
                            "ended", "notes", "recording", "invite"})


def _a_noun(doc: Doc, verb) -> bool:
    """Whether an English word of speech is a noun here ("the client call", "your reply"): it
    passes on nobody's words."""
    if verb.lower_ not in ("call", "calls", "reply", "replies", "answer", "answers"):
        return False
    return (verb.i > 0 and doc[verb.i - 1].lower_ in NOUN_LEADS) \
        or (verb.i + 1 < len(doc) and doc[verb.i + 1].lower_ in NOUN_FOLLOWERS)


def _negated(doc: Doc, verb, start: int) -> bool:
    """"Не ответите — пеняйте на себя": a verb of speech that is negated reports no words."""
    return verb.i > start and doc[verb.i - 1].lower_ in ("не", "not", "n't", "never", "никогда")


# words that ask the reader for something wherever they stand
ASKING = frozenset({"пожалуйста", "прошу", "просьба", "помогите", "подскажите", "please", "help", "you", "your",
                    "вы", "ваш", "ты", "твой"})


def asks_reader(doc: Doc) -> bool:
    """Whether the sender's words turn to the reader: a question, a request, an imperative, a
    "вы"/"you". A tracker issue that only reports or proposes ("После обновления вылетает",
    "Нужно, чтобы…") is a record; one that asks the team ("Добавьте…", "Где скачать?") is a letter."""
    said = mentioned(doc)
    for token in doc:
        if token.i in said:
            continue
        if token.text == "?" or token.lower_ in ASKING or token.lemma_ in ASKING:
            return True
        if len(token.text) > 2 and "Person=2" in token.morph and token.pos_ in ("VERB", "AUX"):
            return True  # "Добавьте", "посмотри", "можете"
        if token.lang_ == "en" and token.is_sent_start and token.is_alpha and _english_verb(token.lower_):
            return True  # "Add a dark theme."
    return False


REACTION_WORDS = 6  # "У меня то же самое", "ну неплохо, так держать", "Looks good, merging now"


# a comment that opens by co-signing the thread's proposal or report: "Поддерживаю. У людей …"
CO_SIGNS = frozenset({"+1", "поддерживаю", "присоединяюсь", "согласен", "согласна", "agreed", "seconded"})


def reaction(doc: Doc) -> bool:
    """Whether a tracker comment is a reaction rather than a letter: six words or fewer, or a
    co-signing ("+1", "Поддерживаю.") with what the sender adds, that ask the reader nothing
    ("тоже всё лежит", "С опечатками было прикольнее 👎"). Readers of real threads judged a
    greeting asked of those false; a longer comment, or one that asks, still answers a person."""
    first = next((token for token in doc if not token.is_space), None)
    short = sum(1 for token in doc if token.is_alpha) <= REACTION_WORDS
    return (short or (first is not None and first.lower_ in CO_SIGNS)) and not asks_reader(doc)


def _english_verb(word: str) -> bool:
    """Whether a sentence's first word is an English verb in its base form ("add", "fix")."""
    return english_verb_form(word) and english_base(word) == word
