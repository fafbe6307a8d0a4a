"""Compile a rule's "what to find" into spaCy's Matcher and PhraseMatcher, once per language.

A match spec is a mapping with any of:
  phrases:        exact word sequences, compared lowercased        (PhraseMatcher, attr LOWER)
  lemmas:         word sequences compared by lemma (any inflection) (PhraseMatcher, attr LEMMA)
  lexicon:        a word list name, entries compared lowercased
  lemma-lexicon:  a word list name, entries compared by lemma
  patterns:       spaCy Matcher token patterns, written exactly as in spaCy's docs; an ``IN`` or
                  ``NOT_IN`` list may instead name a word list: ``{LEMMA: {IN: "@ru/pointers"}}``
  disguised:      a word list of whole-word expressions, matched also when the word is masked,
                  spelt with look-alikes or spaced out (``match/disguise.py``)
"""

from __future__ import annotations

import json
import weakref

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from tonecheck.match import disguise
from tonecheck.match.gates import AnchorIndex, DocView, Lexical, compile_patterns, morph_features
from tonecheck.match.phrases import PhraseTokens
from tonecheck.nlp import columns
from tonecheck.rulebook.lexicons import LexiconError, LexiconStore

SPEC_KEYS = ("phrases", "lemmas", "lexicon", "lemma-lexicon", "patterns", "disguised")


def lemma_key(tokens) -> str:
    """A phrase by its lemmas ("деплоя" and "деплой" are one term), as a word list's entry
    and a match are compared."""
    return " ".join(t.lemma_.lower() or t.lower_ for t in tokens)


_TOKENS: weakref.WeakKeyDictionary[Language, PhraseTokens] = weakref.WeakKeyDictionary()


def phrase_tokens(nlp: Language) -> PhraseTokens:
    """The phrase tokens of a pipeline, shared by all its pools (one cache file a language)."""
    found = _TOKENS.get(nlp)
    if found is None:
        found = _TOKENS[nlp] = PhraseTokens(nlp, nlp.lang)
    return found


def longest_first(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """spaCy's ``filter_spans`` on (start, end) pairs: of overlapping matches the longest, then
    the first, in text order; no Span is made for a match that is dropped."""
    kept, seen = [], set()
    for start, end in sorted(found, key=lambda m: (m[1] - m[0], -m[0]), reverse=True):
        if start not in seen and end - 1 not in seen:
            kept.append((start, end))
            seen.update(range(start, end))
    return sorted(kept)


class SpecError(ValueError):
    """A match spec is malformed (the caller adds the rule file and field)."""


def _as_list(value, key: str) -> list:
    if isinstance(value, (str, dict)):
        return [value]
    if not isinstance(value, list):
        raise SpecError(f"{key} must be a list")
    return value


def _check_annotated(patterns: list, language: str) -> None:
    """Refuse attributes the language's pipeline does not fill (English has no POS tagger)."""
    from tonecheck.nlp.pipeline import ANNOTATED, ANNOTATION_ATTRS

    for pattern in patterns:
        for token in pattern if isinstance(pattern, list) else []:
            for name in token if isinstance(token, dict) else []:
                attr = str(name).upper()
                if attr in ANNOTATION_ATTRS and attr not in ANNOTATED.get(language, ()):
                    have = ", ".join(sorted(ANNOTATED.get(language, ()))) or "none"
                    raise SpecError(f"{attr} is not available in {language} patterns (tonecheck ships no "
                                    f"tagger for it; annotated: {have}); use LOWER or LEMMA")


class MatcherPool:
    """Every spec of a language's rules, matched at most once per Doc and only where it can match.

    Phrases (word lists) share two PhraseMatchers, which cost next to nothing per Doc. Token
    patterns are compiled per spec by ``gates.compile_patterns`` (a gated Matcher, or direct
    column tests for one-token patterns), so a message pays only for the specs it may contain;
    results are told apart by key, as in spaCy's SpanRuler.
    """

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.phrases: dict[str, list[tuple[str, list[str]]]] = {"LOWER": [], "LEMMA": []}  # for tests
        self._names: dict[int, str] = {}  # a phrase match id -> its key, as ``key`` hands them out
        self.compiled: dict[str, object] = {}
        self.patterns: dict[str, list] = {}  # as written (after word-list expansion), for tests
        self.features = morph_features(nlp.vocab, {})
        self.lexical = Lexical()  # each form's flags and length, learnt as forms are met
        self._count = 0
        self._signatures: dict[str, str] = {}
        self.index = AnchorIndex()
        self.disguised: dict[str, disguise.DisguisedWords] = {}  # looked for in every Doc, by its text
        self.disguised_words = disguise.Verdicts()  # word forms judged against those lists

    def key(self) -> str:
        self._count += 1
        key = f"tonecheck-{self._count}"
        self._names[self.vocab.strings.add(key)] = key  # the id the phrase matchers report it by
        return key

    def add_patterns(self, key: str, patterns: list) -> None:
        """Compile a spec's token patterns.

        Rules that look for the same patterns (the ты/вы sides of address.mixed and
        address.informal) share the result: it is computed once per Doc for all of them.
        """
        self.patterns[key] = patterns
        signature = json.dumps(patterns, sort_keys=True, ensure_ascii=False)
        if signature in self._signatures:
            first = self.compiled[key] = self._signatures[signature]
            self.index.add(key, self.compiled[first].gate)  # a candidate wherever the first one is
            return
        self.compiled[key] = compile_patterns(key, patterns, self.vocab)
        self.index.add(key, self.compiled[key].gate)
        self._signatures[signature] = key

    def scan(self, doc: Doc) -> DocScan:
        """This pool's matches in the Doc, worked out on first ask and kept on the Doc.

        The state of a message's matching belongs to its Doc, not to the pool, so one Linter
        (and its pools) can check messages in several threads at once.
        """
        data = doc.user_data
        found = data.get(self)  # the pool itself is the key: one look-up per question
        if found is None:
            found = data[self] = DocScan(self, doc)
        return found

    def found(self, doc: Doc, key: str) -> list[tuple[int, int]]:
        """(start, end) token offsets of the key's matches in the Doc: its phrases and patterns."""
        return self.scan(doc).found(key)

    def possible(self, doc: Doc) -> set[str]:
        """The keys that may match in the Doc: those with a phrase found, and those whose
        patterns its words leave possible. Every other key finds nothing."""
        return self.scan(doc).possible()


def release_scans(doc: Doc | None) -> None:
    """Drop the scans a Doc keeps once its message is checked: a scan refers back to its Doc,
    and the cycle would otherwise wait for the garbage collector."""
    if doc is not None:
        data = doc.user_data
        for pool in [key for key in data if isinstance(key, MatcherPool)]:
            del data[pool]


class DocScan:
    """One Doc seen through one pool: its view, its candidate keys, every phrase match (found
    at once), and each key's token matches as they are asked for."""

    __slots__ = ("pool", "view", "candidates", "phrases", "tokens")

    def __init__(self, pool: MatcherPool, doc: Doc):
        self.pool, self.view = pool, DocView(doc, pool.features, pool.lexical)
        self.candidates: set[str] = pool.index.candidates(self.view)
        self.phrases: dict[str, list[tuple[int, int]]] = {}
        self.tokens: dict[str, list[tuple[int, int]]] = {}
        names, phrases = pool._names, self.phrases
        for matcher in (pool.lower, pool.lemma):
            if len(matcher):
                for match_id, start, end in matcher(doc):
                    phrases.setdefault(names[match_id], []).append((start, end))
        found = disguise.find(pool.disguised, columns.text(doc), pool.disguised_words) if pool.disguised else {}
        for key, spans in found.items():
            for start, end in spans:
                span = doc.char_span(start, end, alignment_mode="expand")
                if span is not None:
                    phrases.setdefault(key, []).append((span.start, span.end))

    def found(self, key: str) -> list[tuple[int, int]]:
        tokens = self.tokens.get(key)
        if tokens is None:
            tokens = self._token_matches(key)
        phrases = self.phrases.get(key)
        return phrases + tokens if phrases else tokens

    def possible(self) -> set[str]:
        return self.candidates | self.phrases.keys()

    def _token_matches(self, key: str) -> list[tuple[int, int]]:
        compiled = self.pool.compiled
        runner = compiled.get(key)
        if runner is None:
            return []
        if isinstance(runner, str):  # the same patterns as an earlier key: its result
            key, runner = runner, compiled[runner]
        if key not in self.tokens:
            self.tokens[key] = runner(self.view) if key in self.candidates else []
        return self.tokens[key]


class Matchable:
    """Everything a spec can find in a Doc, as a sorted list of non-overlapping Spans."""

    def __init__(self, spec, nlp: Language, lexicons: LexiconStore, pool: MatcherPool | None = None):
        if not isinstance(spec, dict) or not spec:
            raise SpecError("a match spec is a mapping with " + ", ".join(SPEC_KEYS))
        unknown = set(spec) - set(SPEC_KEYS)
        if unknown:
            raise SpecError(f"unknown key {sorted(unknown)[0]!r} (allowed: {', '.join(SPEC_KEYS)})")
        self.replacements: dict[str, str] = {}
        self.pool = pool or MatcherPool(nlp)
        self.key = self.pool.key()
        lower, lemma = self._phrases(spec, "phrases", "lexicon", lexicons), self._phrases(
            spec, "lemmas", "lemma-lexicon", lexicons)
        tokens = phrase_tokens(nlp)  # the phrases' words, from the cache or the pipeline
        if lower:
            tokens.prepare("LOWER", lower)
            self.pool.lower.add(self.key, [tokens.pattern("LOWER", p) for p in lower])
            self.pool.phrases["LOWER"].append((self.key, lower))
        if lemma:
            tokens.prepare("LEMMA", lemma)
            docs = [tokens.pattern("LEMMA", p) for p in lemma]
            self.pool.lemma.add(self.key, docs)
            self.pool.phrases["LEMMA"].append((self.key, lemma))
            for phrase, doc in zip(lemma, docs, strict=True):  # a match is inflected: find its entry by lemma
                if phrase in self.replacements:
                    self.replacements.setdefault(lemma_key(doc), self.replacements[phrase])
        if "patterns" in spec:
            patterns = _as_list(spec["patterns"], "patterns")
            if patterns and isinstance(patterns[0], dict):
                patterns = [patterns]  # one pattern written without the outer list
            patterns = [[self._expand(token, lexicons) for token in p] if isinstance(p, list) else p
                        for p in patterns]
            _check_annotated(patterns, nlp.lang)
            try:
                self.pool.add_patterns(self.key, patterns)
            except Exception as exc:  # spaCy raises ValueError/MatchPatternError with details
                raise SpecError(f"invalid token pattern: {str(exc).splitlines()[0]}") from None
        if "disguised" in spec:
            self._disguised(spec, nlp, lexicons)

    def _disguised(self, spec, nlp: Language, lexicons: LexiconStore) -> None:
        """Compile the ``disguised`` word lists (expressions, one a line) into the pool."""
        names = _as_list(spec["disguised"], "disguised")
        try:
            expressions = [p for name in names for p in lexicons.get(name).phrases]
            self.pool.disguised[self.key] = disguise.DisguisedWords(", ".join(names), expressions, nlp.lang)
            self.pool.disguised_words = disguise.Verdicts()  # verdicts kept so far did not ask this list
        except (LexiconError, ValueError) as exc:
            raise SpecError(str(exc)) from None

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

    def find(self, doc: Doc) -> list[Span]:
        """Longest non-overlapping matches, in text order."""
        return [Span(doc, start, end) for start, end in self.offsets(doc)]

    def offsets(self, doc: Doc) -> list[tuple[int, int]]:
        """What ``find`` gives, as (start, end) token offsets (guards need no more)."""
        found = self.pool.scan(doc).found(self.key)
        return longest_first(found) if len(found) > 1 else found  # one match overlaps nothing

    def name(self, path: str, field_name: str) -> None:
        """Where the spec was written, for the error a runaway REGEX of it raises."""
        runner = self.pool.compiled.get(self.key)
        runner = self.pool.compiled.get(runner) if isinstance(runner, str) else runner
        for timed in getattr(runner, "regexes", ()):
            timed.where = (path, field_name)
        if self.key in self.pool.disguised:
            self.pool.disguised[self.key].where = (path, field_name)

    def replacement(self, span: Span) -> str | None:
        """The lexicon's ``phrase => replacement`` for a matched phrase, if it has one (looked
        up as written, then by lemma for a lemma-lexicon's inflected match)."""
        found = self.replacements.get(span.text.lower())
        if found is None and self.replacements:
            found = self.replacements.get(lemma_key(span))
        return found
