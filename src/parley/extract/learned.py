"""The extraction model: one logistic regression per decision, stored as plain JSON.

Each decision (is this an engagement that occurred, is it planned, is it the story's
subject, who took part, which date, which country, which town) is a weighted sum of
named features squashed to a probability. Keeping the weights as a JSON table of
``feature -> weight`` makes the model small, loadable without unpickling anything,
byte-for-byte reproducible from the same corpora (``parley train``), and explainable:
the cues that weighed most for a choice are the largest terms of its sum.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

MODEL_VERSION = 1
DECISIONS = (
    "same",
    "split",
    "occurred",
    "planned",
    "primary",
    "participant",
    "date",
    "country",
    "city",
)


def probability(z: float) -> float:
    """The logistic function, without overflow for a large negative ``z``."""
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


@dataclass(frozen=True)
class LinearDecision:
    """Weights of one decision; a feature the table does not name weighs nothing."""

    bias: float
    weights: dict[str, float]

    def logit(self, features: dict[str, float]) -> float:
        """An exact sum (``math.fsum``): the order features were gathered in, which may
        follow a set's order, must not move a choice by one bit. Features the table does
        not weigh add nothing and are left out of the sum (most of them)."""
        w = self.weights
        return self.bias + math.fsum([w[k] * v for k, v in features.items() if k in w])

    def prob(self, features: dict[str, float]) -> float:
        return probability(self.logit(features))

    def contributions(self, features: dict[str, float], top: int = 4) -> list[tuple[str, float]]:
        """The terms of the sum that weighed most, largest magnitude first."""
        terms = [(k, self.weights.get(k, 0.0) * v) for k, v in features.items()]
        terms = [t for t in terms if t[1] != 0.0]
        terms.sort(key=lambda t: (-abs(t[1]), t[0]))
        return [(k, round(v, 3)) for k, v in terms[:top]]


@dataclass(frozen=True)
class Model:
    """Every decision's weights plus where they came from."""

    decisions: dict[str, LinearDecision]
    meta: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> LinearDecision:
        return self.decisions.get(name) or LinearDecision(0.0, {})

    def to_json(self) -> str:
        """Stable text: sorted keys, rounded weights, so that training twice on the
        same corpora writes the same bytes."""
        body = {
            "version": MODEL_VERSION,
            "meta": self.meta,
            "decisions": {
                name: {
                    "bias": round(d.bias, 6),
                    "weights": {k: round(v, 6) for k, v in sorted(d.weights.items())},
                }
                for name, d in sorted(self.decisions.items())
            },
        }
        return json.dumps(body, ensure_ascii=False, indent=0, sort_keys=True) + "\n"

    @classmethod
    def from_json(cls, text: str, source: str = "model") -> Model:
        try:
            body = json.loads(text)
        except json.JSONDecodeError as e:
            raise ValueError(f"{source}: not a parley model ({e.msg})") from None
        if not isinstance(body, dict) or body.get("version") != MODEL_VERSION:
            raise ValueError(f"{source}: not a parley model of version {MODEL_VERSION}")
        decisions = {
            name: LinearDecision(float(d["bias"]), {k: float(v) for k, v in d["weights"].items()})
            for name, d in body.get("decisions", {}).items()
        }
        return cls(decisions, body.get("meta", {}))

    @classmethod
    def load(cls, path: str | Path) -> Model:
        p = Path(path)
        try:
            text = p.read_text(encoding="utf-8")
        except OSError as e:
            raise ValueError(f"{path}: {e.strerror or e}") from None
        return cls.from_json(text, str(path))


@cache
def default_model() -> Model:
    """The model shipped in the package (rebuilt by ``parley train``, see docs)."""
    text = resources.files("parley.extract").joinpath("model.json").read_text("utf-8")
    return Model.from_json(text, "parley/extract/model.json")
