"""Finding politeness strategies in a message's Doc, with the matcher pool its rules use.

Each strategy's spec joins the language's MatcherPool, so its phrases are found in the same
PhraseMatcher pass as the rules' and its token patterns are tried only where the Doc's words
make them possible: the warmth score costs no second parse and next to no matching.
"""

from __future__ import annotations

from tonecheck.match.pool import Matchable, SpecError
from tonecheck.results.warmth import Strategy
from tonecheck.rulebook.strategies import StrategyError, StrategySpec


class StrategyFinder:
    """The strategies of one language, compiled into its pool."""

    def __init__(self, specs: tuple[StrategySpec, ...], language: str, nlp, lexicons, pool):
        self.matchers = []
        for spec in specs:
            if language in spec.match:
                try:
                    matchable = Matchable(spec.match[language], nlp, lexicons, pool)
                except SpecError as exc:
                    raise StrategyError(f"strategy {spec.name} ({language}): {exc}") from None
                self.matchers.append((spec.name, spec.labels[language], matchable))

    def find(self, ctx, offset: int) -> list[Strategy]:
        """The strategies in the context's Doc (first match of each), at offsets into the
        message (``offset``: where the Doc's segment starts); reported speech is not the sender's."""
        doc, found = ctx.doc, []
        possible = self.matchers[0][2].pool.possible(doc) if self.matchers else set()
        for name, label, matchable in self.matchers:
            if matchable.key not in possible:
                continue
            for start, end in matchable.offsets(doc):
                span = doc[start:end]
                if not ctx.in_reported(span.start_char, span.end_char):
                    found.append(Strategy(name, label, offset + span.start_char, offset + span.end_char, span.text))
                    break
        return found
