"""Date expressions in a sentence, resolved against the story's anchor date.

Wire copy dates engagements relative to the dateline ("on Friday" under a Saturday
dateline is the day before), so every expression is resolved against an anchor and a
direction: reports of what happened look back from the anchor, previews look forward.
An expression that cannot be fixed (a weekday with no anchor) resolves to nothing rather
than to a guess.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache, lru_cache
from typing import Any, Literal

import ahocorasick
from dateutil.easter import easter

from parley.extract.patterns import ENGLISH, NEVER, load_patterns, matcher
from parley.text import fold

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
def _words(lang: str = ENGLISH) -> dict[str, Any]:
    return load_patterns("dates", lang)


def _alt(words: list[str]) -> str:
    """An alternation of the words as written and folded ("fevrier" for "février")."""
    forms = {f for w in words for f in (w, fold(w))}
    if not forms:
        return NEVER
    return "|".join(re.escape(w) for w in sorted(forms, key=len, reverse=True))


@cache
def _table(lang: str, name: str) -> dict[str, Any]:
    """A word table of the language keyed by folded, single-spaced words."""
    return {" ".join(fold(k).split()): v for k, v in _words(lang).get(name, {}).items()}


@dataclass(frozen=True)
class _Pattern:
    kind: str
    regex: re.Pattern[str]
    hint: bool  # a bare weekday must look like one (capitalised, after "on")
    # what any match must contain ("month", "weekday", "digit", a word of a list such as
    # "relative_days"): a sentence without it
    # is not scanned (three sentences in four name no month; a case-blind alternation of
    # month names is tried at every word of the sentence)
    needs: frozenset[str] = frozenset()


# placeholders, and what a text must hold for them to match
_NEEDS = {
    "@MONTH@": "month",
    "@MONTHS@": "month",
    "@WEEKDAYS@": "weekday",
    "@REL_DAYS@": "relative_days",
    "@REL_MONTHS@": "relative_months",
    "@REL_YEARS@": "relative_years",
    "@REL_DAYS_ALONE@": "relative_days_alone",
    "@HOLIDAYS@": "holidays",
    "@UNITS@": "units",
    "@YEAR@": "year",
    "@DAY@": "digit",
    r"\d": "digit",
}
_ZERO_QUANTIFIER = re.compile(r"\?|\*|\{0?,|\{0\}")


def _required(template: str, at: int, width: int) -> bool:
    """Whether every match of ``template`` matches what stands at ``template[at:at +
    width]``: it is outside any alternative, optional group or lookaround, and not
    itself optional. A conservative reading: anything unclear counts as optional."""
    if _ZERO_QUANTIFIER.match(template, at + width):
        return False
    stack: list[int] = []  # open groups' positions
    enclosing: list[int] | None = None  # None: never reached (inside a class, escaped)
    i, n = 0, len(template)
    closes: dict[int, int] = {}
    bars: dict[int, bool] = {-1: False}  # group start -> has a top-level "|"
    while i < n:
        c = template[i]
        if i == at:
            enclosing = list(stack)
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = i + 1
            if j < n and template[j] == "^":
                j += 1
            if j < n and template[j] == "]":
                j += 1
            while j < n and template[j] != "]":
                j += 2 if template[j] == "\\" else 1
            i = j + 1
            continue
        if c == "(":
            stack.append(i)
            bars[i] = False
        elif c == ")" and stack:
            closes[stack.pop()] = i
        elif c == "|":
            bars[stack[-1] if stack else -1] = True
        i += 1
    if bars[-1] or enclosing is None:
        return False
    for g in enclosing:
        if bars[g] or template.startswith(("(?=", "(?!", "(?<=", "(?<!"), g):
            return False
        end = closes.get(g)
        if end is None or _ZERO_QUANTIFIER.match(template, end + 1):
            return False
    return True


def _needs(template: str) -> frozenset[str]:
    """What every match of the template must contain (see :class:`_Pattern`): a need,
    with ``@l`` when its word must stand at the start of a word, ``@r`` at the end of
    one, ``@lr`` both (``\b`` or a space on that side in the template)."""
    out = set()
    for token, need in _NEEDS.items():
        at = template.find(token)
        while at >= 0:
            if _required(template, at, len(token)):
                if need in _UNLISTED:
                    out.add(need)
                    break
                left = _space_before(template, at)
                right = _space_after(template, at + len(token))
                out.add(
                    need + ("@lr" if left and right else "@l" if left else "@r" if right else "")
                )
            at = template.find(token, at + 1)
    # a need at a word's edge says the need itself is met: the plain one goes
    return frozenset(n for n in out if not any(m.startswith(n + "@") for m in out))


# a group opened just before a placeholder, and a lookahead just before or after it
_OPENER = re.compile(r"\((?:\?(?:P<\w+>|[aiLmsux]*(?:-[imsx]+)?:))?$")
_LOOKAHEAD = ("(?=", "(?!")
# what leaves a non-word character (or the text's edge) beside the word: a boundary
# between it and a word character, a space
_SPACES = ("\\b", "\\s+", "\\s", " ")


def _escaped(template: str, at: int) -> bool:
    """Whether ``template[at]`` is escaped (an odd number of backslashes before it)."""
    n = 0
    while at - n - 1 >= 0 and template[at - n - 1] == "\\":
        n += 1
    return n % 2 == 1


def _group_open(template: str, close: int) -> int | None:
    """Where the group closed at ``template[close]`` opens (None: unclear)."""
    depth = 0
    i = close
    while i >= 0:
        c = template[i]
        if c in "()" and not _escaped(template, i) and not _in_class(template, i):
            depth += 1 if c == ")" else -1
            if depth == 0:
                return i
        i -= 1
    return None


def _in_class(template: str, at: int) -> bool:
    """Whether ``template[at]`` stands inside a character class ``[...]``."""
    i, inside = 0, False
    while i < at:
        c = template[i]
        if c == "\\":
            i += 2
            continue
        if not inside and c == "[":
            inside = True
            if template.startswith("^", i + 1):
                i += 1
            if template.startswith("]", i + 1):
                i += 1
        elif inside and c == "]":
            inside = False
        i += 1
    return inside


def _top_level_bar(inner: str) -> bool:
    depth = 0
    for i, c in enumerate(inner):
        if _escaped(inner, i) or _in_class(inner, i):
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            return True
    return False


def _space_before(template: str, at: int) -> bool:
    """Every match has a space, a boundary or the text's start right before what stands
    at ``at`` (a conservative reading: anything unclear is no)."""
    while True:
        head = template[:at]
        opener = _OPENER.search(head)
        if opener is not None and not _escaped(template, opener.start()):
            at = opener.start()
            continue
        if head.endswith(")") and not _escaped(template, at - 1):
            start = _group_open(template, at - 1)
            if start is not None and template.startswith(_LOOKAHEAD, start):
                at = start  # a lookahead consumes nothing
                continue
        break
    if any(head.endswith(sp) and not _escaped(template, at - len(sp)) for sp in _SPACES):
        return True
    if head.endswith(")?") and not _escaped(template, at - 2):
        # an optional group: a space either way when it ends in one, and so does what
        # stands before it
        start = _group_open(template, at - 2)
        if start is None or _top_level_bar(template[start + 1 : at - 2]):
            return False
        return _space_before(template, at - 2) and _space_before(template, start)
    return False


def _space_after(template: str, at: int) -> bool:
    """Every match has a space, a boundary or the text's end right after what stands
    before ``at`` (conservative, as :func:`_space_before`)."""
    n = len(template)
    while at < n:
        if template[at] == ")":
            if at + 1 < n and template[at + 1] in "?*+{":
                return False  # a repeated group may follow itself at once
            at += 1
        elif template.startswith(_LOOKAHEAD, at):
            close = next(
                (
                    j
                    for j in range(at + 1, n)
                    if template[j] == ")" and _group_open(template, j) == at
                ),
                None,
            )
            if close is None:
                return False
            at = close + 1
        else:
            break
    for space in _SPACES:
        if template.startswith(space, at):
            # "\s" or " " may be made optional by what follows it ("\s*", " ?")
            after = template[at + len(space) : at + len(space) + 1]
            return space in {"\\b", "\\s+"} or after not in {"*", "?", "{"}
    return False


@matcher
def _gate(lang: str) -> ahocorasick.Automaton:
    """The words each need stands for (month and weekday names, "yesterday", "ago"'s
    units ...), as a case-blind pattern sees them (:func:`_blind`), in one automaton: a
    sentence is read once for all of them."""
    w = _words(lang)
    keys = {"month": "months", "weekday": "weekdays"}
    needs: dict[str, set[str]] = {}
    for need in set(_NEEDS.values()) - _UNLISTED:
        for x in w.get(keys.get(need, need), ()):
            for form in {_blind(x), _blind(fold(x))}:
                needs.setdefault(form, set()).add(need)
    auto = ahocorasick.Automaton()
    for form, of in needs.items():
        # each need with what it becomes at a word's start, end, or both (spelt once here)
        named = tuple((n, n + "@l", n + "@r", n + "@lr") for n in sorted(of))
        auto.add_word(form, (len(form), _word_char(form[0]), _word_char(form[-1]), named))
    if len(auto):
        auto.make_automaton()
    return auto


_DIGIT = re.compile(r"\d")
_YEAR_FORM = r"(?:19|20)\d\d"  # what @YEAR@ matches
_YEAR = re.compile(_YEAR_FORM)
_UNLISTED = frozenset({"digit", "year"})  # needs met by a pattern, not by a word list


def _word_char(c: str) -> bool:
    """What ``\\b`` and ``\\w`` take for a word character."""
    return c.isalnum() or c == "_"


@cache
def _case_classes() -> dict[int, str]:
    """Letters a case-blind pattern takes for one another that ``str.lower`` leaves
    apart ("ſ" and "s", "ı" and "i", "ς" and "σ", old Cyrillic forms), each mapped to one
    of its class."""
    from re import _casefix  # type: ignore[attr-defined]

    parent: dict[int, int] = {}

    def root(c: int) -> int:
        while parent.get(c, c) != c:
            c = parent[c]
        return c

    for c, extras in _casefix._EXTRA_CASES.items():
        for x in extras:
            a, b = root(c), root(x)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return {c: chr(root(c)) for c in parent}


@cache
def _case_letter() -> re.Pattern[str]:
    """Any of the letters :func:`_case_classes` maps (case-sensitive: they are lower)."""
    return re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_case_classes())) + "]")


def _blind(text: str) -> str:
    """The text as a case-blind pattern reads it, one character for one: lower case,
    "İ" as "i" (``re`` does; ``str.lower`` writes two characters), and the letters
    ``re`` takes for one another as one."""
    if text.isascii():
        return text.lower()
    text = text.replace("\u0130", "i").lower()
    # translating each character is slow; most texts hold none of these letters
    return text.translate(_case_classes()) if _case_letter().search(text) else text


def _present(text: str, lang: str) -> set[str]:
    """Which of the patterns' needs ``text`` meets (see :func:`_needs`)."""
    out: set[str] = set()
    auto = _gate(lang)
    if len(auto):
        n = len(text)
        for end, (length, first_word, last_word, needs) in auto.iter(_blind(text)):
            start = end + 1 - length  # the same offsets in the text: one character for one
            # a word that does not begin (end) with a word character stands after (before)
            # a boundary or a space only where its neighbour is one: not vouched for here
            left = not first_word or start == 0 or not _word_char(text[start - 1])
            right = not last_word or end + 1 == n or not _word_char(text[end + 1])
            for need, at_left, at_right, at_both in needs:
                out.add(need)
                if left:
                    out.add(at_left)
                if right:
                    out.add(at_right)
                if left and right:
                    out.add(at_both)
    if _DIGIT.search(text):
        out.add("digit")
        if _YEAR.search(text):
            out.add("year")
    return out


@matcher
def _patterns(lang: str = ENGLISH) -> list[_Pattern]:
    """The language's date expressions, placeholders filled with its words."""
    w = _words(lang)
    mon = _alt(list(w["months"]))
    fill = {
        "@YEAR@": rf"(?P<y>{_YEAR_FORM})",
        "@DAY@": r"(?P<d>[0-3]?\d)" + w.get("ordinal", ""),
        "@MONTH@": rf"(?P<m>{mon})\.?",
        "@MONTHS@": mon,
        "@WEEKDAYS@": _alt(list(w["weekdays"])),
        "@REL_DAYS@": _alt(list(w.get("relative_days", {}))),
        "@REL_MONTHS@": _alt(list(w.get("relative_months", {}))),
        "@REL_YEARS@": _alt(list(w.get("relative_years", {}))),
        "@REL_DAYS_ALONE@": _alt(list(w.get("relative_days_alone", {}))),
        "@HOLIDAYS@": _alt(list(w.get("holidays", {}))),
        "@NUMBERS@": _alt(list(w.get("numbers", {}))),
        "@UNITS@": _alt(list(w.get("units", {}))),
    }
    out = []
    for p in w["pattern"]:
        regex = p["regex"]
        for token, value in fill.items():
            regex = regex.replace(token, value)
        flags = re.IGNORECASE if p.get("icase") else 0
        out.append(
            _Pattern(p["kind"], re.compile(regex, flags), bool(p.get("hint")), _needs(p["regex"]))
        )
    return out


def _weekday_hint(text: str) -> bool:
    return text[:1].isupper() or text[:2].lower() in {"on", "th", "la", "ne", "ea"}


_CAP_BEFORE = re.compile(r"[A-Z\u00c0-\u00de][\w'\u2019-]*\s$")
_CAP_AFTER = re.compile(r"\s[A-Z\u00c0-\u00de][\w'\u2019-]")


def _inside_name(text: str, s: int, e: int) -> bool:
    """ "Yoon Sun Yeol", "Monday Semaya Kumba": a weekday word inside a run of capitalised
    words is part of a name. An abbreviation ("Sun", "Wed") followed by one is too; a
    weekday in full may begin a clause ("Monday President Ruto said") and then counts."""
    after = bool(_CAP_AFTER.match(text, e))
    if not after:
        return False
    if _CAP_BEFORE.search(text, max(0, s - 40), s):
        return True
    return e - s <= 4 and text[e : e + 1] != "."


def _complete_year(month: int, day_: int, anchor: date | None, forward: bool) -> date | None:
    """The year that puts day/month nearest the anchor on the side the tense points to."""
    return _nearest_year(lambda y: _safe(y, month, day_), anchor, forward)


def _nearest_year(
    on_year: Callable[[int], date | None], anchor: date | None, forward: bool
) -> date | None:
    """Of a yearly day (a day and month, a holiday), the one nearest the anchor on the side
    the tense points to: a report looks back, a preview ahead (two days' slack)."""
    if anchor is None:
        return None
    best: date | None = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        cand = on_year(y)
        if cand is None:
            continue
        delta = (cand - anchor).days
        ok = delta >= -2 if forward else delta <= 2
        if ok and (best is None or abs(delta) < abs((best - anchor).days)):
            best = cand
    return best


def _holiday(spec: str, year: int) -> date | None:
    """A holiday of ``holidays`` in a year: "MM-DD", "easter+N" or "thanksgiving"."""
    if spec.startswith("easter"):
        return easter(year) + timedelta(days=int(spec[len("easter") :] or 0))
    if spec == "thanksgiving":  # the fourth Thursday of November (US)
        first = date(year, 11, 1)
        return first + timedelta(days=(3 - first.weekday()) % 7 + 21)
    month, day_ = spec.split("-")
    return _safe(year, int(month), int(day_))


def _numeric(a: int, b: int, order: str) -> date | None:
    """Day and month of "3/4/2024" from a number over 12, else from the language's order.

    Without either the date is unknown: a guess would be wrong half the time, and worse
    than the report's own date, which the caller still has.
    """
    if a > 12 >= b or (order == "dmy" and b <= 12):
        return date(1, b, a) if 1 <= a <= 31 and b >= 1 else None
    if b > 12 >= a or (order == "mdy" and a <= 12):
        return date(1, a, b) if 1 <= b <= 31 and a >= 1 else None
    return None


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


def _day_in_month(
    day_: int, weekday: int | None, anchor: date | None, forward: bool
) -> date | None:
    """ "segunda-feira (29)": the 29th nearest the anchor, on that weekday if one is given."""
    if anchor is None or not 1 <= day_ <= 31:
        return None
    best: date | None = None
    for months in (-1, 0, 1):
        first = _shift_month(anchor, months)
        cand = _safe(first.year, first.month, day_)
        if cand is None or (weekday is not None and cand.weekday() != weekday):
            continue
        delta = (cand - anchor).days
        if (delta >= -2 if forward else delta <= 2) and (
            best is None or abs(delta) < abs((best - anchor).days)
        ):
            best = cand
    return best


def _resolve(
    kind: str, g: dict[str, str | None], anchor: date | None, forward: bool, lang: str
) -> tuple[date | None, Precision | None]:
    month = _table(lang, "months").get(_key(g.get("m")), 0) or int(g.get("mm") or 0)
    weekdays = _table(lang, "weekdays")
    q = _table(lang, "qualifiers").get(_key(g.get("q") or g.get("q2")))
    if kind == "iso":
        return _safe(int(g["y"] or 0), int(g["mm"] or 0), int(g["dd"] or 0)), "day"
    if kind == "dmy":
        return _safe(int(g["y"] or 0), month, int(g["d"] or 0)), "day"
    if kind in {"dm", "month_q", "month_in"} and not month:
        return None, None  # a month word its table spells otherwise: no date, no error
    if kind == "dm":
        d = int(g["d"] or 0)
        if not 1 <= d <= 31:
            return None, None
        return _complete_year(month, d, anchor, forward), "day"
    if kind == "day_in_month":
        wd = weekdays.get(_key(g.get("w")))
        return _day_in_month(int(g["d"] or 0), wd, anchor, forward), "day"
    if kind == "my":
        return _safe(int(g["y"] or 0), month, 1), "month"
    if kind in {"rel", "relm", "rely"} and anchor is None:
        return None, None
    r = _key(g.get("r"))
    if kind == "rel" and anchor is not None:
        days = {**_table(lang, "relative_days"), **_table(lang, "relative_days_alone")}
        return anchor + timedelta(days=days[r]), "day"
    if kind == "numeric":
        got = _numeric(int(g["a"] or 0), int(g["b"] or 0), str(_words(lang).get("numeric_order")))
        return (_safe(int(g["y"] or 0), got.month, got.day), "day") if got else (None, None)
    if kind == "holiday":
        spec = str(_table(lang, "holidays")[_key(g.get("h"))])
        return _nearest_year(lambda y: _holiday(spec, y), anchor, forward), "day"
    if kind == "ago" and anchor is not None:
        n = g.get("n") or "0"
        count = int(n) if n.isdigit() else _table(lang, "numbers")[_key(n)]
        return anchor - timedelta(days=count * _table(lang, "units")[_key(g.get("u"))]), "day"
    if kind == "relm" and anchor is not None:
        return _shift_month(anchor, _table(lang, "relative_months")[r]), "month"
    if kind == "rely" and anchor is not None:
        return date(anchor.year + _table(lang, "relative_years")[r], 1, 1), "year"
    if kind in {"month_q", "month_in"}:
        return _month_date(month, anchor, q, forward), "month"
    if kind == "weekday":
        return _weekday_date(weekdays[_key(g.get("w"))], anchor, q or "", forward), "day"
    if kind == "year":
        return _safe(int(g["y"] or 0), 1, 1), "year"
    return None, None


def _key(value: str | None) -> str:
    """A matched word as its table spells it: folded, single-spaced, and "İ" read as the
    "i" a case-blind pattern took it for (folding keeps its capital "I")."""
    return " ".join(fold((value or "").replace("\u0130", "i")).split())


def _safe(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def find_dates(
    text: str, anchor: date | None, forward: bool = False, lang: str = ENGLISH
) -> list[DateMention]:
    """Every date expression in ``text``, longest first where two overlap."""
    return list(_find_dates(text, anchor, forward, lang))


@lru_cache(maxsize=2048)
def _find_dates(
    text: str, anchor: date | None, forward: bool, lang: str
) -> tuple[DateMention, ...]:
    """Cached: a sentence is read for the telling in it, for the engagements it may go on
    about, and for the one after it; its dates are worked out once."""
    taken: list[tuple[int, int]] = []
    found: list[DateMention] = []
    for pat, matches in _matches(text, lang):
        kind = pat.kind
        for m in matches:
            s, e = m.span()
            if any(s < te and ts < e for ts, te in taken):
                continue
            g = m.groupdict()
            if pat.hint and not g.get("q") and not _weekday_hint(m.group("w")):
                continue
            if pat.hint and not g.get("q") and _inside_name(text, m.start("w"), m.end("w")):
                continue
            if _looks_like_may_verb(g):
                continue
            try:
                d, prec = _resolve(kind, g, anchor, forward, lang)
            except KeyError:
                # matched case-blind as a word its table spells otherwise ("TONİGHT"):
                # no date rather than a failed document
                continue
            taken.append((s, e))
            found.append(
                DateMention(
                    s, e, m.group(0), d.isoformat() if d else None, prec if d else None, _how(kind)
                )
            )
    found.sort(key=lambda x: x.start)
    return tuple(found)


@lru_cache(maxsize=2048)
def _matches(text: str, lang: str) -> tuple[tuple[_Pattern, tuple[re.Match[str], ...]], ...]:
    """Every pattern's matches in ``text``, whatever the anchor: a story read without a
    dateline's day is read again against its own, and a plan looks forward."""
    present = _present(text, lang)
    return tuple(
        (pat, tuple(pat.regex.finditer(text))) for pat in _patterns(lang) if pat.needs <= present
    )


def _looks_like_may_verb(g: dict[str, str | None]) -> bool:
    """ "may 5" is rare in news; "may" as a modal verb precedes a number almost never."""
    return g.get("m") == "may" and g.get("d") is not None and g.get("y") is None


def _how(kind: str) -> str:
    return {
        "iso": "explicit",
        "dmy": "explicit",
        "dm": "explicit",
        "day_in_month": "explicit",
        "my": "month",
        "rel": "relative",
        "relm": "month",
        "rely": "year",
        "month_q": "month",
        "month_in": "month",
        "weekday": "weekday",
        "year": "year",
        "numeric": "explicit",
        "holiday": "explicit",
        "ago": "relative",
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
