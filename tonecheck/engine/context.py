"""What a check sees of one message: its Doc, language, formality, addressee and quoted message,
with what several kinds read worked out once (the words, the first sentence, the form of address);
and a Hit, where a rule fired."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress

from spacy.tokens import Doc

from tonecheck.inputs.quotes import QUOTE_MARKS, new_part, signature_start
from tonecheck.nlp import columns
from tonecheck.nlp.inflect import Addressee
from tonecheck.nlp.lines import as_read


class once:
    """A property worked out on first read and then kept on the instance: functools'
    ``cached_property`` without the lock Python 3.11 takes on every first read (0.68 against
    0.24 µs here, and a Context reads three or four of them per message)."""

    def __init__(self, compute):
        self.compute, self.name, self.__doc__ = compute, compute.__name__, compute.__doc__

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        value = instance.__dict__[self.name] = self.compute(instance)
        return value


@dataclass
class Context:
    """What a check may know besides the Doc: the team's formality and the addressee."""

    doc: Doc
    language: str
    formality: str
    addressee: Addressee | None = None
    first_segment: bool = True
    whole_message: bool = True
    text: str = ""
    quoted: str | None = None     # the message this one replies to, when the input carried it
    reply: bool = False           # it answers another message (quoted or not: a mail's "Re:")
    unread: bool = True           # quotes and forwards may be left in the text, not the sender's words
    _quoted_doc: Doc | None = field(default=None, repr=False)

    def __post_init__(self):
        self.text = self.text or self.doc.text  # Doc.text is rebuilt on every access: keep it

    def quoted_doc(self, nlp) -> Doc | None:
        """The quoted message without its "> " marks, its wrapped lines read as paragraphs (a
        question wrapped over two lines is one question), parsed once for every rule."""
        if self.quoted and self._quoted_doc is None:
            self._quoted_doc = nlp(as_read(QUOTE_MARKS.sub("", self.quoted)))
        return self._quoted_doc

    @property
    def quoted_doc_made(self) -> Doc | None:
        """The quoted message's Doc if a check has asked for it (None otherwise)."""
        return self._quoted_doc

    @once
    def reported(self) -> list[tuple[int, int]]:
        """Character ranges of reported speech: a passage of four or more words in quotation
        marks ("…", “…”, «…», „…“), within one paragraph. Those are someone else's words — a
        quote from the news, what a customer said — not the sender's (scare quotes around a
        word or two are the sender's own)."""
        if not any(mark in self.text for mark in _QUOTE_CHARS):  # a set of the text: 7 µs a message
            return []
        return [(m.start(), m.end()) for m in _REPORTED.finditer(self.text) if len(m.group().split()) >= 4]

    @once
    def forwarded(self) -> tuple[tuple[int, int], ...]:
        """Character ranges of other people's messages left in the text: a forward under its
        separator, "> " lines. A library caller may pass a whole mail; its forward is not the
        sender's ("Вы опять не приложили…" from the supplier, passed on). Text read as mail
        already (every entry point), or checked whole on purpose (--no-strip), has none to find."""
        return new_part(self.text).quoted if self.unread else ()

    def in_forwarded(self, start: int) -> bool:
        return any(left <= start < right for left, right in self.forwarded)

    @once
    def signed(self) -> int | None:
        """Where the message's signature starts, if it has one (read once for every rule)."""
        return signature_start(self.text)

    def in_reported(self, start: int, end: int) -> bool:
        """Whether the characters start..end all lie inside one passage of reported speech."""
        return any(left <= start and end <= right for left, right in self.reported)

    @once
    def orths(self) -> list[int]:
        """Each token's string hash, read as one column."""
        return columns.read(self.doc, "ORTH")

    @once
    def sentence_starts(self) -> list[int]:
        """Each token's sentence start, from one column (``Span.sent`` walks the Doc each call)."""
        starts, current = [], 0
        for i, flag in enumerate(columns.read(self.doc, "SENT_START")):
            if flag == 1:
                current = i
            starts.append(current)
        return starts

    @once
    def asking(self) -> set[int]:
        """The starts of the sentences with a "?" in them, found in one pass: reading each
        match's sentence anew cost a pass over it a match (a long run of "?" is one sentence)."""
        mark = self.doc.vocab.strings.add("?")
        return set(compress(self.sentence_starts, map(mark.__eq__, self.orths)))

    def is_question(self, i: int) -> bool:
        """Whether token ``i``'s sentence has a "?" in it."""
        return self.sentence_starts[i] in self.asking

    @once
    def words(self) -> list[int]:
        """Positions of the message's words (computed once; several kinds need them)."""
        return word_positions(self.doc, self.orths)

    def first_words(self, count: int, full: int) -> tuple[list[int], bool]:
        """``words[:count]``, and whether the message has ``full`` words that are not clitics,
        read from its start only: an opening check needs the first few words, not all of them."""
        words, orths, vocab = self.__dict__.get("words"), self.orths, self.doc.vocab
        if words is None:  # not read yet: the tokens from the start, each with its kind
            pairs = ((i, kind) for i, kind in enumerate(_KINDS.each(vocab, orths)) if kind)
        else:
            pairs = zip(words, _KINDS.each(vocab, map(orths.__getitem__, words)), strict=True)
        found, fulls = [], 0
        for i, kind in pairs:
            if len(found) < count:
                found.append(i)
            fulls += kind != CLITIC  # a stand-in non-space token (kind 0) counts as a word
            if fulls >= full and len(found) == count:
                return found, True
        if found or words is not None:
            return found, fulls >= full
        words = self.words  # no word at all: the non-space tokens stand in, each a full one
        return words[:count], len(words) >= full

    @once
    def plural_address(self) -> bool:
        """Whether the writer addresses the reader as вы (the default in a formal team)."""
        lemmas = [t.lemma_ for t in self.doc]
        ty = lemmas.count("ты") + lemmas.count("твой")
        vy = lemmas.count("вы") + lemmas.count("ваш")
        if ty != vy:
            return vy > ty
        return self.formality == "formal"


@dataclass(frozen=True)
class Hit:
    """Where a rule fired: the range the suggestion replaces and the words the message quotes."""

    start: int
    end: int
    suggestion: str | None
    words: str = field(default="")
    finished: bool = True  # False: a skeleton for the writer to complete, never applied


_QUOTE_CHARS = frozenset('"“«„\x01')
# Lotus Notes' LMBCS escapes for “ and ”, as some gateways leave them in the text ("\x01&Are
# those folks smoking crack?\x018 he asked"): quotation marks all the same
_LMBCS_QUOTES = ("\x01&", "\x018")
# an opening mark, up to 3,000 characters of one paragraph without the closing mark, the closing mark
_REPORTED = re.compile("|".join(rf"{re.escape(o)}(?:[^{c[0]}\n]|\n(?![ \t]*\n)){{1,3000}}{re.escape(c)}"
                                for o, c in (('"', '"'), ("“", "”"), ("«", "»"), ("„", "“"), _LMBCS_QUOTES)))

WORD, CLITIC = 1, 2  # kinds of token strings
# token string hash -> 0 / WORD / CLITIC (grows with the vocabulary)
_KINDS = columns.FormMemo(lambda vocab, orth: word_kind(orth, vocab.strings))


def word_kind(orth: int, strings) -> int:
    """0 for punctuation, emoji and space; WORD for a token with a letter or digit; CLITIC for
    a word that does not count as one of its own ("n't", "'ll": "I don't know" is three words).
    Decided once per token string (``_KINDS`` keeps it): building ``token.text`` costs more
    than the test."""
    text = strings[orth]
    return 0 if not any(c.isalnum() for c in text) else CLITIC if text[:1] == "'" or text.lower() == "n't" else WORD


def word_positions(doc: Doc, orths: list[int]) -> list[int]:
    """Positions of the words of a message: tokens with a letter or digit (emoji and punctuation
    left out); a message of only those keeps its non-space tokens."""
    words = list(compress(range(len(orths)), _KINDS.column(doc.vocab, orths)))
    return words or [t.i for t in doc if not t.is_space]
