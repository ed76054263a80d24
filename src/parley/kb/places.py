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
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import cache
from itertools import accumulate, chain
from pathlib import Path
from typing import Literal, overload

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
    """The towns as parallel columns: 70k small objects would cost time and memory. The
    columns are lists as read, and arrays and packed strings in the prebuilt file (one
    block each to load)."""

    ids: Sequence[int]
    names: Sequence[str]
    countries: Sequence[str]
    admin1: Sequence[str]
    lat: Sequence[float]
    lon: Sequence[float]
    population: Sequence[int]
    aliases: list[str]


def _read_rows(path: Path) -> _Rows:
    ids: list[int] = []
    names: list[str] = []
    countries: list[str] = []
    admin1s: list[str] = []
    lats: list[float] = []
    lons: list[float] = []
    populations: list[int] = []
    aliases_: list[str] = []
    with gzip.open(path, "rt", encoding="utf-8") as f:
        next(f)
        for line in f:
            gid, name, country, admin1, lat, lon, pop, aliases = line.rstrip("\n").split("\t")
            ids.append(int(gid))
            names.append(name)
            countries.append(country)
            admin1s.append(admin1)
            lats.append(float(lat))
            lons.append(float(lon))
            populations.append(int(pop))
            aliases_.append(aliases)
    return _Rows(ids, names, countries, admin1s, lats, lons, populations, aliases_)


def _read_venues(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


class PackedStrings(Sequence[str]):
    """A list of strings kept as one string and an array of offsets.

    70k names as a list cost 10 ms to load from the prebuilt file (one object each); as
    one string they cost nothing until read, and a document reads a few dozen.
    """

    def __init__(self, items: Iterable[str]) -> None:
        items = list(items)
        self._text = "".join(items)
        self._starts = array("i", accumulate(map(len, items), initial=0))

    def __len__(self) -> int:
        return len(self._starts) - 1

    @overload
    def __getitem__(self, i: int) -> str: ...
    @overload
    def __getitem__(self, i: slice) -> list[str]: ...
    def __getitem__(self, i: int | slice) -> str | list[str]:
        if isinstance(i, slice):
            return [self[j] for j in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        return self._text[self._starts[i] : self._starts[i + 1]]


_STRIDE = 64


class NameIndex:
    """Name key -> postings (ints), as sorted packed keys and two arrays.

    The gazetteer's 200k keys as a dict cost about 0.1 s and 60 MB to load from a
    prebuilt file (one object per key and per list); this loads in milliseconds, and a
    lookup is a binary search, of which a document asks a few dozen.
    """

    def __init__(self, mapping: dict[str, list[int]]) -> None:
        keys = sorted(mapping)
        self._keys = PackedStrings(keys)
        lists = [mapping[k] for k in keys]
        self._first = array("i", accumulate(map(len, lists), initial=0))
        self._postings = array("i", chain.from_iterable(lists))
        self._sample: list[str] | None = None  # every _STRIDE-th key, made on first use

    def __len__(self) -> int:
        return len(self._keys)

    def _find(self, key: str) -> int:
        # a bisection of the packed keys reads one key per step in Python; one of a
        # plain list of every _STRIDE-th key runs in C and leaves a few steps
        sample = self._sample
        if sample is None:
            sample = self._sample = [self._keys[i] for i in range(0, len(self._keys), _STRIDE)]
        j = bisect_right(sample, key)
        lo, hi = max(0, (j - 1) * _STRIDE), min(len(self._keys), j * _STRIDE)
        i = bisect_left(self._keys, key, lo, hi)
        return i if i < len(self._keys) and self._keys[i] == key else -1

    def get(self, key: str) -> array[int]:
        """The postings of ``key``; empty when it is not a name the gazetteer knows."""
        i = self._find(key)
        return self._postings[self._first[i] : self._first[i + 1]] if i >= 0 else array("i")

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._find(key) >= 0


#: venues.tsv rows of this kind are not venues: they give a town its news name.
NEWS_NAME = "news-name"


class Gazetteer:
    """Name -> place resolution over venues and towns.

    The alias index (about 300k keys) is built on the first lookup rather than at load,
    so a process that never resolves a place pays only for reading the file; the
    prebuilt file (kb/prebuilt.py) holds it built.
    """

    def __init__(self, directory: Path | None = None) -> None:
        d = directory or data_dir()
        self._rows = _read_rows(d / "places.tsv.gz")
        self._region_keys: frozenset[str] | None = None
        self._region_states: dict[str, str] | None = None
        self._capital_ids: frozenset[int] | None = None
        self._row_map: dict[int, int] | None = None
        self._display: dict[int, str] = {}
        self._news_names: dict[str, list[int]] = {}
        self._venues: list[Place] = []
        self._venue_index: dict[str, list[int]] = {}
        self._load_venues(_read_venues(d / "venues.tsv"))
        self._index: NameIndex | None = None

    @classmethod
    @cache
    def default(cls) -> Gazetteer:
        """The shipped gazetteer, loaded once per process."""
        from parley.kb import prebuilt

        found = prebuilt.kb("places")
        return found if found is not None else cls()

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

    def _alias_index(self) -> NameIndex:
        """Folded name or alias -> rows, each marked when the key is the town's own name
        (or its news name) rather than an alternate one."""
        if self._index is not None:
            return self._index
        # a posting is row << 1 | 1 where the key is the town's own or news name
        index: dict[str, list[int]] = {}
        rows = self._rows
        for i, (name, aliases) in enumerate(zip(rows.names, rows.aliases, strict=True)):
            own = name_key(name)
            index.setdefault(own, []).append(i << 1 | 1)
            for alias in aliases.split("|") if aliases else ():
                key = name_key(alias)
                if key != own:
                    bucket = index.setdefault(key, [])
                    if not bucket or bucket[-1] >> 1 != i:
                        bucket.append(i << 1)
        for key, hits in self._news_names.items():
            for i in hits:
                bucket = index.setdefault(key, [])
                at = next((j for j, p in enumerate(bucket) if p >> 1 == i), None)
                if at is None:
                    bucket.append(i << 1 | 1)
                else:
                    bucket[at] |= 1
        self._index = NameIndex(index)
        return self._index

    def __getstate__(self) -> dict[str, object]:
        """What a prebuilt file keeps (kb/prebuilt.py): the index built, the aliases it
        was built from left out (nothing reads them once it is)."""
        self._alias_index()
        self._regions()
        self._region_index()
        self._capitals()
        state = dict(self.__dict__)
        rows = self._rows
        state["_rows"] = replace(
            rows,
            ids=array("q", rows.ids),
            names=PackedStrings(rows.names),
            countries=PackedStrings(rows.countries),
            admin1=PackedStrings(rows.admin1),
            lat=array("d", rows.lat),
            lon=array("d", rows.lon),
            population=array("q", rows.population),
            aliases=[],
        )
        state["_row_map"] = None  # rebuilt from the ids in less time than it takes to load
        return state

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)

    @property
    def _row_of(self) -> dict[int, int]:
        """Row of each GeoNames id, made on first use (a start-up that asks for no
        town by id does without the 70k entries)."""
        if self._row_map is None:
            self._row_map = {gid: i for i, gid in enumerate(self._rows.ids)}
        return self._row_map

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

    def _weight(self, posting: int) -> float:
        pop = float(max(self._rows.population[posting >> 1], 1))
        return pop if posting & 1 else pop * ALIAS_WEIGHT

    def _ranked(self, key: str, country: str | None) -> list[Place]:
        """Venues before towns; within each, the hinted country first, then weight."""
        hint = country.upper() if country else None
        venues = [self._venues[j] for j in self._venue_index.get(key, ())]
        venues.sort(key=lambda p: p.country != hint)
        towns = self._alias_index().get(key)
        rows = self._rows
        order = sorted(
            towns,
            key=lambda p: (rows.countries[p >> 1] != hint, -self._weight(p), rows.ids[p >> 1]),
        )
        ranked = [self._place(p >> 1) for p in order]
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
        best = self._best(key, country)
        if best is None:
            return None
        if (
            best.kind == "city"
            and key in self._regions()
            and self._biggest(key) < REGION_BEATS_TOWN
        ):
            ranked = self._ranked(key, country)
            # "in California" means the state, not California, Maryland; but a capital
            # named like its region or state is the town ("Port of Spain", "Vaduz",
            # "San Marino"), whatever namesake is bigger
            capitals = self._capitals()
            return next((p for p in ranked if p.geonames_id in capitals), None)
        return best

    def _best(self, key: str, country: str | None) -> Place | None:
        """``_ranked(key, country)[0]`` without making and sorting a place for every town
        of the name ("San José" has hundreds; a lookup wants one)."""
        hint = country.upper() if country else None
        venues = [self._venues[j] for j in self._venue_index.get(key, ())]
        venues.sort(key=lambda p: p.country != hint)
        rows = self._rows
        town = min(
            self._alias_index().get(key),
            key=lambda p: (rows.countries[p >> 1] != hint, -self._weight(p), rows.ids[p >> 1]),
            default=None,
        )
        if hint is not None:
            # the hinted state's venue, else its town, come first
            if venues and venues[0].country == hint:
                return venues[0]
            if town is not None and rows.countries[town >> 1] == hint:
                return self._place(town >> 1)
        if venues:
            return venues[0]
        return self._place(town >> 1) if town is not None else None

    def _biggest(self, key: str) -> int:
        """The population of the biggest town of the name (0: none)."""
        pop = self._rows.population
        return max((pop[p >> 1] for p in self._alias_index().get(key)), default=0)

    def has_venue(self, name: str) -> bool:
        """Whether a venue (not a town) is called ``name``: ``lookup`` answers a venue
        only then, and asking this first spares ranking the towns of the name."""
        return bool(name) and name_key(name) in self._venue_index

    def _capitals(self) -> frozenset[int]:
        """GeoNames ids of the states' capitals."""
        if self._capital_ids is None:
            ids = (c.capital_geonameid for c in Countries.default() if c.kind == "state")
            self._capital_ids = frozenset(i for i in ids if i is not None)
        return self._capital_ids

    def region_country(self, name: str) -> str | None:
        """The state a first-level region of that name is in ("Quintana Roo": MEX), when
        only one state has a region so called."""
        return self._region_index().get(name_key(name)) if name else None

    def _region_index(self) -> dict[str, str]:
        """Folded region name -> its one state; built from every town's row, so kept in
        the prebuilt file (0.6 s to build at start-up)."""
        if self._region_states is None:
            found: dict[str, set[str]] = {}
            for a, c in zip(self._rows.admin1, self._rows.countries, strict=True):
                if a:
                    found.setdefault(name_key(a), set()).add(c)
            self._region_states = {k: next(iter(v)) for k, v in found.items() if len(v) == 1}
        return self._region_states

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
