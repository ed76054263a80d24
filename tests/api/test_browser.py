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
# reports written for these tests that name people in Chinese and Arabic script
SCRIPTS = Path(__file__).resolve().parent / "data" / "scripts"
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
        ingest(store, iter_documents([str(EXAMPLES), str(SCRIPTS)], lambda f: None))
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


def test_filter_then_charts_then_download(page, base_url, tmp_path):
    """A filter reaches every chart (the topic chart too) and the download holds exactly
    the filtered engagements, all of them."""
    page.goto(base_url + "/")
    page.locator("#event-list a.event-link").first.wait_for(timeout=15000)
    everything = int(page.locator("#event-count").inner_text().strip("()"))
    page.fill("#f-country", "RUS")
    with page.expect_response(lambda r: "/api/v1/trends" in r.url) as trends:
        page.click("#apply")
    assert "country=RUS" in trends.value.url
    page.wait_for_function(
        "(n) => document.querySelector('#event-count').textContent !== '(' + n + ')'",
        arg=everything,
        timeout=15000,
    )
    shown = int(page.locator("#event-count").inner_text().strip("()"))
    assert 0 < shown < everything
    bars = page.evaluate(
        "Array.from(document.querySelectorAll('#timeline-chart rect.bar'))"
        ".map(r => r.__data__.events).reduce((a, b) => a + b, 0)"
    )
    dated = page.evaluate(
        "fetch('/api/v1/events?country=RUS&limit=500').then(r => r.json())"
        ".then(p => p.items.filter(e => e.date).length)"
    )
    assert bars == dated  # the timeline counts the filtered events only
    page.locator("#trends svg").wait_for(timeout=15000)
    with page.expect_download() as got:
        page.click("#download-csv")
    path = tmp_path / "events.csv"
    got.value.save_as(path)
    import csv

    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert len(rows) == shown and all("RUS" in r["countries"].split(",") for r in rows)
    page.screenshot(path=str(SHOTS / "filtered.png"), full_page=True)


def _event_of(page, base_url: str, doc_name: str) -> str:
    items = page.evaluate(
        "fetch('/api/v1/events?limit=500').then(r => r.json()).then(p => p.items)"
    )
    return next(e["id"] for e in items if any(s["doc"].endswith(doc_name) for s in e["sources"]))


def test_event_page_links_to_its_source_and_the_knowledge_bases(page, base_url):
    page.goto(base_url + "/")
    found = page.evaluate(
        "fetch('/api/v1/events?limit=500').then(r => r.json()).then(p => p.items.find(e =>"
        " e.sources.some(s => (s.url || '').startsWith('https://')) && e.location"
        " && e.location.geonames_id && e.participants.some(x => x.id)).id)"
    )
    page.goto(base_url + "/events/" + found)
    source = page.locator("#sources a.source-url").first
    assert source.get_attribute("href").startswith("https://")
    assert (
        page.locator("a.wd")
        .first.get_attribute("href")
        .startswith("https://www.wikidata.org/wiki/Q")
    )
    assert (
        page.locator("a.geonames")
        .first.get_attribute("href")
        .startswith("https://www.geonames.org/")
    )


_RECT_OF = """(needle) => {
  const root = document.querySelector('#sources');
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  let node;
  while ((node = walker.nextNode())) {
    const at = node.data.indexOf(needle);
    if (at < 0) continue;
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + needle.length);
    const b = range.getBoundingClientRect();
    return {x: b.x + window.scrollX, y: b.y + window.scrollY, width: b.width, height: b.height};
  }
  return null;
}"""


_FACE_FOR = """({family, char}) => Array.from(document.fonts).filter(f =>
  f.family.replace(/['"]/g, '') === family && f.status === 'loaded' &&
  f.unicodeRange.split(',').some(r => {
    const [lo, hi] = r.trim().replace(/^U\\+/i, '').split('-').map(h => parseInt(h, 16));
    return char >= lo && char <= (hi === undefined || isNaN(hi) ? lo : hi);
  })).length"""


def _ink(page, text: str) -> tuple[int, bytes]:
    """The dark pixels of ``text`` as the page renders it, and the grey image itself."""
    import io

    from PIL import Image

    box = page.evaluate(_RECT_OF, text)
    assert box and box["width"] > 0, text
    png = page.screenshot(clip=box, full_page=True)
    grey = Image.open(io.BytesIO(png)).convert("L")
    data = grey.tobytes()
    return sum(1 for v in data if v < 128), data


@pytest.mark.parametrize(
    ("doc", "name", "parts", "family"),
    [
        ("zh_premier_meets_guest.txt", "李强", ("李", "强"), "Noto Sans SC"),
        (
            "en_ministers_with_arabic_names.txt",
            "أيمن الصفدي",
            ("أيمن", "الصفدي"),
            "Noto Sans Arabic",
        ),
    ],
)
def test_chinese_and_arabic_names_render_as_glyphs(page, base_url, doc, name, parts, family):
    """Debian's chromium has no CJK or Arabic font: the page's own fonts must draw them.
    Empty boxes ("tofu") would have ink too, but every box is the same: so the parts of
    a name must have ink and differ from each other, and the script's font be loaded."""
    page.goto(base_url + "/events/" + _event_of(page, base_url, doc))
    page.locator("#sources .article").first.wait_for()
    page.evaluate("document.fonts.ready.then(() => true)")
    whole, _ = _ink(page, name)
    (ink_a, img_a), (ink_b, img_b) = (_ink(page, p) for p in parts)
    assert whole > 20 and ink_a > 10 and ink_b > 10
    assert img_a != img_b
    # the face of the family whose unicode-range holds the name's first character was
    # fetched and loaded: the name was drawn with it, not by a system fallback
    loaded = page.evaluate(_FACE_FOR, {"family": family, "char": ord(name[0])})
    assert loaded > 0, f"{family} was not used"
    page.screenshot(path=str(SHOTS / f"script-{family.split()[-1].lower()}.png"), full_page=True)
