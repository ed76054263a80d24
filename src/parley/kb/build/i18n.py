"""Build ``kb/data/countries_i18n.tsv``: states and bodies as French, Spanish, Portuguese,
German, Italian and Indonesian news name them.

    python -m parley.kb.build.i18n [--sources ../shared/data/kb-sources] [--out FILE]

Extraction in those languages must find "Chine", "EE.UU.", "Russlands", "Tiongkok" and
"chinoise", "alemão", "russischen", and must not find Munich in Italian "Monaco" or a
grenade in French "grenade". The English table (``countries.tsv``) cannot serve: its names
and adjectives are English. Sources, in order of trust:

* the curated tables ``kb/curated/names_i18n.tsv`` (extra names, bodies, exclusions,
  preferences) and ``kb/curated/demonyms_i18n.tsv`` (adjectives, every inflected form);
* mledoze/countries (ODbL 1.0): common and official names in fra/spa/por/deu/ita, and the
  French demonyms (masculine and feminine singular; plurals are made here by rule);
* CLDR territory names via Babel (Unicode licence), the one source for Indonesian.

German names also get their genitive ("Chinas Außenminister") by rule. A form that two
codes claim in one language is dropped from both unless a curated row says ``prefer``, as
the English build does. Babel is needed only here, at build time; the output is committed.
The build is deterministic: the same inputs give a byte-identical file.
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
from pathlib import Path

from parley.kb.countries import _is_case_sensitive, _read_tsv, acronym_key, name_key

KB_DIR = Path(__file__).resolve().parent.parent
CURATED = KB_DIR / "curated"
DATA = KB_DIR / "data"
DEFAULT_SOURCES = KB_DIR.parents[2].parent / "shared" / "data" / "kb-sources"
OUT_TSV = DATA / "countries_i18n.tsv"

#: The languages of the table, in output order.
LANGS: tuple[str, ...] = ("fr", "es", "pt", "de", "it", "id")
#: mledoze's translation keys; it has no Indonesian.
MLEDOZE_LANG = {"fr": "fra", "es": "spa", "pt": "por", "de": "deu", "it": "ita"}
#: Covered besides the UN members: states without a UN seat that reports treat as states.
EXTRA_STATES: tuple[str, ...] = ("PSE", "TWN", "VAT", "XKX")
#: Codes whose CLDR territory code is not the ISO alpha-2 of countries.tsv.
CLDR_CODE = {"XKX": "XK"}
#: German names that take no genitive -s: feminine and plural names ("der Türkei",
#: "der USA"), which are the ones written with an article.
GERMAN_NO_GENITIVE = frozenset(
    {
        "Türkei", "Schweiz", "Ukraine", "Slowakei", "Mongolei", "Elfenbeinküste",
        "Niederlande", "Philippinen", "Malediven", "Seychellen", "Komoren", "Salomonen",
        "Marshallinseln", "Emirate", "Volksrepublik", "Moldau", "Vatikanstadt",
        "Autonomiebehörde", "Timor-Leste",
    }
)  # fmt: skip
#: States left without a name in a language on purpose: French "Grenade" is also a grenade
#: and the city of Granada (see ``curated/names_i18n.tsv``).
NAMELESS: frozenset[tuple[str, str]] = frozenset({("GRD", "fr")})
_ARTICLE = re.compile(r"^(?:La|Le|Les)\s+|^L'\s*")
_SPACED_HYPHEN = re.compile(r"\s*-\s+|\s+-\s*")


def warn(msg: str) -> None:
    """Report on stderr what the curator should look at; the build goes on."""
    print(f"warning: {msg}", file=sys.stderr)


# -- forms --------------------------------------------------------------------------


def form_key(form: str) -> str:
    """What makes two forms one for contests and drops: acronyms by letters and case,
    names by ``name_key`` (case, accents and punctuation ignored)."""
    if _is_case_sensitive(form):
        return "A:" + acronym_key(form)
    return "N:" + name_key(form)


def spelling_key(form: str) -> str:
    """What makes two forms one spelling in the output: the case of a word, and spacing.

    Accented and plain spellings ("États-Unis", "Etats-Unis") both stay: matchers that do
    not fold accents need both, and French papers print both. So do "ß" and "ss". Forms in
    capitals keep their case: "ONU" and "Onu", "NATO" and "Nato" are both written, and a
    matcher may trust only the capitals.
    """
    form = " ".join(form.replace("’", "'").split())
    return form if form.isupper() else form.lower()


@dataclass
class Forms:
    """An ordered set of forms; a later, more trusted source may respell a form."""

    items: dict[str, str] = field(default_factory=dict)

    def add(self, form: str) -> None:
        """Add ``form`` unless this spelling is already there (the first source wins)."""
        form = " ".join(form.replace("’", "'").split())
        if form:
            self.items.setdefault(spelling_key(form), form)

    def respell(self, form: str) -> None:
        """Add ``form``, replacing a spelling of it that differs only in case."""
        form = " ".join(form.replace("’", "'").split())
        if form:
            self.items[spelling_key(form)] = form

    def drop(self, form: str) -> bool:
        """Remove one spelling ("Perú" goes, "Peru" stays)."""
        return self.items.pop(spelling_key(form), None) is not None

    def drop_key(self, key: str) -> None:
        """Remove every spelling of a contested form ("Congo", "congo")."""
        for k in [k for k, f in self.items.items() if form_key(f) == key]:
            del self.items[k]

    def __iter__(self) -> Iterator[str]:
        return iter(self.items.values())


def clean_source_name(raw: str) -> list[str]:
    """Forms of one source name: "Myanmar (Birmanie)" gives both, "Congo (Rép. dém.)" gives
    "Congo", "République -Unie de Tanzanie" is repaired, "Laos, República Democrática" is
    cut at the comma, a leading French article goes, a lower-case first word is
    capitalised ("oman", "nova Zelândia")."""
    text = " ".join(raw.replace("’", "'").split()).strip(" ,;")
    text = _SPACED_HYPHEN.sub("-", text)
    text = re.sub(r"\b([dlDL]') ", r"\1", text)  # "Côte d' Ivoire"
    parts = [text]
    m = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if m:
        parts = [m[1]] if "." in m[2] else [m[1], m[2]]
    out = []
    for part in parts:
        part = part.split(", ")[0].strip(" ,")
        part = _ARTICLE.sub("", part)
        first = part.split(" ")[0]
        if first.islower():
            part = part[:1].upper() + part[1:]
        if part:
            out.append(part)
    return out


def french_plurals(masculine: str, feminine: str) -> list[str]:
    """ "chinois"/"chinoise" -> chinois, chinoise, chinoises; "russe" -> russe, russes."""
    m, f = masculine.lower(), feminine.lower()
    forms = [m, f, m if m.endswith(("s", "x")) else m + "s", f + "s"]
    return list(dict.fromkeys(forms))


def german_genitives(names: Iterable[str]) -> list[str]:
    """ "China" -> "Chinas", "Russland" -> "Russlands": how German writes "China's".

    Only one-word names without an article; names ending in a hissing sound take no -s
    ("Belarus", "Laos"), and feminine or plural names are written with an article instead.
    """
    out = []
    for name in names:
        if " " in name or _is_case_sensitive(name) or name.isupper():
            continue
        if name in GERMAN_NO_GENITIVE or re.search(r"(?:s|ß|x|z|Kinshasa|Brazzaville)$", name):
            continue
        out.append(name + "s")
    return out


# -- inputs -------------------------------------------------------------------------


@dataclass(frozen=True)
class CuratedRow:
    """One row of a curated i18n table: ``lang`` is one language ("*" was expanded)."""

    code: str
    lang: str
    action: str
    forms: tuple[str, ...]
    note: str
    line: int


def read_curated(path: Path) -> list[CuratedRow]:
    """Rows of ``names_i18n.tsv`` or ``demonyms_i18n.tsv``; ``#`` lines are comments."""
    rows: list[CuratedRow] = []
    errors: list[str] = []
    header: list[str] | None = None
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if header is None:
            header = cells
            continue
        row = dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        langs = LANGS if row["lang"] == "*" else (row["lang"],)
        if any(lang not in LANGS for lang in langs):
            errors.append(f"{path.name}:{n}: unknown language {row['lang']!r}")
        if row["action"] not in ("add", "drop", "prefer"):
            errors.append(f"{path.name}:{n}: unknown action {row['action']!r}")
        forms = tuple(f.strip() for f in row["forms"].split("|") if f.strip())
        if not forms:
            errors.append(f"{path.name}:{n}: no forms")
        for lang in langs:
            rows.append(CuratedRow(row["code"], lang, row["action"], forms, row["note"], n))
    if errors:
        raise SystemExit("\n".join(errors))
    return rows


def load_targets(data: Path) -> tuple[dict[str, str], list[str]]:
    """States (UN members plus ``EXTRA_STATES``, code -> alpha-2) and body codes."""
    states = {}
    for r in _read_tsv(data / "countries.tsv"):
        if "UN" in r["orgs"].split("|") or r["code"] in EXTRA_STATES:
            states[r["code"]] = CLDR_CODE.get(r["code"], r["iso2"])
    bodies = [r["code"] for r in _read_tsv(data / "orgs.tsv")]
    return states, bodies


def mledoze_names(sources: Path) -> tuple[dict[tuple[str, str], list[str]], dict[str, list[str]]]:
    """Names per (code, lang) and French adjectives per code from mledoze/countries."""
    entries = json.loads((sources / "mledoze-countries" / "countries.json").read_text("utf-8"))
    names: dict[tuple[str, str], list[str]] = defaultdict(list)
    french: dict[str, list[str]] = {}
    for c in entries:
        code = "XKX" if c["cca3"] == "UNK" else c["cca3"]
        for lang, key in MLEDOZE_LANG.items():
            t = c.get("translations", {}).get(key)
            if t:
                names[(code, lang)] += [t["common"], t["official"]]
        dem = c.get("demonyms", {}).get("fra")
        if dem and " " not in dem["m"] + dem["f"]:  # "Antiguaise et barbudien" is no adjective
            french[code] = french_plurals(dem["m"], dem["f"])
    return names, french


def cldr_names(states: dict[str, str]) -> dict[tuple[str, str], str]:
    """CLDR territory names (Babel) per (code, lang)."""
    from babel import Locale

    out = {}
    for lang in LANGS:
        territories = Locale(lang).territories
        for code, iso2 in states.items():
            if iso2 in territories:
                out[(code, lang)] = territories[iso2]
    return out


# -- build --------------------------------------------------------------------------


@dataclass
class Table:
    """Names and adjectives per (code, lang) while they are assembled."""

    names: dict[tuple[str, str], Forms] = field(default_factory=lambda: defaultdict(Forms))
    adjectives: dict[tuple[str, str], Forms] = field(default_factory=lambda: defaultdict(Forms))


def apply_curated(
    table: dict[tuple[str, str], Forms], rows: list[CuratedRow], known: set[str]
) -> dict[tuple[str, str], set[str]]:
    """Adds, then drops; returns the ``prefer`` keys per (lang, form key) -> codes."""
    errors = [f"line {r.line}: unknown code {r.code}" for r in rows if r.code not in known]
    if errors:
        raise SystemExit("curated i18n rows:\n  " + "\n  ".join(errors))
    for r in rows:
        if r.action == "add":
            for f in r.forms:
                table[(r.code, r.lang)].respell(f)
    for r in rows:
        if r.action == "drop":
            for f in r.forms:
                if not table[(r.code, r.lang)].drop(f):
                    warn(f"line {r.line}: drop {r.code} {r.lang} {f!r} matches nothing")
    prefer: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r.action == "prefer":
            for f in r.forms:
                prefer[(r.lang, form_key(f))].add(r.code)
    return prefer


def resolve_contests(
    table: dict[tuple[str, str], Forms],
    prefer: dict[tuple[str, str], set[str]],
    what: str,
) -> int:
    """Drop forms that two codes claim in one language, unless one code is preferred."""
    claims: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (code, lang), forms in table.items():
        for f in forms:
            claims[(lang, form_key(f))].add(code)
    dropped = 0
    for (lang, key), codes in sorted(claims.items()):
        if len(codes) < 2:
            continue
        winners = prefer.get((lang, key), set()) & codes
        if len(winners) > 1:
            raise SystemExit(f"{what} {lang} {key[2:]}: several codes preferred {sorted(winners)}")
        for code in sorted(codes - winners):
            table[(code, lang)].drop_key(key)
            dropped += 1
        keep = f", kept by {next(iter(winners))}" if winners else ""
        warn(f"contested {what} {lang} {key[2:]!r} {sorted(codes)}{keep}")
    return dropped


def build(sources: Path, data: Path = DATA, curated: Path = CURATED) -> list[list[str]]:
    """Rows ``code lang names adjectives`` for every covered code and language, sorted."""
    states, bodies = load_targets(data)
    known = set(states) | set(bodies)
    source, french = mledoze_names(sources)
    cldr = cldr_names(states)
    t = Table()
    for code in states:
        for lang in LANGS:
            raw = source.get((code, lang), [])
            ordered = [*([cldr[(code, lang)]] if (code, lang) in cldr else []), *raw]
            for name in ordered:
                for form in clean_source_name(name):
                    t.names[(code, lang)].add(form)
        if code in french:
            for form in french[code]:
                t.adjectives[(code, "fr")].add(form)
    name_rows = read_curated(curated / "names_i18n.tsv")
    adj_rows = read_curated(curated / "demonyms_i18n.tsv")
    name_prefer = apply_curated(t.names, name_rows, known)
    for code in states:  # the genitive after the curated names, so "Weißrusslands" comes too
        forms = t.names[(code, "de")]
        for form in german_genitives(list(forms)):
            forms.add(form)
    adj_prefer = apply_curated(t.adjectives, adj_rows, known)
    resolve_contests(t.names, name_prefer, "name")
    resolve_contests(t.adjectives, adj_prefer, "adjective")
    rows = []
    order = sorted(known)
    for code in order:
        for lang in LANGS:
            names = list(t.names.get((code, lang), Forms()))
            adjectives = list(t.adjectives.get((code, lang), Forms()))
            if names or adjectives:
                rows.append([code, lang, "|".join(names), "|".join(adjectives)])
    errors = validate(rows, states, bodies)
    if errors:
        raise SystemExit("countries_i18n.tsv would be invalid:\n  " + "\n  ".join(errors))
    return rows


def validate(rows: list[list[str]], states: dict[str, str], bodies: list[str]) -> list[str]:
    """Problems that must stop the build: separators inside forms, upper-case adjectives,
    a state without a name in some language."""
    errors = []
    have = {(r[0], r[1]) for r in rows if r[2]}
    for code in states:
        errors += [
            f"{code} has no {lang} name"
            for lang in LANGS
            if (code, lang) not in have and (code, lang) not in NAMELESS
        ]
    for code, lang, names, adjectives in rows:
        for form in [*names.split("|"), *adjectives.split("|")]:
            if "\t" in form or "\n" in form:
                errors.append(f"{code} {lang}: separator in {form!r}")
        for form in filter(None, adjectives.split("|")):
            if form != form.lower():
                errors.append(f"{code} {lang}: adjective {form!r} is not lower case")
    return errors


def write_tsv(rows: list[list[str]], out: Path) -> None:
    """UTF-8, tab-separated, no quoting, one header: the format of every KB table."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE)
        writer.writerow(["code", "lang", "names", "adjectives"])
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Build and write the table; print the counts per language for the docs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--out", type=Path, default=OUT_TSV)
    args = parser.parse_args(argv)
    if not args.sources.is_dir():
        parser.error(f"no staged sources at {args.sources}")
    rows = build(args.sources)
    write_tsv(rows, args.out)
    counts = defaultdict(lambda: [0, 0, 0])
    for _code, lang, names, adjectives in rows:
        counts[lang][0] += 1
        counts[lang][1] += len(names.split("|")) if names else 0
        counts[lang][2] += len(adjectives.split("|")) if adjectives else 0
    summary = ", ".join(
        f"{k} {c[0]} rows/{c[1]} names/{c[2]} adjectives" for k, c in counts.items()
    )
    print(f"wrote {args.out}: {len(rows)} rows ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
