"""What each side said: attributed statements with mode, stance, target and topics.

Statements reuse the people the engagement pass resolved sentence by sentence
(:class:`~parley.extract.engagements.SentenceRefs`), so "Wang", "the Chinese foreign
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

from parley.extract.engagements import SentenceRefs
from parley.extract.mentions import PersonRef
from parley.extract.patterns import load_patterns
from parley.extract.topics import topics_of
from parley.model import Event, Statement

_QUOTE = re.compile(
    r"[\"\u201c\u201d\u00ab\u00bb]([^\"\u201c\u201d\u00ab\u00bb]{12,})[\"\u201c\u201d\u00ab\u00bb]"
)


_NEAR = 30  # characters after the cue or the stance word where its target is named


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
    for rule in _rules()[0]:
        if rule.pattern.search(words):
            return rule
    return None


def _speaker_ref(item: SentenceRefs) -> PersonRef | None:
    """The named speaker: the first person who is the subject of a reporting verb."""
    speakers = [r for r in item.refs if r.speaker and not r.modifier]
    if speakers:
        return speakers[0]
    verb = _rules()[3]
    folded = item.sent.folded
    for r in item.refs:
        if r.modifier:
            continue
        rel = r.end - item.sent.start
        if verb.match(folded[rel : rel + 40].lstrip(" ,")):
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
    return re.compile(rf"(?<!\bin )(?<!\bat )(?<!\bfrom )(?<!\bto )\b(?:{alt})\b"), names


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


def extract_statements(
    original: str,
    sentences: list[SentenceRefs],
    events: list[Event],
    country_names: dict[str, str],
    surface: dict[str, str] | None = None,
) -> list[Statement]:
    """Every statement of one document, in reading order."""
    _, joint, pronoun, _, reach = _rules()
    out: list[Statement] = []
    last: tuple[PersonRef, int] | None = None
    for n, item in enumerate(sentences):
        sent = item.sent
        if sent.kind == "title":
            continue
        folded = sent.folded.lstrip(" \"'\u201c")
        speaker = _speaker_ref(item)
        who: dict[str, Any] | None = None
        key: str | None = None
        country: str | None = None
        cue_end = sent.start
        if speaker is not None:
            who = {
                "name": (surface or {}).get(speaker.key, speaker.name),
                "country": speaker.country,
            }
            key, country, cue_end = speaker.key, speaker.country, speaker.end
            last = (speaker, n)
        elif joint.match(folded):
            who = {"name": "both sides", "country": None}
            cue_end = sent.start + _lead(sent.folded) + joint.match(folded).end(1)  # type: ignore[union-attr]
        elif last is not None and n - last[1] <= reach and pronoun.match(folded):
            ref = last[0]
            who = {"name": (surface or {}).get(ref.key, ref.name), "country": ref.country}
            key, country = ref.key, ref.country
            cue_end = sent.start + _lead(sent.folded) + pronoun.match(folded).end(1)  # type: ignore[union-attr]
            last = (ref, n)
        if who is None:
            continue
        quoted = _QUOTE.search(sent.text) is not None
        rest = sent.folded[max(0, cue_end - sent.start) :]
        if quoted or len(rest.split()) < 4:
            # '"...", Wang said.' / 'Russia supports them, Lavrov said.': the words come first
            rest, cue_end = sent.folded, sent.start
        rule = _stance(rest)
        stance = rule.name if rule else "other"
        offset = sent.start + len(sent.folded) - len(rest)
        windows = [(cue_end, cue_end + _NEAR)]
        hit = rule.pattern.search(rest) if rule else None
        if hit is not None:
            windows.append((offset + hit.start(), offset + hit.end() + _NEAR))
        ev_index = _event_of(key, events)
        event = events[ev_index] if ev_index is not None else None
        out.append(
            Statement(
                speaker=who,
                text=original[sent.start : sent.end],
                start=sent.start,
                end=sent.end,
                mode="direct" if quoted else "indirect",
                event=ev_index,
                topics=topics_of(sent.folded, sent.text),
                stance=stance,
                target=_target(item, windows, country, stance, event, country_names),
                cameo=rule.cameo if rule else "010",
                plover=rule.plover if rule else None,
            )
        )
    return out
