"""From sentences to engagements: find, resolve, cluster, and rank them.

Each sentence with an engagement word ("met", "held talks", "phone call") and at least
two people of different states yields an :class:`EngagementMention`. Mentions of the
same engagement across the article (the headline, the lead, a caption, "the two
leaders later ...") are clustered into one :class:`~parley.model.Event`, whose fields
come from the most precise mention; each field keeps the sentence it came from.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from parley.extract.assemble import (
    Assembler,
    DocFacts,
    Engagement,
    SentenceRefs,
    dateline_location,
)
from parley.extract.dates import DateMention, anchor_precision, find_dates, parse_iso_date
from parley.extract.decide import decide
from parley.extract.learned import Model, default_model
from parley.extract.lexicon import Lexicon, default_lexicon
from parley.extract.literals import Gated
from parley.extract.mentions import (
    CountryRef,
    DocContext,
    MentionFinder,
    PersonRef,
    attendee_names,
    group_reference_spans,
    ref_from_actor,
)
from parley.extract.observe import (
    MentionContext,
    observe_dates,
    observe_places,
    trigger_words,
)
from parley.extract.occasion import find_occasion
from parley.extract.patterns import ENGLISH, NEVER, load_patterns
from parley.extract.places import PlaceFinder, PlaceMention, not_in_names
from parley.extract.status import (
    is_aggregate,
    is_archive_caption,
    is_background,
    is_present,
    status_cues,
    status_from_cues,
)
from parley.extract.text import Sentence, document_sentences
from parley.extract.triggers import Trigger, find_triggers
from parley.model import PRECISION_RANK, Actor, Document, Event, Span
from parley.text import fold

# Bounds on the work one document can ask for (real articles stay far below both: at most
# 4 engagement words in a sentence and 10 tellings in a document of the corpora). Telling
# against telling is compared when they are assembled, so a page of repeated "X met Y"
# would otherwise cost time quadratic in its length.
MAX_TRIGGERS_PER_SENTENCE = 16
MAX_TELLINGS = 200


_BARE_NOUNS = frozenset({"meeting-noun", "talks"})
HOSTING = "043"  # the CAMEO code of the hosting words ("received", "welcomed", "hosted")


def _status_from_earlier(tellings: list[EngagementMention]) -> list[EngagementMention]:
    """ "A meeting between Putin and Erdogan is possible, but no dates for such a meeting
    have been set": a bare noun later in the sentence, with no cue of its own, tells the
    same engagement as the one before it, plan or cancellation included."""
    for i, m in enumerate(tellings):
        if m.cues or m.status != "occurred" or m.trigger.rule not in _BARE_NOUNS:
            continue
        earlier = next(
            (e for e in tellings[:i] if e.keys == m.keys and e.status != "occurred"), None
        )
        if earlier is not None:
            m.status, m.cues = earlier.status, earlier.cues
    return tellings


# "delegation from the Economic Community of ...": how far after the word its state or
# body may begin ("from the ", "of the ", "sent by the ")
_DELEGATION_OF = 14


@dataclass
class EngagementMention:
    """One engagement as one clause of one sentence reports it."""

    sentence: Sentence
    trigger: Trigger
    participants: list[PersonRef]
    status: str
    date: DateMention | None
    place: PlaceMention | None
    occasion: tuple[str, Span] | None
    background: bool
    initiator: str | None = None
    host: str | None = None  # the state of who received the other side ("X welcomed Y")
    explicit_people: int = 0
    aggregate: bool = False  # "have met four times": stands apart, takes no date or place
    separate: bool = False  # "held a separate meeting with": not part of a larger one
    cues: frozenset[str] = frozenset()  # status cue families around the trigger
    # every date and place of the sentence with its features (extract/observe.py)
    seen_dates: list[tuple[DateMention, dict[str, float]]] = field(default_factory=list)
    seen_places: list[tuple[PlaceMention, dict[str, float]]] = field(default_factory=list)
    words: frozenset[str] = frozenset()  # folded words around the trigger, for the model
    scope: tuple[int, int] = (0, 0)  # the clause of the engagement word (absolute offsets)
    archive: bool = False  # told in the caption of a file photo: another day's engagement

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(p.key for p in self.participants)


# the capitalised words written right after "his Turkish counterpart"
_NAME_AFTER = re.compile(r"\s*,?\s*((?:[A-Z\u00c0-\u00de\u0400-\u042f][\w'’.-]+\s?){1,4})")


class EngagementExtractor:
    """Runs the mention, date, place and status finders over one document."""

    def __init__(
        self, lexicon: Lexicon | None = None, lang: str = ENGLISH, wide: bool = True
    ) -> None:
        self.lang = lang
        # wide: keep weakly supported candidates for the learned decisions to weigh
        self.wide = wide
        self.lex = lexicon or default_lexicon(lang)
        self.mentions = MentionFinder(self.lex, lang)
        self.places = PlaceFinder(self.lex, lang)
        self.assembler = Assembler(self.places, lang)
        cues = load_patterns("mentions", lang).get("attendance_cues", [])
        alternation = "|".join(re.escape(c) for c in sorted(cues, key=len, reverse=True))
        self._attend = Gated(re.compile(rf"\b(?:{alternation})\b" if cues else NEVER))
        self._anaphor = Gated(re.compile(load_patterns("triggers", lang).get("anaphor", NEVER)))
        self._own_people = re.compile(load_patterns("triggers", lang).get("own_people", NEVER))
        pronouns = load_patterns("mentions", lang).get("subject_pronouns", [])
        alt = "|".join(re.escape(p) for p in pronouns) or NEVER
        self._pronoun = re.compile(rf"(?:^|[^\w])(?:{alt})(?:[^\w]|$)")
        objects = load_patterns("mentions", lang).get("object_pronouns", [])
        alt = "|".join(re.escape(p) for p in objects) or NEVER
        self._object_pronoun = re.compile(rf"\s+(?:{alt})\b")
        grammar = load_patterns("triggers", lang)
        never = NEVER
        self._clause_break = re.compile(grammar.get("clause_break", never))
        self._counterpart_rx = re.compile(grammar.get("counterpart", never))
        self._counterparts_from_rx = re.compile(grammar.get("counterparts_from", never))
        self._subordinate = Gated(re.compile(grammar.get("subordinate", never)))
        self._report_tail = re.compile(grammar.get("report_tail", never))
        self._with = re.compile(grammar.get("with_object", never))
        self._separate = re.compile(grammar.get("separate", never))
        self._aside_rx = re.compile(grammar.get("aside", never))
        self._clause_open = re.compile(grammar.get("clause_open", never))
        self._delegation_rx = re.compile(grammar.get("delegations", never))
        self._date_stop = re.compile(grammar.get("date_stop", never))
        self._state_and = re.compile(grammar.get("state_and", never))
        self._between = re.compile(grammar.get("between", never))
        self._date_carrier = re.compile(grammar.get("date_carrier", never))
        self._initiator_relative = re.compile(grammar.get("initiator_relative", never))
        self._initiator_of = re.compile(grammar.get("initiator_of", never))
        self._host_agent = re.compile(grammar.get("host_agent", never))
        self._host_passive = re.compile(grammar.get("host_passive", never))

    def extract(
        self, doc: Document, published: str | None = None, model: Model | None = None
    ) -> list[Event]:
        return self.analyse(doc, published, model)[0]

    def analyse(
        self,
        doc: Document,
        published: str | None = None,
        model: Model | None = None,
        explain: bool = False,
    ) -> tuple[list[Event], list[SentenceRefs], dict[str, str]]:
        """The events, each sentence with the people and states it names, and the fullest
        form of each person's name the story writes.

        The last two are what statement extraction reads, so that people are resolved
        once, with the same story context, for both.
        """
        engagements, facts = self.candidates(doc, published)
        events = decide(engagements, facts, model or default_model(), explain)
        return events, facts.sentences, facts.surface

    def candidates(
        self, doc: Document, published: str | None = None
    ) -> tuple[list[Engagement], DocFacts]:
        """The document's engagements with every option of every field, undecided: what
        training labels, and what cross-validation decides fold by fold."""
        pub = doc.published or published
        anchor_value = (doc.dateline.date if doc.dateline and doc.dateline.date else None) or pub
        anchor = parse_iso_date(anchor_value)
        day_anchor = anchor if anchor_precision(anchor_value) == "day" else None
        if anchor is not None and day_anchor is None:
            # a story dated only "2023-04" may be from any day of April: "6 April" is
            # that April, not the year before
            anchor = _month_end(anchor)
        ctx = DocContext(anchor=day_anchor)
        if day_anchor is None:
            ctx.reference = anchor or _reference_day(doc, self.lang)
        dateline_place = doc.dateline.place if doc.dateline else None
        found: list[EngagementMention] = []
        seen: list[SentenceRefs] = []
        previous: tuple[Sentence, list[PersonRef], date | None] | None = None
        # first pass: who each sentence names, and the pair in focus at each sentence, so
        # that a telling naming nobody can take the story's people, even those named later
        foci: list[list[str]] = []
        for sent in document_sentences(doc):
            refs, countries, _hits = self.mentions.persons(sent, ctx)
            seen.append(SentenceRefs(sent, refs, countries))
            foci.append(list(ctx.focus))
            real = [r for r in refs if not r.modifier]
            ctx.note_salience(real)
            distinct = _distinct(real)
            if len({r.country for r in distinct}) >= 2:
                ctx.set_focus([r.key for r in distinct])
        for item, focus in zip(seen, foci, strict=True):
            sent, refs, countries = item.sent, item.refs, item.countries
            ctx.focus = focus
            real = [r for r in refs if not r.modifier]
            triggers = find_triggers(sent.folded, self.lang, self.wide)[:MAX_TRIGGERS_PER_SENTENCE]
            cue = self._attend.search(sent.folded)
            if found and cue is not None:
                # "X and Y also took part in the meeting": the list joins the engagement
                # in focus, even though "meeting" is also an engagement word.
                side = _side_before(countries, sent.start + cue.start())
                self._add_attendees(found, real + attendee_names(sent, real, ctx, self.lang), side)
            elif triggers and len(found) < MAX_TELLINGS:
                new = self._sentence_mentions(
                    sent, triggers, real, countries, ctx, anchor, day_anchor, dateline_place
                )
                _date_from_previous(new, previous, self._date_carrier)
                found.extend(_status_from_earlier(new))
            previous = (sent, real, anchor)
        facts = DocFacts(
            doc,
            seen,
            anchor,
            day_anchor,
            dateline_place,
            dateline_location(self.places, dateline_place),
            dict(ctx.surface),
            self.lang,
        )
        return self.assembler.engagements(found, facts), facts

    def _add_attendees(
        self, found: list[EngagementMention], refs: list[PersonRef], side: str | None
    ) -> None:
        """Join the people of an attendance list to the engagement in focus; "The
        Ukrainian delegation was made up of ..." gives them Ukraine when nothing else
        does, and named people take the place of their state's delegation."""
        target = next((m for m in reversed(found) if m.status == "occurred"), None)
        if target is None:
            return
        have = target.keys
        for r in refs:
            if r.key not in have and not r.speaker:
                if r.country is None and side is not None:
                    r = replace(r, country=side)
                target.participants.append(replace(r, attending=True))
        named = {p.country for p in target.participants if p.how != "country"}
        target.participants = [
            p for p in target.participants if p.how != "country" or p.country not in named
        ]

    def _sentence_mentions(
        self,
        sent: Sentence,
        triggers: list[Trigger],
        refs: list[PersonRef],
        countries: list[CountryRef],
        ctx: DocContext,
        anchor: date | None,
        day_anchor: date | None,
        dateline_place: str | None,
    ) -> list[EngagementMention]:
        out: list[EngagementMention] = []
        lang = self.lang
        groups = group_reference_spans(sent, lang)
        places = not_in_names(self.places.find(sent.text, sent.start, dateline_place), refs)
        triggers = _calls_absorb_talks(sent, triggers, self._clause_break)
        scopes = _scopes(sent, triggers, self._clause_break)
        for trig, (lo, hi) in zip(triggers, scopes, strict=True):
            a_lo, a_hi = sent.start + lo, sent.start + hi
            people = [r for r in refs if a_lo <= r.start < a_hi]
            named_here = len(_distinct(people))
            if named_here < 2:
                people = refs
            last_word = sent.folded[trig.start : trig.end].split()[-1]
            if self._between.fullmatch(last_word):
                # "the summit between the US leader and Putin": exactly those after it
                people = [r for r in people if r.start >= sent.start + trig.end]
            people = _drop_speakers(people)
            people = _outside_speech(people, sent.start + trig.start, sent, self._with)
            explicit = len(_distinct(self._before_subordinate(sent, trig, hi, people)))
            grouped = [g for g in groups if a_lo <= g[0] < a_hi]
            if grouped and len(_distinct(people)) < 2 and ctx.focus:
                focus = [ctx.known[k] for k in ctx.focus if k in ctx.known]
                members = self._group_members(grouped, focus, ctx)
                if {m.key for m in members} <= set(ctx.focus):
                    # "the meeting with the Saudi minister ... the two sides": the pair is
                    # the one named and the other side, not the whole pair beside him (when
                    # the phrase names another office, "the two presidents", its holders
                    # stand for it whoever else is named)
                    named_states = {p.country for p in _distinct(people)}
                    members = [m for m in members if m.country not in named_states] or members
                people = _drop_speakers(people + members)
            if self.wide and not any(p.start < sent.start + trig.start for p in _distinct(people)):
                # "He also met with the Prime Minister of Spain": the story's main person
                people = self._pronoun_subject(sent, lo, trig, people, ctx)
            elif (
                self.wide
                and sent.folded[: trig.end].endswith("with")
                and self._object_pronoun.match(sent.folded, trig.end)
            ):
                # "Meloni, who toured the island with her": the pronoun after "with"
                people = self._pronoun_subject(sent, lo, trig, people, ctx, head=False)
            counterparts = self._counterparts(sent, lo, hi, people, countries, ctx)
            explicit += len(counterparts)  # "his German counterpart" is someone named
            in_clause = [r for r in people if a_lo <= r.start < a_hi or r.how == "context"]
            if counterparts and len({r.country for r in [*in_clause, *counterparts]}) >= 2:
                # "held talks with his Saudi counterpart before being received by the crown
                # prince": the counterpart completes the clause; the prince is another's
                people = in_clause
            people = [*people, *counterparts]
            people = _distinct(self._before_subordinate(sent, trig, hi, people))
            if len(people) < 2 or len({p.country for p in people}) < 2:
                states = self._delegations(sent, lo, hi, trig, countries, people)
                if states:
                    people = states
                elif self.wide and self._refers_back(sent, lo, trig, people):
                    # "The meeting lasted two hours", "Met President Kun": the people
                    # the story is about stand in for those not written
                    # someone named only in a clause about something else ("meet in
                    # Washington a day after Trump's return") is not one of them
                    aside = self._after_subordinate(sent, trig, people)
                    kept = [p for p in people if p.key not in aside]
                    people = _from_context(kept, ctx, sent.start + trig.start, aside)
                    if not people:
                        continue
                else:
                    continue
            weakly_named = explicit < 2 or named_here < 1  # "visited Kyiv" names no one
            weak_alone = trig.weak and weakly_named and not (trig.mutual and grouped and ctx.focus)
            if weak_alone and not self.wide:
                # a handshake or a lunch counts when its people are named, or when it is
                # mutual and "the two leaders" in focus share it; "the leaders welcomed
                # cooperation" welcomes no one (wide mode keeps them for the decisions)
                continue
            # the words after it stop where the next engagement word's clause begins
            nxt = next((t.start for t in triggers if t.start > trig.end), None)
            cues = status_cues(
                sent.folded, trig.start, trig.end, lang, hi if nxt is not None else None
            )
            status = status_from_cues(cues)
            aggregate = is_aggregate(sent.folded, trig.start, trig.end, lang)
            forward = status == "planned"
            hi_dates = self._dates_end(sent, trig, hi, named_here)
            s_lo, s_hi = _semicolon_span(sent.text, trig.start)
            hi_dates = min(hi_dates, s_hi)
            asides = [*self._asides(sent), (0, s_lo)]
            dates = [
                d
                for d in find_dates(sent.text[lo:hi_dates], anchor, forward, lang)
                if d.date
                and (day_anchor or d.how not in {"weekday", "relative"})
                and not _inside(lo + d.start, asides)
            ]
            background = is_background(sent.folded, trig.start, trig.end, lang)
            if not dates and len(triggers) > 1 and not background:
                # "in March X paid a visit to Russia and held talks with Y": the date
                # stands in the first clause and holds for the whole sentence (up to a
                # semicolon: "...; the two spoke by phone in January" is another story)
                s_lo, s_hi = _semicolon_span(sent.text, trig.start)
                dates = [
                    DateMention(
                        d.start + s_lo - lo, d.end + s_lo - lo, d.text, d.date, d.precision, d.how
                    )
                    for d in find_dates(sent.text[s_lo:s_hi], anchor, forward, lang)
                    if d.date
                    and (day_anchor or d.how not in {"weekday", "relative"})
                    and not _inside(s_lo + d.start, asides)
                ]
            date_m = None if aggregate else _nearest(dates, trig.start - lo)
            if date_m is None and day_anchor and status == "occurred" and not background:
                # told as done and undated: the story's day ("after they met in Delhi"
                # recalls an earlier meeting, which is not of that day)
                date_m = _today(sent, trig, day_anchor, lang)
            if date_m is not None:
                date_m = DateMention(
                    date_m.start + lo + sent.start,
                    date_m.end + lo + sent.start,
                    date_m.text,
                    date_m.date,
                    date_m.precision,
                    date_m.how,
                )
            tail = self._report_tail.search(sent.folded, trig.end, hi)
            p_hi = sent.start + tail.start() if tail is not None else a_hi
            place = _nearest_place(
                [p for p in places if a_lo <= p.start < p_hi], sent.start + trig.start
            ) or _nearest_place(
                # "travelled to Riyadh and held talks ... before being received by the
                # crown prince": a town named earlier in the sentence holds for it too
                [p for p in places if p.start < sent.start + trig.start and p.location.city],
                sent.start + trig.start,
            )
            occasion = find_occasion(sent, lo, hi, lang)
            context = MentionContext(sent, trig, lo, hi, hi_dates, tail, asides)
            if weak_alone:
                cues = cues | {"weakly_named"}
            if trig.voided:
                cues = cues | {"voided"}
            out.append(
                EngagementMention(
                    sentence=sent,
                    trigger=trig,
                    participants=people,
                    status=status,
                    date=date_m,
                    place=place if trig.kind == "meeting" and not aggregate else None,
                    occasion=occasion,
                    background=background,
                    archive=is_archive_caption(sent.folded, lang),
                    initiator=self._initiator(sent, people),
                    host=self._host(sent, trig, people, a_lo),
                    explicit_people=explicit,
                    aggregate=aggregate,
                    separate=bool(self._separate.search(sent.folded)),
                    cues=cues,
                    seen_dates=observe_dates(
                        context, find_dates(sent.text, anchor, forward, lang), date_m, day_anchor
                    ),
                    seen_places=observe_places(context, places, place),
                    words=trigger_words(sent, trig),
                    scope=(a_lo, a_hi),
                )
            )
        _place_from_continuations(out, scopes, places, sent)
        return out

    def _refers_back(self, sent: Sentence, lo: int, trig: Trigger, people: list[PersonRef]) -> bool:
        """The telling points back to people named before: "the meeting", "the talks"
        (the language's anaphor), a verb with no subject at all ("Met President Kun. We
        had a wonderful discussion", languages that drop the subject), a headline."""
        if self._own_people.search(sent.folded, max(lo, trig.start - 40), trig.start):
            return False  # "the Senior Commanders meeting" is the commanders'
        if sent.kind in {"title", "caption"}:
            return True
        if self._anaphor.search(sent.folded) and not people:
            return True  # "the talks lasted two hours", not "Zelensky criticised the call"
        subject_free = not any(p.start < sent.start + trig.start for p in people)
        head = sent.folded[lo : trig.start].strip(" \"'“”«»-—:")
        return subject_free and (not head or self.lang in _SUBJECT_DROPPING)

    def _pronoun_subject(
        self,
        sent: Sentence,
        lo: int,
        trig: Trigger,
        people: list[PersonRef],
        ctx: DocContext,
        head: bool = True,
    ) -> list[PersonRef]:
        """A subject pronoun before the engagement word, in its clause (or, with ``head``
        false, an object pronoun the caller found after it), stands for the most often
        named person of the story who is not already among its people."""
        if head and not self._pronoun.search(sent.folded[max(lo, trig.start - 40) : trig.start]):
            return people
        keys = {p.key for p in people}
        states = {p.country for p in people}
        people_of = {**ctx.named, **ctx.known}
        for key, _ in ctx.salience.most_common():
            cand = people_of.get(key)
            if cand is None or key in keys or not cand.country or cand.country in states:
                continue
            at = sent.start + trig.start
            ref = replace(
                cand,
                start=at,
                end=at,
                how="context",
                speaker=False,
                modifier=False,
                attending=False,
            )
            return [ref, *people]
        return people

    def _group_members(
        self, grouped: list[tuple[int, int, str]], focus: list[PersonRef], ctx: DocContext
    ) -> list[PersonRef]:
        """Who "the two ministers" or "the heads of state of the two countries" are.

        A phrase naming an office the pair in focus does not hold means that office's
        holders in the same countries: two foreign ministers recalling their presidents'
        summit report the presidents' meeting, not their own.
        """
        roles = load_patterns("mentions", self.lang).get("group_roles", {})
        role = next((roles[g[2]] for g in grouped if g[2] in roles), None)
        if role is None or not focus or any(_holds(p, role) for p in focus):
            return focus
        start, end = grouped[0][0], grouped[0][1]
        out = []
        for country in dict.fromkeys(p.country for p in focus if p.country):
            actor = self._office_holder(country, role, ctx.day)
            if actor is None:
                return focus
            out.append(ref_from_actor(actor, start, end, "office", ctx.day))
        return out

    def _office_holder(self, country: str, role: str, day: str | None) -> Actor | None:
        if role == "leader":
            led_by_government = (
                country in load_patterns("mentions")["leader_office"]["head_of_government"]
            )
            order = ["head_of_government", "head_of_state"]
            if not led_by_government:
                order.reverse()
            return next((a for r in order if (a := self.lex.people.holder(country, r, day))), None)
        return self.lex.people.holder(country, role, day)

    def _counterparts(
        self,
        sent: Sentence,
        lo: int,
        hi: int,
        people: list[PersonRef],
        countries: list[CountryRef],
        ctx: DocContext,
    ) -> list[PersonRef]:
        """ "his Russian counterpart", "son homologue chinois", "his counterparts from the
        United States, Australia and India": the other states' holders of the subject's
        office on the story's day, unless the names follow."""
        if not people or not people[0].role:
            return []
        folded = sent.folded[lo:hi]
        m = self._counterparts_from_rx.search(folded)
        if m is not None:
            listed = _listed_states(sent, lo + m.end(), countries)
            refs = [self._holder_ref(c, people[0].role, sent, lo, m, ctx) for c in listed]
            if refs:
                return [r for r in refs if r is not None]
        m = self._counterpart_rx.search(folded)
        if not m:
            return []
        rest = sent.text[lo + m.end() : lo + m.end() + 3]
        written = None
        if re.match(r"\s*,?\s*[A-Z\u00c0-\u00de\u0400-\u042f]", rest):
            written = _NAME_AFTER.match(sent.text, lo + m.end())
            if written is None or any(
                sent.start + written.start(1) <= r.start < sent.start + written.end()
                for r in people
            ):
                return []  # the name that follows says who it is
        # the first group that took part names the state ("son homologue chinois")
        g = next(i for i in range(1, (m.lastindex or 1) + 1) if m.group(i) is not None)
        g_lo, g_hi = sent.start + lo + m.start(g), sent.start + lo + m.end(g)
        stated = next((c.code for c in countries if g_lo <= c.start < g_hi), None)
        country = (
            self.lex.countries.get(stated)
            if stated
            else self.lex.countries.by_adjective(m.group(g))
            or self.lex.countries.by_adjective(m.group(g).split()[0])
        )
        if country is None:
            return []
        ref = self._holder_ref(country.code, people[0].role, sent, lo, m, ctx)
        if ref is not None and written is not None:
            # "his Turkish counterpart Recep Tayyip": a name nobody was found for is the
            # holder's when every word of it is one of the holder's names
            own = set(fold(ref.name).replace("-", " ").split())
            if not set(fold(written.group(1)).split()) <= own:
                return []
            name_end = written.start(1) + len(written.group(1).rstrip())
            ref = replace(ref, start=sent.start + written.start(1), end=sent.start + name_end)
            ctx.note_surface(ref.key, sent.text[written.start(1) : name_end])
        return [ref] if ref is not None else []

    def _holder_ref(
        self, country: str, role: str, sent: Sentence, lo: int, m: re.Match[str], ctx: DocContext
    ) -> PersonRef | None:
        holder = self.lex.people.holder(country, role, ctx.day)
        if holder is None:
            return None
        t = holder.tenure_on(ctx.day)
        return PersonRef(
            sent.start + lo + m.start(),
            sent.start + lo + m.end(),
            holder.key,
            holder.name,
            country,
            t.title if t else None,
            t.role if t else None,
            holder.id,
            "counterpart",
        )

    def _delegations(
        self,
        sent: Sentence,
        lo: int,
        hi: int,
        trig: Trigger,
        countries: list[CountryRef],
        people: list[PersonRef],
    ) -> list[PersonRef]:
        """ "Ukrainian and U.S. delegations met in Jeddah": an engagement of states whose
        people the clause does not name; each state stands in until someone is named.
        "A delegation of the regional bloc met the junta's leader": a state's or a body's
        delegation is one side, the person named the other."""
        m = self._delegation_rx.search(sent.folded, lo, hi)
        if m is not None and people:
            mixed = self._delegation_side(sent, m, countries, people)
            if mixed:
                return mixed
        m = m or self._state_subjects(sent, lo, trig, countries)
        if m is None:
            return []
        near = [
            c
            for c in countries
            if sent.start + m.start() - 80 <= c.start < sent.start + m.end() + 80
            and sent.start + lo <= c.start < sent.start + hi
        ]
        states: list[CountryRef] = []
        for c in near:
            state = self.lex.countries.get(c.code)
            if (
                state is not None
                and state.kind == "state"
                and c.code not in {s.code for s in states}
            ):
                states.append(c)
        if len(states) < 2:
            return []
        return [_state_side(self.lex, c) for c in states]

    def _delegation_side(
        self,
        sent: Sentence,
        m: re.Match[str],
        countries: list[CountryRef],
        people: list[PersonRef],
    ) -> list[PersonRef]:
        """The people named and the delegation's state or body ("an ECOWAS delegation",
        "a delegation from the African Union", "the Chinese delegation"), when that is
        another side than theirs; nothing otherwise."""
        named = [p for p in _distinct(people) if p.how != "country" and p.country]
        if not named:
            return []
        d_lo, d_hi = sent.start + m.start(), sent.start + m.end()
        theirs = {p.country for p in named}
        sides = [
            c
            for c in countries
            if (0 <= d_lo - c.end <= 2 or 0 <= c.start - d_hi <= _DELEGATION_OF)
            and c.code not in theirs
            and self.lex.countries.get(c.code) is not None
        ]
        if not sides:
            return []
        return [*named, _state_side(self.lex, sides[0])]

    def _state_subjects(
        self, sent: Sentence, lo: int, trig: Trigger, countries: list[CountryRef]
    ) -> re.Match[str] | None:
        """ "Iran and the United States held talks": two states as the subject, written
        shortly before the engagement word."""
        at = sent.start + trig.start
        names = [
            c
            for c in countries
            if c.how == "country"
            and sent.start + lo <= c.start
            and c.end <= at
            and at - c.end <= 40
        ]
        for a, b in itertools.pairwise(names):
            glue = sent.folded[a.end - sent.start : b.start - sent.start]
            if self._state_and.fullmatch(glue):
                return re.match(r".*", sent.folded[a.start - sent.start : b.end - sent.start])
        return None

    def _before_subordinate(
        self, sent: Sentence, trig: Trigger, hi: int, people: list[PersonRef]
    ) -> list[PersonRef]:
        """Drop people named in a subordinate clause after the engagement ("... met in
        Santo Domingo, after relations resumed when Lula took office"), as long as two
        states' people remain."""
        m = self._subordinate.search(sent.folded, trig.end)
        if m is None:
            return people
        cut = sent.start + m.start()
        kept = [p for p in people if p.start < cut]
        if len({p.country for p in _distinct(kept)}) >= 2:
            return kept
        return people

    def _after_subordinate(
        self, sent: Sentence, trig: Trigger, people: list[PersonRef]
    ) -> frozenset[str]:
        """The people named only in a subordinate clause after the engagement word."""
        m = self._subordinate.search(sent.folded, trig.end)
        if m is None:
            return frozenset()
        cut = sent.start + m.start()
        before = {p.key for p in people if p.start < cut}
        return frozenset(p.key for p in people if p.start >= cut and p.key not in before)

    def _dates_end(self, sent: Sentence, trig: Trigger, hi: int, named_here: int) -> int:
        """Where the engagement's date may still be written.

        Not in a closing reporting clause ("..., a annoncé l'Élysée vendredi" dates the
        report), and, for an engagement that names nobody ("the first meeting between
        the two in years, as they restore relations broken off in 2019"), not in a clause
        that follows it.
        """
        end = hi
        tail = self._report_tail.search(sent.folded, trig.end, hi)
        if tail is not None:
            end = tail.start()
        stop = self._date_stop.search(sent.folded, trig.end, end)
        if stop is not None:
            end = stop.start()
        if named_here == 0:
            opener = self._clause_open.search(sent.folded, trig.end, end)
            if opener is not None:
                end = opener.start()
        return end

    def _asides(self, sent: Sentence) -> list[tuple[int, int]]:
        """Relative clauses set off by commas ("Petro, who took office in August, ..."):
        a date in one is about something else."""
        return [m.span() for m in self._aside_rx.finditer(sent.folded)]

    def _initiator(self, sent: Sentence, people: list[PersonRef]) -> str | None:
        """Who asked for the engagement: "at the latter's request", "at the invitation of X"."""
        m = self._initiator_relative.search(sent.folded)
        if m and len(people) >= 2:
            before = [p for p in people if p.start < sent.start + m.start()]
            if before:
                return (before[-1] if m.group(1) == "latter" else before[0]).name
        m = self._initiator_of.search(sent.folded)
        if m:
            after = [p for p in people if p.start >= sent.start + m.end()]
            if after:
                return after[0].name
        return None

    def _host(self, sent: Sentence, trig: Trigger, people: list[PersonRef], lo: int) -> str | None:
        """The state of the host a hosting word names ("X received Y", "Y was welcomed
        by X"): where a visit was received is most often the host's own country. None
        for other words, a passive without its agent, or subjects of several states."""
        if trig.cameo != HOSTING or trig.mutual:
            return None
        named = [
            p for p in people if p.how not in {"context", "country"} and not p.speaker and p.country
        ]
        at, end = sent.start + trig.start, sent.start + trig.end
        after = sorted((p for p in named if p.start >= end), key=lambda p: p.start)
        if after:
            gap = sent.folded[trig.end : after[0].start - sent.start]
            if len(gap) <= 60 and self._host_agent.search(gap):
                return after[0].country
        if self._host_passive.search(sent.folded[max(0, trig.start - 30) : trig.end]):
            return None
        subjects = {p.country for p in named if lo <= p.start < at}
        return subjects.pop() if len(subjects) == 1 else None


_LIST_GLUE = re.compile(
    r"^(?:\s*(?:,|and|et|e|y|und|dan|и|、|和|the|la|le|les|l'|los|las|o|a|os|as|der|die|den|dem)\s*)*$"
)


# languages whose verbs carry their subject ("se reunieron", "встретились", "会见了")
_SUBJECT_DROPPING = frozenset({"es", "it", "pt", "ru", "zh"})


def _reference_day(doc: Document, lang: str) -> date | None:
    """The latest date a story without a date of its own writes in full (a day, else a
    month, else a year): offices are looked up on it."""
    best: tuple[int, str] | None = None
    for d in find_dates(doc.text[:4000], None, False, lang):
        if d.date is None or d.precision is None:
            continue
        rank = PRECISION_RANK[d.precision]
        value = d.date if d.precision == "day" else d.date[:7] + ("-15" if rank == 2 else "")
        if d.precision == "year":
            value = d.date[:4] + "-07-01"
        if best is None or (rank, value) > best:
            best = (rank, value)
    return date.fromisoformat(best[1]) if best else None


def _from_context(
    people: list[PersonRef], ctx: DocContext, at: int, aside: frozenset[str] = frozenset()
) -> list[PersonRef]:
    """Complete an engagement whose clause names fewer than two states with the people
    in focus (the last pair named together), then the most often named people: enough
    for two states, or nothing. They are marked ``how="context"`` so the decisions can
    weigh a telling that names nobody less than one that does; nobody in ``aside`` (named
    in the sentence, but in a clause about something else)."""
    have = _distinct(people)
    states = {p.country for p in have if p.country}
    keys = {p.key for p in have}
    people_of = {**ctx.named, **ctx.known}
    pool = [people_of[k] for k in ctx.focus if k in people_of]
    pool += [people_of[k] for k, _ in ctx.salience.most_common() if k in people_of]
    out = list(have)
    for cand in pool:
        if len(states) >= 2:
            break
        if cand.key in keys or cand.key in aside or not cand.country or cand.country in states:
            continue
        out.append(
            replace(
                cand,
                start=at,
                end=at,
                how="context",
                speaker=False,
                modifier=False,
                attending=False,
            )
        )
        keys.add(cand.key)
        states.add(cand.country)
    return out if len(states) >= 2 else []


def _side_before(countries: list[CountryRef], at: int) -> str | None:
    """The one state named before an attendance cue ("The Ukrainian delegation was ...")."""
    before = {c.code for c in countries if c.start < at}
    return before.pop() if len(before) == 1 else None


def _state_name(lex: Lexicon, code: str) -> str:
    state = lex.countries.get(code)
    return state.name if state is not None else code


def _state_side(lex: Lexicon, c: CountryRef) -> PersonRef:
    """A state (or body) standing in as a side where none of its people is named."""
    return PersonRef(
        c.start, c.end, f"country:{c.code}", _state_name(lex, c.code), c.code,
        None, None, None, "country",
    )  # fmt: skip


def _place_from_continuations(
    out: list[EngagementMention],
    scopes: list[tuple[int, int]],
    places: list[PlaceMention],
    sent: Sentence,
) -> None:
    """ "Iran and the United States held talks ..., meeting in the Omani capital, Muscat":
    a clause that names no one continues the engagement before it, and its town is that
    engagement's."""
    used = [(m.trigger.start, m.trigger.end) for m in out]
    orphans = [
        (sent.start + lo, sent.start + hi)
        for lo, hi in scopes
        if not any(lo <= s < hi for s, _ in used)
    ]
    for m in out:
        if m.place is not None or m.trigger.kind != "meeting" or m.aggregate:
            continue
        after = sent.start + m.trigger.end
        found = [p for p in places if p.start >= after and _inside(p.start, orphans) and not p.cue]
        if found and found[0].location.city:
            m.place = found[0]


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(s <= pos < e for s, e in spans)


def _semicolon_span(text: str, at: int) -> tuple[int, int]:
    """The part of a sentence between the semicolons around ``at``."""
    lo = text.rfind(";", 0, at) + 1
    hi = text.find(";", at)
    return lo, (hi if hi >= 0 else len(text))


def _listed_states(sent: Sentence, at: int, countries: list[CountryRef]) -> list[str]:
    """States listed from ``at`` on ("the United States, Australia and India")."""
    out: list[str] = []
    pos = sent.start + at
    for c in sorted(countries, key=lambda c: c.start):
        if c.start < pos:
            continue
        if not _LIST_GLUE.match(sent.folded[pos - sent.start : c.start - sent.start]):
            break
        out.append(c.code)
        pos = c.end
    return list(dict.fromkeys(out))


def _month_end(d: date) -> date:
    nxt = date(d.year + d.month // 12, d.month % 12 + 1, 1)
    return nxt - timedelta(days=1)


def _holds(ref: PersonRef, role: str) -> bool:
    if role == "leader":
        return ref.role in {"head_of_state", "head_of_government"}
    return ref.role == role


def _outside_speech(
    people: list[PersonRef], trigger_at: int, sent: Sentence, with_words: re.Pattern[str]
) -> list[PersonRef]:
    """Drop a speaker whose reported words contain the engagement.

    "Lavrov said that in March Xi paid a visit to Russia" reports Xi's visit, not one by
    Lavrov. The engagement has its own subject there (Xi) between the speaker and the
    engagement word; without one ("Wang stressed ... during a meeting with Borrell"), or
    when the person in between is only its object ("Prabowo said he had spoken with
    Trump by phone"), the speaker took part.
    """

    def subject(o: PersonRef) -> bool:
        head = sent.folded[max(0, o.start - sent.start - 50) : o.start - sent.start]
        return with_words.search(head) is None

    def reported(sp: PersonRef) -> bool:
        return any(
            not o.speaker and sp.end <= o.start < trigger_at and subject(o)
            for o in people
            if o.key != sp.key
        )

    return [p for p in people if not (p.speaker and p.end < trigger_at - 20 and reported(p))]


def _distinct(refs: list[PersonRef]) -> list[PersonRef]:
    seen: set[str] = set()
    out: list[PersonRef] = []
    for r in refs:
        if r.key not in seen and not r.modifier:
            seen.add(r.key)
            out.append(r)
    return out


def _drop_speakers(people: list[PersonRef]) -> list[PersonRef]:
    rest = [p for p in people if not p.speaker]
    return rest if len(_distinct(rest)) >= 2 else people


def _scopes(
    sent: Sentence, triggers: list[Trigger], clause_break: re.Pattern[str]
) -> list[tuple[int, int]]:
    """Split a sentence with several engagement words at the clause breaks between them."""
    n = len(sent.text)
    if len(triggers) == 1:
        return [(0, n)]
    cuts = [0]
    for a, b in itertools.pairwise(triggers):
        between = sent.folded[a.end : b.start]
        breaks = list(clause_break.finditer(between))
        cuts.append(a.end + breaks[-1].start() if breaks else cuts[-1])
    scopes = []
    for i in range(len(triggers)):
        lo = cuts[i]
        # words with no break between them share a clause: it ends at the next break
        hi = next((c for c in cuts[i + 1 :] if c > lo), n)
        scopes.append((lo, hi))
    return scopes


def _today(sent: Sentence, trig: Trigger, day: date, lang: str) -> DateMention | None:
    """The story's day for an engagement told as going on now ("Лавров проводит встречу")."""
    if not is_present(sent.folded, trig.start, trig.end, lang):
        return None
    text = sent.text[trig.start : trig.end]
    return DateMention(trig.start, trig.end, text, day.isoformat(), "day", "relative")


def _date_from_previous(
    mentions: list[EngagementMention],
    previous: tuple[Sentence, list[PersonRef], date | None] | None,
    carrier: re.Pattern[str],
) -> None:
    """ "... rolled out the red carpet for the visit of Annalena Baerbock on April 14th.
    Qin Gang spent six hours with his German counterpart": an undated engagement takes
    the one day the sentence before gives for one of its people."""
    if previous is None or all(m.date is not None for m in mentions):
        return
    sent, refs, anchor = previous
    keys = {r.key for r in refs}
    days = [d for d in find_dates(sent.text, anchor) if d.date and d.precision == "day"]
    if len({d.date for d in days}) != 1:
        return
    d = days[0]
    # the day must date a visit or talks ("the visit of X on April 14th"), not an arrival
    if not carrier.search(sent.folded[max(0, d.start - 40) : d.start]):
        return
    for m in mentions:
        undated = m.date is None and m.status == "occurred"
        if undated and not m.aggregate and not m.background and m.keys & keys:
            m.date = DateMention(
                sent.start + d.start, sent.start + d.end, d.text, d.date, d.precision, d.how
            )


def _calls_absorb_talks(
    sent: Sentence, triggers: list[Trigger], clause_break: re.Pattern[str]
) -> list[Trigger]:
    """ "held talks by video link", "mantuvieron una conversación por videoconferencia":
    talks and a call in one clause are one call, not a meeting and a call."""
    drop: set[int] = set()
    for i, (a, b) in enumerate(itertools.pairwise(triggers)):
        if {a.kind, b.kind} != {"call", "meeting"} or clause_break.search(
            sent.folded[a.end : b.start]
        ):
            continue
        talk, at = (a, i) if a.kind == "meeting" else (b, i + 1)
        if talk.cameo in {"040", "046"} and not talk.weak:
            drop.add(at)
    return [t for i, t in enumerate(triggers) if i not in drop]


def _nearest(dates: list[DateMention], pos: int) -> DateMention | None:
    if not dates:
        return None
    return min(
        dates,
        key=lambda d: (
            abs(d.start - pos) if d.start >= pos else abs(d.end - pos) + 15,
            -PRECISION_RANK[d.precision],
        ),
    )


def _nearest_place(places: list[PlaceMention], pos: int) -> PlaceMention | None:
    """The rule's own choice (a feature of the options): never a place someone only
    arrived in."""
    places = [p for p in places if not p.cue]
    if not places:
        return None
    cities = [p for p in places if p.location.city] or places
    return min(
        cities, key=lambda p: abs(p.start - pos) if p.start >= pos else abs(p.end - pos) + 40
    )
