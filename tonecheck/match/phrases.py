"""Word-list phrases as PhraseMatcher patterns, their tokens worked out once and kept.

A rule's ``phrases``/``lexicon`` entries are compared lowercased and its ``lemmas``/
``lemma-lexicon`` entries by lemma, with spaCy's PhraseMatcher. Its patterns are Docs, and
building them meant tokenizing and analysing the ~600 phrases on every start (a tenth of a
second of each `tonecheck draft.txt`, more than all of tonecheck's own imports). So a phrase's
tokens (lowercase forms, and lemmas) are computed by the pipeline once and kept in the cache
folder, keyed by the phrase and by what could change them (the versions of spaCy, pymorphy3,
its dictionaries and lemminflect, and tonecheck's own pipeline code); a start builds the
pattern Docs straight from those words. ``tests/test_phrases.py`` checks the patterns are the
ones the pipeline makes.
"""

from __future__ import annotations

from pathlib import Path

from spacy.tokens import Doc

from tonecheck.runtime.cache import cache_file, read_json, write_json
from tonecheck.runtime.version import __version__

ATTRS = ("LOWER", "LEMMA")


def _fingerprint(language: str) -> list:
    """What a phrase's tokens depend on besides its text: the tokenizer (spaCy), the
    morphology (pymorphy3 and its dictionaries, or lemminflect) and tonecheck's pipeline code."""
    import spacy

    nlp_code = Path(__file__).resolve().parents[1] / "nlp"
    stamps = [[(s := (nlp_code / name).stat()).st_mtime_ns, s.st_size] for name in ("pipeline.py", "morph.py")]
    if language == "ru":
        import pymorphy3
        import pymorphy3_dicts_ru

        morphology = [pymorphy3.__version__, pymorphy3_dicts_ru.__version__]
    else:
        import lemminflect

        morphology = [lemminflect.__version__]
    return [__version__, spacy.__version__, *morphology, stamps]


class PhraseTokens:
    """The tokens of phrases in one language's pipeline, from the cache or worked out now.

    ``lower(phrase)`` is its tokens' lowercase forms (``nlp.make_doc``, as the PhraseMatcher's
    LOWER patterns were made); ``lemmas(phrase)`` is (lowercase, lemma) per token from the
    whole pipeline (``nlp.pipe``: a Russian word's reading may depend on the one before it).
    Ask with ``prepare`` first, so the phrases missing from the cache go through the pipeline
    together; ``save`` writes the cache back if anything was added.
    """

    def __init__(self, nlp, language: str):
        self.nlp, self.language = nlp, language
        self.file = cache_file(f"phrases-{__version__}-{language}.json")
        self.fingerprint = _fingerprint(language) if self.file else None
        stored = read_json(self.file)
        valid = isinstance(stored, dict) and stored.get("fingerprint") == self.fingerprint
        self.known: dict[str, dict] = {attr: dict(stored.get(attr) or {}) if valid else {} for attr in ATTRS}
        self.changed = False
        self.worked_out = 0  # phrases this process had to run through the pipeline

    def prepare(self, attr: str, phrases: list[str]) -> None:
        """Work out (together) the tokens of the phrases the cache does not hold."""
        known = self.known[attr]
        missing = [p for p in dict.fromkeys(phrases) if p not in known]
        if not missing:
            return
        if attr == "LOWER":
            for phrase in missing:
                known[phrase] = [t.lower_ for t in self.nlp.make_doc(phrase)]
        else:
            for phrase, doc in zip(missing, self.nlp.pipe(missing), strict=True):
                known[phrase] = [[t.lower_, t.lemma_] for t in doc]
        self.changed = True
        self.worked_out += len(missing)

    def lower(self, phrase: str) -> list[str]:
        self.prepare("LOWER", [phrase])
        return self.known["LOWER"][phrase]

    def lemmas(self, phrase: str) -> list[list[str]]:
        self.prepare("LEMMA", [phrase])
        return self.known["LEMMA"][phrase]

    def pattern(self, attr: str, phrase: str) -> Doc:
        """The phrase as a PhraseMatcher pattern for ``attr``: a Doc of the words the pipeline
        makes of it, with their lemmas for LEMMA (all the matcher compares)."""
        if attr == "LOWER":
            return Doc(self.nlp.vocab, words=self.lower(phrase))
        pairs = self.lemmas(phrase)
        return Doc(self.nlp.vocab, words=[w for w, _ in pairs], lemmas=[lem for _, lem in pairs])

    def save(self) -> None:
        if self.changed and self.file:
            write_json(self.file, {"fingerprint": self.fingerprint, **self.known})
            self.changed = False
