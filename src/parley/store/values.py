"""Filter values as people type them, checked before they reach a query.

A filter that matches nothing because of a typo ("--kind visit", "--country China" when
codes were expected) looks exactly like a filter that found nothing; an analyst cannot
tell the two apart. So the CLI and the Python API both pass their values through here:
country names become codes, dates may be written as people say them ("yesterday",
"last week", "2024-05"), and a value that cannot mean anything is a ``ValueError``
naming it and the closest values that would have (the CLI turns it into a one-line
usage error, exit 2).
"""

from __future__ import annotations

import re
import tomllib
from datetime import date, datetime
from functools import cache
from importlib import resources
from typing import Any

KINDS = ("meeting", "call")
STATUSES = ("occurred", "planned")
STANCES = ("support", "praise", "oppose", "accuse", "call", "agree", "cooperate", "inform", "other")
PRECISIONS = ("day", "month", "year")

_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_NUMERIC = re.compile(r"^[\d\s./-]+$")


def closest(value: str, choices: list[str], n: int = 3) -> list[str]:
    """The choices nearest to a mistyped value, best first (for error messages)."""
    from rapidfuzz import fuzz, process

    found = process.extract(value, choices, scorer=fuzz.WRatio, limit=n, score_cutoff=60)
    return [c for c, _, _ in found]


def _did_you_mean(value: str, choices: list[str]) -> str:
    near = closest(value, choices)
    return f"; closest: {', '.join(near)}" if near else ""


def choice(value: str, choices: tuple[str, ...], what: str) -> str:
    """``value`` if it is one of ``choices`` (any case), else a ValueError listing them."""
    low = value.strip().lower()
    if low in choices:
        return low
    raise ValueError(f"{value!r} is not a {what}: one of {', '.join(choices)}")


def parse_kind(value: str) -> str:
    return choice(value, KINDS, "kind")


def parse_status(value: str) -> str:
    return choice(value, STATUSES, "status")


def parse_stance(value: str) -> str:
    return choice(value, STANCES, "stance")


@cache
def topic_ids() -> tuple[str, ...]:
    """The taxonomy's topic ids, read from the data file (not from the extractor)."""
    raw = tomllib.loads(
        resources.files("parley.kb").joinpath("data/topics.toml").read_text("utf-8")
    )
    return tuple(t["id"] for t in raw["topic"])


def parse_topic(value: str) -> str:
    low = value.strip().lower()
    if low in topic_ids():
        return low
    raise ValueError(
        f"{value!r} is not a topic id (kb/data/topics.toml)"
        + _did_you_mean(value, list(topic_ids()))
    )


def parse_country(value: str) -> str:
    """A state's or body's code from its code ("CHN", "eu"), name ("China", "the United
    States") or adjective ("Chinese"), as the knowledge base knows them."""
    from parley.kb.countries import Countries

    kb = Countries.default()
    text = value.strip()
    found = kb.get(text) or kb.by_name(text) or kb.by_adjective(text)
    if found is not None:
        return found.code
    labels = {c.name: c for c in kb}
    near = [
        f"{labels[n].name} ({labels[n].code})" if n in labels else n
        for n in closest(text, [*labels, *(c.code for c in kb)])
    ]
    hint = f"; closest: {', '.join(near)}" if near else ""
    raise ValueError(f"{value!r} is not a country or international body{hint}")


def parse_date(value: str | date | Any, today: date | None = None) -> str:
    """A date filter as the store compares it: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``.

    The precision the user wrote is kept, because it is what they meant: ``--since
    2024-05`` starts on 1 May and ``--until 2024-05`` ends on 31 May (the store compares
    ISO strings, so a prefix covers its whole month). Words are read by dateparser
    relative to ``today``: "yesterday" and "3 days ago" are days, "last week" the day a
    week ago, "last month" that month, "last year" that year. Slashed or dotted numbers
    ("05/03/2024") are refused: whether that is March or May depends on the reader.
    """
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if hasattr(value, "isoformat") and not isinstance(value, str):  # pandas Timestamp
        return str(value.isoformat())[:10]
    text = str(value).strip()
    iso = _ISO.match(text)
    if iso:
        return _checked_iso(text, iso)
    if not text or _NUMERIC.match(text):
        raise ValueError(f"{text!r} is not a date: write YYYY, YYYY-MM or YYYY-MM-DD")
    return _natural(text, today or date.today())


def _checked_iso(text: str, m: re.Match[str]) -> str:
    year, month, day = m.group(1), m.group(2), m.group(3)
    try:
        if day is not None:
            return date(int(year), int(month), int(day)).isoformat()
        if month is not None:
            return date(int(year), int(month), 1).isoformat()[:7]
    except ValueError:
        raise ValueError(f"{text!r} is not a date: no such day or month") from None
    return year


_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_LAST_MONTH_NAME = re.compile(
    r"^last\s+(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?$", re.IGNORECASE
)


def _natural(text: str, today: date) -> str:
    from dateparser.date import DateDataParser

    named = _LAST_MONTH_NAME.match(text)
    if named:  # "last November": the latest November before this month (dateparser: none)
        month = _MONTHS.index(named.group(1).lower()) + 1
        year = today.year if month < today.month else today.year - 1
        return f"{year:04d}-{month:02d}"

    base = datetime(today.year, today.month, today.day, 12)
    parser = DateDataParser(
        languages=["en"],
        settings={
            "PREFER_DATES_FROM": "past",
            "RETURN_TIME_AS_PERIOD": True,
            "RELATIVE_BASE": base,
        },
    )
    got = parser.get_date_data(text)
    if got.date_obj is None:
        raise ValueError(
            f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY, or words such as "
            "'yesterday', 'last week', 'last November', '3 days ago', 'May 2024'"
        )
    day: date = got.date_obj.date()  # dateparser is untyped
    if got.period == "year":
        return f"{day.year:04d}"
    if got.period == "month":
        return day.isoformat()[:7]
    return day.isoformat()


def shown_date(value: str | None, precision: str | None) -> str:
    """A stored date as a person should read it: a month-only date (stored as the 1st) is
    ``2023-11``, a year-only one ``2023``; printing ``2023-11-01`` would claim a day the
    sources never gave."""
    if not value:
        return ""
    if precision == "month":
        return value[:7]
    if precision == "year":
        return value[:4]
    return value


class FilterValueError(ValueError):
    """A filter value that cannot mean anything; ``option`` names the filter it was given
    to, so the CLI can say ``--country`` and the Python API ``country=``."""

    def __init__(self, option: str, reason: str) -> None:
        super().__init__(f"{option}: {reason}")
        self.option, self.reason = option, reason


def _checked(option: str, fn: Any, value: Any) -> Any:
    try:
        return fn(value)
    except ValueError as e:
        raise FilterValueError(option, str(e)) from None


def event_filter(
    *,
    actor: str | None = None,
    country: str | list[str] | tuple[str, ...] | None = None,
    country2: str | None = None,
    between: tuple[Any, Any] | list[Any] | None = None,
    since: Any = None,
    until: Any = None,
    kind: str | None = None,
    status: str | None = None,
    place: str | None = None,
    search: str | None = None,
    topic: str | None = None,
    primary: bool | None = None,
    limit: int | None = None,
    offset: int = 0,
    today: date | None = None,
) -> Any:
    """An :class:`~parley.store.query.EventFilter` from values as a person gives them.

    ``country`` may be one value or several (every one of them must have taken part, as a
    repeated ``--country`` does); names and adjectives become codes. ``between=(A, B)``
    is ``since=A, until=B``. Each value is checked; the first that cannot mean anything
    raises :class:`FilterValueError`.
    """
    from parley.store.query import EventFilter

    range_option = "between" if between is not None else "since"
    if between is not None:
        if isinstance(between, str) or len(between) != 2:
            raise FilterValueError("between", "give two dates: (since, until)")
        if since is not None or until is not None:
            raise FilterValueError("between", "give either between or since/until, not both")
        since, until = between
    if isinstance(country, str):
        country = [country]
    codes = [_checked("country", parse_country, c) for c in country or ()]
    if country2:
        codes.append(_checked("country", parse_country, country2))
    codes = list(dict.fromkeys(codes))
    start = _checked(range_option, lambda v: parse_date(v, today), since) if since else None
    end = (
        _checked(
            "between" if between is not None else "until", lambda v: parse_date(v, today), until
        )
        if until
        else None
    )
    if start and end and start > end and not end.startswith(start):
        raise FilterValueError(range_option, f"{start} is after the end of the range, {end}")
    return EventFilter(
        actor=actor or None,
        country=codes[0] if codes else None,
        country2=codes[1] if len(codes) > 1 else None,
        more_countries=tuple(codes[2:]),
        since=start,
        until=end,
        kind=_checked("kind", parse_kind, kind) if kind else None,
        status=_checked("status", parse_status, status) if status else None,
        place=place or None,
        search=search or None,
        topic=_checked("topic", parse_topic, topic) if topic else None,
        primary=bool(primary) or None,
        limit=limit,
        offset=offset,
    )
