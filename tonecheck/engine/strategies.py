"""Finding politeness strategies in a message's Doc, with the matcher pool its rules use.

Each strategy's spec joins the language's MatcherPool, so its phrases are found in the same
PhraseMatcher pass as the rules' and its token patterns are tried only where the Doc's words
make them possible (a pattern written as a rule's is found once for both): the warmth score
costs no second parse and little matching. A strategy of single words that open a sentence
("Why…", "So…", "Please…") is looked up at the sentence starts alone: as phrases, the
commonest words of every message ("and", "you") were matched everywhere to be thrown away.
Only the strategies the score weighs are looked for.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import compress

from tonecheck.match.pool import Matchable, SpecError
from tonecheck.nlp import columns
from tonecheck.results.warmth import Strategy
from tonecheck.rulebook.strategies import StrategyError, StrategySpec

_START = 1  # SENT_START of a token that opens a sentence


def opening_words(spec: StrategySpec, language: str) -> list[str] | None:
    """The words of a strategy that is only single words opening a sentence, else None."""
    match = spec.match[language]
    if spec.at.get(language) != "sentence-start" or set(match) != {"phrases"}:
        return None
    words = [str(w) for w in match["phrases"]]
    return words if all(" " not in w for w in words) else None


class StrategyFinder:
    """The strategies of one language, compiled into its pool (or kept by their opening words)."""

    def __init__(self, specs: Iterable[StrategySpec], language: str, nlp, lexicons, pool):
        self.pool, self.matchers, self.openers = pool, {}, {}
        for spec in specs:
            if language not in spec.match:
                continue
            words = opening_words(spec, language)
            if words is not None:  # every casing a sentence may open with, by its form's hash
                for word in words:
                    for form in {word, word.capitalize(), word.upper()}:
                        self.openers[nlp.vocab.strings.add(form)] = (spec.name, spec.labels[language])
                continue
            try:
                matchable = Matchable(spec.match[language], nlp, lexicons, pool)
            except SpecError as exc:
                raise StrategyError(f"strategy {spec.name} ({language}): {exc}") from None
            self.matchers[matchable.key] = (spec.name, spec.labels[language], spec.at.get(language), matchable)
        self.keys = self.matchers.keys()

    def find(self, ctx, offset: int) -> list[Strategy]:
        """The strategies in the context's Doc (first match of each in its place), at offsets into
        the message (``offset``: where the Doc's segment starts); reported speech is not the sender's."""
        doc, found = ctx.doc, []
        keys = self.pool.possible(doc) & self.keys
        scan = self.pool.scan(doc) if keys else None
        for key in keys:
            name, label, at, _ = self.matchers[key]
            matches = scan.found(key)
            for start, end in sorted(matches) if len(matches) > 1 else matches:
                first = doc[start]
                if at is not None and bool(first.is_sent_start) != (at == "sentence-start"):
                    continue
                last = doc[end - 1]
                if self._keep(ctx, found, name, label, first.idx, last.idx + len(last), offset):
                    break
        if self.openers:
            self._openings(ctx, found, offset)
        return sorted(found, key=lambda s: s.start)

    def _openings(self, ctx, found: list[Strategy], offset: int) -> None:
        """The opening-word strategies, from the forms of the tokens that start a sentence."""
        doc, seen = ctx.doc, set()
        orths, openers = columns.read(doc, "ORTH"), self.openers
        starts = columns.read(doc, "SENT_START")
        for i in compress(range(len(starts)), map(_START.__eq__, starts)):  # the starts, found in C
            if orths[i] in openers:
                name, label = openers[orths[i]]
                if name not in seen:
                    token = doc[i]
                    if self._keep(ctx, found, name, label, token.idx, token.idx + len(token), offset):
                        seen.add(name)

    @staticmethod
    def _keep(ctx, found: list[Strategy], name: str, label: str, left: int, right: int, offset: int) -> bool:
        """Add the strategy at these character offsets unless they are someone else's words."""
        if ctx.in_reported(left, right):
            return False
        found.append(Strategy(name, label, offset + left, offset + right, ctx.text[left:right]))
        return True
