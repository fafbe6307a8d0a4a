"""Fit the warmth score's strategy weights on human politeness ratings of real requests.

    python eval/warmth/fit.py                 # cross-validate on the fit part, write warmth/weights.yml
    python eval/warmth/fit.py --held-out      # also score the held-out part (report its first run)

Data: eval/warmth/stackexchange-requests.csv (Stanford Politeness Corpus, StackExchange part,
CC BY 4.0: see LICENSE-stackexchange beside it): 6,603 requests, each rated by five people,
the ratings normalised to a score of about −3 … +3. A request is held out when the SHA-256 of its
id ends in a digit of 0 mod 5 (about a fifth), decided before anything was looked at; the rest is
the fit part.

Each request is checked by tonecheck as the comment in a thread it is (``reply=True``: no
greeting is expected of it); the features are one 0/1 column per strategy of
warmth/strategies.yml and one column of severity points per finding family. A ridge regression
(its penalty chosen by cross-validation inside the training folds) predicts the rating, each
coefficient held on the side its strategy's ``kind`` declares (warm ≥ 0, cold ≤ 0; a finding
family ≤ 0), so a strategy the literature and the service code call warm never costs warmth. The
strategies' coefficients, in rating units, become warmth points at 10/6 a unit (the ratings'
span of about six units laid over the score's ten points), to one decimal; the families keep the prior weights
calibrated on the rubric sets (the requests hold too few findings to measure them: the fitted
coefficients are reported beside them). Figures: Spearman ρ between the warmth score and the
rating, and the AUC with which the score tells the politest quarter from the rudest, 5-fold CV
on the fit part (mean and spread over folds) and, with ``--held-out``, on the held-out part.
Needs the ``fit`` extra (``pip install -e '.[fit]'``).
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import yaml
from sklearn.linear_model import Ridge
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GridSearchCV, KFold

from tonecheck.batch.scoring import spearman
from tonecheck.engine.linter import Linter
from tonecheck.results.warmth import family_points, model_from, warmth
from tonecheck.rulebook.strategies import builtin_strategies
from tonecheck.runtime.shipped import builtin_warmth_dir

HERE = Path(__file__).resolve().parent
DATA = HERE / "stackexchange-requests.csv"
RESULTS = HERE / "fit-results.json"
POINTS_PER_UNIT = 10 / 6   # the ratings' span (about −3 … +3) laid over the score's 0 … 10
ALPHAS = np.logspace(-2, 3, 16)
FOLDS, SEED = 5, 20261205


def held_out(request_id: str) -> bool:
    """A fifth of the requests, chosen by their id's hash: never fitted on."""
    return int(hashlib.sha256(request_id.encode()).hexdigest(), 16) % 5 == 0


def read() -> list[dict]:
    with DATA.open(encoding="utf-8", newline="") as handle:
        return [{"id": r["id"], "text": r["request"], "rating": float(r["score"])} for r in csv.DictReader(handle)]


def checked(rows: list[dict]) -> list:
    """tonecheck's result for each request (a comment in a thread: no greeting expected)."""
    linter = Linter()
    linter.strategies = {s.name for s in builtin_strategies()}  # every one, weighed or not yet
    return linter.check_many([r["text"] for r in rows], language="en", replies=[True] * len(rows))


def features(results: list, names: list[str], families: list[str], prior) -> np.ndarray:
    """One row per request: 0/1 per strategy, then severity points per family."""
    out = np.zeros((len(results), len(names) + len(families)))
    for i, result in enumerate(results):
        found = {s.name for s in result.strategies}
        points = family_points(result.findings, prior)
        out[i] = [name in found for name in names] + [points.get(f, 0.0) for f in families]
    return out


def fitted_model(x: np.ndarray, y: np.ndarray, names: list[str], signs: np.ndarray, prior):
    """The ridge fit (each weight on its strategy's side: a cold column is negated and every
    coefficient kept ≥ 0) and the score's Model with its strategy weights in warmth points."""
    search = GridSearchCV(Ridge(positive=True), {"alpha": ALPHAS}, cv=KFold(FOLDS, shuffle=True, random_state=SEED),
                          scoring="neg_mean_squared_error").fit(x * signs, y)
    ridge = search.best_estimator_
    coef = ridge.coef_ * signs
    # to one decimal, as the score is shown (a smaller weight moves no score, and is not looked
    # for); + 0.0: one that rounds to nothing is written 0.0, not -0.0
    weights = {name: round(float(c) * POINTS_PER_UNIT, 1) + 0.0 for name, c in zip(names, coef, strict=False)}
    return ridge, coef, replace(prior, strategies=weights)


def scored(results: list, weights) -> list[float]:
    return [warmth(r.findings, r.strategies, weights).score for r in results]


def figures(scores: list[float], ratings: list[float]) -> dict:
    """Spearman ρ, and the AUC of the score between the top and bottom quarter of ratings."""
    low, high = np.percentile(ratings, [25, 75])
    ends = [(s, r >= high) for s, r in zip(scores, ratings, strict=True) if r <= low or r >= high]
    return {"rho": round(spearman(scores, ratings), 3),
            "auc": round(float(roc_auc_score([t for _, t in ends], [s for s, _ in ends])), 3),
            "messages": len(scores)}


def cross_validate(x, y, results, names, signs, prior) -> dict:
    folds = []
    for train, test in KFold(FOLDS, shuffle=True, random_state=SEED).split(x):
        *_, weights = fitted_model(x[train], y[train], names, signs, prior)
        folds.append(figures(scored([results[i] for i in test], weights), list(y[test])))
    summary = {key: {"mean": round(float(np.mean([f[key] for f in folds])), 3),
                     "sd": round(float(np.std([f[key] for f in folds])), 3)} for key in ("rho", "auc")}
    return {"folds": folds, **summary}


def write_weights(path: Path, weights, ridge, fit_size: int, cv: dict) -> None:
    """warmth/weights.yml: the prior part as it was, the strategies as fitted."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["strategies"] = dict(sorted(weights.strategies.items(), key=lambda kv: -kv[1]))
    header = (f"# The warmth score's weights (docs/warmth.md). `strategies` is written by eval/warmth/fit.py:\n"
              f"# warmth points each strategy gives, fitted on {fit_size} rated StackExchange requests (ridge,\n"
              f"# alpha {ridge.alpha:g}, each weight on its strategy's side; 5-fold CV Spearman\n"
              f"# {cv['rho']['mean']}, AUC {cv['auc']['mean']}). The rest are priors, set by hand.\n")
    path.write_text(header + yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="also score the held-out part")
    args = parser.parse_args()
    rows = read()
    fit_rows = [r for r in rows if not held_out(r["id"])]
    test_rows = [r for r in rows if held_out(r["id"])]
    prior = model_from(yaml.safe_load((builtin_warmth_dir() / "weights.yml").read_text(encoding="utf-8")))
    names = [s.name for s in builtin_strategies()]
    families = sorted(prior.families)
    signs = np.array([1.0 if s.kind == "warm" else -1.0 for s in builtin_strategies()] + [-1.0] * len(families))
    fit_results = checked(fit_rows)
    x, y = features(fit_results, names, families, prior), np.array([r["rating"] for r in fit_rows])
    cv = cross_validate(x, y, fit_results, names, signs, prior)
    ridge, coef, weights = fitted_model(x, y, names, signs, prior)
    write_weights(builtin_warmth_dir() / "weights.yml", weights, ridge, len(fit_rows), cv)
    report = {"fit_messages": len(fit_rows), "held_out_messages": len(test_rows), "alpha": float(ridge.alpha),
              "cv": cv, "training_fit": figures(scored(fit_results, weights), list(y)),
              "coefficients": {name: {"rating_units": round(float(c), 3), "messages": int(x[:, j].sum())
                                      if j < len(names) else int((x[:, j] > 0).sum())}
                               for j, (name, c) in enumerate(zip(names + [f"family {f}" for f in families], coef,
                                                                 strict=True))}}
    if args.held_out:
        test_results = checked(test_rows)
        report["held_out"] = figures(scored(test_results, weights), [r["rating"] for r in test_rows])
    RESULTS.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps({k: report[k] for k in ("cv", "training_fit", "held_out") if k in report}, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
