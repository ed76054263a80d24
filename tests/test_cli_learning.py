"""`parley train`, `parley eval --cv`, `--model` and `extract --explain` from the command line."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"


@pytest.fixture(scope="module")
def parley_bin() -> str:
    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else (shutil.which("parley") or "parley")


def _run(cmd: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, capture_output=True, text=True, timeout=600)


@pytest.mark.slow  # trains twice on the examples: make test-all
def test_train_writes_the_same_model_twice_and_extract_uses_it(
    parley_bin: str, tmp_path: Path
) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    for out in (a, b):
        run = _run([parley_bin, "train", str(EXAMPLES), "--out", str(out)])
        assert run.returncode == 0, run.stderr
    assert a.read_bytes() == b.read_bytes()
    run = _run(
        [
            parley_bin,
            "extract",
            str(EXAMPLES / "docs" / "01_wang_blinken_beijing.txt"),
            "--model",
            str(a),
            "-f",
            "jsonl",
        ]
    )
    assert run.returncode == 0, run.stderr
    assert any(json.loads(line)["status"] == "occurred" for line in run.stdout.splitlines())


def test_a_bad_model_file_is_a_one_line_usage_error(parley_bin: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("not json")
    run = _run([parley_bin, "extract", str(EXAMPLES / "docs"), "--model", str(bad)])
    assert run.returncode == 2
    assert run.stderr.count("\n") == 1 and "bad.json" in run.stderr
    assert "Traceback" not in run.stderr


def test_eval_cv_scores_folds_and_merging(parley_bin: str) -> None:
    run = _run([parley_bin, "eval", str(EXAMPLES), "--cv", "2", "--merge", "--json"])
    assert run.returncode == 0, run.stderr
    got = json.loads(run.stdout)
    assert got["folds"] == 2 and got["documents"] == 12
    for k in ("recall", "precision", "date_accuracy", "merge_precision", "merge_recall"):
        assert got[k] is not None and 0 <= got[k] <= 1


def test_eval_cv_refuses_a_model(parley_bin: str, tmp_path: Path) -> None:
    run = _run([parley_bin, "eval", str(EXAMPLES), "--cv", "2", "--model", str(tmp_path / "m")])
    assert run.returncode == 2


def test_explain_lists_the_options_and_cues_of_every_field(parley_bin: str) -> None:
    doc = EXAMPLES / "docs" / "03_jaishankar_lavrov_moscow.txt"
    run = _run([parley_bin, "extract", str(doc), "--explain", "-f", "jsonl"])
    assert run.returncode == 0, run.stderr
    ev = json.loads(run.stdout.splitlines()[0])
    why = ev["explain"]
    assert {"status", "participants", "date", "location"} <= set(why)
    assert why["date"]["candidates"][0]["cues"]
    assert why["location"]["city"]["chosen"].startswith("Moscow")
    table = _run([parley_bin, "extract", str(doc), "--explain", "-f", "table"])
    assert table.returncode == 0 and "location city: Moscow" in table.stdout


@pytest.mark.slow  # trains, then ingests twice: make test-all
def test_ingest_takes_a_model_too(parley_bin: str, tmp_path: Path) -> None:
    model = tmp_path / "m.json"
    assert _run([parley_bin, "train", str(EXAMPLES), "--out", str(model)]).returncode == 0
    db = tmp_path / "p.db"
    run = _run(
        [parley_bin, "ingest", str(EXAMPLES / "docs"), "--db", str(db), "--model", str(model)]
    )
    assert run.returncode == 0, run.stderr
    events = _run([parley_bin, "events", "--db", str(db), "--format", "jsonl"])
    assert events.stdout.strip()
    assert all(
        "mention" in p
        for line in events.stdout.splitlines()
        for p in json.loads(line)["participants"]
    )
