"""Topics of a sentence, from the taxonomy in kb/data/topics.toml.

Aliases are matched as whole words on the folded text in one pass (one alternation per
topic would mean sixty searches a sentence); acronyms are matched case-sensitively on
the original, so "UN" is the United Nations but "un-" is not.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from parley.model import Event, Statement


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    group: str
    aliases: tuple[str, ...]
    acronyms: tuple[str, ...]


@cache
def taxonomy() -> tuple[Topic, ...]:
    raw = tomllib.loads(
        resources.files("parley.kb").joinpath("data/topics.toml").read_text("utf-8")
    )
    return tuple(
        Topic(t["id"], t["label"], t["group"], tuple(t["aliases"]), tuple(t.get("acronyms", [])))
        for t in raw["topic"]
    )


@cache
def _matchers() -> tuple[re.Pattern[str], dict[str, str], re.Pattern[str] | None, dict[str, str]]:
    alias_to_topic: dict[str, str] = {}
    acronym_to_topic: dict[str, str] = {}
    for t in taxonomy():
        for a in t.aliases:
            alias_to_topic.setdefault(a, t.id)
        for a in t.acronyms:
            acronym_to_topic.setdefault(a, t.id)
    ordered = sorted(alias_to_topic, key=len, reverse=True)
    aliases = re.compile(r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in ordered) + r")(?![\w-])")
    acr = None
    if acronym_to_topic:
        acr = re.compile(
            r"(?<![\w-])(?:" + "|".join(re.escape(a) for a in acronym_to_topic) + r")(?![\w-])"
        )
    return aliases, alias_to_topic, acr, acronym_to_topic


def topics_of(folded: str, original: str) -> list[str]:
    """Topic ids a sentence is about, in the order they first appear."""
    aliases, alias_to_topic, acr, acronym_to_topic = _matchers()
    hits = list(aliases.finditer(folded))
    found = [(m.start(), alias_to_topic[m.group(0)]) for m in hits]
    if acr is not None:
        # "UN Security Council" is the Council: an acronym inside a longer alias is not
        # a topic of its own
        found += [
            (m.start(), acronym_to_topic[m.group(0)])
            for m in acr.finditer(original)
            if not any(h.start() <= m.start() < h.end() for h in hits)
        ]
    out: list[str] = []
    for _, tid in sorted(found):
        if tid not in out:
            out.append(tid)
    return out


def event_topics(event: Event, statements: list[Statement]) -> list[str]:
    """What an engagement was about: its evidence sentences and what was said at it."""
    from parley.text import fold

    out: list[str] = []
    for span in event.evidence:
        out.extend(t for t in topics_of(fold(span.text), span.text) if t not in out)
    for st in statements:
        out.extend(t for t in st.topics if t not in out)
    return out
