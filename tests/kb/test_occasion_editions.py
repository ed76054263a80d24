"""Editions of the gatherings of issue 14: every COP with its host and dates, and a series
that meets twice a year (the European Political Community). The hosts of the other summit
series by year are in test_occasions.py."""

from __future__ import annotations

import pytest

from parley.kb.occasions import Occasions
from parley.kb.places import Gazetteer


@pytest.fixture(scope="module")
def occ() -> Occasions:
    return Occasions.default()


def test_every_cop_from_1_to_30_has_a_host_and_dates(occ: Occasions) -> None:
    gaz = Gazetteer.default()
    missing = []
    for n in range(1, 31):
        for form in (f"COP{n}", f"COP {n}", f"COP-{n}"):
            m = occ.match(f"on the sidelines of {form}", None)
            if m is None or m.name != f"COP{n}" or not (m.city and m.start and m.end):
                missing.append(form)
            elif gaz.lookup(m.city, m.country) is None:
                missing.append(f"{form}: {m.city} is no known place")
    assert missing == []


@pytest.mark.parametrize(
    ("text", "city", "country", "start"),
    [
        ("COP1", "Berlin", "DEU", "1995-03-28"),
        ("the COP 3 talks in Japan", "Kyoto", "JPN", "1997-12-01"),
        ("COP15", "Copenhagen", "DNK", "2009-12-07"),
        ("COP21", "Paris", "FRA", "2015-11-30"),
        ("COP30", "Belém", "BRA", "2025-11-10"),
    ],
)
def test_cop_editions(occ: Occasions, text: str, city: str, country: str, start: str) -> None:
    m = occ.match(text, None)
    assert m is not None and (m.city, m.country, m.start) == (city, country, start)


@pytest.mark.parametrize(
    ("day", "city"),
    [
        ("2023-06-01", "Bulboaca"),
        ("2023-10-05", "Granada"),
        ("2023-10", "Granada"),
        ("2024-07-18", "Blenheim Palace"),
        ("2024-11-06", "Budapest"),
        ("2025-05-16", "Tirana"),
        ("2025-10-02", "Copenhagen"),
    ],
)
def test_two_editions_a_year_are_told_apart_by_the_day(occ: Occasions, day: str, city: str) -> None:
    m = occ.match("European Political Community summit", int(day[:4]), day)
    assert m is not None and m.city == city


def test_without_the_day_two_editions_give_no_city(occ: Occasions) -> None:
    m = occ.match("EPC summit", 2024)
    assert m is not None and m.series == "EPC" and m.city is None
    assert occ.match("EPC summit", 2024, "2024") is not None
    assert occ.match("EPC summit", 2024, "2024").city is None
