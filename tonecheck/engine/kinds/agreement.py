"""``agreement``: word pairs whose gender or number must agree ("Уважаемый Анна", "Вы сказал")."""

from __future__ import annotations

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check
from tonecheck.nlp.inflect import agree, disagrees, inflect, match_case
from tonecheck.nlp.morph import best
from tonecheck.rulebook.rules import RuleError


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
            if ("controller" in pair) == ("set" in pair) and pair.get("controller") != "addressee":
                raise RuleError(rule.path, f"{spec.language}.{where}",
                                "needs either 'controller' or 'set' (both only with 'controller: addressee')")
            if not (isinstance(pair.get("controller", 0), int) or pair.get("controller") == "addressee"):
                raise RuleError(rule.path, f"{spec.language}.{where}.controller",
                                "a token index in the match, or 'addressee'")
            self.pairs.append((self.matchable(where, {"patterns": pair["patterns"]}), pair))

    def run(self, ctx: Context) -> list[Hit]:
        hits = []
        for matcher, pair in self.pairs:
            for span in matcher.find(ctx.doc):
                target = span[pair["target"]]
                if pair.get("controller") == "addressee" and "set" in pair:
                    new = self._numbered(target.text, set(pair["set"]), ctx)  # None: a hint
                elif pair.get("controller") == "addressee":
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
    def _numbered(word: str, wanted: set[str], ctx: Context) -> str | None:
        """The word in the number asked for and the addressee's gender ("ты отправили" ->
        "отправила" to Ульяна), or None when their gender is unknown: the writer picks it."""
        gender = ctx.addressee.gender if ctx.addressee else None
        return inflect(word, wanted | {gender}) if gender else None

    @staticmethod
    def _to_addressee(word: str, ctx: Context) -> str | None:
        """The word in the addressee's gender, when the addressee is known and it differs."""
        gender = ctx.addressee.gender if ctx.addressee else None
        current = best(word).tag.gender
        if gender is None or current not in ("masc", "femn") or current == gender:
            return None
        return inflect(word, {gender})
