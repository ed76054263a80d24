"""The ``parley`` command: thin wrappers over the Python API.

Every command reads PATHs the same way (files, folders, ``-`` for standard input),
reports unreadable documents on standard error with their path and reason, goes on with
the rest, and exits 0 when every document was processed, 1 when some failed and 2 for a
usage error, as the outside contract requires.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from parley.model import Document, Event

app = typer.Typer(
    name="parley",
    help="Turn news reports of diplomacy into a record of engagements: who met whom, when, "
    "where, on what occasion, with the evidence for every field.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True, highlight=False, soft_wrap=True)


def _out() -> Console:
    """Standard output; wide when piped (a log or `make run`), not squeezed to 80 columns."""
    return Console() if sys.stdout.isatty() else Console(width=160)


Paths = Annotated[
    list[str], typer.Argument(help="Files or folders (read recursively); '-' reads standard input.")
]


class _Failures:
    """Collects unreadable documents: one line each on standard error, never a traceback."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, failure: Any) -> None:
        self.count += 1
        err.print(f"parley: {failure.source}: {failure.reason}", markup=False, soft_wrap=True)


def _documents(paths: list[str], failures: _Failures) -> Any:
    from parley.read import iter_documents

    return iter_documents(paths, failures)


def _emit_json_lines(objs: Any) -> None:
    for o in objs:
        sys.stdout.write(json.dumps(o, ensure_ascii=False) + "\n")


def _default_format(fmt: str | None, tty_default: str, pipe_default: str) -> str:
    if fmt:
        return fmt
    return tty_default if sys.stdout.isatty() else pipe_default


@app.command()
def read(
    paths: Paths,
    format: Annotated[
        str, typer.Option("--format", "-f", help="json (one array) or jsonl (one object per line).")
    ] = "jsonl",
) -> None:
    """Read and clean documents; print one object per document (title, date, outlet, text...)."""
    if format not in {"json", "jsonl"}:
        raise typer.BadParameter("--format must be json or jsonl")
    failures = _Failures()
    docs = (d.to_dict() for d in _documents(paths, failures))
    if format == "json":
        json.dump(list(docs), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        _emit_json_lines(docs)
    raise typer.Exit(1 if failures.count else 0)


def _event_table(rows: list[tuple[Document, Event]]) -> Table:
    table = Table(title="Engagements", show_lines=False)
    for col in ("doc", "kind", "status", "primary", "participants", "date", "place", "occasion"):
        table.add_column(col, overflow="fold")
    for doc, ev in rows:
        loc = ev.location
        place = ", ".join(x for x in (loc.city, loc.country) if x) if loc else ""
        people = "; ".join(f"{p.name} ({p.country})" for p in ev.participants) or ", ".join(
            ev.countries
        )
        table.add_row(
            Path(doc.doc).name,
            ev.kind,
            ev.status,
            "yes" if ev.primary else "",
            people,
            ev.date or "",
            place,
            ev.occasion or "",
        )
    return table


@app.command()
def extract(
    paths: Paths,
    format: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            help="jsonl (one event per line), json (one object per document) or table "
            "(default on a terminal).",
        ),
    ] = None,
    published: Annotated[
        str | None,
        typer.Option(
            "--published", help="Publication date YYYY-MM-DD for documents that state none."
        ),
    ] = None,
) -> None:
    """Read, clean and extract the engagements each document reports."""
    from parley.extract import extract_document

    fmt = _default_format(format, "table", "jsonl")
    if fmt not in {"json", "jsonl", "table"}:
        raise typer.BadParameter("--format must be jsonl, json or table")
    if published is not None:
        _check_date(published)
    failures = _Failures()
    rows: list[tuple[Document, Event]] = []
    per_doc: list[dict[str, Any]] = []
    for doc in _documents(paths, failures):
        try:
            if fmt == "json":
                events, statements = extract_document(doc, published)
            else:
                events, statements = extract_events_only(doc, published), []
        except Exception as exc:  # a bug must not lose the rest of the batch
            failures(_Failure(doc.doc, f"extraction failed: {type(exc).__name__}: {exc}"))
            continue
        if fmt == "jsonl":
            _emit_json_lines(e.to_dict() for e in events)
        elif fmt == "json":
            head = doc.to_dict()
            if head["published"] is None and published:
                head["published"] = published
            head["events"] = [{k: v for k, v in e.to_dict().items() if k != "doc"} for e in events]
            head["statements"] = [st.to_dict() for st in statements]
            per_doc.append(head)
        else:
            rows.extend((doc, e) for e in events)
    if fmt == "json":
        json.dump(per_doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == "table":
        _out().print(_event_table(rows))
    raise typer.Exit(1 if failures.count else 0)


def extract_events_only(doc: Document, published: str | None) -> list[Event]:
    from parley.extract import extract_events

    return extract_events(doc, published)


class _Failure:
    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason


def _check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


@app.command("eval")
def eval_(
    corpus: Annotated[Path, typer.Argument(help="Folder with gold.jsonl and docs/.")],
    lang: Annotated[
        str | None,
        typer.Option("--lang", help="Score only documents of this language (gold 'lang')."),
    ] = None,
    show: Annotated[bool, typer.Option("--show", help="List every miss per document.")] = False,
    floors: Annotated[
        Path | None,
        typer.Option("--floors", help="JSON file of minimum metrics; exit 1 if any is not met."),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the metrics as JSON.")] = False,
    merge: Annotated[
        bool,
        typer.Option("--merge", help="Also ingest the corpus and score merging (pairwise)."),
    ] = False,
    statements: Annotated[
        Path | None,
        typer.Option(
            "--statements",
            help="Statement annotations (JSONL of {doc, statements}) to score statements "
            "against: speaker and stance accuracy, topic F1.",
        ),
    ] = None,
) -> None:
    """Score extraction against CORPUS/gold.jsonl with the contract's metrics."""
    from parley.evaluate import evaluate
    from parley.extract import extract_events
    from parley.read import iter_documents

    if not (corpus / "gold.jsonl").is_file():
        err.print(f"parley: {corpus}: no gold.jsonl here")
        raise typer.Exit(2)

    def predict(path: Path) -> tuple[str | None, list[Event]]:
        # a JSONL or WARC file holds several documents: its gold line covers them all
        docs = list(iter_documents([str(path)], _Failures()))
        if not docs:
            return None, []
        return docs[0].lang, [e for d in docs for e in extract_events(d)]

    score, extra = evaluate(corpus, predict, lang)
    metrics = {**score.metrics(), **extra}
    statement_misses: list[str] = []
    if statements is not None:
        from parley.evaluate import evaluate_statements
        from parley.extract import extract_document

        def predict_statements(path: Path) -> list[dict[str, Any]]:
            docs = list(iter_documents([str(path)], _Failures()))
            return [s.to_dict() for d in docs for s in extract_document(d)[1]]

        found, statement_misses = evaluate_statements(corpus, statements, predict_statements)
        metrics.update(found)
    if merge:
        import tempfile

        from parley.evaluate import evaluate_merge

        with tempfile.TemporaryDirectory() as tmp:
            metrics.update(evaluate_merge(corpus, Path(tmp) / "eval.db", lang))
    if as_json:
        print(json.dumps(metrics))
    else:
        table = Table(title=f"parley eval {corpus}" + (f" (lang={lang})" if lang else ""))
        table.add_column("metric")
        table.add_column("value", justify="right")
        for k, v in metrics.items():
            table.add_row(k, "n/a" if v is None else f"{v}")
        Console().print(table)
    if show:
        for doc, misses in sorted(score.misses.items()):
            for m in misses:
                print(f"{doc}\t{m}")
        for m in statement_misses:
            print(m)
    if floors is not None:
        _check_floors(metrics, floors)


def _check_floors(metrics: dict[str, Any], floors: Path) -> None:
    wanted = json.loads(floors.read_text(encoding="utf-8"))
    failed = [
        f"{k} {metrics.get(k)} < {v}"
        for k, v in wanted.items()
        if metrics.get(k) is None or metrics[k] < v
    ]
    if failed:
        err.print("parley: below floor: " + "; ".join(failed))
        raise typer.Exit(1)
    err.print(f"parley: all {len(wanted)} floors met")


@app.command()
def kb(
    name: Annotated[str, typer.Argument(help="A person's name, a country or a body.")],
    on: Annotated[
        str | None, typer.Option("--on", help="Date YYYY-MM-DD: show who held the office then.")
    ] = None,
) -> None:
    """Look an actor up in the knowledge base."""
    from parley.kb.countries import Countries
    from parley.kb.people import PeopleKB

    if on is not None:
        _check_date(on)
    people = PeopleKB.default()
    found = people.find(name, on=on)
    out: list[dict[str, Any]] = []
    for a in found[:10]:
        t = a.tenure_on(on)
        out.append(
            {
                "key": a.key,
                "name": a.name,
                "id": a.id,
                "country": a.country,
                "office_on_date": {
                    "role": t.role,
                    "title": t.title,
                    "country": t.country,
                    "start": t.start,
                    "end": t.end,
                }
                if t and on
                else None,
                "aliases": list(a.aliases)[:12],
                "tenures": [vars(x) | {} for x in a.tenures],
            }
        )
    c = Countries.default()
    country = c.by_name(name) or c.by_adjective(name) or c.get(name.upper())
    if country is not None:
        entry: dict[str, Any] = {
            "code": country.code,
            "name": country.name,
            "kind": country.kind,
            "names": list(country.names)[:10],
            "adjectives": list(country.adjectives)[:10],
        }
        if on:
            entry["holders"] = {
                role: (h.name if (h := people.holder(country.code, role, on)) else None)
                for role in ("head_of_state", "head_of_government", "foreign_minister")
            }
        out.append(entry)
    if not out:
        err.print(f"parley: {name}: not in the knowledge base")
        raise typer.Exit(1)
    print(json.dumps(out, ensure_ascii=False, indent=1, default=str))


@app.command()
def synth(
    n: Annotated[int, typer.Argument(help="How many articles to write.", min=1)],
    out: Annotated[Path, typer.Option("--out", help="Folder to write docs/ and gold.jsonl in.")],
    seed: Annotated[int, typer.Option("--seed", help="Random seed (same seed, same corpus).")] = 0,
) -> None:
    """Write N realistic synthetic articles with their gold, for scale tests and benchmarks."""
    from parley.synth import write_corpus

    count = write_corpus(n, out, seed)
    err.print(f"parley: wrote {count} articles and gold.jsonl to {out}")


def main() -> None:  # pragma: no cover
    app()


# The store's commands register on the same app (kept in their own module).
from parley import cli_store  # noqa: E402, F401
