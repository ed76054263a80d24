"""`ingest --engine dask` keeps the contract's standard error (issue 18): Dask's own log
lines and warnings (14 to 22 a run) stay off it, a FIFO in the folder is one failure line
instead of a worker waiting forever, and a file name that is not UTF-8 is stored as a
local ingest stores it."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "docs"

pytestmark = [pytest.mark.slow, pytest.mark.dask]


def _parley(*args: str) -> subprocess.CompletedProcess[str]:
    exe = Path(sys.executable).with_name("parley")
    return subprocess.run(
        [str(exe), *args], capture_output=True, text=True, timeout=600, errors="replace"
    )


def test_only_parley_lines_on_stderr_and_odd_files_reported(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(EXAMPLES, docs)
    os.mkfifo(docs / "zz-pipe.txt")
    odd = os.path.join(os.fsencode(docs), b"caf\xe9.txt")
    with open(odd, "wb") as fh:
        fh.write((EXAMPLES / "03_jaishankar_lavrov_moscow.txt").read_bytes() + b"\nMore.\n")
    out = _parley(
        "ingest", "--engine", "dask", "--workers", "2", str(docs), "--db", str(tmp_path / "d.db")
    )
    lines = out.stderr.splitlines()
    assert out.returncode == 1, out.stderr
    assert lines and all(line.startswith("parley: ") for line in lines), out.stderr
    failed = [line for line in lines if "zz-pipe.txt" in line]
    assert failed == [f"parley: {docs}/zz-pipe.txt: not a regular file (a FIFO)"]
    assert len(lines) == 3  # the failure, the run's summary and the load's
    local = tmp_path / "l.db"
    _parley("ingest", str(docs), "--db", str(local))
    paths = []
    for db in (tmp_path / "d.db", local):
        con = sqlite3.connect(db)
        paths.append(sorted(r[0] for r in con.execute("SELECT path FROM document_paths")))
        con.close()
    assert paths[0] == paths[1] and f"{docs}/caf\\xe9.txt" in paths[0]
