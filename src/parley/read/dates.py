"""Timestamps as news pages print them, parsed without dateparser.

A header line such as "15:21 UTC+8, 2022-09-22" or "Updated: Tuesday, November 08, 2022,
04:23 PM IST" fixes the publication time to the minute, and the offset matters to the
relative dates extraction resolves later. dateparser would read these too, but it costs
milliseconds per call and loads its locale data on import; the formats that occur in page
headers are few and regular, so a handful of regexes built from ``dates.toml`` do it in
microseconds and never guess from a sentence.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache, lru_cache
from importlib import resources


@dataclass(frozen=True)
class Stamp:
    """A calendar date with the optional time and UTC offset a header gave with it."""

    year: int
    month: int
    day: int | None = None
    hour: int | None = None
    minute: int | None = None
    second: int = 0
    offset: str | None = None

    @property
    def precision(self) -> int:
        """0 month, 1 day, 2 day and time, 3 day, time and offset: more is better."""
        if self.day is None:
            return 0
        if self.hour is None:
            return 1
        return 3 if self.offset else 2

    def day_iso(self) -> str:
        if self.day is None:
            return f"{self.year:04d}-{self.month:02d}"
        return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"

    def iso(self) -> str:
        if self.hour is None or self.day is None:
            return self.day_iso()
        clock = f"{self.hour:02d}:{self.minute or 0:02d}:{self.second:02d}"
        return f"{self.day_iso()}T{clock}{self.offset or ''}"


@cache
def _data() -> dict[str, dict[str, object]]:
    text = resources.files("parley.read").joinpath("dates.toml").read_text("utf-8")
    return tomllib.loads(text)


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


@cache
def month_pattern() -> str:
    """Month names and abbreviations of every configured language, as one alternation."""
    return _alternation(list(_data()["months"]))


def month_number(name: str) -> int | None:
    months: dict[str, int] = _data()["months"]  # type: ignore[assignment]
    return months.get(name.lower().rstrip("."))


@dataclass(frozen=True)
class _Need:
    """What a date pattern cannot match without: a character, and maybe a month name.

    The month patterns try their alternation of ~100 names at every position of a line
    (~30 µs a line) and every header line goes through all twelve patterns, so a line
    is first asked whether it holds what a pattern needs, and the pattern runs only
    when it does. Every pattern also needs four digits in a row (its year).
    """

    char: str = ""  # "" when no single character is required
    month: bool = False


@dataclass(frozen=True)
class _Patterns:
    dates: tuple[re.Pattern[str], ...]
    needs: tuple[_Need, ...]  # one per date pattern, in the same order
    need_chars: str  # every character a need names
    year: re.Pattern[str]
    months: frozenset[bytes]  # month names written in ASCII, lower case
    weekday_keys: frozenset[bytes]  # the first ASCII letter run of each weekday name
    connective_keys: frozenset[bytes]  # the same, of each connective and reading-time word
    label_ends: tuple[bytes, ...]  # the last letter run of each label written in ASCII
    time: re.Pattern[str]
    zone: re.Pattern[str]
    weekday: re.Pattern[str]
    label: re.Pattern[str]
    label_end: re.Pattern[str]
    connective: re.Pattern[str]


@cache
def _patterns() -> _Patterns:
    mon = month_pattern()
    words: dict[str, list[str]] = _data()["words"]  # type: ignore[assignment]
    zones = _alternation(list(_data()["zones"]))
    flags = re.IGNORECASE
    dates = (
        re.compile(
            r"(?<![\d-])(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
            r"(?:[T ](?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:\.\d+)?)?"
            r"(?P<tz>Z|[+-]\d{2}:?\d{2})?)?(?!\d)"
        ),
        re.compile(
            rf"(?<!\w)(?P<mon>{mon})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?(?:,\s*|\s+)(?P<y>\d{{4}})(?!\d)",
            flags,
        ),
        re.compile(
            rf"(?<![\w.])(?P<d>\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?(?P<mon>{mon})\.?,?"
            rf"\s+(?:de\s+)?(?P<y>\d{{4}})(?!\d)",
            flags,
        ),
        re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*[日号]"),
        re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})(?![\d.])"),
        # "2024.06.20." (Korean and Hungarian headers)
        re.compile(r"(?<![\d.])(?P<y>\d{4})\.\s?(?P<m>\d{1,2})\.\s?(?P<d>\d{1,2})\.?(?!\d)"),
        # "15-11-2024", "05-Jun-2025"
        re.compile(r"(?<![\d-])(?P<d>\d{1,2})-(?P<m>\d{1,2})-(?P<y>\d{4})(?![\d-])"),
        re.compile(rf"(?<![\w-])(?P<d>\d{{1,2}})-(?P<mon>{mon})-(?P<y>\d{{4}})(?!\d)", flags),
        re.compile(r"(?<![\d/])(?P<y>\d{4})/(?P<m>\d{1,2})/(?P<d>\d{1,2})(?![\d/])"),
        # "26/03/2024": day first, as outside the United States; "03/25/2024" falls to
        # the month-first reading below because the 25th month does not exist
        re.compile(r"(?<![\d/])(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
        re.compile(r"(?<![\d/])(?P<m>\d{1,2})/(?P<d>\d{1,2})/(?P<y>\d{4})(?![\d/])"),
        re.compile(rf"(?<!\w)(?P<mon>{mon})\.?,?\s+(?P<y>\d{{4}})(?!\d)", flags),
    )
    month, dash = _Need(month=True), _Need("-")
    needs: tuple[_Need, ...] = (
        dash,
        month,
        month,
        _Need("年"),
        _Need("."),
        _Need("."),
        dash,
        _Need("-", True),
    )
    needs += (_Need("/"), _Need("/"), _Need("/"), month)
    return _Patterns(
        dates=dates,
        needs=needs,
        need_chars="".join(sorted({n.char for n in needs if n.char})),
        year=re.compile(r"\d{4}"),
        months=_ascii_keys(list(_data()["months"])),
        weekday_keys=_ascii_keys(words["weekdays"]),
        connective_keys=_ascii_keys(words["connectives"] + words["reading_time"]),
        # a label ends at a word boundary but may be glued to what precedes ("PTIUpdated"):
        # in ASCII text its last letter run ends one of the text's letter runs
        label_ends=tuple(
            w.encode().translate(_ASCII_LOWER_RUNS).split()[-1]
            for w in words["labels"]
            if w.isascii()
        ),
        time=re.compile(
            r"(?<![\d:])(?P<H>\d{1,2})(?:[:：]|\s?h\s?(?=\d{2}))(?P<M>\d{2})(?::(?P<S>\d{2}))?(?!\d)"
            r"(?:\s*+(?P<ampm>[ap]\.?\s?m\b\.?))?",
            flags,
        ),
        # spaces are taken possessively (\s*+): nothing that follows a run of them is a
        # space, and backtracking into three runs in a row was cubic on a long one
        zone=re.compile(
            r"\s*+,?\s*+(?:\(?\s*+(?:(?:UTC|GMT)\s*+(?P<sign>[+-])\s*+(?P<oh>\d{1,2})(?::?(?P<om>\d{2}))?"
            rf"|(?P<name>(?:{zones})\b)|(?P<num>[+-]\d{{2}}:?\d{{2}}))\s*+\)?)",
            flags,
        ),
        weekday=re.compile(rf"(?<!\w)(?:{_alternation(words['weekdays'])})(?!\w)\.?", flags),
        label=re.compile(rf"(?:{_alternation(words['labels'])})\b\s*[:：]?", flags),
        label_end=re.compile(
            rf"(?:{_alternation(words['labels'])})\s*+[:：]?\s*+(?:{_alternation(words['weekdays'])})?"
            r"[\s,.]*+$",
            flags,
        ),
        connective=re.compile(
            rf"(?<!\w)(?:{_alternation(words['connectives'] + words['reading_time'])})(?!\w)",
            flags,
        ),
    )


def _ascii_keys(words: list[str]) -> frozenset[bytes]:
    """The first letter run of each word written in ASCII ("a las" -> "a").

    A pattern that takes one of these words whole (no word character on either side)
    matches, in ASCII text, only where the word's first letter run is one of the text's
    letter runs; words with other letters cannot match ASCII text at all.
    """
    return frozenset(
        w.encode().translate(_ASCII_LOWER_RUNS).split()[0] for w in words if w.isascii()
    )


# ASCII letters lower-cased and every other ASCII byte a blank: ``split`` gives the letter
# runs of a lower-cased ASCII text without a regular expression.
_ASCII_LOWER_RUNS = bytes(b | 32 if chr(b).isalpha() and b < 128 else 32 for b in range(256))


def _letter_runs(text: str) -> frozenset[bytes] | None:
    """The lower-case letter runs of ASCII text; None for other text, which is not gated.

    Case-insensitive matching pairs some letters outside ASCII with ASCII ones ("ſ" with
    "s", "ı" and "İ" with "i", "K" the Kelvin sign with "k"), which ``str.lower`` does not
    do, so the word tests are only sound on ASCII text; other text runs every pattern.
    """
    if not text.isascii():
        return None
    return frozenset(text.encode("ascii").translate(_ASCII_LOWER_RUNS).split())


def _candidates(pats: _Patterns, text: str, after: int = -1) -> list[int]:
    """The date patterns (by index, past ``after``) worth running on ``text``: a line
    holds the characters and words only a few of them need, and the others would each
    be tried at every position of it for nothing."""
    runs = _letter_runs(text)
    month = runs is None or not runs.isdisjoint(pats.months)
    chars = frozenset(c for c in pats.need_chars if c in text)
    return [i for i in _chosen(month, chars) if i > after]


@lru_cache(maxsize=64)
def _chosen(month: bool, chars: frozenset[str]) -> tuple[int, ...]:
    """The patterns whose needs a line meets, by what it holds: a few combinations."""
    return tuple(
        i
        for i, need in enumerate(_patterns().needs)
        if (month or not need.month) and (not need.char or need.char in chars)
    )


# A date's fields in Stamp's order (year, month, day, hour, minute, second, offset): the
# Stamp, a frozen dataclass (~1.2 µs to build), is built once its clock is known.
_Fields = tuple[int, int, int | None, int | None, int | None, int, str | None]


def _fields_from(match: re.Match[str]) -> _Fields | None:
    groups = match.groupdict()
    m = groups.get("m")
    month = int(m) if m else month_number(groups["mon"])
    year = int(groups["y"])
    d = groups.get("d")
    day = int(d) if d else None
    if month is None or not 1900 <= year <= 2100:
        return None
    try:
        date(year, month, day or 1)
    except ValueError:
        return None
    h = groups.get("H")
    hour = int(h) if h else None
    if hour is not None and hour > 23:
        hour = None
    offset = _offset_from_numeric(groups.get("tz")) if hour is not None else None
    minute, second = groups.get("M"), groups.get("S")
    return year, month, day, hour, int(minute) if minute else None, int(second or 0), offset


def _offset_from_numeric(value: str | None) -> str | None:
    if not value:
        return None
    if value.upper() == "Z":
        return "+00:00"
    digits = value[1:].replace(":", "")
    return f"{value[0]}{digits[:2]}:{digits[2:4] or '00'}"


def _zone_offset(match: re.Match[str]) -> str | None:
    if match.group("sign"):
        minutes = match.group("om") or "00"
        return f"{match.group('sign')}{int(match.group('oh')):02d}:{minutes}"
    if match.group("name"):
        zones: dict[str, str] = _data()["zones"]  # type: ignore[assignment]
        return zones.get(match.group("name").lower())
    return _offset_from_numeric(match.group("num"))


@lru_cache(maxsize=16)
def _opening_candidates(text: str) -> tuple[int, ...]:
    """The date patterns worth running on a line as read (none without a year): a
    timestamp line is asked for its date and then for its residual, both from here."""
    pats = _patterns()
    if pats.year.search(text) is None:
        return ()
    return tuple(_candidates(pats, text))


def _first_date(text: str) -> tuple[_Fields, tuple[int, int]] | None:
    pats = _patterns()
    best: tuple[int, int, _Fields] | None = None
    for i in _opening_candidates(text):
        for match in pats.dates[i].finditer(text):
            fields = _fields_from(match)
            if fields is None:
                continue
            key = (match.start(), -(match.end() - match.start()))
            if best is None or key < (best[0], -(best[1] - best[0])):
                best = (match.start(), match.end(), fields)
            break
    return (best[2], (best[0], best[1])) if best else None


def _clock(text: str, span: tuple[int, int]) -> tuple[int, int, int, str | None] | None:
    """The first time of day outside the date itself, and the zone printed after it:
    (hour, minute, second, offset)."""
    pats = _patterns()
    for match in pats.time.finditer(text) if may_hold_clock(text) else ():
        if span[0] <= match.start() < span[1]:
            continue
        hour, minute = int(match.group("H")), int(match.group("M"))
        ampm = (match.group("ampm") or "").lower()
        if ampm.startswith("p") and hour < 12:
            hour += 12
        elif ampm.startswith("a") and hour == 12:
            hour = 0
        if hour > 23 or minute > 59:
            continue
        zone = pats.zone.match(text, match.end())
        offset = _zone_offset(zone) if zone else None
        return hour, minute, int(match.group("S") or 0), offset
    return None


def find_stamp(text: str) -> Stamp | None:
    """The first calendar date in ``text``, with the time and zone the same text gives."""
    found = _first_date(text)
    if found is None:
        return None
    fields, span = found
    year, month, day, hour = fields[:4]
    if hour is None and day is not None:
        clock = _clock(text, span)
        if clock is not None:
            return Stamp(year, month, day, *clock)
    return Stamp(*fields)


_CLOSING = re.compile(r"\(\s*([^()\n]{6,24}?)\s*\)\W*$")
_SHORT_YEAR = re.compile(r"^(\d{1,2}[/.-]\d{1,2}[/.-])(\d{2})$")


def closing_stamp(text: str) -> Stamp | None:
    """A day in brackets that closes ``text`` and says nothing else ("... businesses."
    (11/14/22)"): how an aggregator dates the item it quotes. A two-digit year is read in
    the century that ends in 2069."""
    match = _CLOSING.search(text)
    if match is None:
        return None
    inner = match.group(1).strip()
    short = _SHORT_YEAR.match(inner)
    if short:
        year = int(short.group(2))
        inner = f"{short.group(1)}{2000 + year if year < 70 else 1900 + year}"
    found = find_stamp(inner)
    if found is None or found.day is None or residual(inner):
        return None
    return found


def first_date_start(text: str) -> int | None:
    """Where the first calendar date of ``text`` starts, or None."""
    found = _first_date(text)
    return found[1][0] if found else None


def ends_with_label(text: str) -> bool:
    """ "Published:", "Updated on", "發佈時間:" right before a date."""
    return _patterns().label_end.search(text) is not None


def has_clock(text: str) -> bool:
    return may_hold_clock(text) and _patterns().time.search(text) is not None


# Every clock the time pattern reads has a digit (its hour's last) followed by a colon or
# an "h" (the same flags: the same letters). The time pattern opens with a look-behind,
# so ``re`` tries it at every position of a line (~3 µs a title); this one opens with a
# digit, which ``re`` skips to.
_CLOCK_NEED = re.compile(r"\d(?:[:：]|\s?h)", re.IGNORECASE)


def may_hold_clock(text: str) -> bool:
    """False when the time pattern cannot match ``text``."""
    return _CLOCK_NEED.search(text) is not None


def starts_with_label(text: str) -> bool:
    return _patterns().label.match(text) is not None


_UTC_OFFSET = re.compile(r"(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?", re.IGNORECASE)
_RESIDUAL_SEPARATORS = re.compile(r"[\s|·•,;:：/()\[\]\-–—.]+")


def residual(text: str) -> str:
    """What a line says besides dates, times, zones, weekdays and timestamp labels.

    A line whose residual is empty, or only names its source, is a timestamp line: it is
    dropped from the body once its date has been read.
    """
    pats = _patterns()
    if pats.year.search(text) is not None:  # a blank never joins digits: none appear later
        todo = list(_opening_candidates(text))
        while todo:
            i = todo.pop(0)
            text, n = pats.dates[i].subn(" ", text)
            if n:  # a blank may split a letter run ("...Zmay 2024" -> " may 2024"): ask again
                todo = _candidates(pats, text, i)
    if may_hold_clock(text):
        text = pats.time.sub(" ", text)
    text = _UTC_OFFSET.sub(" ", text)
    runs = _letter_runs(text)
    if runs is None or not runs.isdisjoint(pats.weekday_keys):
        text, n = pats.weekday.subn(" ", text)
        runs = _letter_runs(text) if n else runs
    if runs is None or any(run.endswith(pats.label_ends) for run in runs):
        text, n = pats.label.subn(" ", text)
        runs = _letter_runs(text) if n else runs
    if runs is None or not runs.isdisjoint(pats.connective_keys):
        text = pats.connective.sub(" ", text)
    tokens = [t for t in _RESIDUAL_SEPARATORS.split(text) if t]
    zones: dict[str, str] = _data()["zones"]  # type: ignore[assignment]
    return " ".join(t for t in tokens if not t.isdigit() and t.lower() not in zones)


def parse_metadata_date(value: str) -> str | None:
    """A container's date field ("2022-09-22 15:21:00", "2022-09-22T07:21:00Z") as ISO 8601."""
    stamp = find_stamp(value.strip())
    return stamp.iso() if stamp else None
