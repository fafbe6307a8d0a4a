"""The warmth score: its formula, where it shows, --min-score, and how it ranks rated messages."""

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import WARMTH_RHO

from tonecheck import check
from tonecheck.batch.scoring import load, ranks, spearman
from tonecheck.cli.main import main
from tonecheck.engine.linter import Linter
from tonecheck.results.findings import Finding
from tonecheck.results.warmth import Model, Strategy, model, warmth, weighed_strategies
from tonecheck.rulebook.strategies import StrategyError, builtin_strategies, parse

DEVSET = Path(__file__).parent / "devset"
RHO = 0.85  # the score must rank hand-rated messages at least this well (Spearman)


def finding(rule: str, severity: str = "warning") -> Finding:
    return Finding(rule=rule, severity=severity, message="", start=0, end=1, text="x", suggestion=None,
                   line=1, column=1, language="ru")


MODEL = Model(base=8.0, strategies={"thanks": 0.8, "please": 0.9, "greeting": 0.4, "why-did-you": -0.6},
              families={"blame": 2.0, "hostility": 3.0, "greeting": 0.5}, default_family=1.0,
              severity_points={"error": 3.0, "warning": 2.0, "info": 1.0}, cap=6.0, caps={"hostility": 10.0})


def strategy(name: str, start: int = 0) -> Strategy:
    return Strategy(name, name, start, start + 3, "xyz")


def test_formula_weights_caps_and_breakdown():
    assert warmth([], weights=MODEL).score == 8.0 and warmth([], weights=MODEL).lost == {}
    w = warmth([finding("blame.again"), finding("greeting.missing"), finding("thanks.for-help", "info")], weights=MODEL)
    assert w.lost == {"blame": 4.0, "greeting": 1.0, "thanks": 1.0} and w.score == 2.0
    capped = warmth([finding("blame.again", "error")] * 3, weights=MODEL)  # 3 x 3 points x 2.0 = 18, capped at 6
    assert capped.lost == {"blame": 6.0} and capped.score == 2.0
    assert warmth([{"rule": "answer.bare", "severity": "warning"}], weights=MODEL).score == 6.0  # a batch record's


def test_strategies_add_once_and_warmth_is_capped_at_ten():
    w = warmth([], [strategy("thanks", 10), strategy("thanks", 20), strategy("why-did-you", 0)], weights=MODEL)
    assert w.score == 8.2  # 8 + 0.8 (thanks once) - 0.6
    assert [(s["name"], s["contribution"], s["span"]) for s in w.strategies] == [
        ("why-did-you", -0.6, [0, 3]), ("thanks", 0.8, [10, 13])]
    warm = warmth([], [strategy("thanks"), strategy("please"), strategy("greeting")], weights=MODEL)
    assert warm.score == 10.0  # 8 + 2.1, the warm side capped at 10 - base = 2
    # warmth bought with kind words does not buy off a reproach: the warm side is capped first
    assert warmth([finding("blame.again")], [strategy("thanks"), strategy("please"), strategy("greeting")],
                  weights=MODEL).score == 6.0
    assert warmth([], [{"name": "please", "label": "please", "span": [4, 10], "text": "please"}],
                  weights=MODEL).strategies[0]["span"] == [4, 10]  # a batch record's
    assert warmth([], [strategy("unknown")], weights=MODEL).strategies == []  # no weight: not listed


def test_hostility_costs_more_than_any_other_family():
    shipped = model()
    for severity in ("info", "warning", "error"):
        hostile = warmth([finding("hostility.insult", severity)]).lost["hostility"]
        others = [warmth([finding(f"{family}.x", severity)]).lost[family] for family in shipped.families
                  if family != "hostility"]
        assert hostile > max(others), severity


def test_shipped_weights_keep_each_strategy_on_its_side():
    kinds = {s.name: s.kind for s in builtin_strategies()}
    assert set(model().strategies) == set(kinds)
    for name, weight in model().strategies.items():
        assert (weight >= 0) if kinds[name] == "warm" else (weight <= 0), name


def test_strategies_found_in_both_languages(linter):
    en = linter.check("Hi Anna, thanks a lot! Could you send the file when you get a chance?", language="en")
    shown = [(s.name, s.text) for s in en.strategies if s.name in ("thanks", "greeting", "subjunctive", "indirect")]
    assert shown == [("greeting", "Hi"), ("thanks", "thanks"), ("subjunctive", "Could you"),
                     ("indirect", "when you get a chance")]
    ru = linter.check("Зачем вы удалили файл? Вы опять не проверили.", language="ru")
    names = {s.name: (s.start, s.end, s.text) for s in ru.strategies}
    assert names["why-did-you"] == (0, 8, "Зачем вы") and names["you-fault"] == (23, 34, "Вы опять не")
    ru = linter.check("Благодарим за отчёт, не могли бы вы прислать и таблицу?", language="ru")  # by lemma
    assert {s.name for s in ru.strategies} >= {"thanks", "subjunctive"}


def test_a_hostile_message_scores_lowest(linter):
    hostile = linter.check("Hi Tom, you are an idiot, shut up.", language="en").warmth
    blaming = linter.check("Hi Tom, you again did not attach the file.", language="en").warmth
    assert hostile.lost["hostility"] > blaming.lost["blame"] and hostile.score < blaming.score


def test_ranks_and_spearman():
    assert ranks([3, 1, 3, 2]) == [3.5, 1.0, 3.5, 2.0]
    assert spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)


def test_json_text_and_min_score():
    runner = CliRunner()
    text = "Здравствуйте! Как я уже писал, отчёт нужен до пятницы.\n"
    res = runner.invoke(main, ["--isolated", "--format", "json", "-"], input=text)
    got = json.loads(res.stdout)["files"][0]["warmth"]
    weights = model().strategies
    assert got["lost"] == {"blame": 4.0}
    assert [(s["name"], s["span"], s["text"], s["contribution"]) for s in got["strategies"]] == [
        ("greeting", [0, 12], "Здравствуйте", weights["greeting"])]
    assert got["score"] == round(model().base + weights["greeting"] - 4.0, 1)
    res = runner.invoke(main, ["--isolated", "-"], input=text)
    assert res.stdout.splitlines()[-1] == (
        f"Found 1 issue (1 warning) in 1 of 1 message. Warmth {got['score']:g}/10 "
        f"(− blame 4, + приветствие {round(weights['greeting'], 1):g}).")
    polite = "Hi Tom, got it.\n"  # one info finding: below --fail-on warning
    score = check(polite, language="en").warmth.score
    assert runner.invoke(main, ["--isolated", "-"], input=polite).exit_code == 0
    assert runner.invoke(main, ["--isolated", "--min-score", str(score + 0.1), "-"], input=polite).exit_code == 1
    assert runner.invoke(main, ["--isolated", "--min-score", str(score), "-"], input=polite).exit_code == 0
    assert runner.invoke(main, ["hook", "--isolated", "--min-score", str(score + 0.1)], input=polite).exit_code == 1
    assert runner.invoke(main, ["hook", "--isolated", "--min-score", str(score - 1)], input=polite).exit_code == 0
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


def test_batch_report_lists_the_strategies_found(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("id,text\nm1,\"Hi Tom, thanks for the file!\"\nm2,\"Hello Ann, thanks, the file is here.\"\n",
                    encoding="utf-8")
    res = CliRunner().invoke(main, ["batch", "-q", "--isolated", str(path), "--id-column", "id", "-j", "1"])
    lines = res.stdout.splitlines()
    head = lines.index("What made messages warmer (+) or colder (−): strategies, messages, warmth points each:")
    weights = model().strategies
    assert lines[head + 1:head + 3] == [f"  + greeting               2  {weights['greeting']:+.2f}",
                                        f"  + thanks                 2  {weights['thanks']:+.2f}"]


def test_strategy_file_errors_name_the_strategy():
    good = {"thanks": {"kind": "warm", "label": {"en": "thanks"}, "en": {"phrases": ["thanks"], "at": "inside"}}}
    (spec,) = parse(Path("s.yml"), good)
    assert (spec.at, spec.match) == ({"en": "inside"}, {"en": {"phrases": ["thanks"]}})
    body = good["thanks"]
    for bad, problem in [({"Thanks": body}, "Thanks: a name is lowercase"),
                         ({"thanks": {**body, "kind": "hot"}}, "thanks: kind is one of warm, cold"),
                         ({"thanks": {**body, "label": {"ru": "спасибо"}}}, "thanks: a match spec and a label"),
                         ({"thanks": {**body, "en": {"phrases": ["x"], "at": "end"}}}, "thanks: at is one of")]:
        with pytest.raises(StrategyError, match=problem):
            parse(Path("s.yml"), bad)


def test_only_weighed_strategies_are_looked_for():
    unweighed = {name for name, weight in model().strategies.items() if not weight}
    assert unweighed and not unweighed & weighed_strategies()
    linter = Linter()
    linter.strategies = set()
    assert linter.check("Hi Anna, thanks a lot!", language="en").strategies == []


def test_html_report_shows_what_moved_each_score(tmp_path):
    path, page = tmp_path / "c.csv", tmp_path / "r.html"
    path.write_text("id,text\nm1,\"Hi Tom, thanks for the file!\"\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["batch", "-q", "--isolated", str(path), "--id-column", "id", "-j", "1",
                                    "--report", str(page)])
    assert res.exit_code == 0
    weights = model().strategies
    score = round(model().base + weights["thanks"] + weights["greeting"], 1)
    assert (f"<td class='num'>{score:g}<br><small>+{weights['thanks']:g} thanks</small>"
            f"<br><small>+{weights['greeting']:g} greeting</small></td>") in page.read_text(encoding="utf-8")
