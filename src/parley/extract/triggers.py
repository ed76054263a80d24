"""Engagement words: "met", "held talks", "phone call", with the kind they report.

The rules live in ``patterns/triggers.toml``; a trigger alone makes no event: the
engagement extractor also wants two people of different states around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from parley.extract.literals import LiteralGate
from parley.extract.patterns import ENGLISH, load_patterns, matcher


@dataclass(frozen=True)
class Trigger:
    start: int  # relative to the sentence
    end: int
    kind: str
    cameo: str
    weak: bool
    rule: str
    mutual: bool = False  # done together (a handshake, a lunch): "the two" can be its subject
    voided: bool = False  # the rule's `unless` matched the sentence (kept only when wide)


@matcher
def _trigger_rules(
    lang: str = ENGLISH,
) -> list[tuple[re.Pattern[str], Trigger, re.Pattern[str] | None]]:
    """Each rule's pattern, a template trigger carrying its fields, and its `unless`."""
    rules = load_patterns("triggers", lang)["rule"]
    return [
        (
            re.compile(r["pattern"]),
            Trigger(
                0, 0, r["kind"], r["cameo"], bool(r.get("weak")), r["name"], bool(r.get("mutual"))
            ),
            re.compile(r["unless"]) if r.get("unless") else None,
        )
        for r in rules
    ]


@matcher
def _gate(lang: str) -> LiteralGate:
    """The words each rule cannot match without, read off its pattern: a sentence is
    tried only against the rules whose words it holds (most hold none)."""
    return LiteralGate([p for p, _, _ in _trigger_rules(lang)])


def find_triggers(folded: str, lang: str = ENGLISH, wide: bool = False) -> list[Trigger]:
    """Engagement words in a folded sentence, one per place (calls win over meetings).

    ``wide`` keeps the words a rule's `unless` would void ("welcomed at the airport"),
    marked ``voided``, for the learned decisions to weigh."""
    possible = _gate(lang).possible(folded)
    if not possible:
        return []
    found: list[Trigger] = []
    for i, (pat, rule, unless) in enumerate(_trigger_rules(lang)):
        if i not in possible:
            continue
        matches = list(pat.finditer(folded))
        if not matches:
            continue  # its `unless` is asked only of a rule that matched
        voided = unless is not None and unless.search(folded) is not None
        if voided and not wide:
            continue
        for m in matches:
            s, e = m.span()
            if any(s < t.end and t.start < e for t in found):
                continue
            found.append(replace(rule, start=s, end=e, voided=voided))
    found.sort(key=lambda t: t.start)
    return found
