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

import json

from spacy.language import Language
from spacy.matcher import Matcher, PhraseMatcher
from spacy.tokens import Doc, MorphAnalysis, Span
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


class Gate:
    """A cheap necessary condition for a token pattern: can this Doc match it at all?

    spaCy's Matcher tries every pattern at every token, and ``IN`` / ``MORPH`` / ``_``
    constraints are Python calls there, so a Matcher costs per token even on a message with
    none of the words a rule looks for. A gate asks the Doc's sets of word forms, lemmas, parts
    of speech and feature bundles instead: a pattern can only match if, for every token it
    requires, the Doc holds some token meeting each of that token's word, lemma, POS and
    ``MORPH IS_SUPERSET`` constraints. Constraints a gate does not understand count as met,
    so a gate never turns a match away; it only skips Matchers that could not have matched.
    """

    WORDS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA", "POS": "POS"}

    def __init__(self, patterns: list[list[dict]], strings):
        self.alternatives = [self._requirements(p, strings) for p in patterns]

    @classmethod
    def _requirements(cls, pattern: list[dict], strings) -> list[tuple[str, frozenset]]:
        needs = []
        for token in pattern:
            if not isinstance(token, dict) or not _required(token.get("OP")):
                continue
            for name, value in token.items():
                attr = cls.WORDS.get(str(name).upper())
                listed = value.get("IN") if isinstance(value, dict) else None
                if attr and isinstance(value, str):
                    needs.append((attr, frozenset({strings.add(value)})))
                elif attr and _strings(listed):
                    needs.append((attr, frozenset(strings.add(v) for v in listed)))
                elif str(name).upper() == "MORPH" and isinstance(value, dict) and _strings(value.get("IS_SUPERSET")):
                    needs.append(("MORPH", frozenset(value["IS_SUPERSET"])))
        return needs

    def admits(self, view: "DocView") -> bool:
        return any(all(view.has(attr, values) for attr, values in alt) for alt in self.alternatives)


def _strings(value) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) for v in value)


def _required(op) -> bool:
    """Whether a token with this quantifier must occur in every match."""
    if op in (None, "1", "+"):
        return True
    if isinstance(op, str) and op.startswith("{"):
        low = op[1:].split(",")[0].strip("}")
        return low.isdigit() and int(low) > 0
    return False


class DocView:
    """One Doc's attribute sets, built on demand, for gates to ask."""

    def __init__(self, doc: Doc, features):
        self.doc, self._features, self._sets = doc, features, {}

    def values(self, attr: str) -> set:
        if attr not in self._sets:
            self._sets[attr] = set(self.doc.to_array(attr).tolist()) if len(self.doc) else set()
        return self._sets[attr]

    def has(self, attr: str, wanted: frozenset) -> bool:
        if attr == "MORPH":
            return any(wanted <= self._features(key) for key in self.values("MORPH"))
        return not self.values(attr).isdisjoint(wanted)


class MatcherPool:
    """Every spec of a language's rules, matched at most once per Doc and only where it can match.

    Phrases (word lists) share two PhraseMatchers, which cost next to nothing per Doc. Token
    patterns get a Matcher per spec behind a Gate, so a message pays only for the specs whose
    words it contains; results are told apart by key, as in spaCy's SpanRuler.
    """

    def __init__(self, nlp: Language):
        self.vocab = nlp.vocab
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.lemma = PhraseMatcher(nlp.vocab, attr="LEMMA")
        self.strings = nlp.vocab.strings
        self.gated: dict[str, tuple[Gate, Matcher]] = {}
        self._count = 0
        self._doc = None
        self._view: DocView | None = None
        self._found: dict[str, list[tuple[int, int]]] = {}
        self._features: dict[int, frozenset] = {}
        self._signatures: dict[str, str] = {}
        self._runs: dict[int, list[tuple[int, int]]] = {}

    def key(self) -> str:
        self._count += 1
        return f"tonecheck-{self._count}"

    def add_patterns(self, key: str, patterns: list) -> None:
        """Compile a spec's token patterns (spaCy validates them) with their gate.

        Rules that look for the same patterns (the ты/вы sides of address.mixed and
        address.informal) share one Matcher: it runs once per Doc for all of them.
        """
        signature = json.dumps(patterns, sort_keys=True, ensure_ascii=False)
        if signature in self._signatures:
            self.gated[key] = self.gated[self._signatures[signature]]
            return
        matcher = Matcher(self.vocab, validate=True)
        matcher.add(key, patterns)
        self.gated[key] = (Gate(patterns, self.strings), matcher)
        self._signatures[signature] = key

    def features(self, morph_key: int) -> frozenset:
        """The "Feat=Val" strings of a morphology hash, split as the Matcher splits them (cached:
        a language has few bundles)."""
        if morph_key not in self._features:
            self._features[morph_key] = frozenset(MorphAnalysis.from_id(self.vocab, morph_key))
        return self._features[morph_key]

    def found(self, doc: Doc, key: str) -> list[tuple[int, int]]:
        """(start, end) token offsets of the key's matches in the Doc."""
        if doc is not self._doc:
            self._doc, self._view, self._found, self._runs = doc, DocView(doc, self.features), {}, {}
            for matcher in (self.lower, self.lemma):
                if len(matcher):
                    for match_id, start, end in matcher(doc):
                        self._found.setdefault(self.strings[match_id], []).append((start, end))
        if key in self.gated and key not in self._found:
            gate, matcher = self.gated[key]
            if id(matcher) not in self._runs:
                hits = matcher(doc) if gate.admits(self._view) else []
                self._runs[id(matcher)] = [(start, end) for _, start, end in hits]
            self._found[key] = self._runs[id(matcher)]
        return self._found.get(key, [])


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
        if lower:
            self.pool.lower.add(self.key, [nlp.make_doc(p) for p in lower])
        if lemma:
            self.pool.lemma.add(self.key, list(nlp.pipe(lemma)))
        if "patterns" in spec:
            patterns = _as_list(spec["patterns"], "patterns")
            if patterns and isinstance(patterns[0], dict):
                patterns = [patterns]  # one pattern written without the outer list
            patterns = [[self._expand(token, lexicons) for token in p] if isinstance(p, list) else p
                        for p in patterns]
            try:
                self.pool.add_patterns(self.key, patterns)
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

    def find(self, doc: Doc) -> list[Span]:
        """Longest non-overlapping matches, in text order."""
        found = self.pool.found(doc, self.key)
        if not found:
            return []
        return sorted(filter_spans([doc[s:e] for s, e in found]), key=lambda s: s.start)

    def replacement(self, span: Span) -> str | None:
        """The lexicon's ``phrase => replacement`` for a matched phrase, if it has one."""
        return self.replacements.get(span.text.lower())
