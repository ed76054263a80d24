"""Spelling variants of names by rule (``kb/curated/name_token_variants.tsv``,
romanisation endings, initials): the forms the press writes."""

from __future__ import annotations

import re

from parley.kb.people import (
    normalize,
)
from parley.kb.tables import read_table
from parley.text import fold_name
from tools.kb_build import CURATED
from tools.kb_build.base import ARABIC_NAMES, CYRILLIC_NAMES, MAX_VARIANTS, NO_INITIALS, Person

# ---------------------------------------------------------------------------------------
# spelling variants

TOKEN_VARIANTS: dict[str, list[str]] = {
    r["token"]: r["variants"].split("|") for r in read_table(CURATED / "name_token_variants.tsv")
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


def _excluded(person: Person, alias: str) -> bool:
    return bool(person.excluded) and normalize(alias) in person.excluded
