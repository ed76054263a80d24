"""Decisions: which engagements a document reports, and each field's value.

Every field is decided in one module of this package, by weights learned from real
articles (:mod:`parley.extract.learned`) over the options ``extract/assemble.py``
gathered:

| field | module |
| --- | --- |
| which tellings are one engagement; one meeting of all or one with each | ``same.py`` |
| `status` (occurred, planned, or no engagement at all) | ``status.py`` |
| `participants`, `countries` | ``participants.py`` |
| `date`, `date_precision` | ``date.py`` |
| `location` | ``location.py`` |
| `primary` | ``primary.py`` |
| `kind`, `cameo`, `plover`, `host` | ``codes.py`` (rules: they follow from the others) |

Each decision also records what it weighed, so ``parley extract --explain`` can show
the options considered and the cues that weighed most for the chosen one.
"""

from __future__ import annotations

from parley.extract.assemble import DocFacts, Engagement
from parley.extract.decide.codes import code_event
from parley.extract.decide.date import decide_date
from parley.extract.decide.location import decide_location
from parley.extract.decide.participants import decide_participants
from parley.extract.decide.primary import decide_primary
from parley.extract.decide.same import join_same, split_bilaterals
from parley.extract.decide.status import decide_status
from parley.extract.learned import Model
from parley.model import Event, Span

__all__ = ["decide"]


def decide(
    engagements: list[Engagement], facts: DocFacts, model: Model, explain: bool = False
) -> list[Event]:
    """The document's events: occurred ones first (in the order the story tells them),
    then planned ones; with ``explain``, each event's ``explanation`` holds what each
    decision weighed (sorting every option's terms for it costs 5-8 % of extraction,
    and only ``parley extract --explain`` shows it)."""
    kept: list[tuple[Engagement, Event]] = []
    whole = join_same(engagements, facts.anchor, model)
    for eng in [part for e in whole for part in split_bilaterals(e, facts.anchor, model)]:
        status, p, why = decide_status(eng, model, explain)
        if status is None:
            continue
        people, countries, why_people = decide_participants(eng, model, explain)
        if len(set(countries)) < 2:
            continue
        ev = Event(
            doc=facts.doc.doc,
            kind=eng.kind,
            status=status,
            primary=False,
            participants=people,
            countries=countries,
            evidence=_evidence(eng),
            confidence=p,
        )
        if explain:
            ev.explanation = {"status": why, "participants": why_people}
        decide_date(ev, eng, model, facts, explain)
        if eng.kind == "meeting":
            decide_location(ev, eng, model, explain)
        if eng.occasion is not None:
            ev.occasion = eng.occasion[0]
            ev.field_evidence["occasion"] = eng.occasion[1]
        ev.initiator = eng.initiator
        code_event(ev, eng)
        kept.append((eng, ev))
    kept = _one_per_engagement(kept, explain)
    occurred = [(e, ev) for e, ev in kept if ev.status == "occurred"]
    decide_primary(occurred, model, explain)
    return [ev for _, ev in occurred] + [ev for _, ev in kept if ev.status != "occurred"]


def _evidence(eng: Engagement) -> list[Span]:
    seen: set[int] = set()
    out: list[Span] = []
    for m in eng.mentions:
        s = m.sentence
        if s.start not in seen:
            seen.add(s.start)
            out.append(Span(s.start, s.end, s.text))
    return out


def _people_keys(ev: Event) -> frozenset[str]:
    keys = [p.key or p.name for p in ev.participants]
    return frozenset(keys) if keys else frozenset(f"country:{c}" for c in ev.countries)


def _compatible(a: Event, b: Event) -> bool:
    if a.status != b.status or a.kind != b.kind:
        return False
    ka, kb = _people_keys(a), _people_keys(b)
    if not (ka <= kb or kb <= ka):
        return False
    if a.date and b.date:
        width = min(len(a.date), len(b.date), 10 if a.date_precision == b.date_precision else 7)
        if a.date[:width] != b.date[:width]:
            return False
    if a.date and b.date:
        la, lb = a.location, b.location
        return not (la and lb and la.country and lb.country and la.country != lb.country)
    return True  # the same people, neither dated: one engagement told twice, a place misread


def _one_per_engagement(
    kept: list[tuple[Engagement, Event]], explain: bool = False
) -> list[tuple[Engagement, Event]]:
    """Two groups of tellings that came out as the same people on a date and in a place
    that agree are one engagement: the better supported one stays, with the other's
    evidence, and its missing date or place filled from the other."""
    out: list[tuple[Engagement, Event]] = []
    for eng, ev in kept:
        twin = next((o for o in out if _compatible(o[1], ev)), None)
        if twin is None:
            out.append((eng, ev))
            continue
        keep = twin[1]
        if len(_people_keys(ev)) > len(_people_keys(keep)):
            keep.participants, keep.countries = ev.participants, ev.countries
        if keep.date is None and ev.date is not None:
            keep.date, keep.date_precision = ev.date, ev.date_precision
            if "date" in ev.field_evidence:
                keep.field_evidence["date"] = ev.field_evidence["date"]
        if keep.location is None and ev.location is not None:
            keep.location = ev.location
            if "location" in ev.field_evidence:
                keep.field_evidence["location"] = ev.field_evidence["location"]
        starts = {s.start for s in keep.evidence}
        keep.evidence += [s for s in ev.evidence if s.start not in starts]
        keep.confidence = max(keep.confidence, ev.confidence)
        if explain:
            keep.explanation.setdefault("also_told", []).extend(
                ev.explanation["status"]["tellings"]
            )
    return out
