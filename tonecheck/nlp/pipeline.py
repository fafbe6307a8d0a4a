"""One cached spaCy pipeline per language: blank tokenizer, sentence starts, our morphology.

This module imports spaCy, so the rest of the package imports it only when a check runs:
``import tonecheck`` stays cheap for hooks that may never need a pipeline.
"""

from __future__ import annotations

import re
import threading
from functools import cache
from itertools import compress, pairwise
from re import _parser as regex_parser

import numpy
import spacy
from spacy.attrs import ORTH, SENT_START
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.strings import hash_string
from spacy.tokens import Doc, Token

from tonecheck.nlp import (
    columns,
    lemmas,
    morph,  # morph also registers the morphology factories
    names,
)

SENTENCE_END = [".", "!", "?", "…", "\n"]


@Language.factory("tonecheck_sentences", default_config={"punct_chars": SENTENCE_END, "line_breaks": True})
def make_sentences(nlp: Language, name: str, punct_chars: list[str], line_breaks: bool):
    return Sentences(nlp, punct_chars, line_breaks)


PUNCT, END, BREAK = 1, 2, 4  # what a token's form is to the sentence rule
UNSET = 2**64 - 1  # SENT_START -1 ("not a start"), as Doc.to_array gives it


class Sentences:
    """spaCy's Sentencizer rule, and a line break ends a sentence, read from the forms' column.

    A sentence starts at the first token, and at the first token after a sentence-final
    character ("." "!" "?" "…" "\n") that is neither punctuation nor such a character itself:
    exactly the Sentencizer's ``predict`` (tests compare the two). With ``line_breaks``, a token
    after whitespace holding a line break starts one too: mail lines such as "Здравствуйте,
    Анна" carry no stop. What a form is (punctuation, final, a line break) is decided once per
    form; the Sentencizer built a Token object for every token of every message. The forms and
    the starts are recorded as columns for the engine (``tonecheck.nlp.columns``).
    """

    def __init__(self, nlp: Language, punct_chars: list[str], line_breaks: bool = True):
        self.line_breaks = line_breaks
        self.ends = frozenset(nlp.vocab.strings.add(c) for c in punct_chars)
        self.kinds = columns.FormMemo(self._kind)

    def _kind(self, vocab, orth: int) -> int:
        lexeme = vocab[orth]
        kind = (PUNCT if lexeme.is_punct else 0) | (END if orth in self.ends else 0)
        if self.line_breaks and lexeme.is_space and "\n" in lexeme.orth_:
            kind |= BREAK
        return kind

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        orths = doc.to_array(ORTH).tolist()
        marks = self.kinds.column(doc.vocab, orths)
        size = len(marks)
        column = [UNSET] * size
        column[0] = 1
        resume = 0  # final characters before this position have started their sentence already
        for i in compress(range(size), marks):  # punctuation, finals, line breaks: a few a message
            mark = marks[i]
            if mark & BREAK and i + 1 < size:
                column[i + 1] = 1
            if mark & END and i >= resume:  # the first token after it that is neither
                resume = i + 1                   # punctuation nor final starts a sentence
                while resume < size and marks[resume] & (PUNCT | END):
                    resume += 1
                if resume < size:
                    column[resume] = 1
        doc.from_array([SENT_START], numpy.array(column, dtype=numpy.uint64).reshape(-1, 1))
        columns.record(doc, "ORTH", orths)
        columns.record(doc, "SENT_START", column)
        return doc


# Token attributes that only an annotating component fills, and which of them ours fill: a rule
# pattern on any other would never match (spaCy even refuses it, E155), so rules are told early.
ANNOTATION_ATTRS = frozenset({"POS", "TAG", "MORPH", "DEP", "HEAD", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"})
ANNOTATED = {"ru": frozenset({"POS", "MORPH"}), "en": frozenset()}

WHO_WORDS = frozenset({"кто", "никто", "who", "nobody", "whoever"})


def in_who_clause(token: Token) -> bool:
    """Whether a token stands inside a "кто …" / "who …" clause (after the word, before the
    next punctuation).

    "Без понятия, кто этим занимается" names nobody: a rule can tell that "занимается" there is
    part of the unknown, not a pointer to the person who handles it, by matching on
    ``{"_": {"in_who_clause": false}}``. A getter, so only the few tokens a rule asks about
    are looked at, never the whole Doc.
    """
    if token.is_punct or token.is_space or token.lower_ in WHO_WORDS:
        return False
    doc = token.doc
    for i in range(token.i - 1, -1, -1):
        before = doc[i]
        if before.is_punct or before.is_space:
            return False
        if before.lower_ in WHO_WORDS:
            return True
    return False


Token.set_extension("in_who_clause", getter=in_who_clause, force=True)

OPENING_ADDRESS_WORDS = 3  # "Иван,", "Добрый день,", "Hello Maria," before what a sentence says
NEGATIONS = frozenset({"не", "do", "n't", "never"})  # "Не звоните", "Don't call": still an opening
_NEGATION_HASHES = frozenset(hash_string(word) for word in NEGATIONS)
_COMMA, _COLON, _ADV = hash_string(","), hash_string(":"), POS_IDS["ADV"]
_DASHES = frozenset({"—", "–"})  # an opening address set off by a dash: "Hi Chris — send me…"


def opens_clause(token: Token) -> bool:
    """Whether a token is the first word of what its sentence says: the sentence's first word
    (a negation before it allowed), after a short opening address and its comma ("Иван,
    пришлите…", "Hi Tom, send…"), after a colon that ends words ("По поставке: принять её…"),
    or after adverbs alone ("Срочно перезвоните"). A bare order
    is an imperative in this place; one inside a sentence ("…, и проверьте") belongs to a
    request already begun. Looks back a few tokens at most, never at the whole sentence.
    """
    doc = token.doc
    i = token.i
    if i == 0 or token.is_sent_start:
        return True
    previous = doc[i - 1]  # most words fail here: an opening follows a comma, an adverb or "не"
    if previous.orth == _COLON and i > 1 and doc[i - 2].is_alpha:
        return True  # "Пишу по поставке: принять её в воскресенье мы не сможем"
    if not (previous.orth == _COMMA or previous.is_space or previous.lower in _NEGATION_HASHES
            or previous.pos == _ADV or previous.text in _DASHES):  # hashes, ids: no string built for "no"
        return False
    before: list[Token] = []
    while not doc[i].is_sent_start and i > 0:
        i -= 1
        if not doc[i].is_space:
            before.append(doc[i])
            if len(before) > OPENING_ADDRESS_WORDS + 3:
                return False
    before.reverse()
    while before and before[-1].lower_ in NEGATIONS:
        before.pop()
    if not before:
        return True
    if before[-1].text == ",":
        address = before[:-1]
        return 0 < len(address) <= OPENING_ADDRESS_WORDS and not any(t.is_punct for t in address)
    if before[-1].text in _DASHES:  # "Hi Chris — send me…", "Марек — пришли…"; not "Отчёт готов — пришлю…"
        address = before[:-1]
        return 0 < len(address) <= OPENING_ADDRESS_WORDS and all(
            t.is_title or t.lower_ in GREETING_OPENERS for t in address)
    return len(before) <= 2 and all(t.pos_ == "ADV" for t in before)


Token.set_extension("opens_clause", getter=opens_clause, force=True)


def known_word(token: Token) -> bool:
    """Whether a token is a dictionary word of its language, not a name, code or acronym
    ("URGENT" is a word said loudly, "ENRON" and "NYMEX" are names): pymorphy3's dictionary for
    Russian, lemminflect's for English. A getter, asked only of the tokens a rule asks about,
    as ``{"_": {"known_word": true}}``."""
    if not token.is_alpha:
        return False
    if token.lang_ == "ru":
        return morph.known(token.lower_)
    return token.is_stop or lemmas.english_known(token.lower_)  # lemminflect has no "the", "of", "per"


Token.set_extension("known_word", getter=known_word, force=True)


def dictionary_abbreviation(token: Token) -> bool:
    """Whether pymorphy3 knows the word as an abbreviation («ГИБДД», «ФНС»): a known word, but
    one written in capitals by right, not said loudly. ``{"_": {"dictionary_abbreviation": false}}``."""
    return token.morph.get("Abbr") == ["Yes"]


Token.set_extension("dictionary_abbreviation", getter=dictionary_abbreviation, force=True)


def glued(token: Token) -> bool:
    """Whether a token follows the one before it with no space ("????Megawatts", "don???t"):
    marks glued to a word are characters an export lost, not punctuation."""
    return token.i > 0 and not token.doc[token.i - 1].whitespace_


Token.set_extension("glued", getter=glued, force=True)


def after_lost_marks(token: Token) -> bool:
    """Whether a word is glued to the "?" before it ("???Smutny"): the marks stand for letters
    an export lost, and so do the other runs of "?" in the same text."""
    return token.is_alpha and glued(token) and token.doc[token.i - 1].text == "?"


Token.set_extension("after_lost_marks", getter=after_lost_marks, force=True)


# a line all in capitals that greets someone and goes on is a letter, not a heading: "HI SAM, THE …"
GREETING_OPENERS = frozenset({"hi", "hello", "hey", "dear", "привет", "здравствуйте", "добрый", "доброе"})
WRITING_WORDS = 6


def in_running_text(token: Token) -> bool:
    """Whether the token's line is writing, not a label: it holds a lower-case letter, or a
    sentence ends in it (".", "!", "?"), at its end or after a word and before more words ("HI
    ALL, THE FIRE DRILL IS TODAY. THANKS, LINDA"). Capitals in writing are a raised voice
    ("СРОЧНО ПРИШЛИТЕ СЧЁТ."); a line all in capitals without a sentence's end is a label or a
    heading ("CONFIDENTIAL - DO NOT DISTRIBUTE", "ACTION ITEM:"). A line that opens with a
    greeting and goes on is writing too, its end left off ("HI SAM, THE SERVER ROOM DOOR HAS BEEN
    PROPPED OPEN ALL MORNING, CAN YOU CLOSE IT PLEASE"). Each line is read once a Doc: asked of
    every word of a long line, reading it again each time was quadratic."""
    doc = token.doc
    running = doc.user_data.get("tonecheck-running")
    if running is None or len(running) != len(doc):
        running = doc.user_data["tonecheck-running"] = _running_lines(doc)
    return running[token.i]


def _running_lines(doc: Doc) -> list[bool]:
    """``in_running_text`` for every token, a line at a time."""
    out: list[bool] = []
    start = 0
    while start < len(doc):
        end = start + 1
        while end < len(doc) and "\n" not in doc[end - 1].whitespace_ and "\n" not in doc[end - 1].text:
            end += 1
        out.extend([_line_is_writing(doc, start)] * (end - start))
        start = end
    return out


def _line_is_writing(doc: Doc, i: int) -> bool:
    """Whether the line that starts at token ``i`` is writing (see ``in_running_text``)."""
    last, ended, words, clause = None, False, 0, False
    greets = doc[i].lower_ in GREETING_OPENERS
    for t in doc[i:]:
        if "\n" in t.text:
            break
        if any(c.islower() for c in t.text):
            return True
        if ended and t.is_alpha:
            return True
        # an order in a second clause is said to someone, not a heading: "ОЧЕНЬ НАДО ДО ВЕЧЕРА,
        # НЕ ЗАБУДЬ ПРО СМЕТУ"
        if clause and "Imp" in t.morph.get("Mood"):
            return True
        clause = clause or (t.text == "," and last is not None and last.is_alpha)
        words += t.is_alpha
        if greets and words >= WRITING_WORDS:
            return True
        # a sentence's end after a word, not a section's number ("SEC. 2. DEFINITIONS")
        ended = t.text in (".", "!", "?", "…") and last is not None and last.is_alpha and len(last) >= 4
        last = t
        if "\n" in t.whitespace_:
            break
    return last is not None and last.text in (".", "!", "?", "…")


Token.set_extension("in_running_text", getter=in_running_text, force=True)
# rules ask it of a word that reads as an imperative: "Привет, Дарь!" calls Дарья, orders nothing
Token.set_extension("set_off_as_call", getter=names.set_off_as_call, force=True)


class TailSuffixes:
    """spaCy's suffix search, looking only at a string's tail where that gives the same match.

    The tokenizer peels suffixes off a whitespace-free chunk one at a time and searches the
    whole remaining chunk for a ``…$`` match each time, so a run of marks ("?????…") cost
    time quadratic in its length (3,000 "?": 1.5 s). A suffix entry of bounded width can only
    start in the last ``width`` characters, so the combined expression is searched from there;
    entries of unbounded width ("\\.\\.+") are searched whole, and one starting earlier
    wins, as the leftmost match does in the full search. ``pattern`` is the full expression's,
    for spaCy's serialisation.
    """

    def __init__(self, entries: list[str], full: re.Pattern):
        self.full, self.pattern = full, full.pattern
        widths = {entry: regex_parser.parse(entry + "$").getwidth()[1] for entry in entries if entry.strip()}
        unbounded = [entry for entry, width in widths.items() if width >= regex_parser.MAXREPEAT]
        self.width = max((w for w in widths.values() if w < regex_parser.MAXREPEAT), default=0)
        self.unbounded = re.compile("|".join(e + "$" for e in unbounded)) if unbounded else None

    def search(self, string: str) -> re.Match | None:
        tail = len(string) - self.width
        if tail <= 0:
            return self.full.search(string)
        if self.unbounded is not None:
            early = self.unbounded.search(string)
            if early is not None and early.start() < tail:
                return early
        return self.full.search(string, tail)


LONG_CHUNK = 4096  # characters without whitespace: longer chunks are tokenized in pieces this long
_LONG_CHUNK = re.compile(rf"\S{{{LONG_CHUNK},}}")


def pieces(text: str) -> list[str]:
    """The text cut where each whitespace-free chunk longer than ``LONG_CHUNK`` begins and
    every ``LONG_CHUNK`` characters inside it: each piece tokenizes as it would in the text
    (a piece ends at whitespace or inside such a chunk), and the tokenizer's work on one
    chunk, quadratic in its length, stays bounded (a megabyte of "?" would take hours)."""
    cuts = [0]
    for chunk in _LONG_CHUNK.finditer(text):
        cuts.extend(range(chunk.start(), chunk.end() - LONG_CHUNK, LONG_CHUNK))
    cuts.append(len(text))
    return [text[a:b] for a, b in pairwise(cuts) if b > a]


CHUNK_CACHE = 100_000  # whitespace-separated chunks the tokenizer remembers (spaCy's default: 10,000)
WARM_EVERY = 4  # texts: one in so many has its new chunks warmed
SHORT_TEXT = 3  # chunks; shorter texts (the rules' phrases, compiled at start-up) are not warmed


class WarmTokenizer:
    """spaCy's tokenizer with its chunk cache kept warm.

    spaCy tokenizes each whitespace-separated chunk on its own and caches the result, but stops
    caching for the rest of a text once a special case ("don't", "I'm", "т.е.") occurs in it
    (spaCy #1250), so the words after a contraction are split again in every message. A chunk
    tokenized alone gives the same tokens, so each chunk met for the first time is also
    tokenized alone, once, which caches it by spaCy's own rules (a chunk that is itself special
    stays uncached). Measured on the bench corpus: 55 -> 13 µs of tokenizing a message.

    Only one text in ``every`` is looked at: splitting and looking up every chunk of every
    text cost 2.5 µs a message once all were warm, and a chunk that matters (met again and
    again) is met in a looked-at text soon enough, while one met once is not worth warming.
    """

    def __init__(self, tokenizer, limit: int = CHUNK_CACHE, every: int = WARM_EVERY):
        self.tokenizer, self.limit, self.every = tokenizer, limit, every
        self.tokenizer.max_cache_size = limit
        self.seen: set[str] = set()
        self.calls = 0

    def __call__(self, text: str) -> Doc:
        doc = self._tokens(text)
        doc.user_data[columns.TEXT_KEY] = text  # what readers would otherwise rebuild from every token
        return doc

    def _tokens(self, text: str) -> Doc:
        if len(text) > LONG_CHUNK and _LONG_CHUNK.search(text):
            return Doc.from_docs([self.tokenizer(piece) for piece in pieces(text)], ensure_whitespace=False)
        doc = self.tokenizer(text)
        self.calls += 1
        if self.calls % self.every:
            return doc
        chunks = text.split()
        if len(chunks) <= SHORT_TEXT:  # a word-list phrase at start-up: not worth a second pass
            return doc
        seen = self.seen
        if seen.issuperset(chunks):  # the usual case once warm: one pass in C
            return doc
        new = [chunk for chunk in chunks if chunk not in seen]
        if len(seen) < self.limit:
            seen.update(new)
            for chunk in new:
                self.tokenizer(chunk)
        return doc

    def __getattr__(self, name):  # explain(), rules, … as spaCy's tokenizer has them
        if name == "tokenizer":  # not set yet (an object being unpickled): no recursion
            raise AttributeError(name)
        return getattr(self.tokenizer, name)


_BUILDING = threading.Lock()


@cache
def _build(language: str) -> Language:
    """Build (once) the spaCy Language for 'ru' or 'en'.

    No trained pipeline is needed or downloaded: ``spacy.blank`` gives the tokenizer with the
    language's exceptions, the sentence rule and line breaks split sentences, and the morphology
    component (``tonecheck.nlp.morph``) fills in lemma, POS and features.
    """
    nlp = spacy.blank(language)
    nlp.tokenizer.suffix_search = TailSuffixes(nlp.Defaults.suffixes, nlp.tokenizer.suffix_search.__self__).search
    nlp.tokenizer = WarmTokenizer(nlp.tokenizer)
    nlp.add_pipe("tonecheck_sentences")
    nlp.add_pipe(f"tonecheck_{language}_morph")
    return nlp


def get(language: str) -> Language:
    """The spaCy Language for 'ru' or 'en', built once even when threads ask at the same time
    (a second pipeline would have a vocabulary of its own, unknown to the compiled rules)."""
    with _BUILDING:
        return _build(language)
