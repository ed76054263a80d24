"""`parley ingest --jobs`: read and extract in a pool of processes, one writer, and the
same database as with one job; and one error policy for a document whose extraction
fails, whatever the command and the number of jobs."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

import parley.extract
import parley.store.ingest as ingest_module
from parley.cli import app
from parley.read.formats import ReadFailure
from parley.store import Store
from parley.store.db import snapshot
from parley.store.ingest import ingest_paths
from parley.synth import write_corpus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The examples (a JSON Lines file of several records among them), 40 synthetic
    reports, an empty file and a file that is not text: every kind of item in order."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(EXAMPLES, root / "examples")
    write_corpus(40, root / "synth", seed=3)
    (root / "synth" / "docs" / "empty.txt").write_bytes(b"")
    (root / "synth" / "docs" / "binary.txt").write_bytes(bytes(range(256)) * 8)
    return root


def _run(
    db: Path, paths: list[str], jobs: int, batch_size: int = 7
) -> tuple[dict[str, Any], list[str], dict[str, int]]:
    failures: list[ReadFailure] = []
    with Store(db) as store:
        summary = ingest_paths(store, paths, None, batch_size, jobs=jobs, on_error=failures.append)
    with sqlite3.connect(db) as con:
        tables = snapshot(con)
    return tables, [f"{f.source}: {f.reason}" for f in failures], summary.as_dict()


@pytest.fixture
def pool_always(monkeypatch: pytest.MonkeyPatch) -> None:
    """Workers even for a small corpus, and tasks small enough that a JSON Lines file is
    read by one task and extracted by several."""
    monkeypatch.setattr(ingest_module, "SMALL_INPUT", 0)
    monkeypatch.setattr(ingest_module, "TASK_DOCUMENTS", 3)


@pytest.mark.usefixtures("pool_always")
def test_two_jobs_store_what_one_job_stores(corpus: Path, tmp_path: Path) -> None:
    paths = [str(corpus / "examples"), str(corpus / "missing"), str(corpus / "synth" / "docs")]
    one = _run(tmp_path / "one.db", paths, jobs=1)
    two = _run(tmp_path / "two.db", paths, jobs=2)
    assert one[0]["events"] and one[0]["mentions"]
    assert two[0] == one[0]  # every table, events and mentions among them
    assert two[1] == one[1]  # the same failures, in the same order
    assert [f.split(": ", 1)[1] for f in one[1]] == [
        "no such file or directory",
        "not text (binary)",
        "empty file",
    ]
    assert two[2] == one[2]
    assert one[2]["failed"] == 3


@pytest.mark.usefixtures("pool_always")
def test_reading_ahead_bounded_in_bytes_stores_the_same(
    corpus: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With room for one task's input only (a large file, say), the pool reads one task
    ahead at a time and stores what it stores with room to spare."""
    paths = [str(corpus / "examples"), str(corpus / "synth" / "docs")]
    roomy = _run(tmp_path / "roomy.db", paths, jobs=2)
    monkeypatch.setattr(ingest_module, "BYTES_AHEAD", 1)
    tight = _run(tmp_path / "tight.db", paths, jobs=2)
    assert tight == roomy


@pytest.mark.usefixtures("pool_always")
def test_two_jobs_into_a_store_that_holds_documents(corpus: Path, tmp_path: Path) -> None:
    """A second run (some documents stored already, others new) comes out the same: the
    documents stored already are not extracted again, the others are."""
    first = [str(corpus / "examples")]
    both = [str(corpus / "synth" / "docs"), str(corpus / "examples")]
    _run(tmp_path / "one.db", first, jobs=1)
    _run(tmp_path / "two.db", first, jobs=2)
    one = _run(tmp_path / "one.db", both, jobs=1)
    two = _run(tmp_path / "two.db", both, jobs=2)
    assert two == one
    assert one[2]["new"] > 0 and one[2]["documents read"] > 40


def test_the_command_takes_jobs(corpus: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for jobs in ("1", "2"):
        db = tmp_path / f"{jobs}.db"
        result = runner.invoke(
            app, ["ingest", str(corpus / "examples"), "--db", str(db), "-j", jobs]
        )
        assert result.exit_code == 0, result.output
    with sqlite3.connect(tmp_path / "1.db") as a, sqlite3.connect(tmp_path / "2.db") as b:
        assert snapshot(a) == snapshot(b)
    bad = runner.invoke(app, ["ingest", str(corpus / "examples"), "--jobs", "0"])
    assert bad.exit_code == 2


# -- one error policy ---------------------------------------------------------------------


@pytest.fixture
def failing_extraction(monkeypatch: pytest.MonkeyPatch) -> None:
    """Extraction raises on the document that mentions Canberra, as a bug would: no real
    input is known to make it raise (the fuzz stage found none), so the function is
    replaced where the commands call it."""
    real = parley.extract.extract_document

    def extract(doc: Any, published: Any = None, model: Any = None, explain: bool = False) -> Any:
        if "Canberra" in doc.text:
            raise RuntimeError("boom\nsecond line")
        return real(doc, published, model, explain)

    monkeypatch.setattr(parley.extract, "extract_document", extract)
    monkeypatch.setattr(ingest_module, "extract_document", extract)


EXPECTED = "parley: 09_wang_wong_canberra.txt: extraction failed (RuntimeError: boom second line)"


def _lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.strip()]


@pytest.mark.usefixtures("failing_extraction")
def test_ingest_reports_a_failed_extraction_in_one_line_and_goes_on(tmp_path: Path) -> None:
    db = tmp_path / "p.db"
    result = CliRunner().invoke(app, ["ingest", str(EXAMPLES), "--db", str(db), "--jobs", "1"])
    assert result.exit_code == 1
    lines = _lines(result.stderr)
    assert [ln.replace(str(EXAMPLES) + "/", "") for ln in lines[:-1]] == [EXPECTED]
    assert "failed 1," in lines[-1]  # counted in the summary
    with sqlite3.connect(db) as con:
        paths = [r[0] for r in con.execute("SELECT path FROM document_paths")]
        assert len(paths) == 12  # every other document stored
        assert not any("canberra" in p for p in paths)


@pytest.mark.usefixtures("failing_extraction")
def test_extract_reports_it_in_the_same_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["extract", str(EXAMPLES), "--format", "jsonl"])
    assert result.exit_code == 1
    assert [ln.replace(str(EXAMPLES) + "/", "") for ln in _lines(result.stderr)] == [EXPECTED]
    events = [json.loads(line) for line in _lines(result.stdout)]
    assert events and not any("canberra" in e["doc"] for e in events)


def test_a_worker_reports_it_as_the_writer_does(monkeypatch: pytest.MonkeyPatch) -> None:
    """What a pool worker sends back for a failing document is the same failure."""

    def extract(doc: Any, published: Any = None, model: Any = None) -> Any:
        raise ValueError("no")

    monkeypatch.setattr(ingest_module, "extract_document", extract)
    ingest_module._start_worker(None, None)
    [done] = ingest_module._read_task([("a.txt", b"Wang Yi met Penny Wong in Canberra.")], 1)
    assert isinstance(done, ingest_module.Extracted)
    assert done.failure == "extraction failed (ValueError: no)"
