"""Article text is printed as text, never read as Rich markup (issue 18): "[/b]" in a
sentence, a path or an occasion used to crash `statements --format table` and `show`."""

from __future__ import annotations

import fcntl
import json
import os
import pty
import sqlite3
import struct
import subprocess
import sys
import termios
from pathlib import Path


def _parley() -> str:
    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else "parley"


def _in_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run the command with its standard output on a pseudo-terminal (as a user sees it)."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 50, 250, 0, 0))
    proc = subprocess.Popen(
        [_parley(), *args],
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**os.environ, "COLUMNS": "250", "TERM": "xterm", "NO_COLOR": "1"},
    )
    os.close(slave)
    chunks = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the terminal closes with the command
            break
        if not data:
            break
        chunks.append(data)
    os.close(master)
    assert proc.stderr is not None
    err = proc.stderr.read().decode()
    return proc.wait(timeout=60), b"".join(chunks).decode(errors="replace"), err


def test_statements_table_prints_markup_as_text(edited_db):
    con = sqlite3.connect(edited_db)
    con.execute(
        "UPDATE statements SET text = 'He said [/b] and [bold]no[/] more.' "
        "WHERE rowid = (SELECT min(rowid) FROM statements)"
    )
    con.commit()
    con.close()
    out = subprocess.run(
        [_parley(), "statements", "--db", str(edited_db), "--format", "table"],
        capture_output=True,
        text=True,
        env={**os.environ, "COLUMNS": "300"},
    )
    assert out.returncode == 0, out.stderr
    assert "[/b]" in out.stdout and "[bold]no[/]" in out.stdout


def test_show_in_a_terminal_prints_markup_as_text(edited_db):
    con = sqlite3.connect(edited_db)
    event_id, doc_id, evidence = con.execute(
        "SELECT s.event_id, s.document_id, m.evidence FROM event_sources s "
        "JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position "
        "ORDER BY s.event_id LIMIT 1"
    ).fetchone()
    start = json.loads(evidence)[0]["start"]
    original = con.execute("SELECT original FROM documents WHERE id = ?", (doc_id,)).fetchone()[0]
    at = max(0, start - 5)
    changed = original[:at] + "[/b]" + original[at + 4 :]  # same length: offsets hold
    con.execute("UPDATE documents SET original = ? WHERE id = ?", (changed, doc_id))
    con.execute("UPDATE events SET occasion = '[/i] summit' WHERE id = ?", (event_id,))
    con.execute("UPDATE document_paths SET path = '[/u]' || path WHERE document_id = ?", (doc_id,))
    con.execute("UPDATE documents SET path = '[/u]' || path WHERE id = ?", (doc_id,))
    con.commit()
    con.close()
    status, out, err = _in_a_terminal("show", event_id, "--db", str(edited_db))
    assert status == 0, err
    assert "[/b]" in out and "[/i] summit" in out and "[/u]" in out
    assert "Traceback" not in err
    missing, _, err = _in_a_terminal("show", "[/b]nope", "--db", str(edited_db))
    assert missing == 1 and err.strip().startswith("parley: [/b]nope: no such event")
