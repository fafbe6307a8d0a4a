"""Politeness strategies (warmth/strategies.yml): what each one is called and how it is found.

The file maps a strategy's name to its label per language and, per language, a match spec
written as a rule's ``match`` is; the engine compiles the specs into the rules' matcher pool,
and the warmth score weighs what they find (``tonecheck.results.warmth``).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tonecheck.nlp.language import LANGUAGES
from tonecheck.rulebook.rules import ID_PART
from tonecheck.runtime import yamlfile

KINDS = ("warm", "cold")
PLACES = ("sentence-start", "inside")


class StrategyError(ValueError):
    """The strategies file is malformed; the message names the file and the strategy."""


@dataclass(frozen=True)
class StrategySpec:
    name: str
    kind: str                # "warm" (raises the score) or "cold" (lowers it)
    labels: dict[str, str]   # language -> what the explanation calls it
    match: dict[str, dict]   # language -> match spec
    at: dict[str, str]       # language -> "sentence-start" / "inside" where the match must be (else anywhere)


def parse(path: Path, data) -> list[StrategySpec]:
    """The strategies of a parsed file, validated (a StrategyError names what is wrong)."""
    if not isinstance(data, dict):
        raise StrategyError(f"{path}: a mapping of strategy names is expected")
    specs = []
    for name, body in data.items():
        where = f"{path}: {name}"
        if not isinstance(name, str) or not ID_PART.match(name):
            raise StrategyError(f"{where}: a name is lowercase words joined by '-'")
        if not isinstance(body, dict) or set(body) - {"kind", "label", *LANGUAGES}:
            raise StrategyError(f"{where}: keys are kind, label and the languages ({', '.join(LANGUAGES)})")
        if body.get("kind") not in KINDS:
            raise StrategyError(f"{where}: kind is one of {', '.join(KINDS)}")
        match = {lang: body[lang] for lang in LANGUAGES if lang in body}
        labels = body.get("label")
        if not match or not isinstance(labels, dict) or set(match) - set(labels):
            raise StrategyError(f"{where}: a match spec and a label for each of its languages are needed")
        if not all(isinstance(spec, dict) for spec in match.values()):
            raise StrategyError(f"{where}: a language's match spec is a mapping")
        at = {lang: spec["at"] for lang, spec in match.items() if "at" in spec}
        if set(at.values()) - set(PLACES):
            raise StrategyError(f"{where}: at is one of {', '.join(PLACES)}")
        match = {lang: {k: v for k, v in spec.items() if k != "at"} for lang, spec in match.items()}
        specs.append(StrategySpec(name, body["kind"], {k: str(v) for k, v in labels.items()}, match, at))
    return specs


@cache
def builtin_strategies() -> tuple[StrategySpec, ...]:
    """The shipped strategies, read once."""
    from tonecheck.runtime.shipped import builtin_warmth_dir

    path = builtin_warmth_dir() / "strategies.yml"
    try:
        _, data = yamlfile.load(path.read_text(encoding="utf-8"), fast=True)
    except Exception as exc:  # a broken shipped file: say which one
        raise StrategyError(f"{path}: {str(exc).splitlines()[0]}") from None
    return tuple(parse(path, data))
