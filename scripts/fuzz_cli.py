"""CI fuzz stage (issue 18): what a scraper or a careless crawler leaves in a folder, through
the command line as users run it.

Usage: python scripts/fuzz_cli.py [--inputs N] [--seed S] [--work DIR]

Generates N bad or odd inputs (deterministically from the seed: broken containers, binary
and mis-encoded bytes, pathological lengths and whitespace, markup and escape codes, odd
file names and file types) mixed with good synthetic reports, spread over folders. Over
each folder it runs `parley read`, `parley extract` and `parley ingest` with a time
limit per run, and checks what the contract promises:

- no traceback, and the exit status is 0, 1 or 2;
- standard error holds only `parley: NAME: reason` lines, exactly one per failing input
  (a record of a container is named NAME:N), and every input either gives a document or
  has its line: nothing is dropped silently;
- no good document is lost: each one's path is stored, and the mentions stored for it are
  the events `extract` finds in it alone;
- no input takes over 5 s: each one is also read and extracted alone, in-process, timed.

Prints one summary line with the figures; exits 1 with one line per problem otherwise.
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import random
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

PER_INPUT_SECONDS = 5.0
FOLDERS = 4
GOOD_PER_FOLDER = 40
RUN_SECONDS = 600  # a whole run over one folder (--run-seconds); a stall is a failure


@dataclass
class Input:
    """One file placed in a folder: its name as bytes (need not be UTF-8) and content, or
    a special kind (``fifo``, ``socket``, ``dangling``, ``loop``, ``dir``)."""

    name: bytes
    data: bytes = b""
    special: str | None = None
    good: bool = False


# -- generators of bad and odd inputs ----------------------------------------------------

WORDS = [
    "minister",
    "met",
    "counterpart",
    "talks",
    "capital",
    "trade",
    "agreed",
    "visit",
    "said",
    "president",
    "foreign",
    "the",
    "and",
    "of",
    "in",
    "on",
    "a",
    "to",
    "with",
    "for",
    "by",
    "at",
    "from",
    "was",
]
NAMES = ["Putin", "Xi", "Modi", "Lula", "Ruto", "Macron", "Lavrov", "Wang Yi", "Scholz"]


def _words(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS + NAMES) for _ in range(n))


def _sentence(rng: random.Random) -> str:
    a, b = rng.sample(NAMES, 2)
    return f"{a} met {b} in the capital on {rng.choice(['Monday', 'Friday', '3 May'])}."


def _size(rng: random.Random, small: int, large: int) -> int:
    """Mostly ``small``; one time in 25 ``large`` (the lengths that once took minutes)."""
    return large if rng.random() < 0.04 else rng.randrange(1, small + 1)


def _text_bytes(rng: random.Random) -> bytes:
    """Text that is odd in one way or another."""
    kind = rng.randrange(16)
    s = _sentence(rng)
    if kind == 0:
        return b""
    if kind == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 3000)))
    if kind == 2:
        return (s + " " * _size(rng, 1000, 40_000) + s).encode()
    if kind == 3:
        return ("x" * _size(rng, 5_000, 150_000)).encode()
    if kind == 4:
        return (
            s[:-1] + " and " + " and ".join(rng.choice(NAMES) for _ in range(_size(rng, 30, 2000)))
        ).encode()
    if kind == 5:
        return (s + " [/b] [bold]x[/] \x1b[31mred\x1b[0m \u202e rtl \x00 nul").encode()
    if kind == 6:
        return s.encode("utf-16")
    if kind == 7:
        return s.encode("latin-1", "replace") + b" caf\xe9 \xff\xfe"
    if kind == 8:
        return ("\n" * _size(rng, 100, 20_000) + s).encode()
    if kind == 9:
        return (("| " * _size(rng, 100, 10_000)) + s).encode()
    if kind == 10:
        return ("【编辑:" * _size(rng, 50, 10_000) + s).encode()
    if kind == 11:
        return ("\u3000" * _size(rng, 500, 40_000) + s).encode()
    if kind == 12:
        lines = _size(rng, 40, 4000)
        return "\n".join(f"Line {i}: {_words(rng, 8)}." for i in range(lines)).encode()
    if kind == 13:
        return ("\ufeff" + s + "\r\n\r" * 50 + s).encode()
    if kind == 14:
        return ("Published" + " " * _size(rng, 500, 40_000) + "2024-05-03 12:30 " + s).encode()
    return _words(rng, rng.randrange(1, 400)).encode()


def _html(rng: random.Random) -> bytes:
    kind = rng.randrange(6)
    s = _sentence(rng)
    if kind == 0:
        return b"<html><body>" + b"<div>" * _size(rng, 100, 20_000) + s.encode()
    if kind == 1:
        return f"<html><script>{s}</script><style>p{{}}</style></html>".encode()
    if kind == 2:
        return f'<p title="{"x" * _size(rng, 1000, 200_000)}">{s}</p>'.encode()
    if kind == 3:
        return f"<html><head><meta charset='klingon'></head><body><p>{s}</p>".encode()
    if kind == 4:
        return b"<html>\x00\x01\x02" + os.urandom(500)
    return f"<html><body><article><p>{s} <b>[/b]</b></p></article></body></html>".encode()


def _json(rng: random.Random) -> bytes:
    s = _sentence(rng)
    choices: list[Callable[[], bytes]] = [
        lambda: b'{"text": ',
        lambda: b"[" * _size(rng, 100, 100_000) + b"]" * 100,
        lambda: b'{"text": 5, "title": [1, 2]}',
        lambda: b'{"text": null}',
        lambda: b"[1, 2, 3]",
        lambda: b'"just a string"',
        lambda: (
            json.dumps({"text": s + " \\ud800", "title": "\\udfff"})
            .encode()
            .replace(b"\\\\u", b"\\u")
        ),
        lambda: json.dumps({"text": s, "published": "not a date", "url": 42}).encode(),
        lambda: json.dumps({"text": s, "published": "9999-99-99T99:99"}).encode(),
        lambda: b'{"text": "' + b"a" * _size(rng, 1000, 300_000) + b'"}',
        lambda: b"\xef\xbb\xbf" + json.dumps({"text": s}).encode(),
        lambda: b'{"text": "x", "text": "' + s.encode() + b'"}',
    ]
    return rng.choice(choices)()


def _jsonl(rng: random.Random) -> bytes:
    lines = []
    for _ in range(rng.randrange(1, 6)):
        kind = rng.randrange(5)
        if kind == 0:
            lines.append(b"{bad")
        elif kind == 1:
            lines.append(json.dumps({"text": _sentence(rng)}).encode())
        elif kind == 2:
            lines.append(b'{"text": "\\ud800 ' + _sentence(rng).encode() + b'"}')
        elif kind == 3:
            lines.append(b"")
        else:
            lines.append(b'{"no_text": 1}')
    return b"\n".join(lines) + rng.choice([b"\n", b""])


def _warc(rng: random.Random, compress: bool) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for i in range(rng.randrange(1, 4)):
        body = f"<html><body><article><p>{_sentence(rng)}</p></article></body></html>".encode()
        ctype = rng.choice(["text/html", "text/html; charset=nope", "application/pdf"])
        headers = StatusAndHeaders("200 OK", [("Content-Type", ctype)], protocol="HTTP/1.1")
        record = writer.create_warc_record(
            f"http://example.org/{i}", "response", payload=io.BytesIO(body), http_headers=headers
        )
        writer.write_record(record)
    data = buf.getvalue()
    kind = rng.randrange(4)
    if kind == 0:
        return data[: rng.randrange(1, len(data))]  # cut anywhere
    if kind == 1:
        return data[:-4] + b"junk\r\n\r\n" + data[-4:]
    if kind == 2:
        return data + os.urandom(100)
    return data


def _gz(rng: random.Random) -> bytes:
    inner = _text_bytes(rng)
    data = gzip.compress(inner)
    kind = rng.randrange(4)
    if kind == 0:
        return data[: rng.randrange(1, max(2, len(data)))]
    if kind == 1:
        return gzip.compress(data)  # nested
    if kind == 2:
        return b"\x1f\x8b" + os.urandom(200)
    return data


def _odd_name(rng: random.Random, i: int, ext: str) -> bytes:
    stem = f"f{i:05d}".encode()
    kind = rng.randrange(10)
    if kind == 0:
        return stem + b"-caf\xe9\xff" + ext.encode()  # not UTF-8
    if kind == 1:
        return stem + b"-two\nlines" + ext.encode()
    if kind == 2:
        return stem + b"-a: b" + ext.encode()  # the separator of the contract's line
    if kind == 3:
        return stem + "-名前 ☃ \u202e".encode() + ext.encode()
    if kind == 4:
        return stem + b"-" + b"L" * 200 + ext.encode()
    if kind == 5:
        return stem + b"-[b]x[\\b]\x1b[31m" + ext.encode()
    return stem + ext.encode()


def bad_inputs(rng: random.Random, n: int, start: int) -> Iterator[Input]:
    for i in range(start, start + n):
        kind = rng.randrange(100)
        if kind < 3:
            special = rng.choice(["fifo", "socket", "dangling", "loop", "dir"])
            yield Input(f"f{i:05d}-{special}.txt".encode(), special=special)
            continue
        if kind < 40:
            ext, data = rng.choice([".txt", ".txt", ".htm"]), _text_bytes(rng)
        elif kind < 55:
            ext, data = ".html", _html(rng)
        elif kind < 67:
            ext, data = ".json", _json(rng)
        elif kind < 77:
            ext, data = ".jsonl", _jsonl(rng)
        elif kind < 85:
            compress = rng.random() < 0.5
            ext, data = (".warc.gz" if compress else ".warc"), _warc(rng, compress)
        else:
            ext, data = rng.choice([".txt.gz", ".json.gz", ".gz"]), _gz(rng)
        yield Input(_odd_name(rng, i, ext), data)


def good_inputs(rng: random.Random, n: int, seed: int) -> Iterator[Input]:
    from parley.synth import Generator

    for k, d in enumerate(Generator(seed=seed).documents(n)):
        name = d.name.encode()
        if k % 5 == 1:  # a good document may carry an odd name too
            name = name.replace(b".txt", b"-r\xe9sum\xe9.txt")
        elif k % 5 == 2:
            name = name.replace(b".txt", b" two\nlines.txt")
        yield Input(name, d.text.encode(), good=True)


def place(folder: Path, item: Input) -> bytes:
    path = os.path.join(os.fsencode(folder), item.name)
    if item.special == "fifo":
        os.mkfifo(path)
    elif item.special == "socket":
        # a bound socket's path must be short; the socket stays bound (never accepting)
        sock = socket.socket(socket.AF_UNIX)
        here = os.getcwd()
        os.chdir(folder)
        try:
            sock.bind(item.name.decode())
        finally:
            os.chdir(here)
        _SOCKETS.append(sock)
    elif item.special == "dangling":
        os.symlink(b"/nonexistent/target.txt", path)
    elif item.special == "loop":
        os.symlink(item.name, path)
    elif item.special == "dir":
        os.mkdir(path)
        with open(os.path.join(path, b"inner.txt"), "wb") as fh:
            fh.write(b"Putin met Xi in Moscow on Monday.")
        item.good = False
    else:
        with open(path, "wb") as fh:
            fh.write(item.data)
    return path


_SOCKETS: list[socket.socket] = []


# -- checks -------------------------------------------------------------------------------


@dataclass
class Report:
    problems: list[str] = field(default_factory=list)
    runs: int = 0
    failure_lines: int = 0
    documents: int = 0
    slowest: tuple[float, str] = (0.0, "")
    seconds: dict[str, float] = field(default_factory=dict)

    def problem(self, text: str) -> None:
        if len(self.problems) < 200:
            self.problems.append(text)


# The contract's display rule, written out here rather than imported, so that this
# check does not share a bug with what it checks (and runs against older code too).
_ESCAPES = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_ESCAPES.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def stored(path: bytes) -> str:
    """The name parley writes to JSON and to the database for a path: valid UTF-8, each
    byte that is not UTF-8 escaped as ``\\xNN``."""
    return path.decode("utf-8", "backslashreplace")


def shown(path: bytes) -> str:
    """The name parley prints on standard error for a path: valid UTF-8, on one line."""
    return stored(path).translate(_ESCAPES)


_SUMMARY = re.compile(r"^parley: (ingest into|dask \(|load )")


def check_stderr(
    report: Report, command: str, stderr: bytes, names: dict[str, bytes]
) -> dict[str, str]:
    """Every line ``parley: NAME[:N]: reason`` with NAME an input; at most one per name.
    Returns the failing names (with their record number) and reasons."""
    failed: dict[str, str] = {}
    try:
        text = stderr.decode("utf-8")
    except UnicodeDecodeError:
        report.problem(f"{command}: standard error is not UTF-8")
        return failed
    if "Traceback" in text:
        report.problem(f"{command}: a traceback: {text[text.index('Traceback') :][:300]!r}")
    by_length = sorted(names, key=len, reverse=True)
    for line in text.splitlines():
        if _SUMMARY.match(line):
            continue
        if not line.startswith("parley: "):
            report.problem(f"{command}: a line that is not parley's: {line[:200]!r}")
            continue
        rest = line[len("parley: ") :]
        name = next((n for n in by_length if rest.startswith(n)), None)
        if name is None:
            report.problem(f"{command}: a line naming no input: {line[:200]!r}")
            continue
        tail = rest[len(name) :]
        m = re.match(r"(:\d+)?: (.+)$", tail)
        if m is None:
            report.problem(f"{command}: not NAME: reason: {line[:200]!r}")
            continue
        key = name + (m.group(1) or "")
        if key in failed:
            report.problem(f"{command}: two lines for {key!r}")
        failed[key] = m.group(2)
    report.failure_lines += len(failed)
    return failed


def run(report: Report, args: list[str]) -> subprocess.CompletedProcess[bytes] | None:
    exe = Path(sys.executable).with_name("parley")
    report.runs += 1
    try:
        out = subprocess.run(
            [str(exe), *args], capture_output=True, timeout=RUN_SECONDS, stdin=subprocess.DEVNULL
        )
    except subprocess.TimeoutExpired:
        report.problem(f"{args[0]} {args[1]}: still running after {RUN_SECONDS} s")
        return None
    if out.returncode not in (0, 1, 2):
        report.problem(f"{args[0]} {args[1]}: exit status {out.returncode}")
    return out


def check_folder(report: Report, folder: Path, items: dict[bytes, Input]) -> None:
    names = {shown(p): p for p in items}
    line_name = {stored(p): shown(p) for p in items}
    db = folder.parent / f"{folder.name}.db"
    read = run(report, ["read", str(folder), "--format", "jsonl"])
    if read is not None:
        failed = check_stderr(report, f"read {folder.name}", read.stderr, names)
        docs = [json.loads(line) for line in read.stdout.decode("utf-8").splitlines()]
        report.documents += len(docs)
        gave = {_printed(d["doc"], line_name) for d in docs}
        for name, path in names.items():
            if items[path].special == "dir":
                continue  # a folder named x.txt is walked into, not read
            heard = any(k == name or k.startswith(name + ":") for k in (*failed, *gave))
            if not heard:
                report.problem(f"read: {name!r} gave neither a document nor a failure line")
            if items[path].good and name not in gave:
                report.problem(f"read: good document {name!r} not read")
        if (failed and read.returncode != 1) or (not failed and read.returncode != 0):
            report.problem(f"read {folder.name}: exit {read.returncode} with {len(failed)} failed")
    extract = run(report, ["extract", str(folder), "--format", "jsonl"])
    if extract is not None:
        check_stderr(report, f"extract {folder.name}", extract.stderr, names)
        for line in extract.stdout.decode("utf-8").splitlines():
            json.loads(line)
    ingest = run(report, ["ingest", str(folder), "--db", str(db)])
    if ingest is not None:
        check_stderr(report, f"ingest {folder.name}", ingest.stderr, names)
        check_good_stored(report, db, {p: i for p, i in items.items() if i.good})


def _printed(doc: str, line_name: dict[str, str]) -> str:
    """A document's ``doc`` as standard error would name it (``NAME`` or ``NAME:N``)."""
    base, sep, record = doc.rpartition(":")
    if doc in line_name:
        return line_name[doc]
    if sep and record.isdigit() and base in line_name:
        return f"{line_name[base]}:{record}"
    return doc


def check_good_stored(report: Report, db: Path, good: dict[bytes, Input]) -> None:
    """Every good document's path is stored, with as many mentions as it has events."""
    from parley.extract import extract_document
    from parley.read import iter_documents

    con = sqlite3.connect(db)
    try:
        for path in good:
            name = stored(path)
            row = con.execute(
                "SELECT document_id FROM document_paths WHERE path = ?", (name,)
            ).fetchone()
            if row is None:
                report.problem(f"ingest: good document {name!r} not stored")
                continue
            docs = list(iter_documents([os.fsdecode(path)], lambda f: None))
            want = sum(len(extract_document(d)[0]) for d in docs)
            got = con.execute(
                "SELECT count(*) FROM mentions WHERE document_id = ?", (row[0],)
            ).fetchone()[0]
            if got != want:
                report.problem(f"ingest: {name!r}: {got} mentions stored, {want} extracted")
    finally:
        con.close()


class _Slow(Exception):
    pass


def time_each(report: Report, paths: list[bytes]) -> None:
    """Read and extract every input alone, in-process, with a hard stop at 6x the budget."""
    from parley.extract import extract_document
    from parley.read import iter_documents

    def stop(signum: int, frame: object) -> None:
        raise _Slow

    previous = signal.signal(signal.SIGALRM, stop)
    try:
        for path in paths:
            start = time.perf_counter()
            signal.alarm(int(PER_INPUT_SECONDS * 6))
            try:
                for doc in iter_documents([os.fsdecode(path)], lambda f: None):
                    extract_document(doc)
            except _Slow:
                pass
            except Exception as e:  # the CLI catches these; in-process they are a bug
                report.problem(f"{shown(path)!r}: {type(e).__name__} in-process: {e}"[:300])
            finally:
                signal.alarm(0)
            took = time.perf_counter() - start
            if took > report.slowest[0]:
                report.slowest = (took, shown(path))
            if took > PER_INPUT_SECONDS:
                report.problem(f"{shown(path)!r}: {took:.1f} s to read and extract")
    finally:
        signal.signal(signal.SIGALRM, previous)


def main(argv: list[str] | None = None) -> int:
    global RUN_SECONDS
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--inputs", type=int, default=5000, help="bad or odd inputs")
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--work", help="keep the generated folders here")
    ap.add_argument("--run-seconds", type=int, default=RUN_SECONDS, help="limit of one run")
    args = ap.parse_args(argv)
    RUN_SECONDS = args.run_seconds
    rng = random.Random(args.seed)
    report = Report()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(args.work or tmp)
        root.mkdir(parents=True, exist_ok=True)
        folders: list[tuple[Path, dict[bytes, Input]]] = []
        per_folder = -(-args.inputs // FOLDERS)
        made = 0
        for f in range(FOLDERS):
            folder = root / f"batch{f:02d}"
            folder.mkdir()
            count = min(per_folder, args.inputs - made)
            items = [
                *bad_inputs(rng, count, made),
                *good_inputs(rng, GOOD_PER_FOLDER, args.seed * 100 + f),
            ]
            made += count
            placed = {place(folder, item): item for item in items}
            folders.append((folder, placed))
        report.seconds["generate"] = time.perf_counter() - started
        start = time.perf_counter()
        with ThreadPoolExecutor(max_workers=2) as pool:  # the two cores CI has
            list(pool.map(lambda fi: check_folder(report, *fi), folders))
        report.seconds["cli"] = time.perf_counter() - start
        start = time.perf_counter()
        regular = [p for _, items in folders for p, i in items.items() if i.special is None]
        time_each(report, regular)
        report.seconds["timed"] = time.perf_counter() - start
    good = FOLDERS * GOOD_PER_FOLDER
    figures = (
        f"{made} bad or odd inputs and {good} good documents in {FOLDERS} folders; "
        f"{report.runs} runs; {report.documents} documents read; "
        f"{report.failure_lines} failure lines; slowest input {report.slowest[0]:.2f} s; "
        + ", ".join(f"{k} {v:.0f} s" for k, v in report.seconds.items())
    )
    if report.problems:
        for p in report.problems:
            print(f"fuzz: {p}", file=sys.stderr)
        print(f"fuzz: {len(report.problems)} problem(s); {figures}", file=sys.stderr)
        return 1
    print(f"fuzz: no traceback, no good document lost, no input over 5 s: {figures}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
