"""`participants` and `countries`: who took part.

Each person the tellings name is weighed by the learned ``participant`` decision (how
they were found: by name, title, counterpart, attendance list; how often the tellings
name them; their office; whether they speak about the engagement or take part in it).
Those at 0.5 or more take part, and everyone an attendance list adds ("X and Y also
attended"); an engagement needs two sides, so when fewer than two
states remain, the best-weighed person of another state joins. ``name`` is the
knowledge base's name (Latin script) when the person is known, ``mention`` the fullest
form the text writes.
"""

from __future__ import annotations

from itertools import pairwise
from typing import Any

from parley.extract.assemble import Engagement, PersonOption
from parley.extract.learned import Model
from parley.model import Participant

THRESHOLD = 0.5


def decide_participants(
    eng: Engagement, model: Model, explain: bool = False
) -> tuple[list[Participant], list[str], dict[str, Any]]:
    weigh = model["participant"]
    scored = [(weigh.prob(p.features), i, p) for i, p in enumerate(eng.people)]
    keep = {i for s, i, _ in scored if s >= THRESHOLD}
    # "Waltz, Witkoff and Ushakov also attended", "the delegation was made up of ...": a
    # list of attendees is part of the meeting, as the annotation guidelines list everyone
    # who took part, however doubtful the weights are about each
    keep |= {i for i, p in enumerate(eng.people) if "attending" in p.features}
    if keep:
        # the subject of the engagement word in its own clause takes part in it
        keep |= {i for i, p in enumerate(eng.people) if "clause_subject" in p.features}
    keep |= _coordinated(eng, keep)
    sides = {eng.people[i].ref.country for i in keep} - {None}
    for _, i, p in sorted(scored, key=lambda t: (-t[0], t[1])):
        if len(sides) >= 2:
            break
        if i not in keep and p.ref.country and p.ref.country not in sides:
            keep.add(i)  # an engagement has two sides: the likeliest person of the other
            sides.add(p.ref.country)
    chosen = [p for _, i, p in scored if i in keep]
    participants = [_participant(p) for p in chosen]
    named = {p.country for p in participants}
    countries = [p.country or "" for p in participants] + [c for c in eng.states if c not in named]
    if not explain:
        return participants, countries, {}
    why = {
        "chosen": [p.name for p in participants] or list(eng.states),
        "candidates": [
            {
                "value": p.ref.name,
                "p": round(s, 3),
                "cues": weigh.contributions(p.features),
            }
            for s, _, p in scored
        ],
    }
    return participants, countries, why


_AND = frozenset({" and ", ", ", ", and ", " & "})


def _coordinated(eng: Engagement, keep: set[int]) -> set[int]:
    """ "his meeting with Donald Trump and JD Vance": people joined by "and" in one telling
    share its part; one kept keeps the other."""
    index = {p.ref.key: i for i, p in enumerate(eng.people)}
    out: set[int] = set()
    for m in eng.mentions:
        text, base = m.sentence.text, m.sentence.start
        refs = sorted(m.participants, key=lambda r: r.start)
        for a, b in pairwise(refs):
            if text[a.end - base : b.start - base] not in _AND:
                continue
            ia, ib = index.get(a.key), index.get(b.key)
            if ia is None or ib is None:
                continue
            if ia in keep or ia in out:
                out.add(ib)
            if ib in keep:
                out.add(ia)
    return out - keep


def _participant(p: PersonOption) -> Participant:
    ref = p.ref  # a known person's name is the knowledge base's; others' as written
    return Participant(ref.name, ref.country, ref.title, ref.id, ref.key, mention=p.mention)
