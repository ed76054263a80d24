"""Did the engagement happen, is it only planned, or did it fall through?

The cues are regular expressions in ``patterns/status.toml``; this module only decides
where to look: the few words before the engagement word (modal verbs, "expected to"),
the rest of its clause ("... will take place on Friday", "... was postponed").
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cache

from parley.extract.literals import GATE_AFTER, LiteralGate
from parley.extract.patterns import ENGLISH, NEVER, load_patterns, matcher


@cache
def _sources(lang: str = ENGLISH) -> dict[str, list[str]]:
    return {
        k: v
        for k, v in load_patterns("status", lang).items()
        if isinstance(v, list) and k != "clause_ends"
    }


@cache
def _family(lang: str, family: str) -> list[re.Pattern[str]]:
    """A family's patterns one by one, compiled the first time its alternation fires
    (most families never do in most documents; compiling them all costs start-up)."""
    return [re.compile(p) for p in _sources(lang).get(family, [])]


@cache
def _family_gate(lang: str, family: str) -> LiteralGate:
    """The words each of a family's patterns cannot match without."""
    return LiteralGate(_family(lang, family))


@matcher
def _families(lang: str) -> dict[str, list[re.Pattern[str]]]:
    """Every family compiled and gated: what a worker that has read many documents holds."""
    for family in _sources(lang):
        _family_gate(lang, family)
    _gated.add(lang)
    return {family: _family(lang, family) for family in _sources(lang)}


# The gates cost more to build (reading every family's patterns) than they spare on a few
# engagement words: a language's gates are used once it has had as many as a gated
# pattern is asked before its gate is built, or once prepared; a command that reads one
# article does without them.
_gated: set[str] = set()
_asked: Counter[str] = Counter()


def _gated_now(lang: str) -> bool:
    if lang in _gated:
        return True
    _asked[lang] += 1
    if _asked[lang] >= GATE_AFTER:
        _gated.add(lang)
    return False


@matcher
def _any(lang: str = ENGLISH) -> dict[str, re.Pattern[str]]:
    """Each family's patterns as one alternation: whether any of them occurs in a window
    is one search. Most windows hold no cue, so :func:`status_cues` asks this first and
    runs the family's patterns one by one only where it says yes (their places decide
    near or far)."""
    return {k: re.compile("|".join(f"(?:{p})" for p in v)) for k, v in _sources(lang).items()}


@matcher
def _gate(lang: str) -> tuple[dict[str, int], LiteralGate]:
    """Each family's place in a gate over the strings its patterns cannot match without:
    one pass over the words around the trigger rules out most families at once."""
    families = _any(lang)
    return {f: i for i, f in enumerate(families)}, LiteralGate(list(families.values()))


@cache
def _clause_ends(lang: str) -> tuple[str, ...]:
    """Where a clause stops: ";", ". " and the language's "but"."""
    return (";", ". ", *load_patterns("status", lang).get("clause_ends", []))


@matcher
def _terminator(lang: str) -> re.Pattern[str]:
    words = load_patterns("status", lang).get("terminators", [])
    alt = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)) or NEVER
    return re.compile(rf"(?:^|\W)(?:{alt})(?:\W|$)")


def _clause_before(folded: str, start: int, lang: str, limit: int = 70) -> str:
    head = folded[max(0, start - limit) : start]
    cut = max(head.rfind(w) for w in _clause_ends(lang))
    return head[cut + 1 :] if cut >= 0 else head


def _clause_after(folded: str, end: int, lang: str, limit: int = 90) -> str:
    tail = folded[end : end + limit]
    cut = min([i for i in (tail.find(w) for w in _clause_ends(lang)) if i >= 0] or [len(tail)])
    return tail[:cut]


def status_cues(
    folded: str, start: int, end: int, lang: str = ENGLISH, until: int | None = None
) -> frozenset[str]:
    """Every cue family that fires around the trigger at ``folded[start:end]``; ``until``
    ends the words looked at after it where the sentence's next engagement begins ("spoke
    on the phone and decided to postpone the meeting": the postponement is the meeting's).

    Families follow the ConText idea of a cue with a direction and a scope: words before
    the trigger in its clause (``planned_before``), the clause before it
    (``planned_clause``), the words after it (``planned_after``), the clause around it
    (``cancelled``), the trigger itself (``planned_self``). The learned status decision
    weighs them; :func:`engagement_status` is the hand-ordered rule over the same cues.
    """
    any_of = _any(lang)
    before = _clause_before(folded, start, lang)
    after = _clause_after(folded, end, lang)
    if until is not None and not _COORDINATED.fullmatch(folded, end, max(end, until)):
        after = after[: max(0, until - end)]
    trigger = folded[start:end]
    whole = _clause_before(folded, start, lang, limit=160)
    # each window with where the engagement word stands in it (start, end)
    windows = {
        "cancelled": (before[-60:] + trigger + after, len(before[-60:])),
        "planned_before": (before[-45:], len(before[-45:])),
        "planned_with_trigger": (before[-45:] + trigger, len(before[-45:])),
        "planned_clause": (whole, len(whole)),
        "planned_after": (after, -len(trigger)),
        "planned_self": (trigger, 0),
        "present_now": (before[-40:], len(before[-40:])),
        "purpose": (before[-70:], len(before[-70:])),
    }
    stop = _terminator(lang)
    found: set[str] = set()
    # every window lies in this stretch of the sentence: a family that cannot match in it
    # matches in none of them
    gated = _gated_now(lang)
    if gated:
        index, gate = _gate(lang)
        lo = min(start - len(whole), start - len(before[-70:]))
        can = gate.possible(folded[lo : end + len(after)])
    for family, (window, t_start) in windows.items():
        first = any_of.get(family)
        if first is None or (gated and index[family] not in can):
            continue
        # which of the family's patterns the window itself holds the words of
        maybe = _family_gate(lang, family).possible(window) if gated else None
        if (gated and not maybe) or first.search(window) is None:
            continue
        patterns = _family(lang, family)  # compiled the first time one of them fires
        t_end = t_start + len(trigger)
        gaps = [
            max(0, t_start - m.end(), m.start() - t_end)
            for i in (sorted(maybe) if maybe is not None else range(len(patterns)))
            for p in [patterns[i]]
            for m in [p.search(window)]
            if m is not None
            # ConText's terminator: "the invitation was extended during a meeting": the
            # cue's scope ends at "during", before the engagement word
            and not (m.end() <= t_start and stop.search(window, m.end(), t_start))
        ]
        if gaps:
            found.add(family)
            found.add(f"{family}@{'near' if min(gaps) <= NEAR_CHARS else 'far'}")
    return frozenset(found)


# Two engagement words joined by one short word ("the meeting and talks will be held", "встречи
# и переговоров пройдут"): what follows the second is said of both, so the first's words
# after it are not cut where the second begins.
_COORDINATED = re.compile(r"\s*[^\W\d_]{0,3}\s*")

NEAR_CHARS = 20  # a cue this close to the engagement word is about it, not its clause

_RULE_ORDER = (
    ("cancelled", "cancelled"),
    ("planned_before", "planned"),
    ("planned_with_trigger", "planned"),
    ("planned_clause", "planned"),
    ("planned_after", "planned"),
    ("planned_self", "planned"),
)


def engagement_status(folded: str, start: int, end: int, lang: str = ENGLISH) -> str:
    """ "occurred", "planned" or "cancelled" for the trigger at ``folded[start:end]``.

    Languages that conjugate the future into the verb ("rencontrera", "se reunirá") mark
    it in the engagement word itself (``planned_self``).
    """
    return status_from_cues(status_cues(folded, start, end, lang))


def status_from_cues(cues: frozenset[str]) -> str:
    """The hand-ordered rule: a cancellation beats a plan, a plan beats the default."""
    for family, status in _RULE_ORDER:
        if family in cues:
            return status
    return "occurred"


def is_present(folded: str, start: int, end: int, lang: str = ENGLISH) -> bool:
    """Told in the present tense as happening on the story's day ("проводит встречу")."""
    before = _clause_before(folded, start, lang)[-40:]
    present = _any(lang).get("present_now")
    return present is not None and present.search(before) is not None


def is_background(folded: str, start: int, end: int, lang: str = ENGLISH) -> bool:
    """Marked as an earlier engagement recalled for context ("last met", "first met")."""
    window = folded[max(0, start - 60) : end + 30]
    return _any(lang)["background"].search(window) is not None or is_archive_caption(folded, lang)


def is_archive_caption(folded: str, lang: str = ENGLISH) -> bool:
    """The sentence is the caption of a file photo ("FILE - X and Y meet at ..."): what it
    tells happened on another day than the story's."""
    archive = _any(lang).get("file_photo")
    return archive is not None and archive.match(folded) is not None


def is_aggregate(folded: str, start: int, end: int, lang: str = ENGLISH) -> bool:
    """A count of engagements ("have met four times"): no single date or place is theirs."""
    after = _clause_after(folded, end, lang, limit=120)
    return _any(lang)["aggregate_after"].search(after) is not None
