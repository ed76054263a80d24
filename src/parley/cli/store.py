"""The store's commands: ingest, load, events, show, actors, stats, export, statements,
trends, serve. They register on the one app of :mod:`parley.cli.common`."""

from __future__ import annotations

import csv
import json
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from parley.cli.common import (
    Failures,
    ModelOption,
    Paths,
    app,
    check_date,
    err,
    failure_line,
    load_model_option,
    one_line,
    out,
    plain,
)
from parley.filters import Filter, cli_filters, with_parameters

if TYPE_CHECKING:
    from rich.table import Table

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
    from rich.table import Table

    t = Table(title=title)
    for col in columns:
        t.add_column(col)
    for r in rows:
        t.add_row(*(plain(r[c] if r[c] is not None else "") for c in columns))
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
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            min=1,
            help="Processes that read and extract (local; default: every core). This "
            "process stores: the database is the same whatever the number.",
        ),
    ] = None,
    out: Annotated[
        str | None,
        typer.Option(help="Parquet dataset folder the dask engine writes (default: DB.parquet)."),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Read, extract and store documents, merging reports of the same engagement."""
    from concurrent.futures.process import BrokenProcessPool

    from parley.store import StoreError
    from parley.store.ingest import default_jobs, ingest_paths

    if published is not None:
        check_date(published)
    if engine not in ("local", "dask"):
        raise typer.BadParameter("--engine must be local or dask")
    learned = load_model_option(model)
    if engine == "dask":
        _ingest_dask(paths, db, published, scheduler, workers, out, learned)
        return
    failures = Failures()
    store = _open(db, readonly=False)
    # counting the documents costs a walk of the paths: only for a bar that is shown
    from parley.cli.progress import count_documents, document_progress

    total = count_documents(paths) if sys.stderr.isatty() else None
    try:
        with document_progress("ingesting", total) as advance:
            summary = ingest_paths(
                store,
                paths,
                published,
                batch_size,
                jobs=jobs or default_jobs(),
                model=learned,
                on_batch=advance,
                on_error=failures,
            )
    except StoreError as e:
        err.print(f"parley: {e}", markup=False)
        raise typer.Exit(1) from None
    except BrokenProcessPool:  # a worker killed (out of memory, a signal): what was
        # committed stays, and a new run picks up the rest
        err.print("parley: ingest: a worker process died; run ingest again", markup=False)
        raise typer.Exit(1) from None
    finally:
        store.close()
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
        err.print(f"parley: {one_line(line)}", markup=False, soft_wrap=True)
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


def _choose_format(value: str | None, choices: tuple[str, ...], tty_default: str) -> str:
    """The --format asked for, or the default for a terminal / a pipe (JSON Lines); anything
    else is a usage error, not a silent fallback to the table."""
    fmt = value or (tty_default if sys.stdout.isatty() else "jsonl")
    if fmt not in choices:
        raise typer.BadParameter(
            f"{fmt!r} is not one of {', '.join(choices)}", param_hint="'--format'"
        )
    return fmt


def _filters(**kw: Any) -> Any:
    """The events filter from the options, every value checked (store/values.py): a
    country name becomes its code, dates may be words, and a value that cannot match
    is a one-line usage error naming it and the closest valid values."""
    from parley.store.values import FilterValueError, event_filter

    try:
        return event_filter(**kw)
    except FilterValueError as e:
        raise typer.BadParameter(e.reason, param_hint=f"'--{e.option}'") from None


def _cli_option(f: Filter) -> Any:
    """A filter as `parley events` takes it (parley/filters.py declares them all)."""
    if f.kind == "flag":
        return Annotated[bool | None, typer.Option(f.flag, help=f.cli_help)]
    if f.kind == "dates":
        return Annotated[tuple[str, str] | None, typer.Option(help=f.cli_help)]
    if f.repeat:
        return Annotated[list[str] | None, typer.Option(help=f.cli_help)]
    return Annotated[str | None, typer.Option(help=f.cli_help)]


def _events(
    db: DbOption = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="jsonl, csv or table.")
    ] = None,
    filters: dict[str, Any] | None = None,
) -> None:
    """Print merged events, filtered."""
    from parley.store import query
    from parley.store.flat import FLAT_EVENT_COLUMNS, flat_event

    fmt = _choose_format(format, ("jsonl", "csv", "table"), "table")
    flt = _filters(**(filters or {}))
    rows = _read(db, lambda con: query.events(con, flt))
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        _write_csv(sys.stdout, [flat_event(r) for r in rows], FLAT_EVENT_COLUMNS)
    else:
        out().print(_events_table(rows))


events = app.command("events")(with_parameters(_events, cli_filters(), _cli_option))


def _write_csv(fh: Any, rows: list[dict[str, Any]], columns: tuple[str, ...]) -> None:
    """A header and the rows; the header even when nothing matched, so a script reading the
    file finds its columns."""
    w = csv.DictWriter(fh, fieldnames=list(columns))
    w.writeheader()
    w.writerows(rows)


def _events_table(rows: list[dict[str, Any]]) -> Table:
    from rich.table import Table

    from parley.store.values import shown_date

    t = Table(title=f"{len(rows)} engagements")
    # the id is what `parley show` needs: never folded or cut
    # (nor the date: "2024-…" says nothing), however narrow the terminal
    t.add_column("id", no_wrap=True, min_width=max((len(r["id"]) for r in rows), default=0))
    t.add_column("date", no_wrap=True, min_width=10)
    for col in ("kind", "participants", "place", "occasion", "sources"):
        t.add_column(col)
    for r in rows:
        loc = r["location"] or {}
        t.add_row(
            *map(
                plain,
                (
                    r["id"],
                    shown_date(r["date"], r["date_precision"]) or "undated",
                    r["kind"] + ("" if r["status"] == "occurred" else f" ({r['status']})"),
                    "; ".join(f"{p['name']} ({p['country']})" for p in r["participants"])
                    or ", ".join(r["countries"]),
                    ", ".join(x for x in (loc.get("city"), loc.get("country")) if x),
                    r["occasion"] or "",
                    _sources_cell(r["n_sources"], r["n_outlets"]),
                ),
            )
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
        err.print(failure_line(event_id, f"no such event in {db_path(db)}"), markup=False)
        raise typer.Exit(1) from None
    finally:
        store.close()
    if not sys.stdout.isatty():
        sys.stdout.write(json.dumps(ev, ensure_ascii=False, indent=1) + "\n")
        return
    print_event(out(), ev)


def print_event(con: Any, ev: dict[str, Any]) -> None:
    """One event for a terminal. Everything that comes from an article (names, paths,
    evidence) is given to Rich as text, never as markup: "[/b]" in a sentence is printed."""
    from rich.text import Text

    con.print(_events_table([ev]))
    if ev["disagreements"]:
        con.print(
            Text("sources disagree on: ", style="bold")
            + Text(json.dumps(ev["disagreements"], ensure_ascii=False))
        )
    for s in ev["sources"]:
        con.print(
            Text(str(s["doc"]), style="bold")
            + Text(f"  {s['outlet'] or ''}  {s['published'] or ''}")
        )
    for e in ev["evidence"]:
        c = e["context"]
        con.print(
            Text(f"  {e['doc']}: …{c['before'][-120:]}")
            + Text(c["match"], style="reverse")
            + Text(f"{c['after'][:120]}…"),
            highlight=False,
        )


@app.command()
def actors(
    db: DbOption = None,
    format: Annotated[
        str | None, typer.Option("--format", "-f", help="jsonl, csv or table.")
    ] = None,
) -> None:
    """Everyone who took part in a stored engagement, with their number of engagements."""
    from parley.store import query

    fmt = _choose_format(format, ("jsonl", "csv", "table"), "table")
    rows = _read(db, lambda con: query.actors(con))
    if fmt == "jsonl":
        for r in rows:
            sys.stdout.write(json.dumps(r, ensure_ascii=False) + "\n")
        return
    flat = [{**r, "roles": "; ".join(r["roles"])} for r in rows]
    columns = ("actor_key", "name", "country", "wikidata_id", "events", "roles")
    if fmt == "csv":
        _write_csv(sys.stdout, flat, (*columns, "first", "last"))
        return
    out().print(_table(f"{len(rows)} actors", columns, flat))


@app.command()
def stats(
    db: DbOption = None,
    format: Annotated[
        str | None,
        typer.Option("--format", "-f", help="json or table (default on a terminal)."),
    ] = None,
) -> None:
    """Engagements by month and by pair of countries; events without a date counted apart."""
    from parley.store import query

    fmt = format or ("table" if sys.stdout.isatty() else "json")
    if fmt not in ("json", "table"):
        raise typer.BadParameter(f"{fmt!r} is not one of json, table", param_hint="'--format'")
    s = _read(db, lambda con: query.stats(con))
    if fmt == "json":
        sys.stdout.write(json.dumps(s, ensure_ascii=False) + "\n")
        return
    con = out()
    con.print(
        f"{s['documents']} documents ({s['near_duplicates']} near-duplicates), "
        f"{s['mentions']} mentions, {s['events']} events ({s['occurred']} occurred, counted below)",
        markup=False,
    )
    if s["undated"]:
        con.print(
            f"{s['undated']} occurred event{'s' if s['undated'] != 1 else ''} without a date "
            "(not in the months below)",
            markup=False,
        )
    if any(len(r["month"]) == 4 for r in s["by_month"]):
        con.print("a month shown as YYYY counts events known only to the year", markup=False)
    for title, key, label in (
        ("by month", "by_month", "month"),
        ("by pair of countries", "by_pair", "pair"),
    ):
        con.print(_table(title, (label, "events"), s[key]))


@app.command()
def export(
    out: Annotated[Path, typer.Argument(help="Folder to write the files into.")],
    db: DbOption = None,
    format: Annotated[
        str,
        typer.Option(
            "--format",
            "-f",
            help="csv, jsonl or parquet (parley's tables), gdelt (the GDELT 2.0 event table), "
            "plover (POLECAT/PLOVER JSON Lines), or a format another package registers "
            "(entry points 'parley.exporters').",
        ),
    ] = "csv",
) -> None:
    """Write events, participants, sources, statements and actors (docs/data-dictionary.md),
    or the events in the field's formats (docs/formats.md)."""
    from parley.store import exporters

    if format not in exporters.names():
        raise typer.BadParameter(
            f"{format!r} is not one of {', '.join(exporters.names())}", param_hint="'--format'"
        )
    if out.exists() and not out.is_dir():
        raise typer.BadParameter(f"{out} exists and is not a folder", param_hint="'OUT'")

    def write(con: Any) -> list[tuple[Path, int]]:
        try:
            return exporters.export(con, out, format)
        except OSError as e:  # a read-only or full disk: one line naming the file, exit 1
            err.print(f"parley: {e.filename or out}: {e.strerror or e}", markup=False)
            raise typer.Exit(1) from None

    for path, n in _read(db, write):
        err.print(f"parley: wrote {n} rows to {path}", markup=False)


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
    from parley.store import query, values

    fmt = _choose_format(format, ("jsonl", "csv", "table"), "table")
    checked: dict[str, Any] = {}
    for option, value, parse in (
        ("topic", topic, values.parse_topic),
        ("stance", stance, values.parse_stance),
        ("since", since, values.parse_date),
        ("until", until, values.parse_date),
    ):
        try:
            checked[option] = parse(value) if value else None
        except ValueError as e:
            raise typer.BadParameter(str(e), param_hint=f"'--{option}'") from None
    flt = query.StatementFilter(speaker=speaker, target=target, **checked)
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
        _write_csv(sys.stdout, flat, _STATEMENT_CSV)
        return
    for row, r in zip(flat, rows, strict=True):
        row["date"] = values.shown_date(r["date"], r["date_precision"])
    columns = ("date", "speaker", "stance", "target", "topics", "text")
    out().print(_table(f"{len(rows)} statements", columns, flat))


_STATEMENT_CSV = (
    "date",
    "speaker",
    "stance",
    "target",
    "topics",
    "mode",
    "text",
    "event_id",
    "doc",
)


@app.command()
def trends(db: DbOption = None) -> None:
    """Topics of statements by month and by pair of countries."""
    from parley.store import query

    got = _read(db, lambda con: query.trends(con))
    if not sys.stdout.isatty():
        sys.stdout.write(json.dumps(got, ensure_ascii=False) + "\n")
        return
    con = out()
    for title, key, label in (("by month", "by_month", "month"), ("by pair", "by_pair", "pair")):
        con.print(_table(f"topics {title}", (label, "topic", "statements"), got[key]))


@app.command()
def serve(
    ctx: typer.Context,
    db: DbOption = None,
    host: Annotated[
        str, typer.Option(help="Interface to bind (loopback by default).")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.")] = 8000,
    token: Annotated[
        str | None,
        typer.Option(
            help="Enable POST /api/v1/documents (upload to ingest), which then requires "
            "'Authorization: Bearer TOKEN'. Without it the server is read-only. Prefer the "
            "PARLEY_TOKEN environment variable: a command line is visible to every user "
            "(ps).",
            envvar="PARLEY_TOKEN",
            show_envvar=True,
        ),
    ] = None,
    workers: Annotated[int, typer.Option(min=1, max=64, help="Worker processes.")] = 1,
    allowed_host: Annotated[
        list[str] | None,
        typer.Option(
            "--allowed-host",
            help="Another name the server may be reached by (a proxy's, a LAN name); "
            "repeatable. Requests naming any other host are refused (DNS rebinding): by "
            "default only the bound address, and localhost when it is loopback.",
        ),
    ] = None,
) -> None:
    """Serve the database: HTTP API under /api/v1 (docs at /docs) and the dashboard at /."""
    import uvicorn

    from parley.api import create_app
    from parley.api.app import Hosts

    hosts = Hosts.bound(host, allowed_host or [])

    path = db_path(db)
    _read(db, lambda con: None)  # a missing or unusable database is one line, before binding
    if token is not None and _from_command_line(ctx, "token"):
        err.print(
            "parley: serve: --token on the command line is visible to other users (ps); "
            "set PARLEY_TOKEN in the environment instead",
            markup=False,
            soft_wrap=True,
        )
    if token is not None and not token.strip():
        raise typer.BadParameter("the token is empty", param_hint="'--token' / PARLEY_TOKEN")
    err.print(
        f"parley: serving {path} on http://{host}:{port}/ "
        + ("(uploads enabled with token)" if token else "(read-only)"),
        markup=False,
    )
    if workers == 1:
        uvicorn.run(create_app(path, token, hosts), host=host, port=port, log_level="warning")
        return
    import os

    os.environ["PARLEY_SERVE_DB"] = path
    os.environ["PARLEY_SERVE_TOKEN"] = token or ""
    os.environ["PARLEY_SERVE_HOSTS"] = json.dumps(
        {"names": sorted(hosts.names), "any_address": hosts.any_address}
    )
    uvicorn.run(
        "parley.api.app:app_from_env",
        factory=True,
        workers=workers,
        host=host,
        port=port,
        log_level="warning",
    )


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    """Whether option ``name`` was given on the command line (not by its environment
    variable or its default)."""
    source = ctx.get_parameter_source(name)
    return source is not None and source.name == "COMMANDLINE"
