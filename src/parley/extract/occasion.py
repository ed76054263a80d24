"""On what occasion: the wider gathering an engagement was held at.

"on the sidelines of the ongoing 77th session of the UN General Assembly" gives the
occasion "77th session of the UN General Assembly"; the knowledge base of recurring
gatherings then tells where that edition took place.
"""

from __future__ import annotations

import re

from parley.extract.text import Sentence
from parley.model import Span

_SIDELINES = re.compile(
    r"\b(?:on|at|in)\s+the\s+(?:sidelines|margins?|margin|side-lines)\s+of\s+(?:the\s+|a\s+|an\s+)?",
    re.IGNORECASE,
)
_CUE = re.compile(
    r"\b(?:during|at|for|ahead\s+of|before|after)\s+(?:the\s+|a\s+|an\s+)?(?=[^,.;]{0,60}?"
    r"\b(?:summit|session|meeting|meetings|forum|conference|assembly|dialogue|commission|council|"
    r"congress|games|cup|talks\s+on)\b)",
    re.IGNORECASE,
)
_LEAD = re.compile(
    r"^(?:ongoing|current|annual|recent|upcoming|two-day|three-day)\s+", re.IGNORECASE
)
_END = re.compile(
    r"\s+(?:in|at|on|with|where|which|that|being|held|hosted|to|amid|and\s+(?:both|the|discussed|held))\b"
    r"|\s+(?:last|this|next)\s+\w+|\s*[,.;]|\s*\((?![A-Z0-9-]{2,10}\))|\s+(?:[A-Z][a-z]+day)\b"
)
_HEAD = re.compile(
    r"\b(?:summit|session|meeting|meetings|forum|conference|assembly|dialogue|"
    r"commission|council|congress|games|cup|cooperation|talks)\b",
    re.IGNORECASE,
)


def find_occasion(sent: Sentence, lo: int, hi: int) -> tuple[str, Span] | None:
    """The gathering named in ``sent.text[lo:hi]``, with its span in the original text."""
    scope = sent.text[lo:hi]
    matches = list(_SIDELINES.finditer(scope)) or list(_CUE.finditer(scope))
    for m in matches:
        start = m.end()
        rest = scope[start:]
        rest = _LEAD.sub("", rest)
        skipped = len(scope[start:]) - len(rest)
        cut = _extend_of_phrases(rest)
        phrase = rest[:cut].strip()
        if not phrase or not _HEAD.search(phrase) or len(phrase) < 5:
            continue
        s = sent.start + lo + start + skipped
        return phrase, Span(s, s + len(phrase), phrase)
    return None


def _extend_of_phrases(rest: str) -> int:
    """Keep "of the UN General Assembly" and "on East Asia cooperation" attached."""
    m = _END.search(rest)
    end = m.start() if m else len(rest)
    while True:
        tail = re.match(
            r"\s+(?:of|on)\s+(?:the\s+)?[^,.;]*?(?=\s+(?:in|at|with|where|which|that|on)\b|[,.;(]|$)",
            rest[end:],
        )
        if not tail or not tail.group(0).strip():
            return end
        nxt = tail.group(0)
        if len(nxt) > 70:
            return end
        end += len(nxt)
