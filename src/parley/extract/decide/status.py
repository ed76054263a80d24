"""`status`: did the engagement happen, is it only planned, or is it no engagement.

Two learned decisions over the engagement's features (cue families around each
telling, the words beside the engagement word, where the story tells it, how its date
stands to the story's day): P(occurred) and P(planned). Occurred wins at 0.7; else
planned at 0.5; else the tellings report nothing that happened or is to happen (a
cancellation, a denial, a proposal, a count of past meetings).
"""

from __future__ import annotations

from typing import Any

from parley.extract.assemble import Engagement
from parley.extract.learned import Model
from parley.model import Status

# An event reported as done must be likelier than not by a margin: a false "it happened"
# costs the analyst more than a missed one (chosen by grouped cross-validation, where it
# raised precision more than it cost recall; measured again after the changes of December
# 2026, 0.70 against 0.72: recall 0.837 / precision 0.832 against 0.828 / 0.835, and
# 0.66: 0.837 / 0.816). A plan needs less
# (0.4, the best F1 of planned events under the same cross-validation): a missed preview
# is the likelier error.
THRESHOLD = 0.70
PLANNED_THRESHOLD = 0.4


def _no_engagement(eng: Engagement) -> bool:
    """What the tellings say is no engagement at all, whatever the weights: every one of
    them tells it called off or put off, or only as a greeting on arrival by officials of
    a lower office than the visitor's (protocol, not diplomacy)."""
    if all(m.status == "cancelled" for m in eng.mentions):
        return True
    return "voided&unequal" in eng.features and all("voided" in m.cues for m in eng.mentions)


def decide_status(
    eng: Engagement, model: Model, explain: bool = False
) -> tuple[Status | None, float, dict[str, Any]]:
    occurred = model["occurred"]
    planned = model["planned"]
    p_occ = occurred.prob(eng.features)
    p_plan = planned.prob(eng.features)
    status: Status | None = None
    p = 1.0 - max(p_occ, p_plan)
    if _no_engagement(eng):
        pass
    elif p_occ >= THRESHOLD:
        status, p = "occurred", p_occ
    elif p_plan >= PLANNED_THRESHOLD:
        status, p = "planned", p_plan
    if not explain:
        return status, p, {}
    why = {
        "chosen": status or "none",
        "tellings": [m.sentence.text[:160] for m in eng.mentions],
        "candidates": [
            {
                "value": "occurred",
                "p": round(p_occ, 3),
                "cues": occurred.contributions(eng.features),
            },
            {
                "value": "planned",
                "p": round(p_plan, 3),
                "cues": planned.contributions(eng.features),
            },
        ],
    }
    return status, p, why
