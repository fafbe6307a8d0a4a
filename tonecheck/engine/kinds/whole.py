"""``whole``: the whole message is one bare phrase ("Ок", "Нет.", "Dunno")."""

from __future__ import annotations

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check


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
