"""Finding politeness strategies in a message's Doc, with the matcher pool its rules use.

Each strategy's spec joins the language's MatcherPool, so its phrases are found in the same
PhraseMatcher pass as the rules' and its token patterns are tried only where the Doc's words
make them possible (a pattern written as a rule's is found once for both): the warmth score
costs no second parse and little matching. Only the strategies the score weighs are looked for.
"""

from __future__ import annotations

from collections.abc import Iterable

from tonecheck.match.pool import Matchable, SpecError
from tonecheck.results.warmth import Strategy
from tonecheck.rulebook.strategies import StrategyError, StrategySpec


class StrategyFinder:
    """The strategies of one language, compiled into its pool."""

    def __init__(self, specs: Iterable[StrategySpec], language: str, nlp, lexicons, pool):
        self.pool, self.matchers = pool, {}
        for spec in specs:
            if language in spec.match:
                try:
                    matchable = Matchable(spec.match[language], nlp, lexicons, pool)
                except SpecError as exc:
                    raise StrategyError(f"strategy {spec.name} ({language}): {exc}") from None
                self.matchers[matchable.key] = (spec.name, spec.labels[language], spec.at.get(language), matchable)
        self.keys = self.matchers.keys()

    def find(self, ctx, offset: int) -> list[Strategy]:
        """The strategies in the context's Doc (first match of each in its place), at offsets into
        the message (``offset``: where the Doc's segment starts); reported speech is not the sender's."""
        doc = ctx.doc
        keys = self.pool.possible(doc) & self.keys
        if not keys:
            return []
        scan, found = self.pool.scan(doc), []
        for key in keys:
            name, label, at, _ = self.matchers[key]
            matches = scan.found(key)
            for start, end in sorted(matches) if len(matches) > 1 else matches:
                first = doc[start]
                if at is not None and bool(first.is_sent_start) != (at == "sentence-start"):
                    continue
                last = doc[end - 1]
                left, right = first.idx, last.idx + len(last)
                if not ctx.in_reported(left, right):
                    found.append(Strategy(name, label, offset + left, offset + right, ctx.text[left:right]))
                    break
        return sorted(found, key=lambda s: s.start)
