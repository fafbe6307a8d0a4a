"""Whether a capitalised word can be a person's name: the reader named after a greeting ("Hi Tom,"),
or before a comma as the salutation ("Dan, Joe and Charles:"); and the name a message is signed
with, which tells who reads the reply to it.

Russian has pymorphy3's tags for first names, patronymics and surnames. English has no such tag
here, so a word is taken for a name when lemminflect's dictionary knows it as nothing but a noun
or not at all: "Tom" (a noun too) and "Cynthia" can be names, "However", "Great" and "Bill" (a
verb as well) cannot be told from a word and are not taken for one.
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from tonecheck.nlp.inflect import GROUP_WORDS, TITLES, addressee
from tonecheck.nlp.lemmas import english_parts
from tonecheck.nlp.morph import best, parses

_NAME_TAGS = frozenset({"Name", "Patr", "Surn"})
_NAME_PARTS = frozenset({"NOUN", "PROPN"})
# the name a message is signed with, at its very end: "Kind regards, Mrs. Karen Holt",
# "Regards, Thomas Adler, Head of Operations" (a job title may follow the name)
# the words a sign-off ends with before the name ("Kind regards,", "Thanks,", "Cheers")
_SIGN_OFF = r"regards|wishes|thanks|thank you|cheers|best"
_SIGNED = re.compile(rf"(?i:{_SIGN_OFF}|sincerely|faithfully|truly)[,!.]?\s+"
                     r"((?:[A-Z][a-z]{1,9}\.?\s+)?[A-Z][a-z'’-]+(?:\s+[A-Z]\.)?\s+[A-Z][A-Za-z'’-]+)"
                     r"(?:,[^,\n]{1,40})?\s*$")
# a name alone under the message, on its own line or after a dash ("…ready yet?\nMichael Evans",
# "… – Omar"), or a first name after thanks ("… thanks, Bea")
_SIGNED_ALONE = re.compile(r"(?:\n|\s[—–-])[ \t]*([A-Z][a-z'’-]+(?:[ \t]+[A-Z][A-Za-z'’-]+)?)[ \t]*$")
_SIGNED_FIRST = re.compile(rf"(?i:{_SIGN_OFF})[,!.]?\s+([A-Z][a-z'’-]+)\s*$")
# a Russian message signed under its last sentence: "…на май? Елена Павловна", "… — Андрей Козлов, отдел продаж"
_SIGNED_RU = re.compile(r"(?:[.!?…)]\s+|\n\s*|[—–]\s*)([А-ЯЁ][а-яё]+(?:\s+[А-ЯЁ][а-яё]+){1,2})(?:,[^,\n]{1,40})?\s*$")
# the last word of a team's or a firm's signature, not a person's ("Lettings Team", "Riverside Clinic"):
# the words that make a "to" a group, and a firm's
_NOT_A_SURNAME = GROUP_WORDS | frozenset({"centre", "center", "ltd", "limited", "inc", "llc", "plc", "services",
                                          "support", "school", "clinic", "accountants", "logistics", "coordination",
                                          "receivable", "payable", "operations", "administration", "management",
                                          "company", "council", "hr", "it", "finance", "facilities", "reception",
                                          "helpdesk", "partners", "associates"})


def first_name_form(word: str, first: str, short: dict | None = None) -> bool:
    """Whether a word is the reader's first name or a short form of it: one that begins it ("Sam",
    "Will" of William, "Дарь" of Дарья) or one the team's "short => full" list gives ("Tom" of Thomas)."""
    low, full = word.lower(), first.lower()
    # an English short form drops a syllable ("Dan" of Daniel); one letter fewer is a misspelling
    # ("Sara" for Sarah), while a Russian call may drop just the last letter ("Дарь")
    clipped = len(low) >= 3 and full.startswith(low) and (not low.isascii() or len(full) - len(low) >= 2)
    # a short form of several names lists them all: "charlie => charles | charlotte"
    listed = {name.strip() for name in (short or {}).get(low, "").split("|")}
    # … or the full form of a reader known by a short one: "Thomas" to Tom Becker
    fuller = {name.strip() for name in (short or {}).get(full, "").split("|")}
    return low == full or clipped or full in listed or low in fuller


def could_be_name(token: Token) -> bool:
    """Whether the word can be a person's name (see the module's docstring)."""
    if token.lang_ == "ru":
        return bool(_NAME_TAGS & best(token.text).tag.grammemes)
    if not token.is_title or token.is_stop:  # "You, …", "We, …": no lookup needed
        return False
    return english_parts(token.lower_) <= _NAME_PARTS


def before_patronymic(token: Token) -> bool:
    """"Изабелла Юрьевна", "Роза Ивановна": a capitalised word the dictionary knows as a first
    name among other readings (pymorphy3's best is the grape, the flower), followed by a
    patronymic, is the name."""
    doc = token.doc
    return (token.lang_ == "ru" and token.is_title and token.i + 1 < len(doc) and patronymic(doc[token.i + 1].text)
            and any("Name" in p.tag.grammemes for p in parses(token.lower_)))


def patronymic(word: str) -> bool:
    """Whether pymorphy3's best reading of a Russian word is a patronymic ("Юрьевна", "Олеговне")."""
    return "Patr" in best(word).tag.grammemes


def set_off_as_call(token: Token) -> bool:
    """Whether a word stands between a comma and a comma or "!", as a call does ("Привет, Ром!",
    "Привет, Паш, …"): a short name the dictionary reads as a word ("ром") is still a name there."""
    doc = token.doc
    return token.i > 0 and doc[token.i - 1].text == "," and token.i + 1 < len(doc) \
        and doc[token.i + 1].text in ("!", ",")


def signed_name(text: str) -> str | None:
    """The person's name a message is signed with at its end ("… Kind regards, Dr. Rhys Evans",
    "…утвердили ли график? Елена Павловна", "…ready yet?\nMichael Evans", "… – Omar"), or None:
    a reply goes to that person, so it names the reader. A team's or a firm's signature ("Kind
    regards, Lettings Team") names nobody."""
    text = text.rstrip()
    found = _SIGNED_RU.search(text)
    if found:  # a Russian name by pymorphy3's tags: a first name with a patronymic or a surname
        person = addressee(found.group(1))
        return found.group(1) if person and person.first and (person.patronymic or person.surname) else None
    found = _SIGNED.search(text)
    if not found:
        return _signed_alone(text)
    name = found.group(1)
    words = name.split()
    if words[-1].lower() in _NOT_A_SURNAME or (words[0].endswith(".") and words[0].rstrip(".").lower() not in TITLES):
        return None
    return name


def _signed_alone(text: str) -> str | None:
    """A name under the message with no sign-off, or a first name after thanks: only a first name
    the dictionary does not know as a word ("Michael Evans", "Omar", not "Customer Care",
    "Warehouse Team"), so a line of ordinary words is not taken for a person."""
    for pattern in (_SIGNED_ALONE, _SIGNED_FIRST):
        found = pattern.search(text)
        if found and found.start() > 0:
            words = found.group(1).split()
            if not english_parts(words[0].lower()) and words[-1].lower() not in _NOT_A_SURNAME:
                return found.group(1)
    return None
