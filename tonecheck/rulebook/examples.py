"""Run the good and bad examples embedded in every rule (LanguageTool- and prh-style).

A bad example must raise its rule exactly once, over the [marked] span, with the expected
suggestion when one is given; a good example must not raise the rule at all. The test suite
runs every example of every rule through this module.
"""

from __future__ import annotations

from dataclasses import dataclass

from tonecheck.rulebook.rules import Example, Rule


@dataclass(frozen=True)
class ExampleFailure:
    rule: str
    language: str
    text: str
    problem: str

    def __str__(self) -> str:
        return f"{self.rule} [{self.language}] {self.text!r}: {self.problem}"


def cases(rules: list[Rule]) -> list[tuple[Rule, str, Example, bool]]:
    """Every (rule, language, example, is_bad) the rules carry."""
    return [(rule, lang, ex, bad)
            for rule in rules for lang, spec in rule.languages.items()
            for bad, examples in ((True, spec.bad), (False, spec.good)) for ex in examples]


def run_example(linter, rule: Rule, language: str, example: Example, bad: bool) -> ExampleFailure | None:
    """Check one example; None when it behaves as its rule says."""
    result = linter.check(example.text, language=language, addressee=example.addressee,
                          formality=example.formality or "auto", quoted=example.quoted,
                          select=linter.with_rules([rule.id]))  # a rule off by default runs for its examples
    found = [f for f in result.findings if f.rule == rule.id]

    def fail(problem: str) -> ExampleFailure:
        return ExampleFailure(rule.id, language, example.text, problem)

    if not bad:
        return fail(f"good example flagged at {found[0].text!r}") if found else None
    if len(found) != 1:
        got = [f.text for f in found]
        return fail(f"expected one finding at {example_span(example)!r}, got {got}")
    f = found[0]
    if (f.start, f.end) != example.span:
        return fail(f"flagged {f.text!r} ({f.start}-{f.end}), expected {example_span(example)!r} {example.span}")
    if example.hint and f.suggestion is not None:
        return fail(f"suggestion {f.suggestion!r}, expected none (a hint)")
    if example.suggestion is not None and f.suggestion != example.suggestion:
        return fail(f"suggestion {f.suggestion!r}, expected {example.suggestion!r}")
    return None


def example_span(example: Example) -> str:
    start, end = example.span
    return example.text[start:end]


def run_all(linter, rules: list[Rule] | None = None) -> list[ExampleFailure]:
    failures = [run_example(linter, *case) for case in cases(rules or linter.rules)]
    return [f for f in failures if f is not None]
