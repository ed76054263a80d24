"""The event filters, declared once (a top-level module: the CLI imports it at start-up, and
the store package would bring numpy with it): `parley events`' options and the API's query
parameters are both made from :data:`EVENT_FILTERS` (:func:`with_parameters`), so a new
filter is one entry here plus its condition in :class:`parley.store.query.EventFilter`.

Two surfaces read the same filter a little differently, and the entry says how: the
command line takes names and words ("China", "last week") and resolves them
(:func:`parley.store.values.event_filter`); the API takes the codes and dates the
resolved form has, bounded in length so that a request cannot carry a megabyte of
"actor".
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal

FilterKind = Literal["text", "date", "dates", "choice", "flag"]


@dataclass(frozen=True)
class Filter:
    """One filter. ``cli_help``/``api_help`` say what each surface accepts; ``max_length``
    bounds the API's value; ``repeat`` lets the command line give it several times."""

    name: str
    kind: FilterKind
    cli_help: str
    api_help: str
    max_length: int = 200
    choices: tuple[str, ...] = ()
    cli: bool = True
    api: bool = True
    repeat: bool = False
    flag: str | None = None  # the command line's on/off pair, e.g. "--primary/--any"


EVENT_FILTERS: tuple[Filter, ...] = (
    Filter(
        "actor",
        "text",
        "A participant: name, KB key or Wikidata id.",
        "Participant: name, KB key or Wikidata id",
    ),
    Filter(
        "country",
        "text",
        "A participant's state: code (CHN), name (China) or adjective. Repeat it for "
        "events where every one of them took part (--country CHN --country USA).",
        "A participant's state (ISO alpha-3)",
        max_length=8,
        repeat=True,
    ),
    Filter(
        "country2",
        "text",
        "",
        "With country: the other state of a pair",
        max_length=8,
        cli=False,
    ),
    Filter(
        "between",
        "dates",
        "Two dates A B: events from A to B inclusive.",
        "",
        api=False,
    ),
    Filter(
        "since",
        "date",
        "On or after: YYYY-MM-DD, YYYY-MM, YYYY, or 'yesterday', 'last week'…",
        "From this date (YYYY[-MM[-DD]])",
    ),
    Filter("until", "date", "On or before (same forms as --since).", "Up to this date"),
    Filter("kind", "choice", "meeting or call.", "meeting or call", choices=("meeting", "call")),
    Filter(
        "status",
        "choice",
        "occurred or planned.",
        "occurred or planned",
        choices=("occurred", "planned"),
    ),
    Filter(
        "place",
        "text",
        "City name or country code of the venue.",
        "City, or country code of the venue",
    ),
    Filter(
        "search",
        "text",
        "Words that must occur in the evidence.",
        "Words that must occur in the evidence",
        max_length=500,
    ),
    Filter(
        "topic",
        "text",
        "A topic id (kb/data/topics.toml).",
        "Topic id",
        max_length=100,
    ),
    Filter(
        "primary",
        "flag",
        "Only main subjects of their reports, or every event.",
        "Only main subjects of their reports",
        flag="--primary/--any",
    ),
)


def cli_filters() -> tuple[Filter, ...]:
    return tuple(f for f in EVENT_FILTERS if f.cli)


def api_filters() -> tuple[Filter, ...]:
    return tuple(f for f in EVENT_FILTERS if f.api)


def with_parameters(
    fn: Callable[..., Any], filters: tuple[Filter, ...], annotation: Callable[[Filter], Any]
) -> Callable[..., Any]:
    """``fn`` with one keyword parameter per filter added to its signature (annotated by
    ``annotation``, default None), as Typer and FastAPI read signatures; the filters'
    values reach ``fn`` in one dict, ``filters``. ``fn``'s own parameters keep their
    order, the filters come after them."""
    from typing import get_type_hints

    own = [p for p in inspect.signature(fn).parameters.values() if p.name != "filters"]
    hints = get_type_hints(fn, include_extras=True)
    own = [p.replace(annotation=hints.get(p.name, p.annotation)) for p in own]
    added = [
        inspect.Parameter(f.name, inspect.Parameter.KEYWORD_ONLY, default=None, annotation=a)
        for f in filters
        for a in [annotation(f)]
    ]
    names = {f.name for f in filters}

    if inspect.iscoroutinefunction(fn):

        @functools.wraps(fn)
        async def wrapper_async(**kw: Any) -> Any:
            chosen = {k: kw.pop(k) for k in list(kw) if k in names}
            return await fn(**kw, filters=chosen)

        wrapper: Callable[..., Any] = wrapper_async
    else:

        @functools.wraps(fn)
        def wrapper_sync(**kw: Any) -> Any:
            chosen = {k: kw.pop(k) for k in list(kw) if k in names}
            return fn(**kw, filters=chosen)

        wrapper = wrapper_sync
    params = [p.replace(kind=inspect.Parameter.KEYWORD_ONLY) for p in own] + added
    wrapper.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
        params, return_annotation=hints.get("return", inspect.Signature.empty)
    )
    wrapper.__annotations__ = {
        **{p.name: p.annotation for p in params},
        **({"return": hints["return"]} if "return" in hints else {}),
    }
    del wrapper.__wrapped__  # type: ignore[attr-defined]  # the signature is the new one
    return wrapper
