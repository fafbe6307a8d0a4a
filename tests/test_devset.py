"""Per-family precision and recall on the labelled development set (the core's quality bar)."""

from pathlib import Path

import pytest
from conftest import DEVSET_SCORES

from tonecheck.batch.scoring import CORE_FAMILIES, NEW_FAMILIES, load, score

DEVSET = Path(__file__).parent / "devset"
PRECISION, RECALL = 0.9, 0.85


@pytest.fixture(scope="module", params=["ru", "en"])
def scores(request, linter):
    items = load(DEVSET / f"{request.param}.yaml")
    assert len(items) >= 60
    scored = score(linter, items, language=request.param)
    DEVSET_SCORES[request.param] = scored
    return request.param, scored


@pytest.mark.parametrize("family", CORE_FAMILIES)
def test_family_meets_quality_bar(scores, family):
    lang, per_family = scores
    s = per_family[family]
    assert s.tp > 0, f"{lang} {family}: the dev set has no flagged example of this family"
    assert s.precision >= PRECISION, (f"{lang} {family} precision {s.precision:.2f}; "
                                      f"false positives: {s.false_positives}")
    assert s.recall >= RECALL, f"{lang} {family} recall {s.recall:.2f}; missed: {s.misses}"


def test_devset_has_clean_messages_and_hard_negatives():
    for lang in ("ru", "en"):
        items = load(DEVSET / f"{lang}.yaml")
        clean = [i for i in items if not i["expect"]]
        assert len(clean) >= 30, lang


NEW_RECALL = 0.8  # issue 9's bar for the families beyond the core (precision stays 0.9)


@pytest.mark.parametrize("family", NEW_FAMILIES)
@pytest.mark.parametrize("lang", ["ru", "en"])
def test_new_family_meets_its_bar(linter, family, lang):
    items = load(DEVSET / f"{family}-{lang}.yaml")
    bad = [i for i in items if family in (i["expect"] or [])]
    assert len(items) >= 40 and len(bad) >= 15 and len(items) - len(bad) >= 15, "bad cases and hard negatives"
    s = score(linter, items, language=lang, families=(family,))[family]
    DEVSET_SCORES[f"{lang} ({family} set)"] = {family: s}
    assert s.precision >= PRECISION, (f"{lang} {family} precision {s.precision:.2f}; "
                                      f"false positives: {s.false_positives}")
    assert s.recall >= NEW_RECALL, f"{lang} {family} recall {s.recall:.2f}; missed: {s.misses}"


@pytest.mark.parametrize("lang", ["ru", "en"])
def test_options_holds_on_replies_it_was_not_tuned_on(linter, lang):
    """options-holdout-*.yaml was written after the rules were tuned and scored untouched."""
    items = load(DEVSET / f"options-holdout-{lang}.yaml")
    s = score(linter, items, language=lang, families=("options",))["options"]
    DEVSET_SCORES[f"{lang} (options held-out)"] = {"options": s}
    assert s.precision >= PRECISION, f"{lang} options held-out precision {s.precision:.2f}: {s.false_positives}"
    assert s.recall >= NEW_RECALL, f"{lang} options held-out recall {s.recall:.2f}: {s.misses}"
