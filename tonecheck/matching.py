"""Compile a rule's "what to find" into spaCy's Matcher and PhraseMatcher, once per language.

A match spec is a mapping with any of:
  phrases:        exact word sequences, compared lowercased        (PhraseMatcher, attr LOWER)
  lemmas:         word sequences compared by lemma (any inflection) (PhraseMatcher, attr LEMMA)
  lexicon:        a word list name, entries compared lowercased
  lemma-lexicon:  a word list name, entries compared by lemma
  patterns:       spaCy Matcher token patterns, written exactly as in spaCy's docs; an ``IN`` or
                  ``NOT_IN`` list may instead name a word list: ``{LEMMA: {IN: "@ru/pointers"}}``
"""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from .lexicons import LexiconError, LexiconStore

SPEC_KEYS = ("phrases", "lemmas", "lexicon", "lemma-lexicon", "patterns")


class SpecError(ValueError):
    """A match spec is malformed (the caller adds the rule file and field)."""


def _as_list(value, key: str) -> list:
    if isinstance(value, (str, dict)):
        return [value]
    if not isinstance(value, list):
        raise SpecError(f"{key} must be a list")
    return value


class Matchable:
    """Everything a spec can find in a Doc, as a sorted list of non-overlapping Spans."""

    def __init__(self, spec, nlp: Language, lexicons: LexiconStore):
        if not isinstance(spec, dict) or not spec:
            raise SpecError("a match spec is a mapping with " + ", ".join(SPEC_KEYS))
        unknown = set(spec) - set(SPEC_KEYS)
        if unknown:
            raise SpecError(f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(SPEC_KEYS)})")
        self.replacements: dict[str, str] = {}
        lower, lemma = self._phrases(spec, "phrases", "lexicon", lexicons), self._phrases(
            spec, "lemmas", "lemma-lexicon", lexicons)
        self.lower = self._phrase_matcher(nlp, "LOWER", lower, nlp.make_doc)
        self.lemma = self._phrase_matcher(nlp, "LEMMA", lemma, nlp)
        self.tokens = None
        if "patterns" in spec:
            patterns = _as_list(spec["patterns"], "patterns")
            if patterns and isinstance(patterns[0], dict):
                patterns = [patterns]  # one pattern written without the outer list
            self.tokens = Matcher(nlp.vocab, validate=True)
            patterns = [[self._expand(token, lexicons) for token in p] if isinstance(p, list) else p
                        for p in patterns]
            try:
                self.tokens.add("p", patterns)
            except Exception as exc:  # spaCy raises ValueError/MatchPatternError with details
                raise SpecError(f"invalid token pattern: {str(exc).splitlines()[0]}") from None

    @staticmethod
    def _expand(token, lexicons: LexiconStore):
        """Replace ``"@lang/name"`` in a token's IN / NOT_IN with that word list's entries."""
        if not isinstance(token, dict):
            return token
        out = {}
        for attr, value in token.items():
            if isinstance(value, dict):
                value = dict(value)
                for op in ("IN", "NOT_IN"):
                    ref = value.get(op)
                    if isinstance(ref, str) and ref.startswith("@"):
                        try:
                            value[op] = list(lexicons.get(ref[1:]).phrases)
                        except LexiconError as exc:
                            raise SpecError(str(exc)) from None
            out[attr] = value
        return out

    def _phrases(self, spec, inline_key: str, lexicon_key: str, lexicons: LexiconStore) -> list[str]:
        phrases = [str(p).lower() for p in _as_list(spec.get(inline_key, []), inline_key)]
        for name in _as_list(spec.get(lexicon_key, []), lexicon_key):
            try:
                lexicon = lexicons.get(name)
            except LexiconError as exc:
                raise SpecError(str(exc)) from None
            phrases.extend(lexicon.phrases)
            self.replacements.update(lexicon.replacements)
        return phrases

    @staticmethod
    def _phrase_matcher(nlp: Language, attr: str, phrases: list[str], make):
        if not phrases:
            return None
        matcher = PhraseMatcher(nlp.vocab, attr=attr)
        matcher.add("p", [make(p) for p in phrases])
        return matcher

    def find(self, doc: Doc) -> list[Span]:
        """Longest non-overlapping matches, in text order."""
        spans = []
        for matcher in (self.lower, self.lemma, self.tokens):
            if matcher is not None:
                spans.extend(doc[s:e] for _, s, e in matcher(doc))
        return sorted(filter_spans(spans), key=lambda s: s.start)

    def replacement(self, span: Span) -> str | None:
        """The lexicon's ``phrase => replacement`` for a matched phrase, if it has one."""
        return self.replacements.get(span.text.lower())
