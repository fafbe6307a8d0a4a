"""``whole``: the whole message is one bare phrase ("Ок", "Нет.", "Dunno")."""

from __future__ import annotations

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check, closed_question
from tonecheck.nlp.inflect import GROUP_WORDS
from tonecheck.nlp.names import before_patronymic, could_be_name, set_off_as_call


class WholeCheck(Check):
    """The message consists of nothing but one of the phrases.

    ``closed-answers`` are the phrases that fully answer a closed question: a reply that is one
    of them and nothing else (no greeting, name or signature) to a quoted message whose
    questions are all closed ("Does that make sense?", "Let me know if you approve") says all
    that was asked. ``open-words`` tell an open question;
    ``closed-requests`` ask a closed question without a "?" ("let me know if you approve").
    ``around`` is what may stand around the phrase and still leave it bare: a greeting (with the
    reader's name) before it ("Добрый день! Нет."), and the writer's name signed under it.
    ``opener`` is a sentence that may stand between the greeting and the phrase and still leave
    it bare: thanks for the question ("Hi Maria, thanks for asking. No idea."). A signature
    block under the phrase ("Kind regards,\nFacilities") leaves it bare too.

    ``short-replies`` catches what no list can: a reply to a question whose whole text is a few
    words that deny or shrug ("Не считал.", "Нет, не наш.", "That is not our responsibility."),
    as ``{max-words, max-words-closed, words, except}``: at most ``max-words`` words (at most
    ``max-words-closed`` after a closed question, which a short sentence can answer), one of
    ``words`` among them, none of ``except`` (negated consent such as "не против", "no problem",
    and thanks), and no number or time word, which would answer a "when" or "how many" ("Не
    раньше пятницы").
    """

    SETTINGS = ("match", "closed-answers", "open-words", "choice-words", "closed-requests", "around", "opener",
                "short-replies")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        self.match = self.matchable("match", self.required("match"))
        self.trigger = self.match.key
        self.closed = self.optional("closed-answers")
        self.open_words = {str(w).lower() for w in spec.settings.get("open-words", [])}
        # "Thursday, or does Friday work better?" asks to choose; "…, or not?" does not
        self.choice_words = {str(w).lower() for w in spec.settings.get("choice-words", [])}
        self.around = self.optional("around")
        self.opener = self.optional("opener")
        self.requests = self.optional("closed-requests")
        short = spec.settings.get("short-replies") or {}
        self.short_max = int(short.get("max-words", 0))
        # "We do not accept cheques." answers "Can we pay by cheque?"; "Нет, не наш." is a shrug
        self.short_max_closed = int(short.get("max-words-closed", self.short_max))
        self.short_words = {str(w).lower() for w in short.get("words", [])}
        self.short_except = self.matchable("short-replies.except", short["except"]) if short.get("except") else None
        if self.short_max:
            self.trigger = None  # a short reply is found without the list: run on every message

    def run(self, ctx: Context) -> list[Hit]:
        if not ctx.whole_message:
            return []
        found = self.match.find(ctx.doc)
        if not found and (not self.short_max or len(ctx.words) > self.short_max + _AROUND_WORDS):
            return []  # no listed phrase, and too long to be a short reply however it is greeted and signed
        words = self._core(ctx)
        if not words:
            return []
        for span in found:
            if _covers(span, words):
                if self._answers_closed(ctx, span):
                    return []
                return [self.hit(span, ctx, self.match)]
        return self._short_evasive(ctx, words)

    def _short_evasive(self, ctx: Context, words: list[int]) -> list[Hit]:
        """The reply when it is a few words that deny or shrug, to a message that asked
        something: a hint, not a fix (only the writer knows the reason and the next step)."""
        if not self.short_max or len(words) > self.short_max or not ctx.quoted or "?" not in ctx.quoted:
            return []
        doc = ctx.doc
        tokens = [doc[w] for w in words]
        if not any(t.lower_ in self.short_words for t in tokens) or any(t.like_num or t.is_digit for t in tokens):
            return []
        if len(words) > self.short_max_closed and self._asked_only_closed(ctx):
            return []
        span = doc[words[0]:words[-1] + 1]
        if self.short_except is not None and any(
                e.start < span.end and e.end > span.start for e in self.short_except.find(doc)):
            return []
        return [Hit(span.start_char, span.end_char, None, span.text)]

    def _core(self, ctx: Context) -> list[int]:
        """The message's words without a greeting and the names after it at the start, and
        without a signature line of one or two capitalised words at the end."""
        words, doc = ctx.words, ctx.doc
        if not words or self.around is None:
            return words
        greetings = self.around.offsets(doc)
        greeted = [end for start, end in greetings if start == words[0]]
        if not greeted:  # the name called first: "Константин, добрый день! Нет."
            k = 0
            while k < min(2, len(words) - 1) and _named(doc[words[k]], ctx):
                k += 1
            greeted = [end for start, end in greetings if k and start == words[k]]
        thanks = self.opener.offsets(doc) if self.opener is not None else []
        opens = {start for start, _ in thanks}
        i = 0
        if greeted:
            while i < len(words) and words[i] < max(greeted):
                i += 1
            while i < len(words) - 1 and words[i] not in opens and not _greeting_closed(doc, words[i - 1], words[i]) \
                    and _named(doc[words[i]], ctx, after_greeting=True):
                i += 1
        i = _past_opener(doc, words, i, opens)
        signed = ctx.signed
        j = len(words) if signed is None else sum(1 for w in words if doc[w].idx < signed)
        if j <= i:
            return []
        words = words[:j]
        line_start = _line_start(doc, words[-1])
        last_line = [w for w in words[i:] if w >= line_start]
        if 0 < len(last_line) <= 2 and len(last_line) < j - i and all(doc[w].is_title for w in last_line) \
                and "\n" in doc[words[i]:last_line[0]].text:
            j -= len(last_line)
        return _without_closing_thanks(doc, words[i:j], thanks)

    def _answers_closed(self, ctx: Context, reply) -> bool:
        """Whether the reply is a closed answer ("Yes", "OK") standing alone, with no greeting,
        name or signature, to a message that asked only closed questions: a turn in a running
        exchange ("Make sense for me to attend?" — "Yes"; an approval asked — "OK"), where
        nothing more was asked. Greeted and signed, the same "Да." is a letter that says
        nothing ("Добрый день, Роман Сергеевич! Да."). "Not sure" holds a "sure" but answers
        nothing. Two questions, or a choice, are not answered by one word."""
        if self.closed is None or not ctx.quoted or not any(  # "да" answers, "да вроде" shrugs
                span.start == reply.start and span.end >= reply.end for span in self.closed.find(ctx.doc)):
            return False
        return _covers(reply, ctx.words) and self._asked_only_closed(ctx)

    def _asked_only_closed(self, ctx: Context) -> bool:
        """Whether the quoted message asked one closed question (or made one closed request)."""
        quoted = ctx.quoted_doc(self.nlp)
        requesting = {span.sent.start for span in self.requests.find(quoted)} if self.requests else set()
        asking = [s for s in quoted.sents if s.text.strip().endswith("?")]
        if not asking and not requesting:
            return False
        if len(asking) > 1:
            return False  # "Did you look at my draft? Anything I should change?": one "yep" answers one
        return all(closed_question(s, self.open_words) and not self._choice(s) for s in asking)

    def _choice(self, sentence) -> bool:
        """Whether a question asks to choose ("Thursday, or does Friday work better?"), which a
        yes or an ok does not answer; "or not" / "или нет" still asks for a yes or a no."""
        doc = sentence.doc
        return any(t.lower_ in self.choice_words and not (t.i + 1 < len(doc) and doc[t.i + 1].lower_ in ("not", "нет"))
                   for t in sentence)


def _covers(span, words: list[int]) -> bool:
    """Whether the span holds every one of the words (token indexes)."""
    return span.start <= words[0] and span.end > words[-1]


_CLAUSE_ENDS = ("—", "–", "-", ":", ";")
# the most words a greeting with a name, thanks for the question and a signature add around a reply
_AROUND_WORDS = 16


def _past_opener(doc, words: list[int], i: int, opens: set[int]) -> int:
    """Past a sentence or clause of thanks that opens the reply (it starts at one of ``opens``),
    when more follows it: "Thank you for asking. No.", "thanks for checking — nope"."""
    if i >= len(words) or words[i] not in opens:
        return i
    sent = doc[words[i]].sent
    end = next((t.i for t in doc[words[i]:sent.end] if t.text in _CLAUSE_ENDS), sent.end)
    k = i
    while k < len(words) and words[k] < end:
        k += 1
    return k if k < len(words) else i


def _without_closing_thanks(doc, words: list[int], thanks: list[tuple[int, int]]) -> list[int]:
    """The words without thanks that close them after a comma ("yep, thanks"): as bare with it."""
    if len(words) < 2:
        return words
    for start, end in thanks:
        if end == words[-1] + 1 and start > words[0] and doc[start - 1].text == ",":
            return [w for w in words if w < start]
    return words


def _named(token, ctx: Context, after_greeting: bool = False) -> bool:
    """Whether a word after the greeting names the reader ("Здравствуйте, Анна!", "Hi Peter,"):
    there, an English capitalised word is a name even if it is a word too ("Peter", "Mark")."""
    if ctx.addressee and token.text in (ctx.addressee.first, ctx.addressee.patronymic):
        return True
    if after_greeting and (token.lower_ in GROUP_WORDS or (  # "Hi team, no.", "Hi HR team, / No."
            ctx.addressee and ctx.addressee.group and token.text in ctx.addressee.full.split())):
        return True
    return could_be_name(token) or before_patronymic(token) or (
        after_greeting and (token.lang_ == "en" or set_off_as_call(token)) and token.is_title)


def _greeting_closed(doc, before: int, word: int) -> bool:
    """Whether the greeting's line or sentence ended between two words ("Dear Ms. Lopez,\nNo."):
    a capitalised word after that is the reply, not a name."""
    return any("\n" in t.text or t.text in ("!", "?") for t in doc[before + 1:word]) or "\n" in doc[before].whitespace_


def _line_start(doc, last: int) -> int:
    """The first token of the line the last word ends (past it when the word holds a line
    break), found by looking back along that line: asking every word for the text from it to
    the end made a long message quadratic (100 KB on one line: a minute)."""
    if "\n" in doc[last].text:
        return last + 1
    k = last
    while k > 0 and "\n" not in doc[k - 1].text and "\n" not in doc[k - 1].whitespace_:
        k -= 1
    return k
