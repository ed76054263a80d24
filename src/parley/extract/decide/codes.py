"""`cameo`, `plover` and `host`: codes that follow from the decided fields.

A call is CAMEO 041 (PLOVER CONSULT, mode phone); a meeting in one participant's
country is a visit (042, or 043 when the text tells it as hosting) with that
participant as host; a meeting in a third country is 044; an unplaced meeting keeps the
code of its engagement word (040 or 046 for negotiations).
"""

from __future__ import annotations

from parley.extract.assemble import Engagement
from parley.model import Event


def code_event(ev: Event, eng: Engagement) -> None:
    first = eng.mentions[0].trigger
    if ev.kind == "call":
        ev.cameo, ev.plover = "041", {"type": "CONSULT", "mode": "phone"}
        return
    loc_country = ev.location.country if ev.location else None
    states = set(ev.countries)
    if loc_country and loc_country in states:
        host = next((p for p in ev.participants if p.country == loc_country), None)
        ev.host = host.name if host else None
        ev.cameo = "043" if first.cameo == "043" else "042"
        ev.plover = {"type": "CONSULT", "mode": "visit"}
    elif loc_country:
        ev.cameo = "044"
        ev.plover = {"type": "CONSULT", "mode": "third-party"}
    else:
        ev.cameo = "046" if first.cameo == "046" else "040"
        ev.plover = {"type": "CONSULT", "mode": "unspecified"}
