"""One command-line run: the configuration of each checked file, the linters it needs, the check.

Files in different folders may have different configurations (and so different team rule
folders); the session finds each file's configuration once per folder and keeps one Linter per
set of rule and word-list folders, so pipelines and rules still load once.
"""

from __future__ import annotations

from pathlib import Path

from . import config as config_mod
from .engine import Linter


class Session:
    def __init__(self, cli: dict, config_path: Path | None = None, isolated: bool = False):
        self.cli, self.config_path, self.isolated = cli, config_path, isolated
        self._configs: dict = {}
        self._linters: dict = {}

    def config_for(self, path: Path | None) -> config_mod.Config:
        """The resolved configuration for a file (None: standard input)."""
        folder = path.parent.resolve() if path is not None else None
        if folder not in self._configs:
            self._configs[folder] = config_mod.resolve(path, self.config_path, self.isolated, self.cli)
        return self._configs[folder].for_path(path)

    def linter_for(self, config: config_mod.Config) -> Linter:
        """The linter with the built-in rules plus the configuration's team folders."""
        key = (tuple(config["extra-rules"]), tuple(config["extra-lexicons"]))
        if key not in self._linters:
            linter = Linter(rule_dirs=list(key[0]), lexicon_dirs=list(key[1]))
            config.check_rule_names(linter)
            self._linters[key] = linter
        linter = self._linters[key]
        config.check_rule_names(linter)
        return linter

    def linters(self) -> list[Linter]:
        """Every linter this run has built (a default one if none yet)."""
        if not self._linters:
            self.linter_for(self.config_for(None))
        return list(self._linters.values())

    def check(self, messages: list, addressee: str | None = None) -> list[tuple]:
        """(Result, fail-on) for each message, in order, each under its own file's configuration."""
        out = []
        for message in messages:
            cfg = self.config_for(message.source)
            linter = self.linter_for(cfg)
            (result,) = linter.check_messages(
                [message], addressee=addressee, formality=cfg["formality"], language=cfg["language"],
                enabled=cfg.enabled(linter), severity=cfg["severity"])
            out.append((result, cfg["fail-on"]))
        return out
