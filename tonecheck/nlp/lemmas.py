"""English lemmas: lemminflect's answers for every word it knows, kept in the cache folder.

lemminflect parses its gzipped lookup table into Python dicts the first time it is asked
(0.3-0.4 s here), which every English start paid for the first word of the first message:
a third of what `tonecheck batch` spent before checking anything. tonecheck asks two things
of it, always of a lowercase word: the lemma the English pipeline writes (``english_lemma``)
and the base form of a verb for a rewrite (``english_base``). So both answers are worked out
once for every word in lemminflect's lookup table and overrides, through lemminflect's own
functions, and kept as one file named for lemminflect's version (in ``marshal``'s format, which
Python reads back twice as fast as JSON: ~30 ms); a start reads it instead. A word outside the
table gets what lemminflect gives it (the word itself for a lemma; its rules for unknown verbs),
asked of lemminflect only then.
"""

from __future__ import annotations

import marshal
import sys
from functools import lru_cache

from tonecheck.runtime.cache import cache_file, write_atomically

UPOS_ORDER = ("VERB", "AUX", "NOUN", "ADJ")  # rules mostly look for verbs: their reading first


def _file():
    import lemminflect

    return cache_file(f"english-lemmas-{lemminflect.__version__}-{sys.implementation.cache_tag}.marshal")


def _lemma_of(lemmas: dict, word: str) -> str:
    for upos in UPOS_ORDER:
        if upos in lemmas:
            return lemmas[upos][0]
    return word


def _build() -> dict:
    """Ask lemminflect about every word of its lookup table and overrides (a second or two)."""
    from lemminflect import config, getAllLemmas
    from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
    from lemminflect.codecs.OverridesCodec import OverridesCodec

    words = set(LemmaLUCodec.load(config.lemma_lu_fn)) | set(OverridesCodec.load(config.lemma_overrides_fn))
    lemma, verb = {}, {}
    for word in sorted(w for w in words if w == w.lower()):
        lemmas = getAllLemmas(word)
        chosen = _lemma_of(lemmas, word)
        if chosen != word:
            lemma[word] = chosen
        if "VERB" in lemmas:
            verb[word] = lemmas["VERB"][0]
    return {"lemma": lemma, "verb": verb}


@lru_cache(maxsize=1)
def tables() -> dict:
    """{"lemma": word -> lemma where it differs, "verb": word -> verb base form}."""
    path = _file()
    try:
        stored = marshal.loads(path.read_bytes()) if path else None
    except (OSError, ValueError, EOFError, TypeError):  # none yet, or a broken file: build again
        stored = None
    if isinstance(stored, dict) and isinstance(stored.get("lemma"), dict) and isinstance(stored.get("verb"), dict):
        return stored
    built = _build()
    write_atomically(path, lambda out: out.write(marshal.dumps(built)))
    return built


@lru_cache(maxsize=1)
def english_forms() -> frozenset[str]:
    """Every word form and lemma the kept tables hold: a dictionary check that does not load
    lemminflect's own table."""
    found = tables()
    return frozenset(found["lemma"]) | frozenset(found["lemma"].values()) | frozenset(found["verb"]) | frozenset(
        found["verb"].values())


def english_verb_form(word: str) -> bool:
    """Whether a lowercase English word can be a verb form ("is", "sent", "attach")."""
    return word in tables()["verb"]


@lru_cache(maxsize=200_000)
def english_lemma(word: str) -> str:
    """The lemma of an English word form: verb reading first, as rules mostly look for verbs."""
    if word.islower():
        return tables()["lemma"].get(word, word)
    from lemminflect import getAllLemmas

    return _lemma_of(getAllLemmas(word), word)


def english_base(word: str) -> str:
    """The base form of an English verb (sent -> send, attached -> attach)."""
    word = word.lower()
    found = tables()["verb"].get(word)
    if found is not None:
        return found
    from lemminflect import getLemma

    lemmas = getLemma(word, upos="VERB")  # not in the table: lemminflect's rules for unknown verbs
    return lemmas[0] if lemmas else word


@lru_cache(maxsize=50_000)
def english_known(word: str) -> bool:
    """Whether lemminflect's dictionary has the word (lowercase): "urgent" and "please" are
    words, "enron", "nymex" and most surnames are not. Asked only of the few tokens a rule
    asks about (lemminflect loads its table on the first question)."""
    return bool(english_parts(word))


def english_parts(word: str) -> frozenset[str]:
    """The parts of speech lemminflect knows a lowercase word as ("tom": NOUN; "bill": NOUN,
    VERB; "however": ADV; most names: none), which tells a name before a comma from "However,"."""
    from lemminflect import getAllLemmas

    return frozenset(getAllLemmas(word))
