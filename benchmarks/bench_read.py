"""Reader throughput: read + decode + clean + metadata, against a read-and-split floor.

Generates synthetic plain-text articles (own wording, with navigation, timestamps,
captions, share bars and footers around the body) in a temporary folder, then times

* the floor: open each file, read its bytes, decode UTF-8 and split lines;
* the reader: ``parley.read.iter_documents`` over the same folder (one core).

Usage: ``python benchmarks/bench_read.py [N]`` (default 10,000 articles).
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


def floor(files: list[Path]) -> float:
    t = time.perf_counter()
    n = 0
    for f in files:
        n += len(f.read_bytes().decode("utf-8").splitlines())
    return time.perf_counter() - t


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    rng = random.Random(7)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        for i in range(n):
            (root / f"a{i:06d}.txt").write_text(article(rng, i), encoding="utf-8")
        files = sorted(root.iterdir())
        floor(files[:200])  # warm the page cache
        base = floor(files)
        list(iter_documents([str(files[0])], print))  # load tables and models once
        t = time.perf_counter()
        failures: list[object] = []
        docs = sum(1 for _ in iter_documents([tmp], failures.append))
        took = time.perf_counter() - t
    print(f"articles: {docs} read, {len(failures)} failed")
    print(f"floor (read + split lines): {n / base:,.0f} docs/s")
    print(f"parley read (read + clean + metadata): {docs / took:,.0f} docs/s")
    print(f"ratio: {took / base:.1f}x the floor (target <= 5x)")


if __name__ == "__main__":
    main()
