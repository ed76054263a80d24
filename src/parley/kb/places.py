"""The gazetteer: towns (GeoNames, population > 5,000) and the venues news names instead.

Reports place a meeting "in Moscow", "at the Kremlin", "in Tunxi" or "in Nusa Dua", and
the contract wants a town with its admin-1, country, coordinates and GeoNames id. Towns
come from ``data/places.tsv.gz``; palaces, residences and resorts from
``data/venues.tsv``, which also carries the news names of towns whose GeoNames name
differs ("New York City" is written "New York"). Homonyms are ranked by the caller's
country hint first and population second, so "Moscow" is Russia's and "Geneva"
Switzerland's unless the text says otherwise.
"""

from __future__ import annotations

import csv
import gzip
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from parley.kb.countries import Countries, data_dir, name_key
from parley.model import Location

#: An alias that is not the place's own name counts for this share of its population
#: when ranking homonyms: "Canton" (an old name of Guangzhou) still beats Canton, Ohio,
#: but a town's real name is not lost to a larger city's obscure alternate name.
ALIAS_WEIGHT = 0.1
COORD_DECIMALS = 4


@dataclass(frozen=True)
class Place:
    """A town or a venue. ``display_name`` is what a report would call its town."""

    geonames_id: int | None
    name: str
    display_name: str
    admin1: str | None
    country: str
    lat: float
    lon: float
    population: int
    kind: Literal["city", "venue"]


#: A town named like a region is meant only when it is at least this big.
REGION_BEATS_TOWN = 100_000


@dataclass
class _Rows:
    """The towns as parallel columns: 70k small objects would cost time and memory."""

    ids: list[int]
    names: list[str]
    countries: list[str]
    admin1: list[str]
    lat: list[float]
    lon: list[float]
    population: list[int]
    aliases: list[str]


def _read_rows(path: Path) -> _Rows:
    rows = _Rows([], [], [], [], [], [], [], [])
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            gid, name, country, admin1, lat, lon, pop, aliases = line.rstrip("\n").split("\t")
            rows.ids.append(int(gid))
            rows.names.append(name)
            rows.countries.append(country)
            rows.admin1.append(admin1)
            rows.lat.append(float(lat))
            rows.lon.append(float(lon))
            rows.population.append(int(pop))
            rows.aliases.append(aliases)
    return rows


def _read_venues(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


#: venues.tsv rows of this kind are not venues: they give a town its news name.
NEWS_NAME = "news-name"


class Gazetteer:
    """Name -> place resolution over venues and towns.

    The alias index (about 300k keys) is built on the first lookup rather than at load,
    so a process that never resolves a place pays only for reading the file.
    """

    def __init__(self, directory: Path | None = None) -> None:
        d = directory or data_dir()
        self._rows = _read_rows(d / "places.tsv.gz")
        self._region_keys: frozenset[str] | None = None
        self._capital_ids: frozenset[int] | None = None
        self._row_of: dict[int, int] = {gid: i for i, gid in enumerate(self._rows.ids)}
        self._display: dict[int, str] = {}
        self._news_names: dict[str, list[int]] = {}
        self._venues: list[Place] = []
        self._venue_index: dict[str, list[int]] = {}
        self._load_venues(_read_venues(d / "venues.tsv"))
        self._index: dict[str, list[int]] | None = None
        self._primary: set[tuple[str, int]] = set()

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The shipped gazetteer, loaded once per process."""
        return cls()

    # -- loading -----------------------------------------------------------------

    def _load_venues(self, rows: Iterable[dict[str, str]]) -> None:
        for r in rows:
            gid = int(r["geonameid"]) if r["geonameid"] else None
            if r["kind"] == NEWS_NAME and gid is not None and gid in self._row_of:
                self._display[gid] = r["city"]
                for form in (r["name"], *_split(r["aliases"])):
                    self._news_names.setdefault(name_key(form), []).append(self._row_of[gid])
                continue
            self._add_venue(r, gid)

    def _add_venue(self, r: dict[str, str], gid: int | None) -> None:
        row = self._row_of.get(gid) if gid is not None else None
        venue = Place(
            geonames_id=gid,
            name=r["name"],
            display_name=r["city"],
            admin1=(self._rows.admin1[row] or None) if row is not None else None,
            country=r["country"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            population=0,
            kind="venue",
        )
        self._venues.append(venue)
        for form in (r["name"], *_split(r["aliases"])):
            self._venue_index.setdefault(name_key(form), []).append(len(self._venues) - 1)

    def _alias_index(self) -> dict[str, list[int]]:
        """Folded name or alias -> rows; remembers which keys are a town's own name."""
        if self._index is not None:
            return self._index
        index: dict[str, list[int]] = {}
        primary: set[tuple[str, int]] = set()
        rows = self._rows
        for i, (name, aliases) in enumerate(zip(rows.names, rows.aliases, strict=True)):
            own = name_key(name)
            primary.add((own, i))
            index.setdefault(own, []).append(i)
            for alias in aliases.split("|") if aliases else ():
                key = name_key(alias)
                if key != own:
                    bucket = index.setdefault(key, [])
                    if not bucket or bucket[-1] != i:
                        bucket.append(i)
        for key, hits in self._news_names.items():
            for i in hits:
                primary.add((key, i))
                bucket = index.setdefault(key, [])
                if i not in bucket:
                    bucket.append(i)
        self._primary = primary
        self._index = index
        return index

    # -- places ------------------------------------------------------------------

    def _place(self, i: int) -> Place:
        r = self._rows
        gid = r.ids[i]
        return Place(
            geonames_id=gid,
            name=r.names[i],
            display_name=self._display.get(gid, r.names[i]),
            admin1=r.admin1[i] or None,
            country=r.countries[i],
            lat=r.lat[i],
            lon=r.lon[i],
            population=r.population[i],
            kind="city",
        )

    def by_id(self, geonames_id: int) -> Place | None:
        """The town with this GeoNames id, if the gazetteer holds it."""
        i = self._row_of.get(geonames_id)
        return self._place(i) if i is not None else None

    def _weight(self, key: str, i: int) -> float:
        pop = float(max(self._rows.population[i], 1))
        return pop if (key, i) in self._primary else pop * ALIAS_WEIGHT

    def _ranked(self, key: str, country: str | None) -> list[Place]:
        """Venues before towns; within each, the hinted country first, then weight."""
        hint = country.upper() if country else None
        venues = [self._venues[j] for j in self._venue_index.get(key, ())]
        venues.sort(key=lambda p: p.country != hint)
        towns = self._alias_index().get(key, [])
        rows = self._rows
        order = sorted(
            towns,
            key=lambda i: (rows.countries[i] != hint, -self._weight(key, i), rows.ids[i]),
        )
        ranked = [self._place(i) for i in order]
        if hint is None:
            return venues + ranked
        return sorted(venues + ranked, key=lambda p: p.country != hint)

    def lookup(self, name: str, country: str | None = None) -> Place | None:
        """The place a report most likely means by ``name``.

        Case and accents are ignored. A venue wins over a town of the same name; the
        country hint (ISO alpha-3) is a preference, not a filter, because callers often
        only guess it from the participants.
        """
        key = name_key(name) if name else ""
        if not key:
            return None
        ranked = self._ranked(key, country)
        if not ranked:
            return None
        best = ranked[0]
        biggest = max((p.population for p in ranked if p.kind == "city"), default=0)
        if best.kind == "city" and biggest < REGION_BEATS_TOWN and key in self._regions():
            # "in California" means the state, not California, Maryland; but a capital
            # named like its region or state is the town ("Port of Spain", "Vaduz",
            # "San Marino"), whatever namesake is bigger
            capitals = self._capitals()
            return next((p for p in ranked if p.geonames_id in capitals), None)
        return best

    def _capitals(self) -> frozenset[int]:
        """GeoNames ids of the states' capitals."""
        if self._capital_ids is None:
            ids = (c.capital_geonameid for c in Countries.default() if c.kind == "state")
            self._capital_ids = frozenset(i for i in ids if i is not None)
        return self._capital_ids

    def _regions(self) -> frozenset[str]:
        """Folded names of first-level regions (states, provinces)."""
        if self._region_keys is None:
            self._region_keys = frozenset(name_key(a) for a in set(self._rows.admin1) if a)
        return self._region_keys

    def candidates(self, name: str) -> list[Place]:
        """Every place ``name`` may denote, best first (no country hint)."""
        key = name_key(name) if name else ""
        return self._ranked(key, None) if key else []

    def capital(self, country: str) -> Place | None:
        """The capital of a state (or the seat of a body) as a town."""
        c = Countries.default().get(country)
        if c is None or c.capital_geonameid is None:
            return None
        return self.by_id(c.capital_geonameid)

    def is_place_name(self, name: str) -> bool:
        """Cheap membership test for a candidate phrase before a full lookup."""
        key = name_key(name) if name else ""
        return bool(key) and (key in self._venue_index or key in self._alias_index())

    def venues(self) -> list[Place]:
        """Every curated venue (for matchers that want to scan for them)."""
        return list(self._venues)

    def __len__(self) -> int:
        return len(self._rows.ids)

    @staticmethod
    def to_location(place: Place) -> Location:
        """The contract's location: the town as reports name it."""
        return Location(
            city=place.display_name,
            admin1=place.admin1,
            country=place.country,
            lat=round(place.lat, COORD_DECIMALS),
            lon=round(place.lon, COORD_DECIMALS),
            geonames_id=place.geonames_id,
        )


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split("|") if x) if cell else ()
