"""What every rule kind shares: the rule and its language section, its recipe, its match specs."""

from __future__ import annotations

from spacy.tokens import Span

from tonecheck.engine import recipes as suggest
from tonecheck.engine.context import Context, Hit
from tonecheck.match.pool import Matchable, SpecError
from tonecheck.rulebook.rules import LanguageSpec, Rule, RuleError


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
        where = f"{self.spec.language}.{field_name}"
        try:
            found = Matchable(value, self.nlp, self.lexicons, pool or self.pool)
        except SpecError as exc:
            raise RuleError(self.rule.path, where, str(exc)) from None
        found.name(str(self.rule.path), where)
        return found

    def optional(self, field_name: str) -> Matchable | None:
        """The field's spec as a Matchable, or None when the rule leaves it out (or empty)."""
        value = self.spec.settings.get(field_name)
        return self.matchable(field_name, value) if value else None

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
        return Hit(edit.start, edit.end, edit.text, span.text, edit.finished)

    def run(self, ctx: Context) -> list[Hit]:
        raise NotImplementedError


def closed_question(sentence: Span, open_words: set[str]) -> bool:
    """Whether a sentence asks a closed question: it ends in "?" and has no open word ("what",
    "когда", in any form: "в каком статусе"), so a yes or a no answers it."""
    return sentence.text.strip().endswith("?") and not any(
        t.lower_ in open_words or t.lemma_.lower() in open_words for t in sentence)
