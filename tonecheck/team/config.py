"""Team configuration: .tonecheck.yaml, [tool.tonecheck] in pyproject.toml, or --config.

The code is a set of expectations a team tunes to itself, so every setting can be changed per
team and per folder. A file is found by walking up from each checked file (then from the
working directory); the first .tonecheck.yaml / .tonecheck.yml / pyproject.toml with a
[tool.tonecheck] table wins, as in ruff. Command-line options override the file. Every value
remembers where it came from, for ``tonecheck config --show``.

    extend: ../base.tonecheck.yaml        # another file whose settings this one builds on
    language: auto                         # auto | ru | en
    formality: formal                      # auto (default: read from the thread) | formal | informal
    select: [greeting, address, blame]     # rule ids or families (default: all)
    ignore: [address.impersonal]
    severity: {blame.again: info}
    fail-on: warning                       # error | warning | info
    extra-rules: [team/rules]              # folders of the team's rule files
    extra-lexicons: [team/lexicons]        # folders of the team's word lists (<lang>/<name>.txt)
    overrides:
      - files: "templates/**"
        formality: informal
        ignore: [greeting]
"""

from __future__ import annotations

import difflib
import fnmatch
import reprlib
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from tonecheck.results.findings import SEVERITIES
from tonecheck.runtime import yamlfile

FILE_NAMES = (".tonecheck.yaml", ".tonecheck.yml")
LANGUAGES = ("auto", "ru", "en")
FORMALITIES = ("auto", "formal", "informal")
LIST_KEYS = ("select", "ignore", "extra-rules", "extra-lexicons")
CHOICES = {"language": LANGUAGES, "formality": FORMALITIES, "fail-on": SEVERITIES}
TOP_KEYS = ("extend", "language", "formality", "select", "ignore", "severity", "fail-on",
            "extra-rules", "extra-lexicons", "overrides")
OVERRIDE_KEYS = ("files", "language", "formality", "select", "ignore", "severity")
MAX_EXTEND = 16   # files a configuration may extend in a row: a longer chain is a mistake, or an attack
DEFAULTS = {"language": "auto", "formality": "auto", "select": None, "ignore": [], "severity": {},
            "fail-on": "warning", "extra-rules": [], "extra-lexicons": []}


class ConfigError(ValueError):
    """A configuration problem: str() names the file, the line and the key."""

    def __init__(self, path, line: int | None, key: str, problem: str):
        where = f"{path}:{line}" if line else str(path)
        # a command-line option names itself: "--select: unknown rule …"
        super().__init__(f"{where}: {problem}" if str(path).startswith("--") else f"{where}: {key}: {problem}")
        self.path, self.line, self.key, self.problem = str(path), line, key, problem


def did_you_mean(word: str, options) -> str:
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


@dataclass
class Override:
    pattern: str
    base: Path
    settings: dict
    origin: str

    def matches(self, path: Path | None) -> bool:
        if path is None:
            return False
        try:
            rel = path.resolve().relative_to(self.base.resolve()).as_posix()
        except ValueError:
            return False
        return fnmatch.fnmatch(rel, self.pattern) or (self.pattern.endswith("/**")
                                                      and rel.startswith(self.pattern[:-2]))


@dataclass
class Config:
    """Resolved settings, each with where it came from ("default", "file:line", "--option")."""

    values: dict = field(default_factory=lambda: dict(DEFAULTS))
    origins: dict = field(default_factory=lambda: {k: "default" for k in DEFAULTS})
    overrides: list[Override] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    def __getitem__(self, key: str):
        return self.values[key]

    def set(self, key: str, value, origin: str) -> None:
        self.values[key] = value
        self.origins[key] = origin

    def for_path(self, path: Path | None) -> Config:
        """The settings for one file: per-file overrides applied on top."""
        out = Config(dict(self.values), dict(self.origins), self.overrides, self.files)
        for override in self.overrides:
            if override.matches(path):
                for key, value in override.settings.items():
                    if key == "ignore":  # a folder's ignores add to the team's, as in ruff
                        value = list(dict.fromkeys([*out["ignore"], *value]))
                    out.set(key, value, f"{override.origin} (files: {override.pattern})")
        return out

    def enabled(self, linter) -> set[str]:
        """The rule ids this configuration runs."""
        return linter.enabled(self["select"], self["ignore"])

    def check_rule_names(self, linter) -> None:
        """Every rule id or family the settings name must exist (with a did-you-mean)."""
        known = linter.known_names()
        for key in ("select", "ignore", "severity"):
            names = self.values[key] or []
            for name in names:
                if name not in known:
                    raise ConfigError(self.origins[key].split(" ", 1)[0], None, key,
                                      f"unknown rule or family '{name}'" + did_you_mean(name, known))


def find(start: Path) -> Path | None:
    """The nearest configuration file at or above ``start`` (a folder)."""
    for folder in (start, *start.parents):
        for name in FILE_NAMES:
            if (folder / name).is_file():
                return folder / name
        pyproject = folder / "pyproject.toml"
        if pyproject.is_file() and "tonecheck" in _pyproject_tool(pyproject):
            return pyproject
    return None


def load(path: Path, config: Config | None = None, seen: tuple = ()) -> Config:
    """Read one configuration file (and what it extends) into ``config``."""
    config = config or Config()
    path = path.resolve()
    if path in seen:
        raise ConfigError(path, None, "extend", "extends itself in a loop")
    data, lines = _read(path)
    if "extend" in data:
        target = data["extend"]
        if not isinstance(target, str):
            raise ConfigError(path, lines.get("extend"), "extend", "must be a path to another config file")
        if len(seen) >= MAX_EXTEND:
            raise ConfigError(path, lines.get("extend"), "extend",
                              f"the chain of extended files is more than {MAX_EXTEND} deep")
        base = (path.parent / target)
        if not base.is_file():
            raise ConfigError(path, lines.get("extend"), "extend", f"no such file {base}")
        load(base, config, seen + (path,))
    for key, value in data.items():
        if key in ("extend", "overrides"):
            continue
        origin = f"{path}:{lines.get(key, '?')}"
        config.set(key, _validate(path, lines, key, value, TOP_KEYS), origin)
    if not isinstance(data.get("overrides") or [], list):
        raise ConfigError(path, lines.get("overrides"), "overrides", "must be a list of {files: glob, …}")
    for i, raw in enumerate(data.get("overrides") or []):
        config.overrides.append(_override(path, lines, i, raw))
    config.files.append(str(path))
    return config


def _override(path: Path, lines: dict, i: int, raw) -> Override:
    key = f"overrides[{i}]"
    if not isinstance(raw, dict) or not isinstance(raw.get("files"), str):
        raise ConfigError(path, lines.get("overrides"), key, "needs 'files: <glob>' and settings")
    settings = {}
    for k, v in raw.items():
        if k != "files":
            settings[k] = _validate(path, lines, k, v, OVERRIDE_KEYS, prefix=key + ".")
    return Override(raw["files"], path.parent, settings, f"{path}:{lines.get('overrides', '?')}")


def _validate(path: Path, lines: dict, key: str, value, allowed, prefix: str = ""):
    if not isinstance(key, str):
        raise ConfigError(path, lines.get(str(key)), prefix + str(key), "unknown key (keys are setting names)")
    line = lines.get(key)
    if key not in allowed:
        raise ConfigError(path, line, prefix + key, "unknown key" + did_you_mean(key, allowed))
    if key in CHOICES:
        if value not in CHOICES[key]:
            raise ConfigError(path, line, prefix + key,
                              f"must be one of {', '.join(CHOICES[key])}, not {reprlib.repr(value)}" +
                              (did_you_mean(str(value), CHOICES[key]) if isinstance(value, str) else ""))
        return value
    if key in LIST_KEYS:
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(path, line, prefix + key, "must be a list of strings")
        if key.startswith("extra-"):
            folders = [(path.parent / v).resolve() for v in value]
            missing = [str(f) for f in folders if not f.is_dir()]
            if missing:
                raise ConfigError(path, line, prefix + key, f"no such folder {missing[0]}")
            return folders
        return value
    if key == "severity":
        if not isinstance(value, dict):
            raise ConfigError(path, line, prefix + key, "must map rule ids to error, warning or info")
        for rule, sev in value.items():
            if not isinstance(rule, str):
                raise ConfigError(path, line, prefix + key, "must map rule ids to error, warning or info")
            if sev not in SEVERITIES:
                raise ConfigError(path, line, f"{prefix}severity.{rule}",
                                  f"must be one of {', '.join(SEVERITIES)}, not {reprlib.repr(sev)}")
        return dict(value)
    raise ConfigError(path, line, prefix + key, "not allowed here")


def _read(path: Path) -> tuple[dict, dict]:
    """The settings of a file and the line of each top-level key."""
    if path.name == "pyproject.toml":
        table = _pyproject_tool(path).get("tonecheck", {})
        if not isinstance(table, dict):
            raise ConfigError(path, None, "tool.tonecheck", "must be a table")
        return table, _toml_lines(path)
    import yaml  # only a YAML settings file needs it: most runs start without one

    text = _text(path)
    try:
        node, data = yamlfile.load(text)
    except RecursionError:
        raise ConfigError(path, None, "(file)", "nested too deep to read") from None
    except yamlfile.TooLarge as exc:
        raise ConfigError(path, None, "(file)", str(exc)) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ConfigError(path, mark.line + 1 if mark else None, "yaml",
                          str(getattr(exc, "problem", exc))) from None
    if data is None:
        return {}, {}
    if not isinstance(data, dict):
        raise ConfigError(path, 1, "(file)", "a configuration file is a YAML mapping")
    lines = {k.value: k.start_mark.line + 1 for k, _ in node.value} if isinstance(node, yaml.MappingNode) else {}
    return data, lines


def _text(path: Path) -> str:
    """A configuration file's text, or a ConfigError saying why it has none."""
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ConfigError(path, None, "(file)", f"not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise ConfigError(path, None, "(file)", f"cannot read ({exc.strerror or exc})") from None


def _pyproject_tool(path: Path) -> dict:
    """The [tool] table of a pyproject.toml. One that cannot be read is an error, not a file
    without settings (as in ruff): the team's settings in it would be silently lost."""
    try:
        data = tomllib.loads(_text(path))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(path, None, "toml", str(exc)) from None
    except RecursionError:
        raise ConfigError(path, None, "(file)", "nested too deep to read") from None
    tool = data.get("tool", {})
    return tool if isinstance(tool, dict) else {}


def _toml_lines(path: Path) -> dict:
    """Lines of the keys inside [tool.tonecheck] (tomllib keeps no positions)."""
    lines, inside = {}, False
    for number, raw in enumerate(_text(path).splitlines(), 1):
        line = raw.strip()
        if line.startswith("["):
            inside = line.strip("[] ") == "tool.tonecheck"
            continue
        if inside and "=" in line and not line.startswith("#"):
            lines.setdefault(line.split("=", 1)[0].strip().strip('"'), number)
    return lines


def resolve(path: Path | None, explicit: Path | None, isolated: bool, cli: dict) -> Config:
    """The configuration for checking ``path`` (None: standard input): file, then CLI options."""
    config = Config()
    if not isolated:
        found = explicit or find((path.parent if path is not None else Path.cwd()).resolve())
        if found is None and path is not None:
            found = find(Path.cwd().resolve())
        if found is not None:
            load(found, config)
    for key, value in cli.items():
        if value is not None:
            config.set(key, value, "--" + ("lang" if key == "language" else key))
    return config
