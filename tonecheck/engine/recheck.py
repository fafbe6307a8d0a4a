"""Re-checking rewrites before they are applied: a set that makes the message worse is not applied.

Each recipe rewrites its own words; applied together, rewrites can clash ("Здравствуйте!" over a
text on ты), leave a word form that does not exist ("нибудьте"), stray spacing ("double -check"),
a sentence without its verb, or a wording another rule flags. So the rewrites one pass would
apply are applied to a copy, the copy is checked again, and the set stays safe only when none of
these faults appear. Otherwise each fault is laid at the rewrite it comes from, that rewrite is
marked as needing the writer (shown, never applied), and the rest are checked again. Nothing
here knows a rule by name, so every rule, a team's too, gets the same check.
"""

from __future__ import annotations

import os
import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache

from spacy.lang.en.stop_words import STOP_WORDS

from tonecheck.engine.register import greets_one_on_ty
from tonecheck.nlp import morph
from tonecheck.nlp.lemmas import english_forms, english_known, english_verb_form
from tonecheck.results.findings import Finding
from tonecheck.results.fixes import NEEDS_WRITER, chosen, edited, is_safe, sentence_bounds

WORD = re.compile(r"\w+(?:-\w+)*")
MIXED_CASE = re.compile(r"[a-zа-яё][A-ZА-ЯЁ]{2,}")  # "fIX": a word lower-cased by its first letter only
# spacing a rewrite can leave behind: a space before a comma or inside a hyphenated word, two
# spaces, two commas, a comma before a full stop
SPACING = re.compile(r"\w -\w|\w- \w| [,;:]|[ ]{2,}\S|,\s*[,.;:!?]")
AUXILIARIES = {"am", "is", "are", "was", "were", "be", "been", "can", "could", "will", "would", "shall", "should",
               "may", "might", "must", "do", "does", "did", "have", "has", "had", "'s", "'re", "'m", "'ll", "'ve", "'d"}
RU_VERB_PARTS = {"VERB", "INFN", "PRED", "ADJS", "PRTS", "GRND"}

Recheck = Callable[[list[int], list[str]], list[list[Finding]]]
CLAUSE_WORDS = 2  # a finding this long left beside a rewrite is a clause: see _left_beside
ROUNDS = 3  # re-checks of a shrinking set before the rest of it is left to the writer too


def settle(text: str, findings: list[Finding], recheck: Callable[[str], list[Finding]]) -> list[Finding]:
    """``settle_many`` for one text (``recheck`` maps a rewritten text to its findings)."""
    return settle_many([text], [findings], lambda _, texts: [recheck(t) for t in texts])[0]


def settle_many(texts: list[str], findings: list[list[Finding]], recheck: Recheck) -> list[list[Finding]]:
    """Each text's findings with every safe rewrite whose application brings a fault marked as
    needing the writer. ``recheck(indices, rewritten)`` checks the rewritten texts of those
    indices together (one pipeline pass for all the texts of a call).

    A fault is laid at the rewrite it comes from (a new finding: the nearest rewrite), the set
    without those rewrites is re-checked, and after ``ROUNDS`` whatever still fails is refused
    whole: a long text costs a few re-checks, not one per rewrite.
    """
    refused: dict[int, set[int]] = {i: set() for i in range(len(findings))}

    def kept_of(i: int) -> list[Finding]:
        """What one pass would apply once the refused are out: a rewrite an overlapping refused
        one hid comes in, so it is checked too ("Привет, Руслан! Как" after "Как я уже говорил,")."""
        return chosen([f for f in findings[i] if id(f) not in refused[i]])

    pending = [i for i in refused if kept_of(i)]
    for _ in range(ROUNDS):
        if not pending:
            break
        kept = {i: kept_of(i) for i in pending}
        rewritten = [edited(texts[i], kept[i]) for i in pending]
        after = recheck(pending, rewritten)
        still = []
        for i, new, again in zip(pending, rewritten, after, strict=True):
            blamed = {id(f) for f, _ in faults(texts[i], findings[i], kept[i], new, again)}
            refused[i] |= blamed
            if blamed and kept_of(i):
                still.append(i)
        pending = still
    for i in pending:  # still failing after the last round: none of its rewrites is applied
        refused[i] |= {id(f) for f in findings[i] if is_safe(f)}
    return [[replace(f, safety=NEEDS_WRITER) if id(f) in refused[i] else f for f in found]
            for i, found in enumerate(findings)]


def faults(text: str, findings: list[Finding], applied: list[Finding], new: str, after: list[Finding]) -> list[tuple]:
    """What applying ``applied`` to ``text`` breaks (``new``: the result, ``after``: its
    findings): (the rewrite to blame, why) pairs."""
    if not applied:
        return []
    placed = list(_placed(applied))
    found = list(_new_findings(findings, placed, after))
    present = {w.lower() for w in WORD.findall(text)}
    for f, start in placed:
        found += [(f, why) for why in (*_broken_words(f, present), *_sentence_faults(f, text, new, start))]
    found += _register_clash(applied, new)
    found += _left_beside(placed, new, after)
    return found


def _left_beside(placed: list[tuple[Finding, int]], new: str, after: list[Finding]) -> list[tuple]:
    """A rewrite in or next to a sentence that keeps a clause of its family only the writer can mend:
    with one reproach made a request, the next one reads as a bare jab ("Ответьте, пожалуйста,
    на письмо. Судя по всему, почту вы не читаете."). The paragraph is fixed whole or not at
    all. A single word left ("aforementioned") does not change how the rewrite reads; two do
    ("Из-за тебя. Подтверди, пожалуйста, адрес.")."""
    out = []
    for f, start in placed:
        first, last = sentence_bounds(new, start, start + len(f.suggestion))
        breaks = new.rfind("\n\n", 0, start), new.find("\n\n", start)  # the paragraph it stands in
        reach = (max(sentence_bounds(new, first - 1, first)[0] if first else 0, breaks[0]),
                 min(sentence_bounds(new, last, last + 1)[1], breaks[1] if breaks[1] >= 0 else len(new)))
        for g in after:
            if g.family == f.family and not is_safe(g) and reach[0] <= g.start < reach[1] \
                    and not start <= g.start < start + max(len(f.suggestion), 1) \
                    and len(g.text.split()) >= CLAUSE_WORDS:  # "х*йня" is one word
                out.append((f, f"a {g.rule} left beside it"))
                break
    return out


def _placed(applied: list[Finding]) -> list[tuple[Finding, int]]:
    """Each applied finding with where its replacement starts in the rewritten text."""
    shift, out = 0, []
    for f in sorted(applied, key=lambda f: f.start):
        out.append((f, f.start + shift))
        shift += len(f.suggestion) - (f.end - f.start)
    return out


def _new_findings(before: list[Finding], placed: list[tuple[Finding, int]], after: list[Finding]):
    """Findings of rules that find more in the rewritten text than was left unfixed in the
    original, each laid at the nearest rewrite. A new finding with a safe rewrite of its own
    is the next step of the same fix ("Скинь" -> "Скиньте" -> "Скиньте, пожалуйста,"): the next
    pass applies it after this check, and ``fixes.fix_until_stable`` keeps no end worse than the start."""
    left = Counter(f.rule for f in before) - Counter(f.rule for f, _ in placed)
    now = Counter(f.rule for f in after if not is_safe(f))  # a safe one is the next step
    starts = [start for _, start in placed]
    for g in after:
        if now[g.rule] > left[g.rule] and not is_safe(g):
            i = bisect_right(starts, g.start)  # the rewrites just before and just after it
            near = placed[max(i - 1, 0):i + 1]
            # the nearest; of two that touch it, the one inside it ("You forgot [AGAIN] to" lets
            # blame.not-done read "You forgot to", not the greeting glued before "You")
            nearest, _ = min(near, key=lambda p: (_distance(g, p[1], p[1] + len(p[0].suggestion)),
                                                  -_overlap(g, *_changed(p[0], p[1]))))
            yield nearest, f"new {g.rule}"


def _distance(g: Finding, start: int, end: int) -> int:
    return max(start - g.end, g.start - end, 0)


def _overlap(g: Finding, start: int, end: int) -> int:
    return max(min(g.end, end) - max(g.start, start), 0)


def _changed(f: Finding, start: int) -> tuple[int, int]:
    """Where a rewrite changed the text, without the words it kept at its ends ("You" of "Hello
    Grace,\n\nYou"); at least one character, so a deletion has a place."""
    old, new = f.text, f.suggestion
    head = len(os.path.commonprefix([old, new]))
    tail = len(os.path.commonprefix([old[head:][::-1], new[head:][::-1]]))
    return start + head, max(start + len(new) - tail, start + head + 1)


def _broken_words(f: Finding, present: set[str]) -> list[str]:
    """Words the replacement brings in (not ``present`` in the text) that the language's
    dictionary does not know, and names it writes in lower case ("Hello, anna")."""
    words = WORD.findall(f.suggestion)
    # a capitalised word inside the rewrite is a name (the addressee's): only lower-case words
    # and the first one, capitalised for the sentence, are inflected or built by a recipe
    built = [w for i, w in enumerate(words) if i == 0 or not w[:1].isupper()]
    out = [f"unknown word {w!r}" for w in built
           if w.lower() not in present and w.isalpha() and not known_word(w, f.language)]
    lowered = {w.lower() for w in WORD.findall(f.text) if w.istitle() and _is_name(w, f.language)}
    out += [f"name {w!r} in lower case" for w in WORD.findall(f.suggestion) if w in lowered]
    if f.language == "ru":
        out += _past_made_imperative(f)
    return out + [f"broken case {w!r}" for w in words if MIXED_CASE.fullmatch(w)]


def _past_made_imperative(f: Finding) -> list[str]:
    """A word that reads as past tense as well as an order ("пришли": came / send), rewritten
    as an order ("пришлите"): the sentence most likely told what happened."""
    written, rewritten = ({w.lower() for w in WORD.findall(t)} for t in (f.text, f.suggestion))
    old = [w for w in WORD.findall(f.text) if w.lower() not in rewritten]
    new = [w for w in WORD.findall(f.suggestion) if w.lower() not in written]
    if not any("impr" in morph.best(w.lower()).tag for w in new):
        return []
    return [f"past tense {w!r} made an order" for w in old
            if {"past", "impr"} <= {g for p in morph.parses(w.lower()) for g in p.tag.grammemes}]


def _is_name(word: str, language: str) -> bool:
    if language == "ru":
        return bool({"Name", "Surn", "Patr", "Geox"} & morph.best(word).tag.grammemes) or not morph.known(word.lower())
    return not known_word(word, language)


def known_word(word: str, language: str) -> bool:
    """Whether the language's dictionary has the word form: pymorphy3's for Russian (each part
    of a hyphenated word), lemminflect's and spaCy's stop words for English."""
    word = word.lower()
    if language == "ru":
        return morph.known(word) or all(morph.known(part) for part in word.split("-"))
    return word in STOP_WORDS or word in english_forms() or english_known(word)


def _sentence_faults(f: Finding, text: str, new: str, start: int) -> list[str]:
    """Spacing left broken, a word repeated, or a sentence that had a verb and lost it, around
    one rewrite that changes words (one that only changes marks or case cannot)."""
    if [w.lower() for w in WORD.findall(f.text)] == [w.lower() for w in WORD.findall(f.suggestion)]:
        return []
    old_sentence = _sentence(text, f.start, f.end)
    if not f.suggestion.strip() and old_sentence.strip() == text[f.start:f.end].strip():
        return []  # a whole sentence dropped ("No excuses."): no sentence of it is left to break
    new_sentence = _sentence(new, start, start + len(f.suggestion))
    out = []
    if len(SPACING.findall(new_sentence)) > len(SPACING.findall(old_sentence)):
        out.append(f"spacing in {new_sentence!r}")
    if _repeats(new_sentence) > _repeats(old_sentence):
        out.append(f"a word repeated in {new_sentence!r}")
    if _addresses(new_sentence, f.language) > max(_addresses(old_sentence, f.language), 1):
        out.append(f"the reader addressed twice in {new_sentence!r}")
    if _unpaired(new_sentence) > _unpaired(old_sentence):
        out.append(f"a quote or bracket left open in {new_sentence!r}")
    if _has_verb(old_sentence, f.language) and not _has_verb(new_sentence, f.language) \
            and not _salutation(new_sentence):
        out.append(f"no verb in {new_sentence!r}")
    for why, count in (("a predicate lost", _bare_copulas), ("ты/вы out of agreement", _agreement_breaks)):
        if count(new_sentence) > count(old_sentence):
            out.append(f"{why} in {new_sentence!r}")
    removed = {w.lower() for w in WORD.findall(f.text)} - {w.lower() for w in WORD.findall(f.suggestion)}
    if _comma_conjunctions(new_sentence) < _comma_conjunctions(old_sentence) and not removed & CONJUNCTIONS:
        out.append(f"a comma before a conjunction lost in {new_sentence!r}")
    previous = _previous_sentence(new, start)
    if _opening(previous, 3) == _opening(new_sentence, 3) != _opening(old_sentence, 3):
        out.append(f"two sentences open alike: {new_sentence!r}")
    elif _echoes(f.suggestion, previous):
        out.append(f"the sentence before already says {f.suggestion!r}")
    return out


def _echoes(suggestion: str, previous: str) -> bool:
    """Whether a rewrite of two words or more says what the sentence before already says
    ("…, please note that the payment was made. Please note that it may take three days")."""
    said = [w.lower() for w in WORD.findall(suggestion)]
    before = [w.lower() for w in WORD.findall(previous)]
    return len(said) >= 2 and any(before[i:i + len(said)] == said for i in range(len(before) - len(said) + 1))


# "Это же элементарно:" -> "Это же:": a copula whose predicate the rewrite took away
BARE_COPULA = re.compile(r"\b(?:это(?:\s+же)?|is|are|was|were)\s*(?:[:;.!?—–]|$)", re.IGNORECASE)
# ", потому что", ", which": the comma a subordinate clause needs (unless the rewrite took the
# conjunction away too: "Я же говорил, что …" -> "…")
CONJUNCTIONS = {"потому", "что", "чтобы", "который", "которая", "которое", "которые", "если", "когда", "хотя",
                "поскольку", "так", "because", "which", "although", "whereas"}
COMMA_CONJUNCTION = re.compile(r",\s+(?:" + "|".join(sorted(CONJUNCTIONS)) + r")\b", re.IGNORECASE)


def _bare_copulas(sentence: str) -> int:
    return len(BARE_COPULA.findall(sentence))


def _comma_conjunctions(sentence: str) -> int:
    return len(COMMA_CONJUNCTION.findall(sentence))


def _agreement_breaks(sentence: str) -> int:
    """"ты" beside a plural past or conditional verb ("Не могли бы ты"), "вы" beside a singular
    one ("вы мог"): a switch of address that left the verb agreeing with the old pronoun."""
    words = [w.lower() for w in WORD.findall(sentence)]
    breaks = 0
    for i, w in enumerate(words):
        if w not in ("ты", "вы"):
            continue
        number = "plur" if w == "ты" else "sing"  # the number that does not agree
        near = words[max(i - 2, 0):i] + words[i + 1:i + 3]
        breaks += any({"VERB", "past", number} <= morph.best(v).tag.grammemes for v in near)  # POS is a grammeme
    return breaks


def _opening(sentence: str, n: int) -> tuple[str, ...]:
    return tuple(w.lower() for w in WORD.findall(sentence)[:n])


def _previous_sentence(text: str, start: int) -> str:
    """The sentence before the one that holds ``start`` (empty when it is the first)."""
    first, _ = sentence_bounds(text, start, start)
    head = text[:first].rstrip()
    return _sentence(head, len(head) - 1, len(head)) if head else ""


ADDRESS = re.compile(r"([A-ZА-ЯЁ][^\W\d_]+)\s*[,!]")


def _addresses(text: str, language: str) -> int:
    """How many names stand as an address ("Мария!", "Маш,"): a greeting that names the reader
    before the writer's own "Маш," names them twice."""
    return sum(1 for m in ADDRESS.finditer(text) if _may_be_name(m.group(1), language))


def _may_be_name(word: str, language: str) -> bool:
    if language == "ru":
        return any({"Name", "Surn", "Patr"} & p.tag.grammemes for p in morph.parses(word.lower()))
    return not known_word(word, language)


PAIRS = (("«", "»"), ("“", "”"), ("(", ")"), ("[", "]"))


def _unpaired(text: str) -> int:
    """How many quotes and brackets are left without their pair ('"' counted as a pair of itself)."""
    return text.count('"') % 2 + sum(abs(text.count(a) - text.count(b)) for a, b in PAIRS)


def _repeats(text: str) -> int:
    """How many words stand again within three words of themselves ("Hello Sam,\n\nSam,"); a
    two-letter or function word only right after itself ("to to"), as "as soon as" and "if you
    can, could you" are no repeats."""
    words = [w.lower() for w in WORD.findall(text)]
    return sum(1 for i, w in enumerate(words)
               if len(w) > 1 and w in words[max(i - (3 if len(w) > 2 and w not in FUNCTION_WORDS else 1), 0):i])


FUNCTION_WORDS = frozenset(STOP_WORDS) | {"я", "ты", "вы", "мы", "он", "она", "они", "что", "как", "это", "если"}


def _sentence(text: str, start: int, end: int) -> str:
    first, last = sentence_bounds(text, start, end)
    return text[first:last]


def _salutation(sentence: str) -> bool:
    """A salutation line ("Hello everyone,"): it has no verb to lose ("guys" of "Hey guys," only
    looks like one)."""
    return sentence.rstrip().endswith(",") and len(WORD.findall(sentence)) <= 4


def _has_verb(sentence: str, language: str) -> bool:
    words = WORD.findall(sentence)
    if language == "ru":
        return any(morph.best(w.lower()).tag.POS in RU_VERB_PARTS for w in words)
    return any(english_verb_form(w.lower()) or w.lower() in AUXILIARIES for w in words)


def register(word: str) -> str | None:
    """"ты" or "вы" when a Russian word form addresses the reader so, else None."""
    return _register(word.lower())


@lru_cache(maxsize=50_000)
def _register(word: str) -> str | None:
    found = morph.best(word)
    tag, lemma = found.tag, found.normal_form
    if lemma in ("ты", "твой") or ("2per" in tag or "impr" in tag) and "sing" in tag and "incl" not in tag:
        return "ты"
    if lemma in ("вы", "ваш") or ("2per" in tag or "impr" in tag) and "plur" in tag and "incl" not in tag:
        return "вы"
    if word == "здравствуйте":  # a greeting on вы that pymorphy3 reads as an interjection
        return "вы"
    return None


def _register_clash(applied: list[Finding], new: str) -> list[tuple]:
    """A rewrite that brings in ты- or вы-forms where the rewritten text keeps the other ones
    (the whole text is read only when some rewrite brings such a form in)."""
    added = []
    for f in applied:
        if f.language == "ru":
            replaced = {w.lower() for w in WORD.findall(f.text)}
            added += [(f, r) for w in WORD.findall(f.suggestion) if w.lower() not in replaced and (r := register(w))]
            if greets_one_on_ty(f.suggestion) and "привет" not in replaced:
                added.append((f, "ты"))  # "Привет, Руслан!" over "Откатите … подождите"
    if not added:
        return []
    present = Counter(r for w in WORD.findall(new) if (r := register(w)))
    other = {"ты": "вы", "вы": "ты"}
    return list(dict.fromkeys((f, f"{r} among {other[r]}") for f, r in added if present[other[r]]))
