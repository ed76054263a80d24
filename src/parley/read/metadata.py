"""Title, publication time, outlet and dateline, read from a document's own lines.

Each reader is a small function over one line (or a handful of lines near the top): the
cleaner decides which lines are headers, this module only says what a header means.
"""

from __future__ import annotations

import re
from datetime import date

from parley.read import dates, rules
from parley.read.dates import Stamp

_SENTENCE_END = re.compile(r"[.;,:。！？…]['\"”’)]*$")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af]")
_MAX_TITLE_WORDS = 30
_MAX_TITLE_CJK = 80


def word_count(line: str) -> int:
    """Words of a line; CJK text counts two characters as a word."""
    cjk = len(_CJK.findall(line)) if not line.isascii() else 0
    return len(line.split()) + cjk // 2


def heading_like(line: str) -> bool:
    """A line that can be a headline: short, not a sentence, not a bullet or a dateline."""
    if not line or line[0] in "-•*–—·|>" or line[0].islower():
        return False
    if _SENTENCE_END.search(line):
        return False
    words = len(line.split())
    cjk = len(_CJK.findall(line)) if not line.isascii() else 0
    if cjk:
        return 4 <= cjk <= _MAX_TITLE_CJK
    if not 2 <= words <= _MAX_TITLE_WORDS:
        return False
    return find_dateline(line) is None


# ---------------------------------------------------------------------------------------
# Outlets


_SOURCE = re.compile(
    r"(?:^|[\s(（\[【|])(?:source|sources|fuente|fonte|quelle|источник|来源|來源)\s*[:：]\s*"
    r"(?P<name>[^|\n]+?)(?=\s{2,}|\s*[|)）\]】]|\s+(?:editor|责任编辑|編輯|编辑)\b|$)",
    re.IGNORECASE,
)
_PAREN_CREDIT = re.compile(r"^\(\s*(?P<name>[^()]{2,40}?)\s*\)\s*[-–—:]")
_COPYRIGHT = re.compile(
    r"^(?:(?:copyright|©|\(c\))\s*)+(?:\d{4}(?:\s*[-–]\s*\d{4})?\s*)?"
    r"(?P<name>[A-Z][\w'’ .&-]{1,40}?)"
    r"(?:\s*[.,]|\s+all rights reserved|\s+\d|\s+[\u4e00-\u9fff]|$)",
    re.IGNORECASE,
)


def outlet_from_source_line(line: str) -> str | None:
    """ "Source: Xinhua | 2022-08-07", "(Source: AFP)", "来源：新华社" -> the outlet named."""
    m = _SOURCE.search(line)
    if not m:
        return None
    name = m.group("name").strip()
    name = re.split(r"\s*[/,;]\s*|\s+\d", name)[0]
    return rules.outlet_name(name) if name else None


def outlet_from_credit(line: str) -> str | None:
    """A whole line that only names a known outlet ("Sputnik", "(AFRICAN EXAMINER) -")."""
    known = rules.canonical_outlet(line)
    if known:
        return known
    m = _PAREN_CREDIT.match(line)
    if m and m.group("name").isupper():
        return rules.outlet_name(m.group("name"))
    return None


def outlet_from_copyright(line: str) -> str | None:
    m = _COPYRIGHT.match(line)
    if not m:
        return None
    name = m.group("name").strip()
    if name.casefold() in rules.not_outlets():
        return None
    return rules.outlet_name(name)


def residual_outlet(residual: str) -> str | None:
    """What remains of a timestamp line, when it is just the outlet ("Xinhua", "PTI")."""
    if not residual or len(residual) > 40:
        return None
    known = rules.canonical_outlet(residual)
    if known:
        return known
    return None


# ---------------------------------------------------------------------------------------
# Datelines

_PLACE = (
    r"(?P<place>(?:[A-Z][A-Za-z\u00c0-\u024f'’.-]*|[A-Z]{2,})"
    r"(?:[ -](?:[A-Z][A-Za-z\u00c0-\u024f'’.-]*"
    r"|de|del|da|do|al|el|es|of|upon|on))*?)"
    r"(?P<region>\s*[\[(][A-Z][A-Za-z .'-]{1,30}[\])])?"
)
_PLACE_UPPER = (
    r"(?P<place>[A-Z][A-Z\u00c0-\u00de'’.-]+(?:[ -][A-Z][A-Z\u00c0-\u00de'’.-]+){0,3})"
    r"(?P<region>\s*[\[(][A-Za-z][A-Za-z .'-]{1,30}[\])])?"
)
_DATE_MD = r"(?P<mon>{mon})\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(?P<year>\d{{4}}))?"
_DATE_DM = r"(?P<day>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<mon>{mon})\.?(?:,?\s+(?P<year>\d{{4}}))?"
_AGENCY = (
    r"(?:\s*\((?P<agency>[^()]{2,40})\)|\.?\s*/(?P<agency2>[A-Za-z -]{2,20})/\.?"
    r"|\s*,\s*(?P<agency3>[A-Z]{2,8})(?=\s*(?:-{1,2}|[–—])))"
)
_DASH = r"\s*(?:-{1,2}|[–—―]|:)\s*"


def _dateline_patterns() -> tuple[re.Pattern[str], ...]:
    mon = dates.month_pattern()
    md = _DATE_MD.format(mon=mon)
    dm = _DATE_DM.format(mon=mon)
    md2 = md.replace("?P<", "?P<b_")
    dm2 = dm.replace("?P<", "?P<c_")
    flags = 0
    return (
        # PLACE, Mon. D (Agency) -- / Place, D Month YYYY (agency) - / KAZAN, October 22. /TASS/.
        re.compile(
            rf"^{_PLACE}\s*,\s*(?i:(?:{md})|(?:{dm2}))\s*(?:{_AGENCY})?(?:{_DASH}|\s+(?=[A-Z\"“])|\s*$)",
            flags,
        ),
        # Mon D (Agency) -   (no place)
        re.compile(rf"^(?i:(?:{md2}))\s*(?:{_AGENCY}){_DASH}", flags),
        # PLACE (Agency) --  /  PLACE —  /  PLACE:
        re.compile(rf"^{_PLACE_UPPER}\s*(?:{_AGENCY})?{_DASH}(?=\S)", flags),
        # Place (Agency) -   ("Brasília (dpa) -", "Nusa Dua (APA/AFP/dpa) -")
        re.compile(rf"^{_PLACE}\s*(?:{_AGENCY}){_DASH}(?=\S)", flags),
        # Place: / Place [Region]: / Place (Region): followed by the lead sentence
        # (not "Brésil : ..." with the French space before the colon: that is a kicker)
        re.compile(rf"^{_PLACE}[:：]\s+(?=[A-Z\"“‘'])", flags),
        # (AGENCY NAME) – lead
        re.compile(r"^\((?P<agency>[A-Z][A-Z .'’&-]{1,30})\)\s*(?:-{1,2}|[–—―])\s*(?=\S)", flags),
        # Place - lead   ("Washington - Bundeskanzler ...": a spaced dash after a short name)
        re.compile(rf"^{_PLACE}\s+[-–—]\s+(?=[A-Z\u00c0-\u00de])", flags),
    )


_PATTERNS: tuple[re.Pattern[str], ...] | None = None


def _patterns() -> tuple[re.Pattern[str], ...]:
    global _PATTERNS
    if _PATTERNS is None:
        _PATTERNS = _dateline_patterns()
    return _PATTERNS


_NOT_PLACES_TEXT = (
    "the a an and but he she it they we i this that these those in on at by for from with "
    "after before as when while during update updated breaking watch video photo photos "
    "live editor source note read also exclusive opinion analysis"
)
_NOT_PLACES = frozenset(_NOT_PLACES_TEXT.split())
_MAX_PLACE_WORDS = 4
# How far into a line a dateline may reach ("NUSA DUA, Indonesia, Nov. 14 (Xinhua/APA/AFP)
# -- " is 50 characters). The patterns try several runs of spaces in a row, which on a
# line opening with 40,000 spaces cost time quadratic in them: they never look further.
_DATELINE_REACH = 240


def _hyphenated(line: str, end: int) -> bool:
    """ "SÜDAMERIKA-REISE DES KANZLERS": a hyphen inside a word is no dateline dash."""
    head = line[:end]
    return head.endswith("-") and head[-2:-1].isalpha() and line[end : end + 1].isalpha()


DatelineMatch = tuple[str | None, int | None, int | None, int | None, str, int]


# What each dateline pattern needs in the line's reach, one character of a set: a comma
# after the place (the first), a dash or a colon ending the opening (the others). A
# title or a lead sentence is most often spared all seven patterns (~10 µs a line).
_DASHES = "-–—―"
_DATELINE_NEEDS = (
    frozenset(","),
    frozenset(_DASHES + ":"),
    frozenset(_DASHES + ":"),
    frozenset(_DASHES + ":"),
    frozenset(":："),
    frozenset(_DASHES),
    frozenset("-–—"),
)
_DATELINE_MARKS = frozenset().union(*_DATELINE_NEEDS)


def find_dateline(line: str, nested: bool = False) -> DatelineMatch | None:
    """``(place, year, month, day, agency, end)`` of a dateline opening ``line``, or None."""
    if len(line) < 6 or not (line[0].isupper() or line[0].isdigit() or line[0] == "("):
        return None
    head = line[:_DATELINE_REACH]
    marks = {c for c in _DATELINE_MARKS if c in head}
    if not marks:
        return None
    for i, pattern in enumerate(_patterns()):
        if marks.isdisjoint(_DATELINE_NEEDS[i]):
            continue
        m = pattern.match(line, 0, _DATELINE_REACH)
        if not m:
            continue
        g = {k: v for k, v in m.groupdict().items() if v}
        place = g.get("place")
        if place:
            place = place.strip().rstrip(".")
            words = place.split()
            if len(words) > _MAX_PLACE_WORDS or words[0].casefold() in _NOT_PLACES:
                continue
            if i == 4 and (len(words) > 3 or line[m.end() :].count(" ") < 6):
                continue
            if i == 2 and (len(place) < 3 or _hyphenated(line, m.end())):
                continue
            if i == 6 and (len(words) > 3 or not all(w[:1].isupper() for w in words)):
                continue
        mon = g.get("mon") or g.get("b_mon") or g.get("c_mon")
        day = g.get("day") or g.get("b_day") or g.get("c_day")
        year = g.get("year") or g.get("b_year") or g.get("c_year")
        month = dates.month_number(mon) if mon else None
        if mon and month is None:
            continue
        agency = (g.get("agency") or g.get("agency2") or g.get("agency3") or "").strip()
        region = (g.get("region") or "").strip(" ()[]")
        if not agency and region and rules.canonical_outlet(region):
            agency = region  # "BEIJING (dpa) -": the bracket names the agency, not a region
        if place and rules.canonical_outlet(place) and not agency:
            continue
        if i == 5 and not nested:  # "(AGENCY) - PLACE, 19 JUN - lead": the dateline follows
            rest = find_dateline(line[m.end() :], nested=True)
            if rest is not None and (rest[0] or rest[3]) and not rest[4]:
                return (*rest[:4], agency, m.end() + rest[5])
        return place, int(year) if year else None, month, int(day) if day else None, agency, m.end()
    return None


def complete_date(
    month: int | None, day: int | None, year: int | None, published: str | None
) -> str | None:
    """A dateline's month and day as an ISO date, the year taken from publication.

    A dateline written in a later month than the publication belongs to the previous year
    (a "Dec. 30" dateline on a story published on 2 January).
    """
    if month is None or day is None:
        return None
    if year is None:
        if not published or not published[:4].isdigit():
            return None
        year = int(published[:4])
        month_part = published[5:7]
        pub_month = int(month_part) if month_part.isdigit() else None
        if pub_month is not None and month > pub_month + 1:
            year -= 1
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


# ---------------------------------------------------------------------------------------
# Publication time


def _day(stamp: Stamp) -> date | None:
    if stamp.day is None:
        return None
    return date(stamp.year, stamp.month, stamp.day)


def choose_published(header: Stamp | None, base: Stamp | None) -> Stamp | None:
    """The page's own header time, unless it disagrees with the container's date.

    ``base`` is the date a crawler or container recorded; the header, read from the page,
    is usually more precise (time and zone) and wins when both name the same day or
    neighbouring days (time zones); a header far from ``base`` is another story's date.
    """
    if header is None:
        return base
    if base is None:
        return header
    hd, bd = _day(header), _day(base)
    if hd is None or bd is None:
        same = header.year == base.year and header.month == base.month
        return header if same and header.precision >= base.precision else base
    if abs((hd - bd).days) <= 1:
        return header if header.precision >= base.precision else base
    return base
