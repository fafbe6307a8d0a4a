"""The warmth score: 0–10, how warm a message reads, from its politeness strategies and findings.

    warm  = min(10 − BASE, Σ positive contributions of the strategies found)
    cold  = Σ negative contributions of the strategies found
    lost  = Σ over families of min(cap(family), FAMILY_WEIGHT[family] × Σ SEVERITY_POINTS[severity])
    score = clip(BASE + warm + cold − lost, 0, 10), one decimal

A strategy ("thanks", "could you", "why did you…") counts once per message; one the fit gave
no weight is not listed. Its contribution
was fitted on human politeness ratings of real requests (``eval/warmth/fit.py``); the family
weights are priors calibrated on the rubric sets. Both live in ``warmth/weights.yml``, written
by the fit, so no fitting library is needed here. The result explains itself: the points lost
per family and each strategy found with its contribution (docs/warmth.md).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path


@dataclass(frozen=True)
class Strategy:
    """A politeness strategy found in a message: its name, its label in the message's
    language, and the first words that show it."""

    name: str
    label: str
    start: int
    end: int
    text: str

    def to_dict(self) -> dict:
        return {"name": self.name, "label": self.label, "span": [self.start, self.end], "text": self.text}

    @classmethod
    def from_dict(cls, data: dict) -> Strategy:
        """A strategy from a result's JSON (``warmth.strategies``)."""
        start, end = data["span"]
        return cls(data["name"], data.get("label", data["name"]), start, end, data.get("text", ""))


@dataclass(frozen=True)
class Model:
    """The weights of the score (``warmth/weights.yml``)."""

    base: float
    strategies: dict[str, float]        # warmth points each strategy adds (or takes)
    families: dict[str, float]          # warmth points per severity point of a family's findings
    default_family: float               # a team's own family
    severity_points: dict[str, float]
    cap: float                          # the most one family can take
    caps: dict[str, float] = field(default_factory=dict)  # a family's own cap (hostility)

    @property
    def warm_cap(self) -> float:
        return 10.0 - self.base


@cache
def model() -> Model:
    """The shipped weights, read once: inside the package when installed from a wheel, else the
    repository's warmth/ folder (as ``tonecheck.runtime.shipped`` finds it, which this layer
    cannot import)."""
    import yaml

    package = Path(__file__).resolve().parents[1]
    path = package / "builtin_warmth" / "weights.yml"
    if not path.is_file():
        path = package.parent / "warmth" / "weights.yml"
    return model_from(yaml.safe_load(path.read_text(encoding="utf-8")))


def weighed_strategies() -> set[str]:
    """The strategies the shipped weights give a weight (the others need not be looked for)."""
    return {name for name, weight in model().strategies.items() if weight}


def model_from(data: dict) -> Model:
    """A Model from the weights file's data."""
    return Model(base=float(data["base"]),
                 strategies={k: float(v) for k, v in data["strategies"].items()},
                 families={k: float(v) for k, v in data["families"].items()},
                 default_family=float(data["default-family"]),
                 severity_points={k: float(v) for k, v in data["severity-points"].items()},
                 cap=float(data["cap"]), caps={k: float(v) for k, v in (data.get("caps") or {}).items()})


@dataclass(frozen=True)
class Warmth:
    score: float                                     # 0–10, one decimal
    lost: dict[str, float] = field(default_factory=dict)  # points lost per family
    strategies: list[dict] = field(default_factory=list)  # each strategy found and what it gave

    def to_dict(self) -> dict:
        return {"score": self.score, "lost": self.lost, "strategies": self.strategies}

    def explained(self) -> list[tuple[str, float]]:
        """What moved the score, largest first: ("thanks", +0.8), ("blame", −4.0)."""
        moves = [(s["label"], s["contribution"]) for s in self.strategies if s["contribution"]]
        moves += [(family, -points) for family, points in self.lost.items() if points]
        return sorted(moves, key=lambda m: -abs(m[1]))


def family_points(findings: Iterable, weights: Model) -> dict[str, float]:
    """Severity points per family: from Finding objects, or their JSON dicts (a batch record's)."""
    points: dict[str, float] = {}
    for f in findings:
        family, severity = (f["rule"].partition(".")[0], f["severity"]) if isinstance(f, dict) \
            else (f.family, f.severity)
        points[family] = points.get(family, 0.0) + weights.severity_points.get(severity, 0.0)
    return points


def warmth(findings: Iterable, strategies: Iterable = (), weights: Model | None = None) -> Warmth:
    """The score of a message from its findings and the strategies found in it (Strategy
    objects or their JSON dicts)."""
    weights = weights or model()
    lost = {family: round(min(weights.caps.get(family, weights.cap),
                              weights.families.get(family, weights.default_family) * p), 1)
            for family, p in sorted(family_points(findings, weights).items())}
    found, seen = [], set()
    for s in strategies:
        s = Strategy.from_dict(s) if isinstance(s, dict) else s
        contribution = weights.strategies.get(s.name, 0.0)
        if s.name in seen or not contribution:  # a strategy the fit gave no weight explains nothing
            continue
        seen.add(s.name)
        found.append({"name": s.name, "label": s.label, "contribution": contribution,
                      "span": [s.start, s.end], "text": s.text})
    found.sort(key=lambda s: s["span"])
    warm = min(weights.warm_cap, sum(s["contribution"] for s in found if s["contribution"] > 0))
    cold = sum(s["contribution"] for s in found if s["contribution"] < 0)
    score = min(10.0, max(0.0, weights.base + warm + cold - sum(lost.values())))
    return Warmth(round(score, 1), lost, found)
