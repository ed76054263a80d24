"""Which groups of tellings are one engagement.

The rules group tellings that name the same people with dates and places that agree;
what is left apart (a headline in the future tense, a call told as "exchanged views",
a date resolved a day off) may still be the same engagement, and two meetings of the
same people on two days are not. The learned ``same`` decision weighs each pair of
groups that share two people (their kinds, dates, places, background cues) and joins
them at 0.5, so that each engagement is one event per document.
"""

from __future__ import annotations

from datetime import date

from parley.extract.assemble import (
    Engagement,
    document_features,
    merge_engagements,
    pair_features,
    split_engagement,
    split_of,
)
from parley.extract.learned import Model

THRESHOLD = 0.5
# what must be written for a list to be several meetings: "with" before each, a word
# like "separately", or other tellings that name the subject with one of them
SPLIT_EVIDENCE = frozenset({"with_each", "separate", "pair_tellings:1", "pair_tellings:2"})


def join_same(engagements: list[Engagement], anchor: date | None, model: Model) -> list[Engagement]:
    """Join the most alike pair first, then weigh the joined group against the others
    again: a chain of weak likenesses never joins two engagements no pair would."""
    weigh = model["same"]
    groups = list(engagements)
    while True:
        best: tuple[float, int, int] | None = None
        for i in range(len(groups)):
            for j in range(i + 1, len(groups)):
                f = pair_features(groups[i], groups[j], anchor)
                if f is None:
                    continue
                p = weigh.prob(f)
                if p >= THRESHOLD and (best is None or p > best[0]):
                    best = (p, i, j)
        if best is None:
            document_features(groups)
            return groups
        _, i, j = best
        groups[i] = merge_engagements(groups[i], groups[j], anchor)
        del groups[j]


def split_bilaterals(eng: Engagement, anchor: date | None, model: Model) -> list[Engagement]:
    """ "On the sidelines he met with the prime ministers of A, of B and of C": the
    learned ``split`` decision tells one meeting of all from one meeting with each."""
    split = split_of(eng)
    if split is None or "joint_word" in split.features:
        return [eng]  # "a trilateral meeting", "met jointly": one meeting of all, as written
    if not SPLIT_EVIDENCE & split.features.keys():
        return [eng]  # nothing says "one by one": a list after "met" is one meeting
    if model["split"].prob(split.features) < THRESHOLD:
        return [eng]
    return split_engagement(eng, split, anchor)
