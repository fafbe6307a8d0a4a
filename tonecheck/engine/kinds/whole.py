"""``whole``: the whole message is one bare phrase ("Ок", "Нет.", "Dunno")."""

from __future__ import annotations

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check, closed_question


class WholeCheck(Check):
    """The message consists of nothing but one of the phrases.

    ``closed-answers`` are the phrases that fully answer a closed question: a reply of one of
    them to a quoted message whose questions are all closed ("Does that make sense?", "Let me
    know if you approve") says all that was asked. ``open-words`` tell an open question;
    ``closed-requests`` ask a closed question without a "?" ("let me know if you approve").
    """

    SETTINGS = ("match", "closed-answers", "open-words", "closed-requests")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.trigger = self.match.key
        closed = spec.settings.get("closed-answers")
        self.closed = self.matchable("closed-answers", closed) if closed else None
        self.open_words = {str(w).lower() for w in spec.settings.get("open-words", [])}
        requests = spec.settings.get("closed-requests")
        self.requests = self.matchable("closed-requests", requests) if requests else None

    def run(self, ctx: Context) -> list[Hit]:
        if not ctx.whole_message:
            return []
        words = ctx.words
        if not words:
            return []
        for span in self.match.find(ctx.doc):
            if span.start <= words[0] and span.end > words[-1]:
                if self._answers_closed(ctx):
                    return []
                return [self.hit(span, ctx, self.match)]
        return []

    def _answers_closed(self, ctx: Context) -> bool:
        """Whether the reply is a closed answer ("Yes", "OK") to a message that asked only
        closed questions: nothing more was asked, so nothing is missing."""
        if self.closed is None or not ctx.quoted or not self.closed.find(ctx.doc):
            return False
        quoted = ctx.quoted_doc(self.nlp)
        requesting = {span.sent.start for span in self.requests.find(quoted)} if self.requests else set()
        asking = [s for s in quoted.sents if s.text.strip().endswith("?")]
        if not asking and not requesting:
            return False
        return all(closed_question(s, self.open_words) for s in asking)
