"""Matching extracted events against the golden cases of the extraction tests."""

from __future__ import annotations

import unicodedata
from typing import Any

from parley.model import Event


def surname(name: str) -> str:
    last = name.split()[-1].lower()
    return "".join(c for c in unicodedata.normalize("NFKD", last) if not unicodedata.combining(c))


def _people_match(ev: Event, surnames: list[str]) -> bool:
    """Each participant answers to one wanted surname by its canonical name or the form the
    text writes (the contract's rule), and every wanted surname is answered."""
    if len(ev.participants) != len(surnames):
        return False
    left = sorted(surnames)
    for p in ev.participants:
        forms = {surname(p.name), surname(p.mention or p.name)}
        hit = next((s for s in left if s in forms), None)
        if hit is None:
            return False
        left.remove(hit)
    return not left


def assert_events_match(got: list[Event], want: list[dict[str, Any]]) -> None:
    """Exactly the wanted events: same people (by surname), status, date, kind, states, town."""
    assert len(got) == len(want), [e.to_dict() for e in got]
    for w in want:
        match = [
            e
            for e in got
            if _people_match(e, w["surnames"]) and e.status == w["status"] and e.date == w["date"]
        ]
        assert match, f"no event like {w} in {[e.to_dict() for e in got]}"
        ev = match[0]
        assert sorted(ev.countries) == sorted(w["countries"])
        assert ev.kind == w["kind"]
        if "city" in w:  # a case may leave the town to the location decision's own tests
            city = ev.location.city if ev.location else None
            assert city == w["city"]
