"""The store's commands: ingest, events, show, actors, stats, export.

Kept apart from :mod:`parley.cli` so that each file stays about one thing; they register
on the same Typer app.
"""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from parley.cli import (
    ModelOption,
    Paths,
    _check_date,
    _documents,
    _Failures,
    _out,
    app,
    err,
    load_model_option,
)

DbOption = Annotated[
    str | None,
    typer.Option("--db", help="Database file (default: $PARLEY_DB or ./parley.db)."),
]


def db_path(db: str | None) -> str:
    return db or os.environ.get("PARLEY_DB") or "parley.db"


def _open(db: str | None, readonly: bool) -> Any:
    from parley.store import Store, StoreError

    try:
        return Store(db_path(db), readonly=readonly)
    except StoreError as e:
        err.print(f"parley: {e}", markup=False)
        raise typer.Exit(1) from None


def _read(db: str | None, fn: Any) -> Any:
    """Run a query on the database opened read-only; a bad file is one line on stderr."""
    store = _open(db, readonly=True)
    try:
        return fn(store.con)
    finally:
        store.close()


def _table(title: str, columns: tuple[str, ...], rows: list[dict[str, Any]]) -> Table:
    t = Table(title=title)
    for col in columns:
        t.add_column(col)
    for r in rows:
        t.add_row(*(str(r[c] if r[c] is not None else "") for c in columns))
    return t


@app.command()
def ingest(
    paths: Paths,
    db: DbOption = None,
    published: Annotated[
        str | None, typer.Option("--published", help="Publication date for documents stating none.")
    ] = None,
    batch_size: Annotated[
        int, typer.Option("--batch-size", help="Documents per transaction.")
    ] = 200,
    engine: Annotated[
        str, typer.Option(help="local (stream in this process) or dask (a Dask cluster).")
    ] = "local",
    scheduler: Annotated[
        str | None,
        typer.Option(help="Dask scheduler address (tcp://HOST:PORT); default: a LocalCluster."),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, help="LocalCluster workers (dask).")] = 2,
    out: Annotated[
        str | None,
        typer.Option(help="Parquet dataset folder the dask engine writes (default: DB.parquet)."),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Read, extract and store documents, merging reports of the same engagement."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

    from parley.extract import extract_document
    from parley.store import StoreError
    from parley.store.ingest import ingest as run

    if published is not None:
        _check_date(published)
    if engine not in ("local", "dask"):
        raise typer.BadParameter("--engine must be local or dask")
    learned = load_model_option(model)
    if engine == "dask":
        _ingest_dask(paths, db, published, scheduler, workers, out, learned)
        return
    failures = _Failures()
    store = _open(db, readonly=False)
    progress = Progress(
        TextColumn("ingesting"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        console=err,
        disable=not sys.stderr.isatty(),
        transient=True,
    )
    try:
        with progress:
            task = progress.add_task("ingest", total=None)
            summary = run(
                store,
                _documents(paths, failures),
                published,
                batch_size,
                on_batch=lambda n: progress.advance(task, n),
                extractor=lambda doc, day: extract_document(doc, day, learned),
            )
    except StoreError as e:
        err.print(f"parley: {e}", markup=False)
        raise typer.Exit(1) from None
    finally:
        store.close()
    summary.failed = failures.count
    parts = ", ".join(f"{k} {v}" for k, v in summary.as_dict().items())
    err.print(f"parley: ingest into {db_path(db)}: {parts}", markup=False, soft_wrap=True)
    raise typer.Exit(1 if failures.count else 0)


def _ingest_dask(
    paths: list[str],
    db: str | None,
    published: str | None,
    scheduler: str | None,
    workers: int,
    out: str | None,
    learned: Any = None,
) -> None:
    from parley.scale.dask_ingest import run

    if "-" in paths:
        raise typer.BadParameter("standard input cannot be cut into shards: use --engine local")
    dataset = out or db_path(db) + ".parquet"

    def stage(name: str) -> None:
        if sys.stderr.isatty():
            err.print(f"parley: dask: {name}…", markup=False)

    try:
        result = run(
            paths,
            dataset,
            scheduler=scheduler,
            workers=workers,
            published=published,
            progress=stage,
            model=learned.to_json() if learned is not None else None,
        )
    except Exception as e:  # a cluster or storage problem: one line, never a traceback
        err.print(f"parley: ingest --engine dask: {_reason(e)}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    for line in result.failures:
        err.print(f"parley: {line}", markup=False, soft_wrap=True)
    seconds = ", ".join(f"{k} {v:.0f} s" for k, v in result.seconds.items())
    err.print(
        f"parley: dask ({len(result.shards)} shards) wrote {dataset}: "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in result.totals.items())
        + f" ({seconds})",
        markup=False,
        soft_wrap=True,
    )
    _load(dataset, db)
    raise typer.Exit(1 if result.failures else 0)


def _reason(e: Exception) -> str:
    from parley.scale.dataset import DatasetError
    from parley.store import StoreError

    if isinstance(e, DatasetError | StoreError):
        return str(e)
    return f"{type(e).__name__}: {str(e)[:200]}"


def _load(dataset: str, db: str | None) -> None:
    """Load a dataset into the store; a bad dataset or store is one line and exit 1."""
    from parley.scale.dataset import DatasetError
    from parley.scale.load import load
    from parley.store import StoreError

    try:
        counts = load(dataset, db_path(db))
    except (DatasetError, StoreError) as e:  # these name the dataset or the file already
        err.print(f"parley: {e}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    except Exception as e:  # a missing fsspec driver, a permission: one line, no traceback
        err.print(f"parley: {dataset}: {_reason(e)}", markup=False, soft_wrap=True)
        raise typer.Exit(1) from None
    err.print(
        f"parley: load {dataset} into {db_path(db)}: "
        + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in counts.items()),
        markup=False,
        soft_wrap=True,
    )


@app.command("load")
def load_(
    dataset: Annotated[
        str, typer.Argument(help="Parquet dataset written by ingest --engine dask.")
    ],
    db: DbOption = None,
) -> None:
    """Load a dataset into the database: as it is into an empty one (nothing merged again),
    through the store's merge path into one that already holds documents."""
    _load(dataset, db)


def _filters(**kw: Any) -> Any:
    from parley.store import EventFilter

    between = kw.pop("between")
    if between:
        kw["since"], kw["until"] = between
    for key in ("since", "until"):
        if kw.get(key):
            _check_date(
                kw[key][:10] if len(kw[key]) >= 10 else kw[key] + "-01"[: 10 - len(kw[key])]
            )
    return EventFilter(**kw)


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[
        str | None, typer.Option(help="A participant: name, KB key or Wikidata id.")
    ] = None,
    country: Annotated[
        str | None, typer.Option(help="A participant's state (ISO alpha-3).")
    ] = None,
    between: Annotated[
        tuple[str, str] | None, typer.Option(help="Two dates A B: events from A to B inclusive.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Events on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Events on or before this date.")] = None,
    kind: Annotated[str | None, typer.Option(help="meeting or call.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred or planned.")] = None,
    place: Annotated[
        str | None, typer.Option(help="City name or country code of the venue.")
    ] = None,
    search: Annotated[
        str | None, typer.Option(help="Words that must occur in the evidence.")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="A topic id (kb/data/topics.toml).")] = None,
    primary: Annotated[
        bool | None, typer.Option("--primary/--any", help="Only main subjects.")
    ] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="jsonl, csv or table.")
    ] = None,
) -> None:
    """Print merged events, filtered."""
    from parley.store import query

    fmt = format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt not in {"jsonl", "csv", "table"}:
        raise typer.BadParameter("--format must be jsonl, csv or table")
    flt = _filters(
        actor=actor,
        country=country,
        between=between,
        since=since,
        until=until,
        kind=kind,
        status=status,
        place=place,
        search=search,
        topic=topic,
        primary=primary,
    )
    rows = _read(db, lambda con: query.events(con, flt))
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _write_csv(sys.stdout, [flat_event(r) for r in rows])
    else:
        _out().print(_events_table(rows))


def flat_event(r: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a flat CAMEO/GDELT-style row."""
    loc = r["location"] or {}
    people = r["participants"]
    return {
        "event_id": r["id"],
        "date": r["date"],
        "date_precision": r["date_precision"],
        "kind": r["kind"],
        "status": r["status"],
        "primary": int(r["primary"]),
        "actor1_name": people[0]["name"] if people else None,
        "actor1_country": (people[0]["country"] if people else None)
        or (r["countries"][:1] or [None])[0],
        "actor2_name": people[1]["name"] if len(people) > 1 else None,
        "actor2_country": (people[1]["country"] if len(people) > 1 else None)
        or (r["countries"][1] if len(r["countries"]) > 1 else None),
        "other_participants": "; ".join(p["name"] for p in people[2:]),
        "cameo_code": r["cameo"],
        "plover_type": r["plover"]["type"],
        "plover_mode": r["plover"]["mode"],
        "city": loc.get("city"),
        "admin1": loc.get("admin1"),
        "country": loc.get("country"),
        "lat": loc.get("lat"),
        "lon": loc.get("lon"),
        "geonames_id": loc.get("geonames_id"),
        "occasion": r["occasion"],
        "n_sources": r["n_sources"],
        "n_outlets": r["n_outlets"],
        "confidence": r["confidence"],
    }


def _write_csv(fh: Any, rows: list[dict[str, Any]]) -> None:
    if not rows:
        return
    w = csv.DictWriter(fh, fieldnames=list(rows[0]))
    w.writeheader()
    w.writerows(rows)


def _events_table(rows: list[dict[str, Any]]) -> Table:
    t = Table(title=f"{len(rows)} engagements")
    for col in ("id", "date", "kind", "participants", "place", "occasion", "sources"):
        t.add_column(col)
    for r in rows:
        loc = r["location"] or {}
        t.add_row(
            r["id"],
            r["date"] or "",
            r["kind"] + ("" if r["status"] == "occurred" else f" ({r['status']})"),
            "; ".join(f"{p['name']} ({p['country']})" for p in r["participants"])
            or ", ".join(r["countries"]),
            ", ".join(x for x in (loc.get("city"), loc.get("country")) if x),
            r["occasion"] or "",
            _sources_cell(r["n_sources"], r["n_outlets"]),
        )
    return t


def _sources_cell(sources: int, outlets: int) -> str:
    """ "2 (2 outlets)"; a report whose outlet is unknown counts as a source only."""
    if not outlets:
        return str(sources)
    return f"{sources} ({outlets} outlet{'s' if outlets != 1 else ''})"


@app.command()
def show(
    event_id: Annotated[str, typer.Argument(help="An event id from `parley events`.")],
    db: DbOption = None,
) -> None:
    """Every field of one event, every source, and the evidence in its context."""
    from parley.store import query

    store = _open(db, readonly=True)
    try:
        ev = query.event(store.con, event_id, with_context=True)
    except KeyError:
        err.print(f"parley: {event_id}: no such event in {db_path(db)}")
        raise typer.Exit(1) from None
    finally:
        store.close()
    if not sys.stdout.isatty():
        sys.stdout.write(json.dumps(ev, ensure_ascii=False, indent=1) + "\n")
        return
    con = _out()
    con.print(_events_table([ev]))
    if ev["disagreements"]:
        con.print(
            "[bold]sources disagree on:[/bold]", json.dumps(ev["disagreements"], ensure_ascii=False)
        )
    for s in ev["sources"]:
        con.print(f"[bold]{s['doc']}[/bold]  {s['outlet'] or ''}  {s['published'] or ''}")
    for e in ev["evidence"]:
        c = e["context"]
        con.print(
            f"  {e['doc']}: "
            f"…{c['before'][-120:]}[reverse]{c['match']}[/reverse]{c['after'][:120]}…",
            markup=True,
            highlight=False,
        )


@app.command()
def actors(
    db: DbOption = None, format: Annotated[str | None, typer.Option("--format", "-f")] = None
) -> None:
    """Everyone who took part in a stored engagement, with their number of engagements."""
    from parley.store import query

    rows = _read(db, lambda con: query.actors(con))
    if (format or ("table" if sys.stdout.isatty() else "jsonl")) == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    columns = ("actor_key", "name", "country", "wikidata_id", "events")
    _out().print(_table(f"{len(rows)} actors", columns, rows))


@app.command()
def stats(db: DbOption = None) -> None:
    """Engagements by month and by pair of countries."""
    from parley.store import query

    s = _read(db, lambda con: query.stats(con))
    if not sys.stdout.isatty():
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    con = _out()
    con.print(
        f"{s['documents']} documents ({s['near_duplicates']} near-duplicates), "
        f"{s['mentions']} mentions, {s['events']} events"
    )
    for title, key, label in (
        ("by month", "by_month", "month"),
        ("by pair of countries", "by_pair", "pair"),
    ):
        con.print(_table(title, (label, "events"), s[key]))


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
    db: DbOption = None,
    format: Annotated[str, typer.Option("--format", "-f", help="csv, jsonl or parquet.")] = "csv",
) -> None:
    """Write events, participants, sources and a flat CAMEO-style table (see "
    "docs/data-dictionary.md)."""
    from parley.store.export import export_all

    if format not in {"csv", "jsonl", "parquet"}:
        raise typer.BadParameter("--format must be csv, jsonl or parquet")
    written = _read(db, lambda con: export_all(con, out, format))
    for path, n in written:
        err.print(f"parley: wrote {n} rows to {path}")


@app.command("statements")
def statements_(
    db: DbOption = None,
    speaker: Annotated[
        str | None, typer.Option(help="A speaker: name, KB key or 'both sides'.")
    ] = None,
    topic: Annotated[str | None, typer.Option(help="A topic id (kb/data/topics.toml).")] = None,
    stance: Annotated[
        str | None, typer.Option(help="support, praise, oppose, accuse, call, ...")
    ] = None,
    target: Annotated[
        str | None, typer.Option(help="The target's code (USA, EU...) or name.")
    ] = None,
    since: Annotated[str | None, typer.Option(help="Made on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Made on or before this date.")] = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="jsonl, csv or table.")
    ] = None,
) -> None:
    """Print what each side said, filtered."""
    from parley.store import query

    fmt = format or ("table" if sys.stdout.isatty() else "jsonl")
    if fmt not in {"jsonl", "csv", "table"}:
        raise typer.BadParameter("--format must be jsonl, csv or table")
    for value in (since, until):
        if value:
            _check_date(value)
    flt = query.StatementFilter(
        speaker=speaker, topic=topic, stance=stance, target=target, since=since, until=until
    )
    rows = _read(db, lambda con: query.statements(con, flt))
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    flat = [
        {
            "date": r["date"],
            "speaker": r["speaker"]["name"],
            "stance": r["stance"],
            "target": (r["target"] or {}).get("country"),
            "topics": ",".join(r["topics"]),
            "mode": r["mode"],
            "text": r["text"],
            "event_id": r["event_id"],
            "doc": r["doc"],
        }
        for r in rows
    ]
    if fmt == "csv":
        _write_csv(sys.stdout, flat)
        return
    columns = ("date", "speaker", "stance", "target", "topics", "text")
    _out().print(_table(f"{len(rows)} statements", columns, flat))


@app.command()
def trends(db: DbOption = None) -> None:
    """Topics of statements by month and by pair of countries."""
    from parley.store import query

    got = _read(db, lambda con: query.trends(con))
    if not sys.stdout.isatty():
        sys.stdout.write(json.dumps(got, ensure_ascii=False) + "\n")
        return
    con = _out()
    for title, key, label in (("by month", "by_month", "month"), ("by pair", "by_pair", "pair")):
        con.print(_table(f"topics {title}", (label, "topic", "statements"), got[key]))


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Interface to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Enable POST /api/v1/documents (upload to ingest), which then requires "
            "'Authorization: Bearer TOKEN'. Without it the server is read-only.",
            envvar="PARLEY_TOKEN",
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
) -> None:
    """Serve the database: HTTP API under /api/v1 (docs at /docs) and the dashboard at /."""
    import uvicorn

    from parley.api import create_app

    path = db_path(db)
    _read(db, lambda con: None)  # a missing or unusable database is one line, before binding
    err.print(
        f"parley: serving {path} on http://{host}:{port}/ "
        + ("(uploads enabled with token)" if token else "(read-only)"),
        markup=False,
    )
    if workers == 1:
        uvicorn.run(create_app(path, token), host=host, port=port, log_level="warning")
        return
    import os

    os.environ["PARLEY_SERVE_DB"] = path
    os.environ["PARLEY_SERVE_TOKEN"] = token or ""
    uvicorn.run(
        "parley.api.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )
