"""What stands around an engagement word: the raw observations the decisions weigh.

The rules of :mod:`parley.extract.engagements` find an engagement word and its people;
this module records, for that one mention, every date and place the sentence writes
and how each stands to the word (inside its clause or not, before or after it, in a
closing "..., the ministry said", in a relative clause, after which preposition), and
the words around it. These are features, not choices: which date or place an
engagement gets is decided in ``extract/decide`` by weights learned from real articles.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from parley.extract.dates import DateMention
from parley.extract.places import PlaceMention
from parley.extract.text import Sentence
from parley.extract.triggers import Trigger

WINDOW_WORDS = 5
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*")


@dataclass(frozen=True)
class MentionContext:
    """One engagement word in its sentence: where its clause and its date scope end."""

    sent: Sentence
    trig: Trigger
    lo: int  # clause, relative to the sentence
    hi: int
    hi_dates: int  # where the engagement's own date may still be written
    tail: re.Match[str] | None  # a closing reporting clause ("..., the ministry said")
    asides: list[tuple[int, int]]  # relative clauses set off by commas


def distance_bucket(chars: int) -> str:
    """Distance in characters as a coarse bucket: weights on exact offsets would overfit."""
    chars = abs(chars)
    if chars <= 15:
        return "near"
    if chars <= 45:
        return "mid"
    if chars <= 110:
        return "far"
    return "very_far"


@cache
def _function_words() -> frozenset[str]:
    text = resources.files("parley.extract.patterns").joinpath("features.toml").read_text("utf-8")
    return frozenset(tomllib.loads(text)["function_words"])


def word_before(folded: str, pos: int, reach: int = 14) -> str | None:
    """The function word written in the few characters before ``pos`` ("on", "since",
    "в"); "other" for any other word, None at the start of the sentence."""
    words = _WORD.findall(folded[max(0, pos - reach) : pos])
    if not words:
        return None
    return words[-1] if words[-1] in _function_words() else "other"


def zone(sent: Sentence) -> str:
    """Which part of the article: headline, caption, lead paragraph or the body."""
    if sent.kind in {"title", "caption"}:
        return sent.kind
    return "lead" if sent.para == 0 or sent.index <= 2 else "body"


def observe_dates(
    ctx: MentionContext,
    dates: list[DateMention],
    chosen: DateMention | None,
    day_anchor: date | None,
) -> list[tuple[DateMention, dict[str, float]]]:
    """Every resolved date of the sentence (``dates`` are sentence-relative) with its
    relation to the engagement word; offsets of the returned mentions are absolute."""
    sent, trig = ctx.sent, ctx.trig
    out: list[tuple[DateMention, dict[str, float]]] = []
    for d in dates:
        if not d.date:
            continue
        gap = d.start - trig.end if d.start >= trig.end else trig.start - d.end
        f: dict[str, float] = {
            "src:mention": 1.0,
            f"how:{d.how}": 1.0,
            f"prec:{d.precision}": 1.0,
            f"dist:{distance_bucket(gap)}": 1.0,
            f"zone:{zone(sent)}": 1.0,
        }
        if ctx.lo <= d.start < ctx.hi_dates:
            f["in_scope"] = 1.0
        elif ctx.lo <= d.start < ctx.hi:
            f["in_clause_after_stop"] = 1.0
        else:
            f["other_clause"] = 1.0
        if any(s <= d.start < e for s, e in ctx.asides):
            f["aside"] = 1.0
        if ctx.tail is not None and d.start >= ctx.tail.start():
            f["report_tail"] = 1.0
        f["before_trigger" if d.end <= trig.start else "after_trigger"] = 1.0
        prep = word_before(sent.folded, d.start)
        if prep is not None:
            f[f"prep:{prep}"] = 1.0
        if chosen is not None and chosen.start == sent.start + d.start:
            f["rule"] = 1.0
        if day_anchor is None and d.how in {"weekday", "relative"}:
            f["month_anchor"] = 1.0
        absolute = DateMention(
            sent.start + d.start, sent.start + d.end, d.text, d.date, d.precision, d.how
        )
        out.append((absolute, f))
    if (
        chosen is not None
        and chosen.how == "relative"
        and not any(m.start == chosen.start for m, _ in out)
    ):
        # told in the present as happening on the story's day ("проводит встречу")
        out.append((chosen, {"src:mention": 1.0, "present_today": 1.0, "rule": 1.0}))
    return out


def observe_places(
    ctx: MentionContext, places: list[PlaceMention], chosen: PlaceMention | None
) -> list[tuple[PlaceMention, dict[str, float]]]:
    """Every place the sentence names (absolute offsets) with its relation to the word."""
    sent, trig = ctx.sent, ctx.trig
    at = sent.start + trig.start
    a_lo, a_hi = sent.start + ctx.lo, sent.start + ctx.hi
    p_hi = sent.start + ctx.tail.start() if ctx.tail is not None else a_hi
    out: list[tuple[PlaceMention, dict[str, float]]] = []
    for p in places:
        f: dict[str, float] = {
            "src:mention": 1.0,
            f"how:{p.how}": 1.0,
            f"zone:{zone(sent)}": 1.0,
        }
        if p.cue:
            f[f"place_cue:{p.cue}"] = 1.0
        if a_lo <= p.start < p_hi:
            # inside the clause, characters count names and titles more than distance
            f["in_scope"] = 1.0
        else:
            f[f"dist:{distance_bucket(p.start - at)}"] = 1.0
            if ctx.tail is not None and p.start >= p_hi:
                f["report_tail"] = 1.0
            else:
                f["other_clause"] = 1.0
        f["before_trigger" if p.start < at else "after_trigger"] = 1.0
        prep = word_before(sent.folded, p.start - sent.start)
        if prep is not None:
            f[f"prep:{prep}"] = 1.0
        if chosen is not None and chosen.start == p.start:
            f["rule"] = 1.0
        out.append((p, f))
    return out


def _is_cjk(ch: str) -> bool:
    return "\u3040" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff"


_CJK_CHAR = re.compile("[\u3040-\u9fff\uf900-\ufaff]")  # the characters _is_cjk accepts


def _window_words(text: str, folded: str, lo: int, hi: int, last: bool) -> list[str]:
    """Lower-case words of ``text[lo:hi]`` (names are written with capitals and would be
    learned as the names of the articles trained on); in Chinese or Japanese, single
    characters, since those scripts write no spaces."""
    out: list[str] = []
    for m in _WORD.finditer(text, lo, hi):
        w = m.group(0)
        if w.isascii():
            if w.lower() == w:  # no capital letter (ASCII: lower case changes only those)
                out.append(folded[m.start() : m.end()])
        elif _CJK_CHAR.search(w):
            out.extend(c for c in w if _is_cjk(c))
        elif not any(c.isupper() for c in w):
            out.append(folded[m.start() : m.end()])
    n = WINDOW_WORDS if not _CJK_CHAR.search(text, lo, hi) else 2 * WINDOW_WORDS
    return out[-n:] if last else out[:n]


def trigger_words(sent: Sentence, trig: Trigger) -> frozenset[str]:
    """The lower-case words just before and after the engagement word, and the word
    itself: what the status and engagement decisions learn cues from that no list names."""
    text, folded = sent.text, sent.folded
    before = _window_words(text, folded, max(0, trig.start - 60), trig.start, last=True)
    after = _window_words(text, folded, trig.end, min(len(text), trig.end + 60), last=False)
    inside = _window_words(text, folded, trig.start, trig.end, last=False)
    return frozenset(
        [f"b:{w}" for w in before] + [f"a:{w}" for w in after] + [f"t:{w}" for w in inside]
    )
