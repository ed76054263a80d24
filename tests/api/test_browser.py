"""The dashboard in a real browser: Debian's chromium driven by Playwright.

Needs /usr/bin/chromium (installed by `make test` with apt-get) and the vendored web
assets (`bash web/build.sh`, also run by make). Skipped when they are absent, unless
PARLEY_REQUIRE_BROWSER=1 (set by .ci/run), which turns a skip into a failure.
Screenshots go to artifacts/screenshots/.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from parley.read import iter_documents
from parley.store import Store
from parley.store.ingest import ingest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "docs"
SHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
VENDOR = ROOT / "src" / "parley" / "api" / "static" / "vendor"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

pytestmark = pytest.mark.browser


def _missing() -> str | None:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed"
    if not CHROMIUM.exists():
        return "Debian's chromium is not installed (/usr/bin/chromium)"
    if not (VENDOR / "leaflet.js").exists():
        return "web assets are not built (bash web/build.sh)"
    return None


@pytest.fixture(scope="module")
def base_url(tmp_path_factory) -> Iterator[str]:
    reason = _missing()
    if reason:
        if os.environ.get("PARLEY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    import uvicorn

    from parley.api import create_app

    db = tmp_path_factory.mktemp("browser") / "p.db"
    with Store(db) as store:
        ingest(store, iter_documents([str(EXAMPLES)], lambda f: None))
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(
        uvicorn.Config(create_app(db), host="127.0.0.1", port=port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def page(base_url):
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        pg = browser.new_page(viewport={"width": 1400, "height": 1000})
        dialogs: list[str] = []
        pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        pg.dialogs = dialogs  # type: ignore[attr-defined]
        yield pg
        browser.close()


def test_dashboard_timeline_to_event_to_source(page, base_url):
    page.goto(base_url + "/")
    links = page.locator("#event-list a.event-link")
    links.first.wait_for(timeout=15000)
    assert links.count() >= 10
    page.locator("#map").wait_for()
    page.locator("#network svg").wait_for(timeout=15000)
    page.screenshot(path=str(SHOTS / "dashboard.png"), full_page=True)

    page.goto(base_url + "/?actor=Antony%20Blinken")
    page.locator("#event-list a.event-link").first.wait_for(timeout=15000)
    rows = page.locator("#event-list a.event-link")
    texts = [rows.nth(i).inner_text() for i in range(rows.count())]
    assert texts and all("Blinken" in t for t in texts)
    target = next(i for i, t in enumerate(texts) if "Wang" in t)
    rows.nth(target).click()
    page.wait_for_url("**/events/*")
    marks = page.locator("#sources mark.evidence")
    marks.first.wait_for()
    assert marks.count() >= 2  # two outlets, evidence highlighted in each
    assert "Beijing" in " ".join(marks.all_inner_texts())
    page.screenshot(path=str(SHOTS / "event.png"), full_page=True)


def test_article_markup_is_shown_as_text(page, base_url):
    page.goto(base_url + "/?search=Vientiane&country=IND&country2=CHN")
    page.locator("#event-list a.event-link").first.wait_for(timeout=15000)
    page.locator("#event-list a.event-link").first.click()
    page.wait_for_url("**/events/*")
    page.locator("#sources").wait_for()
    assert '<script>alert("parley")</script>' in page.locator("#sources").inner_text()
    assert page.evaluate("document.querySelectorAll('#sources script').length") == 0
    assert page.dialogs == []  # type: ignore[attr-defined]
    page.screenshot(path=str(SHOTS / "escaped-script.png"), full_page=True)
