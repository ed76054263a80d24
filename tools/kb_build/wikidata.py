"""Wikidata / EveryPolitician snapshots (CC0): foreign ministers as of 2022-12 and the
heads of international bodies."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz

from parley.kb.people import (
    normalize,
)
from parley.kb.tables import read_table
from parley.model import Tenure
from parley.text import slug
from tools.kb_build import CURATED
from tools.kb_build.base import Countries, Person
from tools.kb_build.factbook import _caps_block, _name_tokens, same_surname

# ---------------------------------------------------------------------------------------
# Wikidata snapshots (CC0)


def _clean_label(label: str) -> str:
    label = re.sub(r",?\s+(Sr|Jr)\.?$", "", label.strip())
    return re.sub(r"^(?:Sheikh|Prince|Archbishop|Dr\.?|H\.E\.)\s+", "", label)


def _iso_date(text: str) -> str | None:
    """Wikidata dates come as "2019", "2005-06" or "2019-05-30"."""
    text = (text or "").strip()
    if re.fullmatch(r"\d{4}", text):
        return f"{text}-01-01"
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return f"{text}-01"
    return text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else None


def wikidata_foreign_ministers(sources: Path, countries: Countries) -> list[Person]:
    """Foreign ministers in office in 2022-12 (start date and QID; the end is unknown)."""
    path = sources / "wikidata-everypolitician" / "foreign_ministers_wikidata_2022-12.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (r["countryLabel"], r["person"]))
    people = []
    for r in rows:
        code = countries.code(r["countryLabel"])
        if not r["name"] or not code or (code not in countries.sovereign and code != "EU"):
            continue
        name = _clean_label(r["name"])
        if code == "EU":
            tenure = Tenure("EU", "high_representative", HIGH_REP, _iso_date(r["start"]), None)
        else:
            tenure = Tenure(
                code, "foreign_minister", "Foreign Minister", _iso_date(r["start"]), None
            )
        aliases = {r["name"]} - {name}
        people.append(
            Person(slug(name), name, r["person"], code, aliases, [tenure], origin="wikidata-fm")
        )
    return people


HIGH_REP = "High Representative for Foreign Affairs and Security Policy"
IO_POSITIONS = {
    r["position"]: (r["body"], r["role"], r["title"])
    for r in read_table(CURATED / "io_positions.tsv")
}


def international_officeholders(sources: Path) -> list[Person]:
    """UN Secretaries-General, deputies, General Assembly presidents, WTO heads, ICJ presidents.

    Judges, permanent representatives (no country given) and regional posts are left out:
    they rarely meet anyone as the head of a body.
    """
    path = sources / "wikidata-everypolitician" / "international_officeholders_wikidata_2022.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = [r for r in csv.DictReader(fh) if r["position"] in IO_POSITIONS]
    people = []
    for r in sorted(rows, key=lambda r: (r["position"], r["start"], r["personID"])):
        body, role, title = IO_POSITIONS[r["position"]]
        name = _clean_label(r["person"].split(",")[0])
        start, end = _iso_date(r["start"]), _iso_date(r["end"])
        if start and end and end < start:
            start, end = end, start
        if role == "legislature_speaker" and end is None and start:
            end = (date.fromisoformat(start) + timedelta(days=364)).isoformat()  # one session
        tenure = Tenure(body, role, title, start, end)
        people.append(
            Person(slug(name), name, r["personID"], body, set(), [tenure], origin="wikidata-io")
        )
    return people


def wikidata_leaders(sources: Path, countries: Countries) -> list[dict[str, str]]:
    """Heads of state/government rows (2022-10, year precision) used to attach QIDs."""
    path = sources / "wikidata-everypolitician" / "heads_of_state_government_wikidata_2022-10.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    out = []
    for r in rows:
        code = countries.code(r["country"])
        label = r["officeholderLabel"].strip()
        if code and r["officeholder"].startswith("Q") and label and not label.startswith("Q"):
            out.append({**r, "iso3": code})
    return out


def attach_leader_qids(people: list[Person], leaders: list[dict[str, str]]) -> None:
    """Give CIA-named heads their Wikidata QID and label (the label is the news spelling)."""
    by_country: dict[str, list[dict[str, str]]] = defaultdict(list)
    for r in leaders:
        by_country[r["iso3"]].append(r)
    for person in people:
        best = None
        for r in by_country.get(person.country, []):
            if not _years_overlap(person, r):
                continue
            label = r["officeholderLabel"]
            score = fuzz.token_set_ratio(normalize(person.name), normalize(label))
            if _surname_in(person, label) and score >= 60:
                cand = (score, r["officeholder"], label)
                best = max(best, cand) if best else cand
        if best:
            _, qid, label = best
            person.qid = qid
            label = _clean_label(label)
            if normalize(label) != normalize(person.name):
                person.aliases.add(person.name)
                person.name = label
                person.key = slug(label)
            person.aliases.discard(person.name)


def _surname_in(person: Person, label: str) -> bool:
    """Every token of the CIA capitals block (the surname) appears in the Wikidata label."""
    raws = [a for a in person.aliases if _caps_block(a)]
    if not raws:
        return same_surname([person.name], [label])
    want = _name_tokens(_caps_block(min(raws)))
    return bool(want) and want <= _name_tokens(label)


def _years_overlap(person: Person, row: dict[str, str]) -> bool:
    start = int(row["start_year"] or 0)
    end = int(row["end_year"] or 9999)
    for t in person.tenures:
        ts = int((t.start or "0000")[:4])
        te = int((t.end or "9999")[:4])
        if ts <= end and start <= te:
            return True
    return False
