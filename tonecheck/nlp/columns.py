"""Token attributes as Python lists, written down by the pipeline's components as they annotate.

``Doc.to_array`` costs a couple of microseconds a call plus a C pass per attribute, and the
sentence rule, the morphology, the gates and the checks each need the same few columns of
every message. A component that computes a column anyway (the sentence rule reads the forms,
the morphology writes lemmas) records it in the Doc's ``user_data``; readers take it from
there, or from ``Doc.to_array`` for a Doc our pipeline did not make. Values are exactly
``to_array``'s (hashes, and ``SENT_START`` -1 as the unsigned 2**64 - 1).
"""

from __future__ import annotations

from operator import itemgetter

from spacy.tokens import Doc

KEY = "tonecheck.nlp.columns"
TEXT_KEY = "tonecheck.nlp.text"


def record(doc: Doc, attr: str, values: list[int]) -> None:
    """Remember a column a component computed or wrote (call it after writing to the Doc)."""
    doc.user_data.setdefault(KEY, {})[attr] = values


def read(doc: Doc, attr: str) -> list[int]:
    """A token attribute of the Doc as a list: recorded by the pipeline, or read now."""
    recorded = doc.user_data.get(KEY)
    if recorded is not None and attr in recorded:
        return recorded[attr]
    return doc.to_array(attr).tolist() if len(doc) else []


def text(doc: Doc) -> str:
    """The Doc's text as the tokenizer was given it (``Doc.text`` joins every token's text in
    Python: tens of microseconds a message)."""
    given = doc.user_data.get(TEXT_KEY)
    return given if given is not None else doc.text


def all_recorded(doc: Doc) -> dict[str, list[int]]:
    """Every column the pipeline recorded, as a new mapping a reader may add its own to."""
    return dict(doc.user_data.get(KEY, ()))


class FormMemo:
    """Form hash -> a value worked out once per form (``compute(vocab, orth)``), read a whole
    column at a time: ``column`` maps the forms in C, and only a form not met before calls
    Python. A comprehension asking the memo twice a token ("in", then "[]") cost about twice
    as much, a few microseconds a message per column; ``map(memo.__getitem__, …)`` half as much
    again as ``itemgetter``.

    Each vocabulary gets a memo of its own that knows it, so threads checking Russian and
    English at once never compute a form against the other language's strings.
    """

    def __init__(self, compute):
        self.compute = compute
        self._memos: dict[int, _VocabMemo] = {}

    def memo(self, vocab) -> _VocabMemo:
        found = self._memos.get(id(vocab))
        if found is None or found.vocab is not vocab:
            found = self._memos[id(vocab)] = _VocabMemo(self.compute, vocab)
        return found

    def column(self, vocab, orths: list[int]) -> tuple:
        memo = self.memo(vocab)
        if len(orths) < 2:  # itemgetter of one form gives the value, not a tuple of it
            return tuple(map(memo.__getitem__, orths))
        return itemgetter(*orths)(memo)  # each form looked up in C, with no method call a token

    def each(self, vocab, orths: list[int]):
        """The values one by one, for a reader that stops early."""
        return map(self.memo(vocab).__getitem__, orths)


class _VocabMemo(dict):
    """One vocabulary's forms and their values; a form not met before is computed on lookup."""

    def __init__(self, compute, vocab):
        super().__init__()
        self.compute, self.vocab = compute, vocab

    def __missing__(self, orth: int):
        value = self[orth] = self.compute(self.vocab, orth)
        return value
