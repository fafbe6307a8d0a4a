"""One command-line run: the configuration of each checked file, the linters it needs, the check.

Files in different folders may have different configurations (and so different team rule
folders); the session finds each file's configuration once per folder and keeps one Linter per
set of rule and word-list folders, so pipelines and rules still load once.
"""

from __future__ import annotations

from pathlib import Path

from tonecheck.engine.linter import Linter
from tonecheck.engine.settings import Settings
from tonecheck.runtime import heap
from tonecheck.team import config as config_mod
from tonecheck.team import suppress


class Session:
    def __init__(self, cli: dict, config_path: Path | None = None, isolated: bool = False,
                 server: str | None = None, token: str | None = None, strip: bool = True):
        self.cli, self.config_path, self.isolated = cli, config_path, isolated
        self.server, self.token, self.strip = server, token, strip
        self._configs: dict = {}    # folder -> configuration found there
        self._resolved: dict = {}   # file -> its configuration with per-file overrides applied
        self._linters: dict = {}    # team rule folders -> Linter
        self._checked: set[int] = set()  # id() of the configurations whose rule names were checked

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
        if id(config) not in self._checked:
            config.check_rule_names(linter)
            self._checked.add(id(config))
        return linter

    def linters(self) -> list[Linter]:
        """Every linter this run has built (a default one if none yet)."""
        if not self._linters:
            self.linter_for(self.config_for(None))
        return list(self._linters.values())

    def settings_for(self, config: config_mod.Config, addressee: str | None = None) -> Settings:
        """The Settings a file's configuration (with the command line's options) checks with."""
        return Settings(language=config["language"], formality=config["formality"], select=config["select"],
                        ignore=config["ignore"], severity=config["severity"], addressee=addressee, strip=self.strip)

    def check(self, messages: list, addressee: str | None = None, report_unused: bool = False) -> list[tuple]:
        """(Result, fail-on) for each message, in order, each under its own file's configuration.

        Inline ``tonecheck:`` directives in the message silence findings; with ``report_unused``
        a directive that silenced nothing becomes a finding of its own.
        """
        return list(self.each(messages, addressee, report_unused))

    def each(self, messages, addressee: str | None = None, report_unused: bool = False):
        """What ``check`` gives, one message at a time: each is checked when the caller asks for
        its result, so messages read as they are asked for (an mbox) are never all held."""
        for message in messages:
            cfg = self.config_for(message.source)
            linter = self.linter_for(cfg)  # checks the configuration's rule names, with their origins
            settings = self.settings_for(cfg, addressee)
            result = self._remote(message, settings, report_unused) if self.server else None
            if result is None:
                (result,) = linter.check_messages([message], settings, report_unused=report_unused)
            heap.resume()  # a paused start is over once a message has been checked
            yield result, cfg["fail-on"]

    def _remote(self, message, settings: Settings, report_unused: bool):
        """The result from the service, placed into the message and with its directives applied
        as a local check applies them; None when the service is unreachable."""
        from tonecheck.engine.linter import place
        from tonecheck.service import client

        masked, directives = suppress.screen(message)
        result = client.check(self.server, self.token, masked, settings)
        if result is None:
            self.server = None  # unreachable: check locally from now on, without retrying each message
            return None
        return suppress.settle(place(result, message), directives, report_unused, message.line_offset)
