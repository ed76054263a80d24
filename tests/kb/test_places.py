"""The gazetteer and venues, and a small round trip through the place builder."""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tools.kb_build import geo

from parley.kb.countries import data_dir
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
        ("Casa Bianca", "Washington", "USA"),
        ("Maison-Blanche", "Washington", "USA"),
        ("Weißen Haus", "Washington", "USA"),
        ("Gedung Putih", "Washington", "USA"),
        ("Белом доме", "Washington", "USA"),
        ("白宫", "Washington", "USA"),
        ("Cremlino", "Moscow", "RUS"),
        ("Кремле", "Moscow", "RUS"),
        ("克里姆林宫", "Moscow", "RUS"),
        ("Élysée-Palast", "Paris", "FRA"),
        ("Елисейском дворце", "Paris", "FRA"),
        ("爱丽舍宫", "Paris", "FRA"),
        ("Gran Salón del Pueblo", "Beijing", "CHN"),
        ("Дом народных собраний", "Beijing", "CHN"),
        ("人民大会堂", "Beijing", "CHN"),
        ("钓鱼台国宾馆", "Beijing", "CHN"),
        ("中南海", "Beijing", "CHN"),
        ("Palacio Nacional", "Mexico City", "MEX"),
        ("Palácio do Itamaraty", "Brasília", "BRA"),
        ("Bundeskanzleramt", "Berlin", "DEU"),
        ("Istana Merdeka", "Jakarta", "IDN"),
        ("siège de l'ONU", "New York", "USA"),
        ("联合国总部", "New York", "USA"),
        ("唐宁街", "London", "GBR"),
    ],
)
def test_venues(gaz: Gazetteer, venue: str, city: str, country: str) -> None:
    p = gaz.lookup(venue)
    assert p is not None and p.kind == "venue"
    assert (p.display_name, p.country) == (city, country)


def test_national_palace_follows_the_country_hint(gaz: Gazetteer) -> None:
    """Mexico's without a hint; the Dominican and Haitian palaces with theirs."""
    mex, dom = gaz.lookup("Palacio Nacional"), gaz.lookup("Palacio Nacional", "DOM")
    assert mex is not None and mex.country == "MEX" and mex.geonames_id == 3530597
    assert dom is not None and dom.country == "DOM"
    hti = gaz.lookup("National Palace", "HTI")
    assert hti is not None and hti.country == "HTI"


@pytest.mark.parametrize(
    ("name", "geonames_id"),
    [
        ("Москва", 524901),
        ("Нью-Йорк", 5128581),
        ("Пекин", 1816670),
        ("Вашингтон", 4140963),
        ("Казань", 551487),
        ("Женева", 2660646),
        ("北京", 1816670),
        ("莫斯科", 524901),
        ("纽约", 5128581),
        ("华盛顿", 4140963),
        ("维也纳", 2761369),
        ("日内瓦", 2660646),
        ("达沃斯", 2661039),
    ],
)
def test_russian_and_chinese_names(gaz: Gazetteer, name: str, geonames_id: int) -> None:
    p = gaz.lookup(name)
    assert p is not None and p.geonames_id == geonames_id


def test_moscow_in_cyrillic_is_russia_and_keeps_its_news_name(gaz: Gazetteer) -> None:
    p = gaz.lookup("Москва")
    assert p is not None and p.country == "RUS" and p.name == "Moscow"
    p = gaz.lookup("纽约")
    assert p is not None and Gazetteer.to_location(p).city == "New York"


def test_every_capital_has_a_chinese_name() -> None:
    """Every UN member's capital but Palau's has a Chinese name (GeoNames or curated)."""
    from parley.kb.countries import Countries

    rows = _read_rows(data_dir() / "places.tsv.gz")
    aliases = dict(zip(rows.ids, rows.aliases, strict=True))
    missing = []
    for c in Countries.default():
        if c.kind != "state" or "UN" not in c.orgs or not c.capital_geonameid:
            continue
        if not re.search("[\u4e00-\u9fff]", aliases.get(c.capital_geonameid, "")):
            missing.append(c.code)
    assert missing == ["PLW"]


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


@pytest.mark.parametrize(
    ("alias", "ok"),
    [
        ("Москва", True),
        ("Нью-Йорк", True),
        ("Рио-де-Жанейро", True),
        ("Париж ош", False),  # Tajik: "city of Paris"
        ("Київ", False),  # Ukrainian letters
        ("北京", True),
        ("北", False),
        ("東京都", True),
        ("モスクワ", False),  # kana
        ("Moskva", False),
    ],
)
def test_other_script_alias(alias: str, ok: bool) -> None:
    assert geo.other_script_alias(alias) is ok


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


def test_other_scripts_for_big_towns_and_capitals_only(tmp_path: Path) -> None:
    """Moscow (a capital) keeps "Москва"; Moscow, Idaho (25,060 people) does not, unless the
    curated table names it."""
    src = _tiny_sources(tmp_path / "src")
    g = geo.load_geonames(src)
    curated = tmp_path / "place_names.tsv"
    curated.write_text("geonameid\tname\taliases\tnote\n5601538\tMoscow\t莫斯科\t\n", "utf-8")
    assert geo.add_other_scripts(g, {524901}, curated) == []
    assert g.by_id[524901].aliases == ["Moskva", "Москва"]
    assert g.by_id[5601538].aliases == ["Hog Heaven", "莫斯科"]
    curated.write_text("geonameid\tname\taliases\tnote\n1\tNowhere\tX\t\n", "utf-8")
    assert geo.add_other_scripts(geo.load_geonames(src), set(), curated) != []


def _lookup_by_ranking(gaz: Gazetteer, key: str, country: str | None) -> object:
    """What ``lookup`` answers, read off the whole ranking (what ``_best`` shortens)."""
    from parley.kb.places import REGION_BEATS_TOWN

    ranked = gaz._ranked(key, country)
    if not ranked:
        return None
    biggest = max((p.population for p in ranked if p.kind == "city"), default=0)
    if ranked[0].kind == "city" and biggest < REGION_BEATS_TOWN and key in gaz._regions():
        return next((p for p in ranked if p.geonames_id in gaz._capitals()), None)
    return ranked[0]


@settings(max_examples=400, deadline=None)
@given(pick=st.integers(0, 10**7), venue=st.booleans(), data=st.data())
def test_a_lookup_is_the_first_of_the_ranking(
    gaz: Gazetteer, pick: int, venue: bool, data: st.DataObject
) -> None:
    """Town names shared by many towns, venues, regions: every kind of key, with no
    hint, a state the name has no place in, or the state of one of its places."""
    keys = sorted(gaz._venue_index) if venue else gaz._alias_index()._keys
    key = keys[pick % len(keys)]
    states = sorted({p.country for p in gaz._ranked(key, None)})
    hint = data.draw(st.sampled_from([None, "ZZZ", *states]))
    assert gaz.lookup(key, hint) == _lookup_by_ranking(gaz, key, hint)
