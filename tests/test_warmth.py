"""The warmth score: its formula, where it shows, --min-score, and how it ranks rated messages."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import WARMTH_RHO

from tonecheck.batch.scoring import load, ranks, spearman
from tonecheck.cli.main import main
from tonecheck.results.findings import Finding
from tonecheck.results.warmth import warmth

DEVSET = Path(__file__).parent / "devset"
RHO = 0.8  # the score must rank hand-rated messages at least this well (Spearman)


def finding(rule: str, severity: str = "warning") -> Finding:
    return Finding(rule=rule, severity=severity, message="", start=0, end=1, text="x", suggestion=None,
                   line=1, column=1, language="ru")


def test_formula_weights_caps_and_breakdown():
    assert warmth([]).score == 10.0 and warmth([]).lost == {}
    w = warmth([finding("blame.again"), finding("greeting.missing"), finding("thanks.for-help", "info")])
    assert w.lost == {"blame": 4.0, "greeting": 1.0, "thanks": 1.0} and w.score == 4.0
    capped = warmth([finding("blame.again", "error")] * 3)  # 3 x 3 points x 2.0 = 18, capped at 6
    assert capped.lost == {"blame": 6.0} and capped.score == 4.0
    assert warmth([finding("blame.again", "error")] * 3 + [finding("tone.shouting", "error")] * 2).score == 0.0
    assert warmth([{"rule": "answer.bare", "severity": "warning"}]).score == 7.0  # a batch record's findings


def test_ranks_and_spearman():
    assert ranks([3, 1, 3, 2]) == [3.5, 1.0, 3.5, 2.0]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_json_text_and_min_score():
    runner = CliRunner()
    text = "Здравствуйте! Как я уже писал, отчёт нужен до пятницы.\n"
    res = runner.invoke(main, ["--isolated", "--format", "json", "-"], input=text)
    assert json.loads(res.stdout)["files"][0]["warmth"] == {"score": 6.0, "lost": {"blame": 4.0}}
    res = runner.invoke(main, ["--isolated", "-"], input=text)
    assert res.stdout.splitlines()[-1] == "Found 1 issue (1 warning) in 1 of 1 message. Warmth 6/10."
    polite = "Hi Tom, got it.\n"  # one info finding: below --fail-on warning, warmth 9
    assert runner.invoke(main, ["--isolated", "-"], input=polite).exit_code == 0
    assert runner.invoke(main, ["--isolated", "--min-score", "9.5", "-"], input=polite).exit_code == 1
    assert runner.invoke(main, ["--isolated", "--min-score", "9", "-"], input=polite).exit_code == 0
    assert runner.invoke(main, ["hook", "--isolated", "--min-score", "9.5"], input=polite).exit_code == 1
    assert runner.invoke(main, ["hook", "--isolated", "--min-score", "8"], input=polite).exit_code == 0
    bad = runner.invoke(main, ["--isolated", "--min-score", "11", "-"], input=polite)
    assert bad.exit_code == 2 and "0<=x<=10" in bad.output


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_score_ranks_rated_messages(linter, lang):
    items = load(DEVSET / f"warmth-{lang}.yaml")
    assert len(items) >= 100
    scores = [linter.check(i["text"], language=lang, formality=i.get("formality", "formal")).warmth.score
              for i in items]
    rho = spearman(scores, [i["rating"] for i in items])
    WARMTH_RHO[lang] = rho
    assert rho >= RHO, f"{lang}: Spearman {rho:.3f}"
