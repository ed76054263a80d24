"""`parley ingest`'s progress bar: it knows its total and its rate on a terminal, and is
absent when standard error is not one (one line per failure stays the whole format)."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from parley.cli.progress import count_documents


def test_the_total_counts_files_and_json_lines_records(tmp_path):
    (tmp_path / "a.txt").write_text("one report", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text("<p>another</p>", encoding="utf-8")
    (tmp_path / "c.jsonl").write_text('{"text": "x"}\n\n{"text": "y"}\n{"text": "z"}\n', "utf-8")
    assert count_documents([str(tmp_path)]) == 5
    assert count_documents([str(tmp_path / "a.txt"), str(tmp_path / "c.jsonl")]) == 4
    assert count_documents(["-"]) is None


def _parley() -> str:
    return str(Path(sys.executable).with_name("parley"))


def test_a_terminal_sees_the_total_and_a_pipe_sees_no_bar(tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(3):
        (docs / f"{n}.txt").write_text(f"Report {n} of nothing in particular.", "utf-8")
    (docs / "bad.pdf").write_bytes(b"%PDF-1.4 not a report")
    piped = subprocess.run(
        [_parley(), "ingest", str(docs), "--db", str(tmp_path / "a.db")],
        capture_output=True,
        text=True,
    )
    lines = piped.stderr.splitlines()
    assert all(line.startswith("parley: ") for line in lines) and "ingesting" not in piped.stderr
    # on a terminal (a pseudo-terminal for stderr), the bar shows "N/4 documents"
    code, shown = _on_a_terminal(["ingest", str(docs), "--db", str(tmp_path / "b.db")])
    assert code == piped.returncode
    assert b"/4" in shown and b"documents" in shown


def _on_a_terminal(args: list[str]) -> tuple[int, bytes]:
    """Run ``parley`` with a pseudo-terminal for standard error and what it showed there.

    The terminal is read while the command runs: a pseudo-terminal holds only a few
    kilobytes, and a bar redrawn for longer than that (a loaded machine) would otherwise
    block the command on its next write, and the test with it."""
    leader, follower = pty.openpty()
    shown = bytearray()

    def read() -> None:
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the command has exited and the terminal is closed
                return
            if not chunk:
                return
            shown.extend(chunk)

    reader = threading.Thread(target=read)
    reader.start()
    run = subprocess.run(
        [_parley(), *args],
        stdout=subprocess.DEVNULL,
        stderr=follower,
        env={**os.environ, "COLUMNS": "200", "TERM": "xterm"},
    )
    os.close(follower)
    reader.join()
    os.close(leader)
    return run.returncode, bytes(shown)


@pytest.mark.slow  # eval and train, each twice: make test-all
def test_eval_and_train_show_their_total_on_a_terminal_only(tmp_path):
    examples = Path(__file__).resolve().parents[2] / "examples"
    n = sum(1 for line in (examples / "gold.jsonl").read_text("utf-8").splitlines() if line)
    for args in (["eval", str(examples)], ["train", str(examples), "--out", "m.json"]):
        piped = subprocess.run([_parley(), *args], capture_output=True, text=True, cwd=tmp_path)
        assert "reading" not in piped.stderr and "extracting" not in piped.stderr
        code, shown = _on_a_terminal(
            [*args[:-1], str(tmp_path / "m2.json")] if "--out" in args else args
        )
        assert code == piped.returncode
        assert f"/{n}".encode() in shown and b"documents" in shown
