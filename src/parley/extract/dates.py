"""Date expressions in a sentence, resolved against the story's anchor date.

Wire copy dates engagements relative to the dateline ("on Friday" under a Saturday
dateline is the day before), so every expression is resolved against an anchor and a
direction: reports of what happened look back from the anchor, previews look forward.
An expression that cannot be fixed (a weekday with no anchor) resolves to nothing rather
than to a guess.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Literal

Precision = Literal["day", "month", "year"]


@dataclass(frozen=True)
class DateMention:
    """A date expression: its span in the sentence and the date it stands for."""

    start: int
    end: int
    text: str
    date: str | None
    precision: Precision | None
    how: str  # explicit, weekday, relative, month, year


@cache
def _words() -> dict[str, dict[str, int]]:
    data = resources.files("parley.extract.patterns").joinpath("dates.toml").read_text("utf-8")
    return tomllib.loads(data)


def _alt(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def _patterns() -> list[tuple[str, re.Pattern[str]]]:
    w = _words()
    mon = _alt(list(w["months"]))
    wd = _alt(list(w["weekdays"]))
    rel = _alt(list(w["relative_days"]))
    rely = _alt(list(w["relative_years"]))
    relm = _alt(list(w["relative_months"]))
    day = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?P<y>(?:19|20)\d\d)"
    m = rf"(?P<m>{mon})\.?"
    flags = re.IGNORECASE
    return [
        ("iso", re.compile(rf"\b{year}-(?P<mm>[01]\d)-(?P<dd>[0-3]\d)\b")),
        ("cjk", re.compile(r"(?P<y>(?:19|20)\d\d)年(?P<mm>1[0-2]|0?[1-9])月(?P<dd>[0-3]?\d)日")),
        ("mdy", re.compile(rf"\b{m}\s+{day}(?:\s*,\s*|\s+){year}\b", flags)),
        ("dmy", re.compile(rf"\b{day}\s+(?:of\s+)?{m}(?:\s*,?\s*){year}\b", flags)),
        ("md", re.compile(rf"\b{m}\s+{day}\b(?!\s*(?:,\s*)?(?:19|20)\d\d)(?![:.]\d)", flags)),
        ("dm", re.compile(rf"\b{day}\s+(?:of\s+)?{m}\b(?!\s*,?\s*(?:19|20)\d\d)", flags)),
        ("my", re.compile(rf"\b(?:(?:early|mid|late|mid-)\s*)?{m}\s*,?\s+{year}\b", flags)),
        ("month_this", re.compile(rf"\b(?:this|last|next)\s+(?P<m>{mon})\b", flags)),
        (
            "month_in",
            re.compile(
                rf"\b(?:in|since|during|until|by)\s+(?:(?:early|mid|late)[\s-]+)?(?P<m>{mon})\b"
                r"(?!\s+\d)(?:\s+(?P<ty>this|last|next)\s+year)?",
                flags,
            ),
        ),
        ("rel", re.compile(rf"\b(?P<r>{rel})\b", flags)),
        ("relm", re.compile(rf"\b(?P<r>{relm})\b", flags)),
        ("rely", re.compile(rf"\b(?P<r>{rely})\b", flags)),
        (
            "weekday",
            re.compile(
                rf"\b(?:(?P<q>this|last|next|on|earlier on|late on|early on)\s+)?"
                rf"(?P<w>{wd})\b(?!\s*,?\s*(?:{mon})\b)",
                flags,
            ),
        ),
        ("year", re.compile(rf"(?:\bin\s+|\(|\bthe\s+|\bsince\s+){year}\b(?!-)")),
    ]


def _weekday_hint(text: str) -> bool:
    return text[:1].isupper() or text[:2].lower() in {"on", "th", "la", "ne", "ea"}


def _complete_year(month: int, day_: int, anchor: date | None, forward: bool) -> date | None:
    """The year that puts day/month nearest the anchor on the side the tense points to."""
    if anchor is None:
        return None
    best: date | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        try:
            cand = date(y, month, day_)
        except ValueError:
            continue
        delta = (cand - anchor).days
        ok = delta >= -2 if forward else delta <= 2
        if ok and (best is None or abs(delta) < abs((best - anchor).days)):
            best = cand
    return best


def _weekday_date(weekday: int, anchor: date | None, qualifier: str, forward: bool) -> date | None:
    if anchor is None:
        return None
    diff = (anchor.weekday() - weekday) % 7
    if qualifier == "next" or (forward and qualifier != "last"):
        ahead = (weekday - anchor.weekday()) % 7
        if qualifier == "next" and ahead == 0:
            ahead = 7
        return anchor + timedelta(days=ahead)
    if qualifier == "last" and diff == 0:
        diff = 7
    return anchor - timedelta(days=diff)


def _shift_month(d: date, months: int) -> date:
    idx = d.year * 12 + d.month - 1 + months
    return date(idx // 12, idx % 12 + 1, 1)


def _month_date(month: int, anchor: date | None, rel: str | None, forward: bool) -> date | None:
    if anchor is None:
        return None
    if rel == "last":
        y = anchor.year if month < anchor.month else anchor.year - 1
    elif rel == "next":
        y = anchor.year if month > anchor.month else anchor.year + 1
    elif rel == "this":
        y = anchor.year
    elif forward:
        y = anchor.year if month >= anchor.month else anchor.year + 1
    else:
        y = anchor.year if month <= anchor.month else anchor.year - 1
    return date(y, month, 1)


def _resolve(
    kind: str, g: dict[str, str | None], anchor: date | None, forward: bool
) -> tuple[date | None, Precision | None]:
    w = _words()
    months = w["months"]
    if kind in {"iso", "cjk"}:
        return _safe(int(g["y"] or 0), int(g["mm"] or 0), int(g["dd"] or 0)), "day"
    if kind in {"mdy", "dmy"}:
        return _safe(int(g["y"] or 0), months[(g["m"] or "").lower()], int(g["d"] or 0)), "day"
    if kind in {"md", "dm"}:
        d = int(g["d"] or 0)
        if not 1 <= d <= 31:
            return None, None
        return _complete_year(months[(g["m"] or "").lower()], d, anchor, forward), "day"
    if kind == "my":
        return _safe(int(g["y"] or 0), months[(g["m"] or "").lower()], 1), "month"
    if kind == "rel":
        if anchor is None:
            return None, None
        return anchor + timedelta(days=w["relative_days"][(g["r"] or "").lower()]), "day"
    if kind == "relm":
        if anchor is None:
            return None, None
        return _shift_month(anchor, w["relative_months"][(g["r"] or "").lower()]), "month"
    if kind == "rely":
        if anchor is None:
            return None, None
        return date(anchor.year + w["relative_years"][(g["r"] or "").lower()], 1, 1), "year"
    if kind == "month_this":
        return _month_date(months[(g["m"] or "").lower()], anchor, _first_word(g), forward), "month"
    if kind == "month_in":
        ty = (g.get("ty") or "").lower() or None
        return _month_date(months[(g["m"] or "").lower()], anchor, ty, forward), "month"
    if kind == "weekday":
        q = (g.get("q") or "").lower()
        return _weekday_date(w["weekdays"][(g["w"] or "").lower()], anchor, q, forward), "day"
    if kind == "year":
        return _safe(int(g["y"] or 0), 1, 1), "year"
    return None, None


def _first_word(g: dict[str, str | None]) -> str | None:
    whole = g.get("_all") or ""
    return whole.split()[0].lower() if whole else None


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(text: str, anchor: date | None, forward: bool = False) -> list[DateMention]:
    """Every date expression in ``text``, longest first where two overlap."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for kind, pat in _patterns():
        for m in pat.finditer(text):
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "weekday" and not m.group("q") and not _weekday_hint(m.group("w")):
                continue
            if kind == "md" and _looks_like_may_verb(text, m):
                continue
            g = {k: v for k, v in m.groupdict().items()}
            g["_all"] = m.group(0)
            d, prec = _resolve(kind, g, anchor, forward)
            taken.append((s, e))
            found.append(
                DateMention(
                    s, e, m.group(0), d.isoformat() if d else None, prec if d else None, _how(kind)
                )
            )
    found.sort(key=lambda x: x.start)
    return found


def _looks_like_may_verb(text: str, m: re.Match[str]) -> bool:
    """ "may 5" is rare in news; "May" as a modal verb precedes a number almost never."""
    return m.group("m").lower() == "may" and m.group("m")[0] == "m"


def _how(kind: str) -> str:
    return {
        "iso": "explicit",
        "cjk": "explicit",
        "mdy": "explicit",
        "dmy": "explicit",
        "md": "explicit",
        "dm": "explicit",
        "my": "month",
        "rel": "relative",
        "relm": "month",
        "rely": "year",
        "month_this": "month",
        "month_in": "month",
        "weekday": "weekday",
        "year": "year",
    }[kind]


def parse_iso_date(value: str | None) -> date | None:
    """The date part of an ISO date or date-time string (month-only values give the 1st)."""
    if not value:
        return None
    m = re.match(r"(\d{4})-(\d{2})(?:-(\d{2}))?", value)
    if not m:
        return None
    return _safe(int(m.group(1)), int(m.group(2)), int(m.group(3) or 1))


def anchor_precision(value: str | None) -> Precision | None:
    """How precise a stated publication date is: "2023-04" fixes only the month."""
    if not value:
        return None
    return "day" if re.match(r"\d{4}-\d{2}-\d{2}", value) else "month"
