"""Token patterns answered from a Doc's attribute columns, so most messages skip spaCy's Matcher.

spaCy's Matcher tries every pattern at every token, and ``IN``, ``MORPH`` and ``_`` constraints
are Python calls there: every message paid for every rule, although most contain none of the
words a rule looks for. Two shortcuts, both exact:

  Gate         a necessary condition, asked of the Doc's sets of forms, lemmas, POS and feature
               bundles; when it fails the pattern cannot match and its Matcher is not run.
  TokenTests   patterns of a single token (most of the ты/вы and imperative sides) are matched
               over the columns directly, without a Matcher at all.

Constraints a shortcut does not understand make it step aside: a Gate counts them as met, and a
pattern with them is never compiled to TokenTests. ``tests/test_gates.py`` checks both against
the Matcher on every built-in pattern.
"""

from __future__ import annotations

from spacy.matcher import Matcher
from spacy.tokens import Doc, MorphAnalysis

WORDS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA", "POS": "POS"}


class DocView:
    """One Doc's attribute columns and value sets, each built on first use."""

    def __init__(self, doc: Doc, features):
        self.doc, self.features = doc, features
        self._columns: dict[str, list[int]] = {}
        self._sets: dict[str, set[int]] = {}

    def column(self, attr: str) -> list[int]:
        if attr not in self._columns:
            self._columns[attr] = self.doc.to_array(attr).tolist() if len(self.doc) else []
        return self._columns[attr]

    def values(self, attr: str) -> set[int]:
        if attr not in self._sets:
            self._sets[attr] = set(self.column(attr))
        return self._sets[attr]

    def has(self, attr: str, wanted: frozenset) -> bool:
        if attr == "MORPH":
            return any(wanted <= self.features(key) for key in self.values("MORPH"))
        return not self.values(attr).isdisjoint(wanted)


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


def _word_constraint(value, strings) -> tuple[frozenset | None, frozenset | None] | None:
    """(allowed, forbidden) hash sets for a word attribute's value, or None if not plain."""
    if isinstance(value, str):
        return frozenset({strings.add(value)}), None
    if isinstance(value, dict) and value and set(value) <= {"IN", "NOT_IN"} and all(map(_strings, value.values())):
        allowed, forbidden = value.get("IN"), value.get("NOT_IN")
        return (frozenset(strings.add(v) for v in allowed) if allowed is not None else None,
                frozenset(strings.add(v) for v in forbidden) if forbidden is not None else None)
    return None


class Gate:
    """Can this Doc match any of the patterns? A pattern needs, for every token it requires, some
    token of the Doc meeting each of that token's word, lemma, POS and ``MORPH IS_SUPERSET``
    constraints (each on its own: a necessary condition, never a sufficient one)."""

    def __init__(self, patterns: list[list[dict]], strings):
        self.alternatives = [self._requirements(p, strings) for p in patterns]

    @staticmethod
    def _requirements(pattern: list[dict], strings) -> list[tuple[str, frozenset]]:
        needs = []
        for token in pattern:
            if not isinstance(token, dict) or not _required(token.get("OP")):
                continue
            for name, value in token.items():
                attr = WORDS.get(str(name).upper())
                listed = value.get("IN") if isinstance(value, dict) else None
                if attr and isinstance(value, str):
                    needs.append((attr, frozenset({strings.add(value)})))
                elif attr and _strings(listed):
                    needs.append((attr, frozenset(strings.add(v) for v in listed)))
                elif str(name).upper() == "MORPH" and isinstance(value, dict) and _strings(value.get("IS_SUPERSET")):
                    needs.append(("MORPH", frozenset(value["IS_SUPERSET"])))
        return needs

    def admits(self, view: DocView) -> bool:
        return any(all(view.has(attr, values) for attr, values in alt) for alt in self.alternatives)

    def anchors(self) -> list[tuple[str, frozenset]] | None:
        """Per pattern, its required word or lemma with the fewest values (None when some
        pattern requires no word at all, e.g. only a MORPH feature)."""
        chosen = []
        for alt in self.alternatives:
            words = [(attr, values) for attr, values in alt if attr not in ("MORPH", "POS")]
            if not words:
                return None
            chosen.append(min(words, key=lambda w: len(w[1])))
        return chosen


class AnchorIndex:
    """Which specs a Doc may match, from one look at its words rather than one gate per spec.

    Each spec is filed under its gate's anchors; a Doc is a candidate for a spec when one of
    its forms or lemmas is an anchor. Specs without anchors are always candidates.
    """

    def __init__(self):
        self.by_attr: dict[str, dict[int, set[str]]] = {}
        self.always: set[str] = set()

    def add(self, key: str, gate: Gate) -> None:
        anchors = gate.anchors()
        if anchors is None:
            self.always.add(key)
            return
        for attr, values in anchors:
            index = self.by_attr.setdefault(attr, {})
            for value in values:
                index.setdefault(value, set()).add(key)

    def candidates(self, view: DocView) -> set[str]:
        found = set(self.always)
        for attr, index in self.by_attr.items():
            for value in view.values(attr):
                keys = index.get(value)
                if keys:
                    found |= keys
        return found


class GatedMatcher:
    """A spaCy Matcher run only on Docs its Gate admits."""

    def __init__(self, key: str, patterns: list, vocab):
        self.matcher = Matcher(vocab, validate=True)
        self.matcher.add(key, patterns)
        self.gate = Gate(patterns, vocab.strings)

    def __call__(self, view: DocView) -> list[tuple[int, int]]:
        if not self.gate.admits(view):
            return []
        return [(start, end) for _, start, end in self.matcher(view.doc)]


class TokenTest:
    """One single-token pattern: word/lemma/POS values, IN/NOT_IN lists, MORPH IS_SUPERSET and
    plain ``_`` extension values, checked column by column (extensions last, on the few left)."""

    def __init__(self, words, features, extensions):
        self.words, self.features, self.extensions = words, features, extensions

    @classmethod
    def compile(cls, pattern, strings) -> TokenTest | None:
        if not (isinstance(pattern, list) and len(pattern) == 1 and isinstance(pattern[0], dict)):
            return None
        words, features, extensions = [], [], []
        for name, value in pattern[0].items():
            upper = str(name).upper()
            constraint = _word_constraint(value, strings) if upper in WORDS else None
            if constraint:
                words.append((WORDS[upper], *constraint))
            elif upper == "MORPH" and isinstance(value, dict) and set(value) == {"IS_SUPERSET"} \
                    and _strings(value["IS_SUPERSET"]):
                features.append(frozenset(value["IS_SUPERSET"]))
            elif name == "_" and isinstance(value, dict) and all(isinstance(v, bool) for v in value.values()):
                extensions.extend(value.items())
            else:
                return None  # OP, regex, fuzzy, IS_* flags ...: leave it to the Matcher
        words.sort(key=lambda w: w[1] is None)  # IN / equality first: they rule out the most
        return cls(words, features, extensions)

    def positions(self, view: DocView) -> list[int]:
        candidates = range(len(view.doc))
        for attr, allowed, forbidden in self.words:
            column = view.column(attr)
            candidates = [i for i in candidates if (allowed is None or column[i] in allowed)
                          and (forbidden is None or column[i] not in forbidden)]
            if not candidates:
                return []
        if self.features:
            column = view.column("MORPH")
            candidates = [i for i in candidates if all(f <= view.features(column[i]) for f in self.features)]
        for name, value in self.extensions:
            candidates = [i for i in candidates if view.doc[i]._.get(name) == value]
        return list(candidates)


class TokenTests:
    """Patterns that are each one token, matched without a Matcher: (i, i + 1) per token."""

    def __init__(self, tests: list[TokenTest], gate: Gate):
        self.tests, self.gate = tests, gate

    @classmethod
    def compile(cls, patterns: list, strings, gate: Gate) -> TokenTests | None:
        tests = [TokenTest.compile(p, strings) for p in patterns]
        return cls(tests, gate) if tests and all(tests) else None

    def __call__(self, view: DocView) -> list[tuple[int, int]]:
        positions = sorted({i for test in self.tests for i in test.positions(view)})
        return [(i, i + 1) for i in positions]


def compile_patterns(key: str, patterns: list, vocab):
    """The fastest exact way to match these patterns (spaCy validates them either way)."""
    checked = GatedMatcher(key, patterns, vocab)  # raises on a malformed pattern
    return TokenTests.compile(patterns, vocab.strings, checked.gate) or checked


def morph_features(vocab, cache: dict[int, frozenset]):
    """A cached lookup of a morphology hash's "Feat=Val" strings, split as the Matcher splits them."""
    def features(key: int) -> frozenset:
        if key not in cache:
            cache[key] = frozenset(MorphAnalysis.from_id(vocab, key))
        return cache[key]
    return features
