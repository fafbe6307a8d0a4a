"""``pattern``: words or token patterns, with guards (``unless`` / ``only-if``) that keep
reassurance, conditionals, questions and the like from being flagged; guards may also read the
quoted message a reply answers."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check
from tonecheck.match.pool import MatcherPool, lemma_key
from tonecheck.nlp.speech import in_quotes, mentioned
from tonecheck.rulebook.rules import RuleError

GUARD_SCOPES = ("sentence", "before", "just-before", "after", "just-after", "message", "quoted")
FLAGS = ("question", "in-quoted", "mentioned", "glossed", "signature")
ADJACENT = ("just-before", "just-after")


class PatternCheck(Check):
    """``match`` finds the words; guards drop a match by what stands around it.

    The ``quoted`` scope looks in the message the reply quotes (no quote: ``only-if`` fails,
    ``unless`` passes); ``in-quoted: true`` drops words the quoted message itself used (the
    asker knows their own term). ``first-mention`` judges each term at its first use only, so
    a term explained once is not flagged again; ``answering`` words by which a message shows it
    answers the reader's request stand for a quote an ``only-if: quoted`` guard needs; ``once``
    reports at most one match a message; ``glossed: true`` drops a term whose list entry's plain
    word stands in the message too;
    ``at-least: N`` reports nothing unless N matches pass the guards (a density).
    """

    SETTINGS = ("match", "unless", "only-if", "at", "first-mention", "once", "at-least", "answering")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.quoted_pool: MatcherPool | None = None  # a quoted message is a Doc of its own
        self.match = self.matchable("match", self.required("match"))
        self.trigger = self.match.key
        self.unless = self._guards("unless", allow_flags=True)
        self.only_if = self._guards("only-if", allow_flags=False)
        # words that show the message answers the reader's request ("Спасибо за обращение", "По
        # вашей заявке", "Thank you for your enquiry"): without the quote, they stand for it
        self.answering = self.optional("answering")
        self.at = spec.settings.get("at", "anywhere")
        if self.at not in ("anywhere", "start"):
            raise RuleError(rule.path, f"{spec.language}.at", "must be 'anywhere' or 'start'")
        self.first_mention = bool(spec.settings.get("first-mention", False))
        self.once = bool(spec.settings.get("once", False))
        self.at_least = spec.settings.get("at-least", 1)
        if not isinstance(self.at_least, int) or isinstance(self.at_least, bool) or self.at_least < 1:
            raise RuleError(rule.path, f"{spec.language}.at-least", "must be a whole number, 1 or more")
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
            if scope in FLAGS and allow_flags:
                guards[scope] = bool(value)
            elif scope in GUARD_SCOPES:
                specs = value if isinstance(value, list) else [value]
                pool = self._quoted_pool() if scope == "quoted" else self.pool
                guards[scope] = [self.matchable(f"{key}.{scope}", s, pool) for s in specs]
            else:
                allowed = GUARD_SCOPES + (FLAGS if allow_flags else ())
                raise RuleError(self.rule.path, f"{self.spec.language}.{key}.{scope}",
                                "unknown guard (allowed: " + ", ".join(allowed) + ")")
        return guards

    def _found(self, ctx: Context, guards: dict, taken: set, settled: tuple = ("quoted",)) -> dict:
        """Guard matches per scope (one ``Placed`` per spec), ignoring words the rule itself
        matched and, with ``mentioned: true``, words in quotation marks; ``settled``
        scopes were decided before.

        ``just-before`` and ``just-after`` keep them: a guard there touches the match without
        overlapping it, and the words next to a match may be another match of the same rule
        ("???" inside "?????????", a run of marks an export left for lost characters)."""
        starts, others = ctx.sentence_starts, self._others_words(ctx.doc)
        return {scope: [Placed(scope, [(start, end, starts[start]) for start, end in m.offsets(ctx.doc)
                                       if (scope in ADJACENT or taken.isdisjoint(range(start, end)))
                                       and start not in others])
                        for m in ms]
                for scope, ms in guards.items() if scope in GUARD_SCOPES and scope not in settled}

    def _others_words(self, doc: Doc) -> frozenset[int]:
        """The words a guard may not count: with ``mentioned: true``, words in quotation marks
        ("Клиент ответил: «Спасибо, всё получили»" thanks nobody for the writer). Words after a
        verb of speech still count: "give me a call at your convenience" is the sender's."""
        return in_quotes(doc) if self.unless.get("mentioned") else frozenset()

    def _softened(self, ctx: Context, taken: set) -> bool:
        """Whether an ``unless: message`` guard is found: it drops every match at once."""
        others = self._others_words(ctx.doc)
        return any(taken.isdisjoint(range(start, end)) and start not in others
                   for m in self.unless.get("message", ()) for start, end in m.offsets(ctx.doc))

    def _quote_allows(self, ctx: Context) -> bool:
        """The quoted-message guards: ``only-if`` needs a quote with every spec, ``unless`` none;
        a message that says it answers the reader's request (``answering``) needs no quote."""
        needs, forbids = self.only_if.get("quoted"), self.unless.get("quoted")
        if not needs and not forbids:
            return True
        quoted = ctx.quoted_doc(self.nlp)
        if quoted is None:  # a quote ``only-if`` needs is missing: ``run`` went on only for answering words
            return True
        # with ``mentioned: true``, words the asker passes on in quotation marks are not theirs:
        # "Прораб пишет, что ему нужны «КС-2». Что это?" asks as a non-specialist
        others = self._others_words(quoted)
        return (all(m.find(quoted) for m in needs or ())
                and not any(s.start not in others for m in forbids or () for s in m.find(quoted)))

    def _terms(self, span: Span) -> set[str]:
        """A term's names: as written, by lemma, and by its word-list entry ("прод" and "проде"
        share the gloss "рабочая система")."""
        return {span.text.lower(), lemma_key(span), "=> " + (self.match.replacement(span) or span.text.lower())}

    def _asked(self, ctx: Context) -> set[str]:
        """The terms the quoted message itself used."""
        if self.match_quoted is None or not ctx.quoted:
            return set()
        return {name for s in self.match_quoted.find(ctx.quoted_doc(self.nlp)) for name in self._terms(s)}

    def _glossed(self, span: Span, doc: Doc) -> bool:
        """Whether the plain word a term's list entry gives for it stands in the message too
        ("По вашей заявке … напишите в этот же тикет": "тикет => заявка"), so the reader has it."""
        plain = self.match.replacement(span)
        if not plain:
            return False
        # only a gloss that opens with a word of weight ("заявка" of "тикет => заявка"; not "the"
        # of "prod => the live system") stands for the term
        head = plain.split()[0].lower()
        if not (head.isalpha() and len(head) > 4):
            return False
        return any(t.lemma_.lower() == head or t.lower_ == head for t in doc if t.i < span.start or t.i >= span.end)

    def _answers(self, ctx: Context) -> bool:
        """Whether the message says it answers the reader's request, its quote not given."""
        return self.answering is not None and bool(self.answering.find(ctx.doc))

    def run(self, ctx: Context) -> list[Hit]:
        doc = ctx.doc
        if self.only_if.get("quoted") and not ctx.quoted and not self._answers(ctx):
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
        # a signature's department or title ("Underwriting", "Treasury") is no term used on the reader
        signed = ctx.signed if self.unless.get("signature") else None
        hits = []
        for span in spans:
            if signed is not None and span.start_char >= signed:
                continue
            sent_start = ctx.sentence_starts[span.start]
            if self.unless.get("question") and ctx.is_question(span.start):
                continue
            if ctx.in_forwarded(span.start_char):  # a forward or "> " lines: never the sender's words
                continue
            if self.unless.get("mentioned") and span.start in mentioned(doc):
                continue
            if asked and self._terms(span) & asked:
                continue
            if self.unless.get("glossed") and self._glossed(span, doc):
                continue
            if any(placed.reaches(span, sent_start) for lists in unless.values() for placed in lists):
                continue
            if not all(placed.reaches(span, sent_start) for lists in only_if.values() for placed in lists):
                continue
            hits.append(self.hit(span, ctx, self.match))
            if self.once and len(hits) >= self.at_least:
                break
        if len(hits) < self.at_least:  # a density: one code may be known, several are jargon
            return []
        return hits[:1] if self.once else hits


def _first_sentence(doc: Doc) -> int:
    for sent in doc.sents:
        if any(not t.is_space for t in sent):
            return sent.start
    return 0


class Placed:
    """One guard spec's matches in one scope, kept so that asking whether a match has one where
    the scope looks costs a look-up, not a pass over them all: a run of thousands of "?" is
    thousands of matches and guards, and comparing every pair took seconds."""

    __slots__ = ("scope", "found", "ends", "starts", "first_end", "last_start")

    def __init__(self, scope: str, guards: list[tuple[int, int, int]]):
        self.scope, self.found = scope, bool(guards)
        self.ends = {end for _, end, _ in guards}        # just-before: touching the match's start
        self.starts = {start for start, _, _ in guards}  # just-after: touching its end
        self.first_end: dict[int, int] = {}   # by sentence: the earliest guard end (before)
        self.last_start: dict[int, int] = {}  # by sentence: the latest guard start (after)
        for start, end, sentence in guards:
            self.first_end[sentence] = min(end, self.first_end.get(sentence, end))
            self.last_start[sentence] = max(start, self.last_start.get(sentence, start))

    def reaches(self, span: Span, sent_start: int) -> bool:
        """Whether a guard match stands where the scope looks from the span."""
        scope = self.scope
        if scope == "message":
            return self.found
        if scope == "just-before":  # touching is touching, even across a sentence end ("????Megawatts")
            return span.start in self.ends
        if scope == "just-after":
            return span.end in self.starts
        if sent_start not in self.first_end:  # the other scopes look in the span's sentence only
            return False
        if scope == "before":
            return self.first_end[sent_start] <= span.start
        if scope == "after":
            return self.last_start[sent_start] >= span.end
        return True
