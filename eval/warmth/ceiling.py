"""What a bag of words reaches on the StackExchange ratings: the ceiling the warmth score is held to.

The same fit part and folds as ``fit.py`` (the held-out part is never read), the request's words
as features (every word of three or more requests; with ``--ngrams 3`` its word pairs and triples
too), ridge regression with its penalty chosen inside each training fold. Prints Spearman ρ and
the AUC between the politest and rudest quarters, mean over the 5 folds. If a model that sees
every word cannot order these requests, 16 named strategies cannot be asked to.

``--quartiles`` repeats the politeness study's own set-up instead: only the politest and rudest
quarters, a logistic regression over the words told apart, 5-fold cross-validated (AUC and
accuracy): the separation the AUC goal asks for, given the best chance.

Needs the ``fit`` extra (``pip install -e '.[fit]'``).
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
from fit import ALPHAS, FOLDS, SEED, figures, held_out, read
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import LogisticRegression, Ridge
from sklearn.metrics import accuracy_score, roc_auc_score
from sklearn.model_selection import GridSearchCV, KFold, StratifiedKFold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ngrams", type=int, default=1, choices=(1, 2, 3), help="longest word run used")
    parser.add_argument("--quartiles", action="store_true", help="tell the politest quarter from the rudest only")
    args = parser.parse_args()
    rows = [r for r in read() if not held_out(r["id"])]
    texts, y = [r["text"] for r in rows], np.array([r["rating"] for r in rows])
    if args.quartiles:
        return quartiles(texts, y, args.ngrams)
    folds = []
    for train, test in KFold(FOLDS, shuffle=True, random_state=SEED).split(texts):
        words = CountVectorizer(ngram_range=(1, args.ngrams), min_df=3, binary=True)
        x_train = words.fit_transform([texts[i] for i in train])
        ridge = GridSearchCV(Ridge(), {"alpha": ALPHAS * 10}, cv=FOLDS).fit(x_train, y[train])
        predicted = ridge.predict(words.transform([texts[i] for i in test]))
        folds.append(figures(list(predicted), list(y[test])))
    print(json.dumps({"ngrams": args.ngrams, "messages": len(rows),
                      **{key: round(float(np.mean([f[key] for f in folds])), 3) for key in ("rho", "auc")}}))
    return 0


def quartiles(texts: list[str], y, ngrams: int) -> int:
    """The study's set-up: the two outer quarters only, a classifier between them."""
    low, high = np.percentile(y, [25, 75])
    ends = [i for i in range(len(y)) if y[i] <= low or y[i] >= high]
    words_of, polite = [texts[i] for i in ends], np.array([int(y[i] >= high) for i in ends])
    folds = []
    for train, test in StratifiedKFold(FOLDS, shuffle=True, random_state=SEED).split(words_of, polite):
        words = CountVectorizer(ngram_range=(1, ngrams), min_df=3, binary=True)
        x_train = words.fit_transform([words_of[i] for i in train])
        model = GridSearchCV(LogisticRegression(max_iter=2000), {"C": [0.01, 0.03, 0.1, 0.3, 1.0]},
                             cv=FOLDS, scoring="roc_auc").fit(x_train, polite[train])
        p = model.predict_proba(words.transform([words_of[i] for i in test]))[:, 1]
        folds.append({"auc": roc_auc_score(polite[test], p), "accuracy": accuracy_score(polite[test], p > 0.5)})
    print(json.dumps({"ngrams": ngrams, "quartiles": True, "messages": len(ends),
                      **{key: round(float(np.mean([f[key] for f in folds])), 3) for key in ("auc", "accuracy")}}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
