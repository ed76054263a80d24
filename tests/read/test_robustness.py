"""What a scraper or a careless crawler leaves in a folder cannot crash, hang or blur the
output of `parley read`: odd file names, FIFOs, unreadable folders, lone surrogates,
library warnings, and lines built to make the cleaner's patterns slow (issue 18)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from parley.read import ReadFailure, iter_documents, read_text

ARTICLE = (
    "Ministers agree on a new ferry line\n"
    "OSLO, Aug. 6 (Xinhua) -- The two ministers met by the lake on Friday and talked "
    "about boats and trains.\n"
    "Both sides agreed to open a new ferry line next spring, the spokesman said.\n"
)


def _parley() -> str:
    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else "parley"


def _run(*args: str | bytes, timeout: float = 120) -> subprocess.CompletedProcess[bytes]:
    """The command as a user runs it, bytes in and out (file names need not be UTF-8)."""
    return subprocess.run([_parley(), *args], capture_output=True, timeout=timeout)


def _stderr_lines(out: subprocess.CompletedProcess[bytes]) -> list[str]:
    return out.stderr.decode("utf-8").splitlines()


def read(*paths: str | Path) -> tuple[list, list[ReadFailure]]:
    failures: list[ReadFailure] = []
    docs = list(iter_documents([str(p) for p in paths], failures.append))
    return docs, failures


# -- file names, file types, folders --------------------------------------------------


def test_a_file_name_that_is_not_utf8_is_read_and_written_as_valid_utf8(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    odd = os.path.join(os.fsencode(tmp_path), b"caf\xe9 \xff.txt")
    with open(odd, "wb") as fh:
        fh.write(ARTICLE.replace("ferry", "bridge").encode("utf-8"))
    out = _run("read", str(tmp_path))
    assert out.returncode == 0, out.stderr
    lines = out.stdout.decode("utf-8").splitlines()  # raises if a byte is not UTF-8
    names = sorted(json.loads(line)["doc"] for line in lines)
    assert names == [f"{tmp_path}/caf\\xe9 \\xff.txt", f"{tmp_path}/good.txt"]


def test_a_fifo_in_a_folder_is_reported_not_waited_on(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    os.mkfifo(tmp_path / "b.txt")  # nobody ever writes to it
    (tmp_path / "c.txt").write_text(ARTICLE.replace("ferry", "rail"), encoding="utf-8")
    for command in ("read", "extract"):
        out = _run(command, str(tmp_path), "--format", "jsonl", timeout=120)
        assert out.returncode == 1
        assert _stderr_lines(out) == [f"parley: {tmp_path}/b.txt: not a regular file (a FIFO)"]
    docs, failures = read(tmp_path)
    assert [Path(d.doc).name for d in docs] == ["a.txt", "c.txt"]
    assert [f.reason for f in failures] == ["not a regular file (a FIFO)"]
    _, given = read(tmp_path / "b.txt")  # named on the command line
    assert [f.reason for f in given] == ["not a regular file (a FIFO)"]


def test_a_folder_that_cannot_be_listed_is_reported(tmp_path, monkeypatch):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object = ".") -> object:
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    docs, failures = read(tmp_path)
    assert [Path(d.doc).name for d in docs] == ["a.txt"]
    assert failures == [ReadFailure(f"{tmp_path}/locked", "permission denied")]


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists any folder")
def test_an_unreadable_folder_makes_the_command_fail_in_one_line(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").mkdir()
    (tmp_path / "locked" / "x.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "locked").chmod(0)
    try:
        out = _run("read", str(tmp_path))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert out.returncode == 1
    assert _stderr_lines(out) == [f"parley: {tmp_path}/locked: permission denied"]


# -- one line per failure ---------------------------------------------------------------


def _warc_with_a_wrong_length(path: Path) -> None:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=False)
    body = ("<html><body><article><p>" + ARTICLE + "</p></article></body></html>").encode()
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
    record = writer.create_warc_record(
        "http://example.org/a", "response", payload=io.BytesIO(body), http_headers=headers
    )
    writer.write_record(record)
    data = buf.getvalue()
    path.write_bytes(data[:-4] + b"junk\r\n\r\n" + data[-4:])  # a record overrunning its length


def test_every_failure_is_one_line_naming_the_input(tmp_path):
    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "two\nlines.txt").write_bytes(b"\x00\x01\x02\x03" * 100)  # binary, odd name
    (tmp_path / "bad.json").write_text('{"text": ', encoding="utf-8")
    _warc_with_a_wrong_length(tmp_path / "w.warc")
    out = _run("read", str(tmp_path))
    assert out.returncode == 1
    lines = _stderr_lines(out)
    assert lines and all(line.startswith("parley: ") for line in lines)
    assert any("two\\nlines.txt: not text (binary)" in line for line in lines)
    assert any("bad.json: invalid JSON" in line for line in lines)
    assert all("WARNING" not in line and "Offset" not in line for line in lines)
    assert len(lines) == len({line.split(": ")[1] for line in lines})  # one per input
    good = [json.loads(x)["doc"] for x in out.stdout.decode().splitlines()]
    assert f"{tmp_path}/good.txt" in good


def test_a_reason_with_line_breaks_is_printed_on_one_line():
    from parley.cli import failure_line

    line = failure_line("a\nb.txt", "bad\r\nthing \x1b[31m\u2028end")
    assert line == "parley: a\\nb.txt: bad\\r\\nthing \\x1b[31m\\u2028end"


# -- lone surrogates ----------------------------------------------------------------------


def test_a_lone_surrogate_in_one_record_loses_nothing(tmp_path):
    records = [{"text": f"Story {i}: the ministers met by the lake."} for i in range(20)]
    records[7]["text"] = "Story 7: \ud800 the ministers met by the lake."
    records[8]["title"] = "A title \udfff"
    path = tmp_path / "s.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in records) + "\n", encoding="utf-8")
    docs, failures = read(path)
    assert failures == [] and len(docs) == 20
    assert "\ufffd" in docs[7].text and docs[8].title == "A title \ufffd"
    out = _run("read", str(path))
    assert out.returncode == 0 and len(out.stdout.decode("utf-8").splitlines()) == 20


# -- bounded work -----------------------------------------------------------------------


def _seconds(fn: Callable[[], object]) -> float:
    best = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - start)
    return best


# One line each, built so that a pattern retrying a run of spaces at every position of it
# takes time quadratic in its length (issue 18: 40,000 spaces took 42 s).
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "spaces": lambda n: "Hello" + " " * n + "world.",
    "spaces and tabs": lambda n: "word " + " \t" * (n // 2) + "end",
    "spaces before a bar": lambda n: "a" + " " * n + "| b",
    "label and spaces": lambda n: "Published" + " " * n + "x 2024-05-03",
    "clock and spaces": lambda n: "12:30" + " " * n + "x",
    "ideographic spaces": lambda n: "a" + "\u3000" * n + "b",
    "editor credits": lambda n: "text. " + "【编辑:" * (n // 4),
    "reporting credits": lambda n: "text. " + "(reporting by " * (n // 14),
    "many lines": lambda n: "\n".join(f"Line {i} says the minister met." for i in range(n // 32)),
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_cleaning_time_grows_linearly_with_a_line(name):
    make = PATHOLOGICAL[name]
    read_text("warm up.", "w")
    small, large = make(5_000), make(40_000)
    t_small = _seconds(lambda: read_text(small, "x"))
    t_large = _seconds(lambda: read_text(large, "x"))
    # 8 times the input: about 8 times the time when linear, 64 times when quadratic
    # (a ratio within one run: the machine's speed cancels out)
    assert t_large < 24 * max(t_small, 0.002), f"{name}: {t_small:.3f} s -> {t_large:.3f} s"


def test_a_document_over_the_length_budget_is_skipped_in_one_line(tmp_path):
    from parley.read.formats import MAX_TEXT_CHARS

    (tmp_path / "good.txt").write_text(ARTICLE, encoding="utf-8")
    (tmp_path / "dump.txt").write_text("Putin met Xi " * (MAX_TEXT_CHARS // 13 + 10), "utf-8")
    out = _run("ingest", str(tmp_path), "--db", str(tmp_path / "p.db"), timeout=600)
    assert out.returncode == 1
    failures = [line for line in _stderr_lines(out) if "dump.txt" in line]
    assert len(failures) == 1 and "skipped: too long" in failures[0]
    assert "new 1" in out.stderr.decode()


# -- truncated gzip ---------------------------------------------------------------------


def _gzipped_warc(path: Path, n: int) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=True)  # one gzip member per record, as crawlers write
    for i in range(n):
        body = f"<html><body><article><p>Story {i}. {ARTICLE}</p></article></body></html>"
        headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(
            writer.create_warc_record(
                f"http://example.org/{i}",
                "response",
                payload=io.BytesIO(body.encode()),
                http_headers=headers,
            )
        )
    data = buf.getvalue()
    path.write_bytes(data)
    return data


@pytest.mark.parametrize("cut", [4, 60, 300])
def test_a_cut_gzipped_warc_is_an_error_that_keeps_the_whole_records(tmp_path, cut):
    whole = tmp_path / "whole.warc.gz"
    data = _gzipped_warc(whole, 3)
    docs, failures = read(whole)
    assert len(docs) == 3 and failures == []
    cut_file = tmp_path / "cut.warc.gz"
    cut_file.write_bytes(data[:-cut])
    docs, failures = read(cut_file)
    assert len(docs) == 2  # the last record lost its end: not read as if whole
    assert [f.reason.split(" (")[0] for f in failures] == ["truncated gzip"]


def test_a_cut_gzip_is_an_error(tmp_path):
    import gzip

    data = gzip.compress(ARTICLE.encode() * 20)
    for cut in (4, 8, len(data) // 2):
        (tmp_path / "a.txt.gz").write_bytes(data[:-cut])
        docs, failures = read(tmp_path / "a.txt.gz")
        assert docs == [] and [f.reason for f in failures] == ["truncated gzip"]


# -- language ---------------------------------------------------------------------------

# One- or two-sentence reports, as wire briefs and headlines are, in my own words.
SHORT_ENGLISH = [
    "The Kenyan foreign minister met his Ghanaian counterpart in Nairobi on 3 May 2024.",
    "Nigerian president receives Ghanaian envoy in Abuja.",
    "Kenya and Ghana sign trade deal",
    "Modi and Sharif talk by phone",
    "Lavrov meets Wang Yi in Beijing",
    "Erdogan and Aliyev met in Baku on Friday.",
    "Putin met Xi in Moscow.",
]
SHORT_OTHER = {
    "Scholz trifft Macron in Berlin": "de",
    "Meloni incontra Scholz a Roma": "it",
    "Macron reçoit Scholz à l'Élysée": "fr",
    "Lula recebe Milei em Brasília": "pt",
    "Jokowi bertemu Albanese di Jakarta": "id",
    "Wale Adebayo don talk say di minister go come Abuja for di meeting wey dem go do.": "pcm",
    "Premier Polski spotkał się z prezydentem Francji w Warszawie.": "pl",
}


@pytest.mark.parametrize("text", SHORT_ENGLISH)
def test_short_english_is_english(text):
    assert read_text(text, "brief.txt").lang == "en"


@pytest.mark.parametrize("text", sorted(SHORT_OTHER))
def test_short_text_in_another_language_keeps_it(text):
    assert read_text(text, "brief.txt").lang == SHORT_OTHER[text]


def test_a_short_english_brief_yields_its_event():
    from parley.extract import extract_document

    doc = read_text(SHORT_ENGLISH[0], "brief.txt", "2024-05-03")
    events, _ = extract_document(doc)
    assert [e.countries for e in events if e.status == "occurred"] == [["KEN", "GHA"]]


def test_a_file_is_read_to_its_end_past_the_size_it_had(tmp_path):
    """The size ``fstat`` gave is only the first read's request: a file that grew since
    is read on, to the limit, and one byte past the limit tells it is too large."""
    from parley.read import _read_fd

    path = tmp_path / "grown.txt"
    path.write_bytes(b"x" * 5000)
    fd = os.open(path, os.O_RDONLY)
    try:
        assert _read_fd(fd, 100, 10_000) == b"x" * 5000
        os.lseek(fd, 0, os.SEEK_SET)
        assert _read_fd(fd, 100, 1000) == b"x" * 1001
        os.lseek(fd, 0, os.SEEK_SET)
        assert _read_fd(fd, 5000, 4999) == b"x" * 5000
    finally:
        os.close(fd)


def test_a_file_that_cannot_be_opened_is_judged_by_its_size_first(tmp_path, monkeypatch):
    """As when the size was asked before opening: a file too large to read says so, any
    other says why it could not be opened (root opens every file: a refusal is made)."""
    import parley.read as reader

    small, big = tmp_path / "small.txt", tmp_path / "big.txt"
    small.write_text(ARTICLE, encoding="utf-8")
    with open(big, "wb") as f:
        f.truncate(reader.MAX_BYTES + 1)
    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).startswith(str(tmp_path)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(reader.os, "open", refuse)
    failures: list[ReadFailure] = []
    assert list(iter_documents([str(small), str(big)], failures.append)) == []
    assert [f.reason for f in failures] == ["permission denied", "too large (21.0 MB > 20 MB)"]
