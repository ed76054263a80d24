"""What the server sends and whom it answers (issue 18): a Content-Security-Policy that
allows no inline script (and pages that need none), nosniff, no framing, a Host header
checked against the bound address and `--allowed-host` (DNS rebinding), and a control
character in a filter refused in one clean 400 instead of SQLite's message."""

from __future__ import annotations

import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from parley.api import create_app
from parley.store import Store

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"
STATIC = Path(__file__).resolve().parents[2] / "src" / "parley" / "api" / "static"


@pytest.fixture(scope="module")
def db(one_article_db) -> Path:
    return one_article_db


@pytest.fixture(scope="module")
def client(db) -> TestClient:
    return TestClient(create_app(db))


def _event_id(client: TestClient) -> str:
    return str(client.get("/api/v1/events").json()["items"][0]["id"])


def test_every_response_carries_the_security_headers(client):
    for path in ("/api/v1/stats", "/", f"/events/{_event_id(client)}", "/docs", "/nope"):
        got = client.get(path)
        policy = got.headers.get("content-security-policy", "")
        directives = dict(d.strip().partition(" ")[::2] for d in policy.split(";"))
        assert directives.get("script-src") == "'self'", path
        assert directives.get("frame-ancestors") == "'none'", path
        assert got.headers.get("x-content-type-options") == "nosniff", path
        assert got.headers.get("x-frame-options") == "DENY", path


def test_no_page_needs_an_inline_script(client):
    inline = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I)
    handlers = re.compile(r"<[^>]+\son[a-z]+\s*=", re.I)
    for path in ("/", f"/events/{_event_id(client)}", "/docs"):
        page = client.get(path).text
        assert not inline.search(page), path
        assert not handlers.search(page), path
        for src in re.findall(r'<script[^>]*\bsrc="([^"]+)"', page):
            assert src.startswith("/static/"), (path, src)  # served by this server
    assert 'data-api="/api/v1"' in client.get("/").text
    assert (STATIC / "swagger-init.js").exists()


@pytest.mark.parametrize("value", ["a\x00b", "\x00", "Wang\x1bYi"])
def test_a_control_character_in_a_filter_is_a_clean_400(client, value):
    for name in ("search", "actor", "place"):
        got = client.get("/api/v1/events", params={name: value})
        assert got.status_code == 400, (name, got.text)
        assert got.json()["detail"] == f"{name}: control characters are not allowed"


def test_a_nul_in_a_search_from_python_is_a_separator(db):
    from parley.store import query

    con = Store(db, readonly=True).con
    try:
        found = query.event_ids(con, query.EventFilter(search="Diaoyutai\x00"))
        assert found == query.event_ids(con, query.EventFilter(search="Diaoyutai"))
    finally:
        con.close()


def test_hosts_of_a_loopback_server():
    from parley.api.app import Hosts

    hosts = Hosts.bound("127.0.0.1", ["parley.lan"])
    for ok in ("127.0.0.1:8000", "localhost", "LOCALHOST.:8000", "[::1]:8000", "parley.lan"):
        assert hosts.allows(ok), ok
    for bad in ("evil.example", "evil.example:8000", "127.0.0.1.evil.example", "10.0.0.5", ""):
        assert not hosts.allows(bad), bad


def test_hosts_of_a_server_bound_to_every_interface():
    from parley.api.app import Hosts

    hosts = Hosts.bound("0.0.0.0")
    assert hosts.allows("192.168.1.20:8000") and hosts.allows("[fe80::1]:8000")
    assert not hosts.allows("evil.example")  # a name may be rebound; an address cannot
    assert Hosts.bound("0.0.0.0", ["news.lan"]).allows("news.lan:8000")


def test_a_foreign_host_header_is_refused(db):
    from parley.api.app import Hosts

    hosts = Hosts.bound("127.0.0.1")
    refused = TestClient(create_app(db, hosts=hosts), base_url="http://rebound.example")
    got = refused.get("/api/v1/stats")
    assert got.status_code == 400 and "Host" in got.json()["detail"]
    assert got.headers.get("x-frame-options") == "DENY"
    answered = TestClient(create_app(db, hosts=hosts), base_url="http://127.0.0.1:8000")
    assert answered.get("/api/v1/stats").status_code == 200


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _status(url: str, host: str) -> int:
    request = urllib.request.Request(url, headers={"Host": host})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return int(response.status)
    except urllib.error.HTTPError as e:
        return int(e.code)


def test_serve_checks_the_host_header(db, tmp_path):
    copy = tmp_path / "p.db"
    shutil.copy(db, copy)
    port = _free_port()
    exe = Path(sys.executable).with_name("parley")
    proc = subprocess.Popen(
        [str(exe), "serve", "--db", str(copy), "--port", str(port), "--allowed-host", "parley.lan"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/api/v1/stats"
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                if _status(url, f"127.0.0.1:{port}") == 200:
                    break
            except OSError:
                time.sleep(0.2)
        assert _status(url, f"127.0.0.1:{port}") == 200
        assert _status(url, f"localhost:{port}") == 200
        assert _status(url, f"parley.lan:{port}") == 200
        assert _status(url, f"attacker.example:{port}") == 400
    finally:
        proc.terminate()
        proc.wait(timeout=30)
