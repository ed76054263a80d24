"""Engagement words: "met", "held talks", "phone call", with the kind they report.

The rules live in ``patterns/triggers.toml``; a trigger alone makes no event: the
engagement extractor also wants two people of different states around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from parley.extract.patterns import load_patterns


@dataclass(frozen=True)
class Trigger:
    start: int  # relative to the sentence
    end: int
    kind: str
    cameo: str
    weak: bool
    rule: str


@cache
def _trigger_rules() -> list[tuple[re.Pattern[str], str, str, bool, str, re.Pattern[str] | None]]:
    rules = load_patterns("triggers")["rule"]
    return [
        (
            re.compile(r["pattern"]),
            r["kind"],
            r["cameo"],
            bool(r.get("weak")),
            r["name"],
            re.compile(r["unless"]) if r.get("unless") else None,
        )
        for r in rules
    ]


def find_triggers(folded: str) -> list[Trigger]:
    """Engagement words in a folded sentence, one per place (calls win over meetings)."""
    found: list[Trigger] = []
    for pat, kind, cameo, weak, name, unless in _trigger_rules():
        if unless is not None and unless.search(folded):
            continue
        for m in pat.finditer(folded):
            s, e = m.span()
            if any(s < t.end and t.start < e for t in found):
                continue
            found.append(Trigger(s, e, kind, cameo, weak, name))
    found.sort(key=lambda t: t.start)
    return found
