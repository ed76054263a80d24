"""Choosing one option of a field by learned weights, and recording why."""

from __future__ import annotations

from typing import Any

from parley.extract.assemble import Option
from parley.extract.learned import LinearDecision


def choose(options: list[Option], weigh: LinearDecision) -> tuple[Option | None, dict[str, Any]]:
    """The option with the highest weight (ties: the one gathered first), and the
    options considered with their probabilities and strongest cues."""
    if not options:
        return None, {"chosen": None, "candidates": []}
    scored = [(weigh.logit(o.features), -i, o) for i, o in enumerate(options)]
    best = max(scored, key=lambda t: (t[0], t[1]))[2]
    ranked = sorted(scored, key=lambda t: (-t[0], -t[1]))
    why = {
        "chosen": best.label,
        "candidates": [
            {
                "value": o.label,
                "p": round(weigh.prob(o.features), 3),
                "cues": weigh.contributions(o.features),
            }
            for _, _, o in ranked[:6]
        ],
    }
    return best, why
