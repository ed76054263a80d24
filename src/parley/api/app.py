"""`parley serve`: the store over HTTP for programs (/api/v1) and people (the dashboard).

Safe by default: every connection to the database is read-only, every query is
parameterized (the filters are :class:`~parley.store.query.EventFilter` fields), pages
are Jinja2 templates with autoescaping (article text can hold markup and script), the
server binds to 127.0.0.1 unless told otherwise, and the one endpoint that writes
(`POST /api/v1/documents`, ingesting uploaded articles) exists only when the server is
started with a token, which every upload must then present.
"""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import re
import sqlite3
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, MutableMapping
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path
from typing import Annotated, Any

import orjson
from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from parley import __version__
from parley.api.serving import Pool, Stamp, Totals, data_stamp, etag_matches
from parley.filters import Filter, api_filters, with_parameters
from parley.store import Store, StoreError, query

API = "/api/v1"
MAX_UPLOAD_BYTES = 5_000_000
_DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
# A NUL or another control character in a filter is never a word or a name (a NUL ended
# the full-text query inside SQLite, whose message came back to the client)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("parley.api").joinpath(name)))


def _api_query(f: Filter) -> Any:
    """A filter as the API takes it (parley/filters.py declares them all)."""
    if f.kind == "flag":
        return Annotated[bool | None, Query(description=f.api_help)]
    if f.kind == "date":
        return Annotated[str | None, Query(pattern=_DATE, description=f.api_help)]
    if f.kind == "choice":
        choices = "|".join(f.choices)
        return Annotated[str | None, Query(pattern=f"^({choices})$", description=f.api_help)]
    return Annotated[str | None, Query(max_length=f.max_length, description=f.api_help)]


async def _event_filter(filters: dict[str, Any] | None = None) -> query.EventFilter:
    """The query parameters of every event list, named as `parley events`' options.

    A coroutine although it never awaits: FastAPI runs a plain function (or a class)
    dependency in its thread pool, a hop that costs more than this check."""
    given = filters or {}
    for f in api_filters():
        value = given.get(f.name)
        if f.kind == "text" and value is not None and _CONTROL.search(value):
            raise HTTPException(
                status_code=400, detail=f"{f.name}: control characters are not allowed"
            )
    return query.EventFilter(**given)


event_filter = with_parameters(_event_filter, api_filters(), _api_query)


async def connection(request: Request) -> AsyncIterator[sqlite3.Connection]:
    """A read-only connection from the app's pool for one request (a coroutine, so that
    taking and giving it back needs no trip through the thread pool)."""
    with _pooled(request.app.state.pool) as con:
        yield con


Con = Annotated[sqlite3.Connection, Depends(connection)]
Flt = Annotated[query.EventFilter, Depends(event_filter)]


#: Sent with every response. The pages load scripts only from the server's own files (no
#: inline script, no other origin), so text that reaches a page can never run; nothing
#: may frame them (clickjacking); a browser must not guess a type other than the one sent.
#: Styles may be inline: Leaflet, d3 and Swagger UI set them on elements.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self'; "
    "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
    "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "no-referrer",
}
_LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})


@dataclass(frozen=True)
class Hosts:
    """The Host headers the server answers: what a browser sends when it reached this server
    by a name the operator chose. A page on another site that makes its own name resolve to
    127.0.0.1 (DNS rebinding) sends its own name and is refused; an address literal cannot
    be rebound, so on a wildcard bind any address is accepted."""

    names: frozenset[str]
    any_address: bool = False

    @classmethod
    def bound(cls, host: str, allowed: list[str] | tuple[str, ...] = ()) -> Hosts:
        """The hosts of a server bound to ``host``, plus the names in ``allowed``."""
        bind = _host_name(host)
        names = {bind, *(_host_name(a) for a in allowed)}
        address = _address(bind)
        if bind == "localhost" or (address is not None and address.is_loopback):
            names |= _LOOPBACK_NAMES
        wildcard = bind == "" or (address is not None and address.is_unspecified)
        return cls(frozenset(n for n in names if n), wildcard)

    def allows(self, header: str | None) -> bool:
        name = _host_name(header or "")
        if not name:
            return False
        return name in self.names or (self.any_address and _address(name) is not None)


def _host_name(value: str) -> str:
    """``value`` (a Host header or an address) without its port, brackets and final dot,
    in lower case: ``[::1]:8000`` -> ``::1``, ``Example.org.:80`` -> ``example.org``."""
    value = value.strip().lower()
    if value.startswith("["):
        value = value[1:].partition("]")[0]
    elif value.count(":") == 1:
        value = value.partition(":")[0]
    return value.rstrip(".")


def _address(name: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(name)
    except ValueError:
        return None


Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]


class Guard:
    """ASGI middleware: every response gets :data:`SECURITY_HEADERS`, and a request whose
    Host is not among ``hosts`` (when given) is answered 400 before the app sees it."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]], hosts: Hosts | None):
        self.app = app
        self.hosts = hosts
        self.headers = [(k.encode(), v.encode()) for k, v in SECURITY_HEADERS.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = [
                    *message.get("headers", []),
                    *((k, v) for k, v in self.headers if k not in given),
                ]
            await send(message)

        if self.hosts is not None:
            host = dict(scope.get("headers", [])).get(b"host", b"").decode("latin-1")
            if not self.hosts.allows(host):
                response = JSONResponse(
                    status_code=400,
                    content={"detail": "this server does not answer to that Host header"},
                )
                await response(scope, receive, with_headers)
                return
        await self.app(scope, receive, with_headers)


_JSON = "application/json"
#: what a cached response may also be (documented in the OpenAPI spec)
_CACHED: dict[int | str, dict[str, Any]] = {
    304: {"description": "Not modified: If-None-Match named the current ETag"},
}


def _etag(stamp: Stamp, request: Request) -> str:
    """The tag of one URL's response over one state of the data (and one parley version:
    an upgrade may change the shape). Known before the response is built."""
    url = f"{__version__} {request.url.path}?{request.url.query}".encode()
    return f'W/"{stamp.tag}-{hashlib.blake2b(url, digest_size=8).hexdigest()}"'


def _fresh(response: Response, etag: str, stamp: Stamp) -> Response:
    """``response`` with its validators; ``no-cache``: a client may keep it but must ask
    again (and then gets a 304 while the data is unchanged)."""
    response.headers["etag"] = etag
    response.headers["last-modified"] = stamp.last_modified
    response.headers["cache-control"] = "no-cache"
    return response


def _not_modified(etag: str, stamp: Stamp) -> Response:
    return _fresh(Response(status_code=304), etag, stamp)


@contextmanager
def _pooled(pool: Pool) -> Iterator[sqlite3.Connection]:
    try:
        con = pool.take()
    except StoreError as e:
        raise HTTPException(status_code=503, detail=str(e)) from None
    try:
        yield con
    finally:
        pool.give(con)


def _read_event(pool: Pool, event_id: str) -> tuple[dict[str, Any], list[sqlite3.Row]]:
    with _pooled(pool) as con:
        try:
            return query.event_in_context(con, event_id)
        except KeyError:
            raise HTTPException(status_code=404, detail=f"no event {event_id}") from None


def _filter_key(flt: query.EventFilter) -> tuple[Any, ...]:
    """What the matches of ``flt`` depend on: every field but the page."""
    return tuple(getattr(flt, f.name) for f in fields(flt) if f.name not in ("limit", "offset"))


def create_app(
    db_path: str | Path, token: str | None = None, hosts: Hosts | None = None
) -> FastAPI:
    """The application over one database file; with ``hosts``, only requests naming one of
    them in their Host header are answered (``parley serve`` always gives them)."""
    db = str(db_path)
    pool = Pool(db)
    totals = Totals()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        pool.close()

    app = FastAPI(
        lifespan=lifespan,
        title="parley",
        version="1",
        description="Diplomatic engagements merged across news reports, with their evidence "
        "and what each side said. Read-only unless started with a token.",
        docs_url=None,
        redoc_url=None,
    )
    templates = Jinja2Templates(directory=str(_package_dir("templates")))
    static = _package_dir("static")
    static.mkdir(parents=True, exist_ok=True)
    app.mount("/static", StaticFiles(directory=str(static)), name="static")

    app.state.db = db
    app.state.pool = pool
    app.add_middleware(Guard, hosts=hosts)

    @app.exception_handler(sqlite3.OperationalError)
    async def _bad_query(request: Request, exc: sqlite3.OperationalError) -> Any:
        from fastapi.responses import JSONResponse

        return JSONResponse(status_code=400, content={"detail": f"query not understood: {exc}"})

    @app.get(f"{API}/events", tags=["events"], responses=_CACHED)
    async def list_events(
        request: Request,
        f: Flt,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
        sort: Annotated[str, Query(pattern="^-?date$")] = "date",
    ) -> Response:
        """Merged events, filtered and paged; each item carries its `id`."""
        # a coroutine that blocks: the work is a few ms of CPU (SQLite, then Python), and
        # run on the event loop it needs no hop to a thread; threads only fought over the
        # GIL (+45 % CPU per page at 32 connections in a trial). Cores come from --workers.
        stamp = data_stamp(db)
        etag = _etag(stamp, request)
        if etag_matches(request.headers.get("if-none-match"), etag):
            return _not_modified(etag, stamp)
        f.limit, f.offset = limit, offset
        with _pooled(pool) as con:
            ids = query.event_ids(con, f, newest_first=sort == "-date")
            total = totals.get(stamp.tag, _filter_key(f), lambda: query.count_events(con, f))
            items = query.items_json(con, ids)
        # the stored items are orjson's own output: joined as they are, the page is the
        # bytes orjson.dumps would make of the parsed page, without parsing anything
        head = f'{{"total":{total},"limit":{limit},"offset":{offset},"items":['
        body = (head + ",".join(items) + "]}").encode()
        return _fresh(Response(body, media_type=_JSON), etag, stamp)

    @app.get(f"{API}/events/{{event_id}}", tags=["events"], responses=_CACHED)
    async def get_event(event_id: str, request: Request) -> Response:
        """One event with every source, the evidence in context, and the statements."""
        stamp = data_stamp(db)
        etag = _etag(stamp, request)
        if etag_matches(request.headers.get("if-none-match"), etag):
            return _not_modified(etag, stamp)
        ev, _ = _read_event(pool, event_id)
        return _fresh(Response(orjson.dumps(ev), media_type=_JSON), etag, stamp)

    @app.get(f"{API}/export/events", tags=["events"])
    def export_events(
        con: Con,
        f: Flt,
        format: Annotated[str, Query(pattern="^(csv|json|parquet)$")] = "csv",
    ) -> Response:
        """Every filtered event (no paging) as a CSV, JSON or Parquet file to download."""
        from parley.api.downloads import events_file

        body, media, name = events_file(con, f, format)
        disposition = f'attachment; filename="{name}"'
        return Response(body, media_type=media, headers={"Content-Disposition": disposition})

    @app.get(f"{API}/timeline", tags=["aggregates"])
    def get_timeline(con: Con, f: Flt) -> dict[str, Any]:
        """Engagements per month."""
        return {"by_month": query.timeline(con, f)}

    @app.get(f"{API}/map", tags=["aggregates"])
    def get_map(con: Con, f: Flt) -> dict[str, Any]:
        """Where the engagements took place, with coordinates."""
        return {"places": query.places(con, f)}

    @app.get(f"{API}/network", tags=["aggregates"])
    def get_network(con: Con, f: Flt) -> dict[str, Any]:
        """Who meets whom: participants as nodes, engagements together as edge weights."""
        return query.network(con, f)

    @app.get(f"{API}/actors", tags=["actors"])
    def get_actors(con: Con) -> list[dict[str, Any]]:
        """Everyone who took part in a stored engagement, busiest first."""
        return query.actors(con)

    @app.get(f"{API}/statements", tags=["statements"])
    def get_statements(
        con: Con,
        speaker: Annotated[str | None, Query(max_length=200)] = None,
        topic: Annotated[str | None, Query(max_length=100)] = None,
        stance: Annotated[str | None, Query(max_length=20)] = None,
        target: Annotated[str | None, Query(max_length=200)] = None,
        since: Annotated[str | None, Query(pattern=_DATE)] = None,
        until: Annotated[str | None, Query(pattern=_DATE)] = None,
        event: Annotated[str | None, Query(max_length=100)] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        """What each side said, filtered and paged."""
        flt = query.StatementFilter(
            speaker=speaker,
            topic=topic,
            stance=stance,
            target=target,
            since=since,
            until=until,
            event=event,
            limit=limit,
            offset=offset,
        )
        return {"limit": limit, "offset": offset, "items": query.statements(con, flt)}

    @app.get(f"{API}/stats", tags=["aggregates"])
    def get_stats(con: Con) -> dict[str, Any]:
        """Engagements by month and by pair of countries, and the store's totals."""
        return query.stats(con)

    @app.get(f"{API}/trends", tags=["aggregates"])
    def get_trends(con: Con, f: Flt) -> dict[str, Any]:
        """Statement topics by month and by pair of countries, of the statements made at
        the filtered events (every statement without a filter)."""
        return query.trends(con, f)

    @app.get(f"{API}/topics", tags=["actors"])
    def get_topics() -> list[dict[str, str]]:
        """The topic taxonomy (ids, labels, groups)."""
        from parley.extract.topics import taxonomy

        return [{"id": t.id, "label": t.label, "group": t.group} for t in taxonomy()]

    if token:
        _add_upload(app, db, token)

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs(request: Request) -> Any:
        # FastAPI's own page starts Swagger UI with an inline script, which the policy
        # forbids: this one loads it from static/swagger-init.js
        return templates.TemplateResponse(request, "docs.html", {"openapi_url": "/openapi.json"})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def dashboard(request: Request) -> Any:
        return templates.TemplateResponse(request, "index.html", {"api": API})

    @app.get("/events/{event_id}", response_class=HTMLResponse, include_in_schema=False)
    async def event_page(event_id: str, request: Request) -> Response:
        stamp = data_stamp(db)
        etag = _etag(stamp, request)
        if etag_matches(request.headers.get("if-none-match"), etag):
            return _not_modified(etag, stamp)
        ev, rows = _read_event(pool, event_id)
        page = templates.TemplateResponse(
            request, "event.html", {"event": ev, "sources": source_views(rows), "api": API}
        )
        return _fresh(page, etag, stamp)

    return app


def app_from_env() -> FastAPI:
    """The app for uvicorn's worker processes (`parley serve --workers N`), which import
    it by name: the database and token travel in the environment."""
    import os

    hosts = json.loads(os.environ.get("PARLEY_SERVE_HOSTS") or "null")
    return create_app(
        os.environ["PARLEY_SERVE_DB"],
        os.environ.get("PARLEY_SERVE_TOKEN") or None,
        Hosts(frozenset(hosts["names"]), hosts["any_address"]) if hosts else None,
    )


def source_views(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    """Each source of an event (its rows from :func:`~parley.store.query.source_rows`) as
    its clean text cut into segments, the evidence marked, with its URL; evidence the
    clean text does not hold (a title line) is listed apart.

    The template prints every segment escaped and wraps marked ones in <mark>: the
    article's own markup can never become markup of the page.
    """
    from parley.api.downloads import clean_spans, group_sources

    out = []
    for view in group_sources(rows):
        text, original = view.pop("text"), view.pop("original")
        placed, apart = clean_spans(text, original, view.pop("spans"))
        view["segments"] = segments(text, placed)
        view["apart"] = apart
        out.append(view)
    return out


def segments(text: str, spans: list[tuple[int, int]]) -> list[dict[str, Any]]:
    """``text`` cut at the (merged, clipped) spans: [{"text", "mark"}], in order."""
    merged: list[list[int]] = []
    clipped = ((max(0, s), min(len(text), e)) for s, e in spans)
    for s, e in sorted((s, e) for s, e in clipped if e > s):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    out: list[dict[str, Any]] = []
    pos = 0
    for s, e in merged:
        if s > pos:
            out.append({"text": text[pos:s], "mark": False})
        out.append({"text": text[s:e], "mark": True})
        pos = e
    if pos < len(text):
        out.append({"text": text[pos:], "mark": False})
    return out


def _add_upload(app: FastAPI, db: str, token: str) -> None:
    """POST /api/v1/documents: ingest one uploaded article (only with --token)."""

    expected = token.encode("utf-8")

    def authorized(authorization: Annotated[str | None, Header()] = None) -> None:
        scheme, _, given = (authorization or "").strip().partition(" ")
        # the scheme is case-insensitive (RFC 9110) but must be there; the token must be
        # exact (header values arrive decoded as Latin-1: back to the bytes sent)
        ok = scheme.lower() == "bearer" and hmac.compare_digest(
            given.strip().encode("latin-1", "replace"), expected
        )
        if not ok:
            raise HTTPException(
                status_code=401,
                detail="a valid bearer token is required (Authorization: Bearer TOKEN)",
                headers={"WWW-Authenticate": "Bearer"},
            )

    @app.post(f"{API}/documents", tags=["upload"], dependencies=[Depends(authorized)])
    async def upload(
        request: Request, name: Annotated[str, Query(min_length=1, max_length=300)]
    ) -> dict[str, Any]:
        """Ingest the request body (a plain-text, HTML or JSON article) as document NAME."""
        from starlette.concurrency import run_in_threadpool

        body = await read_body(request, MAX_UPLOAD_BYTES)
        return await run_in_threadpool(_ingest_bytes, db, name, body)


_TOO_LARGE = f"document larger than {MAX_UPLOAD_BYTES // 1_000_000} MB"


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 as soon as it exceeds ``limit`` bytes: a declared
    Content-Length over the limit is refused before reading, and a body streamed without
    one is never held beyond the limit."""
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            if int(declared) > limit:
                raise HTTPException(status_code=413, detail=_TOO_LARGE)
        except ValueError:
            raise HTTPException(status_code=400, detail="invalid Content-Length") from None
    chunks: list[bytes] = []
    size = 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise HTTPException(status_code=413, detail=_TOO_LARGE)
        chunks.append(chunk)
    return b"".join(chunks)


def _ingest_bytes(db: str, name: str, body: bytes) -> dict[str, Any]:
    from parley.read import documents_of
    from parley.read.formats import ReadFailure
    from parley.store.ingest import ingest

    docs = []
    failures: list[ReadFailure] = []
    for got in documents_of(name, body):
        if isinstance(got, ReadFailure):
            failures.append(got)
        else:
            docs.append(got)
    if not docs:
        first = failures[0] if failures else ReadFailure(name, "no document")
        raise HTTPException(status_code=422, detail=f"{first.source}: {first.reason}")
    try:
        with Store(db) as store:
            summary = ingest(store, docs, on_error=failures.append)
    except StoreError as e:
        raise HTTPException(status_code=503, detail=str(e)) from None
    return {
        "documents": summary.read,
        "new": summary.new,
        "events_after": summary.events_after,
        "failed": [f"{f.source}: {f.reason}" for f in failures],
    }
