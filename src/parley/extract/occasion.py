"""On what occasion: the wider gathering an engagement was held at.

"on the sidelines of the ongoing 77th session of the UN General Assembly" gives the
occasion "77th session of the UN General Assembly"; the knowledge base of recurring
gatherings then tells where that edition took place.
"""

from __future__ import annotations

import re

from parley.extract.patterns import ENGLISH, NEVER, load_patterns, matcher
from parley.extract.text import Sentence
from parley.model import Span


@matcher
def _regexes(lang: str = ENGLISH) -> dict[str, re.Pattern[str]]:
    p = load_patterns("occasion", lang)
    never = NEVER
    keys = ("sidelines", "cue", "lead", "end", "head", "attached", "not_occasion")
    # `end` and `attached` tell "(G20)" from "(in Bali)" by case, so they keep it
    cased = {"end", "attached"}
    return {k: re.compile(p.get(k, never), 0 if k in cased else re.IGNORECASE) for k in keys}


def find_occasion(sent: Sentence, lo: int, hi: int, lang: str = ENGLISH) -> tuple[str, Span] | None:
    """The gathering named in ``sent.text[lo:hi]``, with its span in the original text."""
    rx = _regexes(lang)
    scope = sent.text[lo:hi]
    matches = list(rx["sidelines"].finditer(scope)) or list(rx["cue"].finditer(scope))
    for m in matches:
        start = m.end()
        rest = scope[start:]
        rest = rx["lead"].sub("", rest)
        skipped = len(scope[start:]) - len(rest)
        cut = _extend_attached(rest, rx)
        phrase = rest[:cut].strip()
        if not phrase or not rx["head"].search(phrase) or len(phrase) < 5:
            continue
        if rx["not_occasion"].match(phrase):  # "after his meeting": the engagement itself
            continue
        s = sent.start + lo + start + skipped
        return phrase, Span(s, s + len(phrase), phrase)
    return None


def _extend_attached(rest: str, rx: dict[str, re.Pattern[str]]) -> int:
    """Keep "of the UN General Assembly" and "on East Asia cooperation" attached."""
    m = rx["end"].search(rest)
    end = m.start() if m else len(rest)
    while True:
        tail = rx["attached"].match(rest[end:])
        if not tail or not tail.group(0).strip():
            return end
        nxt = tail.group(0)
        if len(nxt) > 70:
            return end
        end += len(nxt)
