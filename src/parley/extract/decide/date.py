"""`date` and `date_precision`: when the engagement took place (or is to).

The options are every date written in the engagement's tellings and in the sentences
that go on about it, the dateline's date, the story's own day, and "no date"; the
learned ``date`` decision weighs each by where it is written (inside the telling's
clause, in a closing "..., the ministry said", after "since"), how it is written
(explicit, a weekday, "yesterday"), how it stands to the story's day, and how many
tellings give it. The best-weighed option wins.
"""

from __future__ import annotations

from parley.extract.assemble import DocFacts, Engagement
from parley.extract.decide._choose import choose
from parley.extract.learned import Model
from parley.model import Event


def decide_date(ev: Event, eng: Engagement, model: Model, facts: DocFacts) -> None:
    best, why = choose(eng.dates, model["date"])
    ev.explanation["date"] = why
    if best is None or best.value is None:
        return
    ev.date, precision = best.value
    ev.date_precision = precision  # type: ignore[assignment]
    if best.spans:
        ev.field_evidence["date"] = best.spans[0]
