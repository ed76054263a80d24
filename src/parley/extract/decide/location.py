"""`location`: where a meeting took place (calls have none).

Two learned decisions over the places ``assemble`` gathered (written in the tellings,
in sentences that go on about the engagement, in the headline; the dateline's town;
the host city of the occasion): first the country (each country's places pooled, or
no place), then the town within it (or none: "talks in Laos" fixes only the country).
A meeting reported as held takes its best-weighed country when it has any, as its date
does (:mod:`parley.extract.decide.date`): nearly every held meeting of the corpora is
placed (178 of 184), and "no place", weighed on its own, outweighed right countries
(grouped cross-validation: country accuracy 0.833 -> 0.840).
"""

from __future__ import annotations

from typing import Any

from parley.extract.assemble import NONE, Engagement, Option
from parley.extract.decide._choose import choose
from parley.extract.learned import Model
from parley.model import Event, Location


def country_options(places: list[Option]) -> list[Option]:
    """One option per country, holding every feature of its places (prefixed by whether
    the place names a town), plus "no place"."""
    by_country: dict[str, Option] = {}
    for o in places:
        loc: Location | None = o.value
        if loc is None or not loc.country:
            continue
        opt = by_country.setdefault(loc.country, Option(loc.country, {}, [], loc.country))
        prefix = "city_" if loc.city else ""
        for k, v in o.features.items():
            key = prefix + k
            opt.features[key] = max(opt.features.get(key, 0.0), v)
        opt.spans.extend(o.spans)
    return [*by_country.values(), Option(None, {NONE: 1.0}, [], "no place")]


def city_options(places: list[Option], country: str) -> list[Option]:
    """The towns of one country among the places, plus "no town"."""
    towns = [
        o for o in places if o.value is not None and o.value.city and o.value.country == country
    ]
    return [*towns, Option(None, {NONE: 1.0}, [], "no town")]


def decide_location(ev: Event, eng: Engagement, model: Model, explain: bool = False) -> None:
    options = country_options(eng.places)
    country, why_country = choose(options, model["country"], explain)
    if country is not None and country.value is None and ev.status == "occurred":
        placed = [o for o in options if o.value is not None]
        if placed:
            country, _ = choose(placed, model["country"])
            if explain:
                why_country["chosen"] = country.label if country is not None else "no place"
    why: dict[str, Any] = {"country": why_country}
    if explain:
        ev.explanation["location"] = why
    if country is None or country.value is None:
        return
    town, why_town = choose(city_options(eng.places, country.value), model["city"], explain)
    why["city"] = why_town
    if town is not None and town.value is not None:
        ev.location = town.value
        if town.spans:
            ev.field_evidence["location"] = town.spans[0]
        return
    ev.location = Location(None, None, country.value)
    if country.spans:
        ev.field_evidence["location"] = country.spans[0]
