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
    sources = reader(tmp_path / f"event_sources.{fmt}")
    for name in ("event_participants", "statements", "actors"):
        assert len(reader(tmp_path / f"{name}.{fmt}")) > 0
    assert len(events) > 0 and set(events["cameo"].astype(str).str.zfill(3)) <= {
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
    from parley.cli.store import _sources_cell

    assert _sources_cell(2, 2) == "2 (2 outlets)"
    assert _sources_cell(1, 1) == "1 (1 outlet)"
    assert _sources_cell(1, 0) == "1"


# --- issue 15: every option works or fails in one line -------------------------------


def _one_line_usage_error(run: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit 2, nothing on stdout, one line on stderr naming the problem, no traceback."""
    assert run.returncode == 2, (run.returncode, run.stderr)
    lines = run.stderr.splitlines()
    assert len(lines) == 1, run.stderr
    assert "Traceback" not in run.stderr and "╭" not in run.stderr
    for w in words:
        assert w in lines[0], lines[0]


def _ids(run: subprocess.CompletedProcess[str]) -> list[str]:
    assert run.returncode == 0, run.stderr
    return [json.loads(x)["id"] for x in run.stdout.splitlines()]


def test_any_means_every_event_not_the_non_primary_ones(db, parley_bin):
    every = _ids(_run(parley_bin, "events", "--db", str(db), "-f", "jsonl"))
    anyway = _ids(_run(parley_bin, "events", "--db", str(db), "--any", "-f", "jsonl"))
    primary = _ids(_run(parley_bin, "events", "--db", str(db), "--primary", "-f", "jsonl"))
    assert anyway == every
    assert 0 < len(primary) < len(every)


def test_actors_csv_is_csv_and_unknown_formats_are_refused(db, parley_bin):
    run = _run(parley_bin, "actors", "--db", str(db), "-f", "csv")
    assert run.returncode == 0
    rows = list(csv.DictReader(io.StringIO(run.stdout)))
    assert rows and {"actor_key", "name", "country", "wikidata_id", "events"} <= set(rows[0])
    assert "┃" not in run.stdout and "│" not in run.stdout
    assert any(r["actor_key"] == "wang-yi" and r["name"] == "Wang Yi" for r in rows)
    for command in ("actors", "events", "statements", "stats"):
        bad = _run(parley_bin, command, "--db", str(db), "-f", "xyz")
        _one_line_usage_error(bad, "'xyz'", "--format")


def test_export_into_an_existing_file_is_one_line(db, parley_bin, tmp_path):
    target = tmp_path / "taken.txt"
    target.write_text("not a folder")
    run = _run(parley_bin, "export", str(target), "--db", str(db))
    _one_line_usage_error(run, str(target), "not a folder")
    assert target.read_text() == "not a folder"


def test_dates_may_be_words_or_months_and_bad_ones_are_one_line(db, parley_bin):
    run = _run(parley_bin, "events", "--db", str(db), "--since", "yesterday", "-f", "jsonl")
    assert run.returncode == 0 and run.stderr == ""
    for words in ("last week", "3 days ago", "last November"):
        assert _run(parley_bin, "events", "--db", str(db), "--since", words).returncode == 0
    run = _run(parley_bin, "events", "--db", str(db), "--since", "2024-05", "--until", "2024-05")
    may = [json.loads(x) for x in run.stdout.splitlines()]
    assert may and all(e["date"].startswith("2024-05") for e in may)
    spring = _ids(_run(parley_bin, "events", "--db", str(db), "--between", "2024-03", "2024-05"))
    assert {e["id"] for e in may} < set(spring)
    _one_line_usage_error(
        _run(parley_bin, "events", "--db", str(db), "--since", "banana"), "'banana'", "--since"
    )
    _one_line_usage_error(
        _run(parley_bin, "events", "--db", str(db), "--until", "2024-02-30"), "2024-02-30"
    )
    _one_line_usage_error(
        _run(parley_bin, "statements", "--db", str(db), "--since", "soon-ish"), "soon-ish"
    )


def test_country_names_resolve_and_unknown_values_are_refused(db, parley_bin):
    by_code = _ids(_run(parley_bin, "events", "--db", str(db), "--country", "CHN", "-f", "jsonl"))
    by_name = _ids(_run(parley_bin, "events", "--db", str(db), "--country", "China", "-f", "jsonl"))
    assert by_code and by_name == by_code
    typo = _run(parley_bin, "events", "--db", str(db), "--country", "Chna")
    _one_line_usage_error(typo, "'Chna'", "China (CHN)")
    _one_line_usage_error(
        _run(parley_bin, "events", "--db", str(db), "--kind", "visit"), "'visit'", "meeting"
    )
    _one_line_usage_error(
        _run(parley_bin, "events", "--db", str(db), "--status", "done"), "'done'", "occurred"
    )
    _one_line_usage_error(
        _run(parley_bin, "events", "--db", str(db), "--topic", "ukrain"), "'ukrain'", "ukraine"
    )
    _one_line_usage_error(
        _run(parley_bin, "statements", "--db", str(db), "--stance", "angry"), "'angry'"
    )


def test_repeated_country_means_every_one_took_part(db, parley_bin):
    def events(*countries: str) -> list[dict]:
        args = [a for c in countries for a in ("--country", c)]
        run = _run(parley_bin, "events", "--db", str(db), *args, "-f", "jsonl")
        assert run.returncode == 0, run.stderr
        return [json.loads(x) for x in run.stdout.splitlines()]

    both = events("CHN", "USA")
    assert both and all({"CHN", "USA"} <= set(e["countries"]) for e in both)
    china, usa = {e["id"] for e in events("CHN")}, {e["id"] for e in events("USA")}
    assert {e["id"] for e in both} == china & usa != usa
    assert {e["id"] for e in events("United States", "chinese")} == china & usa


def test_usage_errors_are_one_line(db, parley_bin):
    _one_line_usage_error(_run(parley_bin, "events", "--bogus"), "--bogus", "parley events")
    _one_line_usage_error(_run(parley_bin, "nosuchcommand"), "nosuchcommand")
    _one_line_usage_error(_run(parley_bin, "read"), "parley read", "paths")
    _one_line_usage_error(_run(parley_bin, "events", "--between", "2024-01"), "--between")
    assert "Usage" in _run(parley_bin).stdout + _run(parley_bin).stderr  # bare: the help


@pytest.fixture(scope="module")
def odd_dates_db(db, tmp_path_factory) -> Path:
    """The examples with one event known to the month, one to the year and one occurred
    event without a date (the examples alone need not hold each case)."""
    import shutil
    import sqlite3

    path = tmp_path_factory.mktemp("dates") / "p.db"
    shutil.copy(db, path)
    con = sqlite3.connect(path)
    ids = [r[0] for r in con.execute("SELECT id FROM events WHERE status = 'occurred' ORDER BY id")]
    con.execute(
        "UPDATE events SET date = '2023-11-01', date_precision = 'month' WHERE id = ?", [ids[0]]
    )
    con.execute(
        "UPDATE events SET date = '1985-01-01', date_precision = 'year' WHERE id = ?", [ids[1]]
    )
    con.execute("UPDATE events SET date = NULL, date_precision = NULL WHERE id = ?", [ids[2]])
    con.commit()
    con.close()
    return path


def test_month_and_year_precision_show_as_month_and_year(odd_dates_db, parley_bin):
    table = _run(parley_bin, "events", "--db", str(odd_dates_db), "-f", "table").stdout
    assert "│ 2023-11    │" in table and "2023-11-01" not in table
    assert "│ 1985       │" in table and "1985-01-01" not in table
    assert "│ undated    │" in table
    rows = [
        json.loads(x)
        for x in _run(
            parley_bin, "events", "--db", str(odd_dates_db), "-f", "jsonl"
        ).stdout.splitlines()
    ]
    month = [r for r in rows if r["date_precision"] == "month"]
    assert month and month[0]["date"] == "2023-11-01"  # JSON keeps the contract's ISO day


def test_stats_count_and_say_the_undated(odd_dates_db, parley_bin):
    stats = json.loads(_run(parley_bin, "stats", "--db", str(odd_dates_db)).stdout)
    assert stats["undated"] == 1
    assert sum(r["events"] for r in stats["by_month"]) + stats["undated"] == stats["occurred"]
    assert {"month": "1985", "events": 1} in stats["by_month"]
    shown = _run(parley_bin, "stats", "--db", str(odd_dates_db), "-f", "table").stdout
    assert "1 occurred event without a date" in shown


def test_the_event_id_survives_an_80_column_terminal(db):
    from rich.console import Console

    from parley.cli.store import _events_table
    from parley.store import Store, query

    with Store(db, readonly=True) as store:
        rows = query.events(store.con)
    screen = io.StringIO()
    Console(file=screen, width=80).print(_events_table(rows))
    assert all(r["id"] in screen.getvalue() for r in rows)  # `parley show` needs it whole


def test_csv_with_nothing_matched_still_has_its_header(db, parley_bin):
    from parley.store import Store, query
    from parley.store.flat import FLAT_EVENT_COLUMNS, flat_event

    run = _run(parley_bin, "events", "--db", str(db), "--search", "zzqqxx", "-f", "csv")
    assert run.returncode == 0 and run.stdout.strip() == ",".join(FLAT_EVENT_COLUMNS)
    with Store(db, readonly=True) as store:
        assert tuple(flat_event(query.events(store.con)[0])) == FLAT_EVENT_COLUMNS
