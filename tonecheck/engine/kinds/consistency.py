"""``consistency``: two sides that must not mix in one message (ты-forms vs вы-forms); the minority
side, or in a formal team the informal side, is flagged and rewritten."""

from __future__ import annotations

from spacy.tokens import Doc, Span

from tonecheck.engine.context import Context, Hit
from tonecheck.engine.kinds.base import Check
from tonecheck.engine.register import greets_one_on_ty
from tonecheck.nlp.inflect import inflect, match_case
from tonecheck.nlp.morph import best, parses
from tonecheck.nlp.speech import QUOTE_PAIRS, in_quotes, retold
from tonecheck.rulebook.rules import RuleError


class ConsistencyCheck(Check):
    """Two sides (ты-forms, вы-forms) that must not be mixed when writing to one person."""

    SETTINGS = ("sides", "formal-side", "when", "unless", "convert", "unless-quoted", "formal-slips")

    def __init__(self, rule, spec, nlp, lexicons, pool=None):
        super().__init__(rule, spec, nlp, lexicons, pool)
        sides = self.required("sides")
        if not isinstance(sides, dict) or len(sides) != 2:
            raise RuleError(rule.path, f"{spec.language}.sides", "exactly two named sides")
        self.sides = {name: self.matchable(f"sides.{name}", s) for name, s in sides.items()}
        # forms that mark a side only in a formal team: "Давай созвонимся", "Спасибо, что
        # откликнулась" slip into ты beside "Вам удобно?"; among ты-colleagues they are the norm,
        # and a "вы" beside them speaks to a group ("это ваш склад перепутал")
        slips = spec.settings.get("formal-slips") or {}
        if not isinstance(slips, dict) or not set(slips) <= set(sides):
            raise RuleError(rule.path, f"{spec.language}.formal-slips", "a mapping of a side's name to patterns")
        self.slips = {name: self.matchable(f"formal-slips.{name}", s) for name, s in slips.items()}
        self.formal_side = self.required("formal-side")
        if self.formal_side not in self.sides:
            raise RuleError(rule.path, f"{spec.language}.formal-side", "must name one of the sides")
        self.when = spec.settings.get("when", "mixed")
        if self.when not in ("mixed", "unmixed"):
            raise RuleError(rule.path, f"{spec.language}.when", "must be 'mixed' or 'unmixed'")
        self.unless = self.optional("unless")
        # the message replied to already uses these forms: the exchange is on "ты", and keeping
        # to the form the other person chose is consistent, not a fault
        self.unless_quoted = self.optional("unless-quoted")
        convert = self.required("convert")
        if not isinstance(convert, dict) or not all(isinstance(v, str) for v in convert.values()):
            raise RuleError(rule.path, f"{spec.language}.convert", "a mapping of lemma to lemma")
        self.convert = convert

    def run(self, ctx: Context) -> list[Hit]:
        doc = ctx.doc
        if self.unless is not None and self.unless.find(doc):
            return []
        if self.unless_quoted is not None and ctx.quoted and self.unless_quoted.find(ctx.quoted_doc(self.nlp)):
            return []
        found = {name: [s for s in m.find(doc) if not _mentioned(s)] for name, m in self.sides.items()}
        if ctx.formality == "formal":
            for name, m in self.slips.items():
                found[name] = sorted(found[name] + [s for s in m.find(doc) if not _mentioned(s)],
                                     key=lambda s: s.start)
        present = [name for name, spans in found.items() if spans]
        other = next(n for n in self.sides if n != self.formal_side)
        if self.when == "unmixed":
            if present != [other]:
                return []
            target = self.formal_side
        else:
            if len(present) != 2:
                return []
            target = self._target(found, ctx.formality)
        flagged = next(n for n in self.sides if n != target)
        return [self._convert(span, ctx, target == self.formal_side, doc) for span in found[flagged]]

    def _target(self, found: dict, formality: str) -> str:
        if formality == "formal":
            return self.formal_side
        a, b = list(found)
        if greets_one_on_ty(found[a][0].doc.text):
            # "Привет, Дим! Вы не могли бы… Скинь", "Вась, ты перезагружал? … перезагрузите": one
            # person greeted or called on ты is written to on ты, whatever the count
            return next(n for n in self.sides if n != self.formal_side)
        if len(found[a]) != len(found[b]):
            return a if len(found[a]) > len(found[b]) else b
        return a if found[a][0].start < found[b][0].start else b

    def _convert(self, span: Span, ctx: Context, to_plural: bool, doc: Doc) -> Hit:
        capital = to_plural and any(t.text[:1] == "В" and t.lemma_ in ("вы", "ваш") and not t.is_sent_start
                                    for t in doc)
        span = _with_predicate(span, doc)
        if to_plural and _singular_left(span):
            return Hit(span.start_char, span.end_char, None, span.text)  # the writer makes it agree
        words = []
        for token in span:
            new = self._convert_token(token, to_plural, ctx)
            if new is None:
                return Hit(span.start_char, span.end_char, None, span.text)
            if capital and token.lemma_ in self.convert:
                new = new[:1].upper() + new[1:]
            cased = match_case(token.text, new)
            if not to_plural and token.lemma_ in self.convert and _mid_sentence(token) and not token.text.isupper():
                cased = new  # the polite capital «Вам» has no place on «тебе»
            words.append(cased + token.whitespace_)
        return Hit(span.start_char, span.end_char, "".join(words).rstrip(), span.text)

    def _convert_token(self, token, to_plural: bool, ctx: Context) -> str | None:
        lemma = token.lemma_
        if lemma in self.convert:
            parse = best(token.text)
            target = next((p for p in parses(self.convert[lemma]) if p.tag.POS == parse.tag.POS), None)
            if target is None:
                return None
            wanted = {g for g in (parse.tag.case, parse.tag.number if parse.tag.POS != "NPRO" else None,
                                  parse.tag.gender) if g}
            form = target.inflect(wanted)
            return form.word if form else None
        if token.morph.get("Person") in (["1"], ["3"]):
            return token.text  # "Давай созвонимся": only the ты-form turns, "созвонимся" is the writer's too
        if token.pos_ == "VERB" or token.morph.get("Variant") == ["Brev"]:
            if to_plural:
                return inflect(token.text, {"plur"})
            ordered = (token.is_sent_start or _no_subject_before(token)) and not _negated_question(token)
            order = next((p for p in parses(token.lower_) if "impr" in p.tag), None) if ordered else None
            if order is not None:  # "Откатите свой коммит": an order, not "you will roll back"
                form = order.inflect({"sing"})
                return form.word if form else None
            wanted = {"sing"}
            if token.morph.get("Tense") == ["Past"] or token.morph.get("Variant") == ["Brev"]:
                wanted.add(ctx.addressee.gender if ctx.addressee and ctx.addressee.gender else "masc")
            return inflect(token.text, wanted)
        return token.text


def _negated_question(token) -> bool:
    """Whether the verb follows a "не" in a question: "Не помните, куда…?" asks ("не помнишь"),
    where the imperative "не помни" would forbid."""
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].lower_ == "не" and any(t.text == "?" for t in token.sent)


def _no_subject_before(token) -> bool:
    """Whether a verb's clause has no "вы"/"ты" before it: "Если нет, перезагрузите" orders
    ("перезагрузи"), "вы перезагрузите?" asks about the future ("ты перезагрузишь?")."""
    for t in reversed(token.doc[token.sent.start:token.i]):
        if t.lower_ in ("вы", "ты"):
            return False
        if t.is_punct:
            return True
    return True


def _mid_sentence(token) -> bool:
    """Whether a word stands inside a sentence: after a word or a comma, not at its start or
    after an emoji that ends the sentence before ("команду 🙂 Вы уже получили")."""
    if token.is_sent_start:
        return False
    before = next((t for t in reversed(token.doc[:token.i]) if not t.is_space), None)
    return before is not None and (before.is_alpha or before.is_digit or before.text in _INSIDE_MARKS)


_INSIDE_MARKS = frozenset({",", ";", ":", "—", "–", "-", "(", "«", '"'})


def _singular_left(span: Span) -> bool:
    """Whether the sentence keeps a word that agrees with "ты" out of the rewrite's reach — a
    past-tense verb or "сам" further on ("Ну ты, как всегда, гений: созвон поставил…", "пойдёшь
    объясняться сам"): "вы" there would read "вы … поставил". Better a hint than a broken form."""
    for token in span.sent:
        if span.start <= token.i < span.end:
            continue
        if token.lemma_ == "сам" and token.morph.get("Number") == ["Sing"] and token.morph.get("Case") == ["Nom"]:
            return True
        if token.pos_ == "VERB" and token.morph.get("Tense") == ["Past"] and token.morph.get("Number") == ["Sing"] \
                and (token.i > span.start or _reader_condition(token)):
            return True
    return False


CONDITION_WORDS = frozenset({"если", "когда", "раз", "пока"})


def _reader_condition(verb) -> bool:
    """Whether a past-tense verb before the rewritten words is the reader's, in a condition with
    no subject of its own ("Если пломбу ещё не фотографировал, сделай это"): "вы" would read
    "не фотографировал, сделайте"."""
    for token in reversed(verb.doc[verb.sent.start:verb.i]):
        if token.lower_ in CONDITION_WORDS:
            return True
        if token.is_punct or token.morph.get("Case") == ["Nom"] and token.pos_ in ("NOUN", "PRON", "PROPN"):
            return False
    return False


def _with_predicate(span: Span, doc: Doc) -> Span:
    """A subject pronoun with the verb that agrees with it, a few words on in its clause ("Ты
    вчера так и не отправил" -> "Вы вчера так и не отправили"): changing the pronoun alone
    leaves "Вы … отправил". Words between them are kept as written."""
    if len(span) != 1 or span[0].lower_ not in ("ты", "вы") or best(span[0].text).tag.case != "nomn":
        return span
    for token in doc[span.end:min(span.end + 6, span.sent.end)]:
        if token.is_punct:
            break
        if token.pos_ == "VERB" or token.morph.get("Variant") == ["Brev"]:
            if doc[token.i - 1].pos_ == "ADP" or token.morph.get("Person") in (["1"], ["3"]):
                continue  # "в ревью", "ревью" read as "I review": not the pronoun's predicate
            agrees = token.morph.get("Number") == ["Sing"] if span[0].lower_ == "ты" else \
                token.morph.get("Number") == ["Plur"]
            return doc[span.start:token.i + 1] if agrees else span
    return span


_OPENING_QUOTES, _CLOSING_QUOTES = frozenset(QUOTE_PAIRS), frozenset(QUOTE_PAIRS.values())


def _mentioned(span: Span) -> bool:
    """Whether words are mentioned rather than used: in quotation marks ("команда 'скажи'"),
    reported after "мол" or "типа" ("пишет, мол авторизуйся") or beside the arrow of a correction
    ("посмотри -> посмотрим"). Nobody is addressed by them."""
    doc = span.doc
    before = doc[span.start - 1].text if span.start > 0 else ""
    after = doc[span.end].text if span.end < len(doc) else ""
    if before[-1:] in _OPENING_QUOTES and after[:1] in _CLOSING_QUOTES:
        return True
    if span.start in in_quotes(doc):  # a button's or a form's words: «Отправь на согласование»
        return True
    if span.start in retold(doc):  # "мол авторизуйся", "типа если надо — бери": someone else's words
        return True
    return _arrow(doc, span.end) or _arrow(doc, span.start - 2) or after == "→" or before == "→"


def _arrow(doc, i: int) -> bool:
    """Whether tokens i and i+1 make "->" or "=>" (the tokenizer splits them)."""
    return 0 <= i < len(doc) - 1 and doc[i].text in ("-", "=") and doc[i + 1].text == ">"
