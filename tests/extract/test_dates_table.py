"""Tricky date expressions of issue 14 ("on the 14th", "two days ago", "12.03.2024",
holidays, "3/4/2024" left unknown), scored on a table the team wrote
(``dates_table.tsv``); the figures are in docs/kb-geo.md. Run with ``-s`` to see them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from parley.extract.dates import find_dates
from parley.kb.tables import read_table

TABLE = Path(__file__).with_name("dates_table.tsv")
FLOOR = 0.98  # every row passes on this revision; the issue asks for 95 %


ROWS = read_table(TABLE)


def read(row: dict[str, str]) -> tuple[str | None, str | None] | None:
    """The first date expression of the phrase (None: the phrase shows none)."""
    found = find_dates(row["text"], date.fromisoformat(row["anchor"]), row["forward"] == "1")
    return (found[0].date, found[0].precision) if found else None


def test_table_is_as_the_issue_asks() -> None:
    assert len(ROWS) >= 60
    assert sum(r["date"] == "null" for r in ROWS) >= 3


def test_dates_right() -> None:
    misses = []
    for row in ROWS:
        want = (None, None) if row["date"] == "null" else (row["date"], row["precision"])
        got = read(row)
        if got != want:
            misses.append(f"{row['text']!r} ({row['anchor']}): {got} != {want}")
    print(f"\ndates: right {len(ROWS) - len(misses)}/{len(ROWS)}")
    assert (len(ROWS) - len(misses)) / len(ROWS) >= FLOOR, "\n".join(misses)


def test_an_eve_is_not_the_day_before_the_story() -> None:
    """ "The day before the summit" is the summit's eve; only "the day before" alone is
    the story's day before."""
    anchor = date(2024, 3, 15)
    assert find_dates("They met the day before the summit.", anchor) == []
    assert find_dates("They met the day before Putin's visit.", anchor) == []


def test_an_ambiguous_number_is_found_but_not_resolved() -> None:
    """ "3/4/2024" is a date, so the story's own date must not be taken for it."""
    (found,) = find_dates("They met on 3/4/2024.", date(2024, 3, 15))
    assert found.text == "3/4/2024" and found.date is None
