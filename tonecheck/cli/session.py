"""One command-line run: the configuration of each checked file, the linters it needs, the check.

Files in different folders may have different configurations (and so different team rule
folders); the session finds each file's configuration once per folder and keeps one Linter per
set of rule and word-list folders, so pipelines and rules still load once.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from tonecheck.engine.linter import Linter
from tonecheck.results.findings import Finding
from tonecheck.runtime import heap
from tonecheck.team import config as config_mod
from tonecheck.team import suppress


class Session:
    def __init__(self, cli: dict, config_path: Path | None = None, isolated: bool = False,
                 server: str | None = None, token: str | None = None):
        self.cli, self.config_path, self.isolated = cli, config_path, isolated
        self.server, self.token = server, token
        self._configs: dict = {}    # folder -> configuration found there
        self._resolved: dict = {}   # file -> its configuration with per-file overrides applied
        self._linters: dict = {}    # team rule folders -> Linter
        self._enabled: dict = {}    # id(configuration) -> rule ids it runs (checked once)

    def config_for(self, path: Path | None) -> config_mod.Config:
        """The resolved configuration for a file (None: standard input), worked out once."""
        if path not in self._resolved:
            folder = path.parent.resolve() if path is not None else None
            if folder not in self._configs:
                self._configs[folder] = config_mod.resolve(path, self.config_path, self.isolated, self.cli)
            self._resolved[path] = self._configs[folder].for_path(path)
        return self._resolved[path]

    def linter_for(self, config: config_mod.Config) -> Linter:
        """The linter with the built-in rules plus the configuration's team folders; the
        configuration's rule names are checked against it the first time they meet."""
        key = (tuple(config["extra-rules"]), tuple(config["extra-lexicons"]))
        if key not in self._linters:
            self._linters[key] = Linter(rule_dirs=list(key[0]), lexicon_dirs=list(key[1]))
        linter = self._linters[key]
        if id(config) not in self._enabled:
            config.check_rule_names(linter)
            self._enabled[id(config)] = config.enabled(linter)
        return linter

    def enabled(self, config: config_mod.Config) -> set[str]:
        """The rule ids a configuration runs (after ``linter_for`` has seen it)."""
        self.linter_for(config)
        return self._enabled[id(config)]

    def linters(self) -> list[Linter]:
        """Every linter this run has built (a default one if none yet)."""
        if not self._linters:
            self.linter_for(self.config_for(None))
        return list(self._linters.values())

    def check(self, messages: list, addressee: str | None = None, report_unused: bool = False) -> list[tuple]:
        """(Result, fail-on) for each message, in order, each under its own file's configuration.

        Inline ``tonecheck:`` directives in the message silence findings; with ``report_unused``
        a directive that silenced nothing becomes a finding of its own.
        """
        out = []
        for message in messages:
            cfg = self.config_for(message.source)
            directives = suppress.parse(message.text)
            checked = replace(message, text=suppress.mask(message.text, directives)) if directives else message
            result = self._remote(checked, cfg, addressee) if self.server else None
            if result is None:
                linter = self.linter_for(cfg)
                (result,) = linter.check_messages(
                    [checked], addressee=addressee, formality=cfg["formality"], language=cfg["language"],
                    enabled=self.enabled(cfg), severity=cfg["severity"])
            heap.resume()  # a paused start is over once a message has been checked
            result.text = message.text
            if directives:
                result.findings = _apply_directives(result, directives, report_unused, message.line_offset)
            out.append((result, cfg["fail-on"]))
        return out


    def _remote(self, message, cfg, addressee):
        """The result from the service, placed into the message; None when it is unreachable."""
        from tonecheck.engine.linter import _place
        from tonecheck.service import client

        settings = {"language": cfg["language"], "formality": cfg["formality"], "select": cfg["select"],
                    "ignore": cfg["ignore"], "severity": cfg["severity"]}
        result = client.check(self.server, self.token, message, settings, addressee)
        if result is None:
            self.server = None  # unreachable: check locally from now on, without retrying each message
            return None
        return _place(result, message)


def _apply_directives(result, directives, report_unused: bool, line_offset: int) -> list:
    kept = []
    for finding in result.findings:
        directive = suppress.suppressed(finding, result.text, directives)
        if directive is None:
            kept.append(finding)
        else:
            directive.used = True
    if report_unused:
        for d in directives:
            if not d.used and d.kind != "enable":
                text = result.text[d.start:d.end].strip()
                start = result.text.index(text, d.start)
                kept.append(Finding("suppression.unused", "info", suppress.unused_message(d, result.language),
                                    start, start + len(text), text, "", d.line + line_offset,
                                    start - result.text.rfind("\n", 0, start), result.language))
    return sorted(kept, key=lambda f: (f.start, -(f.end - f.start), f.rule))
