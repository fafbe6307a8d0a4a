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

from dataclasses import dataclass

from spacy.tokens import Doc

from tonecheck.rulebook.lexicons import LexiconStore

FORMAL, INFORMAL = "formal", "informal"
OPENING_WORDS = 6      # a greeting stands among the first words ("Анна, добрый день!")
POLITE_FORMS = frozenset({"Вы", "Вам", "Вас", "Вами", "Ваш", "Ваша", "Ваше", "Ваши", "Вашего", "Вашей",
                          "Вашему", "Вашим", "Вашими", "Вашу", "Ваших"})


@dataclass(frozen=True)
class Register:
    """``formality``: the register the message is held to; ``assumed``: no sign in the thread,
    so rules that hold a team to вы stay silent."""

    formality: str
    assumed: bool = False


STATED = {FORMAL: Register(FORMAL), INFORMAL: Register(INFORMAL)}


def read(doc: Doc, quoted: Doc | None, language: str, lexicons: LexiconStore) -> Register:
    """The register of a message on a thread whose team set none (see the module's docstring)."""
    formal = lexicons.get(f"{language}/formal-greetings").phrases
    informal = lexicons.get(f"{language}/informal-greetings").phrases
    if quoted is not None:
        if _opens_with(quoted, informal) or _writes_ty(quoted):
            return STATED[INFORMAL]
        if _opens_with(quoted, formal) or any(t.text in POLITE_FORMS and not t.is_sent_start for t in quoted):
            return STATED[FORMAL]
    if _opens_with(doc, formal):
        return STATED[FORMAL]
    if _opens_with(doc, informal) or _writes_ty(doc):
        return STATED[INFORMAL]
    return Register(FORMAL, assumed=True)


def _opens_with(doc: Doc, phrases: tuple[str, ...]) -> bool:
    """Whether one of ``phrases`` stands among the message's first words."""
    words = [t.lower_ for t in doc[:OPENING_WORDS * 2] if t.is_alpha][:OPENING_WORDS]
    opening = " " + " ".join(words) + " "
    return any(f" {phrase} " in opening for phrase in phrases)


def _writes_ty(doc: Doc) -> bool:
    """Whether the text addresses someone as ты and nobody as вы: "ты", "твой", or a ты-verb the
    dictionary knows ("скинь", "можешь")."""
    ty = vy = False
    for token in doc:
        lemma = token.lemma_
        if lemma in ("ты", "твой"):
            ty = True
        elif lemma in ("вы", "ваш"):
            vy = True
        elif token.pos_ == "VERB" and token.morph.get("Person") == ["2"]:
            number = token.morph.get("Number")
            if number == ["Sing"] and token._.known_word:
                ty = True
            elif number == ["Plur"]:
                vy = True
    return ty and not vy
