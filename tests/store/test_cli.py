"""The store's commands as a user runs them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
from pathlib import Path

import pandas as pd
import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


@pytest.fixture(scope="module")
def db(tmp_path_factory, request) -> Path:
    from parley.read import iter_documents
    from parley.store import Store
    from parley.store.ingest import ingest

    path = tmp_path_factory.mktemp("cli") / "p.db"
    with Store(path) as store:
        ingest(store, iter_documents([str(EXAMPLES)], lambda f: None))
    return path


def _run(parley_bin: str, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([parley_bin, *args], capture_output=True, text=True)


def test_events_filters_and_formats(db, parley_bin):
    out = _run(parley_bin, "events", "--db", str(db), "--country", "IND", "--format", "jsonl")
    rows = [json.loads(line) for line in out.stdout.splitlines()]
    assert rows and all("IND" in r["countries"] for r in rows)
    assert all({"id", "sources", "n_sources", "n_outlets"} <= set(r) for r in rows)
    between = _run(
        parley_bin,
        "events",
        "--db",
        str(db),
        "--between",
        "2024-07-01",
        "2024-07-31",
        "--format",
        "csv",
    )
    table = list(csv.DictReader(io.StringIO(between.stdout)))
    assert table and all(r["date"].startswith("2024-07") for r in table)
    on_ukraine = _run(
        parley_bin, "events", "--db", str(db), "--topic", "ukraine", "--format", "jsonl"
    )
    assert all("ukraine" in json.loads(x)["topics"] for x in on_ukraine.stdout.splitlines())
    assert on_ukraine.stdout.strip()
    calls = _run(parley_bin, "events", "--db", str(db), "--kind", "call", "--format", "jsonl")
    assert [json.loads(x)["kind"] for x in calls.stdout.splitlines()] == ["call"]


def test_show_gives_sources_and_evidence_in_context(db, parley_bin):
    first = json.loads(
        _run(
            parley_bin, "events", "--db", str(db), "--search", "Diaoyutai", "--format", "jsonl"
        ).stdout.splitlines()[0]
    )
    shown = json.loads(_run(parley_bin, "show", first["id"], "--db", str(db)).stdout)
    assert shown["id"] == first["id"] and len(shown["sources"]) == 2
    ctx = shown["evidence"][0]["context"]
    assert ctx["match"] == shown["evidence"][0]["text"]
    missing = _run(parley_bin, "show", "ev-nope", "--db", str(db))
    assert missing.returncode == 1 and "ev-nope" in missing.stderr


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_export_writes_every_table(db, parley_bin, tmp_path, fmt):
    run = _run(parley_bin, "export", str(tmp_path), "--db", str(db), "--format", fmt)
    assert run.returncode == 0, run.stderr
    reader = {
        "csv": pd.read_csv,
        "parquet": pd.read_parquet,
        "jsonl": lambda p: pd.read_json(p, lines=True),
    }[fmt]
    events = reader(tmp_path / f"events.{fmt}")
    cameo = reader(tmp_path / f"events_cameo.{fmt}")
    sources = reader(tmp_path / f"event_sources.{fmt}")
    assert len(events) == len(cameo) > 0
    assert set(cameo["cameo_code"].astype(str).str.zfill(3)) <= {
        "040",
        "041",
        "042",
        "043",
        "044",
        "046",
    }
    assert len(sources) >= len(events)


def test_stats_and_actors(db, parley_bin):
    stats = json.loads(_run(parley_bin, "stats", "--db", str(db)).stdout)
    dated = sum(r["events"] for r in stats["by_month"])
    assert 0 < dated <= stats["events"]
    assert any(p["pair"] == "CHN-USA" for p in stats["by_pair"])
    actors = [
        json.loads(x) for x in _run(parley_bin, "actors", "--db", str(db)).stdout.splitlines()
    ]
    assert actors[0]["events"] >= actors[-1]["events"]
    assert any(a["actor_key"] == "wang-yi" for a in actors)


def test_the_sources_column_says_outlet_in_the_singular_and_nothing_when_unknown():
    from parley.cli_store import _sources_cell

    assert _sources_cell(2, 2) == "2 (2 outlets)"
    assert _sources_cell(1, 1) == "1 (1 outlet)"
    assert _sources_cell(1, 0) == "1"
