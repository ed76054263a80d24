"""Did the engagement happen, is it only planned, or did it fall through?

The cues are regular expressions in ``patterns/status.toml``; this module only decides
where to look: the few words before the engagement word (modal verbs, "expected to"),
the rest of its clause ("... will take place on Friday", "... was postponed").
"""

from __future__ import annotations

import re
from functools import cache

from parley.extract.patterns import load_patterns


@cache
def _compiled() -> dict[str, list[re.Pattern[str]]]:
    return {k: [re.compile(p) for p in v] for k, v in load_patterns("status").items()}


def _clause_before(folded: str, start: int, limit: int = 70) -> str:
    head = folded[max(0, start - limit) : start]
    cut = max(head.rfind(";"), head.rfind(". "), head.rfind(" but "))
    return head[cut + 1 :] if cut >= 0 else head


def _clause_after(folded: str, end: int, limit: int = 90) -> str:
    tail = folded[end : end + limit]
    cut = min(
        [i for i in (tail.find(";"), tail.find(". "), tail.find(" but ")) if i >= 0] or [len(tail)]
    )
    return tail[:cut]


def engagement_status(folded: str, start: int, end: int) -> str:
    """ "occurred", "planned" or "cancelled" for the trigger at ``folded[start:end]``."""
    pats = _compiled()
    before = _clause_before(folded, start)
    after = _clause_after(folded, end)
    near = before[-60:] + folded[start:end] + after
    if any(p.search(near) for p in pats["cancelled"]):
        return "cancelled"
    if any(p.search(before[-45:]) for p in pats["planned_before"]):
        return "planned"
    if any(p.search(after) for p in pats["planned_after"]):
        return "planned"
    return "occurred"


def is_background(folded: str, start: int, end: int) -> bool:
    """Marked as an earlier engagement recalled for context ("last met", "first met")."""
    window = folded[max(0, start - 60) : end + 30]
    return any(p.search(window) for p in _compiled()["background"])


def is_aggregate(folded: str, start: int, end: int) -> bool:
    """A count of engagements ("have met four times"): no single date or place is theirs."""
    after = _clause_after(folded, end, limit=120)
    return any(p.search(after) for p in _compiled()["aggregate_after"])
