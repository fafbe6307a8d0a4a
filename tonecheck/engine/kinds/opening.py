"""``opening``: the message must open with one of the phrases (a greeting)."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check
from tonecheck.inputs.quotes import replied_body
from tonecheck.nlp.lines import as_read, banner_end, opens_as_record
from tonecheck.nlp.morph import best
from tonecheck.nlp.names import could_be_name, first_name_form

_NAME_ENDS = (",", "-", "--", ":", "—", "–")
_NAME_JOINS = (",", "and", "&", "и", "/")  # "Dan, Joe and Charles:", "Julia/Mark"
_OPENING_READ = 400  # characters of the replied message read for its opening
# "посмотри -> посмотрим", "воспользоваться => использовать", "«млжно» заменено на «можно»"
# "@anna, …", "@anna тут такое дело": a tracker's way of naming the reader
_MENTION = re.compile(r"[ \t\n]*@[\w.-]{1,40}\b")
_CORRECTION = re.compile(r"\S[ \t]*(?:->|=>|→)[ \t]*\S|\bзаменено на\b|\breplaced (?:by|with)\b", re.IGNORECASE)


class OpeningCheck(Check):
    """The first words of the message must include one of the phrases.

    Besides the phrases, a message is opened by what a trainer takes for the same courtesy:
    thanks, an apology, praise or a well-wish in its first four words (``openers``), a group addressed by name
    ("Team, …"; not where ``group-greets: false``, as in Russian, whose writers want "Коллеги, добрый
    день!" and get the call made the greeting's), a tracker's mention of the reader ("@anna, …"),
    and in English mail the reader's name ("Jim,", "Dan, Joe and Charles:").
    No opening is owed by a record (a heading, a list, a form: ``records``) or by a quick turn
    in a running exchange, i.e. a reply to a message that itself opened without one
    (``quick-turns``), or a turn that opens by answering or going on ("Да, …", "Ну …",
    "Впрочем, …": ``turn-openers``) when the message it answers is not shown.
    """

    SETTINGS = ("match", "window", "min-words", "not-names", "name-line-greets", "openers",
                "vocative-greets", "groups", "group-greets", "vocatives", "records", "quick-turns",
                "turn-openers")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.window = int(spec.settings.get("window", 6))
        self.min_words = int(spec.settings.get("min-words", 1))
        not_names = spec.settings.get("not-names") or []  # a word list, or several
        self.not_names = {p for name in ([not_names] if isinstance(not_names, str) else not_names)
                          for p in lexicons.get(name).phrases}
        self.openers = self.optional("openers")
        # "Jim,", "Stan:", "Jim --" on a line of their own: English mail's salutation
        self.name_line_greets = bool(spec.settings.get("name-line-greets", False))
        # "Cynthia, could you…", "Dan, Joe and Charles: let's meet…": the names are the salutation
        self.vocative_greets = bool(spec.settings.get("vocative-greets", False))
        self.groups = self.optional("groups")
        # whether "Коллеги, …" alone opens the message; where it does not, the call becomes the greeting's
        self.group_greets = bool(spec.settings.get("group-greets", True))
        self.vocatives = self.optional("vocatives")  # "ребята", "братан": words that call the readers
        self.records = bool(spec.settings.get("records", False))
        self.quick_turns = bool(spec.settings.get("quick-turns", False))
        self.turn_openers = self.optional("turn-openers")  # "Да, …", "Ну …", "Впрочем, …"

    def run(self, ctx: Context) -> list[Hit]:
        if not ctx.first_segment:
            return []
        doc = ctx.doc
        words, enough = ctx.first_words(max(self.window, 3), self.min_words)
        if not enough:  # fewer than min-words
            return []
        skip = banner_end(ctx.text)
        if skip:  # the opening is under the banner
            words = [w for w in ctx.words if doc[w].idx >= skip][:max(self.window, 3)]
            if not words:
                return []
        if self._opened(doc, words, ctx) or (self.records and self._record(doc, words[0], ctx.text)):
            return []
        if _MENTION.match(ctx.text, skip):  # the reader named first, as trackers do: "@anna, …"
            return []
        if self.quick_turns and self._quick_turn(ctx, words[0]):
            return []
        first = words[0]
        span = doc[_emphasis_start(doc, first): first + 1]  # "**Ребята**, …": the greeting goes before the "**"
        # "Анна, пришлите", or the name on a line of its own: "Jim,\n\nThe figures are…"
        vocative = (len(words) > 1 and first + 1 < len(doc) and doc[first + 1].text == ","
                    and all(doc[i].is_space for i in range(first + 2, words[1])))
        if vocative and (self._calls_group(doc, first) or _plural_people(doc[first])):
            # "Народ, кто опять …?" -> "Привет, народ! Кто опять …?": one opening, not two
            # (first: "Ребят" may pass for a name, and "Привет, Пётр, ребят!" greets twice)
            span = Span(doc, first, words[1] + 1, label="group")
        elif vocative and self._vocative(doc[first], ctx):
            # "Анна, пришлите отчёт" -> "Здравствуйте, Анна! Пришлите отчёт"
            span = Span(doc, first, words[1] + 1, label="vocative")
        elif vocative and ctx.addressee and _role(doc[first]):
            # "Прораб, где документация?" -> "Здравствуйте, Вячеслав Игоревич! Где документация?"
            span = Span(doc, first, words[1] + 1, label="role")
        return [self.hit(span, ctx, self.match)]

    def _opened(self, doc: Doc, words: list[int], ctx: Context, group_greets: bool | None = None) -> bool:
        """Whether the first words already open the message: a greeting, thanks or an apology,
        a group (where ``group-greets``, or in the message replied to: "Коллеги, кто может…?"
        opens an exchange that owes its replies a greeting) or, in English mail, the reader's name."""
        limit = words[min(self.window, len(words)) - 1]
        if any(start <= limit for start, _ in self.match.offsets(doc)):
            return True
        first = words[0]
        if self.openers and any(start <= words[min(3, len(words) - 1)] for start, _ in self.openers.offsets(doc)):
            return True  # "Спасибо за быстрый ответ!", "Искреннее большое спасибо!", "Sorry for the delay"
        if group_greets is None:
            group_greets = self.group_greets
        if (group_greets and self._group(doc, first, ctx)) or self._called(doc, first):
            return True
        if self.name_line_greets:
            end = self._names(doc, first, lambda t: self._is_name(t, ctx))
            if end > first and _line_ends(doc, end):
                return True
        if self.vocative_greets:  # inline, the names must be names: "However, …" is no address
            end = self._names(doc, first, lambda t: self._vocative(t, ctx))
            return end > first and doc[end - 1].text in _NAME_ENDS
        return False

    @staticmethod
    def _names(doc: Doc, first: int, is_name) -> int:
        """The end of the names that open the message with their punctuation ("Jim,", "Stan:",
        "Jim Smith --", "Dan, Joe and Charles:"); ``first`` when it opens with no name."""
        i, end, in_name = first, first, 0
        while i < len(doc):
            if in_name < 2 and is_name(doc[i]):
                in_name, i = in_name + 1, i + 1
                end = i
                continue
            j = i
            while j < len(doc) and end == i > first and (
                    doc[j].lower_ in _NAME_JOINS or (doc[j].is_space and "\n" not in doc[j].text)):
                j += 1  # ", ", " and ", ", and ", "and  " (two spaces)
            if j == i or j >= len(doc) or not is_name(doc[j]):
                break
            in_name, i = 0, j
        if end == first:
            return first
        while end < len(doc) and doc[end].text in _NAME_ENDS:
            end += 1
        return end

    @staticmethod
    def _record(doc: Doc, first: int, text: str) -> bool:
        """A record, not a letter: a heading, a list or a form (``opens_as_record``), a first
        line correcting words ("млжно -> можно"), a task or a change log opening with an infinitive or a
        short passive participle ("Написать руководство", "Добавлена кнопка выхода")."""
        first_line = text.lstrip().split("\n", 1)[0][:300]
        if opens_as_record(text) or _CORRECTION.search(first_line) or _memo_header(doc[first], first_line):
            return True
        form, short = doc[first].morph.get("VerbForm"), doc[first].morph.get("Variant") == ["Brev"]
        return form == ["Inf"] or (form == ["Part"] and short) or _task(doc, first)

    def _group(self, doc: Doc, first: int, ctx: Context) -> bool:
        """"Коллеги, …", "Team,", "All:", "Разработчики, …": the readers addressed as a group."""
        after = first + 1
        while after < len(doc) and _emphasis(doc[after]):
            after += 1  # the markdown emphasis of "**Ребята**, а давайте…"
        if after >= len(doc) or doc[after].text not in (",", ":", "!", "—", "-"):
            return False
        if self.groups and any(start == first for start, _ in self.groups.offsets(doc)):
            return True
        return _plural_people(doc[first])

    def _called(self, doc: Doc, first: int) -> bool:
        """Whether the first sentence calls the readers between commas ("Не знаю, прочтёте ли
        вы, но, ребята, вы меня выручили", "бля, братан, спасибо"): readers of real threads took
        that address for the opening a greeting would give."""
        end = doc[first].sent.end
        return any(first < start < end and doc[start - 1].text == ","
                   and stop < len(doc) and doc[stop].text in (",", "!")
                   for start, stop in (self.vocatives.offsets(doc) if self.vocatives else ()))

    def _calls_group(self, doc: Doc, first: int) -> bool:
        """Whether the first word alone calls the readers as a group ("Народ,", "Ребята,")."""
        return self.vocatives is not None and any(start == first and stop == first + 1
                                                  for start, stop in self.vocatives.offsets(doc))

    def _quick_turn(self, ctx: Context, first: int) -> bool:
        """Whether the message answers one that opened without a greeting: a turn in a running
        exchange, where a trainer does not ask for one either. A reply whose message is not
        shown may be such a turn: when unsure, no finding. A message that opens by answering or
        going on ("Да, …", "Ну закройте", "Впрочем, я так исправил") is a reply by its words."""
        if not ctx.quoted and (ctx.reply or self._answers(ctx.doc, first)):
            return True  # a reply ("Re:") whose message is not shown: whether the exchange greets is unknown
        opening = replied_opening(self.nlp, ctx.quoted)
        if opening is None:  # no quote, or a forward: its reader is new to the exchange
            return False
        quoted, words = opening
        # a link or a word or two cannot tell whether the exchange greets
        return len(words) >= self.min_words and not self._opened(quoted, words[:max(self.window, 3)], ctx,
                                                                  group_greets=True)

    def _answers(self, doc: Doc, first: int) -> bool:
        """Whether the message's first word answers or goes on with an exchange (``turn-openers``)."""
        return self.turn_openers is not None and any(start == first for start, _ in self.turn_openers.offsets(doc))

    def _vocative(self, token, ctx: Context) -> bool:
        """Whether a word before a comma names the reader: in English a capitalised word is no
        name if the dictionary knows it as anything but a noun ("However, …", "Great, …")."""
        if _reader_called(token, ctx):
            return True
        return token.lower_ not in self.not_names and could_be_name(token)

    def _is_name(self, token, ctx: Context) -> bool:
        """Whether a message-opening word before a comma is the addressee's name."""
        if _reader_called(token, ctx):
            return True
        if ctx.language == "ru":
            return bool({"Name", "Patr"} & best(token.text).tag.grammemes)
        return token.is_title and token.lower_ not in self.not_names


def _reader_called(token, ctx: Context) -> bool:
    """Whether the word is the reader's first name or its clipped call ("Дарь" for Дарья, as
    the dictionary reads an imperative): a known reader's name is a name whatever else it is."""
    first = ctx.addressee.first if ctx.addressee else None
    return bool(first) and (token.text == first or (token.is_title and first_name_form(token.text, first)))


def replied_opening(nlp, quoted: str | None) -> tuple[Doc, list[int]] | None:
    """The opening of the message replied to, read as the greeting rules read a message, with
    its words' indices; None for no quote or a forward (its reader is new to the exchange)."""
    body = replied_body(quoted) if quoted else None
    if not body:
        return None
    doc = nlp(as_read(body[:_OPENING_READ]))
    return doc, [t.i for t in doc if t.is_alpha]


# what may stand before a task's infinitive: "При смене схемы предлагать…", "На стороне чата добавить…"
_TASK_LEAD = {"ADP", "NOUN", "ADJ", "PUNCT", "DET", "NUM", "PROPN", "CCONJ", "SPACE"}


def _task(doc: Doc, first: int) -> bool:
    """A Russian task note: the first sentence's predicate is an infinitive after a phrase of
    circumstance, with no one asked ("При смене схемы предлагать восстановить параметры")."""
    sent = doc[first].sent
    if doc[first].lang_ != "ru" or "?" in sent.text:
        return False
    for token in doc[first: sent.end]:
        if token.pos_ == "VERB":
            return token.morph.get("VerbForm") == ["Inf"]
        if token.pos_ not in _TASK_LEAD:
            return False
    return False


def _role(token) -> bool:
    """A Russian noun for a person in the nominative singular that calls the reader by their
    role ("Прораб, …", "Мастер, …"): with the reader's name known, the greeting names them."""
    if token.lang_ != "ru" or not token.is_alpha:
        return False
    tag = best(token.text.lower()).tag
    return {"NOUN", "anim", "nomn", "sing"} <= tag.grammemes and not {"Name", "Surn", "Patr"} & tag.grammemes


def _line_ends(doc: Doc, end: int) -> bool:
    """Whether the line ends at token ``end`` (the names stand on a line of their own)."""
    return end == len(doc) or "\n" in doc[end - 1].whitespace_ or (doc[end].is_space and "\n" in doc[end].text)


def _emphasis(token) -> bool:
    """Whether the token is a Markdown emphasis mark ("**", "_") around a word."""
    return token.text.strip("*_") == "" and not token.is_space


def _emphasis_start(doc: Doc, first: int) -> int:
    """Where the first word's Markdown emphasis opens ("**Ребята**" starts at the "**"), so that
    a greeting put before it does not land inside the bold."""
    start = first
    while start > 0 and _emphasis(doc[start - 1]):
        start -= 1
    return start


def _plural_people(token) -> bool:
    """A Russian plural noun for people in the nominative: "Разработчики", "Тестировщики"."""
    return token.lang_ == "ru" and {"NOUN", "plur", "nomn", "anim"} <= best(token.text).tag.grammemes


# the reader named by their post in the dative on a memo's first line: "Сотруднику Ивановой Е. А."
_MEMO_ROLES = frozenset({"сотрудник", "сотрудница", "начальник", "директор", "руководитель", "заведующий",
                         "главный", "генеральный", "председатель", "специалист", "работник", "инспектор"})


def _memo_header(token, first_line: str) -> bool:
    """Whether the message opens as a memo addressed by post ("Сотруднику Ивановой Е. А.",
    "Начальнику отдела кадров"): a document's heading, above which no greeting goes."""
    return (token.morph.get("Case") == ["Dat"] and token.lemma_ in _MEMO_ROLES
            and len(first_line.split()) <= 6 and not first_line.rstrip().endswith(("!", "?", ",")))
