"""`primary`: whether an engagement is a main subject of the story.

The learned ``primary`` decision weighs where the story tells it (headline, caption,
lead), how often, whether it is the most told or the first told, and whether its
tellings recall it as background ("they last met in ..."). A story about engagements
has at least one primary: when none reaches 0.6, the best-weighed one is.
"""

from __future__ import annotations

from parley.extract.assemble import Engagement
from parley.extract.learned import Model
from parley.model import Event

# chosen by grouped cross-validation of this decision alone (accuracy 0.897 against 0.890
# at 0.5): a story's subject is told up front, and a doubt is better left "in passing"
THRESHOLD = 0.6


def decide_primary(
    occurred: list[tuple[Engagement, Event]], model: Model, explain: bool = False
) -> None:
    weigh = model["primary"]
    scored = [(weigh.prob(eng.features), ev, eng) for eng, ev in occurred]
    for p, ev, eng in scored:
        ev.primary = p >= THRESHOLD
        if not explain:
            continue
        ev.explanation["primary"] = {
            "chosen": ev.primary,
            "candidates": [
                {"value": "primary", "p": round(p, 3), "cues": weigh.contributions(eng.features)}
            ],
        }
    if scored and not any(ev.primary for _, ev, _ in scored):
        best = max(scored, key=lambda t: t[0])
        best[1].primary = True
