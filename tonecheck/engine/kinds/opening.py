"""``opening``: the message must open with one of the phrases (a greeting)."""

from __future__ import annotations

from spacy.tokens import Span

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check
from tonecheck.nlp.morph import best


class OpeningCheck(Check):
    """The first words of the message must include one of the phrases."""

    SETTINGS = ("match", "window", "min-words", "not-names", "name-line-greets")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.window = int(spec.settings.get("window", 6))
        self.min_words = int(spec.settings.get("min-words", 1))
        not_names = spec.settings.get("not-names")
        self.not_names = set(lexicons.get(not_names).phrases) if not_names else set()
        # "Jim,", "Stan:", "Jim --" on a line of their own: English mail's salutation
        self.name_line_greets = bool(spec.settings.get("name-line-greets", False))

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
        if self.name_line_greets and self._name_line(doc, first, ctx):
            return []
        span = doc[first: first + 1]
        # "Анна, пришлите", or the name on a line of its own: "Jim,\n\nThe figures are…"
        vocative = (len(words) > 1 and first + 1 < len(doc) and doc[first + 1].text == ","
                    and all(doc[i].is_space for i in range(first + 2, words[1])))
        if vocative and self._is_name(doc[first], ctx):
            # "Анна, пришлите отчёт" -> "Здравствуйте, Анна! Пришлите отчёт"
            span = Span(doc, first, words[1] + 1, label="vocative")
        return [self.hit(span, ctx, self.match)]

    def _name_line(self, doc, first: int, ctx: Context) -> bool:
        """Whether the message opens with one or two names alone on their line, with at most a
        comma, dash or colon after them ("Jim,", "Stan:", "Cindy -", "Jim Smith --")."""
        i = first
        while i < len(doc) and i - first < 2 and self._is_name(doc[i], ctx):
            i += 1
        if i == first:
            return False
        while i < len(doc) and doc[i].text in (",", "-", "--", ":", "—", "–"):
            i += 1
        return i == len(doc) or "\n" in doc[i - 1].whitespace_ or (doc[i].is_space and "\n" in doc[i].text)

    def _is_name(self, token, ctx: Context) -> bool:
        """Whether a message-opening word before a comma is the addressee's name."""
        if ctx.addressee and token.text == ctx.addressee.first:
            return True
        if ctx.language == "ru":
            return bool({"Name", "Patr"} & best(token.text).tag.grammemes)
        return token.is_title and token.lower_ not in self.not_names
