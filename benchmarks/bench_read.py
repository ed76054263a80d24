"""Reader throughput: read + decode + clean + metadata, against a read-and-split floor.

Generates synthetic plain-text articles (own wording, with navigation, timestamps,
captions, share bars and footers around the body) in a temporary folder, then times

* the floor: open each file, read its bytes, decode UTF-8 and split lines;
* the reader: ``parley.read.iter_documents`` over the same folder (one core).

With ``--html`` each article is instead a web page as a crawler stores it (~80 KB:
inline scripts, a menu of 80 links, a "most read" sidebar, a footer of 60 links around
the article's paragraphs), which trafilatura must take apart first: the cost of reading
a real crawl rather than pre-extracted text (docs/scaling.md uses it). Anchors timed in
the same run on the same pages, so that a change is judged by ratios on a shared,
noisy machine rather than against figures from another day: lxml's parse alone,
``trafilatura.extract`` without metadata, and ``trafilatura.bare_extraction`` with
metadata (what parley's reader did before issue 16: a second pass for the metadata).

Times are CPU time of this process (``time.process_time``): other work on the machine
stretches wall time but not CPU time.

Usage: ``python benchmarks/bench_read.py [N] [--html]`` (default 10,000 articles).
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

from parley.read import iter_documents

PLACES = ["GENEVA", "NAIROBI", "LIMA", "OSLO", "HANOI", "DAKAR", "QUITO", "RIGA"]
PEOPLE = ["Ana Ruiz", "Tom Berg", "Li Wen", "Omar Said", "Eva Novak", "Raj Mehta"]
TOPICS = ["trade", "water rights", "fisheries", "rail links", "climate finance", "customs"]
MONTHS = ["Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct."]
NAV = ["Home > World News", "News | Politics | Business | Sport", "Latest Headlines"]
FOOT = [
    "About Us",
    "Contact Us",
    "Privacy Policy",
    "Copyright 2024 Example Daily. All rights reserved",
]


def article(rng: random.Random, i: int) -> str:
    a, b = rng.sample(PEOPLE, 2)
    topic = rng.choice(TOPICS)
    place = rng.choice(PLACES)
    day = rng.randint(1, 28)
    month = rng.randint(1, 10)
    lines = [
        rng.choice(NAV),
        f"{a} and {b} discuss {topic} in talks number {i}",
        f"  {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d} UTC+{rng.randint(0, 9)}, "
        f"2024-{month:02d}-{day:02d}",
        "Share:",
        f"{a} greets {b} before the talks in {place.title()}. (Photo: Example Agency)",
        f"{place}, {MONTHS[month - 1]} {day} (Example) -- {a} met {b} on Monday to discuss "
        f"{topic} and other questions of common interest, officials said.",
    ]
    for k in range(rng.randint(5, 12)):
        lines.append(
            f"The two sides agreed to keep talking about {rng.choice(TOPICS)} and to meet again "
            f"before the end of the year, {rng.choice([a, b])} told reporters after round {k}."
        )
    lines += ["Source: Example Agency   Editor: Sam Doe", "", *FOOT]
    return "\n\n".join(lines) + "\n"


def web_page(rng: random.Random, text: str) -> str:
    """The article as the body of a page with the furniture news sites carry."""
    import html

    lines = [ln for ln in text.splitlines() if ln.strip()]
    script = "".join(
        f"window.ad{k}=function(x){{return x*{k}+{rng.randint(0, 99)};}};" for k in range(400)
    )
    menu = "".join(f'<li><a href="/section/{k}">Section {k}</a></li>' for k in range(80))
    foot = "".join(f'<a href="/page/{k}">Page {k}</a> ' for k in range(60))
    side = "".join(
        f'<li><a href="/story/{rng.randint(0, 10**6)}">Most read story {k}</a></li>'
        for k in range(20)
    )
    body = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines[1:])
    return (
        f"<!DOCTYPE html><html><head><title>{html.escape(lines[1])}</title>"
        + "".join(f'<meta name="m{k}" content="v{k}">' for k in range(20))
        + "".join(f"<script>{script}</script>" for _ in range(5))
        + f"</head><body><header><nav><ul>{menu}</ul></nav></header><main><article>"
        + f"<h1>{html.escape(lines[1])}</h1>{body}</article>"
        + f"<aside><ul>{side}</ul></aside></main><footer>{foot}</footer></body></html>"
    )


def floor(files: list[Path]) -> float:
    t = time.process_time()
    n = 0
    for f in files:
        n += len(f.read_bytes().decode("utf-8").splitlines())
    return time.process_time() - t


def html_anchors(files: list[Path]) -> dict[str, float]:
    """Seconds of CPU per page for the tools a reader of HTML is measured against."""
    import lxml.html
    import trafilatura

    pages = [f.read_bytes().decode("utf-8") for f in files]
    options = {"include_comments": False, "include_tables": False}

    def lxml_parse(page: str) -> object:
        return lxml.html.document_fromstring(page)

    def without_metadata(page: str) -> object:
        return trafilatura.extract(page, with_metadata=False, **options)

    def with_metadata(page: str) -> object:
        return trafilatura.bare_extraction(page, with_metadata=True, **options)

    out = {}
    for name, fn in (
        ("lxml parse", lxml_parse),
        ("trafilatura.extract without metadata", without_metadata),
        ("trafilatura.bare_extraction with metadata (the reader before issue 16)", with_metadata),
    ):
        fn(pages[0])
        t = time.process_time()
        for page in pages:
            fn(page)
        out[name] = (time.process_time() - t) / len(pages)
    return out


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    as_html = "--html" in sys.argv
    n = int(args[0]) if args else 10_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(n):
            text = article(rng, i)
            if as_html:
                (root / f"a{i:06d}.html").write_text(web_page(rng, text), encoding="utf-8")
            else:
                (root / f"a{i:06d}.txt").write_text(text, encoding="utf-8")
        size = sum(f.stat().st_size for f in root.iterdir()) / n / 1000
        files = sorted(root.iterdir())
        floor(files[:200])  # warm the page cache
        base = floor(files)
        list(iter_documents([str(files[0])], print))  # load tables and models once
        t = time.process_time()
        failures: list[object] = []
        docs = sum(1 for _ in iter_documents([tmp], failures.append))
        took = time.process_time() - t
        anchors = html_anchors(files[: min(n, 300)]) if as_html else {}
    print(f"articles: {docs} read, {len(failures)} failed, {size:.0f} KB each on average")
    print(f"floor (read + split lines): {n / base:,.0f} docs/s")
    print(f"parley read (read + clean + metadata): {docs / took:,.0f} docs/s")
    print(f"ratio: {took / base:.1f}x the floor (issue 16: <= 20x; aim <= 5x)")
    if as_html:
        per_page = took / docs
        print(f"parley read: {per_page * 1000:.2f} ms a page")
        for name, cost in anchors.items():
            print(
                f"{name}: {cost * 1000:.2f} ms a page ({1 / cost:,.0f} pages/s); "
                f"parley read is {per_page / cost:.2f}x its cost"
            )


if __name__ == "__main__":
    main()
