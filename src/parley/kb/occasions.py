"""Recurring gatherings and where each year's edition met.

A report says "on the sidelines of the 77th session of the UN General Assembly" or "at
the BRICS summit" and often never names the town; this table knows that UNGA always meets
in New York, that the 2024 BRICS summit was in Kazan and that COP28 was in Dubai. The
curated source is ``kb/curated/occasions.tsv``; ``python -m tools.kb_build.geo`` copies it
to ``kb/data/occasions.tsv`` with each host town's GeoNames id (see ``docs/kb-geo.md``).

Rows with an empty ``year`` define a series (its name, the phrases that name it and, for
gatherings that never move, the fixed host); rows with a year are editions. Virtual
editions have a country (the chair) but no city.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

from parley.kb.countries import data_dir, name_key


@dataclass(frozen=True)
class Occurrence:
    """One gathering as the KB places it: ``city`` is None when the edition is unknown
    or met online."""

    series: str
    name: str
    year: int | None
    city: str | None
    country: str | None
    geonames_id: int | None = None
    start: str | None = None
    end: str | None = None


@dataclass(frozen=True)
class _Series:
    key: str
    name: str
    aliases: tuple[str, ...]
    city: str | None
    country: str | None
    geonames_id: int | None


def _opt(cell: str | None) -> str | None:
    return cell or None


def _int(cell: str | None) -> int | None:
    return int(cell) if cell else None


class Occasions:
    """Series of gatherings, their surface phrases and their host town by year."""

    def __init__(self, directory: Path | None = None) -> None:
        d = directory or data_dir()
        self._series: dict[str, _Series] = {}
        # several editions a year for some series (the European Political Community)
        self._editions: dict[tuple[str, int], list[Occurrence]] = {}
        self._edition_aliases: dict[str, Occurrence] = {}
        self._edition_forms: list[tuple[str, str]] = []
        with (d / "occasions.tsv").open(encoding="utf-8", newline="") as f:
            rows = list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
        for r in rows:
            if not r["year"]:
                self._series[r["series"]] = _Series(
                    key=r["series"],
                    name=r["name"],
                    aliases=tuple(a for a in (r["name"], *r["aliases"].split("|")) if a),
                    city=_opt(r["city"]),
                    country=_opt(r["country"]),
                    geonames_id=_int(r["geonameid"]),
                )
        for r in rows:
            if not r["year"] or r["series"] not in self._series:
                continue
            s = self._series[r["series"]]
            occ = Occurrence(
                series=s.key,
                name=r["name"] or s.name,
                year=int(r["year"]),
                city=_opt(r["city"]),
                country=_opt(r["country"]),
                geonames_id=_int(r["geonameid"]),
                start=_opt(r["start"]),
                end=_opt(r["end"]),
            )
            self._editions.setdefault((s.key, occ.year or 0), []).append(occ)
            for a in r["aliases"].split("|") if r["aliases"] else ():
                self._edition_aliases.setdefault(name_key(a), occ)
                self._edition_forms.append((a, s.key))
        self._aliases: dict[str, str] = {}
        for s in self._series.values():
            for a in s.aliases:
                self._aliases.setdefault(name_key(a), s.key)
        keys = sorted({*self._aliases, *self._edition_aliases}, key=len, reverse=True)
        alternatives = "|".join(map(re.escape, keys))
        self._pattern = re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")

    @classmethod
    @cache
    def default(cls) -> Occasions:
        """The shipped table, loaded once per process."""
        from parley.kb import prebuilt

        found = prebuilt.kb("occasions")
        return found if found is not None else cls()

    def __len__(self) -> int:
        return len(self._series)

    def series(self) -> Iterator[str]:
        """Every series key ("UNGA", "G20", "BRICS"...)."""
        return iter(self._series)

    def patterns(self) -> Iterable[tuple[str, str]]:
        """(surface phrase, series key) for a phrase matcher."""
        seen: set[tuple[str, str]] = set()
        for s in self._series.values():
            for a in s.aliases:
                if (a, s.key) not in seen:
                    seen.add((a, s.key))
                    yield a, s.key
        for pair in self._edition_forms:
            if pair not in seen:
                seen.add(pair)
                yield pair

    def edition(self, series: str, year: int | None, on: str | None = None) -> Occurrence | None:
        """The edition of ``series`` held in ``year`` (a fixed host answers any year).

        Where the series met more than once that year, the day ``on`` (ISO) picks the
        edition that covers it or is nearest; without a day the host is unknown, so the
        occurrence has no city rather than a guessed one.
        """
        s = self._series.get(series)
        if s is None:
            return None
        if year is not None and (series, year) in self._editions:
            editions = self._editions[(series, year)]
            if len(editions) == 1:
                return editions[0]
            day = _as_day(on)
            if day is not None:
                return min(editions, key=lambda e: _days_from(e, day))
            return Occurrence(series=s.key, name=s.name, year=year, city=None, country=None)
        return Occurrence(
            series=s.key,
            name=s.name,
            year=year,
            city=s.city,
            country=s.country,
            geonames_id=s.geonames_id if s.city else None,
        )

    def match(self, text: str, year: int | None = None, on: str | None = None) -> Occurrence | None:
        """The gathering ``text`` names, placed for ``year`` (and the day ``on``, which
        tells apart two editions of one year).

        A phrase naming one edition ("COP28") wins over the year; otherwise the longest
        series phrase is taken and its edition for ``year`` looked up. Returns None when
        no known series is named, and an occurrence without a city when the series is
        known but that year's host is not (or the edition met online).
        """
        if not text:
            return None
        key = name_key(text)
        best: tuple[int, str] | None = None
        for m in self._pattern.finditer(key):
            hit = m.group(0)
            if hit in self._edition_aliases:
                return self._edition_aliases[hit]
            if best is None or len(hit) > best[0]:
                best = (len(hit), self._aliases[hit])
        return self.edition(best[1], year, on) if best else None


def _as_day(on: str | None) -> date | None:
    """The day of an ISO date, or the middle of an ISO month ("2024-07"); None for a year."""
    try:
        if on is not None and len(on) >= 10:
            return date.fromisoformat(on[:10])
        if on is not None and len(on) == 7:
            return date.fromisoformat(f"{on}-15")
    except ValueError:
        return None
    return None


def _days_from(occ: Occurrence, day: date) -> int:
    """Days between ``day`` and the edition's dates (0 inside them)."""
    start = date.fromisoformat(occ.start) if occ.start else None
    end = date.fromisoformat(occ.end) if occ.end else start
    if start is None or end is None:
        return 10_000
    if start <= day <= end:
        return 0
    return min(abs((day - start).days), abs((day - end).days))
