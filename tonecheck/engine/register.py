"""The register a message is held to when the team has not said which it writes in (formality
``auto``, the default): read from the thread, as a trainer reading it would.

A formal greeting ("Здравствуйте", "Добрый день", "Уважаемая…", "Dear…") in the message or in the
one it answers, or a capitalised «Вы»/«Вам» in the message it answers, shows the exchange is on
вы: a ты-form there is a fault. A ты-form in the message replied to, or an informal greeting
there or here, shows it is on ты. With no sign either way the formal forms are still what
tonecheck suggests (a greeting it adds is "Здравствуйте"), but no rule that holds a team to вы
fires: on a tracker or in a team nobody configured, ты is most often the team's own choice, and
readers of real threads judged those findings false (docs/quality.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.symbols import VERB
from spacy.tokens import Doc

from tonecheck.nlp import columns
from tonecheck.nlp.morph import best, known
from tonecheck.rulebook.lexicons import LexiconStore

FORMAL, INFORMAL = "formal", "informal"
OPENING_WORDS = 6      # a greeting stands among the first words ("Анна, добрый день!")
POLITE_FORMS = frozenset({"Вы", "Вам", "Вас", "Вами", "Ваш", "Ваша", "Ваше", "Ваши", "Вашего", "Вашей",
                          "Вашему", "Вашим", "Вашими", "Вашу", "Ваших"})

_TY_LEMMAS = frozenset(map(get_string_id, ("ты", "твой")))
_VY_LEMMAS = frozenset(map(get_string_id, ("вы", "ваш")))


@dataclass(frozen=True)
class Register:
    """``formality``: the register the message is held to; ``assumed``: no sign in the thread,
    so rules that hold a team to вы stay silent."""

    formality: str
    assumed: bool = False


STATED = {FORMAL: Register(FORMAL), INFORMAL: Register(INFORMAL)}


# one person greeted on ты: "Привет, Дим!", "Марин, привет!" (a plural «вы» is not them)
_ONE = r"(?!(?:коллеги|ребята|ребят|друзья|все|всем|народ|команда|господа)\b)[А-ЯЁ][а-яё]+"
GREETS_ONE_ON_TY = re.compile(rf"(?:^|\n)\s*(?:(?:привет|приветик|хай)\s*,\s*{_ONE}|{_ONE}\s*,\s*привет)",
                              re.IGNORECASE)


# a name cut short as only friends call ("Вась,", "Дим,", "Оль,") opening the message
_CALLED = re.compile(r"^\s*([А-ЯЁ][а-яё]{1,6})\s*,")


def greets_one_on_ty(text: str) -> bool:
    """Whether the text (a message or a rewrite) greets one named person on ты: "Привет, Дим!",
    or calls them by a name cut short ("Вась, ты роутер перезагружал?")."""
    if GREETS_ONE_ON_TY.search(text[:200]) is not None:
        return True
    called = _CALLED.match(text)
    return called is not None and _cut_name(called.group(1))


def _cut_name(word: str) -> bool:
    """A first name in -а/-я cut to its stem, as a friend calls it: "Вась" (Вася), "Дим" (Дима)."""
    tags = best(word).tag.grammemes
    if "voct" in tags:
        return True  # pymorphy3 knows the form: "Вась", "Оль"
    if "Name" in tags or "VERB" in tags:
        return False  # a name in full ("Ян", "Сергей"), an imperative ("Слушай")
    stems = [word[:-1] + "я"] if word.endswith("ь") else [word + "а", word + "я"]
    return any(known(stem) and {"Name", "nomn"} <= best(stem).tag.grammemes for stem in stems)


def read(doc: Doc, quoted: Doc | None, language: str, lexicons: LexiconStore) -> Register:
    """The register of a message on a thread whose team set none (see the module's docstring)."""
    formal = lexicons.get(f"{language}/formal-greetings").phrases
    informal = lexicons.get(f"{language}/informal-greetings").phrases
    if quoted is not None:
        opening = _opening(quoted)
        if _among(opening, informal) or _writes_ty(quoted):
            return STATED[INFORMAL]
        if _among(opening, formal) or any(t.text in POLITE_FORMS and not t.is_sent_start for t in quoted):
            return STATED[FORMAL]
    opening = _opening(doc)
    if _among(opening, formal):
        return STATED[FORMAL]
    if _among(opening, informal) or _writes_ty(doc):
        return STATED[INFORMAL]
    return Register(FORMAL, assumed=True)


def _opening(doc: Doc) -> str:
    """The message's first words, lowercased, with a space on each side (read once a message)."""
    words = [t.lower_ for t in doc[:OPENING_WORDS * 2] if t.is_alpha][:OPENING_WORDS]
    return " " + " ".join(words) + " "


def _among(opening: str, phrases: tuple[str, ...]) -> bool:
    """Whether one of ``phrases`` stands among the opening words."""
    return any(f" {phrase} " in opening for phrase in phrases)


def _writes_ty(doc: Doc) -> bool:
    """Whether the text addresses someone as ты and nobody as вы: "ты", "твой", or a ты-verb the
    dictionary knows ("скинь", "можешь"). Read from the lemma and part-of-speech columns; only a
    verb's morphology is looked at (building every token's cost 6 % of a Russian check)."""
    ty = False
    for i, (lemma, pos) in enumerate(zip(columns.read(doc, "LEMMA"), columns.read(doc, "POS"), strict=True)):
        if lemma in _TY_LEMMAS:
            ty = True
        elif lemma in _VY_LEMMAS:
            return False
        elif pos == VERB:
            token = doc[i]
            morph = token.morph
            if morph.get("Person") == ["2"]:
                number = morph.get("Number")
                if number == ["Plur"]:
                    return False
                ty = ty or (number == ["Sing"] and token._.known_word)
    return ty

