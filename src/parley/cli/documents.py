"""The document commands: read, extract, eval, train, kb, synth (no database).

Thin wrappers over the Python API; they register on the one app of
:mod:`parley.cli.common`.
"""

from __future__ import annotations

import json
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
    default_format,
    documents,
    emit_json_lines,
    err,
    load_model_option,
    out,
    plain,
)
from parley.model import Document, Event

if TYPE_CHECKING:
    from rich.table import Table


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
    failures = Failures()
    docs = (d.to_dict() for d in documents(paths, failures))
    if format == "json":
        json.dump(list(docs), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        emit_json_lines(docs)
    raise typer.Exit(1 if failures.count else 0)


def _event_table(rows: list[tuple[Document, Event]]) -> Table:
    from rich.table import Table

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
            *map(
                plain,
                (
                    Path(doc.doc).name,
                    ev.kind,
                    ev.status,
                    "yes" if ev.primary else "",
                    people,
                    ev.date or "",
                    place,
                    ev.occasion or "",
                ),
            )
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
    model: ModelOption = None,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="For each event and field, the options considered and the cues that weighed "
            "most for the chosen one (an 'explain' object in JSON; a tree after the table).",
        ),
    ] = False,
) -> None:
    """Read, clean and extract the engagements each document reports."""
    from parley.extract import extract_document, extraction_failed

    fmt = default_format(format, "table", "jsonl")
    if fmt not in {"json", "jsonl", "table"}:
        raise typer.BadParameter("--format must be jsonl, json or table")
    if published is not None:
        check_date(published)
    learned = load_model_option(model)
    failures = Failures()
    rows: list[tuple[Document, Event]] = []
    per_doc: list[dict[str, Any]] = []

    def shown(e: Event) -> dict[str, Any]:
        d = e.to_dict()
        if explain:
            d["explain"] = e.explanation
        return d

    for doc in documents(paths, failures):
        try:
            if fmt == "json":
                events, statements = extract_document(doc, published, learned, explain)
            else:
                events, statements = extract_events_only(doc, published, learned, explain), []
        except Exception as exc:  # a bug must not lose the rest of the batch
            failures(_Failure(doc.doc, extraction_failed(exc)))
            continue
        if fmt == "jsonl":
            emit_json_lines(shown(e) for e in events)
        elif fmt == "json":
            head = doc.to_dict()
            if head["published"] is None and published:
                head["published"] = published
            head["events"] = [{k: v for k, v in shown(e).items() if k != "doc"} for e in events]
            head["statements"] = [st.to_dict() for st in statements]
            per_doc.append(head)
        else:
            rows.extend((doc, e) for e in events)
    if fmt == "json":
        json.dump(per_doc, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    elif fmt == "table":
        out().print(_event_table(rows))
        if explain:
            from parley.explain import explanation_tree

            for doc, e in rows:
                out().print(explanation_tree(Path(doc.doc).name, e))
    raise typer.Exit(1 if failures.count else 0)


def extract_events_only(
    doc: Document, published: str | None, model: Any = None, explain: bool = False
) -> list[Event]:
    from parley.extract import extract_events

    return extract_events(doc, published, model, explain)


class _Failure:
    def __init__(self, source: str, reason: str) -> None:
        self.source, self.reason = source, reason


@app.command("eval")
def eval_(
    corpora: Annotated[
        list[Path], typer.Argument(help="Folders with gold.jsonl and docs/ (scored together).")
    ],
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
        typer.Option("--merge", help="Also ingest the corpora and score merging (pairwise)."),
    ] = False,
    statements: Annotated[
        Path | None,
        typer.Option(
            "--statements",
            help="Statement annotations (JSONL of {doc, statements}) to score statements "
            "against: speaker and stance accuracy, topic F1.",
        ),
    ] = None,
    cv: Annotated[
        int | None,
        typer.Option(
            "--cv",
            min=2,
            help="Grouped K-fold cross-validation: each fold extracted by a model trained on "
            "the others (reports of one engagement stay in one fold).",
        ),
    ] = None,
    model: ModelOption = None,
) -> None:
    """Score extraction against each CORPUS/gold.jsonl with the contract's metrics."""
    from parley.evaluate import Score, evaluate
    from parley.extract import extract_events
    from parley.read import iter_documents

    for corpus in corpora:
        if not (corpus / "gold.jsonl").is_file():
            err.print(f"parley: {corpus}: no gold.jsonl here", markup=False)
            raise typer.Exit(2)
    if cv is not None and (statements is not None or model is not None):
        raise typer.BadParameter("--cv trains its own models: not with --model or --statements")
    learned = load_model_option(model)
    cv_events: dict[str, list[Event]] = {}
    if cv is not None:
        from parley.cli.progress import document_progress, gold_documents
        from parley.evaluate import cross_validate

        with document_progress("reading", gold_documents(corpora)) as advance:
            result = cross_validate(corpora, cv, lang, advance)
        score, extra, cv_events = result.score, result.extra, result.events
    else:
        from parley.cli.progress import document_progress, gold_documents

        def predict(path: Path) -> tuple[str | None, list[Event]]:
            # a JSONL or WARC file holds several documents: its gold line covers them all
            docs = list(iter_documents([str(path)], Failures()))
            advance()
            if not docs:
                return None, []
            return docs[0].lang, [e for d in docs for e in extract_events(d, None, learned)]

        score = Score()
        counts = {"right": 0.0, "all": 0.0}
        with document_progress("extracting", gold_documents(corpora, lang)) as advance:
            for corpus in corpora:
                part, part_extra = evaluate(corpus, predict, lang, prefix=len(corpora) > 1)
                score.add(part)
                n = part_extra["documents"]
                counts["all"] += n
                counts["right"] += (part_extra["lang_accuracy"] or 0) * n
        extra = {
            "lang_accuracy": round(counts["right"] / counts["all"], 4) if counts["all"] else None,
            "documents": int(counts["all"]),
        }
    metrics = {**score.metrics(), **extra}
    statement_misses: list[str] = []
    if statements is not None:
        from parley.evaluate import evaluate_statements
        from parley.extract import extract_document

        def predict_statements(path: Path) -> list[dict[str, Any]]:
            docs = list(iter_documents([str(path)], Failures()))
            return [s.to_dict() for d in docs for s in extract_document(d, None, learned)[1]]

        for corpus in corpora:
            found, missed = evaluate_statements(corpus, statements, predict_statements)
            metrics.update(found)
            statement_misses += missed
    if merge:
        import tempfile

        from parley.evaluate import evaluate_merge

        def fold_events(doc: Document, published: str | None) -> tuple[list[Event], list[Any]]:
            return cv_events.get(doc.doc, []), []

        def with_model(doc: Document, published: str | None) -> tuple[list[Event], list[Any]]:
            from parley.extract import extract_document

            return extract_document(doc, published, learned)

        chosen = fold_events if cv is not None else with_model
        with tempfile.TemporaryDirectory() as tmp:
            metrics.update(evaluate_merge(corpora, Path(tmp) / "eval.db", lang, chosen))
    if as_json:
        print(json.dumps(metrics))
    else:
        names = " ".join(str(c) for c in corpora)
        title = f"parley eval {names}" + (f" (lang={lang})" if lang else "")
        if cv is not None:
            title += f" — grouped {cv}-fold cross-validation"
        from rich.console import Console
        from rich.table import Table

        table = Table(title=title)
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


@app.command()
def train(
    corpora: Annotated[
        list[Path], typer.Argument(help="Folders with gold.jsonl and docs/ to learn from.")
    ],
    out: Annotated[Path, typer.Option("--out", help="Where to write the model (JSON).")],
) -> None:
    """Train the extraction model on gold corpora, deterministically: the same corpora give
    the same file. Use it with --model, or copy it over src/parley/extract/model.json to
    ship it."""
    from parley.extract.train import train as fit_model

    for corpus in corpora:
        if not (corpus / "gold.jsonl").is_file():
            err.print(f"parley: {corpus}: no gold.jsonl here", markup=False)
            raise typer.Exit(2)
    from parley.cli.progress import document_progress, gold_documents

    with document_progress("reading", gold_documents(corpora)) as advance:
        model = fit_model(corpora, progress=advance)
    try:
        out.write_text(model.to_json(), encoding="utf-8")
    except OSError as e:
        err.print(f"parley: {out}: {e.strerror or e}", markup=False)
        raise typer.Exit(1) from None
    ex = model.meta.get("examples", {})
    summary = ", ".join(f"{k} {v['all']}" for k, v in ex.items())
    err.print(f"parley: wrote {out} ({model.meta.get('documents')} documents; examples: {summary})")


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
    name: Annotated[
        str | None, typer.Argument(help="A person's name, a country or a body.")
    ] = None,
    on: Annotated[
        str | None, typer.Option("--on", help="Date YYYY-MM-DD: show who held the office then.")
    ] = None,
    stale: Annotated[
        bool,
        typer.Option(
            "--stale", help="List the open tenures older than two years on --on (default today)."
        ),
    ] = False,
    role: Annotated[
        str | None,
        typer.Option("--role", help="With --stale: only this role (foreign_minister...)."),
    ] = None,
) -> None:
    """Look an actor up in the knowledge base, or list the tenures to review (--stale)."""
    from parley.kb.countries import Countries
    from parley.kb.people import PeopleKB

    if on is not None:
        check_date(on)
    people = PeopleKB.default()
    if stale:
        _kb_stale(people, on, role)
        return
    if name is None:
        err.print("parley: kb: give a name, a country or a body (or --stale)")
        raise typer.Exit(2)
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


def _kb_stale(people: Any, on: str | None, role: str | None) -> None:
    """Print ``PeopleKB.stale``: the open tenures a curator should check, oldest first."""
    from datetime import date

    from parley.kb.people import ROLES, SINGLE_HOLDER_ROLES

    if role is not None and role not in ROLES:
        err.print(f"parley: --role {role}: not a role (one of {', '.join(SINGLE_HOLDER_ROLES)})")
        raise typer.Exit(2)
    day = on or date.today().isoformat()
    rows = people.stale(day, roles=(role,) if role else SINGLE_HOLDER_ROLES)
    out = [
        {
            "country": t.country,
            "role": t.role,
            "title": t.title,
            "key": a.key,
            "name": a.name,
            "start": t.start,
            "years": round((date.fromisoformat(day) - date.fromisoformat(t.start)).days / 365.25, 1)
            if t.start
            else None,
        }
        for a, t in rows
    ]
    print(json.dumps(out, ensure_ascii=False, indent=1))
    err.print(f"parley: {len(out)} open tenures began more than two years before {day}")


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
