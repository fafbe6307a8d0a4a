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
    """A group whose default command is ``check``: ``tonecheck a.txt`` = ``tonecheck check a.txt``."""

    def parse_args(self, ctx, args):
        if args and args[0] not in self.commands and args[0] not in ("--help", "-h", "--version"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


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

    Run 'tonecheck check --help' for every option and the exit codes.
    """



for command in (check.check, batch.batch, rules.rules_command, rules.explain, rules.docs, rules.test_rules,
                rules.config_command, send.fix, send.hook, send.sendmail, serve.serve):
    main.add_command(command)


def run() -> None:
    """The ``tonecheck`` console script: ``main`` with the collector paused while tonecheck
    loads (``tonecheck.runtime.heap``: a fifth of a start went to collections that freed nothing)."""
    heap.pause()
    main()
