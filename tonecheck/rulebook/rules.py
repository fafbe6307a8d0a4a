"""Rule files: YAML under rules/<family>/<name>.yml, validated into Rule objects.

The id is derived from the path (``rules/blame/again.yml`` -> ``blame.again``), so it can never
drift from where the rule lives. A rule holds what every kind shares (severity, summary,
documentation, when it applies) and one section per language with that language's matching
spec, message, suggestion recipe and examples. The kind-specific part of each language section
is validated by the kind itself when it compiles (``checks.py``), Vale-style.
"""

from __future__ import annotations

import json
import os
import re
import reprlib
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.nlp.language import LANGUAGES
from tonecheck.results.findings import SEVERITIES
from tonecheck.runtime import yamlfile
from tonecheck.runtime.cache import cache_dir, read_json, write_json
from tonecheck.runtime.version import __version__

ID_PART = re.compile(r"^[a-z][a-z0-9-]*$")
TOP_KEYS = {"summary", "summary-ru", "severity", "kind", "formality", "fix", "description", "description-ru",
            "default", "needs-reader", "declared", "yields-to", *LANGUAGES}
DEFAULTS = ("on", "off")  # "off": runs only when a team selects it (its id or its family)
LANG_COMMON_KEYS = {"message", "examples", "suggest"}
FORMALITIES = ("any", "formal", "informal")
FIXES = ("always", "sometimes", "never")
_MARKED = re.compile(r"\[([^\[\]]+)\]")


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the field."""

    def __init__(self, path: Path | str, field_name: str, problem: str):
        super().__init__(f"{path}: {field_name}: {problem}")
        self.path, self.field, self.problem = str(path), field_name, problem


@dataclass(frozen=True)
class Example:
    """An example message; bad ones mark the expected span with [brackets]."""

    text: str                 # the message with the markers removed
    span: tuple[int, int] | None
    suggestion: str | None
    formality: str | None
    addressee: str | None
    quoted: str | None = None  # the message this example replies to (coverage, options, guards)
    hint: bool = False         # the finding must come without a rewrite (the rule is unsure of one)


@dataclass(frozen=True)
class LanguageSpec:
    """One language's part of a rule: the kind's settings plus message and examples."""

    language: str
    message: str
    settings: dict
    suggest: dict | None
    bad: tuple[Example, ...]
    good: tuple[Example, ...]


@dataclass(frozen=True)
class Rule:
    id: str
    kind: str
    severity: str
    summary: str
    description: str
    formality: str
    fix: str
    path: str
    languages: dict[str, LanguageSpec] = field(default_factory=dict)
    summary_ru: str = ""
    description_ru: str = ""
    default: str = "on"
    needs_reader: bool = False  # about how a person is written to: a record (a change log) has none
    declared: bool = False      # runs only where the team states its formality, not where a thread shows it
    yields_to: tuple[str, ...] = ()  # families or rules whose finding in the same sentence makes this one moot

    @property
    def family(self) -> str:
        return self.id.split(".", 1)[0]

    def applies_to(self, formality: str) -> bool:
        """Whether the rule runs for a team of this formality; under ``auto`` every rule may,
        the message's register deciding (``engine.register``)."""
        return formality == "auto" or self.formality in ("any", formality)

    def listing(self) -> dict:
        """What `tonecheck rules --format json` and GET /v1/rules show of a rule."""
        return {"id": self.id, "family": self.family, "languages": sorted(self.languages),
                "severity": self.severity, "formality": self.formality, "fix": self.fix, "default": self.default,
                "summary": self.summary}


def rule_id(path: Path, root: Path) -> str:
    """``<root>/blame/again.yml`` -> ``blame.again``."""
    rel = path.relative_to(root).with_suffix("")
    return ".".join(rel.parts)


def _example(path: Path, where: str, raw, bad: bool) -> Example:
    if isinstance(raw, str):
        raw = {"text": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("text"), str):
        raise RuleError(path, where, "an example is a string or a mapping with 'text'")
    unknown = set(raw) - {"text", "suggestion", "formality", "to", "quoted", "hint"}
    if unknown:
        raise RuleError(path, where, f"unknown example key(s): {', '.join(sorted(unknown))}")
    marked = raw["text"]
    marks = list(_MARKED.finditer(marked))
    if bad and len(marks) != 1:
        raise RuleError(path, where, f"a bad example marks exactly one span with [..]: {reprlib.repr(marked)}")
    if not bad and marks:
        raise RuleError(path, where, f"a good example has no [..] marker: {reprlib.repr(marked)}")
    span, text = None, marked
    if marks:
        m = marks[0]
        text = marked[: m.start()] + m.group(1) + marked[m.end():]
        span = (m.start(), m.start() + len(m.group(1)))
    formality = raw.get("formality")
    if formality is not None and formality not in FORMALITIES[1:]:
        raise RuleError(path, where, f"formality must be formal or informal, not {reprlib.repr(formality)}")
    hint = raw.get("hint", False)
    if not isinstance(hint, bool) or (hint and (not bad or raw.get("suggestion") is not None)):
        raise RuleError(path, where, "hint: true marks a bad example whose finding has no rewrite (and no suggestion)")
    return Example(text, span, raw.get("suggestion"), formality, raw.get("to"), raw.get("quoted"), hint)


def _language_spec(path: Path, lang: str, raw) -> LanguageSpec:
    if not isinstance(raw, dict):
        raise RuleError(path, lang, "must be a mapping")
    message = raw.get("message")
    if not isinstance(message, str) or not message.strip():
        raise RuleError(path, f"{lang}.message", "required, a non-empty string")
    examples = raw.get("examples")
    if not isinstance(examples, dict):
        raise RuleError(path, f"{lang}.examples", "required: a mapping with 'bad' and 'good' lists")
    bad_raw, good_raw = examples.get("bad") or [], examples.get("good") or []
    if not bad_raw:
        raise RuleError(path, f"{lang}.examples.bad", "every rule needs at least one bad example")
    if not good_raw:
        raise RuleError(path, f"{lang}.examples.good", "every rule needs at least one good example")
    bad = tuple(_example(path, f"{lang}.examples.bad[{i}]", e, True) for i, e in enumerate(bad_raw))
    good = tuple(_example(path, f"{lang}.examples.good[{i}]", e, False) for i, e in enumerate(good_raw))
    suggest = raw.get("suggest")
    if suggest is not None and not (isinstance(suggest, dict) and len(suggest) == 1):
        raise RuleError(path, f"{lang}.suggest", "a mapping with exactly one recipe")
    settings = {k: v for k, v in raw.items() if k not in LANG_COMMON_KEYS}
    return LanguageSpec(lang, message, settings, suggest, bad, good)


def _choice(path: Path, data: dict, key: str, choices, default=None) -> str:
    value = data.get(key, default)
    if value not in choices:
        raise RuleError(path, key, f"must be one of {', '.join(choices)}, not {reprlib.repr(value)}")
    return value


def _optional_text(path: Path, data: dict, key: str) -> str:
    value = data.get(key, "")
    if not isinstance(value, str):
        raise RuleError(path, key, "must be a string")
    return value.strip()


def parse_yaml(path: Path):
    """A rule file's data. PyYAML's libyaml-backed safe loader reads ten times faster than the
    pure-Python one, which serves where libyaml is missing; yaml is imported only here (a start
    that finds every file in the cache does not pay for it)."""
    import yaml

    try:
        return yamlfile.load(path.read_text(encoding="utf-8"), fast=True)[1]
    except (yaml.YAMLError, yamlfile.TooLarge) as exc:
        raise RuleError(path, "yaml", str(exc).replace("\n", " ")) from None


class ParsedFiles:
    """Rule files as parsed, kept as JSON by path, size and modification time.

    Every check starts by reading the rule files; parsing their YAML (and importing PyYAML) was
    a tenth of a second of each start. A file whose size or time changed is parsed again; data
    JSON cannot hold unchanged is never cached; an unreadable or unwritable cache is ignored.
    """

    def __init__(self, folder: Path | None):
        self.file = folder / f"rules-{__version__}.json" if folder else None
        loaded = read_json(self.file)
        self.entries: dict = loaded if isinstance(loaded, dict) else {}
        self.changed = False

    def read(self, path: Path):
        stat = path.stat()
        key, stamp = str(path.resolve()), [stat.st_mtime_ns, stat.st_size]
        entry = self.entries.get(key)
        if isinstance(entry, dict) and entry.get("stamp") == stamp:
            return entry.get("data")
        data = parse_yaml(path)
        try:
            copy = json.loads(json.dumps(data))
        except (TypeError, ValueError):  # dates and the like: not cacheable
            return data
        if copy == data:  # (non-string keys would come back as strings)
            self.entries[key] = {"stamp": stamp, "data": copy}
            self.changed = True
        return data

    def save(self) -> None:
        """Write the cache if something was parsed, without the files that no longer exist
        (checkouts and environments come and go; every start reads the whole cache)."""
        if not (self.changed and self.file):
            return
        self.entries = {key: entry for key, entry in self.entries.items() if os.path.exists(key)}
        write_json(self.file, self.entries)


def load_rule(path: Path, root: Path, kinds, parsed: ParsedFiles | None = None) -> Rule:
    """Read and validate one rule file (the kind's own settings are checked at compile time)."""
    data = parsed.read(path) if parsed is not None else parse_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(path, "(file)", "a rule file is a YAML mapping")
    rid = rule_id(path, root)
    parts = rid.split(".")
    if len(parts) != 2 or not all(ID_PART.match(p) for p in parts):
        raise RuleError(path, "(path)", f"rule files live at <family>/<name>.yml; got id {reprlib.repr(rid)}")
    unknown = set(data) - TOP_KEYS
    if unknown:
        raise RuleError(path, sorted(unknown)[0], "unknown key (allowed: " + ", ".join(sorted(TOP_KEYS)) + ")")
    kind = _choice(path, data, "kind", sorted(kinds))
    for key in ("summary", "description"):
        if not isinstance(data.get(key), str) or not data[key].strip():
            raise RuleError(path, key, "required, a non-empty string")
    languages = {lang: _language_spec(path, lang, data[lang]) for lang in LANGUAGES if lang in data}
    if not languages:
        raise RuleError(path, "ru/en", "a rule has a section for at least one language")
    return Rule(
        id=rid,
        kind=kind,
        severity=_choice(path, data, "severity", SEVERITIES, "warning"),
        summary=data["summary"].strip(),
        description=data["description"].strip(),
        formality=_choice(path, data, "formality", FORMALITIES, "any"),
        fix=_choice(path, data, "fix", FIXES, "sometimes"),
        path=str(path),
        languages=languages,
        summary_ru=_optional_text(path, data, "summary-ru"),
        description_ru=_optional_text(path, data, "description-ru"),
        default=_choice(path, _on_off(data), "default", DEFAULTS, "on"),
        needs_reader=_flag(path, data, "needs-reader"),
        declared=_flag(path, data, "declared"),
        yields_to=_rule_names(path, data, "yields-to"),
    )


def _flag(path: Path, data: dict, key: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise RuleError(path, key, f"true or false, not {value!r}"[:120])
    return value


def _rule_names(path: Path, data: dict, key: str) -> tuple[str, ...]:
    """A list of families or rule ids ("yields-to: [hostility.insult, hostility.threat]")."""
    value = data.get(key, [])
    if not isinstance(value, list) or not all(
            isinstance(v, str) and 1 <= len(v.split(".")) <= 2 and all(ID_PART.match(p) for p in v.split("."))
            for v in value):
        raise RuleError(path, key, f"a list of families or rule ids, not {value!r}"[:120])
    return tuple(value)


def _on_off(data: dict) -> dict:
    """YAML reads a bare on/off as a boolean: ``default: off`` means "off"."""
    value = data.get("default")
    return {**data, "default": {True: "on", False: "off"}[value]} if isinstance(value, bool) else data


def load_rules(roots: list[Path], kinds) -> list[Rule]:
    """All rules under the given folders; a later folder's rule replaces an earlier one's."""
    rules: dict[str, Rule] = {}
    parsed = ParsedFiles(cache_dir())
    try:
        for root in roots:
            for path in sorted(root.rglob("*.yml")):
                rule = load_rule(path, root, kinds, parsed)
                rules[rule.id] = rule
    finally:  # what was parsed stays parsed, even when a rule is refused
        parsed.save()
    return sorted(rules.values(), key=lambda r: r.id)
