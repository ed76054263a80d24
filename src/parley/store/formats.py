"""The field's own formats: the GDELT 2.0 event table and POLECAT/PLOVER JSON.

An analyst who knows GDELT or POLECAT should be able to load parley's events with the
code they already have. So each format is written with its codebook's names and types,
filled where parley knows the value and left empty where it does not (never guessed:
GDELT's geography uses FIPS 10-4 codes and GNS feature ids, which parley does not hold,
so those stay empty and the venue's ISO code and GeoNames id are in the PLOVER file and
parley's own export). What CAMEO codes mean on GDELT's scales (Goldstein, QuadClass) and
which PLOVER contexts parley's topics fall under are data (data/cameo.toml), not code.
docs/formats.md lists every column and which parley fills.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import tomllib
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from parley.store import exporters, query

# The GDELT 2.0 event table, in its order (GDELT 2.0 Event Database codebook).
GDELT_COLUMNS: tuple[str, ...] = (
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    *(
        f"Actor{n}{field}"
        for n in (1, 2)
        for field in (
            "Code",
            "Name",
            "CountryCode",
            "KnownGroupCode",
            "EthnicCode",
            "Religion1Code",
            "Religion2Code",
            "Type1Code",
            "Type2Code",
            "Type3Code",
        )
    ),
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    *(
        f"{who}Geo_{field}"
        for who in ("Actor1", "Actor2", "Action")
        for field in (
            "Type",
            "FullName",
            "CountryCode",
            "ADM1Code",
            "ADM2Code",
            "Lat",
            "Long",
            "FeatureID",
        )
    ),
    "DATEADDED",
    "SOURCEURL",
)

# GDELT's ActionGeo_Type: 1 a country, 3 a US city, 4 a city elsewhere
_COUNTRY, _US_CITY, _WORLD_CITY = 1, 3, 4


@cache
def codes() -> dict[str, Any]:
    """data/cameo.toml: Goldstein weights, quad classes, known groups, PLOVER contexts."""
    text = resources.files("parley.store").joinpath("data/cameo.toml").read_text("utf-8")
    return tomllib.loads(text)


@cache
def _bodies() -> frozenset[str]:
    """The codes parley gives officials of international bodies (UN, EU, NATO...)."""
    from parley.kb.countries import Countries

    return frozenset(c.code for c in Countries.default() if c.kind == "org")


@cache
def _country_names() -> dict[str, str]:
    from parley.kb.countries import Countries

    return {c.code: c.name for c in Countries.default()}


@cache
def _iso2() -> dict[str, str]:
    """ISO alpha-3 -> alpha-2 (GeoNames' ``country_code``), from the KB's country table."""
    from parley.kb.countries import data_dir
    from parley.kb.tables import read_table

    rows = read_table(data_dir() / "countries.tsv")
    return {r["code"]: r["iso2"] for r in rows if r["iso2"]}


def goldstein(cameo: str | None) -> float | None:
    """The Goldstein weight of a CAMEO code, or of its base code; None if unknown."""
    table = codes()["goldstein"]
    if not cameo:
        return None
    for key in (cameo, cameo[:3]):
        if key in table:
            return float(table[key])
    return None


def quad_class(cameo: str | None) -> int | None:
    return codes()["quad_class"].get(cameo[:2]) if cameo else None


def _ordered(ev: dict[str, Any]) -> list[dict[str, Any]]:
    """The parties in the order CAMEO reads the code: the visitor first for 042 ("make a
    visit"), the host first for 043 ("host a visit"), else whoever asked for it
    (``initiator``), else the report's order. Without named people, the states."""
    people = [p for p in ev["participants"] if p["name"]]
    if not people:
        return [{"name": None, "country": c, "role": None, "id": None} for c in ev["countries"]]
    venue = (ev["location"] or {}).get("country")
    if ev["cameo"] in ("042", "043") and venue:
        hosts = [p for p in people if p["country"] == venue]
        guests = [p for p in people if p["country"] != venue]
        return hosts + guests if ev["cameo"] == "043" else guests + hosts
    if ev["initiator"]:
        first = [p for p in people if p["name"] == ev["initiator"]]
        return first + [p for p in people if p["name"] != ev["initiator"]]
    return people


def _actor(party: dict[str, Any] | None, n: int) -> dict[str, Any]:
    """GDELT's ten actor columns for one party: a state's official is the CAMEO actor
    ``<state>GOV``; an international body's, ``IGO<group>`` with its known-group code."""
    out: dict[str, Any] = {f"Actor{n}{k}": None for k in ("Code", "Name", "CountryCode")}
    if party is None or not party["country"]:
        if party is not None:
            out[f"Actor{n}Name"] = party["name"]
        return out
    code = party["country"]
    name = party["name"] or _country_names().get(code, code)
    if code in _bodies():
        group = codes()["known_groups"].get(code)
        out.update(
            {
                f"Actor{n}Code": "IGO" + (group or ""),
                f"Actor{n}Name": name,
                f"Actor{n}KnownGroupCode": group,
                f"Actor{n}Type1Code": "IGO",
            }
        )
    else:
        out.update(
            {
                f"Actor{n}Code": f"{code}GOV",
                f"Actor{n}Name": name,
                f"Actor{n}CountryCode": code,
                f"Actor{n}Type1Code": "GOV",
            }
        )
    return out


def _numeric_id(event_id: str) -> int:
    """GDELT's integer id from parley's ``ev-<hex>`` id (its first 15 hex digits: fits a
    signed 64-bit integer, and the same event always has the same number)."""
    digits = "".join(ch for ch in event_id.split("-", 1)[-1] if ch in "0123456789abcdef")
    return int(digits[:15] or "0", 16)


def gdelt_row(ev: dict[str, Any], mentions: int, urls: dict[str, str | None]) -> dict[str, Any]:
    """One merged event as a row of the GDELT 2.0 event table (None where parley has no
    value). ``mentions``: its reports (rows in event_sources); ``urls``: document id ->
    URL, for SOURCEURL (the earliest report with one; else the path it was read from)."""
    row: dict[str, Any] = dict.fromkeys(GDELT_COLUMNS)
    row["GLOBALEVENTID"] = _numeric_id(ev["id"])
    if ev["date"]:
        y, m, d = (int(x) for x in ev["date"][:10].split("-"))
        from datetime import date

        row["SQLDATE"] = y * 10000 + m * 100 + d
        row["MonthYear"] = y * 100 + m
        row["Year"] = y
        row["FractionDate"] = round(y + (date(y, m, d).timetuple().tm_yday / 365), 4)
    parties = _ordered(ev)
    row.update(_actor(parties[0] if parties else None, 1))
    row.update(_actor(parties[1] if len(parties) > 1 else None, 2))
    row["IsRootEvent"] = int(bool(ev["primary"]))
    cameo = ev["cameo"]
    row["EventCode"], row["EventBaseCode"], row["EventRootCode"] = cameo, cameo[:3], cameo[:2]
    row["QuadClass"] = quad_class(cameo)
    row["GoldsteinScale"] = goldstein(cameo)
    row["NumMentions"] = mentions
    row["NumSources"] = ev["n_outlets"]
    row["NumArticles"] = ev["n_sources"]
    loc = ev["location"] or {}
    if loc.get("country"):
        city = loc.get("city")
        row["ActionGeo_Type"] = (
            (_US_CITY if loc["country"] == "USA" else _WORLD_CITY) if city else _COUNTRY
        )
        country = _country_names().get(loc["country"], loc["country"])
        row["ActionGeo_FullName"] = ", ".join(x for x in (city, loc.get("admin1"), country) if x)
        row["ActionGeo_Lat"], row["ActionGeo_Long"] = loc.get("lat"), loc.get("lon")
    from parley.store.flat import moment

    # the earliest report in time, whatever offsets the sources write their times with
    instants = [t for t in (moment(s.get("published")) for s in ev["sources"]) if t]
    if instants:
        row["DATEADDED"] = min(instants).strftime("%Y%m%d%H%M%S")
    source = next((s for s in ev["sources"] if urls.get(s["id"])), None)
    row["SOURCEURL"] = urls[source["id"]] if source else (ev["sources"] or [{}])[0].get("doc")
    return row


def plover_record(ev: dict[str, Any], sources: list[dict[str, Any]]) -> dict[str, Any]:
    """One merged event as a PLOVER record (PLOVER manual, "JSON Data Fields", with
    POLECAT's ``actor``/``event_type`` names). In a visit the visitors are the actors and
    the host the recipient, as PLOVER codes CONSULT; otherwise every party is an actor."""
    table = codes()
    parties = _ordered(ev)
    venue = (ev["location"] or {}).get("country")
    mode = ev["plover"]["mode"] or None
    if mode not in table["plover_modes"].get(ev["plover"]["type"], []):
        mode = None
    if mode == "visit" and venue:
        actors = [p for p in parties if p["country"] != venue]
        recipients = [p for p in parties if p["country"] == venue]
        if not actors:
            actors, recipients = recipients, []
    else:
        actors, recipients = parties, []
    contexts = table["plover_context"]
    context = sorted({c for t in ev.get("topics") or [] for c in contexts.get(t, [])})
    if ev["status"] == "planned":
        context.append("future")
    loc = ev["location"]
    return {
        "id": ev["id"],
        "date": ev["date"],
        "date_precision": ev["date_precision"],
        "event_type": ev["plover"]["type"],
        "mode": mode,
        "context": context,
        "actor": [_plover_actor(p) for p in actors],
        "recipient": [_plover_actor(p) for p in recipients],
        "event_loc": _plover_place(loc) if loc and loc.get("country") else None,
        "event_text": [e["text"] for e in ev["evidence"]],
        "quad_code": table["plover_quad"].get(ev["plover"]["type"]),
        "cameo": ev["cameo"],
        "cite_info": sources,
        "coder": "parley",
    }


def _plover_actor(p: dict[str, Any]) -> dict[str, Any]:
    """PLOVER's actor object: ``identifier_id`` is the Wikidata id, ``identifier_text``
    the knowledge base's name, ``country`` the state (or body) code, ``sector`` GOV for a
    state's official and IGO for an international body's."""
    code = p["country"]
    return {
        "actor_text": p.get("mention") or p["name"] or _country_names().get(code or "", code),
        "identifier_id": p.get("id"),
        "identifier_text": p["name"],
        "country": code,
        "sector": None if not code else ("IGO" if code in _bodies() else "GOV"),
        "office": p.get("role"),
    }


def _plover_place(loc: dict[str, Any]) -> dict[str, Any]:
    """PLOVER's location object (GeoNames' field names, plus ``cc3``)."""
    return {
        "geonameid": loc.get("geonames_id"),
        "name": loc.get("city") or _country_names().get(loc["country"], loc["country"]),
        "admin1": loc.get("admin1"),
        "country_code": _iso2().get(loc["country"]),
        "cc3": loc["country"],
        "latitude": loc.get("lat"),
        "longitude": loc.get("lon"),
    }


def _documents(con: sqlite3.Connection) -> dict[str, sqlite3.Row]:
    return {
        r["id"]: r for r in con.execute("SELECT id, path, url, title, lang, outlet FROM documents")
    }


@exporters.exporter("gdelt", "the GDELT 2.0 event table (docs/formats.md)")
def write_gdelt(con: sqlite3.Connection, out: Path) -> list[tuple[Path, int]]:
    return [write(con, out, "gdelt")]


@exporters.exporter("plover", "POLECAT/PLOVER JSON Lines (docs/formats.md)")
def write_plover(con: sqlite3.Connection, out: Path) -> list[tuple[Path, int]]:
    return [write(con, out, "plover")]


def write(con: sqlite3.Connection, out: Path, fmt: str) -> tuple[Path, int]:
    """``events.gdelt.tsv`` (tab-separated as GDELT's files, with the codebook's header)
    or ``events.plover.jsonl`` (one PLOVER record a line) in ``out``."""
    evs = query.events(con)
    docs = _documents(con)
    if fmt == "gdelt":
        mentions = dict(
            con.execute("SELECT event_id, count(*) FROM event_sources GROUP BY event_id").fetchall()
        )
        urls = {k: r["url"] for k, r in docs.items()}
        path = out / "events.gdelt.tsv"
        with path.open("w", encoding="utf-8", newline="") as fh:
            w = csv.DictWriter(
                fh, fieldnames=list(GDELT_COLUMNS), delimiter="\t", lineterminator="\n"
            )
            w.writeheader()
            for ev in evs:
                w.writerow(gdelt_row(ev, mentions.get(ev["id"], 0), urls))
        return path, len(evs)
    path = out / "events.plover.jsonl"
    with path.open("w", encoding="utf-8") as fh:
        for ev in evs:
            cites = [
                {
                    "url": docs[s["id"]]["url"],
                    "title": docs[s["id"]]["title"],
                    "publication": docs[s["id"]]["outlet"],
                    "language": docs[s["id"]]["lang"],
                    "published": s["published"],
                    "doc": s["doc"],
                }
                for s in ev["sources"]
                if s["id"] in docs
            ]
            fh.write(json.dumps(plover_record(ev, cites), ensure_ascii=False) + "\n")
    return path, len(evs)
