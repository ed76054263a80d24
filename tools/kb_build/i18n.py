"""Build ``kb/data/countries_i18n.tsv`` and ``kb/data/titles_i18n.tsv``: states, bodies and
titles as French, Spanish, Portuguese, German, Italian, Indonesian, Russian and Chinese news
write them.

    python -m tools.kb_build.i18n [--sources $PARLEY_KB_SOURCES] [--out FILE]
                                   [--titles-out FILE]

Extraction in those languages must find "Chine", "EE.UU.", "Russlands", "Tiongkok",
"России", "中国" and "chinoise", "alemão", "russischen", "индийским", and must not find
Munich in Italian "Monaco", a grenade in French "grenade" or Togo in Russian "того". The
English table (``countries.tsv``) cannot serve: its names and adjectives are English.
Sources, in order of trust:

* the curated tables ``kb/curated/names_i18n.tsv`` (extra names, bodies, exclusions,
  preferences), ``kb/curated/demonyms_i18n.tsv`` (adjectives, every inflected form; for
  Russian the masculine nominative) and ``kb/curated/titles_i18n.tsv`` (titles);
* mledoze/countries (ODbL 1.0): common and official names in fra/spa/por/deu/ita/rus/zho,
  and the French demonyms (masculine and feminine singular; plurals are made here by rule);
* CLDR territory names via Babel (Unicode licence), the one source for Indonesian.

German names also get their genitive ("Chinas Außenminister") by rule, and Russian names,
adjectives and titles every case form (``tools.kb_build.russian``): a word matcher finds
"в Индии" only if "Индии" is listed. A form that two codes claim in one language is dropped
from both unless a curated row says ``prefer``, as the English build does. Forms left out
on purpose (``exclude`` rows) are written to the ``excluded`` column, so that a caller who
merges in the English names can leave out the same ones (``Countries.excluded_forms``).
Babel is needed only here, at build time; the output is committed. The build is
deterministic: the same inputs give byte-identical files.
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

from parley.kb.countries import acronym_key, is_case_sensitive, name_key
from parley.kb.tables import read_table
from tools.kb_build import CURATED, DATA, default_sources, require_sources, russian

DEFAULT_SOURCES = default_sources()
OUT_TSV = DATA / "countries_i18n.tsv"
TITLES_TSV = DATA / "titles_i18n.tsv"

#: The languages of the table, in output order.
LANGS: tuple[str, ...] = ("fr", "es", "pt", "de", "it", "id", "ru", "zh")
#: What a curated row's ``*`` stands for: the languages written in Latin script, where a
#: Latin acronym ("ASEAN", "G20") is the name; Russian and Chinese rows are explicit.
LATIN_LANGS: tuple[str, ...] = ("fr", "es", "pt", "de", "it", "id")
#: mledoze's translation keys; it has no Indonesian.
MLEDOZE_LANG = {
    "fr": "fra", "es": "spa", "pt": "por", "de": "deu", "it": "ita", "ru": "rus", "zh": "zho",
}  # fmt: skip
#: Curated actions: ``add`` and ``drop`` forms, ``prefer`` a contested form, ``exclude`` a
#: form on purpose (recorded in the output), add forms ``inflected`` already (no rule).
ACTIONS = frozenset({"add", "drop", "prefer", "exclude", "inflected"})
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
    if is_case_sensitive(form):
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
        if " " in name or is_case_sensitive(name) or name.isupper():
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
        langs = LATIN_LANGS if row["lang"] == "*" else (row["lang"],)
        if any(lang not in LANGS for lang in langs):
            errors.append(f"{path.name}:{n}: unknown language {row['lang']!r}")
        if row["action"] not in ACTIONS:
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
    for r in read_table(data / "countries.tsv"):
        if "UN" in r["orgs"].split("|") or r["code"] in EXTRA_STATES:
            states[r["code"]] = CLDR_CODE.get(r["code"], r["iso2"])
    bodies = [r["code"] for r in read_table(data / "orgs.tsv")]
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
    """Names, adjectives and exclusions per (code, lang) while they are assembled."""

    names: dict[tuple[str, str], Forms] = field(default_factory=lambda: defaultdict(Forms))
    adjectives: dict[tuple[str, str], Forms] = field(default_factory=lambda: defaultdict(Forms))
    excluded: dict[tuple[str, str], Forms] = field(default_factory=lambda: defaultdict(Forms))


@dataclass
class Curation:
    """What the curated rows decided besides the forms themselves."""

    prefer: dict[tuple[str, str], set[str]]
    #: (code, lang) -> spelling keys of forms given already inflected: no rule applies.
    as_is: dict[tuple[str, str], set[str]]


def apply_curated(
    table: dict[tuple[str, str], Forms],
    rows: list[CuratedRow],
    known: set[str],
    excluded: dict[tuple[str, str], Forms],
    kind: str = "name",
) -> Curation:
    """Adds, then drops and exclusions; returns the preferences and the as-is forms.

    An ``exclude`` row removes its forms whatever source gave them, and records them so the
    output says which forms a language leaves out on purpose.
    """
    errors = [f"line {r.line}: unknown code {r.code}" for r in rows if r.code not in known]
    if errors:
        raise SystemExit("curated i18n rows:\n  " + "\n  ".join(errors))
    as_is: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r.action in ("add", "inflected"):
            for f in r.forms:
                table[(r.code, r.lang)].respell(f)
                if r.action == "inflected":
                    as_is[(r.code, r.lang)].add(spelling_key(f))
    for r in rows:
        if r.action == "drop":
            for f in r.forms:
                if not table[(r.code, r.lang)].drop(f):
                    warn(f"line {r.line}: drop {r.code} {r.lang} {f!r} matches nothing")
        elif r.action == "exclude":  # in Russian, with every case form
            for f in r.forms:
                for form in _russian_forms(f, kind) if r.lang == "ru" else [f]:
                    table[(r.code, r.lang)].drop_key(form_key(form))
                    excluded[(r.code, r.lang)].add(form)
    prefer: dict[tuple[str, str], set[str]] = defaultdict(set)
    for r in rows:
        if r.action == "prefer":
            for f in r.forms:
                for form in _russian_forms(f, kind) if r.lang == "ru" else [f]:
                    prefer[(r.lang, form_key(form))].add(r.code)
    return Curation(prefer, as_is)


def _russian_forms(form: str, kind: str) -> list[str]:
    """Every case form of a Russian name, or every form of an adjective's masculine nominative."""
    return russian.decline(form) if kind == "name" else russian.adjective_forms(form)


def inflect_russian(
    table: dict[tuple[str, str], Forms], as_is: dict[tuple[str, str], set[str]], kind: str
) -> None:
    """Every case form of the Russian names (or adjectives) the table holds so far.

    Names decline as phrases ("Южной Кореи"); an adjective is given as its masculine
    nominative and gets its twelve forms ("индийскому", "индийскими"). Forms a curated row
    gave already inflected are left alone.
    """
    for (code, lang), forms in table.items():
        if lang != "ru":
            continue
        for form in list(forms):
            if spelling_key(form) in as_is.get((code, lang), set()):
                continue
            for f in _russian_forms(form, kind):
                forms.add(f)


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
    """Rows ``code lang names adjectives excluded`` for every covered code and language."""
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
    names = apply_curated(t.names, name_rows, known, t.excluded)
    for code in states:  # the genitive after the curated names, so "Weißrusslands" comes too
        forms = t.names[(code, "de")]
        for form in german_genitives(list(forms)):
            forms.add(form)
    adjectives = apply_curated(t.adjectives, adj_rows, known, t.excluded, "adjective")
    inflect_russian(t.names, names.as_is, "name")
    inflect_russian(t.adjectives, adjectives.as_is, "adjective")
    resolve_contests(t.names, names.prefer, "name")
    resolve_contests(t.adjectives, adjectives.prefer, "adjective")
    rows = []
    order = sorted(known)
    for code in order:
        for lang in LANGS:
            cells = [
                list(table.get((code, lang), Forms()))
                for table in (t.names, t.adjectives, t.excluded)
            ]
            if any(cells):
                rows.append([code, lang, *("|".join(c) for c in cells)])
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
    for code, lang, names, adjectives, excluded in rows:
        for form in [*names.split("|"), *adjectives.split("|"), *excluded.split("|")]:
            if "\t" in form or "\n" in form:
                errors.append(f"{code} {lang}: separator in {form!r}")
        for form in filter(None, adjectives.split("|")):
            if form != form.lower():
                errors.append(f"{code} {lang}: adjective {form!r} is not lower case")
    return errors


# -- titles -------------------------------------------------------------------------

#: Columns of ``titles_i18n.tsv``, curated and built alike.
TITLE_COLUMNS = ["lang", "phrase", "role", "title", "country_only", "note"]


def read_titles(path: Path) -> list[dict[str, str]]:
    """Rows of ``curated/titles_i18n.tsv``; ``#`` lines are comments."""
    lines = [
        line
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    header = lines[0].split("\t")
    return [
        dict(zip(header, cells + [""] * (len(header) - len(cells)), strict=True))
        for cells in (line.split("\t") for line in lines[1:])
    ]


def build_titles(curated: Path = CURATED) -> list[list[str]]:
    """Rows of ``titles_i18n.tsv``: one per phrase as text writes it.

    Russian rows give a nominative, which is declined here (animate: "министра"), or every
    form joined by ``|`` where the rule would be wrong ("папа римский"). Other languages'
    phrases are copied. The first row of a phrase and sense wins, and the note stays on the
    nominative.
    """
    from parley.kb.people import ROLES

    rows: list[list[str]] = []
    seen: set[tuple[str, str, str]] = set()
    errors: list[str] = []
    for n, r in enumerate(read_titles(curated / "titles_i18n.tsv"), start=1):
        lang, phrase = r["lang"], r["phrase"]
        if lang not in LANGS or r["role"] not in ROLES or not r["title"]:
            errors.append(f"row {n}: bad language, role or title: {r}")
        if lang == "ru":  # a trailing "|" marks a single form the rule would spoil
            given = [f.strip() for f in phrase.split("|") if f.strip()]
            forms = given if "|" in phrase else russian.decline(phrase, animate=True)
        elif "|" in phrase:
            errors.append(f"row {n}: only Russian rows list forms: {phrase!r}")
            forms = []
        else:
            forms = [phrase]
        for i, form in enumerate(forms):
            key = (lang, " ".join(form.lower().split()), r["country_only"])
            if key not in seen:
                seen.add(key)
                rows.append([*key[:2], r["role"], r["title"], key[2], r["note"] if i == 0 else ""])
    specific: set[tuple[str, str]] = set()
    for lang, phrase, _role, _title, country, _note in rows:
        if country:
            specific.add((lang, phrase))
        elif (lang, phrase) in specific:
            errors.append(f"{lang} {phrase!r}: the generic sense must come first")
    if errors:
        raise SystemExit("titles_i18n.tsv would be invalid:\n  " + "\n  ".join(errors))
    return rows


#: Columns of ``countries_i18n.tsv``.
COLUMNS = ["code", "lang", "names", "adjectives", "excluded"]


def write_tsv(rows: list[list[str]], out: Path, header: list[str] = COLUMNS) -> None:
    """UTF-8, tab-separated, no quoting, one header: the format of every KB table."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(
            fh, delimiter="\t", lineterminator="\n", quoting=csv.QUOTE_NONE, quotechar=None
        )
        writer.writerow(header)
        writer.writerows(rows)


def main(argv: list[str] | None = None) -> int:
    """Build and write the table; print the counts per language for the docs."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, default=DEFAULT_SOURCES)
    parser.add_argument("--out", type=Path, default=OUT_TSV)
    parser.add_argument("--titles-out", type=Path, default=TITLES_TSV)
    args = parser.parse_args(argv)
    args.sources = require_sources(args.sources)
    rows = build(args.sources)
    write_tsv(rows, args.out)
    counts: defaultdict[str, list[int]] = defaultdict(lambda: [0, 0, 0, 0])
    for _code, lang, *cells in rows:
        counts[lang][0] += 1
        for i, cell in enumerate(cells, start=1):
            counts[lang][i] += len(cell.split("|")) if cell else 0
    summary = ", ".join(
        f"{k} {c[0]} rows/{c[1]} names/{c[2]} adjectives/{c[3]} excluded" for k, c in counts.items()
    )
    print(f"wrote {args.out}: {len(rows)} rows ({summary})", file=sys.stderr)
    titles = build_titles()
    write_tsv(titles, args.titles_out, TITLE_COLUMNS)
    per_lang: defaultdict[str, int] = defaultdict(int)
    for row in titles:
        per_lang[row[0]] += 1
    summary = ", ".join(f"{k} {v}" for k, v in per_lang.items())
    print(f"wrote {args.titles_out}: {len(titles)} rows ({summary})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
