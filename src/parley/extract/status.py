"""Did the engagement happen, is it only planned, or did it fall through?

The cues are regular expressions in ``patterns/status.toml``; this module only decides
where to look: the few words before the engagement word (modal verbs, "expected to"),
the rest of its clause ("... will take place on Friday", "... was postponed").
"""

from __future__ import annotations

import re
from functools import cache

from parley.extract.patterns import ENGLISH, load_patterns


@cache
def _compiled(lang: str = ENGLISH) -> dict[str, list[re.Pattern[str]]]:
    return {
        k: [re.compile(p) for p in v]
        for k, v in load_patterns("status", lang).items()
        if isinstance(v, list) and k != "clause_ends"
    }


@cache
def _clause_ends(lang: str) -> tuple[str, ...]:
    """Where a clause stops: ";", ". " and the language's "but"."""
    return (";", ". ", *load_patterns("status", lang).get("clause_ends", []))


def _clause_before(folded: str, start: int, lang: str, limit: int = 70) -> str:
    head = folded[max(0, start - limit) : start]
    cut = max(head.rfind(w) for w in _clause_ends(lang))
    return head[cut + 1 :] if cut >= 0 else head


def _clause_after(folded: str, end: int, lang: str, limit: int = 90) -> str:
    tail = folded[end : end + limit]
    cut = min([i for i in (tail.find(w) for w in _clause_ends(lang)) if i >= 0] or [len(tail)])
    return tail[:cut]


def engagement_status(folded: str, start: int, end: int, lang: str = ENGLISH) -> str:
    """ "occurred", "planned" or "cancelled" for the trigger at ``folded[start:end]``.

    Languages that conjugate the future into the verb ("rencontrera", "se reunirá") mark
    it in the engagement word itself (``planned_self``).
    """
    pats = _compiled(lang)
    before = _clause_before(folded, start, lang)
    after = _clause_after(folded, end, lang)
    near = before[-60:] + folded[start:end] + after
    if any(p.search(near) for p in pats["cancelled"]):
        return "cancelled"
    if any(p.search(before[-45:]) for p in pats["planned_before"]):
        return "planned"
    with_trigger = before[-45:] + folded[start:end]
    if any(p.search(with_trigger) for p in pats.get("planned_with_trigger", [])):
        return "planned"
    whole = _clause_before(folded, start, lang, limit=160)
    if any(p.search(whole) for p in pats.get("planned_clause", [])):
        return "planned"
    if any(p.search(after) for p in pats["planned_after"]):
        return "planned"
    if any(p.search(folded[start:end]) for p in pats.get("planned_self", [])):
        return "planned"
    return "occurred"


def is_present(folded: str, start: int, end: int, lang: str = ENGLISH) -> bool:
    """Told in the present tense as happening on the story's day ("проводит встречу")."""
    before = _clause_before(folded, start, lang)[-40:]
    return any(p.search(before) for p in _compiled(lang).get("present_now", []))


def is_background(folded: str, start: int, end: int, lang: str = ENGLISH) -> bool:
    """Marked as an earlier engagement recalled for context ("last met", "first met")."""
    window = folded[max(0, start - 60) : end + 30]
    return any(p.search(window) for p in _compiled(lang)["background"])


def is_aggregate(folded: str, start: int, end: int, lang: str = ENGLISH) -> bool:
    """A count of engagements ("have met four times"): no single date or place is theirs."""
    after = _clause_after(folded, end, lang, limit=120)
    return any(p.search(after) for p in _compiled(lang)["aggregate_after"])
