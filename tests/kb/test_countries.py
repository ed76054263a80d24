"""The shipped country and organisation tables, as extraction uses them."""

from __future__ import annotations

import json

import pytest
from tools.kb_build import geo

from parley.kb.countries import Countries, name_key

SOURCES = geo.DEFAULT_SOURCES


@pytest.fixture(scope="module")
def countries() -> Countries:
    return Countries.default()


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("U.S.", "USA"),
        ("US", "USA"),
        ("USA", "USA"),
        ("the United States", "USA"),
        ("America", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("UAE", "ARE"),
        ("the Emirates", "ARE"),
        ("South Korea", "KOR"),
        ("ROK", "KOR"),
        ("North Korea", "PRK"),
        ("DPRK", "PRK"),
        ("Russia", "RUS"),
        ("Russian Federation", "RUS"),
        ("Iran", "IRN"),
        ("Syria", "SYR"),
        ("Vietnam", "VNM"),
        ("Viet Nam", "VNM"),
        ("Türkiye", "TUR"),
        ("Turkey", "TUR"),
        ("Palestine", "PSE"),
        ("Côte d'Ivoire", "CIV"),
        ("Ivory Coast", "CIV"),
        ("Congo", "COD"),
        ("Republic of Congo", "COG"),
        ("EU", "EU"),
        ("European Union", "EU"),
        ("UN", "UN"),
        ("NATO", "NATO"),
        ("Shanghai Cooperation Organisation", "SCO"),
    ],
)
def test_by_name(countries: Countries, text: str, code: str) -> None:
    c = countries.by_name(text)
    assert c is not None and c.code == code


@pytest.mark.parametrize("text", ["us", "u.s.", "Us", "eu", "un", "who", "uk"])
def test_short_acronyms_are_case_sensitive(countries: Countries, text: str) -> None:
    assert countries.by_name(text) is None


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Emirati", "ARE"),
        ("Saudi", "SAU"),
        ("Chinese", "CHN"),
        ("British", "GBR"),
        ("American", "USA"),
        ("U.S.", "USA"),
        ("Russian", "RUS"),
        ("Ivorian", "CIV"),
        ("Korean", "KOR"),
        ("North Korean", "PRK"),
        ("Congolese", "COD"),
        ("Philippine", "PHL"),
        ("Filipino", "PHL"),
        ("Kazakh", "KAZ"),
        ("EU", "EU"),
    ],
)
def test_by_adjective(countries: Countries, text: str, code: str) -> None:
    c = countries.by_adjective(text)
    assert c is not None and c.code == code


def test_every_iso_country_is_present(countries: Countries) -> None:
    states = [c for c in countries if c.kind == "state"]
    assert len(states) >= 240
    if (SOURCES / "iso-codes-pycountry").is_dir():
        data = json.loads((SOURCES / "iso-codes-pycountry" / "iso3166-1.json").read_text("utf-8"))
        missing = [r["alpha_3"] for r in data["3166-1"] if countries.get(r["alpha_3"]) is None]
        assert missing == []


def test_capitals_and_memberships(countries: Countries) -> None:
    usa = countries.get("usa")
    assert usa is not None and usa.capital_geonameid == 4140963
    assert "NATO" in usa.orgs and "G20" in usa.orgs
    rus = countries.get("RUS")
    assert rus is not None and {"SCO", "BRICS", "EAEU"} <= set(rus.orgs)
    eu = countries.get("EU")
    assert eu is not None and eu.kind == "org" and "GBR" not in eu.members
    assert len(eu.members) == 27


def test_surface_forms_mark_adjectives(countries: Countries) -> None:
    forms = set(countries.surface_forms())
    assert ("U.S.", "USA", "name") in forms
    assert ("Emirati", "ARE", "adjective") in forms
    assert all(how in {"name", "adjective"} for _, _, how in forms)


def test_no_form_names_two_entries(countries: Countries) -> None:
    owners: dict[str, set[str]] = {}
    for form, code, how in countries.surface_forms():
        if how == "name":
            key = geo._form_key(form)
            owners.setdefault(key, set()).add(code)
    assert {k: v for k, v in owners.items() if len(v) > 1} == {}


def test_name_key() -> None:
    assert name_key("Côte d'Ivoire") == name_key("cote divoire")
    assert name_key("St. Petersburg") == "st petersburg"
    assert name_key("Novo-Ogaryovo") == name_key("Novo Ogaryovo")


@pytest.mark.parametrize(
    ("cell", "forms"),
    [
        ("US or USA", ["US", "USA"]),
        ("DRC (or DROC)", ["DRC", "DROC"]),
        ("none", []),
    ],
)
def test_factbook_variants(cell: str, forms: list[str]) -> None:
    assert geo._variants(cell, split_commas=False) == forms


def test_factbook_short_names() -> None:
    assert geo._short_name("Korea, South") == ["South Korea"]
    assert geo._short_name("Congo (Brazzaville)") == ["Congo (Brazzaville)", "Congo"]
    assert geo._nationality_adjectives("Congolese or Congo") == ["Congolese", "Congo"]
