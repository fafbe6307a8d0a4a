"""One cached spaCy pipeline per language: blank tokenizer, sentencizer, our morphology.

This module imports spaCy, so the rest of the package imports it only when a check runs:
``import tonecheck`` stays cheap for hooks that may never need a pipeline.
"""

from __future__ import annotations

from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Token

from . import morph  # noqa: F401  (registers the morphology factories)

SENTENCE_END = [".", "!", "?", "…", "\n"]


@Language.component("tonecheck_line_breaks")
def line_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: mail lines such as "Здравствуйте, Анна" carry no stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


# Token attributes that only an annotating component fills, and which of them ours fill: a rule
# pattern on any other would never match (spaCy even refuses it, E155), so rules are told early.
ANNOTATION_ATTRS = frozenset({"POS", "TAG", "MORPH", "DEP", "HEAD", "ENT_TYPE", "ENT_IOB", "ENT_ID", "ENT_KB_ID"})
ANNOTATED = {"ru": frozenset({"POS", "MORPH"}), "en": frozenset()}

WHO_WORDS = frozenset({"кто", "никто", "who", "nobody", "whoever"})
Token.set_extension("in_who_clause", default=False, force=True)


@Language.component("tonecheck_clauses")
def who_clauses(doc: Doc) -> Doc:
    """Mark tokens inside a "кто …" / "who …" clause (up to the next punctuation).

    "Без понятия, кто этим занимается" names nobody: a rule can tell that "занимается" there is
    part of the unknown, not a pointer to the person who handles it, by matching on
    ``{"_": {"in_who_clause": false}}``.
    """
    inside = False
    for token in doc:
        if token.is_punct or token.is_space:
            inside = False
        elif token.lower_ in WHO_WORDS:
            inside = True
        elif inside:  # False is the default: only the few tokens inside such a clause are written
            token._.in_who_clause = True
    return doc


@lru_cache(maxsize=None)
def get(language: str) -> Language:
    """Build (once) the spaCy Language for 'ru' or 'en'.

    No trained pipeline is needed or downloaded: ``spacy.blank`` gives the tokenizer with the
    language's exceptions, the sentencizer and line breaks split sentences, and the morphology
    component (``tonecheck.morph``) fills in lemma, POS and features.
    """
    nlp = spacy.blank(language)
    nlp.add_pipe("sentencizer", config={"punct_chars": SENTENCE_END})
    nlp.add_pipe("tonecheck_line_breaks")
    nlp.add_pipe(f"tonecheck_{language}_morph")
    nlp.add_pipe("tonecheck_clauses")
    return nlp
