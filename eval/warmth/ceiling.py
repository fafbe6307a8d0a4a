"""What a bag of words reaches on the StackExchange ratings: the ceiling the warmth score is held to.

The same fit part and folds as ``fit.py`` (the held-out part is never read), the request's words
as features (every word of three or more requests; with ``--ngrams 3`` its word pairs and triples
too), ridge regression with its penalty chosen inside each training fold. Prints Spearman ρ and
the AUC between the politest and rudest quarters, mean over the 5 folds. If a model that sees
every word cannot order these requests, 16 named strategies cannot be asked to.

Needs the ``fit`` extra (``pip install -e '.[fit]'``).
"""

from __future__ import annotations

import argparse
import json
import sys

import numpy as np
from fit import ALPHAS, FOLDS, SEED, figures, held_out, read
from sklearn.feature_extraction.text import CountVectorizer
from sklearn.linear_model import Ridge
from sklearn.model_selection import GridSearchCV, KFold


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ngrams", type=int, default=1, choices=(1, 2, 3), help="longest word run used")
    args = parser.parse_args()
    rows = [r for r in read() if not held_out(r["id"])]
    texts, y = [r["text"] for r in rows], np.array([r["rating"] for r in rows])
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


if __name__ == "__main__":
    sys.exit(main())
