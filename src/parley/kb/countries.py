"""States and international bodies, and every way news writes them.

The contract codes states by ISO 3166-1 alpha-3 and officials of bodies by the body's
short code (``UN``, ``EU``, ``NATO``...), so both live in one table here: a participant's
``country`` is whatever :meth:`Countries.get` knows. The tables are built offline by
``python -m tools.kb_build.geo`` (see ``docs/kb-geo.md``); this module only reads them,
once per process, because extraction asks about countries for every sentence.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Literal

_PUNCT = str.maketrans(
    {
        "\u2019": "'",
        "\u2018": "'",
        "\u02bc": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u00a0": " ",
    }
)
_DROP = re.compile(r"[.,'()\"]")
_SPACE = re.compile(r"[\s\-/]+")


def name_key(text: str) -> str:
    """The form two spellings of one name share: "Côte d'Ivoire" = "cote divoire".

    Case, accents, dots, apostrophes and commas carry no identity in news names
    ("U.S." / "US", "Xi'an" / "Xian", "St. Petersburg" / "St Petersburg"), and hyphens
    vary freely ("Novo-Ogaryovo" / "Novo Ogaryovo"), so all of them are erased.
    """
    t = text.translate(_PUNCT)
    if not t.isascii():
        t = "".join(c for c in unicodedata.normalize("NFKD", t) if not unicodedata.combining(c))
        t = t.replace("ß", "ss").replace("ø", "o").replace("Ø", "O").replace("ł", "l")
        t = t.replace("Ł", "L").replace("đ", "d").replace("Đ", "D").replace("ı", "i")
    t = _DROP.sub("", t.lower())
    return _SPACE.sub(" ", t).strip()


def is_case_sensitive(form: str) -> bool:
    """Short capitalised acronyms ("US", "U.S.", "UN", "AU") are ordinary words in lower case.

    Dotted spellings count too: folding "U.S." would otherwise give the word "us".
    """
    letters = [c for c in form if c.isalpha()]
    return bool(letters) and form.isupper() and len(letters) <= 3


_ACRONYM_DROP = re.compile(r"[.\s]")


def acronym_key(form: str) -> str:
    """ "U.S." and "US" share ``US``; case is kept."""
    return _ACRONYM_DROP.sub("", form)


_THE = re.compile(r"^(?:the|la|le|el|die)\s+", re.IGNORECASE)
_POSSESSIVE = re.compile(r"(?:'s|\u2019s|'|\u2019)$")


def _strip_article(text: str) -> str:
    """ "the United States's" asks for the same country as "United States"."""
    t = _POSSESSIVE.sub("", text.strip())
    return _THE.sub("", t).strip()


@dataclass(frozen=True)
class Country:
    """A state (ISO alpha-3) or an international body (short code), as the KB knows it.

    ``orgs`` are the bodies a state belongs to (full members only); ``members`` are the
    states of a body. ``capital_geonameid`` is the capital of a state or the seat of a body.
    """

    code: str
    name: str
    names: tuple[str, ...]
    adjectives: tuple[str, ...]
    capital_geonameid: int | None
    orgs: tuple[str, ...]
    kind: Literal["state", "org"]
    members: tuple[str, ...] = ()


def _split(cell: str) -> tuple[str, ...]:
    return tuple(x for x in cell.split("|") if x) if cell else ()


def _int(cell: str) -> int | None:
    return int(cell) if cell else None


def data_dir() -> Path:
    """Where the built tables ship inside the package."""
    return Path(str(resources.files("parley.kb").joinpath("data")))


def _read_tsv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE))


class _FormIndex:
    """Surface form -> code, exact for short acronyms and case-insensitive otherwise."""

    def __init__(self) -> None:
        self.exact: dict[str, str] = {}
        self.folded: dict[str, str] = {}
        self.acronyms: dict[str, str] = {}

    def add(self, form: str, code: str) -> None:
        if is_case_sensitive(form):
            self.exact.setdefault(acronym_key(form), code)
            self.acronyms.setdefault(acronym_key(form).lower(), code)
        else:
            self.folded.setdefault(name_key(form), code)

    def find(self, text: str, *, lenient: bool) -> str | None:
        exact = acronym_key(text)
        if exact in self.exact:
            return self.exact[exact]
        key = name_key(text)
        if key in self.folded and not (key in self.acronyms and not lenient):
            return self.folded[key]
        return self.acronyms.get(key.replace(" ", "")) if lenient else None


#: Languages of ``countries_i18n.tsv`` besides English (built by ``tools.kb_build.i18n``).
I18N_LANGS: tuple[str, ...] = ("fr", "es", "pt", "de", "it", "id", "ru", "zh")

SurfaceForm = tuple[str, str, str]


@cache
def _i18n_forms(path: Path) -> dict[str, tuple[SurfaceForm, ...]]:
    """``countries_i18n.tsv`` as language -> (form, code, kind), read once per file.

    Kept apart from the English tables and read only on the first non-English request,
    so English-only runs never pay for it.
    """
    out: dict[str, list[SurfaceForm]] = {}
    for row in _read_tsv(path):
        forms = out.setdefault(row["lang"], [])
        forms += [(f, row["code"], "name") for f in _split(row["names"])]
        forms += [(f, row["code"], "adjective") for f in _split(row["adjectives"])]
    return {lang: tuple(forms) for lang, forms in out.items()}


@cache
def _i18n_excluded(path: Path) -> dict[str, frozenset[str]]:
    """``countries_i18n.tsv``'s ``excluded`` column as language -> ``name_key`` forms.

    A key is left out if the language keeps a form of the same key: Italian excludes "Usa"
    (the verb) but keeps "USA", so English "USA" must stay in an Italian matcher.
    """
    excluded: dict[str, set[str]] = {}
    kept: dict[str, set[str]] = {}
    for row in _read_tsv(path):
        lang = row["lang"]
        excluded.setdefault(lang, set()).update(name_key(f) for f in _split(row["excluded"]))
        forms = (*_split(row["names"]), *_split(row["adjectives"]))
        kept.setdefault(lang, set()).update(name_key(f) for f in forms)
    return {lang: frozenset(keys - kept[lang]) for lang, keys in excluded.items()}


class Countries:
    """Lookup of states and bodies by code, name or adjective.

    Names and adjectives are kept in separate indexes because "Chinese" tells whose
    official someone is while "China" names a place or a party; the builder has already
    removed forms that several entries claim (see ``docs/kb-geo.md``).
    """

    def __init__(self, directory: Path | None = None) -> None:
        d = directory or data_dir()
        self._dir = d
        self._by_code: dict[str, Country] = {}
        for row in _read_tsv(d / "countries.tsv"):
            self._add(self._state(row))
        for row in _read_tsv(d / "orgs.tsv"):
            self._add(self._org(row))
        self._names = _FormIndex()
        self._adjectives = _FormIndex()
        for c in self._by_code.values():
            for form in c.names:
                self._names.add(form, c.code)
            for form in c.adjectives:
                self._adjectives.add(form, c.code)

    @classmethod
    @cache
    def default(cls) -> Countries:
        """The shipped tables, loaded once per process."""
        from parley.kb import prebuilt

        found = prebuilt.kb("countries")
        return found if found is not None else cls()

    @staticmethod
    def _state(row: dict[str, str]) -> Country:
        return Country(
            code=row["code"],
            name=row["name"],
            names=_split(row["names"]),
            adjectives=_split(row["adjectives"]),
            capital_geonameid=_int(row["capital_geonameid"]),
            orgs=_split(row["orgs"]),
            kind="state",
        )

    @staticmethod
    def _org(row: dict[str, str]) -> Country:
        acronyms = _split(row["acronyms"])
        return Country(
            code=row["code"],
            name=row["name"],
            names=tuple(dict.fromkeys((*_split(row["names"]), *acronyms))),
            adjectives=acronyms,
            capital_geonameid=_int(row.get("hq_geonameid", "")),
            orgs=(),
            kind="org",
            members=_split(row["members"]),
        )

    def _add(self, country: Country) -> None:
        self._by_code[country.code] = country

    def __iter__(self) -> Iterator[Country]:
        return iter(self._by_code.values())

    def __len__(self) -> int:
        return len(self._by_code)

    def get(self, code: str) -> Country | None:
        """An ISO alpha-3 code or a body's short code, in any case."""
        return self._by_code.get(code.strip().upper()) if code else None

    def by_name(self, text: str) -> Country | None:
        """ "Russia", "the United States", "U.S.", "UAE", "EU", "European Union".

        Two- and three-letter acronyms must be written in capitals ("US" but not "us").
        """
        if not text:
            return None
        code = self._names.find(_strip_article(text), lenient=False)
        return self._by_code.get(code) if code else None

    def by_adjective(self, text: str) -> Country | None:
        """ "Chinese", "Emirati", "U.S.", "EU" (as in "EU foreign policy chief").

        Adjectives are looked up where the caller already knows the word modifies an
        official ("his us counterpart" after folding), so acronyms match in any case.
        """
        if not text:
            return None
        code = self._adjectives.find(_strip_article(text), lenient=True)
        return self._by_code.get(code) if code else None

    def surface_forms(self, lang: str = "en") -> Iterator[SurfaceForm]:
        """(form, code, "name" | "adjective") for a phrase matcher, each pair once.

        ``lang`` "en" gives the English table, unchanged. "fr", "es", "pt", "de", "it",
        "id", "ru" and "zh" give only that language's forms ("Chine", "chinoise",
        "EE.UU.", "Russlands", "PBB", "России", "индийским", "俄罗斯") from
        ``countries_i18n.tsv``, read on first use; Russian forms come in every case. A
        caller that wants English names too chains ``surface_forms("en")``, leaving out
        the English names that are false friends there (Italian "Monaco" is Munich): see
        :meth:`excluded_forms`. Adjectives in those languages are lower case, as they are
        written. Any other language yields nothing: there is no table for it, and English
        forms would be a guess.
        """
        lang = lang.lower()
        if lang != "en":
            yield from _i18n_forms(self._dir / "countries_i18n.tsv").get(lang, ())
            return
        for c in self._by_code.values():
            for form in c.names:
                yield form, c.code, "name"
            for form in c.adjectives:
                yield form, c.code, "adjective"

    def excluded_forms(self, lang: str) -> frozenset[str]:
        """Forms a language leaves out on purpose, as ``name_key`` keys; test ``name_key(form)``.

        They are the curated ``exclude`` rows of ``kb/curated/names_i18n.tsv`` and
        ``demonyms_i18n.tsv``: false friends and ordinary words (it "monaco" = Munich, fr
        "congo", es "america" and "jordan" = the river, ru "того" and "америка" in every
        case, de "england", zh "中"...). Names and adjectives alike, whichever state they
        would point to. A key the language keeps in another spelling is not excluded
        (Italian keeps "USA" though it excludes "Usa"). The English table and languages
        without a table exclude nothing: empty set.
        """
        lang = lang.lower()
        if lang == "en":
            return frozenset()
        return _i18n_excluded(self._dir / "countries_i18n.tsv").get(lang, frozenset())
