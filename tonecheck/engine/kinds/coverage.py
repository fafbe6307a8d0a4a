"""``coverage``: a reply must answer or defer every question of the message it quotes."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from tonecheck.engine import recipes as suggest
from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check, closed_question
from tonecheck.match.pool import MatcherPool
from tonecheck.rulebook.rules import RuleError


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
        if not any(t.is_lower and t.is_alpha for t in ctx.doc):
            return []  # a name or a sign-off alone ("Vince"): a forward with no comment, not an answer
        reply_words = self._content(ctx.doc)
        open_questions = [q.text.strip() for q in self._questions(quoted)
                          if not self._answered(q, ctx.doc, reply_words)]
        sents = [s for s in ctx.doc.sents if s.text.strip()]
        if not open_questions or not sents:
            return []
        start, end = suggest.sentence_bounds(_last_said(sents))
        listed = "; ".join(f"«{q}»" if ctx.language == "ru" else f"“{q}”" for q in open_questions)
        suggestion = ctx.text[start:end] + " " + " ".join(self.skeleton.format(question=q) for q in open_questions)
        return [Hit(start, end, suggestion, listed, finished=False)]

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
        if not closed_question(question, self.open_words):
            return False
        return bool(self.yes_no.find(reply))


CLOSING_WORDS = 3  # a closing line is this short: "Thanks,", "Best, Anna", "Спасибо!"


def _last_said(sents: list[Span]) -> Span:
    """The last sentence that says something: the skeleton goes after it, not after a sign-off
    or a thanks on a line of its own that closes the message."""
    i = len(sents) - 1
    while i > 0 and _closing(sents[i]):
        i -= 1
    return sents[i]


def _closing(sent: Span) -> bool:
    """A short line of its own, or a short sentence ending in a comma ("Thanks,")."""
    text = sent.doc.text
    on_own_line = "\n" in text[max(sent.start_char - 3, 0):sent.start_char] or sent.text.rstrip().endswith(",")
    return on_own_line and sum(1 for t in sent if t.is_alpha) <= CLOSING_WORDS
