"""From engagement mentions to document-level engagements, each field with its options.

A story tells one engagement several times: the headline, a caption, the lead, the body,
"the meeting took place at the State House". The rules of ``engagements.py`` find each
telling (an :class:`EngagementMention`); here the tellings of one engagement are grouped
into one :class:`Engagement`, and every value each field could take is gathered from all
of them and from the document itself (dateline, publication date, sentences that go on
about "the talks"), with the features that argue for it. Nothing is chosen here: the
decisions in ``extract/decide`` weigh the options with learned weights.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from parley.extract.dates import DateMention, find_dates
from parley.extract.literals import Gated
from parley.extract.mentions import CountryRef, PersonRef
from parley.extract.observe import word_before, zone
from parley.extract.patterns import ENGLISH, NEVER, load_patterns, matcher
from parley.extract.places import PlaceFinder, PlaceMention, not_in_names
from parley.extract.text import Sentence
from parley.model import PRECISION_RANK, Document, Kind, Location, Span, as_precision, dates_agree

NONE = "none"  # the feature of the option "no value"


@dataclass
class SentenceRefs:
    """One sentence and the people (``refs``) and states (``countries``) resolved in it."""

    sent: Sentence
    refs: list[PersonRef]
    countries: list[CountryRef]


@dataclass
class Option:
    """One value a field may take, the features for it, and where the text writes it."""

    value: Any
    features: dict[str, float]
    spans: list[Span] = field(default_factory=list)
    label: str = ""  # how --explain shows the value

    def add(self, features: dict[str, float], span: Span | None) -> None:
        for k, v in features.items():
            self.features[k] = max(self.features.get(k, 0.0), v)
        self.features["support"] = self.features.get("support", 0.0) + 1.0
        if span is not None and all(s.start != span.start for s in self.spans):
            self.spans.append(span)


@dataclass
class PersonOption:
    """Someone the engagement's tellings name, with the features for their taking part."""

    ref: PersonRef
    mention: str
    features: dict[str, float]


@dataclass
class DocFacts:
    """What the whole document says that any of its engagements may draw on."""

    doc: Document
    sentences: list[SentenceRefs]
    anchor: date | None
    day_anchor: date | None
    dateline_place: str | None
    dateline_location: Location | None
    surface: dict[str, str]
    lang: str = ENGLISH


@dataclass
class Engagement:
    """One real-world engagement as one document tells it, before any decision."""

    mentions: list[Any]  # EngagementMention
    rule_status: str
    kind: Kind
    people: list[PersonOption]
    states: list[str]  # states taking part without a named person
    dates: list[Option]
    places: list[Option]
    features: dict[str, float]
    occasion: tuple[str, Span] | None = None
    initiator: str | None = None

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(p.ref.key for p in self.people)


# -- grouping the tellings -------------------------------------------------------------


RECENT_DAYS = 14  # an undated report of what happened tells the story's last days


def _tellings_agree_on_date(a: Any, b: Any, anchor: date | None) -> bool:
    """Dates that agree; an undated telling of something done (not recalled as
    background) is recent, so it does not join a telling dated months before the story
    ("FILE - X and Y meet in Washington, March 23" under a July story)."""
    if not _dates_compatible(a.date, b.date):
        return False
    if anchor is None or (a.date is None) == (b.date is None):
        return True
    undated, dated = (a, b) if a.date is None else (b, a)
    if undated.background or undated.status != "occurred" or not dated.date.date:
        return True
    return (anchor - date.fromisoformat(dated.date.date)).days <= RECENT_DAYS


def _dates_compatible(a: DateMention | None, b: DateMention | None) -> bool:
    if a is None or b is None or a.date is None or b.date is None:
        return True
    return dates_agree(a.date, a.precision, b.date, b.precision)


def _places_compatible(a: PlaceMention | None, b: PlaceMention | None) -> bool:
    if a is None or b is None:
        return True
    if a.location.country != b.location.country:
        return False
    if a.location.city and b.location.city:
        # "met in San Francisco" and "met in Woodside, California" name one summit: towns
        # of one region are as close as reports get; other regions mean another meeting
        return (
            a.location.geonames_id == b.location.geonames_id
            or a.location.city == b.location.city
            or bool(a.location.admin1 and a.location.admin1 == b.location.admin1)
        )
    return True


def _mention_keys(m: Any) -> frozenset[str]:
    return frozenset(p.key for p in m.participants)


def _same_parties(m: Any, group: list[Any]) -> bool:
    """The same people (one set inside the other, or two in common); or, where one side
    names only states ("Ukrainian and U.S. delegations"), the same states."""
    mine = _mention_keys(m)
    keys: frozenset[str] = frozenset().union(*(_mention_keys(x) for x in group))
    if len(mine & keys) >= 2:
        return True
    states_only = all(p.how == "country" for p in m.participants) or all(
        p.how == "country" for x in group for p in x.participants
    )
    if not states_only:
        return False
    a = {p.country for p in m.participants}
    b = {p.country for x in group for p in x.participants}
    return len(a) >= 2 and (a <= b or b <= a)


def group_mentions(mentions: list[Any], anchor: date | None = None) -> list[list[Any]]:
    """Tellings of one engagement: same people, dates and places that agree.

    A count of engagements ("have met four times") stands alone, and a bilateral held
    "separately" beside a larger meeting stays apart from it.
    """
    groups: list[list[Any]] = []
    for m in mentions:
        target = None
        for g in groups if not m.aggregate else []:
            head = g[0]
            if head.aggregate or head.trigger.kind != m.trigger.kind:
                continue
            if not _same_parties(m, g):
                continue
            keys = frozenset().union(*(_mention_keys(x) for x in g))
            if (m.separate or head.separate) and _mention_keys(m) != keys:
                continue
            if not all(_tellings_agree_on_date(m, x, anchor) for x in g):
                continue
            if not all(_places_compatible(m.place, x.place) for x in g):
                continue
            target = g
            break
        if target is None:
            groups.append([m])
        else:
            target.append(m)
    return groups


# -- the options of each field ---------------------------------------------------------


@matcher
def _anaphor(lang: str) -> Gated:
    return Gated(re.compile(load_patterns("triggers", lang).get("anaphor", NEVER)))


@lru_cache(maxsize=4096)
def _anaphoric(folded: str, lang: str) -> bool:
    """ "the meeting", "the talks": the sentence may go on about an engagement told
    before (asked of each sentence near each engagement, for dates and for places)."""
    return _anaphor(lang).search(folded) is not None


def _bucket_days(delta: int) -> str:
    """A date's distance from the story's day: reports tell the last days, previews the
    next ones, and a date long before is usually background."""
    if delta > 0:
        return "after_anchor"
    if delta == 0:
        return "anchor_day"
    if delta >= -3:
        return "days_before"
    if delta >= -14:
        return "weeks_before"
    if delta >= -92:
        return "months_before"
    return "long_before"


def _date_value(d: DateMention) -> tuple[str, str]:
    return str(d.date), str(d.precision)


class Assembler:
    """Builds the engagements of one document from its tellings."""

    def __init__(self, places: PlaceFinder, lang: str = ENGLISH) -> None:
        self.places = places
        self.lang = lang

    def engagements(self, found: list[Any], facts: DocFacts) -> list[Engagement]:
        out: list[Engagement] = []
        for status in ("occurred", "planned", "cancelled"):
            tellings = [m for m in found if m.status == status]
            for group in group_mentions(tellings, facts.anchor):
                out.append(self._engagement(group, status, facts))
        document_features(out)
        return out

    def _engagement(self, group: list[Any], status: str, facts: DocFacts) -> Engagement:
        people, states = _people(group, facts)
        kind = engagement_kind(group)
        eng = Engagement(
            mentions=group,
            rule_status=status,
            kind=kind,
            people=people,
            states=states,
            dates=self._dates(group, facts, people),
            places=self._places(group, facts, people) if kind == "meeting" else [],
            features={},
            occasion=next((m.occasion for m in group if m.occasion), None),
            initiator=next((m.initiator for m in group if m.initiator), None),
        )
        eng.features = engagement_features(eng, facts.anchor)
        return eng

    # dates ---------------------------------------------------------------------------

    def _dates(self, group: list[Any], facts: DocFacts, people: list[PersonOption]) -> list[Option]:
        options: dict[tuple[str, str], Option] = {}
        original = facts.doc.original

        def offer(d: DateMention, features: dict[str, float], span: bool = True) -> None:
            if not d.date or not d.precision:
                return
            key = _date_value(d)
            opt = options.get(key)
            if opt is None:
                opt = options[key] = Option(key, {}, [], f"{d.date} ({d.precision})")
            sp = Span(d.start, d.end, original[d.start : d.end]) if span else None
            opt.add(features, sp)

        mention_sents = {m.sentence.index for m in group}
        for m in group:
            status = f"mstatus:{m.status}"
            for d, f in m.seen_dates:
                offer(d, {**f, status: 1.0, **({"aggregate": 1.0} if m.aggregate else {})})
            if m.date is not None and not any(d.start == m.date.start for d, _ in m.seen_dates):
                # carried from the sentence before ("the visit of X on April 14th. X ...")
                offer(m.date, {"src:carried": 1.0, "rule": 1.0, f"how:{m.date.how}": 1.0})
        keys = {p.ref.key for p in people}
        for sr in self._nearby(facts, group, mention_sents):
            s = sr.sent
            rel = min(abs(s.index - i) for i in mention_sents)
            anaphor = _anaphoric(s.folded, self.lang)
            names = any(r.key in keys for r in sr.refs)
            if rel > 1 and not anaphor:
                continue
            base = {
                "src:nearby" if rel == 1 else "src:elsewhere": 1.0,
                f"zone:{zone(s)}": 1.0,
            }
            if anaphor:
                base["anaphor"] = 1.0
            if names:
                base["names_participant"] = 1.0
            for d in find_dates(s.text, facts.anchor, False, self.lang):
                if not d.date:
                    continue
                f = {**base, f"how:{d.how}": 1.0, f"prec:{d.precision}": 1.0}
                prep = word_before(s.folded, d.start)
                if prep is not None:
                    f[f"prep:{prep}"] = 1.0
                offer(
                    DateMention(
                        s.start + d.start, s.start + d.end, d.text, d.date, d.precision, d.how
                    ),
                    f,
                )
        doc = facts.doc
        # an engagement recalled ("after they met in Delhi", "last met") was before the
        # story: neither its dateline's day nor its own day is a date of it
        recalled = all(m.background for m in group)
        if doc.dateline is not None and doc.dateline.date and not recalled:
            span = doc.dateline.span
            dl = DateMention(
                span.start if span else 0,
                span.end if span else 0,
                span.text if span else "",
                doc.dateline.date,
                "day",
                "dateline",
            )
            offer(dl, {"src:dateline": 1.0}, span=span is not None)
        if facts.day_anchor is not None and not recalled:
            day = facts.day_anchor.isoformat()
            offer(DateMention(0, 0, "", day, "day", "published"), {"src:anchor": 1.0}, span=False)
        for opt in options.values():
            d = date.fromisoformat(opt.value[0])
            if facts.anchor is not None:
                opt.features[f"rel:{_bucket_days((d - facts.anchor).days)}"] = 1.0
            else:
                opt.features["rel:no_anchor"] = 1.0
            opt.features["support"] = math.log1p(opt.features.get("support", 1.0))
            if any(m.date is not None and _date_value(m.date) == opt.value for m in group):
                opt.features["rule_any"] = 1.0
        rule = _rule_date(group)
        if rule is not None and rule in options:
            options[rule].features["rule_best"] = 1.0
        out = [*options.values(), Option(None, {NONE: 1.0}, [], "no date")]
        ctx = _group_context(group, facts)
        if any("src:mention" in o.features and "in_scope" in o.features for o in out):
            ctx.append("dated_in_scope")
        if facts.doc.dateline is not None and facts.doc.dateline.date:
            ctx.append("dateline_date")
        _conjoin(out, ctx)
        return out

    def _nearby(
        self, facts: DocFacts, group: list[Any], mention_sents: set[int]
    ) -> Iterable[SentenceRefs]:
        """Sentences other than the tellings that may go on about the engagement."""
        for sr in facts.sentences:
            if sr.sent.index not in mention_sents:
                yield sr

    # places --------------------------------------------------------------------------

    def _places(
        self, group: list[Any], facts: DocFacts, people: list[PersonOption]
    ) -> list[Option]:
        options: dict[tuple[str | None, str | None], Option] = {}
        original = facts.doc.original
        countries = {p.ref.country for p in people if p.ref.country} | set()

        def offer(loc: Location, features: dict[str, float], span: Span | None) -> None:
            key = ((loc.city or "").lower() or None, loc.country)
            opt = options.get(key)
            if opt is None:
                label = ", ".join(x for x in (loc.city, loc.country) if x)
                opt = options[key] = Option(loc, {}, [], label)
            elif opt.value.geonames_id is None and loc.geonames_id is not None:
                opt.value = loc
            opt.add(features, span)

        def span_of(p: PlaceMention) -> Span:
            return Span(p.start, p.end, original[p.start : p.end])

        mention_sents = {m.sentence.index for m in group}
        for m in group:
            status = f"mstatus:{m.status}"
            for p, f in m.seen_places:
                offer(
                    p.location,
                    {**f, status: 1.0, **({"aggregate": 1.0} if m.aggregate else {})},
                    span_of(p),
                )
        keys = {p.ref.key for p in people}
        for sr in self._nearby(facts, group, mention_sents):
            s = sr.sent
            rel = min(abs(s.index - i) for i in mention_sents)
            anaphor = _anaphoric(s.folded, self.lang)
            # the lead: the first two paragraphs or five sentences, since scraped pages
            # often open with a caption or a time stamp before the first real sentence
            lead = s.kind in {"title", "caption"} or s.para <= 1 or s.index <= 4
            if rel > 1 and not anaphor and not lead:
                continue
            source = (
                "src:title"
                if s.kind == "title"
                else "src:nearby"
                if rel == 1
                else "src:lead"  # the lead sets the scene: "arrived at the Congress Center"
                if lead and not anaphor
                else "src:elsewhere"
            )
            base = {source: 1.0}
            if anaphor:
                base["anaphor"] = 1.0
            if any(r.key in keys for r in sr.refs):
                base["names_participant"] = 1.0
            for p in not_in_names(self.places.find(s.text, s.start, facts.dateline_place), sr.refs):
                f = {**base, f"how:{p.how}": 1.0}
                if p.cue:
                    f[f"place_cue:{p.cue}"] = 1.0
                prep = word_before(s.folded, p.start - s.start)
                if prep is not None:
                    f[f"prep:{prep}"] = 1.0
                offer(p.location, f, span_of(p))
        if facts.dateline_location is not None:
            span = facts.doc.dateline.span if facts.doc.dateline else None
            offer(facts.dateline_location, {"src:dateline": 1.0}, span)
        for m in group:
            if m.host is not None:
                # "X received Y": the host's own country, unless the text places it
                at, end = m.sentence.start + m.trigger.start, m.sentence.start + m.trigger.end
                span = Span(at, end, original[at:end])
                offer(Location(None, None, m.host), {"src:host": 1.0}, span)
        occ = next((m.occasion for m in group if m.occasion), None)
        if occ is not None:
            host = self._occasion_place(occ[0], group)
            if host is not None:
                offer(host, {"src:occasion": 1.0}, occ[1])
        for opt in options.values():
            loc: Location = opt.value
            f = opt.features
            f["support"] = math.log1p(f.get("support", 1.0))
            f["has_city" if loc.city else "country_only"] = 1.0
            if loc.country in countries:
                f["participant_country"] = 1.0
            if any(m.background for m in group) and "src:dateline" in f:
                f["dateline_background"] = 1.0
        out = [*options.values(), Option(None, {NONE: 1.0}, [], "no place")]
        ctx = _group_context(group, facts)
        if any("src:mention" in o.features and "in_scope" in o.features for o in out):
            ctx.append("placed_in_scope")
        if facts.dateline_location is not None:
            ctx.append("dateline_place")
        ctx += [f"trig_{r}" for r in sorted({m.trigger.rule for m in group})]
        _conjoin(out, ctx)
        return out

    def _occasion_place(self, occasion: str, group: list[Any]) -> Location | None:
        lex = self.places.lex
        d = next((m.date.date for m in group if m.date and m.date.date), None)
        occ = lex.occasions.match(occasion, int(d[:4]) if d else None, d)
        if occ is None or not occ.city:
            return None
        place = lex.places.lookup(occ.city, occ.country)
        return lex.places.to_location(place) if place is not None else None


_SOURCES = (
    "src:mention",
    "src:carried",
    "src:nearby",
    "src:elsewhere",
    "src:title",
    "src:lead",
)
_TODAY = frozenset({"today", "tonight", "aujourd'hui", "hoy", "hoje", "oggi", "heute", "сегодня"})


def _group_context(group: list[Any], facts: DocFacts) -> list[str]:
    """What the tellings as a whole say, for options to be weighed in its light."""
    first = group[0]
    ctx = [
        f"zone_{zone(first.sentence)}",
        f"status_{first.status}",
        f"kind_{first.trigger.kind}",
        f"tellings_{min(len(group), 3)}",
        "anchor" if facts.day_anchor is not None else "no_anchor",
    ]
    if any(m.background for m in group):
        ctx.append("background")
    words = {w.split(":", 1)[1] for m in group for w in m.words}
    if words & _TODAY:
        ctx.append("today_word")
    return ctx


def _option_kind(f: dict[str, float]) -> list[str]:
    if NONE in f:
        return ["none"]
    kinds = [k[4:] for k in _SOURCES if k in f]
    if "src:mention" in f and "in_scope" in f:
        kinds.append("mention_in_scope")
    if "src:dateline" in f:
        kinds.append("dateline")
    if "src:anchor" in f:
        kinds.append("anchor")
    if "src:occasion" in f:
        kinds.append("occasion")
    if "src:host" in f:
        kinds.append("host")
    return kinds


def _conjoin(options: list[Option], ctx: list[str]) -> None:
    """Each option's source with each fact about the tellings ("the story's day" weighs
    differently when the tellings write a date of their own): a linear model learns such
    pairs only when they are features."""
    for o in options:
        for k in _option_kind(o.features):
            for c in ctx:
                o.features[f"{k}&{c}"] = 1.0


_NEUTRAL_RULES = frozenset({"protocol", "together"})


def engagement_kind(group: list[Any]) -> Kind:
    """A call when the tellings that say how tell a call ("spoke by phone", "video
    conference") at least as often as a meeting; words that say neither ("exchanged
    views", "discussed with") do not count."""
    calls = sum(
        (1.0 if not m.trigger.weak else 0.5)
        for m in group
        if m.trigger.kind == "call" and m.trigger.rule not in _NEUTRAL_RULES
    )
    meetings = sum(
        (1.0 if not m.trigger.weak else 0.5)
        for m in group
        if m.trigger.kind == "meeting" and m.trigger.rule not in _NEUTRAL_RULES
    )
    return "call" if calls > 0 and calls >= meetings else "meeting"


def _rule_date(group: list[Any]) -> tuple[str, str] | None:
    dated = [m.date for m in group if m.date and m.date.date]
    if not dated:
        return None
    return _date_value(max(dated, key=lambda d: PRECISION_RANK[d.precision]))


# -- people ----------------------------------------------------------------------------

_ROLE_GROUP = {
    "head_of_state": "leader",
    "head_of_government": "leader",
    "foreign_minister": "fm",
}


def _people(group: list[Any], facts: DocFacts) -> tuple[list[PersonOption], list[str]]:
    """Everyone the tellings name, in order of first appearance, with their features."""
    order: dict[str, PersonRef] = {}
    seen_in: dict[str, int] = {}
    flags: dict[str, set[str]] = {}
    for i, m in enumerate(group):
        trig_at = m.sentence.start + m.trigger.start
        for p in m.participants:
            if p.key not in order or (
                order[p.key].how not in {"name", "adhoc"} and p.how in {"name", "adhoc"}
            ):
                order.setdefault(p.key, p)
                if p.how in {"name", "adhoc"}:
                    order[p.key] = p
            seen_in[p.key] = seen_in.get(p.key, 0) + 1
            marks = flags.setdefault(p.key, set())
            marks.add(f"how:{p.how}")
            if i == 0:
                marks.add("first_telling")
            if p.speaker:
                marks.add("speaker")
            if p.attending:
                marks.add("attending")
            in_clause = m.scope[0] <= p.start < m.scope[1] and p.how != "context"
            if in_clause:
                marks.add("in_clause")  # named in the clause of the engagement word itself
                if p.start < trig_at and not p.speaker:
                    marks.add("clause_subject")  # "Stoltenberg hosted a meeting with ..."
            if p.start < trig_at:
                marks.add("before_trigger")
            else:
                marks.add("after_trigger")
                prep = word_before(m.sentence.folded, p.start - m.sentence.start, 8)
                if prep is not None:
                    marks.add(f"prep:{prep}")
            if m.sentence.kind == "title":
                marks.add("in_title")
    named = [p for p in order.values() if p.how != "country"]
    by_country: dict[str | None, int] = {}
    for p in named:
        by_country[p.country] = by_country.get(p.country, 0) + 1
    n = len(group)
    out: list[PersonOption] = []
    for p in named:
        f = {k: 1.0 for k in flags[p.key]}
        f["share"] = seen_in[p.key] / n
        f[f"role:{_ROLE_GROUP.get(p.role or '', 'other' if p.role else 'none')}"] = 1.0
        f["known" if p.id else "unknown"] = 1.0
        if by_country.get(p.country, 0) > 1:
            f["shares_country"] = 1.0
        if p.country is None:
            f["no_country"] = 1.0
        f[f"n_people:{min(len(named), 5)}"] = 1.0
        out.append(PersonOption(p, facts.surface.get(p.key, p.name), f))
    named_countries = {p.country for p in named}
    states = [
        p.country or ""
        for p in order.values()
        if p.how == "country" and p.country not in named_countries
    ]
    return out, list(dict.fromkeys(states))


# -- the engagement's own features ----------------------------------------------------


def engagement_features(eng: Engagement, anchor: date | None) -> dict[str, float]:
    """What argues that the tellings report a real engagement, done or planned: shares
    over the tellings (what most of them say), what the first one says, who is named."""
    ms = eng.mentions
    n = len(ms)
    share = 1.0 / n
    f: dict[str, float] = {f"kind:{eng.kind}": 1.0, f"tellings:{min(n, 3)}": 1.0}

    def add(key: str, v: float = share) -> None:
        f[key] = f.get(key, 0.0) + v

    for m in ms:
        add(f"rule:{m.status}")
        f[f"trig:{m.trigger.rule}"] = 1.0
        f[f"zone:{zone(m.sentence)}"] = 1.0
        for c in m.cues:
            add(f"cue:{c}")
        if m.background:
            add("background")
        if m.aggregate:
            f["aggregate"] = 1.0
        if m.separate:
            f["separate"] = 1.0
        if m.trigger.weak:
            add("weak")
        if not any(m.scope[0] <= p.start < m.scope[1] for p in m.participants):
            add("borrowed_people")  # nobody named in the clause: its people are a guess
    first = ms[0]
    f[f"first_rule:{first.status}"] = 1.0
    for c in first.cues:
        f[f"first_cue:{c}"] = 1.0
    told = [m for m in ms if zone(m.sentence) != "title"]
    if told:
        f[f"first_told_rule:{told[0].status}"] = 1.0
    if all(m.trigger.weak for m in ms):
        f["weak_only"] = 1.0
    hows = {p.ref.how for p in eng.people}
    for h in hows:
        f[f"people_how:{h}"] = 1.0
    if not eng.people:
        f["states_only"] = 1.0
    f[f"n_people:{min(len(eng.people), 4)}"] = 1.0
    if any(p.ref.country is None for p in eng.people):
        f["stateless_person"] = 1.0
    rule = _rule_date(ms)
    if rule is not None and anchor is not None:
        delta = (date.fromisoformat(rule[0]) - anchor).days
        f[f"rule_date:{_bucket_days(delta)}"] = 1.0
    elif rule is None:
        # an undated telling in a dated story is usually that day's news; without a
        # date anywhere, anything
        f["rule_date:none" if anchor is None else "rule_date:story_day"] = 1.0
    if eng.occasion is not None:
        f["occasion"] = 1.0
    ranks = {_rank(p.ref.role) for p in eng.people}
    if ranks:
        # a leader greeted by a minister of housing is protocol; by a leader, a visit
        f["ranks:" + "-".join(sorted(ranks))] = 1.0
        if any("voided" in m.cues for m in ms) and ranks != {"leader"}:
            f["voided&unequal"] = 1.0
    return f


_LEADERS = frozenset({"head_of_state", "head_of_government", "leader"})


def _rank(role: str | None) -> str:
    """The office class that decides whether a greeting is diplomacy or protocol."""
    if role in _LEADERS:
        return "leader"
    return "fm" if role == "foreign_minister" else "other"


def document_features(engagements: list[Engagement]) -> None:
    """Features that compare an engagement with the others of its document (primary)."""
    if not engagements:
        return
    most = max(len(e.mentions) for e in engagements)
    first = min(e.mentions[0].sentence.index for e in engagements)
    for e in engagements:
        for k in [k for k in e.features if k.startswith("doc:")]:
            del e.features[k]
        if len(e.mentions) == most:
            e.features["doc:most_told"] = 1.0
        if min(m.sentence.index for m in e.mentions) == first:
            e.features["doc:told_first"] = 1.0
        e.features[f"doc:engagements:{min(len(engagements), 4)}"] = 1.0
        for other in engagements:
            # the same people told as to come elsewhere in the story ("will meet later on
            # Monday"), or as done: a same-day preview, or a report with its next step
            if other is not e and len(e.keys & other.keys) >= 2:
                e.features[f"doc:twin_{other.rule_status}"] = 1.0


def dateline_location(places: PlaceFinder, dateline_place: str | None) -> Location | None:
    """The dateline's town as a location (the story was filed there)."""
    if not dateline_place:
        return None
    place = places.lex.places.lookup(dateline_place.title(), None)
    return places.lex.places.to_location(place) if place is not None else None


# -- two groups of tellings as one engagement ----------------------------------------


def _merge_options(a: list[Option], b: list[Option], key: Any) -> list[Option]:
    """Options of two groups by value: features at their strongest, support added."""
    out: dict[Any, Option] = {}
    for o in [*a, *b]:
        k = key(o.value)
        have = out.get(k)
        if have is None:
            out[k] = Option(o.value, dict(o.features), list(o.spans), o.label)
            continue
        support = math.expm1(have.features.get("support", 0.0)) + math.expm1(
            o.features.get("support", 0.0)
        )
        for f, v in o.features.items():
            have.features[f] = max(have.features.get(f, 0.0), v)
        if "support" in have.features:
            have.features["support"] = math.log1p(support)
        have.spans += [s for s in o.spans if all(s.start != x.start for x in have.spans)]
    none = [o for k, o in out.items() if k is None]
    return [o for k, o in out.items() if k is not None] + none


def _place_key(loc: Location | None) -> Any:
    return None if loc is None else ((loc.city or "").lower() or None, loc.country)


def merge_engagements(a: Engagement, b: Engagement, anchor: date | None) -> Engagement:
    """One engagement from two groups of its tellings: every telling, every person,
    every option of both (``a`` leads: its status by rule and first telling)."""
    people: dict[str, PersonOption] = {p.ref.key: p for p in a.people}
    for p in b.people:
        have = people.get(p.ref.key)
        if have is None:
            people[p.ref.key] = p
            continue
        feats = dict(have.features)
        for k, v in p.features.items():
            feats[k] = max(feats.get(k, 0.0), v)
        mention = have.mention if len(have.mention) >= len(p.mention) else p.mention
        people[p.ref.key] = PersonOption(have.ref, mention, feats)
    mentions = sorted([*a.mentions, *b.mentions], key=lambda m: (m.sentence.index, m.trigger.start))
    merged = Engagement(
        mentions=mentions,
        rule_status=a.rule_status,
        kind=engagement_kind(mentions),
        people=list(people.values()),
        states=list(dict.fromkeys([*a.states, *b.states])),
        dates=_merge_options(a.dates, b.dates, lambda v: v),
        places=_merge_options(a.places, b.places, _place_key),
        features={},
        occasion=a.occasion or b.occasion,
        initiator=a.initiator or b.initiator,
    )
    merged.features = engagement_features(merged, anchor)
    return merged


def _rule_place(eng: Engagement) -> Location | None:
    best = None
    for m in eng.mentions:
        if m.place is not None and (best is None or (best.city is None and m.place.location.city)):
            best = m.place.location
    return best


def _borrowed(eng: Engagement) -> bool:
    """No telling names anyone in its own clause ("a day after visiting Kyiv"): its
    people, and so its place, are a guess from the rest of the sentence."""
    return not any(m.scope[0] <= p.start < m.scope[1] for m in eng.mentions for p in m.participants)


def pair_features(a: Engagement, b: Engagement, anchor: date | None) -> dict[str, float] | None:
    """What argues that two groups of tellings are one engagement; None when they cannot
    be one: too few people in common, one told as done and the other as to come, two
    different days or two different towns written out."""
    if a.rule_status != b.rule_status:
        return None
    if any(m.aggregate for m in [*a.mentions, *b.mentions]):
        return None  # "they have met five times": a count is none of its meetings
    if all(m.archive for m in a.mentions) != all(m.archive for m in b.mentions):
        return None  # a file photo's meeting is not the one the story reports
    ra, rb = _rule_date(a.mentions), _rule_date(b.mentions)
    if ra and rb and ra[1] == rb[1] == "day" and ra[0] != rb[0]:
        return None
    if ra and rb and not dates_agree(ra[0], as_precision(ra[1]), rb[0], as_precision(rb[1])):
        return None  # "in February" is not the 4 September of the other tellings
    pa, pb = _rule_place(a), _rule_place(b)
    towns_differ = bool(pa and pb and pa.city and pb.city and pa.city != pb.city)
    same_region = bool(pa and pb and pa.admin1 and pa.admin1 == pb.admin1)
    if towns_differ and not same_region and not (_borrowed(a) or _borrowed(b)):
        return None  # Beijing one day, Guangzhou the next: two meetings
    ka, kb = a.keys, b.keys
    if not ka and not kb:
        sa, sb = set(a.states), set(b.states)
        if len(sa & sb) < 2:
            return None
        f: dict[str, float] = {"people:states": 1.0}
    else:
        common = ka & kb
        if len(common) < 2:
            return None
        f = {
            "people:same"
            if ka == kb
            else "people:subset"
            if ka <= kb or kb <= ka
            else "people:overlap": 1.0
        }
    f[f"kinds:{'-'.join(sorted({a.kind, b.kind}))}"] = 1.0
    f[f"status:{'-'.join(sorted({a.rule_status, b.rule_status}))}"] = 1.0
    da, db = _rule_date(a.mentions), _rule_date(b.mentions)
    if da is None and db is None:
        f["dates:none"] = 1.0
    elif da is None or db is None:
        f["dates:one"] = 1.0
        dated = date.fromisoformat((da or db)[0])  # type: ignore[index]
        if anchor is not None:
            f[f"dated:{_bucket_days((dated - anchor).days)}"] = 1.0
    else:
        gap = abs((date.fromisoformat(da[0]) - date.fromisoformat(db[0])).days)
        if da == db:
            f["dates:same"] = 1.0
        elif gap <= 1:
            f["dates:one_day"] = 1.0
        elif gap <= 7:
            f["dates:week"] = 1.0
        else:
            f["dates:far"] = 1.0
        if "month" in (da[1], db[1]) or "year" in (da[1], db[1]):
            f["dates:coarse"] = 1.0
    pa, pb = _rule_place(a), _rule_place(b)
    if pa is not None and pb is not None:
        if pa.country != pb.country:
            f["places:countries_differ"] = 1.0
        elif pa.city and pb.city and pa.city != pb.city:
            f["places:towns_differ"] = 1.0
        else:
            f["places:agree"] = 1.0
    for side, e in (("a", a), ("b", b)):
        if any(m.background for m in e.mentions):
            f["background"] = 1.0
        if any(m.aggregate for m in e.mentions):
            f["aggregate"] = 1.0
        if all(m.trigger.weak for m in e.mentions):
            f["weak_only"] = 1.0
        if all(m.sentence.kind in {"title", "caption"} for m in e.mentions):
            f["headline_only"] = 1.0
        if any(p.ref.how == "context" for p in e.people):
            f["context_people"] = 1.0
        if _borrowed(e):
            f["borrowed_people"] = 1.0
        del side
    return f


# -- one telling, several bilaterals -------------------------------------------------


@dataclass(frozen=True)
class Split:
    """A telling with one subject and several others of different states ("he met with
    the prime ministers of A, of B and of C"): one meeting of all, or one with each."""

    subject: str
    objects: tuple[str, ...]
    features: dict[str, float]


_JOINT = re.compile(
    r"\b(?:trilateral|tripartite|three-way|four-way|quadrilateral|joint(?:ly)?|together|"
    r"all\s+(?:three|four|five)|group)\b"
)


def split_of(eng: Engagement) -> Split | None:
    """The first telling that has one subject and several others, with the features that
    argue for one meeting with each; None when no telling has that shape."""
    by_key = {p.ref.key: p for p in eng.people}
    for m in eng.mentions:
        at = m.sentence.start + m.trigger.start
        subject = {p.key for p in m.participants if p.how == "context" or p.start < at}
        others = [
            p
            for p in m.participants
            if p.how != "context"
            and p.start >= at
            and p.key not in subject
            and p.key in by_key
            and (p.role or p.id)  # an office-holder: not "his wife Entissar Amer"
        ]
        keys = list(dict.fromkeys(p.key for p in others))
        if len(subject) != 1 or len(keys) < 2:
            continue
        s = next(iter(subject))
        states = {p.country for p in others}
        if s not in by_key or len(states) < 2 or by_key[s].ref.country in states:
            continue
        folded = m.sentence.folded
        last = max(p.end for p in others) - m.sentence.start
        withs = len(re.findall(r"\bwith\b", folded[m.trigger.start : last]))
        f: dict[str, float] = {
            f"objects:{min(len(keys), 4)}": 1.0,
            f"trig:{m.trigger.rule}": 1.0,
            f"subject:{by_key[s].ref.how}": 1.0,
        }
        if withs >= len(keys):
            f["with_each"] = 1.0
        if m.separate or any(x.separate for x in eng.mentions):
            f["separate"] = 1.0
        if eng.occasion is not None:
            f["occasion"] = 1.0
        if _JOINT.search(folded):
            f["joint_word"] = 1.0
        pairs = sum(
            1
            for x in eng.mentions
            if x is not m and len({p.key for p in x.participants} & set(keys)) == 1
        )
        f[f"pair_tellings:{min(pairs, 2)}"] = 1.0
        return Split(s, tuple(keys), f)
    return None


def split_engagement(eng: Engagement, split: Split, anchor: date | None) -> list[Engagement]:
    """One engagement of the subject with each of the others, sharing every option."""
    by_key = {p.ref.key: p for p in eng.people}
    out = []
    doc = {k: v for k, v in eng.features.items() if k.startswith("doc:")}
    for key in split.objects:
        sub = Engagement(
            mentions=eng.mentions,
            rule_status=eng.rule_status,
            kind=eng.kind,
            people=[by_key[split.subject], by_key[key]],
            states=[],
            dates=eng.dates,
            places=eng.places,
            features={},
            occasion=eng.occasion,
            initiator=eng.initiator,
        )
        sub.features = {**engagement_features(sub, anchor), **doc}
        out.append(sub)
    return out
