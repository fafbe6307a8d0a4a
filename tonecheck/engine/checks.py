"""The closed set of rule kinds. Each compiles its YAML settings once and runs over a Doc.

  pattern      words or token patterns, with guards (``unless`` / ``only-if``) that keep
               reassurance, conditionals, questions and the like from being flagged; guards
               may also read the quoted message a reply answers
  whole        the whole message is one bare phrase ("Ок", "Нет.", "Dunno")
  opening      the message must open with one of the phrases (a greeting)
  consistency  two sides that must not mix in one message (ты-forms vs вы-forms); the
               minority side, or in a formal team the informal side, is flagged and rewritten
  agreement    word pairs whose gender or number must agree ("Уважаемый Анна", "Вы сказал")
  coverage     a reply must answer or defer every question of the message it quotes
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import compress

from spacy.tokens import Doc, Span

from tonecheck.engine import recipes as suggest
from tonecheck.match.pool import Matchable, MatcherPool, SpecError, lemma_key
from tonecheck.nlp import columns
from tonecheck.nlp.inflect import Addressee, agree, disagrees, inflect, match_case
from tonecheck.nlp.morph import best, parses
from tonecheck.rulebook.rules import LanguageSpec, Rule, RuleError


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
    _quoted_doc: Doc | None = field(default=None, repr=False)

    def __post_init__(self):
        self.text = self.text or self.doc.text  # Doc.text is rebuilt on every access: keep it

    def quoted_doc(self, nlp) -> Doc | None:
        """The quoted message without its "> " marks, parsed once for every rule that reads it."""
        if self.quoted and self._quoted_doc is None:
            self._quoted_doc = nlp(_QUOTE_MARKS.sub("", self.quoted))
        return self._quoted_doc

    @property
    def quoted_doc_made(self) -> Doc | None:
        """The quoted message's Doc if a check has asked for it (None otherwise)."""
        return self._quoted_doc

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

    def is_question(self, i: int) -> bool:
        """Whether token ``i``'s sentence has a "?" in it."""
        starts, mark = self.sentence_starts, self.doc.vocab.strings.add("?")
        start = end = starts[i]
        while end < len(starts) and starts[end] == start:
            end += 1
        return mark in self.orths[start:end]

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


_QUOTE_MARKS = re.compile(r"(?m)^[ \t]*(?:>[ \t]?)+")

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


class Check:
    """Shared construction: the rule, the language section, and helpers that name the field."""

    SETTINGS: tuple[str, ...] = ()
    # The match key a finding needs: a message where the pool cannot match it skips the check
    # (no call at all: most rules of most messages). None: the check always runs.
    trigger: str | None = None

    def __init__(self, rule: Rule, spec: LanguageSpec, nlp, lexicons, pool=None):
        self.rule, self.spec, self.nlp, self.lexicons, self.pool = rule, spec, nlp, lexicons, pool
        unknown = set(spec.settings) - set(self.SETTINGS)
        if unknown:
            raise RuleError(rule.path, f"{spec.language}.{sorted(unknown)[0]}",
                            f"unknown setting for kind '{rule.kind}' (allowed: {', '.join(self.SETTINGS)})")
        try:
            self.recipe = suggest.build(spec.suggest, spec.language)
        except suggest.RecipeError as exc:
            raise RuleError(rule.path, f"{spec.language}.suggest", str(exc)) from None

    def matchable(self, field_name: str, value, pool=None) -> Matchable:
        try:
            return Matchable(value, self.nlp, self.lexicons, pool or self.pool)
        except SpecError as exc:
            raise RuleError(self.rule.path, f"{self.spec.language}.{field_name}", str(exc)) from None

    def required(self, key: str):
        if key not in self.spec.settings:
            raise RuleError(self.rule.path, f"{self.spec.language}.{key}", "required for kind " + self.rule.kind)
        return self.spec.settings[key]

    def hit(self, span: Span, ctx: Context, found: Matchable | None = None) -> Hit:
        edit = self.recipe(span, ctx, found) if self.recipe else None
        if edit is None:
            return Hit(span.start_char, span.end_char, None, span.text)
        # a wider edit (the whole sentence for an appended alternative) is reported over its own
        # range so that applying it is a plain replacement; the message still quotes the words
        return Hit(edit.start, edit.end, edit.text, span.text)

    def run(self, ctx: Context) -> list[Hit]:
        raise NotImplementedError


GUARD_SCOPES = ("sentence", "before", "just-before", "after", "just-after", "message", "quoted")


class PatternCheck(Check):
    """``match`` finds the words; guards drop a match by what stands around it.

    The ``quoted`` scope looks in the message the reply quotes (no quote: ``only-if`` fails,
    ``unless`` passes); ``in-quoted: true`` drops words the quoted message itself used (the
    asker knows their own term). ``first-mention`` judges each term at its first use only, so
    a term explained once is not flagged again; ``once`` reports at most one match a message.
    """

    SETTINGS = ("match", "unless", "only-if", "at", "first-mention", "once")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.quoted_pool: MatcherPool | None = None  # a quoted message is a Doc of its own
        self.match = self.matchable("match", self.required("match"))
        self.trigger = self.match.key
        self.unless = self._guards("unless", allow_flags=True)
        self.only_if = self._guards("only-if", allow_flags=False)
        self.at = spec.settings.get("at", "anywhere")
        if self.at not in ("anywhere", "start"):
            raise RuleError(rule.path, f"{spec.language}.at", "must be 'anywhere' or 'start'")
        self.first_mention = bool(spec.settings.get("first-mention", False))
        self.once = bool(spec.settings.get("once", False))
        # the asker's own terms: the same spec run over the quoted message
        self.match_quoted = (self.matchable("match", self.required("match"), self._quoted_pool())
                             if self.unless.get("in-quoted") else None)

    def _quoted_pool(self) -> MatcherPool:
        if self.quoted_pool is None:
            self.quoted_pool = MatcherPool(self.nlp)
        return self.quoted_pool

    def _guards(self, key: str, allow_flags: bool) -> dict:
        """Guards by scope; a scope may list several specs (unless: any of them; only-if: all)."""
        raw = self.spec.settings.get(key) or {}
        if not isinstance(raw, dict):
            raise RuleError(self.rule.path, f"{self.spec.language}.{key}", "must be a mapping")
        guards = {}
        for scope, value in raw.items():
            if scope in ("question", "in-quoted") and allow_flags:
                guards[scope] = bool(value)
            elif scope in GUARD_SCOPES:
                specs = value if isinstance(value, list) else [value]
                pool = self._quoted_pool() if scope == "quoted" else self.pool
                guards[scope] = [self.matchable(f"{key}.{scope}", s, pool) for s in specs]
            else:
                allowed = GUARD_SCOPES + (("question", "in-quoted") if allow_flags else ())
                raise RuleError(self.rule.path, f"{self.spec.language}.{key}.{scope}",
                                "unknown guard (allowed: " + ", ".join(allowed) + ")")
        return guards

    @staticmethod
    def _found(ctx: Context, guards: dict, taken: set, settled: tuple = ("quoted",)) -> dict:
        """Guard matches per scope (one list per spec) as (start, end, sentence start) triples,
        ignoring words the rule itself matched; ``settled`` scopes were decided before."""
        starts = ctx.sentence_starts
        return {scope: [[(start, end, starts[start]) for start, end in m.offsets(ctx.doc)
                         if taken.isdisjoint(range(start, end))] for m in ms]
                for scope, ms in guards.items() if scope in GUARD_SCOPES and scope not in settled}

    def _softened(self, ctx: Context, taken: set) -> bool:
        """Whether an ``unless: message`` guard is found: it drops every match at once."""
        return any(taken.isdisjoint(range(start, end))
                   for m in self.unless.get("message", ()) for start, end in m.offsets(ctx.doc))

    def _quote_allows(self, ctx: Context) -> bool:
        """The quoted-message guards: ``only-if`` needs a quote with every spec, ``unless`` none."""
        needs, forbids = self.only_if.get("quoted"), self.unless.get("quoted")
        if not needs and not forbids:
            return True
        quoted = ctx.quoted_doc(self.nlp)
        if quoted is None:
            return not needs
        return (all(m.find(quoted) for m in needs or ())
                and not any(m.find(quoted) for m in forbids or ()))

    def _terms(self, span: Span) -> set[str]:
        """A term's names: as written, by lemma, and by its word-list entry ("прод" and "проде"
        share the gloss "рабочая система")."""
        return {span.text.lower(), lemma_key(span), "=> " + (self.match.replacement(span) or span.text.lower())}

    def _asked(self, ctx: Context) -> set[str]:
        """The terms the quoted message itself used."""
        if self.match_quoted is None or not ctx.quoted:
            return set()
        return {name for s in self.match_quoted.find(ctx.quoted_doc(self.nlp)) for name in self._terms(s)}

    def run(self, ctx: Context) -> list[Hit]:
        doc = ctx.doc
        if self.only_if.get("quoted") and not ctx.quoted:
            return []
        spans = self.match.find(doc)
        if self.at == "start":
            spans = [s for s in spans if ctx.first_segment and ctx.sentence_starts[s.start] == _first_sentence(doc)]
        if self.first_mention:
            spans = list({lemma_key(s): s for s in reversed(spans)}.values())[::-1]
        if not spans or not self._quote_allows(ctx):
            return []
        taken = {i for s in spans for i in range(s.start, s.end)}
        if self._softened(ctx, taken):
            return []
        unless = self._found(ctx, self.unless, taken, settled=("quoted", "message"))
        only_if = self._found(ctx, self.only_if, taken)
        asked = self._asked(ctx)
        hits = []
        for span in spans:
            sent_start = ctx.sentence_starts[span.start]
            if self.unless.get("question") and ctx.is_question(span.start):
                continue
            if asked and self._terms(span) & asked:
                continue
            if any(_in_scope(span, sent_start, g, scope)
                   for scope, lists in unless.items() for gs in lists for g in gs):
                continue
            if not all(any(_in_scope(span, sent_start, g, scope) for g in gs)
                       for scope, lists in only_if.items() for gs in lists):
                continue
            hits.append(self.hit(span, ctx, self.match))
            if self.once:
                break
        return hits


def _first_sentence(doc: Doc) -> int:
    for sent in doc.sents:
        if any(not t.is_space for t in sent):
            return sent.start
    return 0


def _in_scope(span: Span, sent_start: int, guard: tuple[int, int, int], scope: str) -> bool:
    """Whether a guard match (start, end, sentence start) is where the scope looks."""
    if scope == "message":
        return True
    start, end, guard_sent = guard
    if guard_sent != sent_start:
        return False
    if scope == "before":
        return end <= span.start
    if scope == "just-before":
        return end == span.start
    if scope == "just-after":
        return start == span.end
    if scope == "after":
        return start >= span.end
    return True


class WholeCheck(Check):
    """The message consists of nothing but one of the phrases."""

    SETTINGS = ("match",)

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.trigger = self.match.key

    def run(self, ctx: Context) -> list[Hit]:
        if not ctx.whole_message:
            return []
        words = ctx.words
        if not words:
            return []
        for span in self.match.find(ctx.doc):
            if span.start <= words[0] and span.end > words[-1]:
                return [self.hit(span, ctx, self.match)]
        return []


class OpeningCheck(Check):
    """The first words of the message must include one of the phrases."""

    SETTINGS = ("match", "window", "min-words", "not-names")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.window = int(spec.settings.get("window", 6))
        self.min_words = int(spec.settings.get("min-words", 1))
        not_names = spec.settings.get("not-names")
        self.not_names = set(lexicons.get(not_names).phrases) if not_names else set()

    def run(self, ctx: Context) -> list[Hit]:
        if not ctx.first_segment:
            return []
        doc = ctx.doc
        words, enough = ctx.first_words(max(self.window, 2), self.min_words)
        if not enough:  # fewer than min-words
            return []
        limit = words[min(self.window, len(words)) - 1]
        if any(start <= limit for start, _ in self.match.offsets(doc)):
            return []
        first = words[0]
        span = doc[first: first + 1]
        vocative = len(words) > 1 and words[1] == first + 2 and doc[first + 1].text == ","
        if vocative and self._is_name(doc[first], ctx):
            # "Анна, пришлите отчёт" -> "Здравствуйте, Анна! Пришлите отчёт"
            span = Span(doc, first, words[1] + 1, label="vocative")
        return [self.hit(span, ctx, self.match)]

    def _is_name(self, token, ctx: Context) -> bool:
        """Whether a message-opening word before a comma is the addressee's name."""
        if ctx.addressee and token.text == ctx.addressee.first:
            return True
        if ctx.language == "ru":
            return bool({"Name", "Patr"} & best(token.text).tag.grammemes)
        return token.is_title and token.lower_ not in self.not_names


class ConsistencyCheck(Check):
    """Two sides (ты-forms, вы-forms) that must not be mixed when writing to one person."""

    SETTINGS = ("sides", "formal-side", "when", "unless", "convert")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        sides = self.required("sides")
        if not isinstance(sides, dict) or len(sides) != 2:
            raise RuleError(rule.path, f"{spec.language}.sides", "exactly two named sides")
        self.sides = {name: self.matchable(f"sides.{name}", s) for name, s in sides.items()}
        self.formal_side = self.required("formal-side")
        if self.formal_side not in self.sides:
            raise RuleError(rule.path, f"{spec.language}.formal-side", "must name one of the sides")
        self.when = spec.settings.get("when", "mixed")
        if self.when not in ("mixed", "unmixed"):
            raise RuleError(rule.path, f"{spec.language}.when", "must be 'mixed' or 'unmixed'")
        unless = spec.settings.get("unless")
        self.unless = self.matchable("unless", unless) if unless else None
        convert = self.required("convert")
        if not isinstance(convert, dict) or not all(isinstance(v, str) for v in convert.values()):
            raise RuleError(rule.path, f"{spec.language}.convert", "a mapping of lemma to lemma")
        self.convert = convert

    def run(self, ctx: Context) -> list[Hit]:
        doc = ctx.doc
        if self.unless is not None and self.unless.find(doc):
            return []
        found = {name: m.find(doc) for name, m in self.sides.items()}
        present = [name for name, spans in found.items() if spans]
        other = next(n for n in self.sides if n != self.formal_side)
        if self.when == "unmixed":
            if present != [other]:
                return []
            target = self.formal_side
        else:
            if len(present) != 2:
                return []
            target = self._target(found, ctx.formality)
        flagged = next(n for n in self.sides if n != target)
        return [self._convert(span, ctx, target == self.formal_side, doc) for span in found[flagged]]

    def _target(self, found: dict, formality: str) -> str:
        if formality == "formal":
            return self.formal_side
        a, b = list(found)
        if len(found[a]) != len(found[b]):
            return a if len(found[a]) > len(found[b]) else b
        return a if found[a][0].start < found[b][0].start else b

    def _convert(self, span: Span, ctx: Context, to_plural: bool, doc: Doc) -> Hit:
        capital = to_plural and any(t.text[:1] == "В" and t.lemma_ in ("вы", "ваш") and not t.is_sent_start
                                    for t in doc)
        words = []
        for token in span:
            new = self._convert_token(token, to_plural, ctx)
            if new is None:
                return Hit(span.start_char, span.end_char, None, span.text)
            if capital and token.lemma_ in self.convert:
                new = new[:1].upper() + new[1:]
            words.append(match_case(token.text, new) + token.whitespace_)
        return Hit(span.start_char, span.end_char, "".join(words).rstrip(), span.text)

    def _convert_token(self, token, to_plural: bool, ctx: Context) -> str | None:
        lemma = token.lemma_
        if lemma in self.convert:
            parse = best(token.text)
            target = next((p for p in parses(self.convert[lemma]) if p.tag.POS == parse.tag.POS), None)
            if target is None:
                return None
            wanted = {g for g in (parse.tag.case, parse.tag.number if parse.tag.POS != "NPRO" else None,
                                  parse.tag.gender) if g}
            form = target.inflect(wanted)
            return form.word if form else None
        if token.pos_ == "VERB" or token.morph.get("Variant") == ["Brev"]:
            if to_plural:
                return inflect(token.text, {"plur"})
            wanted = {"sing"}
            if token.morph.get("Tense") == ["Past"] or token.morph.get("Variant") == ["Brev"]:
                wanted.add(ctx.addressee.gender if ctx.addressee and ctx.addressee.gender else "masc")
            return inflect(token.text, wanted)
        return token.text


class AgreementCheck(Check):
    """Pairs whose grammatical features must agree; the target word is re-inflected."""

    SETTINGS = ("pairs",)

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        pairs = self.required("pairs")
        if not isinstance(pairs, list) or not pairs:
            raise RuleError(rule.path, f"{spec.language}.pairs", "a non-empty list")
        self.pairs = []
        for i, pair in enumerate(pairs):
            where = f"pairs[{i}]"
            if not isinstance(pair, dict) or "patterns" not in pair or "target" not in pair:
                raise RuleError(rule.path, f"{spec.language}.{where}", "needs 'patterns' and 'target'")
            if ("controller" in pair) == ("set" in pair):
                raise RuleError(rule.path, f"{spec.language}.{where}", "needs either 'controller' or 'set'")
            if not (isinstance(pair.get("controller", 0), int) or pair.get("controller") == "addressee"):
                raise RuleError(rule.path, f"{spec.language}.{where}.controller",
                                "a token index in the match, or 'addressee'")
            self.pairs.append((self.matchable(where, {"patterns": pair["patterns"]}), pair))

    def run(self, ctx: Context) -> list[Hit]:
        hits = []
        for matcher, pair in self.pairs:
            for span in matcher.find(ctx.doc):
                target = span[pair["target"]]
                if pair.get("controller") == "addressee":
                    new = self._to_addressee(target.text, ctx)
                    if new is None:
                        continue
                elif "controller" in pair:
                    controller = span[pair["controller"]]
                    if not disagrees(target.text, controller.text):
                        continue
                    new = agree(target.text, controller.text)
                else:
                    new = inflect(target.text, set(pair["set"]))
                suggestion = match_case(target.text, new) if new else None
                hits.append(Hit(target.idx, target.idx + len(target.text), suggestion, target.text))
        return hits


    @staticmethod
    def _to_addressee(word: str, ctx: Context) -> str | None:
        """The word in the addressee's gender, when the addressee is known and it differs."""
        gender = ctx.addressee.gender if ctx.addressee else None
        current = best(word).tag.gender
        if gender is None or current not in ("masc", "femn") or current == gender:
            return None
        return inflect(word, {gender})


class CoverageCheck(Check):
    """A reply must answer, or explicitly defer, every question of the message it quotes.

    A question is a sentence of the quoted message ending in "?" or holding a request
    (``questions``: "подскажите", "could you"). A question word with a kind of answer
    (``answers``: "когда" by a time word or a number, "почему" by a reason) needs that kind in
    the reply, or two of its content words taken up; otherwise the reply must share a content
    word with the question (lemmas outside ``stopwords``), or, for a closed question (no
    ``open-words``), say yes or no (``yes-no``). A reply that defers (``deferred``: "уточню и
    вернусь") answers everything. All unanswered questions are quoted in one finding on the reply's last
    sentence, with a skeleton to complete. A forwarded message (``forwarded``) owes no answers.
    """

    SETTINGS = ("questions", "deferred", "yes-no", "open-words", "answers", "stopwords", "skeleton", "forwarded")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        # a pool of its own: most messages quote nothing, and the shared pool runs its phrase
        # matchers and anchor index over every message (they cost ~8% of a check there)
        super().__init__(rule, spec, nlp, lexicons, MatcherPool(nlp))
        self.questions = self.matchable("questions", self.required("questions"))
        self.deferred = self.matchable("deferred", self.required("deferred"))
        self.yes_no = self.matchable("yes-no", self.required("yes-no"))
        answers = self.required("answers")
        if not isinstance(answers, dict):
            raise RuleError(rule.path, f"{spec.language}.answers", "a mapping: question word -> match spec")
        self.answers = {word.lower(): self.matchable(f"answers.{word}", m) for word, m in answers.items()}
        self.open_words = {str(w).lower() for w in self.required("open-words")} | set(self.answers)
        self.stopwords = set(lexicons.get(self.required("stopwords")).phrases)
        self.skeleton = str(self.required("skeleton"))
        self.forwarded = self.matchable("forwarded", self.required("forwarded"))

    def run(self, ctx: Context) -> list[Hit]:
        if not ctx.quoted or not ctx.first_segment or self.deferred.find(ctx.doc):
            return []
        quoted = ctx.quoted_doc(self.nlp)
        if any(span.start < 40 for span in self.forwarded.find(quoted)):
            return []  # a forward passes the questions on to the readers: it owes no answers
        reply_words = self._content(ctx.doc)
        open_questions = [q.text.strip() for q in self._questions(quoted)
                          if not self._answered(q, ctx.doc, reply_words)]
        sents = [s for s in ctx.doc.sents if s.text.strip()]
        if not open_questions or not sents:
            return []
        start, end = suggest.sentence_bounds(sents[-1])
        listed = "; ".join(f"«{q}»" if ctx.language == "ru" else f"“{q}”" for q in open_questions)
        suggestion = ctx.text[start:end] + " " + " ".join(self.skeleton.format(question=q) for q in open_questions)
        return [Hit(start, end, suggestion, listed)]

    def _questions(self, doc: Doc) -> list[Span]:
        asking = {span.sent.start for span in self.questions.find(doc)}
        return [s for s in doc.sents if s.text.strip().endswith("?") or s.start in asking]

    def _content(self, doc) -> set[str]:
        return {t.lemma_ for t in doc if t.is_alpha and len(t.text) > 2 and t.lemma_ not in self.stopwords}

    def _answered(self, question: Span, reply: Doc, reply_words: set[str]) -> bool:
        """A question word with a kind of answer ("когда": a day or a number) needs that kind;
        otherwise a shared content word answers; a closed question ending in "?" also takes a
        yes or a no (a request or an open question does not)."""
        words = [t.lower_ for t in question]
        asked = [self.answers[w] for w in words if w in self.answers]
        shared = self._content(question) & reply_words
        if asked:  # answered in kind, or the reply takes up the question's topic in two words
            return any(m.find(reply) for m in asked) or len(shared) >= 2
        if shared:
            return True
        if self.open_words & set(words) or not question.text.strip().endswith("?"):
            return False
        return bool(self.yes_no.find(reply))


KINDS = {
    "pattern": PatternCheck,
    "whole": WholeCheck,
    "opening": OpeningCheck,
    "consistency": ConsistencyCheck,
    "agreement": AgreementCheck,
    "coverage": CoverageCheck,
}
