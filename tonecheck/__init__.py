"""tonecheck: a linter for the way colleagues write to each other.

    >>> from tonecheck import check
    >>> result = check("Вы опять не приложили счёт.")
    >>> [(f.rule, f.suggestion) for f in result.findings]
    >>> from tonecheck import Linter, Settings
    >>> Linter().check("Привет, глянь отчёт", Settings(formality="informal", ignore=["greeting"]))

A bad setting is a SettingsError (a ValueError) that says what is allowed; text that is not
Unicode (a lone surrogate such as JSON's "\\ud800") a TextError (a ValueError too).

Importing the package is cheap: spaCy and pymorphy3 load on the first check.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from tonecheck.runtime.version import __version__

if TYPE_CHECKING:  # pragma: no cover
    from tonecheck.engine.linter import Linter
    from tonecheck.engine.settings import Settings, SettingsError
    from tonecheck.results.findings import Finding, Result

__all__ = ["check", "apply_fixes", "Linter", "Settings", "SettingsError", "TextError", "Finding", "Result",
           "__version__"]

_default = None


def check(text: str, language: str | None = None, formality: str | None = None,
          addressee: str | None = None, settings: Settings | None = None) -> Result:
    """Check one message with the built-in rules; returns a Result (language, findings).
    ``settings`` gives every setting at once; the keywords change single ones."""
    global _default
    from tonecheck.engine.linter import Linter

    if _default is None:
        _default = Linter()
    return _default.check(text, settings, addressee=addressee, formality=formality, language=language)


def __getattr__(name: str):
    if name == "Linter":
        from tonecheck.engine.linter import Linter
        return Linter
    if name == "apply_fixes":
        from tonecheck.results.fixes import apply_fixes
        return apply_fixes
    if name in ("Settings", "SettingsError"):
        from tonecheck.engine import settings
        return getattr(settings, name)
    if name == "TextError":
        from tonecheck.inputs.messages import TextError
        return TextError
    if name in ("Finding", "Result"):
        from tonecheck.results import findings
        return getattr(findings, name)
    raise AttributeError(f"module 'tonecheck' has no attribute {name!r}")
