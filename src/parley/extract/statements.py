"""What each side said: attributed statements with mode, stance, target and topics.

Statements reuse the people the engagement pass resolved sentence by sentence
(:class:`~parley.extract.assemble.SentenceRefs`), so "Wang", "the Chinese foreign
minister" and "his Russian counterpart" mean the same person here as in the events.
A sentence is a statement when

- a person in it is the subject of a reporting or position verb ("Lavrov said",
  "Wang stressed", "according to Blinken"), or
- it opens with a joint subject ("The two sides agreed ..."), or
- it opens with "He"/"She" and such a verb shortly after a statement by a named person
  ("He added ...": the same speaker).

The stance is the first rule of patterns/statements.toml that matches the reported
words; the target is a state named in them other than the speaker's, else, for support
and praise, the other side of the engagement the statement was made at.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

from parley.extract.assemble import SentenceRefs
from parley.extract.mentions import PersonRef
from parley.extract.patterns import load_patterns
from parley.extract.topics import topics_of
from parley.model import Event, Statement

_QUOTE = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb]([^\"\u201c\u201d\u00ab\u00bb]{12,})[\"\u201c\u201d\u00ab\u00bb]"
)


# ", speaking alongside Trump," / ", who met Lavrov on Friday," between a name and its verb
_APPOSITION = re.compile(r"\s*,[^,]{0,100},\s*(?:also\s+|later\s+|then\s+)?")
_NEAR = 30  # characters after the cue or the stance word where its target is named
# A sentence without a cue that goes on with the last speaker's position (wire style:
# "Wang said ... . China is willing to ...").
_CONTINUATION = re.compile(
    r"\b(?:should|must|will|would|is willing|are willing|is ready|are ready|stands ready|"
    r"hopes?|need to|needs to|it is (?:important|necessary|essential)|"
    r"bear (?:important )?responsibilit\w*|is committed|are committed)\b"
)
_NARRATIVE = re.compile(
    r"\b(?:met|meets|held talks|exchanged views|exchange of views|arrived|visited|"
    r"according to|reported|observers|analysts?)\b"
)
_ANAPHOR = re.compile(
    r"\b(?:the (?:crisis|conflict|war|issue|situation|agreement|matter)|peace talks|"
    r"political settlement|the parties concerned|related parties|(?:that|this) (?:stance|position)|"
    r"the relevant matter)\b"
)
# Issues a later "the crisis", "the agreement", "that stance" can point back to.
_CONFLICTS = frozenset(
    [
        "ukraine",
        "middle-east",
        "korean-peninsula",
        "iran-nuclear",
        "afghanistan",
        "myanmar",
        "sudan",
        "libya",
        "yemen",
        "border",
        "taiwan",
        "south-china-sea",
        "nato",
    ]
)
_BODY_OF_TOPIC = {"eu": "EU", "nato": "NATO", "asean": "ASEAN", "african-union": "AU", "un": "UN"}
_WISH = re.compile(r"\b(?:hop\w*|wish\w*|believ\w*|reflect\w*|expect\w*)\b")


@dataclass(frozen=True)
class _Stance:
    name: str
    cameo: str
    plover: str
    pattern: re.Pattern[str]


@cache
def _rules() -> tuple[tuple[_Stance, ...], re.Pattern[str], re.Pattern[str], re.Pattern[str], int]:
    p = load_patterns("statements")
    stances = tuple(
        _Stance(r["name"], r["cameo"], r["plover"], re.compile(r["pattern"])) for r in p["stance"]
    )
    verbs = list(load_patterns("mentions")["reporting_verbs"]) + list(p["position_verbs"])
    verb_alt = "|".join(re.escape(v) for v in sorted(set(verbs), key=len, reverse=True))
    joint_alt = "|".join(re.escape(j) for j in sorted(p["joint_subjects"], key=len, reverse=True))
    joint = re.compile(
        rf"^(?:for (?:their|its) part,?\s+)?(?:{joint_alt})()\s+"
        rf"(?:[a-z]+\s+){{0,2}}?(?:{verb_alt})\b"
    )
    pron_alt = "|".join(re.escape(x) for x in p["pronouns"])
    pronoun = re.compile(
        rf"^(?:for (?:his|her) part,?\s+|meanwhile,?\s+|however,?\s+)?(?:{pron_alt})()\s+"
        rf"(?:[a-z]+\s+){{0,2}}?(?:{verb_alt})\b"
    )
    verb = re.compile(rf"\b(?:{verb_alt})\b")
    return stances, joint, pronoun, verb, int(p["pronoun_reach"])


def _lead(folded: str) -> int:
    """How many opening quote marks and spaces the cue patterns skipped."""
    return len(folded) - len(folded.lstrip(" \"'\u201c"))


def _stance(words: str) -> _Stance | None:
    """The stance whose cue comes first (see patterns/statements.toml)."""
    pre = _preamble().match(words)
    body = words[pre.end() :] if pre else words
    best: tuple[int, int, _Stance] | None = None
    names = set()
    for order, rule in enumerate(_rules()[0]):
        m = rule.pattern.search(body)
        if m:
            names.add(rule.name)
            if best is None or (m.start(), order) < best[:2]:
                best = (m.start(), order, rule)
    if best is None:
        return None
    if best[2].name == "praise" and "support" in names:
        return next(r for r in _rules()[0] if r.name == "support")
    return best[2]


@cache
def _preamble() -> re.Pattern[str]:
    return re.compile(load_patterns("statements")["preamble"])


def _speaker_ref(item: SentenceRefs) -> PersonRef | None:
    """The named speaker: the first person who is the subject of a reporting verb
    ("Putin, speaking alongside Trump, called on ..." is Putin's, not Trump's)."""
    verb = _rules()[3]
    folded = item.sent.folded
    for r in item.refs:
        if r.modifier:
            continue
        if r.speaker:
            return r
        rel = r.end - item.sent.start
        tail = folded[rel : rel + 140]
        m = _APPOSITION.match(tail)
        if verb.match(tail[m.end() if m else 0 :].lstrip(" ,")):
            return r
    return None


@cache
def _capital_pattern() -> tuple[re.Pattern[str], dict[str, str]]:
    """Capitals that stand for their governments ("Moscow is ready", "urged Washington")."""
    from parley.kb.countries import Countries
    from parley.kb.places import Gazetteer

    places = Gazetteer.default()
    names: dict[str, str] = {}
    for c in Countries.default():
        if c.kind != "state":
            continue
        cap = places.capital(c.code)
        if cap is not None and cap.name and " " not in cap.name:
            names.setdefault(cap.name, c.code)
    alt = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    # "in Moscow" is a place; "with Moscow", "Moscow is ready" a government
    return re.compile(rf"\b(?<!\bin )(?<!\bat )(?<!\bfrom )(?<!\bto )(?:{alt})\b"), names


def _capitals(text: str) -> list[tuple[re.Match[str], str]]:
    pattern, names = _capital_pattern()
    return [(m, names[m.group(0)]) for m in pattern.finditer(text)]


def _event_of(speaker_key: str | None, events: list[Event]) -> int | None:
    occurred = [(i, e) for i, e in enumerate(events) if e.status == "occurred"]
    for i, e in occurred:
        if e.primary and (speaker_key is None or any(p.key == speaker_key for p in e.participants)):
            return i
    for i, e in occurred:
        if speaker_key is not None and any(p.key == speaker_key for p in e.participants):
            return i
    return None


def _target(
    item: SentenceRefs,
    windows: list[tuple[int, int]],
    speaker_country: str | None,
    stance: str,
    event: Event | None,
    names: dict[str, str],
) -> dict[str, Any] | None:
    """Whom the stance is aimed at: the subject of the reported words or the object of
    the stance word ("said the United States ...", "supports China's ..."), else, for
    support and praise, the other side of the engagement. A state named further on is
    usually a topic ("a settlement of the Ukraine crisis"), not a target.
    """
    named = [(c.start, c.code, names.get(c.code, c.code)) for c in item.countries]
    named += [
        (item.sent.start + m.start(), code, names.get(code, code))
        for m, code in _capitals(item.sent.text)
    ]
    named += [(r.start, r.country, r.name) for r in item.refs if r.country and not r.speaker]
    for lo, hi in windows:
        for start, code, name in sorted(named):
            if lo <= start < hi and code != speaker_country:
                return {"name": name, "country": code}
    if stance in {"support", "praise"} and event is not None and speaker_country:
        other = next((c for c in event.countries if c != speaker_country), None)
        if other:
            return {"name": names.get(other, other), "country": other}
    return None


@dataclass
class _Attribution:
    """Who a sentence's words belong to, and where the reporting cue ends."""

    who: dict[str, Any]
    key: str | None
    country: str | None
    cue_end: int
    ref: PersonRef | None = None


_QUOTE_MARK = re.compile('[\u201c\u00ab\u201d\u00bb"]')  # the marks _quote_state reads


def _quote_state(sentences: list[SentenceRefs]) -> list[tuple[bool, bool]]:
    """(inside a quotation at the start, inside at the end) for each sentence.

    A quotation can run over several sentences ("We believe ... . We welcome ... ," Modi
    said): its middle sentences carry no quote mark at all.
    """
    out: list[tuple[bool, bool]] = []
    inside = False
    para = None
    for item in sentences:
        if item.sent.para != para:
            inside, para = False, item.sent.para
        at_start = inside
        for m in _QUOTE_MARK.finditer(item.sent.text):
            ch = m.group(0)
            if ch in "\u201c\u00ab":
                inside = True
            elif ch in "\u201d\u00bb":
                inside = False
            else:
                inside = not inside
        out.append((at_start, inside))
    return out


def _quoted_words(folded: str, open_at_start: bool = False) -> str:
    """The quoted part of a sentence (all of it when the quotation spans the sentence).

    A quotation opened in an earlier sentence runs on to the first quote mark of this one
    ("... border areas,” a statement said"): then the quoted words are the pieces before
    each mark, not after."""
    pieces = re.split(r"[\"\u201c\u201d\u00ab\u00bb]", folded)
    if len(pieces) == 1:
        return folded
    if open_at_start:
        inside = " ".join(pieces[0::2])
        return inside if len(inside) >= 20 else folded
    if len(pieces) == 2:
        return max(pieces, key=len)
    inside = " ".join(pieces[1::2])
    return inside if len(inside) >= 20 else folded


def _is_direct(text: str, state: tuple[bool, bool]) -> bool:
    """Quoted words make up most of the sentence (a quoted phrase inside reported speech
    leaves it indirect)."""
    if state[0]:
        return True
    pieces = re.split(r"[\"\u201c\u201d\u00ab\u00bb]", text)
    if len(pieces) == 1:
        return False
    quoted = sum(len(p) for p in pieces[1::2]) if len(pieces) > 2 else max(len(p) for p in pieces)
    return quoted * 2 >= len(text)


def _attribute(
    item: SentenceRefs, last: _Attribution | None, gap: int, surface: dict[str, str]
) -> _Attribution | None:
    _, joint, pronoun, _, reach = _rules()
    sent = item.sent
    folded = sent.folded.lstrip(" \"'\u201c")
    speaker = _speaker_ref(item)
    if speaker is not None:
        who = {"name": surface.get(speaker.key, speaker.name), "country": speaker.country}
        return _Attribution(who, speaker.key, speaker.country, speaker.end, speaker)
    m = joint.match(folded)
    if m:
        return _Attribution(
            {"name": "both sides", "country": None},
            None,
            None,
            sent.start + _lead(sent.folded) + m.end(1),
        )
    m = pronoun.match(folded)
    if m and last is not None and last.ref is not None and gap <= reach:
        return _Attribution(
            last.who, last.key, last.country, sent.start + _lead(sent.folded) + m.end(1), last.ref
        )
    return None


def _continues(item: SentenceRefs) -> bool:
    """A sentence that goes on with the previous speaker's reported position."""
    folded = item.sent.folded
    if any(r.start - item.sent.start < 40 for r in item.refs):
        return False  # someone else is the subject
    return _CONTINUATION.search(folded) is not None and not _NARRATIVE.search(folded)


def extract_statements(
    original: str,
    sentences: list[SentenceRefs],
    events: list[Event],
    country_names: dict[str, str],
    surface: dict[str, str] | None = None,
) -> list[Statement]:
    """Every statement of one document, in reading order."""
    surface = surface or {}
    quotes = _quote_state(sentences)
    found: list[_Attribution | None] = []
    last: tuple[_Attribution, int] | None = None
    for n, item in enumerate(sentences):
        att = None
        if item.sent.kind != "title":
            gap = n - last[1] if last else 99
            att = _attribute(item, last[0] if last else None, gap, surface)
            goes_on = att is None and last is not None and gap == 1 and last[0].ref is not None
            if goes_on and last is not None and (quotes[n][0] or _continues(item)):
                att = _Attribution(
                    last[0].who, last[0].key, last[0].country, item.sent.start, last[0].ref
                )
        found.append(att)
        if att is not None:
            last = (att, n)
    # a quotation's speaker is often named only in its last sentence
    for n in range(len(sentences) - 1, 0, -1):
        if found[n] is not None and found[n - 1] is None and quotes[n][0]:
            prev = sentences[n - 1]
            if prev.sent.kind != "title" and quotes[n - 1][1]:
                nxt = found[n]
                assert nxt is not None
                found[n - 1] = _Attribution(nxt.who, nxt.key, nxt.country, prev.sent.start, nxt.ref)
    out: list[Statement] = []
    recent: list[list[str]] = []
    for n, (item, att) in enumerate(zip(sentences, found, strict=True)):
        topics = topics_of(item.sent.folded, item.sent.text)
        if att is not None:
            direct = _is_direct(item.sent.text, quotes[n])
            st = _statement(original, item, att, direct, quotes[n][0], events, country_names)
            st.topics = _without_parties(
                _with_context(topics, item.sent.folded, recent),
                att.country,
                events[st.event].countries if st.event is not None else [],
            )
            out.append(st)
        recent = [*recent[-1:], topics]
    return out


def _without_parties(topics: list[str], speaker: str | None, parties: list[str]) -> list[str]:
    """A body that is one side of the talks ("EU-China ties", the EU's own envoy speaking)
    is a party to the relationship, not a topic of it."""
    sides = {s for s in (speaker, *parties) if s}
    return [t for t in topics if _BODY_OF_TOPIC.get(t) not in sides]


def _with_context(topics: list[str], folded: str, recent: list[list[str]]) -> list[str]:
    """ "The crisis", "peace talks": a conflict named in the sentences just before."""
    if not _ANAPHOR.search(folded) or any(t in _CONFLICTS for t in topics):
        return topics
    for prev in reversed(recent):
        inherited = [t for t in prev if t in _CONFLICTS and t not in topics]
        if inherited:
            return [*topics, *inherited]
    return topics


def _statement(
    original: str,
    item: SentenceRefs,
    att: _Attribution,
    direct: bool,
    open_at_start: bool,
    events: list[Event],
    country_names: dict[str, str],
) -> Statement:
    sent = item.sent
    cue_end = att.cue_end
    rest = sent.folded[max(0, cue_end - sent.start) :]
    if direct:
        # the speaker's own words carry the stance, not the frame around them
        rest, cue_end = _quoted_words(sent.folded, open_at_start), sent.start
    elif len(rest.split()) < 4:
        # 'Russia supports them, Lavrov said.': the words come first
        rest, cue_end = sent.folded, sent.start
    rule = _stance(rest)
    stance = rule.name if rule else ("other" if _WISH.search(rest) else "inform")
    offset = sent.start + len(sent.folded) - len(rest)
    windows = [(cue_end, cue_end + _NEAR)]
    hit = rule.pattern.search(rest) if rule else None
    if hit is not None:
        windows.append((offset + hit.start(), offset + hit.end() + _NEAR))
    ev_index = _event_of(att.key, events)
    event = events[ev_index] if ev_index is not None else None
    return Statement(
        speaker=att.who,
        text=original[sent.start : sent.end],
        start=sent.start,
        end=sent.end,
        mode="direct" if direct else "indirect",
        event=ev_index,
        topics=[],
        stance=stance,
        target=_target(item, windows, att.country, stance, event, country_names),
        cameo=rule.cameo if rule else "010",
        plover=rule.plover if rule else None,
    )
