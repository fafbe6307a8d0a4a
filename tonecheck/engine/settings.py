"""How to check: one validated value shared by the command line, the library, the service and batch.

Each entry point used to pass loose strings around: a misspelt formality ("Formal") matched no
rule and returned no findings, an upper-case language ("RU") raised a KeyError deep inside. A
``Settings`` is checked once, where it is made, and says plainly what is wrong:

    >>> Settings(formality="Formal")
    Traceback (most recent call last):
    ...
    tonecheck.engine.settings.SettingsError: formality must be one of formal, informal, not 'Formal'

Rule ids and families named in ``select``, ``ignore`` and ``severity`` are checked against the
linter's rules when the linter first meets the settings (``Linter.plan``).
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields, replace

from tonecheck.nlp.language import LANGUAGES as DETECTED
from tonecheck.results.findings import SEVERITIES

LANGUAGES = ("auto", *DETECTED)
FORMALITIES = ("auto", "formal", "informal")


class SettingsError(ValueError):
    """A setting has a value tonecheck does not know (str() says which and what is allowed)."""


@dataclass(frozen=True)
class Settings:
    """``language``: auto (per message, per paragraph for mixed ones), ru or en.
    ``formality``: the team's register; formal expects вы and Здравствуйте, informal allows ты,
    auto reads it from the thread (``engine.register``).
    ``select`` / ``ignore``: rule ids or families to run only / to leave out (None: all).
    ``severity``: rule id -> the severity its findings get instead of the rule's own.
    ``addressee``: who the message is for, when the message does not say.
    ``strip``: leave quoted replies and the signature out of the check.

    Lists and mappings may be given as such; they are kept as tuples so a Settings is hashable
    (a linter works out what one runs once, however many messages use it).
    """

    language: str = "auto"
    formality: str = "auto"
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    severity: tuple[tuple[str, str], ...] = ()
    addressee: str | None = None
    strip: bool = True

    def __post_init__(self):
        _choice("language", self.language, LANGUAGES)
        _choice("formality", self.formality, FORMALITIES)
        if self.select is not None:
            object.__setattr__(self, "select", _names("select", self.select))
        object.__setattr__(self, "ignore", _names("ignore", self.ignore or ()))
        pairs = self.severity.items() if isinstance(self.severity, Mapping) else self.severity or ()
        try:
            pairs = tuple(sorted((str(rule), level) for rule, level in pairs))
        except (TypeError, ValueError):
            raise SettingsError("severity must map rule ids to error, warning or info") from None
        for rule, level in pairs:
            _choice(f"severity of {rule}", level, SEVERITIES)
        object.__setattr__(self, "severity", pairs)
        if self.addressee is not None and not isinstance(self.addressee, str):
            raise SettingsError(f"addressee must be a name, not {type(self.addressee).__name__}")
        if not isinstance(self.strip, bool):
            raise SettingsError(f"strip must be true or false, not {_shown(self.strip)}")

    @property
    def severities(self) -> dict[str, str]:
        """``severity`` as a mapping (rule id -> severity)."""
        return dict(self.severity)

    def named(self) -> set[str]:
        """Every rule id or family these settings name, for checking they exist."""
        return {*(self.select or ()), *self.ignore, *(rule for rule, _ in self.severity)}

    def updated(self, **changes) -> Settings:
        """A copy with some settings changed (None leaves a setting as it is); validated again."""
        known = {f.name for f in fields(self)}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise SettingsError(f"unknown setting {unknown[0]!r} (settings: {', '.join(sorted(known))})")
        return replace(self, **{k: v for k, v in changes.items() if v is not None})


def _shown(value) -> str:
    """A value for an error message: short, whatever was passed."""
    text = reprlib.repr(value)  # a few items of a list, the ends of a long string: bounded work
    return text if len(text) <= 60 else text[:57] + "..."


def _choice(name: str, value, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise SettingsError(f"{name} must be one of {', '.join(allowed)}, not {_shown(value)}")


def _names(name: str, value) -> tuple[str, ...]:
    """Rule ids or families, from a list or a comma-separated string."""
    if isinstance(value, str):
        value = value.split(",")
    if not isinstance(value, Iterable) or isinstance(value, Mapping):
        raise SettingsError(f"{name} must be a list of rule ids or families, not {_shown(value)}")
    names = tuple(str(v).strip() for v in value if str(v).strip())
    return names
