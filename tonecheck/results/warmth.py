"""The warmth score: 0–10, how warm a message reads, from what the rules found in it.

    score = 10 − Σ over families of min(CAP, FAMILY_WEIGHT[family] × Σ SEVERITY_POINTS[severity])

Each finding costs points by its severity (a team's severity overrides count); a family's
points are weighted (blame and tone cost most, a missing thanks least) and capped, so one
family cannot sink a message on its own. The weights were calibrated against messages rated by
hand with the rubric in docs/warmth.md; the breakdown (points lost per family) is reported
with the score so a trainer can see why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

SEVERITY_POINTS = {"error": 3.0, "warning": 2.0, "info": 1.0}
FAMILY_WEIGHT = {"blame": 2.0, "tone": 1.5, "answer": 1.5, "refusal": 1.5, "address": 1.0,
                 "greeting": 0.5, "thanks": 1.0}
DEFAULT_WEIGHT = 1.0  # a team's own family
CAP = 6.0


@dataclass(frozen=True)
class Warmth:
    score: float                                     # 0–10, one decimal
    lost: dict[str, float] = field(default_factory=dict)  # points lost per family

    def to_dict(self) -> dict:
        return {"score": self.score, "lost": self.lost}


def warmth(findings: Iterable) -> Warmth:
    """The score of a message from its findings: Finding objects, or their JSON dicts (a batch
    record's findings)."""
    points: dict[str, float] = {}
    for f in findings:
        family, severity = (f["rule"].partition(".")[0], f["severity"]) if isinstance(f, dict) \
            else (f.family, f.severity)
        points[family] = points.get(family, 0.0) + SEVERITY_POINTS.get(severity, 0.0)
    lost = {family: round(min(CAP, FAMILY_WEIGHT.get(family, DEFAULT_WEIGHT) * p), 1)
            for family, p in sorted(points.items())}
    return Warmth(round(max(0.0, 10.0 - sum(lost.values())), 1), lost)
