"""English lemmas from tonecheck's kept tables must be lemminflect's own answers."""

import os
import random
import subprocess
import sys

import lemminflect
import pytest
from lemminflect import config
from lemminflect.codecs.LemmaLUCodec import LemmaLUCodec
from test_gates import corpus

from tonecheck.nlp import lemmas, pipeline


def lemminflect_lemma(word: str) -> str:
    """What the English pipeline wrote before the tables: lemminflect asked directly."""
    found = lemminflect.getAllLemmas(word)
    return next((found[upos][0] for upos in ("VERB", "AUX", "NOUN", "ADJ") if upos in found), word)


def lemminflect_base(word: str) -> str:
    found = lemminflect.getLemma(word.lower(), upos="VERB")
    return found[0] if found else word.lower()


@pytest.fixture(scope="module")
def words(linter) -> list[str]:
    """Every word of the English labelled sets, plus 3,000 of lemminflect's table, plus misses."""
    nlp = pipeline.get("en")
    met = {t.lower_ for doc in nlp.pipe(corpus(linter, "en")) for t in doc if t.is_alpha}
    table = sorted(LemmaLUCodec.load(config.lemma_lu_fn))
    return sorted(met) + random.Random(3).sample(table, 3000) + ["Sent", "ATTACHED", "zzyzx", "flobbered"]


def test_english_lemmas_are_lemminflects(words):
    assert len(words) > 3500
    assert [lemmas.english_lemma(w) for w in words] == [lemminflect_lemma(w) for w in words]
    assert lemmas.english_lemma("sent") == "send" and lemmas.english_lemma("invoices") == "invoice"


def test_english_base_forms_are_lemminflects(words):
    assert [lemmas.english_base(w) for w in words] == [lemminflect_base(w) for w in words]
    assert lemmas.english_base("Attached") == "attach"
    assert lemmas.english_base("flobbered") == lemminflect_base("flobbered")  # lemminflect's rules


def test_a_start_with_the_tables_kept_does_not_load_lemminflects(tmp_path):
    """The first process builds the tables; the next one checks English without lemminflect's
    lookup table, and a broken file is built again."""
    script = ("import sys; from tonecheck.engine.linter import Linter; from lemminflect import Lemmatizer; "
              "r = Linter().check('You forgot to attach the invoices again.'); "
              "print(hasattr(Lemmatizer(), 'lemma_dict'), "
              "[f.suggestion for f in r.findings if f.rule == 'blame.not-done'])")
    env = {**os.environ, "TONECHECK_CACHE_DIR": str(tmp_path)}
    env.pop("TONECHECK_NO_CACHE", None)

    def run():
        done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return done.stdout.strip()

    first = run()
    (table,) = tmp_path.glob("english-lemmas-*.marshal")
    assert first.startswith("True ")
    assert run() == first.replace("True ", "False ", 1)
    table.write_bytes(b"\x00broken")
    assert run() == first
