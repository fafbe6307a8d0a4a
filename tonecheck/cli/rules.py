"""Commands for knowing and testing the rules: rules, explain, docs, test-rules, config."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from tonecheck.cli.options import EXIT_CLEAN, EXIT_FINDINGS, guarded, make_session


def _session_linter(config_path, isolated, path: Path | None = None):
    """The configuration and linter that apply at ``path`` (default: the working directory)."""
    session = make_session(None, None, None, None, config_path, isolated)
    cfg = session.config_for(path if path is not None else Path.cwd() / "-")
    return cfg, session.linter_for(cfg)


OVERRIDE_NOTE = {"en": "team override; built-in: {}", "ru": "переопределено командой; встроенный: {}"}


def _severity(cfg, rule) -> str:
    """The severity the rule's findings get under the configuration: the team's, else its own."""
    return cfg["severity"].get(rule.id, rule.severity)


def _override_note(cfg, rule, lang: str = "en") -> str:
    """"team override; built-in: warning" when the team changed the severity (else ""), so that
    neither the effective severity nor the documented one is hidden."""
    changed = _severity(cfg, rule) != rule.severity
    return OVERRIDE_NOTE[lang].format(rule.severity) if changed else ""


@click.command("rules")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Show on/off and severity under this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def rules_command(fmt, config_path, isolated):
    """List every rule: id, on/off, severity, languages and summary under the configuration.

    A rule is off when the configuration leaves it out, or when it is for the other register
    (greeting.informal only runs in formal teams). A severity the configuration overrides is
    shown with the built-in one after the summary.
    """
    import json

    cfg, linter = _session_linter(config_path, isolated)
    selected = cfg.enabled(linter)
    enabled = {r.id for r in linter.rules if r.id in selected and r.applies_to(cfg["formality"])}
    rows = [{**r.listing(), "severity": _severity(cfg, r), "builtin_severity": r.severity, "enabled": r.id in enabled}
            for r in linter.rules]
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    width = max(len(r["id"]) for r in rows)
    for rule, row in zip(linter.rules, rows, strict=True):
        state = "on " if row["enabled"] else "off"
        note = _override_note(cfg, rule)
        click.echo(f"{row['id']:<{width}}  {state}  {row['severity']:<7}  {','.join(row['languages']):<5}  "
                   f"{row['summary']}" + (f"  ({note})" if note else ""))


@click.command()
@click.argument("rule_id", metavar="RULE")
@click.option("--lang", "language", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of the explanation.")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this configuration file (its team rule folders and severities).")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def explain(rule_id, language, config_path, isolated):
    """Print a rule's documentation: what it does, why it matters, examples, what to write instead.

    The severity is the one under the configuration, as 'tonecheck rules' shows it; a team
    override is noted with the built-in severity.
    """
    from tonecheck.team.config import did_you_mean

    cfg, linter = _session_linter(config_path, isolated)
    rules = {r.id: r for r in linter.rules}
    if rule_id not in rules:
        raise click.UsageError(f"unknown rule {rule_id!r}{did_you_mean(rule_id, rules)}; see 'tonecheck rules'")
    click.echo(_page_under(cfg, rules[rule_id], language), nl=False)


def _page_under(cfg, rule, lang: str) -> str:
    """The rule's page with the severity under the configuration: the page itself documents the
    built-in rule (docs/rules/ is generated from it), explain answers for this team."""
    from tonecheck.rulebook.docs import rule_page

    note = _override_note(cfg, rule, lang)
    return rule_page(rule, lang, f"{_severity(cfg, rule)} ({note})" if note else None)


@click.command()
@click.option("--output", type=click.Path(file_okay=False, path_type=Path), default=Path("docs/rules"),
              show_default=True, help="Folder for the generated pages.")
@click.option("--check", "check_only", is_flag=True, help="Write nothing; exit 1 when the pages are out of date.")
@guarded
def docs(output, check_only):
    """Generate docs/rules/: one Markdown page per built-in rule and an index."""
    from tonecheck.engine.linter import Linter
    from tonecheck.rulebook import docs as docs_mod

    rules = Linter().rules
    if check_only:
        problems = docs_mod.stale(rules, output)
        for name in problems:
            click.echo(f"out of date: {output / name}", err=True)
        if problems:
            click.echo("run 'tonecheck docs' to regenerate", err=True)
        sys.exit(EXIT_FINDINGS if problems else EXIT_CLEAN)
    changed = docs_mod.write(rules, output)
    click.echo(f"wrote {len(rules) + 1} pages to {output} ({len(changed)} changed)")


@click.command("test-rules")
@click.argument("folder", type=click.Path(exists=True, file_okay=False, path_type=Path), required=False)
@click.option("--all", "include_builtin", is_flag=True, help="Also run the built-in rules' examples.")
@click.option("--lexicons", "lexicon_dirs", multiple=True,
              type=click.Path(exists=True, file_okay=False, path_type=Path),
              help="Folders of the team's word lists the rules use.")
@click.option("-v", "--verbose", is_flag=True, help="List every example, not only the failing ones.")
@guarded
def test_rules(folder, include_builtin, lexicon_dirs, verbose):
    """Run the good and bad examples embedded in the rules of FOLDER, like a test runner.

    \b
    Exit status: 0 all examples pass, 1 an example fails, 2 a rule file is invalid.
    """
    from tonecheck.engine.kinds import KINDS
    from tonecheck.engine.linter import Linter
    from tonecheck.rulebook.examples import cases, run_example
    from tonecheck.rulebook.rules import load_rules

    if folder is None and not include_builtin:
        raise click.UsageError("give a FOLDER of rule files, or --all for the built-in rules")
    linter = Linter(rule_dirs=[folder] if folder else [], lexicon_dirs=list(lexicon_dirs))
    linter.compile_all()
    own = {r.id for r in load_rules([folder], KINDS)} if folder else set()
    rules = [r for r in linter.rules if include_builtin or r.id in own]
    passed = failed = 0
    for case in cases(rules):
        rule, lang, example, bad = case
        failure = run_example(linter, *case)
        label = f"{rule.id} [{lang}] {'bad' if bad else 'good'}: {example.text}"
        if failure is None:
            passed += 1
            if verbose:
                click.echo(f"PASS {label}")
        else:
            failed += 1
            click.echo(f"FAIL {label}\n     {failure.problem}")
    click.echo(f"{len(rules)} rules: {passed} passed, {failed} failed")
    sys.exit(EXIT_FINDINGS if failed else EXIT_CLEAN)


@click.command("config")
@click.argument("path", required=False, type=click.Path(path_type=Path))
@click.option("--show", is_flag=True, default=True, help="Print the resolved configuration (the default).")
@click.option("--config", "config_path", type=click.Path(dir_okay=False, path_type=Path),
              help="Use this configuration file.")
@click.option("--isolated", is_flag=True, help="Ignore every configuration file.")
@guarded
def config_command(path, show, config_path, isolated):
    """Print the configuration that applies to PATH (default: here) and where each value came from."""
    cfg, linter = _session_linter(config_path, isolated, path.resolve() if path else None)
    click.echo("files: " + (", ".join(cfg.files) if cfg.files else "(none found)"))
    for key, value in cfg.values.items():
        if isinstance(value, list):
            value = "[" + ", ".join(str(v) for v in value) + "]"
        elif isinstance(value, dict):
            value = "{" + ", ".join(f"{k}: {v}" for k, v in value.items()) + "}"
        elif value is None:
            value = "(all rules)"
        click.echo(f"{key:<15} {value}  ({cfg.origins[key]})")
    for override in cfg.overrides:
        click.echo(f"override {override.pattern}: {override.settings}  ({override.origin})")
    click.echo(f"rules on: {len(cfg.enabled(linter))} of {len(linter.rules)}")
