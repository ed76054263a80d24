"""What every source reader of the people build shares: the person under construction,
the states' names, dates as the sources write them, and CIA-style names."""

from __future__ import annotations

import csv
import json
import re
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from parley.kb.people import (
    BODY_CODES,
    PARTICLES,
    SURNAME_FIRST,
    normalize,
)
from parley.kb.tables import read_table
from parley.model import Tenure
from tools.kb_build import CURATED, DATA, default_sources

CURATED_CSV = CURATED / "officials.csv"
ORGS_TSV = DATA / "orgs.tsv"
OUT_TSV = DATA / "people.tsv"
DEFAULT_SOURCES = default_sources()

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
EXTRA_LABELS = {r["label"]: r["code"] for r in read_table(CURATED / "wikidata_labels.tsv")}


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
