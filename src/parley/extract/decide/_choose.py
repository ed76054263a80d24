"""Choosing one option of a field by learned weights, and recording why."""

from __future__ import annotations

from typing import Any

from parley.extract.assemble import Option
from parley.extract.learned import LinearDecision, probability


def choose(
    options: list[Option], weigh: LinearDecision, explain: bool = False
) -> tuple[Option | None, dict[str, Any]]:
    """The option with the highest weight (ties: the one gathered first), and, when
    ``explain``, the options considered with their probabilities and strongest cues
    (sorting every option's terms costs as much as the choice: only ``--explain``
    shows them)."""
    if not options:
        return None, {"chosen": None, "candidates": []}
    scored = [(weigh.logit(o.features), -i, o) for i, o in enumerate(options)]
    best = max(scored, key=lambda t: (t[0], t[1]))[2]
    if not explain:
        return best, {}
    ranked = sorted(scored, key=lambda t: (-t[0], -t[1]))
    why = {
        "chosen": best.label,
        "candidates": [
            {
                "value": o.label,
                "p": round(probability(z), 3),
                "cues": weigh.contributions(o.features),
            }
            for z, _, o in ranked[:6]
        ],
    }
    return best, why
