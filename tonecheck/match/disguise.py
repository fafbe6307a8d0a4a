"""Words in disguise: profanity with letters masked ("х*й", "f**k"), swapped for look-alikes
from the other alphabet or for digits ("xyйня", "6лядь", "sh1t"), or spaced out ("б л я т ь").

A ``disguised`` word list holds one regular expression per line, each for a whole word in plain
lowercase letters, written by root ("(?:на|за|по)?х[уy]й\\w*" …) so that every form and prefix
is one line and ordinary words that share letters ("хлеб", "страхуй", "сукно") stay out. A word
of the text matches when its plain form does: look-alikes and digits mapped back to letters,
and each masking mark (``*``, ``#``, ``%``) standing for exactly one unknown letter, matched with
the ``regex`` module's fuzzy substitutions (at most as many as there are marks, and a mark never
equals a letter, so the substitutions fall on the marks). Everything runs with a time limit, as
a team's own REGEX does.
"""

from __future__ import annotations

import re
import reprlib

import regex

from tonecheck.match.timelimit import within
from tonecheck.nlp.names import patronymic

# per word: a sane expression takes microseconds, a runaway one seconds to hours; a search that
# only waited its turn under load is tried again (timelimit.within)
WORD_SECONDS = 0.5

MASKS = "*#%"
MASKS_RU = MASKS + "@$"  # in Russian "бл@дь": no letter looks like "@"
# a word: letters, digits and masking marks, "!", "@" or "$" standing inside it ("sh!t", "бл@")
_WORD = re.compile(r"[\w*#%@$]+(?:[!.][\w*#%]+)*")  # one class: an alternation costs 4x
_LETTER = re.compile(r"[^\W\d_]")
_ASCII_LETTER = re.compile(r"[a-z]")
_SPACING = re.compile(r"[ .\-_]")  # between the letters of a spaced-out word
# single letters spaced out: "б л я т ь", "f.u.c.k"
_SPACED = re.compile(r"(?<![^\W_])(?:[^\W\d_][ .\-_]){2,}[^\W\d_](?![^\W_])")
_KNOWN_FORMS = 50_000
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
# Latin letters and digits people put for the Cyrillic ones they look like
_TO_CYRILLIC = str.maketrans("aeopcxyktmhbnuz036491", "аеорсхуктмнбпизозбчяи")  # "бл9", "п1здец", "пиzдец"
_CYRILLIC_TO_LATIN = str.maketrans("асеорхукмтвнѕі", "aceopxykmtbhsi")  # "Fuсk" with a Cyrillic с, "ѕhіt"
_TO_LATIN = str.maketrans("013457$@!|", "oieastsail")
_UNKNOWN = "\x00"  # a masked letter: no pattern letter equals it


def plain(word: str, language: str) -> str:
    """The word as its letters would be written: lowercase, look-alikes mapped back, masks
    as the unknown letter, the spacing dots and dashes of a spaced-out word dropped."""
    word = _SPACING.sub("", word.lower()).replace("ё", "е")
    masks = MASKS_RU if language == "ru" else MASKS
    word = "".join(_UNKNOWN if ch in masks else ch for ch in word)
    if language == "ru":
        word = word.replace("314", "пи")  # "3.14здец": the digits of pi (the dot is gone by now)
        return word.translate(_TO_CYRILLIC) if _CYRILLIC.search(word) else word
    if _CYRILLIC.search(word) and _ASCII_LETTER.search(word):
        word = word.translate(_CYRILLIC_TO_LATIN)
    return word.translate(_TO_LATIN) if _LETTER.search(word) else word


class DisguisedWords:
    """A ``disguised`` word list compiled: its expressions as one alternation, plain and fuzzy."""

    def __init__(self, name: str, patterns: list[str], language: str):
        self.name, self.language = name, language
        self.where = ("(a rule)", "match")  # the rule file and field, set by the kind that compiled it
        for pattern in patterns:
            try:
                regex.compile(pattern)
            except regex.error as exc:
                raise ValueError(f"disguised: {name}: {reprlib.repr(pattern)} is not a regular "
                                 f"expression ({exc})") from None
        self.source = "|".join(f"(?:{p})" for p in patterns)
        self.exact = regex.compile(f"(?:{self.source})")
        self._known = Verdicts()  # for spans(): this list alone
        self._fuzzy: dict[int, regex.Pattern] = {}

    def _runaway(self) -> Exception:
        """The rule-file error for an expression that backtracks without end, naming the rule."""
        from tonecheck.rulebook.rules import RuleError

        return RuleError(*self.where, f"disguised: {self.name}: an expression ran over {WORD_SECONDS} s on "
                         "one word (nested repeats such as (a|a)+ backtrack without end)")

    def _masked(self, marks: int) -> regex.Pattern:
        if marks not in self._fuzzy:
            self._fuzzy[marks] = regex.compile(f"(?:{self.source}){{s<={marks}}}")
        return self._fuzzy[marks]

    def matches(self, word: str) -> bool:
        if word[:1] in MASKS:  # "**bold**", "***by default***": Markdown emphasis, not masked letters
            word = word.strip(MASKS)
        form = plain(word, self.language)
        marks = form.count(_UNKNOWN)
        letters = len(form) - marks
        if marks and (letters < 1 or len(form) < 3):
            return False  # "***", "*a": nothing left to tell a word by
        pattern = self._masked(marks) if marks else self.exact
        try:
            return within(lambda seconds: pattern.fullmatch(form, timeout=seconds), WORD_SECONDS) is not None
        except TimeoutError:
            raise self._runaway() from None

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Character spans of the disguised (or plain) words of the list in the text."""
        return find({"": self}, text, self._known).get("", [])

    def _word(self, word: str) -> bool:
        """Whether one word of the text is on the list. "@name", "#123", versions and hashes are
        not words anyone disguised."""
        if len(word) > 24 or word[0] in "@#" or sum(c.isdigit() for c in word) > 2:
            return False
        return bool(_LETTER.search(word)) and self.matches(word) and not _patronymic_word(word)


def _patronymic_word(word: str) -> bool:
    """"Олеговна", "Олеговне": a patronymic written as one shares the letters of a root ("говн")
    and is no swear word; pymorphy3 knows it as one (the test runs only on the rare match)."""
    return word[:1].isupper() and _CYRILLIC.search(word) is not None and patronymic(word)


class Verdicts:
    """Word forms already judged against a set of lists: every form seen, and the lists each
    matching form is on. Words repeat from message to message, so most messages need no
    expression run at all; bounded, so a stream of distinct words cannot grow it without end."""

    def __init__(self):
        self.seen: set[str] = set()
        self.hits: dict[str, tuple[str, ...]] = {}

    def learn(self, lists: dict[str, DisguisedWords], words: list[str]) -> None:
        new = set(words).difference(self.seen)
        if len(self.seen) + len(new) > _KNOWN_FORMS:
            self.seen.clear()
            self.hits.clear()
        for word in new:
            keys = tuple(key for key, listed in lists.items() if listed._word(word))
            if keys:
                self.hits[word] = keys
        self.seen.update(new)


def find(lists: dict[str, DisguisedWords], text: str, verdicts: Verdicts) -> dict[str, list]:
    """Each list's character spans in the text.

    The words are collected in one pass (``re``, built-in patterns) and judged once per form
    (the lists' own expressions run by ``regex`` with its time limit); a text none of whose
    words is on a list costs a set look-up."""
    words = _WORD.findall(text)
    verdicts.learn(lists, words)
    # letters spaced out are three one-letter words or more in a row
    spaced = sum(len(w) == 1 for w in words) >= 3 and _SPACED.search(text) is not None
    if not spaced and verdicts.hits.keys().isdisjoint(words):
        return {}
    found: dict[str, list] = {key: [] for key in lists}
    for m in _SPACED.finditer(text):
        for key, listed in lists.items():
            span = next((span for span in _spaced_spans(m) if listed.matches(text[span[0]:span[1]])), None)
            if span is not None:
                found[key].append(span)
    hits = verdicts.hits
    for m in _WORD.finditer(text):
        for key in hits.get(m.group(), ()):
            found[key].append(m.span())
    return {key: _apart(spans) for key, spans in found.items() if spans}


def _spaced_spans(m: re.Match) -> list[tuple[int, int]]:
    """A run of spaced-out letters, and the run without its first letter: a one-letter word or
    a word's last letter may stand before it ("what a s h i t s h o w", "that's b u l l s h i t")."""
    spans = [m.span()]
    if m.end() - m.start() > 6:
        spans.append((m.start() + 2, m.end()))
    return spans


def _apart(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The spans in text order, an overlapping later one dropped (a spaced-out run and a word)."""
    kept, last = [], -1
    for start, end in sorted(spans):
        if start >= last:
            kept.append((start, end))
            last = end
    return kept
