"""Build ``kb/data/people.tsv`` from the staged sources plus the curated officials.

    python -m tools.kb_build.people [--sources $PARLEY_KB_SOURCES] [--out FILE]

No single source knows who held an office on a given day: the CIA World Factbook history
has heads of state and government (2015-2026, CIA spellings), Wikidata has foreign
ministers as of 2022-12 without end dates, and every change after that (Qin Gang, Rubio,
Takaichi...) exists only in ``curated/officials.csv``. This script parses each, resolves
the same person across them, lets the curated rows win, adds spelling variants by rule,
and writes one sorted, deterministic table.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from parley.kb.people import (
    ROLE_RANK,
    ROLES,
    normalize,
    tenure_sort_key,
)
from parley.model import Tenure
from parley.text import fold_name
from tools.kb_build import require_sources
from tools.kb_build.base import (
    CURATED_CSV,
    DEFAULT_SOURCES,
    OUT_COLUMNS,
    OUT_TSV,
    Countries,
    Person,
    _is_caps,
    load_countries,
)
from tools.kb_build.curated import SLUG, load_curated
from tools.kb_build.factbook import (
    drop_cross_country_copies,
    factbook_people,
    factbook_sightings,
    same_surname,
)
from tools.kb_build.reconcile import Pool, merge_regnal
from tools.kb_build.variants import _excluded, add_variants
from tools.kb_build.wikidata import (
    _clean_label,
    attach_leader_qids,
    international_officeholders,
    wikidata_foreign_ministers,
    wikidata_leaders,
)

# ---------------------------------------------------------------------------------------
# output


def main_country(person: Person) -> str:
    """The country shown for a person: curated says it; otherwise the latest senior office."""
    if person.curated and person.country:
        return person.country
    best = min(
        person.tenures,
        key=lambda t: (
            ROLE_RANK.get(t.role, len(ROLES)),
            "".join(chr(0x10FFFF - ord(c)) for c in (t.start or "0000")),
        ),
    )
    return best.country


def finish(person: Person) -> Person:
    person.country = main_country(person)
    unique: dict[tuple[str, str, str | None], Tenure] = {}
    for t in person.tenures:
        key = (t.country, t.role, t.start)
        if key not in unique or (unique[key].end is None and t.end is not None):
            unique[key] = t
    person.tenures = sorted(unique.values(), key=lambda t: tenure_sort_key(t, person.country))
    person.aliases = _dedupe(
        a for a in person.aliases if a and a != person.name and not _excluded(person, a)
    )
    return person


def _dedupe(aliases: Iterable[str]) -> set[str]:
    """One spelling per lookup form (lookups ignore case), preferring news case.

    "Mohammed BIN SALMAN" and "Mohammed bin Salman" differ in case only; keep the one with
    the fewest capitalised (CIA surname) tokens. Scripts without case are kept as they are.
    """
    best: dict[str, str] = {}
    for alias in sorted(aliases):
        norm = fold_name(
            alias
        ).casefold()  # punctuation kept: the text matcher needs "S. " and "S "
        caps = sum(_is_caps(t) for t in alias.split())
        old = best.get(norm)
        if old is None or (caps, alias) < (sum(_is_caps(t) for t in old.split()), old):
            best[norm] = alias
    return set(best.values())


def to_row(person: Person) -> list[str]:
    tenures = ";".join(
        f"{t.country},{t.role},{t.title},{t.start or ''},{t.end or ''}" for t in person.tenures
    )
    aliases = "|".join(sorted(person.aliases, key=lambda a: (normalize(a), a)))
    short = "|".join(sorted(person.short, key=lambda a: (normalize(a), a)))
    return [person.key, person.name, person.qid, person.country, aliases, tenures, short]


def validate(people: list[Person], countries: Countries) -> list[str]:
    """Problems that must stop the build: bad codes, roles, dates, separators, duplicates."""
    errs = []
    seen: set[str] = set()
    for p in people:
        if p.key in seen:
            errs.append(f"duplicate key {p.key}")
        seen.add(p.key)
        if not SLUG.match(p.key):
            errs.append(f"bad key {p.key}")
        for text in (p.name, *p.aliases):
            if re.search(r"[\t|\n]", text):
                errs.append(f"{p.key}: separator in {text!r}")
        known = {normalize(n) for n in p.names()}
        for text in p.short:
            if normalize(text) not in known:
                errs.append(f"{p.key}: short name {text!r} is not one of the names")
        for t in p.tenures:
            if not countries.valid(t.country):
                errs.append(f"{p.key}: unknown country {t.country}")
            if t.role not in ROLE_RANK:
                errs.append(f"{p.key}: unknown role {t.role}")
            if re.search(r"[,;]", t.title):
                errs.append(f"{p.key}: separator in title {t.title!r}")
            if t.start and t.end and t.end < t.start:
                errs.append(f"{p.key}: {t.role} ends {t.end} before it starts {t.start}")
    return errs


def wikidata_labels(sources: Path, countries: Countries) -> dict[str, set[tuple[str, str]]]:
    """QID -> (label, country) pairs in the staged Wikidata snapshots, to check curated QIDs."""
    out: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for r in wikidata_leaders(sources, countries):
        out[r["officeholder"]].add((r["officeholderLabel"], r["iso3"]))
    path = sources / "wikidata-everypolitician" / "foreign_ministers_wikidata_2022-12.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        for r in csv.DictReader(fh):
            out[r["person"]].add((r["name"], countries.code(r["countryLabel"]) or ""))
    for p in international_officeholders(sources):
        out[p.qid].add((p.name, p.country))
    return out


def check_curated_qids(
    curated: dict[str, Person], labels: dict[str, set[tuple[str, str]]]
) -> list[str]:
    """Curated QIDs that Wikidata gives to somebody else, or that miss the person's own QID.

    A wrong QID is worse than none: the merge trusts QIDs, so it pulls the real holder's
    names and offices into the curated person (Maduro once carried Ouattara's presidency).
    """
    errs = []
    by_name: dict[tuple[str, str], set[str]] = defaultdict(set)
    for qid, pairs in labels.items():
        for label, country in pairs:
            by_name[(normalize(_clean_label(label)), country)].add(qid)
    for p in curated.values():
        if p.qid and p.qid in labels:
            names = {label for label, _ in labels[p.qid]}
            if not same_surname(p.names(), names):
                errs.append(f"{p.key}: {p.qid} is {', '.join(sorted(names))} in Wikidata")
        for country in sorted(p.countries()):
            others = by_name.get((normalize(p.name), country), set()) - {p.qid}
            if others and p.qid:
                errs.append(f"{p.key}: qid {p.qid}, but Wikidata has {', '.join(sorted(others))}")
    return errs


def build(sources: Path, curated_path: Path = CURATED_CSV) -> list[Person]:
    """Assemble every person, curated first; the result is sorted by key."""
    countries = load_countries(sources)
    curated = load_curated(curated_path, countries)
    errs = check_curated_qids(curated, wikidata_labels(sources, countries))
    if errs:
        raise SystemExit("officials.csv has wrong QIDs:\n  " + "\n  ".join(errs))
    pool = Pool(curated)
    factbook = factbook_people(drop_cross_country_copies(factbook_sightings(sources, countries)))
    attach_leader_qids(factbook, wikidata_leaders(sources, countries))
    generated = [
        *factbook,
        *wikidata_foreign_ministers(sources, countries),
        *international_officeholders(sources),
    ]
    for person in generated:
        pool.absorb(person)
    merge_regnal(pool)
    orphans = [k for k, p in sorted(pool.people.items()) if p.curated and not p.tenures]
    if orphans:
        raise SystemExit(f"officials.csv: aliases-only rows that match nobody: {orphans}")
    people = []
    for key in sorted(pool.people):
        person = finish(pool.people[key])
        add_variants(person)
        people.append(person)
    errs = validate(people, countries)
    if errs:
        raise SystemExit("people.tsv would be invalid:\n  " + "\n  ".join(errs))
    return people


def write_tsv(people: list[Person], out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(OUT_COLUMNS)
        writer.writerows(to_row(p) for p in people)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--curated", type=Path, default=CURATED_CSV)
    parser.add_argument("--out", type=Path, default=OUT_TSV)
    args = parser.parse_args(argv)
    args.sources = require_sources(args.sources)
    people = build(args.sources, args.curated)
    write_tsv(people, args.out)
    tenures = sum(len(p.tenures) for p in people)
    print(f"wrote {args.out}: {len(people)} people, {tenures} tenures", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
