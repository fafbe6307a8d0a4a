"""The command line: ``tonecheck draft.txt`` and friends.

Each command lives in a module of its own and is registered here on the ``main`` group, so the
commands never import the group (no import cycle).
"""

from __future__ import annotations

import click

from tonecheck.cli import batch, check, rules, send, serve
from tonecheck.runtime import heap
from tonecheck.runtime.version import __version__


class DefaultGroup(click.Group):
    """A group whose default command is ``check``: ``tonecheck a.txt`` = ``tonecheck check a.txt``.

    Options before a command's name belong to that command, as people type them in any order:
    ``tonecheck --to X fix a.txt`` = ``tonecheck fix --to X a.txt``; one it lacks is its usual
    "No such option" usage error.
    """

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = self._command_first(args)
        return super().parse_args(ctx, args)

    def _command_first(self, args: list[str]) -> list[str]:
        """The arguments with a command name first: a name after the leading options moves in
        front of them, and without one the command is ``check``."""
        n = self._leading_options(args)
        if n < len(args) and args[n] in self.commands:
            return [args[n], *args[:n], *args[n + 1:]]
        return ["check", *args]

    def _leading_options(self, args: list[str]) -> int:
        """How many arguments the leading options and their values take (so that in
        ``--to fix a.txt`` "fix" is the addressee, not the command)."""
        i = 0
        while i < len(args) and args[i].startswith("-") and args[i] not in ("-", "--"):
            i += 2 if self._takes_value(args[i]) else 1
        return i

    def _takes_value(self, arg: str) -> bool:
        """Whether an option is followed by its value: as ``check`` defines it, else as the first
        command that has it (an option no command has is taken for a flag)."""
        if arg.startswith("--") and "=" in arg:
            return False
        for command in (self.commands["check"], *self.commands.values()):
            for param in command.params:
                if isinstance(param, click.Option) and arg in (*param.opts, *param.secondary_opts):
                    return not (param.is_flag or param.count)
        return False


@click.group(cls=DefaultGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="tonecheck")
def main():
    """tonecheck: a linter for the way colleagues write to each other.

    Checks Russian and English messages against the service-culture code: a greeting and one
    form of address, full answers, an alternative with every refusal, no blaming wording. Each
    finding comes with a rewrite a person would actually send. Mail (.eml, .mbox) is read with
    its quoted replies and signature cut off: only what the sender writes now is checked.

    \b
    Examples:
      tonecheck draft.txt
      tonecheck --to "Петрова Анна Сергеевна" reply.txt
      echo "Вы опять не приложили счёт." | tonecheck -
      tonecheck fix --diff draft.txt
      tonecheck hook < message.eml
      tonecheck --format json --fail-on error messages/*.eml

    Options may come before the command's name: 'tonecheck --to NAME fix draft.txt' is
    'tonecheck fix --to NAME draft.txt'. Run 'tonecheck check --help' for every option and the
    exit codes.
    """



for command in (check.check, batch.batch, rules.rules_command, rules.explain, rules.docs, rules.test_rules,
                rules.config_command, send.fix, send.hook, send.sendmail, serve.serve):
    main.add_command(command)


def run() -> None:
    """The ``tonecheck`` console script: ``main`` with the collector paused while tonecheck
    loads (``tonecheck.runtime.heap``: a fifth of a start went to collections that freed nothing)."""
    heap.pause()
    main()
