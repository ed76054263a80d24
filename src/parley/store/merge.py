"""Which reports describe the same engagement, and what the merged record says.

Merging must give the same events whatever order documents arrive in, so it is a pure
function of a *set* of mentions: the mentions are sorted into a canonical order (most
precise date first) and clustered greedily in that order. The store calls it on every
mention that shares a *block* (a pair of participants and a month) with what was just
ingested, so the work per document stays bounded as the archive grows.

Two mentions of different documents (a document's engagements are told apart when it is
extracted) are one engagement when they have the same status and kind (a plan and its
holding, a call and a meeting: only on the same day), the same
people (one set inside the other, or two people in common), and dates that agree: the
same day or the next (a "yesterday" read from a story filed after midnight, a time zone
apart) in places that agree; a day inside a month-only date; or, for a report that fixes
no date, an event dated within the ten days before it was published (within its month of
publication and the ten days before, when only the month is known).
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import combinations
from typing import Any

from parley.graph import groups
from parley.model import (
    PRECISION_RANK,
    Kind,
    Precision,
    Status,
    dates_agree,
)

UNDATED_WINDOW_DAYS = 10  # a report with no date describes the days before publication
NEXT_DAY = timedelta(days=1)  # two reports' days of one engagement may differ by this much


@dataclass
class MentionRecord:
    """One document's report of one engagement, as merging needs it."""

    document_id: str
    position: int
    kind: Kind
    status: Status
    primary: bool
    date: str | None
    date_precision: Precision | None
    location: dict[str, Any] | None
    occasion: str | None
    initiator: str | None
    cameo: str
    plover_type: str
    plover_mode: str | None
    confidence: float
    participants: list[dict[str, Any]]
    countries: list[str]
    evidence: list[dict[str, Any]]
    published: str | None = None
    outlet: str | None = None
    duplicate_of: str | None = None
    topics: list[str] = field(default_factory=list)
    # fields merging has no rule of its own for (``rows.CARRIED``): the merged event takes
    # the most common value among the reports
    values: dict[str, Any] = field(default_factory=dict)

    @property
    def tokens(self) -> frozenset[str]:
        """Who took part: participant keys, or the states when no person is named."""
        keys = [p["key"] for p in self.participants if p.get("key")]
        return frozenset(keys) if keys else frozenset(f"country:{c}" for c in self.countries)

    @property
    def sort_key(self) -> tuple[Any, ...]:
        return (
            -PRECISION_RANK.get(self.date_precision, 0),
            self.date or "",
            self.published or "",
            self.document_id,
            self.position,
        )


def _day(value: str | None) -> date | None:
    if not value or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _month(d: date) -> str:
    return f"{d.year:04d}-{d.month:02d}"


def undated_window(published: str | None) -> tuple[date, date] | None:
    """The days a report that fixes no date can be about: the ten before its publication
    day, or, when only the month of publication is known, that month and the ten days
    before it. None when the report's time is not known."""
    day = _day(published)
    if day is not None:
        return day - timedelta(days=UNDATED_WINDOW_DAYS), day
    if not published or len(published) != 7:
        return None
    first = _day(published + "-01")
    if first is None:
        return None
    last = (first.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    return first - timedelta(days=UNDATED_WINDOW_DAYS), last


def blocks(m: MentionRecord) -> list[str]:
    """Keys under which a possibly matching mention is looked up: pair of people x month."""
    toks = sorted(m.tokens)
    pairs = ["|".join(p) for p in combinations(toks, 2)] or toks
    months: set[str] = set()
    if m.date and m.date_precision == "day":
        day = _day(m.date)
        months.add(m.date[:7])
        if day is not None:  # the day before or after may be in another month
            months.update({_month(day - NEXT_DAY), _month(day + NEXT_DAY)})
    elif m.date and m.date_precision == "month":
        months.add(m.date[:7])
    elif m.date and m.date_precision == "year":
        months.add(m.date[:4])  # "in 2011": reports published years apart still meet
    else:
        window = undated_window(m.published)
        if window is not None:
            months.update({_month(window[0]), _month(window[1])})
        else:
            months.add("undated")
    # neither kind nor status: a call and a meeting, or a plan and its holding, of the same
    # day may be one engagement
    out = {f"{pair}|{month}" for pair in pairs for month in months}
    town = _town(m)
    if town is not None:
        # a report that says nothing of when (no date, no publication date) can only be
        # placed by its people and town: every report of the pair in that town is looked
        # up under this block
        out.update(f"{pair}|at:{town}" for pair in pairs)
    return sorted(out)


def _town(m: MentionRecord) -> str | None:
    """The town of the report, as a block key: its GeoNames id, or its name folded."""
    loc = m.location or {}
    if not loc.get("city"):
        return None
    gid = loc.get("geonames_id")
    return str(gid) if gid else str(loc["city"]).casefold()


def timeless(m: MentionRecord) -> bool:
    """A report that fixes no date and whose own date is unknown: nothing says when."""
    return not m.date and undated_window(m.published) is None


@dataclass
class Cluster:
    """Mentions of one engagement, in canonical order (the first is the best dated)."""

    members: list[MentionRecord] = field(default_factory=list)

    @property
    def best(self) -> MentionRecord:
        return self.members[0]

    def tokens(self) -> frozenset[str]:
        out: frozenset[str] = frozenset()
        for m in self.members:
            out |= m.tokens
        return out


def _people_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a or len(a & b) >= 2


def _dates_agree(c: Cluster, m: MentionRecord) -> bool:
    best = c.best
    if m.date and best.date:
        if m.date_precision == "day" and best.date_precision == "day":
            a, b = _day(m.date), _day(best.date)
            return a is not None and b is not None and abs(a - b) <= NEXT_DAY
        return dates_agree(m.date, m.date_precision, best.date, best.date_precision)
    if m.date and not best.date:
        return False  # dated mentions come first in canonical order
    # m has no date: it describes the days before its publication
    window = undated_window(m.published)
    if window is None:
        return False
    if best.date:
        # the same people met within days before the report: that is the meeting it means
        d = _day(best.date)
        return d is not None and window[0] <= d <= window[1]
    others = [w for w in (undated_window(x.published) for x in c.members) if w is not None]
    return any(window[0] <= w[1] and w[0] <= window[1] for w in others)


def _same_day(a: MentionRecord, b: MentionRecord) -> bool:
    return bool(a.date and a.date == b.date and a.date_precision == "day" == b.date_precision)


def _statuses_agree(c: Cluster, m: MentionRecord) -> bool:
    """The same status; or a plan and its holding on the day it was planned for ("will
    meet on Friday", "met on Friday"): one engagement, held (see :func:`merged_record`)."""
    b = c.best
    if m.status == b.status:
        return True
    return {m.status, b.status} == {"planned", "occurred"} and _same_day(m, b)


def _kinds_agree(c: Cluster, m: MentionRecord) -> bool:
    """The same kind; or a call and a meeting of the same people on the same day, which
    two reports tell of one engagement ("spoke" in one, "met" in the other) far more
    often than the two leaders did both."""
    b = c.best
    return m.kind == b.kind or _same_day(m, b)


def _places_agree(c: Cluster, m: MentionRecord) -> bool:
    if m.date and c.best.date and m.date_precision == "day" and c.best.date_precision == "day":
        if m.date == c.best.date:
            return True  # the same people on the same day: one meeting, whatever each says
        # a day apart: one meeting told from two days, unless in two towns (a state
        # visit's talks in the capital, then a second meeting in another city)
        a = (m.location or {}).get("city")
        b = next(((x.location or {}).get("city") for x in c.members if x.location), None)
        if a is not None and b is not None and a != b:
            return False
    a = (m.location or {}).get("country")
    b = next(((x.location or {}).get("country") for x in c.members if x.location), None)
    return a is None or b is None or a == b


def _in_town_of(c: Cluster, m: MentionRecord) -> bool:
    """A dated engagement in the town ``m`` names, as ``m`` tells it (status, kind, people)."""
    town = _town(m)
    return (
        town is not None
        and bool(c.best.date)
        and next((t for t in map(_town, c.members) if t is not None), None) == town
        and c.best.status == m.status
        and c.best.kind == m.kind
        and _people_agree(m.tokens, c.tokens())
    )


def cluster(mentions: list[MentionRecord]) -> list[Cluster]:
    """Group mentions into engagements; the result depends only on the set given.

    A report that says nothing of when (:func:`timeless`) joins the one dated engagement
    of its people in its town, when there is exactly one: with two or more, which it
    tells cannot be known, and it stays apart."""
    clusters: list[Cluster] = []
    for m in sorted(mentions, key=lambda x: x.sort_key):
        target = None
        if timeless(m):
            found = [
                c
                for c in clusters
                if not any(x.document_id == m.document_id for x in c.members) and _in_town_of(c, m)
            ]
            target = found[0] if len(found) == 1 else None
        for c in clusters if target is None else []:
            if any(x.document_id == m.document_id for x in c.members):
                continue  # extraction already told a document's engagements apart
            if (
                _statuses_agree(c, m)
                and _kinds_agree(c, m)
                and _people_agree(m.tokens, c.tokens())
                and _dates_agree(c, m)
                and _places_agree(c, m)
            ):
                target = c
                break
        if target is None:
            target = Cluster()
            clusters.append(target)
        target.members.append(m)
    return clusters


def connected_groups(mentions: list[MentionRecord]) -> list[list[MentionRecord]]:
    """The mentions split into groups linked through shared blocks.

    ``cluster`` compares a report with everyone its cluster names so far, so it can join
    reports that share no block (one naming only Lavrov, another Lavrov and Wang Yi).
    Whether it did would then depend on which reports happened to be clustered together
    (one batch of an ingest, one partition of a Dask run). Clustering each group on its
    own makes the events a function of the corpus alone, whatever the batches or order."""
    first_with: dict[str, int] = {}
    u: list[int] = []
    v: list[int] = []
    for i, m in enumerate(mentions):
        for b in blocks(m):
            u.append(first_with.setdefault(b, i))
            v.append(i)
    return [[mentions[i] for i in g] for g in groups(len(mentions), u, v)]


def cluster_groups(mentions: list[MentionRecord]) -> list[Cluster]:
    """``cluster`` of each block-connected group: what every ingest path stores."""
    return [c for group in connected_groups(mentions) for c in cluster(group)]


def event_id(c: Cluster) -> str:
    """Named after its canonical first report, so any ingest order gives the same id."""
    b = c.best
    return "ev-" + hashlib.sha1(f"{b.document_id}:{b.position}".encode()).hexdigest()[:16]


def _most_common(values: list[Any]) -> Any:
    counted = Counter(v for v in values if v)
    if not counted:
        return None
    top = max(counted.values())
    return next(v for v in values if v and counted[v] == top)


def _location(c: Cluster) -> dict[str, Any] | None:
    """The most specific place most reports give (a city beats a bare country)."""
    located = [m.location for m in c.members if m.location]
    with_city = [loc for loc in located if loc.get("city")]
    pool = with_city or located
    if not pool:
        return None
    city = _most_common([(loc.get("city"), loc.get("country")) for loc in pool])
    return next(loc for loc in pool if (loc.get("city"), loc.get("country")) == city)


def _participants(c: Cluster) -> list[dict[str, Any]]:
    """Everyone any report names, each once; a name in Latin letters where a report
    gives one, so that a meeting told in Chinese and in English reads "Wang Yi"."""
    out: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for m in sorted(c.members, key=lambda x: (-len(x.participants), x.sort_key)):
        for p in m.participants:
            key = p.get("key") or p["name"]
            if key not in seen:
                seen[key] = len(out)
                out.append(p)
            elif not _latin(out[seen[key]]["name"]) and _latin(p["name"]):
                out[seen[key]] = {**out[seen[key]], "name": p["name"]}
    return out


def _latin(name: str) -> bool:
    return all(c < "\u0370" for c in name)


def _disagreements(c: Cluster) -> dict[str, dict[str, list[str]]]:
    fields: dict[str, Callable[[MentionRecord], object]] = {
        "date": lambda m: m.date if m.date_precision == "day" else None,
        "city": lambda m: (m.location or {}).get("city"),
        "country": lambda m: (m.location or {}).get("country"),
        "occasion": lambda m: m.occasion,
    }
    out: dict[str, dict[str, list[str]]] = {}
    for name, get in fields.items():
        seen: dict[str, list[str]] = {}
        for m in c.members:
            v = get(m)
            if v:
                docs = seen.setdefault(str(v), [])
                if m.document_id not in docs:
                    docs.append(m.document_id)
        if len(seen) > 1:
            out[name] = seen
    return out


def merged_record(c: Cluster) -> dict[str, Any]:
    """The merged event: best date, most specific place, every source counted once."""
    b = c.best
    people = _participants(c)
    roots = {m.duplicate_of or m.document_id for m in c.members}
    conf = 1.0
    for doc_id in roots:
        doc_conf = max(
            m.confidence for m in c.members if (m.duplicate_of or m.document_id) == doc_id
        )
        conf *= 1 - doc_conf
    return {
        "id": event_id(c),
        "kind": b.kind,
        # a plan merged with its holding was held
        "status": "occurred" if any(m.status == "occurred" for m in c.members) else b.status,
        "primary": any(m.primary for m in c.members),
        "participants": people,
        "countries": [p.get("country") for p in people if p.get("country")] or list(b.countries),
        "date": b.date,
        "date_precision": b.date_precision,
        "location": _location(c),
        "occasion": _most_common([m.occasion for m in c.members]),
        "initiator": _most_common([m.initiator for m in c.members]),
        "cameo": _most_common([m.cameo for m in c.members]) or b.cameo,
        "plover": {"type": b.plover_type, "mode": b.plover_mode or ""},
        "confidence": round(min(0.99, 1 - conf), 2),
        "n_sources": len(roots),
        "n_outlets": len({m.outlet for m in c.members if m.outlet}),
        "disagreements": _disagreements(c),
        "topics": list(dict.fromkeys(t for m in c.members for t in m.topics)),
        "sources": [(m.document_id, m.position) for m in c.members],
        **{k: _most_common([m.values.get(k) for m in c.members]) for k in b.values},
    }
