"""Who a sentence talks about: people by name, surname, title, counterpart or group.

Each reference is resolved to an actor with the document's context: a surname points
back to the full name met earlier ("Lavrov" after "Sergei Lavrov"), a title alone is
resolved through the knowledge base on the story's date ("the Chinese foreign minister"
in May 2023 is Qin Gang), and "the two leaders" stands for the pair in focus. People the
knowledge base does not know are still found from the title written before their name
("Cambodian Foreign Minister Prak Sokhonn").
"""

from __future__ import annotations

import re
from calendar import monthrange
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import cache, lru_cache

from parley.extract.dates import find_dates
from parley.extract.lexicon import Hit, Lexicon
from parley.extract.patterns import ENGLISH, NEVER, load_patterns, matcher
from parley.extract.text import Sentence, last_words
from parley.kb.people import SURNAME_FIRST, TitleEntry
from parley.model import Actor, Tenure
from parley.text import fold, slug

_NAME_TOKEN = re.compile(r"[A-Z\u00c0-\u024f\u0400-\u042f][\w\u00c0-\u024f'\u2019.-]*")


@dataclass
class PersonRef:
    """A resolved reference to a person inside one sentence (offsets absolute)."""

    start: int
    end: int
    key: str
    name: str
    country: str | None
    title: str | None
    role: str | None
    id: str | None
    how: str
    modifier: bool = False  # "Putin's aide": the name only qualifies another noun
    speaker: bool = False  # subject of a reporting verb ("X said ...")
    attending: bool = False  # joined from a list of attendees ("also present were ...")


@dataclass
class CountryRef:
    start: int
    end: int
    code: str
    how: str  # name, adjective


_NAME_SPLIT = re.compile(r"[\s\u2010-\u2015-]+")


@lru_cache(maxsize=16384)
def _name_words(name: str) -> frozenset[str]:
    """Cached: each story compares the names it writes with every alias of the person."""
    return frozenset(w for w in _NAME_SPLIT.split(fold(name).strip(" ,.")) if w)


@dataclass
class DocContext:
    """What the reader of a story remembers while reading it."""

    anchor: date | None
    known: dict[str, PersonRef] = field(default_factory=dict)
    by_token: dict[str, str] = field(default_factory=dict)
    focus: list[str] = field(default_factory=list)
    adhoc: dict[str, Actor] = field(default_factory=dict)
    surface: dict[str, str] = field(default_factory=dict)
    salience: Counter[str] = field(default_factory=Counter)
    named: dict[str, PersonRef] = field(default_factory=dict)  # first reference to each
    actors: dict[str, Actor] = field(default_factory=dict)  # knowledge-base people named
    kb_forms: dict[str, set[frozenset[str]]] = field(default_factory=dict)  # their names' words

    reference: date | None = None  # the day titles are resolved on when no anchor is known
    told_days: dict[int, str | None] = field(default_factory=dict)  # sentence -> title day
    _day_of: date | None = field(default=None, repr=False, compare=False)
    _day: str | None = field(default=None, repr=False, compare=False)

    @property
    def day(self) -> str | None:
        """The day offices are looked up on: the story's day, or when it states none, the
        latest date it writes ("the British prime minister" in a story about March 2023
        is Sunak, not today's holder)."""
        d = self.anchor or self.reference
        if d is not self._day_of:  # asked of every name: written out once a day
            self._day_of, self._day = d, d.isoformat() if d else None
        return self._day

    def remember(self, ref: PersonRef) -> None:
        if ref.key not in self.known or self.known[ref.key].how not in {"name", "adhoc"}:
            self.known[ref.key] = ref
        tokens = [t for t in re.split(r"[\s-]+", ref.name) if t]
        if tokens:
            self.by_token.setdefault(fold(tokens[-1]).strip(".,"), ref.key)
            if len(tokens) >= 2 and ref.country in _family_first():
                self.by_token.setdefault(fold(tokens[0]).strip(".,"), ref.key)
            if len(tokens) >= 3 and fold(tokens[1]) in {"bin", "ibn", "bint"}:
                self.by_token.setdefault(fold(tokens[0]), ref.key)

    def note_surface(self, key: str, text: str) -> None:
        """Keep the fullest form of a name the article writes (the gold convention)."""
        text = " ".join(text.split()).strip(" ,.")
        old = self.surface.get(key)
        # more words; in Chinese, where a run of characters is one word, a name written
        # whole with its separating dot ("卡西姆若马尔特•托卡耶夫" over "托卡耶夫")
        whole = any(c in text for c in "•·・") and not any(c in (old or "") for c in "•·・")
        if old is None:
            self.surface[key] = text
            return
        known_new, known_old = self._kb_form(key, text), self._kb_form(key, old)
        if known_new != known_old and not (_name_words(text) & _name_words(old)) >= min(
            _name_words(text), _name_words(old), key=len
        ):
            # two spellings, neither a longer form of the other ("Yoon Sun Yeol", a typo,
            # and "Yoon Suk-yeol"): the one the knowledge base knows
            if known_new:
                self.surface[key] = text
            return
        if len(text.split()) > len(old.split()) or whole:
            self.surface[key] = text

    def _kb_form(self, key: str, text: str) -> bool:
        forms = self.kb_forms.get(key)
        if forms is None:
            actor = self.actors.get(key)
            if actor is None:
                return False
            forms = self.kb_forms[key] = {_name_words(n) for n in (actor.name, *actor.aliases)}
        return _name_words(text) in forms

    def named_holder(self, country: str, role: str) -> Actor | None:
        """The person the story has named who holds or held ``role`` for ``country``
        (the most recently named first)."""
        for ref in reversed(list({**self.named, **self.known}.values())):
            actor = self.actors.get(ref.key)
            if actor is None:
                continue
            if any(t.country == country and t.role == role for t in actor.tenures):
                return actor
        return None

    def note_salience(self, refs: list[PersonRef]) -> None:
        """Count who the story names, once per sentence: the most named are its subjects."""
        for r in refs:
            if r.how not in {"context", "country"}:
                self.named.setdefault(r.key, r)
        for key in dict.fromkeys(r.key for r in refs if r.how not in {"context", "country"}):
            self.salience[key] += 1

    def set_focus(self, keys: list[str]) -> None:
        if len(keys) >= 2:
            self.focus = list(keys)


def _family_first() -> frozenset[str]:
    """States whose officials go by the first name they write: the knowledge base's list,
    so that the mention finder and ``PeopleKB.by_surname`` agree."""
    return SURNAME_FIRST


@cache
def _words(lang: str = ENGLISH) -> dict[str, frozenset[str]]:
    p = load_patterns("mentions", lang)
    return {
        k: frozenset(v)
        for k, v in p.items()
        if isinstance(v, list) and all(isinstance(x, str) for x in v)
    }


@cache
def _as_tuple(lang: str, key: str) -> tuple[str, ...]:
    """A word list as ``str.startswith`` and ``endswith`` take it: one call, not one a word."""
    return tuple(sorted(_words(lang).get(key, ())))


@matcher
def _regexes(lang: str = ENGLISH) -> dict[str, re.Pattern[str]]:
    """The language's grammar around names and titles (see patterns/mentions.toml)."""
    p = load_patterns("mentions", lang)
    never = NEVER
    keys = (
        "country_after_title",
        "title_owner_before",
        "title_owner_bare",
        "possessive",
        "speaker_after",
        "modifier_before",
    )
    out = {k: re.compile(p.get(k, never)) for k in keys}
    before = sorted(p.get("speaker_before", []), key=len, reverse=True)
    alt = "|".join(re.escape(w) for w in before) or never
    out["speaker_before"] = re.compile(rf"(?:{alt})\s*$")
    return out


def _tenure(actor: Actor, day: str | None, role: str | None = None) -> Tenure | None:
    """The office the person holds in the story: on its day; the one the title written
    before the name says ("EU foreign policy chief Josep Borrell", not Spain's minister);
    with neither, the latest."""
    held = [t for t in actor.tenures if t.covers(day)] if day else list(actor.tenures)
    if role:
        held = [t for t in held if t.role == role] or held
    if not held:
        return actor.tenures[0] if actor.tenures else None
    if day:
        return held[0]
    return max(held, key=lambda t: t.start or "")


def ref_from_actor(
    actor: Actor, s: int, e: int, how: str, day: str | None, role: str | None = None
) -> PersonRef:
    t = _tenure(actor, day, role)
    country = t.country if t else actor.country
    return PersonRef(
        s,
        e,
        actor.key,
        actor.name,
        country,
        t.title if t else None,
        t.role if t else None,
        actor.id,
        how,
    )


def _pick(actors: list[Actor], day: str | None, country: str | None = None) -> Actor | None:
    if not actors:
        return None
    if country:
        same = [
            a
            for a in actors
            if a.country == country or any(t.country == country for t in a.tenures)
        ]
        actors = same or actors
    in_office = [a for a in actors if a.tenure_on(day) is not None] if day else actors
    return (in_office or actors)[0]


def _name_after(text: str, pos: int, lang: str = ENGLISH) -> tuple[int, int] | None:
    """The capitalised name written right after ``pos`` ("Foreign Minister| Prak Sokhonn")."""
    words = _words(lang)
    i = pos
    while i < len(text) and text[i] in " ,":
        i += 1
    start = i
    end = i
    count = 0
    for m in re.finditer(r"\S+", text[i:]):
        tok = m.group(0).rstrip(",.;:)\"'\u201d")
        bare = fold(tok)
        if _NAME_TOKEN.fullmatch(tok) and tok[0].isupper() and bare not in words["not_name_words"]:
            end = i + m.start() + len(tok)
            count += 1
        elif count and bare in words["name_particles"]:
            pass
        else:
            break
        if m.group(0) != tok or count >= 4:
            break
    if count == 0:
        return None
    return start, end


def _country_before(hits: list[Hit], pos: int, text: str) -> str | None:
    """The state named just before a title: "Cambodian Foreign Minister", "Russia's FM"."""
    best: Hit | None = None
    for h in hits:
        if h.kind in {"country", "adjective"} and h.end <= pos and pos - h.end <= 4:
            best = h
    if best is not None:
        gap = text[best.end : pos]
        if gap.strip(" '\u2019s") == "":
            return str(best.value[0])
    return None


def _country_after(hits: list[Hit], pos: int, text: str, lang: str) -> Hit | None:
    """ "Foreign Minister of Cambodia", "président chinois": the state after the title.

    English names it only in an "of" phrase; Romance languages and German also put the
    adjective after the title, and Indonesian the bare name ("Presiden RI").
    """
    m = _regexes(lang)["country_after_title"].match(text[pos:])
    if not m:
        return None
    kinds = {"country"} if lang == ENGLISH else {"country", "adjective"}
    for h in hits:
        if h.kind in kinds and h.start == pos + m.end():
            return h
    return None


@matcher
def _title_patterns(lang: str) -> list[tuple[re.Pattern[str], str, str]]:
    rows = load_patterns("mentions", lang).get("title_patterns", [])
    return [(re.compile(r["regex"]), r["role"], r["title"]) for r in rows]


def _split_titles(folded: str, hits: list[Hit], lang: str) -> list[Hit]:
    """Titles with the state's adjective inside them ("ministre russe des Affaires
    étrangères"), which no fixed phrase can list: the adjective gives the country."""
    out: list[Hit] = []
    for rx, role, title in _title_patterns(lang):
        for m in rx.finditer(folded):
            s, e = m.span("adj")
            adj = next(
                (h for h in hits if h.kind == "adjective" and (h.start, h.end) == (s, e)), None
            )
            if adj is None:
                continue
            entry = TitleEntry(m.group(0), role, title, str(adj.value[0]))
            out.append(Hit(m.start(), m.end(), "title", entry))
    return out


# offices a state has one holder of at a time: an unknown holder still stands for the state
_ONE_HOLDER = frozenset({"head_of_state", "head_of_government", "foreign_minister", "leader"})
# titles a state gives many people at once ("党委书记", a party secretary of any province):
# the title says nothing of who, the name written after it does
_MANY_HOLDERS = frozenset({"official", "minister", "special_envoy"})
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")


@cache
def _surface_prefixes(lang: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The language's courtesy words, longest first, and each with its space."""
    prefixes = tuple(sorted(_words(lang).get("surface_prefixes", ()), key=len, reverse=True))
    return prefixes, tuple(p + " " for p in prefixes)


def _without_prefix(name: str, lang: str) -> str:
    """ "Sir Keir Starmer" -> "Keir Starmer": courtesy words are no part of a name."""
    prefixes, spaced = _surface_prefixes(lang)
    changed = True
    while changed:
        changed = False
        low = fold(name)
        if not low.startswith(spaced):
            break  # most names open with none: one test in C
        for p in prefixes:
            if low.startswith(p + " ") and len(name) > len(p) + 1:
                name = name[len(p) + 1 :].lstrip()
                changed = True
                break
    return name


_APPOSITION = re.compile(r"(?:\s+(?:for|on)\s+(?:the\s+)?[^,;()]{1,40}?)?,\s+")
_WRITTEN = frozenset({"name", "adhoc", "surname", "surname_kb"})
# the word just before or after another one; a name's when capitalised (see _capitalised)
_PREV_WORD = re.compile(r"(?<![\w'\u2019-])([^\W\d_][\w'\u2019-]+) $")
_NEXT_WORD = re.compile(r" ([^\W\d_][\w'\u2019-]+)")


class _Occupied:
    """The spans of a sentence already read as a name, a title, a state: asked of every
    capitalised word, so each test is one search of a mask rather than a scan of the
    spans (the same answer: a word overlaps a span when they share a character)."""

    def __init__(self, length: int, spans: list[tuple[int, int]]) -> None:
        self._mask = bytearray(length)
        self._odd: list[tuple[int, int]] = []  # empty or reversed spans, tested as such
        for s, e in spans:
            self.add(s, e)

    def add(self, s: int, e: int) -> None:
        if s >= e:
            self._odd.append((s, e))
            return
        lo, hi = max(0, s), min(len(self._mask), e)
        if lo < hi:
            self._mask[lo:hi] = b"\x01" * (hi - lo)

    def overlaps(self, s: int, e: int) -> bool:
        if s < e and self._mask.find(1, max(0, s), e) >= 0:
            return True
        return any(s < te and ts < e for ts, te in self._odd)


def _capitalised(m: re.Match[str] | None) -> re.Match[str] | None:
    """The match when its word is written like a name: a capital, then a small letter
    ("Călin", "Омар"; not "UN", not "встретился")."""
    word = m.group(1) if m is not None else ""
    return m if len(word) > 1 and word[0].isupper() and word[1].islower() else None


_WORD = re.compile(r"[^\W\d_]+")


def _other_given(prv: re.Match[str] | None, name: str) -> bool:
    """The capitalised word before a surname is a given name, and not this person's."""
    return prv is not None and fold(prv.group(1)) not in _name_words(name)


def _title_case(text: str) -> bool:
    """A headline in title case ("Merkel Meets Putin In Berlin"): a capital says nothing
    about names there."""
    words = [w for w in _WORD.findall(text) if len(w) > 3]
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.85 * len(words)


_DEFINITE = re.compile(r"\b(?:the|their|both)\s+$")
_OF_STATES = re.compile(r"\s+of\s+(?:the\s+)?")
_STATE_JOIN = re.compile(r"(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+)")
_STATE_JOIN_END = re.compile(_STATE_JOIN.pattern + "$")


def _state_run(states: dict[int, Hit], at: int, folded: str, forward: bool) -> list[Hit]:
    """The states named one after another from ``at`` ("Russia and China"), or, going
    back, the adjectives that end just before it ("Russian and Chinese")."""
    run: list[Hit] = []
    if forward:
        h = states.get(at)
        while h is not None:
            run.append(h)
            join = _STATE_JOIN.match(folded, h.end)
            h = states.get(join.end()) if join is not None else None
        return run
    ends = {h.end: h for h in states.values() if h.kind == "adjective"}
    pos = at - 1 if at > 0 and folded[at - 1] == " " else at
    h = ends.get(pos)
    while h is not None:
        run.append(h)
        head = folded[max(0, h.start - 7) : h.start]
        join = _STATE_JOIN_END.search(head)
        h = ends.get(h.start - len(join.group(0))) if join is not None else None
    return run[::-1]


def _bare_title(hits: list[Hit], t: Hit, text: str, lang: str, stated: bool) -> bool:
    """A title whose state is written, with no article, where a clause opens ("Prior to
    that, President of Serbia met ...", "Serbian President met ...")."""
    lead = t.start
    if not stated:
        adj = [h for h in hits if h.kind in {"country", "adjective"} and 0 <= t.start - h.end <= 1]
        lead = adj[-1].start if adj else t.start
    if lead <= 60:
        return bool(_regexes(lang)["title_owner_bare"].search(fold(text[:lead])))
    # a window of the sentence: its first character is no sentence start
    return bool(_regexes(lang)["title_owner_bare"].search(" " + fold(text[lead - 60 : lead]), 1))


def _title_role_before(hits: list[Hit], start: int) -> str | None:
    """The office of a title written just before a name ("High Representative Borrell")."""
    for h in hits:
        if h.kind == "title" and 0 <= start - h.end <= 3:
            return str(getattr(h.value, "role", "")) or None
    return None


class MentionFinder:
    """Finds and resolves person and country references sentence by sentence."""

    def __init__(self, lexicon: Lexicon, lang: str = ENGLISH) -> None:
        self.lex = lexicon
        self.lang = lang
        self._plurals: tuple[re.Pattern[str], dict[str, TitleEntry]] | None = None

    def persons(
        self, sent: Sentence, ctx: DocContext
    ) -> tuple[list[PersonRef], list[CountryRef], list[Hit]]:
        text, folded, base = sent.text, sent.folded, sent.start
        hits = list(self.lex.scan(folded, text))
        hits += _split_titles(folded, hits, self.lang)
        hits.sort(key=lambda h: (h.start, -(h.end - h.start)))
        refs: list[PersonRef] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= ts or s >= te for ts, te in taken)

        day = ctx.day
        written: dict[int, str] = {}
        for h in sorted((h for h in hits if h.kind == "person"), key=lambda h: -(h.end - h.start)):
            if not free(h.start, h.end):
                continue
            actor = self.lex.people.get(str(h.value))
            if actor is None:
                continue
            taken.append((h.start, h.end))
            role = _title_role_before(hits, h.start)
            refs.append(ref_from_actor(actor, base + h.start, base + h.end, "name", day, role))
            base_form = self.lex.base_form(folded[h.start : h.end])
            if base_form is not None:
                written[base + h.start] = base_form
        titles = [h for h in hits if h.kind == "title" and free(h.start, h.end)]
        titles = _longest(titles)
        for t in titles:
            self._title_ref(t, hits, sent, ctx, refs, taken)
        self._plural_title_refs(sent, ctx, refs, taken, hits)
        self._surname_refs(sent, ctx, refs, taken, hits)
        states = _longest([h for h in hits if h.kind in {"country", "adjective"}])
        countries = [  # "白俄罗斯" is Belarus, not the Russia inside it
            CountryRef(base + h.start, base + h.end, str(h.value[0]), h.kind)
            for h in states
            if free(h.start, h.end)
        ]
        refs.sort(key=lambda r: r.start)
        for r in refs:
            if r.key not in ctx.actors:
                actor = self.lex.people.get(r.key)
                if actor is not None:
                    ctx.actors[r.key] = actor
            self._mark_roles(r, sent)
            if r.how in {"name", "adhoc"}:
                ctx.remember(r)
            if r.how in {"name", "adhoc", "surname", "surname_kb"}:
                lo, hi = _name_run(sent.text, r.start - base, r.end - base, hits, refs, base)
                text_form = sent.text[lo:hi]
                if (lo, hi) != (r.start - base, r.end - base):
                    form = _without_prefix(text_form, self.lang)
                else:
                    form = _without_prefix(written.get(r.start) or text_form, self.lang)
                ctx.note_surface(r.key, form)
        return refs, countries, hits

    def _title_ref(
        self,
        t: Hit,
        hits: list[Hit],
        sent: Sentence,
        ctx: DocContext,
        refs: list[PersonRef],
        taken: list[tuple[int, int]],
    ) -> None:
        text, base = sent.text, sent.start
        entry = t.value
        lang = self.lang
        if any(0 <= ts - t.end <= 2 for ts, _ in taken):
            return  # "高级代表博雷利": the title of the name right after it
        after = _name_after(text, t.end, lang)
        stated = _country_after(hits, t.end, text, lang)
        country = _country_before(hits, t.start, text) or (str(stated.value[0]) if stated else None)
        if after is None and stated is not None and lang != ENGLISH:
            # "le président chinois Xi Jinping": the name follows the adjective
            after = _name_after(text, stated.end, lang)
        if after is None:
            # "the Prime Minister of Jamaica, Portia Simpson", "the US Special Envoy for
            # the Western Balkans, Gabriel Escobar": the name in apposition
            comma = _APPOSITION.match(text, stated.end if stated is not None else t.end)
            if comma is not None:
                after = _name_after(text, comma.end(), lang)
        if country is None and entry.country_only:
            country = entry.country_only
        if country is not None and entry.country_only is None:
            # the phrase's sense for that state ("China's top diplomat" is the party's
            # foreign-affairs chief there, titles.tsv)
            entry = self.lex.people.title_sense(entry.phrase, country, lang) or entry
        if after is None:
            cjk = _cjk_name_after(text, t.end)
            if cjk is not None and all(cjk[1] <= ts or cjk[0] >= te for ts, te in taken):
                if country is None and t.start > 0:
                    # "斯外长": the first character of a state the sentence names
                    country = next(
                        (
                            str(h.value[0])
                            for h in hits
                            if h.kind == "country" and text[h.start] == text[t.start - 1]
                        ),
                        None,
                    )
                self._cjk_title_ref(t, cjk, country, sent, ctx, refs, taken)
                return
        if after is not None:
            s, e = after
            if not all(e <= ts or s >= te for ts, te in taken):
                # the name is a known person; the title only confirms it
                return
            name = text[s:e]
            ref = self._resolve_name(name, country, ctx, base + s, base + e, entry)
            if ref is not None:
                taken.append((s, e))
                refs.append(ref)
            return
        before = fold(text[max(0, t.start - 30) : t.start])
        if country and (
            _regexes(lang)["title_owner_before"].search(before)
            or _bare_title(hits, t, text, lang, stated is not None)
        ):
            # "the Moldovan head of state" after "Nicolae Timofti" is Timofti, whatever
            # the day: the story's own people come before the knowledge base's holder
            day = self._told_day(sent, ctx)
            holder = (
                None
                if entry.role in _MANY_HOLDERS
                else ctx.named_holder(country, entry.role)
                or self.lex.people.holder(country, entry.role, day, entry.title)
            )
            if holder is None and entry.role not in _ONE_HOLDER:
                return  # "the Emirati minister": one of many, no state's voice
            taken.append((t.start, t.end))
            if holder is not None and any(r.key == holder.key for r in refs):
                return  # "the President of Romania, Klaus Iohannis": the name says it
            if holder is not None:
                ref = ref_from_actor(holder, base + t.start, base + t.end, "title", day)
            else:
                # nobody known to hold it that day: the office still says which state
                # takes part, and the engagement keeps it in its countries
                state = self.lex.countries.get(country)
                ref = PersonRef(
                    base + t.start,
                    base + t.end,
                    f"country:{country}",
                    state.name if state is not None else country,
                    country,
                    entry.title,
                    entry.role,
                    None,
                    "country",
                )
            refs.append(ref)
            return
        tail = fold(text[t.end : t.end + 20]).strip()
        if tail.startswith(_as_tuple(lang, "counterpart_words")):
            return

    def _plural_titles(self) -> tuple[re.Pattern[str], dict[str, TitleEntry]]:
        """The language's plural offices as one alternation, with the title each is the
        plural of (most sentences name none: one search says so)."""
        if self._plurals is None:
            entries: dict[str, TitleEntry] = {}
            for row in load_patterns("mentions", self.lang).get("plural_titles", []):
                one = str(row["one"])
                entry = next((h.value for h in self.lex.scan(one, one) if h.kind == "title"), None)
                if isinstance(entry, TitleEntry):
                    entries[str(row["plural"])] = entry
            alt = "|".join(re.escape(k) for k in sorted(entries, key=len, reverse=True))
            self._plurals = (re.compile(rf"\b(?:{alt})\b" if alt else NEVER), entries)
        return self._plurals

    def _plural_title_refs(
        self,
        sent: Sentence,
        ctx: DocContext,
        refs: list[PersonRef],
        taken: list[tuple[int, int]],
        hits: list[Hit],
    ) -> None:
        """ "The foreign ministers of Russia and China", "the Russian and Chinese foreign
        ministers": one office, several states; each state's holder that day."""
        states = {h.start: h for h in hits if h.kind in {"country", "adjective"}}
        if len(states) < 2:
            return
        folded, base = sent.folded, sent.start
        rx, entries = self._plural_titles()
        for m in rx.finditer(folded):
            title = entries[m.group(0)]
            of = _OF_STATES.match(folded, m.end())
            named = (
                _state_run(states, of.end(), folded, forward=True)
                if of is not None
                else _state_run(states, m.start(), folded, forward=False)
            )
            if len(named) < 2:
                continue
            head = named[0].start if of is None else m.start()
            if not _DEFINITE.search(folded, max(0, head - 12), head):
                continue  # "meetings between Israeli and Egyptian prime ministers": a class
            day = self._told_day(sent, ctx)
            for h in named:
                if not all(h.end <= ts or h.start >= te for ts, te in taken):
                    continue
                holder = self.lex.people.holder(str(h.value[0]), title.role, day, title.title)
                if holder is None or any(r.key == holder.key for r in refs):
                    continue
                taken.append((h.start, h.end))
                refs.append(ref_from_actor(holder, base + h.start, base + h.end, "title", day))

    def _told_day(self, sent: Sentence, ctx: DocContext) -> str | None:
        """The day a title is held on: the story's day, unless the sentence writes one
        other date with its year ("the Austrian foreign minister visited Budapest in
        March 2018" is the minister of 2018, whatever day the story was posted), or one
        earlier month of the story's year ("the German foreign minister travelled to
        Damascus in January", in a story of May, is January's minister)."""
        if sent.start in ctx.told_days:
            return ctx.told_days[sent.start]
        day = ctx.day
        anchor = ctx.anchor or ctx.reference
        found = {
            (d.date, d.precision)
            for d in find_dates(sent.text, anchor, False, self.lang)
            if d.date and (_YEAR.search(d.text) or d.precision == "month")
        }
        if len(found) == 1:
            told, precision = found.pop()
            earlier_month = precision == "month" and day is not None and told[:7] < day[:7]
            if earlier_month:
                # the month's last day: who held the office by then ("since taking office
                # last month" is the newcomer, not the one who left early in the month)
                y, mo = int(told[:4]), int(told[5:7])
                day = date(y, mo, monthrange(y, mo)[1]).isoformat()
            elif day is None or abs(int(told[:4]) - int(day[:4])) >= 1:
                day = told if len(told) == 10 else (told + "-01-01")[:10]
        ctx.told_days[sent.start] = day
        return day

    def _cjk_title_ref(
        self,
        t: Hit,
        span: tuple[int, int],
        country: str | None,
        sent: Sentence,
        ctx: DocContext,
        refs: list[PersonRef],
        taken: list[tuple[int, int]],
    ) -> None:
        """ "斯里兰卡总理马欣达": a name the knowledge base does not write in Chinese, after a
        title. The title says who it is on the story's day (or the story already named
        them); the characters are the form the text writes, kept as the mention."""
        text, base = sent.text, sent.start
        s, e = span
        name = text[s:e]
        entry = t.value
        holder = None
        if country and entry.role not in _MANY_HOLDERS:
            holder = ctx.named_holder(country, entry.role) or self.lex.people.holder(
                country, entry.role, ctx.day, entry.title
            )
        taken.append((t.start, e))
        found = (
            ref_from_actor(holder, base + t.start, base + e, "title", ctx.day)
            if holder is not None
            else self._resolve_name(name, country, ctx, base + s, base + e, entry)
        )
        # one "word" in Chinese is a whole name: a new actor when nobody else fits
        ref = found or self._adhoc(name, country, ctx, base + s, base + e, entry)
        refs.append(ref)
        ctx.note_surface(ref.key, name)

    def _resolve_name(
        self, name: str, country: str | None, ctx: DocContext, s: int, e: int, entry: object
    ) -> PersonRef | None:
        """A name after a title: a known person if the KB has them, else a new actor."""
        tokens = name.split()
        day = ctx.day
        if len(tokens) == 1:
            key = ctx.by_token.get(fold(tokens[0]))
            if key and key in ctx.known:
                k = ctx.known[key]
                return PersonRef(s, e, k.key, k.name, k.country, k.title, k.role, k.id, "surname")
            actor = _pick(
                self.lex.people.by_surname(tokens[0], on=day, country=country), day, country
            )
            if actor is not None:
                return ref_from_actor(actor, s, e, "surname_kb", day)
            return None
        actor = _pick(self.lex.people.find(name, on=day, country=country), day, country)
        if actor is not None:
            return ref_from_actor(actor, s, e, "name", day)
        role = getattr(entry, "role", None)
        if country and role in _ONE_HOLDER:
            # "Nauru President Russ Joseph": the office's holder that day, when the name
            # written is his given name and a middle one (the family name left out)
            holder = self.lex.people.holder(country, role, day, getattr(entry, "title", None))
            if holder is not None and fold(holder.name.split()[0]) == fold(tokens[0]):
                return ref_from_actor(holder, s, e, "name", day)
        return self._adhoc(name, country, ctx, s, e, entry)

    def _adhoc(
        self, name: str, country: str | None, ctx: DocContext, s: int, e: int, entry: object
    ) -> PersonRef:
        """Someone the knowledge base does not know, as the title before the name says."""
        key = slug(name) or "person-" + "-".join(f"{ord(c):x}" for c in name)
        role = getattr(entry, "role", None)
        title = getattr(entry, "title", None)
        adhoc = ctx.adhoc.get(key)
        if adhoc is None:
            tenure = Tenure(country or "", role or "official", title or "", None, None)
            adhoc = Actor(key=key, name=name, country=country, tenures=(tenure,) if country else ())
            ctx.adhoc[key] = adhoc
        return PersonRef(s, e, key, name, country, title, role, None, "adhoc")

    def _begins_town(self, text: str, s: int) -> bool:
        """ "Nova York", "Santo Domingo": the word begins a town's name (asked only of a
        word that could be somebody's surname: a lookup per capitalised word is too many)."""
        run = _TOWN_RUN.match(text, s)
        return run is not None and self.lex.places.lookup(run.group(0), None) is not None

    def _surname_refs(
        self,
        sent: Sentence,
        ctx: DocContext,
        refs: list[PersonRef],
        taken: list[tuple[int, int]],
        hits: list[Hit],
    ) -> None:
        text, base = sent.text, sent.start
        words = _words(self.lang)
        other = [
            (h.start, h.end)
            for h in hits
            if h.kind in {"country", "adjective", "title", "occasion"}
        ]
        named = [(r.start - base, r.end - base) for r in refs if r.how in _WRITTEN]
        headline: bool | None = None  # worked out when a capitalised neighbour asks
        occupied = _Occupied(len(text), [*taken, *other])
        for m in _NAME_TOKEN.finditer(text):
            # "Putin's negotiations": the possessive is no part of the name
            tok = m.group(0)
            if tok.endswith(("'s", "\u2019s")):
                tok = tok[:-2]
            tok = tok.rstrip(".'\u2019-")
            s = m.start()
            e = s + len(tok)
            # a capitalised word starts here: not "ón" inside "reunión"
            if len(tok) < 2 or not text[s].isupper() or (s and text[s - 1].isalnum()):
                continue
            if occupied.overlaps(s, e):
                continue
            bare = fold(tok)
            if bare in words["not_name_words"]:
                continue
            if any(0 < s - ne <= 1 and text[ne:s] == " " for _, ne in named):
                continue  # "Carlos Ramiro Martínez Alvarado": a second family name, no one new
            lo = max(0, s - 40)
            prv = _capitalised(_PREV_WORD.search(text, lo + last_words(text[lo:s], 2), s))
            nxt = _capitalised(_NEXT_WORD.match(text, e))
            if (prv is not None or nxt is not None) and headline is None:
                headline = _title_case(text)
            if (
                headline
                or prv is None
                or prv.start() == 0
                or fold(prv.group(1)) in words["not_name_words"]
                or fold(prv.group(1)) in words.get("name_particles", frozenset())
                or any(prv.start(1) < oe and os < prv.end(1) for os, oe in other)
            ):
                prv = None  # no given name of its own before the word
            if (
                not headline
                and nxt is not None
                and fold(nxt.group(1)) not in words["not_name_words"]
            ):
                continue  # "Omar García Harfuch": a given name before a family name
            key = ctx.by_token.get(bare)
            before = fold(text[max(0, s - 6) : s]).split()
            if before and before[-1] in words.get("given_name_after", frozenset()):
                # "Sir Keir": the given name of someone already named in full
                key = next(
                    (k for k, r in ctx.known.items() if fold(r.name.split()[0]) == bare), key
                )
            if key and key in ctx.known and not _other_given(prv, ctx.known[key].name):
                if self._begins_town(text, s):
                    continue
                k = ctx.known[key]
                taken.append((s, e))
                occupied.add(s, e)
                refs.append(
                    PersonRef(
                        base + s,
                        base + e,
                        k.key,
                        k.name,
                        k.country,
                        k.title,
                        k.role,
                        k.id,
                        "surname",
                    )
                )
                continue
            prev = fold(text[max(0, s - 25) : s]).rstrip()
            honour = prev.endswith(_as_tuple(self.lang, "honorifics"))
            cands = self.lex.people.by_surname(tok, on=ctx.day)
            if cands and self._begins_town(text, s):
                continue
            if cands and _PLACE_BEFORE.search(prev) and self.lex.places.lookup(tok, None):
                continue  # "in The Hague", "arrived in Muscat": a town, not a person
            given = _given_name_before(text, s, cands)
            in_office = [a for a in cands if a.tenure_on(ctx.day) is not None] if ctx.day else cands
            if given is not None or len(in_office) == 1 or (honour and cands):
                actor = given[0] if given else in_office[0] if in_office else cands[0]
                if given is None and _other_given(prv, actor.name):
                    continue  # "Senatspräsident Călin Popescu": not Nicu Popescu
                if given is None and ctx.day is None and len(cands) > 1 and not honour:
                    continue
                if given is not None:
                    s = given[1]  # "William Samoei Ruto": the whole name, middle names too
                taken.append((s, e))
                occupied.add(s, e)
                how = "name" if given is not None else "surname_kb"
                ref = ref_from_actor(actor, base + s, base + e, how, ctx.day)
                refs.append(ref)
                ctx.remember(
                    PersonRef(
                        ref.start,
                        ref.end,
                        ref.key,
                        actor.name,
                        ref.country,
                        ref.title,
                        ref.role,
                        ref.id,
                        "name",
                    )
                )

    def _mark_roles(self, r: PersonRef, sent: Sentence) -> None:
        words = _words(self.lang)
        rx = _regexes(self.lang)
        rel_end = r.end - sent.start
        tail = fold(sent.text[rel_end : rel_end + 40])
        m = rx["possessive"].match(tail)
        if m and m.group(1) in words["possessive_modifiers"]:
            r.modifier = True
        if rx["modifier_before"].search(
            sent.text, max(0, r.start - sent.start - 80), r.start - sent.start
        ):
            r.modifier = True
        m2 = rx["speaker_after"].match(tail)
        if m2 and m2.group(1) in words["reporting_verbs"]:
            r.speaker = True
        head = fold(sent.text[max(0, r.start - sent.start - 24) : r.start - sent.start])
        if rx["speaker_before"].search(head.rstrip()):
            r.speaker = True


_RUN_WORD = re.compile(
    r"(?:[A-Z\u00c0-\u00de][\w'\u2019-]*|(?:al|el|bin|ibn|bint|da|de|dos|van|von|der)(?:-[A-Z][\w'\u2019]*)?)$"
)


def _name_run(
    text: str, s: int, e: int, hits: list[Hit], refs: list[PersonRef], base: int
) -> tuple[int, int]:
    """The whole name a reference stands in ("Sissi" inside "Abdel-Fattah el-Sissi"):
    capitalised words and particles next to it that are no title, state or other person.
    Only the written form (``mention``) takes it; resolution is unchanged."""
    blocked = [(h.start, h.end) for h in hits if h.kind != "person"]
    blocked += [
        (r.start - base, r.end - base) for r in refs if not (r.start - base <= s < r.end - base)
    ]

    def free(a: int, b: int) -> bool:
        return all(b <= x or a >= y for x, y in blocked)

    # the rest of the written word: "el-" of "el-Sissi", "-Miller" of "Simpson-Miller",
    # the given name of "卡西姆若马尔特•托卡耶夫" (no spaces between Chinese names' parts)
    head = _WORD_HEAD.search(text, max(0, s - _WORD_HEAD_REACH), s)
    lo = head.start() if head is not None and free(head.start(), s) else s
    tail = _WORD_TAIL.match(text, e, e + 40)
    if tail is not None and free(e, tail.end()):
        e = tail.end()
    for _ in range(3):
        before = text[max(0, lo - 30) : lo]
        m = _LAST_WORD.search(before, last_words(before, 2))
        if m is None:
            break
        word = m.group(1)
        start = lo - 1 - len(word)
        if not _RUN_WORD.match(word) or not free(start, lo - 1) or fold(word) in _stop_words():
            break
        lo = start
    hi = e
    for _ in range(2):
        m = re.match(r"\s(\S+?)(?=[\s,.;:)]|$)", text[hi : hi + 30])
        if m is None:
            break
        word = m.group(1)
        if not _RUN_WORD.match(word) or not free(hi + 1, hi + 1 + len(word)):
            break
        if fold(word) in _stop_words():
            break
        hi = hi + 1 + len(word)
    # particles do not end a name ("Lula da")
    while hi > e and fold(text[lo:hi].split()[-1]) in {
        "al",
        "el",
        "bin",
        "da",
        "de",
        "dos",
        "van",
        "von",
        "der",
    }:
        hi = lo + len(text[lo:hi].rsplit(None, 1)[0])
    suffix = _SUFFIX.match(text, hi, hi + 8)  # "Surangel S. Whipps, Jr."
    if suffix is not None:
        hi = suffix.end()
    return lo, hi


_WORD_HEAD = re.compile(
    r"(?:(?<![\w'’-])(?:al|el|ad|ar|as|at|az|an|ash|bin|ibn)-|[一-鿿]{2,8}[•·・])$"
)
# no match of it is longer than nine characters, and a final line break ($ before it):
# searched from this far back, re tries a handful of positions instead of forty
_WORD_HEAD_REACH = 12
# the word before a name's run, and its space (searched from the last two words: a space
# and a line break may end the text)
_LAST_WORD = re.compile(r"(\S+)\s$")
_WORD_TAIL = re.compile(r"-[A-ZÀ-Þ][\w'’]*(?=[\s,.;:)]|$)")
_SUFFIX = re.compile(r",?\s(?:Jr|Sr|II|III|IV)\b\.?")


@cache
def _stop_words() -> frozenset[str]:
    words = _words(ENGLISH)
    return frozenset(words["not_name_words"]) | frozenset(words["honorifics"])


_PLACE_BEFORE = re.compile(
    r"(?:^|\s)(?:the|in|at|to|from|near|into|of|en|a|à|em|no|na|nach|in|di|ke|в|во)$"
)
_CAP_WORD = r"[A-Z\u00c0-\u00de][\w'\u2019-]*"
_TOWN_RUN = re.compile(rf"{_CAP_WORD}(?:\s+{_CAP_WORD}){{1,2}}")
_GIVEN_RUN = re.compile(r"((?:[A-Z][\w'\u2019-]*\.?\s+){1,3})$")


def _given_name_before(text: str, s: int, cands: list[Actor]) -> tuple[Actor, int] | None:
    """A known person written with a middle name or initial the knowledge base lacks
    ("William Samoei Ruto", "Surangel S. Whipps"): the capitalised words before the
    surname begin with the person's given name."""
    if not cands:
        return None
    m = _GIVEN_RUN.search(text[max(0, s - 60) : s])
    if m is None:
        return None
    first = fold(m.group(1).split()[0]).strip(".")
    hits = [a for a in cands if a.name.split() and fold(a.name.split()[0]) == first]
    if len(hits) != 1:
        return None
    return hits[0], s - len(m.group(1))


_CJK_AFTER_NAME = (
    "同|与|與|和|及|在|会见|會見|会晤|會晤|会谈|會談|通|举行|舉行|表示|说|說|称|稱|、|，|,|。|的"
)
# words that open a predicate, never a name: "王毅外长还将会见" ("will also meet")
_CJK_NOT_NAME = "|".join(
    (
        *("还", "將", "将", "也", "又", "再", "已", "正在", "就", "并", "並", "则", "則"),
        *("均", "先后", "隨後", "随后", "此前", "一行", "分别", "分別", "同时", "同時"),
        *("当天", "當天"),
    )
)
_CJK_NAME = re.compile(
    rf"(?!{_CJK_AFTER_NAME}|{_CJK_NOT_NAME})[\u3400-\u9fff·•]{{2,8}}?(?={_CJK_AFTER_NAME}|\d|$)"
)


def _cjk_name_after(text: str, pos: int) -> tuple[int, int] | None:
    """The Chinese characters of a name written right after a title, up to the word that
    follows a name ("同", "会见", "表示", a comma)."""
    m = _CJK_NAME.match(text, pos)
    if m is None or not (2 <= len(m.group(0)) <= 8):
        return None
    return m.start(), m.end()


def _longest(hits: list[Hit]) -> list[Hit]:
    out: list[Hit] = []
    for h in sorted(hits, key=lambda h: -(h.end - h.start)):
        if all(h.end <= o.start or h.start >= o.end for o in out):
            out.append(h)
    return sorted(out, key=lambda h: h.start)


@matcher
def _group_rx(lang: str) -> re.Pattern[str]:
    phrases = sorted(_words(lang)["group_references"], key=len, reverse=True)
    # "the two" in "the two countries raised their relations" stands for states, not people
    states = "countries|nations|states|governments|peoples|sides'|countries'"
    return re.compile(
        r"\b(?:" + "|".join(re.escape(p) for p in phrases) + rf")\b(?!\s+(?:{states})\b)"
    )


def group_reference_spans(sent: Sentence, lang: str = ENGLISH) -> list[tuple[int, int, str]]:
    """Phrases like "the two leaders" (absolute offsets) that stand for the pair in focus;
    where two overlap, the longer ("the two leaders", not "the two")."""
    return [
        (sent.start + m.start(), sent.start + m.end(), m.group(0))
        for m in _group_rx(lang).finditer(sent.folded)
    ]


_NAME_SEQ = re.compile(
    r"(?:(?:Sheikh|Sheik|Prince|Princess|Mr\.?|Ms\.?|Mrs\.?|Dr\.?)\s+)?"
    r"((?:[A-Z][\w'\u2019-]+)(?:\s+(?:(?:bin|bint|ibn|al|Al|el|El|de|van|von|der)\s+)*"
    r"[A-Z][\w'\u2019-]+)+)"
)


def attendee_names(
    sent: Sentence, refs: list[PersonRef], ctx: DocContext, lang: str = ENGLISH
) -> list[PersonRef]:
    """People in a list of attendees that the KB does not know ("In attendance were ...").

    Such lists name aides and relatives no knowledge base holds; a run of capitalised
    words that contains no title, office or country word is taken as a name. Its country
    is that of a known participant of the same family name, else unknown.
    """
    words = _words(lang)
    stop = words["not_name_words"]
    taken = [(r.start - sent.start, r.end - sent.start) for r in refs]
    out: list[PersonRef] = []
    for m in _NAME_SEQ.finditer(sent.text):
        s, e = m.span(1)
        tokens = m.group(1).split()
        # "Presidential Office Andriy Yermak": the name is what follows the office words
        while tokens and any(fold(t).strip(".,") in stop for t in tokens):
            s += (
                len(tokens[0])
                + len(sent.text[s + len(tokens[0]) : e])
                - len(sent.text[s + len(tokens[0]) : e].lstrip())
            )
            tokens = tokens[1:]
        name = " ".join(tokens)
        if any(not (e <= ts or s >= te) for ts, te in taken):
            continue
        if len(tokens) < 2:
            continue
        family = fold(tokens[-1])
        country = next(
            (k.country for k in ctx.known.values() if fold(k.name.split()[-1]) == family), None
        )
        key = slug(name)
        out.append(
            PersonRef(sent.start + s, sent.start + e, key, name, country, None, None, None, "adhoc")
        )
        ctx.note_surface(key, name)
    return out
