"""Morphology: pymorphy3 analyses for Russian tokens, lemminflect lemmas for English ones
(``tonecheck.nlp.lemmas``: lemminflect's answers kept in the cache folder).

spaCy's own Russian lemmatizer has a pymorphy3 mode, but it picks among analyses by the part of
speech a trained tagger assigns, and no trained pipeline can be installed here. So the component
below takes pymorphy3's most probable analysis itself and writes lemma, POS and UD features onto
the token (reusing spaCy's ``oc2ud`` tag mapping), which lets rules match with spaCy's Matcher on
``LEMMA``, ``POS`` and ``MORPH``. Analyses are cached per lowercased word form: messages repeat
the same few hundred words.
"""

from __future__ import annotations

import re
from functools import lru_cache
from operator import itemgetter

import numpy
from spacy.attrs import LEMMA, MORPH, POS
from spacy.language import Language
from spacy.parts_of_speech import IDS as POS_IDS
from spacy.tokens import Doc

from tonecheck.nlp import columns
from tonecheck.nlp.lemmas import english_lemma

_CYRILLIC_WORD = re.compile(r"^[А-Яа-яЁё-]+$")


@lru_cache(maxsize=1)
def analyzer():
    """The one pymorphy3 analyzer of the process (loading its dictionaries takes ~0.3 s)."""
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


@lru_cache(maxsize=50_000)
def known(word: str) -> bool:
    """Whether pymorphy3's dictionary has the word (not guessed from its ending)."""
    return analyzer().word_is_known(word)


@lru_cache(maxsize=200_000)
def parses(word: str) -> tuple:
    """All pymorphy3 analyses of a word form, most probable first."""
    return tuple(analyzer().parse(word))


def best(word: str):
    """pymorphy3's most probable analysis of a word form."""
    return parses(word.lower())[0]


def _reading(word: str, after_plural_subject: bool):
    """Settle the 50/50 verb homonyms that decide who is addressed, from the words before.

    An imperative that most of the dictionary's readings take for another part of speech
    ("свежей": "freshen!" once, "fresh" in three cases) is read as that part of speech.

    "Заполните", "приложите" are both "you will fill" and "fill!": without "вы" before them,
    workplace messages mean the request. "Нашли", "пришли" are both "found/came" and the ты
    imperative of "наслать/прислать": after "вы", "мы", "они", a plural noun ("письма пошли") or
    a word that opens a clause of narration ("спасибо, что пришли") they are the past; so is
    "нашли" anywhere, whose imperative ("наслать") nobody writes at work.
    """
    ps = parses(word)
    top = ps[0]
    if top.tag.POS != "VERB":
        return top
    if top.tag.mood == "impr":  # "держать свежей": one imperative reading against three adjective ones
        other = sum(p.score for p in ps if p.tag.POS != "VERB")
        if other > top.score:
            return next(p for p in ps if p.tag.POS != "VERB")
    equal = [p for p in ps if p.score >= top.score]
    if after_plural_subject or (top.tag.mood == "impr" and top.normal_form in RARE_IMPERATIVES):
        return next((p for p in equal if p.tag.number == "plur" and p.tag.tense == "past"), top)
    if top.tag.mood == "indc" and top.tag.person == "2per":
        return next((p for p in equal if p.tag.mood == "impr"), top)
    return top


@lru_cache(maxsize=200_000)
def _ud(word: str, after_plural_subject: bool = False) -> tuple[str, str, str]:
    """(lemma, UD POS, UD feature string) for a Russian word form."""
    from spacy.lang.ru.lemmatizer import oc2ud

    if word in HYPHEN_PARTICLES:  # "где-нибудь" splits into "где", "-", "нибудь": no imperative "нибудь"
        return word, "PART", ""
    parse = _reading(word, after_plural_subject)
    pos, feats = oc2ud(str(parse.tag))
    if "Apro" in parse.tag:  # possessive and demonstrative pronouns: твой, ваш, этот
        pos = "DET"
    feat_str = "|".join(f"{k}={v}" for k, v in sorted(feats.items()))
    return parse.normal_form, pos, feat_str


@Language.factory("tonecheck_ru_morph", assigns=["token.lemma", "token.pos", "token.morph"])
def make_ru_morph(nlp: Language, name: str):
    """spaCy factory: annotate Russian tokens from pymorphy3."""
    return RussianMorph()


class RussianMorph:
    """Pipeline component writing pymorphy3's best analysis onto every Cyrillic token.

    What a form gets (lemma, POS, features, whether it is a plural subject) is decided once per
    form and written as three columns in one ``Doc.from_array`` (the lowercase forms recorded
    with them, as the English component does); the walk over the tokens only
    remembers which of the last two were a plural subject (вы, мы, они, a plural noun in the
    nominative), for the few verb forms whose reading depends on that context. Other tokens get
    their lowercase form as lemma and a coarse POS, as the Matcher requires one on every token.
    """

    def __init__(self):
        self._forms: dict[int, tuple] = {}  # form -> (lemma, POS id, morph key, lower, subject, free, comma, far)
        self._after_plural: dict[int, tuple] = {}  # the same, read after a plural subject
        self._morph_keys: dict[str, int] = {}

    def _reading(self, vocab, orth: int, after_plural: bool) -> tuple:
        lexeme = vocab[orth]
        text = lexeme.orth_
        if not _CYRILLIC_WORD.match(text):
            lemma = vocab.strings.add(text.lower())
            return lemma, POS_IDS[_coarse_pos(lexeme)], 0, lexeme.lower, False, True, text == ",", False
        lower = text.lower()
        lemma, pos, feats = _ud(lower, after_plural)
        key = 0
        if feats:
            key = self._morph_keys.get(feats)
            if key is None:
                key = self._morph_keys[feats] = vocab.morphology.add(feats)
        subject = lower in NARRATION_BEFORE or (pos in ("NOUN", "ADJ") and _plural_nominative(lower))
        return (vocab.strings.add(lemma), POS_IDS[pos], key, lexeme.lower, subject, _context_free(lower), False,
                _past_and_imperative(lower))

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        vocab, forms, after = doc.vocab, self._forms, self._after_plural
        orths = columns.read(doc, "ORTH")
        readings = [forms.get(orth) or forms.setdefault(orth, self._reading(vocab, orth, False)) for orth in orths]
        starts = columns.read(doc, "SENT_START")
        two = one = False  # a plural subject two tokens back, one token back
        clause = 0  # tokens left of a clause whose plural subject stands further back
        for i, (_, _, _, _, subject, free, comma, far) in enumerate(readings):
            if not free and (two or one or (clause and far)):
                orth = orths[i]
                reading = after.get(orth) or after.setdefault(orth, self._reading(vocab, orth, True))
                readings[i] = reading
                subject = reading[4]
            # a comma ends the subject: "Коллеги, заполните" addresses, it does not narrate
            two, one = (False, False) if comma else (one, subject)
            ends = i + 1 == len(starts) or starts[i + 1] == 1
            clause = 0 if comma or ends else CLAUSE_REACH if subject else max(clause - 1, 0)
        table = numpy.array([r[:4] for r in readings], dtype="uint64")
        doc.from_array([LEMMA, POS, MORPH], table[:, :3])
        for attr, values in zip(("LEMMA", "POS", "MORPH", "LOWER"), table.T.tolist(), strict=True):
            columns.record(doc, attr, values)
        return doc


PLURAL_SUBJECTS = frozenset({"вы", "мы", "они"})
# after these a verb narrates: "спасибо, что пришли", "когда нашли", "если пришли документы"
NARRATION_BEFORE = PLURAL_SUBJECTS | {"что", "чтобы", "если", "когда", "где", "которые", "уже"}
RARE_IMPERATIVES = frozenset({"наслать"})  # "нашли" is "found", not "send a plague"


# the particles the tokenizer splits off after a hyphen ("кого-нибудь", "всё-таки"):
# pymorphy3 reads "нибудь" alone as the imperative of a verb nobody uses
HYPHEN_PARTICLES = frozenset({"нибудь", "таки"})
CLAUSE_REACH = 5  # "Счета от поставщика канцтоваров пришли": the subject a few words back


@lru_cache(maxsize=50_000)
def _past_and_imperative(word: str) -> bool:
    """Whether a form is both a plural past and a ты-imperative ("пришли", "вышли", "зашли"):
    after a plural subject anywhere in its clause it narrates ("Счета … пришли"), while other
    homonyms ("заполните") are settled by the two words just before them only."""
    ps = parses(word)
    return any(p.tag.mood == "impr" for p in ps) and any(
        p.tag.tense == "past" and p.tag.number == "plur" for p in ps)


@lru_cache(maxsize=50_000)
def _plural_nominative(word: str) -> bool:
    """Whether a noun (or an adjective standing for one: "накладные") can be a plural subject
    ("письма", best read as a genitive singular)."""
    return any(p.tag.POS in ("NOUN", "ADJF") and {"plur", "nomn"} <= p.tag.grammemes for p in parses(word))


def _coarse_pos(token) -> str:
    """A UD POS for a token pymorphy3 does not read (Latin words, digits, punctuation).

    spaCy's Matcher refuses a POS pattern on a Doc where no token has a POS (E155), so a
    message with no Cyrillic word checked as Russian must still carry one.
    """
    if token.is_punct:
        return "PUNCT"
    if token.is_space:
        return "SPACE"
    return "NUM" if token.like_num else "X"


@lru_cache(maxsize=200_000)
def _context_free(word: str) -> bool:
    """Whether a word form reads the same whatever stands before it (almost every word does)."""
    return _reading(word, True) is _reading(word, False)


@Language.factory("tonecheck_en_morph", assigns=["token.lemma"])
def make_en_morph(nlp: Language, name: str):
    """spaCy factory: annotate English tokens with lemminflect lemmas."""
    return EnglishMorph()


_FIRST, _SECOND = itemgetter(0), itemgetter(1)


class EnglishMorph:
    """Pipeline component giving English tokens a lemma ("sent" -> "send") for lemma rules.

    English lemmas depend on the word alone, so they are written as one column: form hash ->
    (lowercase hash, lemma hash), remembered per form (Token objects cost more than the
    lookups). The lowercase and lemma columns are recorded for the engine.
    """

    def __init__(self):
        self._forms = columns.FormMemo(self._form)

    @staticmethod
    def _form(vocab, orth: int) -> tuple[int, int]:
        lower = vocab[orth].lower
        word = vocab.strings[lower]
        return lower, vocab.strings.add(english_lemma(word) if word.isalpha() else word)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        pairs = self._forms.column(doc.vocab, columns.read(doc, "ORTH"))
        lowers, lemmas = list(map(_FIRST, pairs)), list(map(_SECOND, pairs))
        doc.from_array([LEMMA], numpy.array(lemmas, dtype="uint64").reshape(-1, 1))
        columns.record(doc, "LOWER", lowers)
        columns.record(doc, "LEMMA", lemmas)
        return doc
