"""Uploads with a token (issue 18): the token only as ``Authorization: Bearer``, the size
limit enforced while the body streams in, reader errors and lone surrogates answered in
one clear response instead of a 500, and the token taken from PARLEY_TOKEN."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parley.api import create_app

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"
TOKEN = "s3cret-token"
ARTICLE = (
    "MOSCOW, May 3 (TASS) -- Russian Foreign Minister Sergei Lavrov met Indian External "
    "Affairs Minister Subrahmanyam Jaishankar in Moscow on Friday.\n"
)


@pytest.fixture(scope="module")
def db(one_article_db) -> Path:
    return one_article_db


@pytest.fixture
def app(db, tmp_path) -> TestClient:
    copy = tmp_path / "copy.db"
    shutil.copy(db, copy)
    return TestClient(create_app(copy, token=TOKEN))


def _post(app: TestClient, body: bytes | Iterator[bytes], name: str, auth: str | None) -> object:
    headers = {"Authorization": auth} if auth is not None else {}
    return app.post("/api/v1/documents", params={"name": name}, content=body, headers=headers)


def test_the_token_counts_only_after_bearer(app):
    body = ARTICLE.encode()
    for auth in (TOKEN, f"Token {TOKEN}", f"Bearer{TOKEN}", f"Bearer {TOKEN}x", "Bearer "):
        assert _post(app, body, "a.txt", auth).status_code == 401, auth  # type: ignore[attr-defined]
    ok = _post(app, body, "a.txt", f"bearer {TOKEN}")
    assert ok.status_code == 200 and ok.json()["new"] == 1  # type: ignore[attr-defined]


def test_a_lone_surrogate_in_an_upload_is_stored_not_a_500(app):
    body = b'{"title": "Talks \\udfff", "text": "' + ARTICLE.strip().encode() + b' \\ud800"}'
    got = _post(app, body, "s.json", f"Bearer {TOKEN}")
    assert got.status_code == 200, got.text  # type: ignore[attr-defined]
    assert got.json()["new"] == 1  # type: ignore[attr-defined]


def test_a_reader_error_is_a_422_naming_the_upload(app, monkeypatch):
    import parley.read

    def broken(raw: object) -> object:
        raise RuntimeError("a cleaner bug")

    monkeypatch.setattr(parley.read, "_document", broken)
    got = _post(app, ARTICLE.encode(), "b.txt", f"Bearer {TOKEN}")
    assert got.status_code == 422  # type: ignore[attr-defined]
    assert got.json()["detail"] == "b.txt: could not clean (RuntimeError)"  # type: ignore[attr-defined]


def _asgi_post(
    app: object, chunks: int, chunk: bytes, headers: list[tuple[bytes, bytes]]
) -> tuple[int, int]:
    """POST chunk after chunk straight to the ASGI app (the test client would buffer the
    body first); return the status and how many chunks the app asked for."""
    import asyncio

    asked = 0
    status = 0

    async def receive() -> dict[str, object]:
        nonlocal asked
        asked += 1
        return {"type": "http.request", "body": chunk, "more_body": asked < chunks}

    async def send(message: dict[str, object]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])  # type: ignore[call-overload]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": "/api/v1/documents",
        "raw_path": b"/api/v1/documents",
        "query_string": b"name=big.txt",
        "headers": headers,
        "client": ("127.0.0.1", 1234),
        "server": ("127.0.0.1", 8000),
        "root_path": "",
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[operator]
    return status, asked


def test_a_body_over_the_limit_is_refused_before_it_is_read_whole(app):
    from parley.api.app import MAX_UPLOAD_BYTES

    chunk = b"x" * 1_000_000
    auth = [(b"authorization", f"Bearer {TOKEN}".encode())]
    status, asked = _asgi_post(app.app, 400, chunk, auth)  # 400 MB, no Content-Length
    assert status == 413
    assert asked * len(chunk) <= MAX_UPLOAD_BYTES + 2 * len(chunk)
    declared = [*auth, (b"content-length", b"400000000")]
    status, asked = _asgi_post(app.app, 400, chunk, declared)
    assert status == 413 and asked == 0  # refused on its declared length alone


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _serve_first_line(db: Path, args: list[str], env: dict[str, str]) -> str:
    """Start `parley serve`, return its first line on standard error, stop it."""
    exe = Path(sys.executable).with_name("parley")
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(db), "--port", str(_free_port()), *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    try:
        assert proc.stderr is not None
        deadline = time.time() + 60
        lines = []
        while time.time() < deadline:
            line = proc.stderr.readline()
            lines.append(line.strip())
            if "serving" in line or not line:
                break
        return "\n".join(lines)
    finally:
        proc.terminate()
        proc.wait(timeout=30)


def test_the_token_can_come_from_the_environment_and_the_command_line_warns(db):
    env = {k: v for k, v in os.environ.items() if k != "PARLEY_TOKEN"}
    from_env = _serve_first_line(db, [], {**env, "PARLEY_TOKEN": TOKEN})
    assert from_env.startswith("parley: serving") and "uploads enabled" in from_env
    on_line = _serve_first_line(db, ["--token", TOKEN], env)
    first = on_line.splitlines()[0]
    assert first.startswith("parley: serve: --token on the command line is visible")
    assert "PARLEY_TOKEN" in first and "uploads enabled" in on_line
