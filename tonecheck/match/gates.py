"""Token patterns answered from a Doc's attribute columns instead of spaCy's Matcher.

spaCy's Matcher tries every pattern at every token, and ``IN``, ``MORPH`` and ``_`` constraints
are Python calls there: every message paid for every rule, although most contain none of the
words a rule looks for. The shortcuts here are exact:

  Gate           a necessary condition, asked of the Doc's sets of forms, lemmas, POS and
                 feature bundles; when it fails the pattern cannot match and nothing else runs.
  TokenTest      one token's constraints: values and IN/NOT_IN lists read from columns, flags
                 and LENGTH decided once per form (``Lexical``), MORPH once per analysis.
  TokenTests     patterns of a single token (the ты/вы sides, imperatives): every passing token.
  SequenceTests  patterns of several tokens, quantified with ``?``, ``*`` or ``+`` or not: the
                 first token's positions, the others asked at their offsets (or walked as an
                 automaton), giving every (start, end) the Matcher would.

A pattern with anything a TokenTest does not understand (``!``, ``{n,m}``, REGEX, fuzzy …) is left
to a GatedMatcher: spaCy's Matcher behind its Gate, where the Gate counts unknown constraints as
met. ``tests/test_gates.py`` checks every shortcut against the Matcher on every built-in pattern.

Unbounded repeats (``+``, ``*``, ``{n,}``) are the exception: the Matcher gives every sub-span of
a run of tokens that pass a repeated token, quadratic in the run (2,000 of them: 6 s). Such a pattern is
walked here even with constraints a TokenTest does not know (each such token asked of a
one-token Matcher, ``MatcherTest``), and the walk that gives every match has a budget of steps
a token (``WALK_STEPS``); a pattern that would exceed it in a Doc is matched there leftmost-
longest instead, as a regular expression finds matches (``_leftmost_longest``): one pass,
linear in the Doc. The two give the same spans but where matches of different lengths overlap.
"""
from __future__ import annotations

import operator
import reprlib
import threading
from bisect import bisect_left, bisect_right
from itertools import compress

import regex
from spacy.matcher import Matcher
from spacy.tokens import Doc, MorphAnalysis, Token

from tonecheck.match.timelimit import within
from tonecheck.nlp import columns

WORDS = {"ORTH": "ORTH", "TEXT": "ORTH", "LOWER": "LOWER", "NORM": "NORM", "LEMMA": "LEMMA", "POS": "POS"}
# Boolean token flags a gate can ask of the Doc's column: {IS_UPPER: true} needs an upper-case token.
# Lexical: a token's flags are its form's (spaCy keeps them on the Lexeme), so they are
# decided once per form.
FLAGS = ("IS_ALPHA", "IS_ASCII", "IS_DIGIT", "IS_LOWER", "IS_UPPER", "IS_TITLE", "IS_PUNCT",
         "IS_SPACE", "IS_STOP", "LIKE_NUM", "LIKE_URL", "LIKE_EMAIL")


class DocView:
    """One Doc's attribute columns and value sets, built on first use.

    Columns the pipeline recorded while annotating (``tonecheck.nlp.columns``) are taken as they
    are; the other columns rules commonly ask for come out of one ``Doc.to_array`` call (one C
    pass instead of one per attribute); any other attribute is fetched on its own.
    """

    COMMON = ("LOWER", "LEMMA", "POS", "MORPH")  # flags and LENGTH are asked per form (Lexical)

    def __init__(self, doc: Doc, features, lexical: Lexical | None = None):
        self.doc, self.features = doc, features
        self.lexical = Lexical() if lexical is None else lexical
        self._columns: dict[str, list[int]] = columns.all_recorded(doc)
        self.made_sets: dict[str, set[int]] = {}  # attribute -> the Doc's values, once asked for
        self._forms: set[int] | None = None
        self.passing: dict[TokenTest, list[int]] = {}  # test -> positions of passing tokens

    def column(self, attr: str) -> list[int]:
        found = self._columns.get(attr)
        if found is None:
            if attr in self.COMMON and len(self.doc):
                missing = [a for a in self.COMMON if a not in self._columns]
                rows = self.doc.to_array(missing)  # one attribute: a flat array, not one column of a table
                self._columns.update(zip(missing, rows.T.tolist() if len(missing) > 1 else [rows.tolist()],
                                         strict=True))
                found = self._columns[attr]
            else:
                found = self._columns[attr] = columns.read(self.doc, attr)
        return found

    def values(self, attr: str) -> set[int]:
        if attr not in self.made_sets:
            self.made_sets[attr] = set(self.column(attr))
        return self.made_sets[attr]

    def forms(self) -> set[int]:
        """The Doc's distinct forms, each with its flags and length known (``Lexical``)."""
        if self._forms is None:
            self._forms = self.values("ORTH")
            self.lexical.learn(self.doc.vocab, self._forms)
        return self._forms


class Lexical:
    """Which forms meet a token's flag and LENGTH constraints, for one vocabulary.

    A token's flags (IS_UPPER …) and length are its form's, so each test's passing forms are
    kept as a set, grown as new forms are met: a Doc's forms passing a test are one set
    intersection, not a look at every form of every message.

    One Lexical is shared by every thread checking with the same Linter. Writers take a lock;
    readers take none and rely on the order of writes: a form joins ``known`` only after its
    flags and every passing set have it, and a reader meeting a form not yet known waits for
    the writer in ``learn`` (each set operation a reader does is one C call under the GIL).
    """

    def __init__(self):
        self.known: set[int] = set()
        self.flags: dict[int, int] = {}  # form -> its flags as bits, in FLAGS order
        self.lengths: dict[int, int] = {}  # form -> its length in characters (spaCy's LENGTH)
        self.lowers: dict[int, int] = {}  # form -> its lowercase form
        self.passing: dict[TokenTest, set[int]] = {}
        self._writing = threading.Lock()

    def learn(self, vocab, orths: set[int]) -> None:
        if orths <= self.known:
            return
        with self._writing:
            new = orths - self.known  # another thread may have learnt them meanwhile
            if not new:
                return
            for orth in new:
                lexeme = vocab[orth]
                self.flags[orth] = sum(1 << k for k, flag in enumerate(FLAGS) if getattr(lexeme, flag.lower()))
                self.lengths[orth] = len(lexeme.orth_)
                self.lowers[orth] = lexeme.lower
            for test, passing in self.passing.items():
                passing.update(orth for orth in new if test.admits_form(self, orth))
            self.known |= new

    def forms_passing(self, test: TokenTest) -> set[int]:
        found = self.passing.get(test)
        if found is None:
            with self._writing:
                found = self.passing.get(test)
                if found is None:
                    found = self.passing[test] = {orth for orth in self.known if test.admits_form(self, orth)}
        return found


def _plain(token: dict) -> tuple[str, dict]:
    """A pattern token without its quantifier, and a key naming it (equal tokens, equal keys)."""
    plain = {k: v for k, v in token.items() if k != "OP"}
    return repr(sorted(plain.items(), key=lambda kv: str(kv[0]))), plain


def _required_counts(pattern: list) -> dict[str, tuple[dict, int]]:
    """The tokens a pattern requires, by key, each with how many times it is required."""
    counts: dict[str, tuple[dict, int]] = {}
    for token in pattern:
        if isinstance(token, dict) and _required(token.get("OP")):
            key, plain = _plain(token)
            counts[key] = (plain, counts.get(key, (plain, 0))[1] + 1)
    return counts


def _max_width(pattern: list) -> int | None:
    """How many tokens a match of the pattern spans at most; None when a quantifier is unbounded."""
    width = 0
    for token in pattern:
        op = token.get("OP") if isinstance(token, dict) else None
        if op in (None, "1", "?", "!"):
            width += 1
        elif isinstance(op, str) and op.startswith("{") and op.endswith("}"):
            high = op[1:-1].split(",")[-1].strip()
            if not high.isdigit():
                return None
            width += int(high)
        else:
            return None
    return width


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
    """Can this Doc match any of the patterns? A pattern needs, for every token it requires, a
    token of the Doc meeting all of that token's word, lemma, POS, flag, LENGTH and
    ``MORPH IS_SUPERSET`` constraints at once (a loose TokenTest: constraints it does not know
    are skipped, so this is a necessary condition, never a sufficient one)."""

    def __init__(self, patterns: list[list[dict]], strings):
        # per pattern, each required token once, with how often it is required: the same token
        # required n times ("!", "!", "!") needs n such tokens in the Doc
        self.counted, self.windows = [], []
        for pattern in patterns:
            counts = _required_counts(pattern)
            tests = {key: TokenTest.compile(plain, strings, loose=True) for key, (plain, _) in counts.items()}
            self.counted.append([(tests[key], n) for key, (_, n) in counts.items()])
            # a pattern of bounded width with several required tokens: they must also stand in
            # order within that width ("four nouns in a row" is rare; four in a message are not)
            self.windows.append(self._window(pattern, tests))

    @staticmethod
    def _window(pattern: list, tests: dict):
        """(width, the required tokens' tests in order), or None when that cannot help."""
        width = _max_width(pattern)
        required = [t for t in pattern if isinstance(t, dict) and t.get("OP") in (None, "1")]
        if width is None or len(required) < 3:
            return None
        return width, [tests[_plain(t)[0]] for t in required]

    def admits(self, view: DocView) -> bool:
        return any(self.admits_pattern(view, k) for k in range(len(self.counted)))

    def admits_pattern(self, view: DocView, k: int) -> bool:
        """Whether the Doc can match the k-th pattern."""
        return all(test.occurs(view, n) for test, n in self.counted[k]) and _fits(view, self.windows[k])


def _fits(view: DocView, window) -> bool:
    """Whether the required tokens occur in order within the pattern's width (no window: yes)."""
    if window is None:
        return True
    width, tests = window
    positions = [test.positions(view) for test in tests]
    for first in positions[0]:
        last = first
        for later in positions[1:]:
            k = bisect_right(later, last)
            if k == len(later) or later[k] - first >= width:
                break
            last = later[k]
        else:
            return True
    return False


class AnchorIndex:
    """Which specs a Doc may match, from set look-ups of its words rather than a gate per spec.

    A pattern needs, for each token it requires, one of that token's words or lemmas in the
    Doc, and a form with the token's flags and length ("a word of five capitals"). Each distinct
    word list is one requirement; a Doc's words give the set of requirements they meet in one
    pass, and a pattern is possible where its requirements are a subset of it (one C call a
    pattern): "you … did … not" is not asked of every message with a "you" in it. A pattern
    that requires no word is asked for a form passing its flag tests; one that requires neither
    a word nor a flag is always possible.
    """

    def __init__(self):
        self.requirements: dict[tuple[str, frozenset], int] = {}  # (attribute, values) -> number
        self.by_value: dict[str, dict[int, list[int]]] = {}  # attribute -> value -> requirements it meets
        self.values: dict[str, set[int]] = {}  # per attribute, every required value (for one intersection)
        self.patterns: list[tuple[str, frozenset, tuple]] = []  # (key, requirements, flag tests)
        self.always: set[str] = set()

    def add(self, key: str, gate: Gate) -> None:
        for tests in gate.counted:
            words, lexical = _requirements(tests)
            if not words and not lexical:
                self.always.add(key)
            else:
                self.patterns.append((key, frozenset(self._number(attr, values) for attr, values in words), lexical))

    def _number(self, attr: str, values: frozenset) -> int:
        number = self.requirements.get((attr, values))
        if number is None:
            number = self.requirements[attr, values] = len(self.requirements)
            index = self.by_value.setdefault(attr, {})
            for value in values:
                index.setdefault(value, []).append(number)
            self.values.setdefault(attr, set()).update(values)
        return number

    def candidates(self, view: DocView) -> set[str]:
        met: set[int] = set()
        for attr, index in self.by_value.items():  # the column is read, not made a set: 2 µs less
            for value in self.values[attr].intersection(view.column(attr)):
                met.update(index[value])
        found = set(self.always)
        for key, requirements, lexical in self.patterns:
            if requirements <= met and key not in found and (not lexical or all(t.has_form(view) for t in lexical)):
                found.add(key)
        return found


def _requirements(tests: list[tuple[TokenTest, int]]) -> tuple[list[tuple[str, frozenset]], tuple]:
    """A pattern's set-look-up requirements: the word and lemma lists its required tokens draw
    from; for a pattern that requires no word, the tests of its tokens whose flags or length are
    constrained (with words to go by, a flag such as IS_ALPHA rules out next to nothing)."""
    words = [word for test, _ in tests for word in _word_lists(test)]
    lexical = () if words else tuple(test for test, _ in tests if test.lexical)
    return list(dict.fromkeys(words)), lexical


class GatedMatcher:
    """A spaCy Matcher run only on Docs its Gate admits; its REGEX tests are time-limited."""

    def __init__(self, key: str, patterns: list, vocab):
        self.matcher = Matcher(vocab, validate=True)
        self.matcher.add(key, patterns)
        self.gate = Gate(patterns, vocab.strings)
        self.regexes = [TimedRegex(p) for p in self.matcher._extra_predicates if "REGEX" in p.operators]

    def __call__(self, view: DocView) -> list[tuple[int, int]]:
        if not self.gate.admits(view):
            return []
        return [(start, end) for _, start, end in self.matcher(view.doc)]


REGEX_SECONDS = 0.1  # for one REGEX on one word: a sane one takes microseconds


class TimedRegex:
    """A REGEX of a team's token pattern, run by the ``regex`` module with a time limit.

    spaCy's Matcher runs REGEX with Python's ``re``, where a pattern such as ``^(a|a)+$``
    backtracks for as long as the word is long to the power of its nesting: one word hung a
    run. Put in the place of the Matcher's own expression (its predicate's ``value``), the same
    pattern, by ``regex``'s compatible rules, stops after ``REGEX_SECONDS``, and the run stops
    with a rule-file error naming the rule (``where``, set by the kind that compiled it).
    """

    def __init__(self, predicate):
        self.pattern = predicate.value.pattern
        self.compiled = regex.compile(self.pattern)
        self.where = ("(a rule)", "match")
        predicate.value = self

    def search(self, text: str):
        try:
            return within(lambda seconds: self.compiled.search(text, timeout=seconds), REGEX_SECONDS)
        except TimeoutError:
            from tonecheck.rulebook.rules import RuleError

            raise RuleError(*self.where, f"REGEX {reprlib.repr(self.pattern)} ran over {REGEX_SECONDS} s on "
                            "one word (nested repeats such as (a|a)+ backtrack without end)") from None


COMPARE = {"==": operator.eq, "!=": operator.ne, ">=": operator.ge, "<=": operator.le,
           ">": operator.gt, "<": operator.lt}


class TokenTest:
    """One token's constraints: word/lemma/POS values and IN/NOT_IN lists and sentence starts
    checked column by column; boolean flags (IS_UPPER …) and LENGTH comparisons decided per
    distinct form; MORPH IS_SUPERSET per distinct analysis; plain ``_`` extension values last,
    on the few tokens left.

    Exact (the default): any other constraint makes ``compile`` return None, and the Matcher
    decides. Loose (for gates): other constraints and extensions are skipped, which leaves a
    necessary condition.
    """

    def __init__(self, words, flags: tuple[int, int], lengths, features, extensions):
        self.words, self.lengths, self.features, self.extensions = words, lengths, features, extensions
        self.mask, self.bits = flags  # the flags constrained, and the values they must have
        # a test of flags or LENGTH is decided per form, and its ORTH / LOWER constraints with it
        self.lexical = bool(self.mask or self.lengths)
        self.form_words = [w for w in words if w[0] in ("ORTH", "LOWER")] if self.lexical else []
        self.column_words = [w for w in words if w not in self.form_words]
        # the usual token, one word list and nothing else, is asked of a position in one look-up
        self.one_list = ((words[0][0], words[0][1]) if len(words) == 1 and words[0][2] is None
                         and not (self.lexical or features or extensions) else None)
        self._passes: dict[int, bool] = {}  # morphology hash -> meets ``features``
        # equal constraints are one test: a gate's and its pattern's tokens, and the same token
        # in several patterns and rules, share their passing forms and positions
        self.signature = (tuple(words), self.mask, self.bits, tuple(lengths), tuple(features), tuple(extensions))
        self._hash = hash(self.signature)

    def __hash__(self) -> int:
        return self._hash

    def __eq__(self, other) -> bool:
        return self is other or (isinstance(other, TokenTest) and self.signature == other.signature)

    @classmethod
    def compile(cls, token, strings, loose: bool = False) -> TokenTest | None:
        if not isinstance(token, dict):
            return None
        words, lengths, features, extensions, mask, bits = [], [], [], [], 0, 0
        for name, value in token.items():
            upper = str(name).upper()
            constraint = _word_constraint(value, strings) if upper in WORDS else None
            if constraint:
                words.append((WORDS[upper], *constraint))
            elif upper in FLAGS and isinstance(value, bool):
                bit = 1 << FLAGS.index(upper)
                mask, bits = mask | bit, bits | (bit if value else 0)
            elif upper == "IS_SENT_START" and isinstance(value, bool):  # the Matcher asks sent_start == 1
                one = frozenset({1})
                words.append(("SENT_START", one, None) if value else ("SENT_START", None, one))
            elif upper == "LENGTH" and _comparisons(value):
                lengths.extend(value.items() if isinstance(value, dict) else [("==", value)])
            elif upper == "MORPH" and isinstance(value, dict) and set(value) == {"IS_SUPERSET"} \
                    and _strings(value["IS_SUPERSET"]):
                features.append(frozenset(value["IS_SUPERSET"]))
            elif name == "_" and isinstance(value, dict) and all(isinstance(v, bool) for v in value.values()):
                if not loose:
                    extensions.extend(value.items())
            elif not loose:
                return None  # OP, regex, fuzzy …: leave it to the Matcher
        # IN / equality first, as they rule out the most; a sentence start rules out the fewest
        words.sort(key=lambda w: (w[1] is None, w[0] == "SENT_START"))
        return cls(words, (mask, bits), lengths, features, extensions)

    def occurs(self, view: DocView, times: int = 1) -> bool:
        """Whether at least ``times`` tokens pass; one value list alone is a set look-up."""
        if times == 1 and not (self.features or self.extensions):
            if self.lexical and not self.column_words:  # flags and forms only: one intersection
                return self.has_form(view)
            if len(self.words) == 1 and not self.lexical and self.words[0][2] is None:
                attr, allowed, _ = self.words[0]
                return not view.values(attr).isdisjoint(allowed)
        return len(self.positions(view)) >= times

    def admits_form(self, lexical: Lexical, orth: int) -> bool:
        """Whether a form meets the flag, LENGTH, ORTH and LOWER constraints."""
        if lexical.flags[orth] & self.mask != self.bits:
            return False
        if not all(COMPARE[op](lexical.lengths[orth], number) for op, number in self.lengths):
            return False
        return all(_accepts(orth if attr == "ORTH" else lexical.lowers[orth], allowed, forbidden)
                   for attr, allowed, forbidden in self.form_words)

    def _features_met(self, view: DocView, key: int) -> bool:
        """Whether a morphology hash has every feature asked, decided once per analysis."""
        passes = self._passes.get(key)
        if passes is None:
            passes = self._passes[key] = all(f <= view.features(key) for f in self.features)
        return passes

    def has_form(self, view: DocView) -> bool:
        """Whether one of the Doc's forms meets the flag, LENGTH, ORTH and LOWER constraints."""
        forms = view.forms()  # learns the Doc's new forms first
        return not view.lexical.forms_passing(self).isdisjoint(forms)

    def _forms(self, view: DocView) -> set[int]:
        """The Doc's forms whose flags and length meet the constraints."""
        forms = view.forms()  # learns the Doc's new forms first
        return view.lexical.forms_passing(self) & forms

    def passes_at(self, view: DocView, i: int) -> bool:
        """Whether token ``i`` passes (what ``positions`` decides for every token at once)."""
        if self.one_list is not None:
            attr, allowed = self.one_list
            return view.column(attr)[i] in allowed
        if self.lexical:
            view.forms()  # learns the Doc's new forms
            if view.column("ORTH")[i] not in view.lexical.forms_passing(self):
                return False
        if not all(_accepts(view.column(attr)[i], allowed, forbidden)
                   for attr, allowed, forbidden in self.column_words):
            return False
        if self.features and not self._features_met(view, view.column("MORPH")[i]):
            return False
        return all(_reader(name)(view.doc[i]) == value for name, value in self.extensions)

    def positions(self, view: DocView) -> list[int]:
        """The passing tokens' positions in order, worked out once per Doc for equal tests."""
        found = view.passing.get(self)
        if found is None:
            found = view.passing[self] = self._positions(view)
        return found

    def _positions(self, view: DocView) -> list[int]:
        made = view.made_sets  # where the Doc's value set is made already, one look-up may rule it out;
        for attr, allowed, _ in self.column_words:  # making one for this alone costs more than a scan
            if allowed is not None and attr in made and made[attr].isdisjoint(allowed):
                return []
        if self.lexical:
            forms = self._forms(view)
            if not forms:
                return []
            candidates = list(compress(range(len(view.doc)), map(forms.__contains__, view.column("ORTH"))))
        else:
            candidates = range(len(view.doc))
        for attr, allowed, forbidden in self.column_words:
            column = view.column(attr)
            if forbidden is None and isinstance(candidates, range):  # the first scan of every token: in C
                candidates = list(compress(candidates, map(allowed.__contains__, column)))
            elif forbidden is None:
                candidates = [i for i in candidates if column[i] in allowed]
            elif allowed is None:
                candidates = [i for i in candidates if column[i] not in forbidden]
            else:
                candidates = [i for i in candidates if column[i] in allowed and column[i] not in forbidden]
            if not candidates:
                return []
        if self.features:  # decided once per analysis: analyses are few, tokens many
            column = view.column("MORPH")
            candidates = [i for i in candidates if self._features_met(view, column[i])]
        for name, value in self.extensions:
            read = _reader(name)
            candidates = [i for i in candidates if read(view.doc[i]) == value]
        return list(candidates)


def _accepts(value: int, allowed: frozenset | None, forbidden: frozenset | None) -> bool:
    """Whether a value is in the IN list (if any) and not in the NOT_IN list (if any)."""
    return (allowed is None or value in allowed) and (forbidden is None or value not in forbidden)


def _reader(name: str):
    """How to read a token's ``_`` value: its getter, called directly (building ``token._``
    costs more than most getters), or the stored value."""
    getter = (Token.get_extension(name) or (None,) * 4)[2]
    return getter if getter is not None else lambda token: token._.get(name)


def _comparisons(value) -> bool:
    if isinstance(value, dict):
        return bool(value) and all(op in COMPARE and isinstance(n, int) for op, n in value.items())
    return isinstance(value, int) and not isinstance(value, bool)


class TokenTests:
    """Patterns that are each one token, matched without a Matcher: (i, i + 1) per token."""

    def __init__(self, tests: list[TokenTest], gate: Gate):
        self.tests, self.gate = tests, gate

    @classmethod
    def compile(cls, patterns: list, strings, gate: Gate) -> TokenTests | None:
        one_token = all(isinstance(p, list) and len(p) == 1 for p in patterns)
        tests = [TokenTest.compile(p[0], strings) for p in patterns] if one_token else []
        return cls(tests, gate) if tests and all(tests) else None

    def __call__(self, view: DocView) -> list[tuple[int, int]]:
        if len(self.tests) == 1:  # positions are in order and distinct already
            return [(i, i + 1) for i in self.tests[0].positions(view)]
        positions = sorted({i for test in self.tests for i in test.positions(view)})
        return [(i, i + 1) for i in positions]


QUANTIFIERS = (None, "?", "*", "+")  # spaCy's "!" and "{n,m}" are left to the Matcher …
OPTIONAL = ("?", "*")
REPEATS = ("*", "+")
WALK_STEPS = 8, 10_000  # (a token, a Doc): the steps the walk for every match may take, then leftmost-longest


class MatcherTest:
    """One token's constraints that a TokenTest does not know (REGEX, FUZZY, TAG …), asked of a
    one-token spaCy Matcher once per Doc, so that a pattern repeating it can still be walked in
    linear time; its REGEX runs with the same time limit as a GatedMatcher's."""

    words: list = []  # no word list to start from or to gate on

    def __init__(self, token: dict, vocab):
        self.matcher = Matcher(vocab, validate=True)
        self.matcher.add("token", [[token]])
        self.regexes = [TimedRegex(p) for p in self.matcher._extra_predicates if "REGEX" in p.operators]

    def positions(self, view: DocView) -> list[int]:
        found = view.passing.get(self)
        if found is None:
            found = view.passing[self] = sorted({start for _, start, _ in self.matcher(view.doc)})
        return found

    def passes_at(self, view: DocView, i: int) -> bool:
        key = (self, "at")
        at = view.passing.get(key)
        if at is None:
            at = view.passing[key] = set(self.positions(view))
        return i in at


def _unbounded(patterns: list) -> bool:
    """Whether a pattern repeats a token without bound (``+``, ``*``, ``{n,}``): the Matcher's
    matches in a run of passing tokens are then quadratic in its length."""
    return any(isinstance(token, dict) and (token.get("OP") in REPEATS or _open_range(token.get("OP")))
               for pattern in patterns if isinstance(pattern, list) for token in pattern)


def _open_range(op) -> bool:
    return isinstance(op, str) and op.startswith("{") and op.endswith("}") and op[1:-1].strip().endswith(",")


def _spelled_out(pattern: list) -> list[tuple[dict, str | None]] | None:
    """A pattern as (token without its OP, quantifier) with ``{n}``, ``{n,m}``, ``{n,}`` and
    ``{,m}`` written out as n plain tokens and then ``?``s or one ``*``, as spaCy itself expands
    them; None for anything else."""
    out = []
    for token in pattern:
        if not isinstance(token, dict):
            return None
        op, plain = token.get("OP"), {k: v for k, v in token.items() if k != "OP"}
        if op in (None, "1"):
            out.append((plain, None))
        elif op in ("?", "*", "+", "!"):
            out.append((plain, op))
        elif isinstance(op, str) and op.startswith("{") and op.endswith("}"):
            low, _, high = op[1:-1].partition(",") if "," in op else (op[1:-1], "", op[1:-1])
            low, high = low.strip() or "0", high.strip()
            if not low.isdigit() or (high and not high.isdigit()):
                return None
            out += [(plain, None)] * int(low)
            out += [(plain, "*")] if not high else [(plain, "?")] * (int(high) - int(low))
        else:
            return None
    return out


class SequenceTests:
    """Patterns of tokens with exact TokenTests, each token once or quantified with ``?``,
    ``*`` or ``+``, matched from the tokens' positions instead of spaCy's Matcher.

    A fixed run of tokens matches where the first passes and every later one passes at its
    offset; a pattern with quantifiers is walked as a small automaton from every position where
    it can begin, giving every (start, end) it matches, as the Matcher does (within a budget of
    steps, past which it is matched leftmost-longest). A Doc lacking a required word never gets
    here (the anchor index); patterns led by a POS or a flag ask their gate first.
    """

    def __init__(self, patterns: list[tuple[list, list[str | None]]], gate: Gate):
        self.patterns, self.gate = patterns, gate
        # patterns that each begin with a word ("you …", "i can't …") start from the few tokens
        # with that word, which costs less than the gate's look at every required token; the
        # anchor index has vouched for their words before a Doc gets here
        self.word_led = all(ops[0] is None and _word_lists(tests[0]) for tests, ops in patterns)
        self.regexes = [r for tests, _ in patterns for t in tests for r in getattr(t, "regexes", ())]
        # only a lone word-led pattern goes unasked: the anchor index lets a Doc in when any one
        # pattern's words are there, so of a spec of forty each is asked for its own words (set
        # look-ups, before any column scan or walk)
        self.vouched = self.word_led and len(patterns) == 1

    @classmethod
    def compile(cls, patterns: list, strings, gate: Gate, vocab=None) -> SequenceTests | None:
        """Exact TokenTests and ``?``/``*``/``+`` only; with ``vocab`` (for patterns with an
        unbounded repeat) also ``!``, ``{n,m}`` and any constraint, through MatcherTests."""
        compiled = []
        for pattern in patterns:
            if not (isinstance(pattern, list) and pattern and all(isinstance(t, dict) for t in pattern)):
                return None
            spelled = _spelled_out(pattern) if vocab is not None else \
                [({k: v for k, v in t.items() if k != "OP"}, t.get("OP")) for t in pattern]
            if spelled is None or not spelled:
                return None
            ops = [op for _, op in spelled]
            if vocab is None and (not all(op in QUANTIFIERS for op in ops) or all(op in OPTIONAL for op in ops)):
                return None  # an all-optional pattern could match nothing: the Matcher's call
            tests = [TokenTest.compile(plain, strings) or (MatcherTest(plain, vocab) if vocab is not None else None)
                     for plain, _ in spelled]
            if not all(tests):
                return None
            compiled.append((tests, ops))
        return cls(compiled, gate)

    def __call__(self, view: DocView) -> list[tuple[int, int]]:
        found = set()
        for k, (tests, ops) in enumerate(self.patterns):
            if not self.vouched and not self.gate.admits_pattern(view, k):  # this one's words are absent
                continue
            if any(ops):
                every = _walk(tests, ops, view)
                found.update(_leftmost_longest(tests, ops, view) if every is None else every)
            else:  # where the first token passes, the others are asked at their offsets
                last = len(view.doc) - len(tests)
                found.update((i, i + len(tests)) for i in tests[0].positions(view)
                             if i <= last and all(t.passes_at(view, i + k) for k, t in enumerate(tests[1:], 1)))
        return sorted(found)


def _word_lists(test: TokenTest) -> list[tuple[str, frozenset]]:
    """The lists of words or lemmas a token test requires one of."""
    return [(attr, allowed) for attr, allowed, _ in test.words
            if allowed is not None and attr in WORDS and attr != "POS"]


class _Automaton:
    """A quantified pattern as the places a walk can be in: what each place asks of a token
    (``!`` asks that the token fail its test), where passing leads, where a walk may begin."""

    def __init__(self, tests: list, ops: list, view: DocView):
        self.tests, self.ops, self.view, self.last = tests, ops, view, len(ops)
        self.size, self.memo = len(view.doc), {}
        self.reach = [self.closure({j}) for j in range(self.last + 1)]
        self.begin = self.reach[0]
        self.next = [frozenset(self.reach[j + 1] | (self.reach[j] if ops[j] in REPEATS else frozenset()))
                     for j in range(self.last)]

    def closure(self, states: set[int]) -> frozenset:  # optional tokens may be skipped
        states = set(states)
        for j in sorted(states):
            while j < self.last and self.ops[j] in OPTIONAL:
                j += 1
                states.add(j)
        return frozenset(states)

    def passes(self, j: int, i: int) -> bool:
        found = self.memo.get((j, i))
        if found is None:
            found = self.memo[j, i] = self.tests[j].passes_at(self.view, i) != (self.ops[j] == "!")
        return found

    def starts(self) -> list[int]:
        """Where a walk may begin: where a token of a beginning place passes."""
        out: set[int] = set()
        for j in self.begin:
            if j < self.last:
                passing = self.tests[j].positions(self.view)
                out.update(set(range(self.size)).difference(passing) if self.ops[j] == "!" else passing)
        return sorted(out)


def _walk(tests: list, ops: list, view: DocView) -> list[tuple[int, int]] | None:
    """Every (start, end) a quantified pattern matches: from each position where it can begin,
    the set of pattern places reached after each token, as the Matcher's states advance. None
    when that takes more than ``WALK_STEPS`` (a repeat over a long run: quadratic)."""
    auto = _Automaton(tests, ops, view)
    last, size = auto.last, auto.size
    budget = WALK_STEPS[0] * size + WALK_STEPS[1]
    found = []
    for start in auto.starts():
        states, i = auto.begin, start
        while states and i < size:
            budget -= len(states)
            if budget < 0:
                return None
            after = set()
            for j in states:
                if j < last and auto.passes(j, i):
                    after |= auto.next[j]
            states, i = after, i + 1
            if last in states:
                found.append((start, i))
    return found


def _leftmost_longest(tests: list, ops: list, view: DocView) -> list[tuple[int, int]]:
    """A quantified pattern's matches as a regular expression finds them: the leftmost start,
    its longest match, the next search from its end. Walks that reach the same place together
    go on as one (the earliest start kept), so a search costs the tokens it reads, however long
    a run of passing tokens is."""
    auto = _Automaton(tests, ops, view)
    last, size, starts = auto.last, auto.size, auto.starts()
    found, k = [], 0
    while k < len(starts):
        threads: dict[int, int] = {}  # place -> the earliest start walking there
        best, i = None, starts[k]
        while i < size:
            if best is None and k < len(starts) and starts[k] == i:
                for j in auto.begin:
                    threads.setdefault(j, i)
                k += 1
            if not threads:
                if best is not None or k == len(starts):
                    break
                i = starts[k]
                continue
            after: dict[int, int] = {}
            for j, start in threads.items():
                if j < last and auto.passes(j, i):
                    for place in auto.next[j]:
                        if after.get(place, size) > start:
                            after[place] = start
            i += 1
            if last in after:
                start = after.pop(last)
                if best is None or start < best[0] or (start == best[0] and i > best[1]):
                    best = (start, i)
            if best is not None:  # a later start can no longer be the leftmost
                after = {j: start for j, start in after.items() if start <= best[0]}
            threads = after
        if best is None:
            break
        found.append(best)
        k = bisect_left(starts, best[1])
    return found


def compile_patterns(key: str, patterns: list, vocab):
    """The fastest exact way to match these patterns (spaCy validates them either way); patterns
    with an unbounded repeat are walked here whatever their constraints (never the Matcher's
    quadratic way)."""
    checked = GatedMatcher(key, patterns, vocab)  # raises on a malformed pattern
    return (TokenTests.compile(patterns, vocab.strings, checked.gate)
            or SequenceTests.compile(patterns, vocab.strings, checked.gate)
            or (_unbounded(patterns) and SequenceTests.compile(patterns, vocab.strings, checked.gate, vocab))
            or checked)


def morph_features(vocab, cache: dict[int, frozenset]):
    """A cached lookup of a morphology hash's "Feat=Val" strings, split as the Matcher splits them."""
    def features(key: int) -> frozenset:
        if key not in cache:
            cache[key] = frozenset(MorphAnalysis.from_id(vocab, key))
        return cache[key]
    return features
