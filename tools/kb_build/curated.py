"""The curated officials (``kb/curated/officials.csv``): every change the sources miss,
one row per tenure with its source note; they win over the sources."""

from __future__ import annotations

import csv
import re
from datetime import date
from pathlib import Path

from parley.kb.people import (
    ROLE_RANK,
    normalize,
)
from parley.model import Tenure
from tools.kb_build.base import NOT_SHORT_NAMES, Countries, Person

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
