"""The places of issue 14: where a short report says the meeting was, read as extraction
reads it (``PlaceFinder`` over the gazetteer and the venues), scored on a table the team
wrote (``places_table.tsv``). The figures are in docs/kb-geo.md; run with ``-s``."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.extract.lexicon import default_lexicon
from parley.extract.places import PlaceFinder
from parley.kb.places import Gazetteer
from parley.kb.tables import read_table
from parley.text import fold

TABLE = Path(__file__).with_name("places_table.tsv")
FLOOR = 0.98  # every row passes on this revision; the issue asks for 95 %


ROWS = read_table(TABLE)


@pytest.fixture(scope="module")
def finder() -> PlaceFinder:
    return PlaceFinder(default_lexicon())


def city_of(finder: PlaceFinder, phrase: str) -> tuple[str | None, str | None]:
    found = finder.find(phrase, 0, None)
    return (found[0].location.city, found[0].location.country) if found else (None, None)


def test_table_is_as_the_issue_asks() -> None:
    assert len(ROWS) >= 250
    assert len({r["country"] for r in ROWS}) >= 180
    assert len({r["phrase"] for r in ROWS}) == len(ROWS)


def test_city_right(finder: PlaceFinder) -> None:
    misses = []
    for row in ROWS:
        city, country = city_of(finder, row["phrase"])
        if city is None or fold(city).lower() != fold(row["city"]).lower():
            misses.append(f"{row['phrase']!r}: {city}, {country} != {row['city']}")
        elif country != row["country"]:
            misses.append(f"{row['phrase']!r}: {country} != {row['country']}")
    print(f"\nplaces: city right {len(ROWS) - len(misses)}/{len(ROWS)}")
    assert (len(ROWS) - len(misses)) / len(ROWS) >= FLOOR, "\n".join(misses)


@pytest.mark.parametrize(
    ("phrase", "city", "country"),
    [
        # lower-case particles and joined articles inside a name
        ("They met in Dar es Salaam.", "Dar es Salaam", "TZA"),
        ("They met in Sharm el-Sheikh.", "Sharm el-Sheikh", "EGY"),
        ("They met in Frankfurt am Main.", "Frankfurt am Main", "DEU"),
        ("They met in Mar del Plata.", "Mar del Plata", "ARG"),
        ("They met at the Great Hall of the People.", "Beijing", "CHN"),
        # a house number
        ("They met at 10 Downing Street.", "London", "GBR"),
        # capitals named like their state or region
        ("They met in Singapore.", "Singapore", "SGP"),
        ("They met in Tunis.", "Tunis", "TUN"),
        ("They met in Port of Spain.", "Port of Spain", "TTO"),
        ("They met in Vaduz.", "Vaduz", "LIE"),
        # a venue named on in lower case beats a town of its first word
        ("They met at NATO headquarters.", "Brussels", "BEL"),
    ],
)
def test_matcher_defects_of_the_issue(
    finder: PlaceFinder, phrase: str, city: str, country: str
) -> None:
    assert city_of(finder, phrase) == (city, country)


@pytest.mark.parametrize(
    ("phrase", "country"),
    [
        ("They met in Mexico.", "MEX"),
        ("They met in Kuwait.", "KWT"),
        ("They met in Panama.", "PAN"),
    ],
)
def test_a_state_unlike_its_capital_stays_a_state(
    finder: PlaceFinder, phrase: str, country: str
) -> None:
    """Only a capital of the very same name is meant: "in Mexico" is no town."""
    assert city_of(finder, phrase) == (None, country)


def test_the_region_filter_spares_only_capitals() -> None:
    gaz = Gazetteer.default()
    assert gaz.lookup("California") is None  # the state, not California, Maryland
    assert gaz.lookup("Bavaria") is None
    san_marino = gaz.lookup("San Marino")  # a bigger San Marino is in California
    assert san_marino is not None and san_marino.country == "SMR"
    port = gaz.lookup("Port of Spain")
    assert port is not None and port.country == "TTO"
