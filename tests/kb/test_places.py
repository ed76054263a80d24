"""The gazetteer and venues, and a small round trip through the place builder."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from parley.kb.build import geo
from parley.kb.places import Gazetteer, _read_rows


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


def test_washington_is_the_federal_capital(gaz: Gazetteer) -> None:
    p = gaz.lookup("Washington")
    assert p is not None and p.country == "USA" and p.geonames_id == 4140963
    assert gaz.lookup("Washington, D.C.") == p


def test_new_york_keeps_its_news_name(gaz: Gazetteer) -> None:
    p = gaz.lookup("New York")
    assert p is not None and p.geonames_id == 5128581
    assert Gazetteer.to_location(p).city == "New York"


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Moscow", "RUS"),
        ("Astana", "KAZ"),
        ("Geneva", "CHE"),
        ("Kazan", "RUS"),
        ("New Delhi", "IND"),
        ("Davos", "CHE"),
        ("Samarkand", "UZB"),
        ("Kiev", "UKR"),
    ],
)
def test_population_prior(gaz: Gazetteer, name: str, country: str) -> None:
    p = gaz.lookup(name)
    assert p is not None and p.country == country


def test_country_hint_is_a_preference(gaz: Gazetteer) -> None:
    p = gaz.lookup("Moscow", "USA")
    assert p is not None and p.country == "USA" and p.admin1 == "Idaho"
    assert gaz.lookup("New Delhi", "FRA") is not None


def test_new_delhi_is_not_delhi(gaz: Gazetteer) -> None:
    p = gaz.lookup("New Delhi")
    assert p is not None and p.name == "New Delhi"


def test_tunxi_resolves_to_huangshan_in_anhui(gaz: Gazetteer) -> None:
    p = gaz.lookup("Tunxi")
    assert p is not None and p.country == "CHN" and p.admin1 == "Anhui"


def test_states_of_a_federation_are_not_towns(gaz: Gazetteer) -> None:
    assert gaz.lookup("Alaska") is None


def test_capital(gaz: Gazetteer) -> None:
    p = gaz.capital("KHM")
    assert p is not None and p.name == "Phnom Penh"
    assert gaz.capital("XXX") is None


@pytest.mark.parametrize(
    ("venue", "city", "country"),
    [
        ("Oval Office", "Washington", "USA"),
        ("White House", "Washington", "USA"),
        ("the Kremlin", "Moscow", "RUS"),
        ("Novo-Ogaryovo", "Novo-Ogaryovo", "RUS"),
        ("Zhongnanhai", "Beijing", "CHN"),
        ("Diaoyutai State Guesthouse", "Beijing", "CHN"),
        ("Great Hall of the People", "Beijing", "CHN"),
        ("Elysee Palace", "Paris", "FRA"),
        ("Downing Street", "London", "GBR"),
        ("Hyderabad House", "New Delhi", "IND"),
        ("Rashtrapati Bhavan", "New Delhi", "IND"),
        ("Camp David", "Camp David", "USA"),
        ("Mar-a-Lago", "Palm Beach", "USA"),
        ("Bocharov Ruchey", "Sochi", "RUS"),
        ("UN headquarters", "New York", "USA"),
    ],
)
def test_venues(gaz: Gazetteer, venue: str, city: str, country: str) -> None:
    p = gaz.lookup(venue)
    assert p is not None and p.kind == "venue"
    assert (p.display_name, p.country) == (city, country)


def test_to_location_rounds(gaz: Gazetteer) -> None:
    p = gaz.lookup("Oval Office")
    assert p is not None
    loc = Gazetteer.to_location(p)
    assert loc.city == "Washington" and loc.country == "USA" and loc.geonames_id == 4140963
    assert loc.lat is not None and round(loc.lat, 4) == loc.lat


def test_candidates_and_membership(gaz: Gazetteer) -> None:
    cands = gaz.candidates("Moscow")
    assert cands[0].country == "RUS" and any(c.country == "USA" for c in cands)
    assert gaz.is_place_name("Kremlin") and not gaz.is_place_name("Xyzzyville")
    assert len(gaz.venues()) >= 100
    assert len(gaz) > 60000


@pytest.mark.parametrize(
    ("alias", "ok"),
    [
        ("Moskva", True),
        ("MOW", False),
        ("washyngtn", False),
        ("Москва", False),
        ("Saint-Étienne", True),
        ("Area 51", False),
    ],
)
def test_good_alias(alias: str, ok: bool) -> None:
    assert geo.good_alias(alias) is ok


def _tiny_sources(root: Path) -> Path:
    g = root / "geonames"
    g.mkdir(parents=True)
    (g / "countries.json").write_text(
        json.dumps({"RU": {"iso3": "RUS", "capital": "Moscow"}, "US": {"iso3": "USA"}}),
        "utf-8",
    )
    (g / "admin1CodesASCII.txt").write_text(
        "RU.48\tMoscow\tMoscow\t524894\nUS.ID\tIdaho\tIdaho\t5596512\n", "utf-8"
    )
    city = {
        "524901": {
            "geonameid": 524901,
            "name": "Moscow",
            "latitude": 55.75204,
            "longitude": 37.61781,
            "countrycode": "RU",
            "population": 10381222,
            "admin1code": "48",
            "alternatenames": ["MOW", "Moskva", "Москва"],
        },
        "5601538": {
            "geonameid": 5601538,
            "name": "Moscow",
            "latitude": 46.73239,
            "longitude": -117.00017,
            "countrycode": "US",
            "population": 25060,
            "admin1code": "ID",
            "alternatenames": ["Hog Heaven"],
        },
    }
    (g / "cities15000.json").write_text(json.dumps(city), "utf-8")
    (g / "cities5000_minus_15000.json").write_text("{}", "utf-8")
    return root


def test_place_build_round_trip(tmp_path: Path) -> None:
    src = _tiny_sources(tmp_path / "src")
    out = tmp_path / "out"
    out.mkdir()
    g = geo.load_geonames(src)
    assert geo.write_places(g, out) == 2
    first = (out / "places.tsv.gz").read_bytes()
    geo.write_places(g, out)
    assert (out / "places.tsv.gz").read_bytes() == first  # deterministic
    rows = _read_rows(out / "places.tsv.gz")
    assert rows.ids == [524901, 5601538]
    assert rows.countries == ["RUS", "USA"]
    assert rows.admin1 == ["Moscow", "Idaho"]
    assert rows.aliases[0] == "Moskva"
    assert g.resolve("Moskva", "RUS") is not None
    with gzip.open(out / "places.tsv.gz", "rt", encoding="utf-8") as f:
        assert f.readline().rstrip("\n").split("\t")[0] == "geonameid"
