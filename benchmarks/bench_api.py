"""HTTP latency of `parley serve` over a database of 1,000,000 generated events.

1. Builds (once; reused if present) a store of N merged events written straight into
   the schema, as `parley ingest` would leave them: 2–3 participants from a pool of
   heads of state and ministers of 40 states, dates over 25 years, a capital as the
   place, one to three source documents each with a mention, evidence and its FTS row.
   (Ingesting a million articles through extraction would take hours on this machine
   and measure extraction, not the server.)
2. Starts `parley serve` on loopback and drives it with wrk (Debian package) at 32
   concurrent connections: a filtered events list (`/api/v1/events?country=X&since=Y`,
   X and Y varying per request) and an event page (`/events/{id}`, random ids).
3. Prints p50/p95/p99 latency and requests per second for each, from wrk's Lua hook,
   measured warm (the database file read once into the OS page cache first).

    .venv/bin/python benchmarks/bench_api.py [N_EVENTS] [DB_PATH]
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

COUNTRIES = [
    "USA",
    "CHN",
    "RUS",
    "IND",
    "GBR",
    "FRA",
    "DEU",
    "JPN",
    "BRA",
    "ZAF",
    "TUR",
    "SAU",
    "IRN",
    "IDN",
    "AUS",
    "CAN",
    "MEX",
    "ARG",
    "KOR",
    "ITA",
    "ESP",
    "EGY",
    "NGA",
    "PAK",
    "UKR",
    "POL",
    "VNM",
    "THA",
    "MYS",
    "SGP",
    "ARE",
    "QAT",
    "ISR",
    "KAZ",
    "UZB",
    "ETH",
    "KEN",
    "CHL",
    "COL",
    "PER",
]
ROLES = ["President", "Prime Minister", "Foreign Minister"]
WRK_SCRIPT = """
math.randomseed(os.time())
local paths = {}
for line in io.lines(os.getenv("PATHS_FILE")) do paths[#paths + 1] = line end
request = function()
  return wrk.format("GET", paths[math.random(#paths)])
end
done = function(summary, latency, requests)
  io.write(string.format('{"p50_ms": %.2f, "p95_ms": %.2f, "p99_ms": %.2f, '
    .. '"requests": %d, "errors": %d, "seconds": %.1f}\\n',
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    summary.requests, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout, summary.duration / 1e6))
end
"""


def _insert(table: str, columns: str) -> str:
    n = len(columns.split(","))
    return f"INSERT INTO {table}({columns}) VALUES ({','.join('?' * n)})"


def build(db: Path, n: int, seed: int = 5) -> None:
    """Write n merged events with their sources straight into a fresh store."""
    from parley.store import Store

    rng = random.Random(seed)
    people = [
        (f"{c.lower()}-{r.lower().replace(' ', '-')}-{k}", f"{r} {k} of {c}", c, r)
        for c in COUNTRIES
        for r in ROLES
        for k in range(3)
    ]
    places = [
        (f"Capital of {c}", c, rng.uniform(-50, 60), rng.uniform(-120, 150)) for c in COUNTRIES
    ]
    with Store(db) as store:
        con = store.con
        con.execute("PRAGMA synchronous = OFF")
        con.execute("BEGIN")
        ev_rows: list[tuple[object, ...]] = []
        part_rows: list[tuple[object, ...]] = []
        src_rows: list[tuple[object, ...]] = []
        doc_rows: list[tuple[object, ...]] = []
        men_rows: list[tuple[object, ...]] = []
        fts_rows: list[tuple[object, ...]] = []
        country_rows: list[tuple[object, ...]] = []
        actor_rows: dict[str, tuple[object, ...]] = {}
        mention_rowid = 0

        def flush() -> None:
            con.executemany(
                _insert("documents", "id, path, outlet, published, lang, title, text, original"),
                doc_rows,
            )
            con.executemany(
                _insert(
                    "mentions",
                    "rowid, document_id, position, kind, status, is_primary, date, "
                    "date_precision, city, country, lat, lon, cameo, plover_type, confidence, "
                    "participants, countries, evidence, event_id",
                ),
                men_rows,
            )
            con.executemany(_insert("evidence_search", "rowid, text"), fts_rows)
            con.executemany(
                _insert(
                    "events",
                    "id, kind, status, is_primary, date, date_precision, city, country, lat, "
                    "lon, cameo, plover_type, confidence, countries, n_sources, n_outlets, "
                    "disagreements, topics",
                ),
                ev_rows,
            )
            con.executemany(
                _insert("event_participants", "event_id, position, actor_key, name, country, role"),
                part_rows,
            )
            con.executemany(
                _insert("event_sources", "event_id, document_id, position"),
                src_rows,
            )
            con.executemany(
                "INSERT OR IGNORE INTO event_countries(country, sort_day, event_id) VALUES (?,?,?)",
                country_rows,
            )
            for rows in (doc_rows, men_rows, fts_rows, ev_rows, part_rows, src_rows, country_rows):
                rows.clear()

        for i in range(n):
            who = rng.sample(people, rng.choice([2, 2, 2, 3]))
            day = f"{rng.randint(2000, 2024)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            city, country, lat, lon = places[COUNTRIES.index(who[0][2])]
            kind = "call" if rng.random() < 0.2 else "meeting"
            ev_id = f"ev-{i:016x}"
            names = " and ".join(p[1] for p in who)
            sentence = f"{names} held talks in {city} on {day}."
            parts = [
                {"name": p[1], "country": p[2], "role": p[3], "id": None, "key": p[0]} for p in who
            ]
            n_src = rng.choice([1, 1, 2, 3])
            for s in range(n_src):
                doc_id = f"d{i:09d}{s}"
                text = f"Report {s} on engagement {i}. {sentence}"
                doc_rows.append(
                    (
                        doc_id,
                        f"synthetic/{doc_id}.txt",
                        f"outlet-{s}",
                        day,
                        "en",
                        f"Talks {i}",
                        text,
                        text,
                    )
                )
                mention_rowid += 1
                start = text.index(sentence)
                evidence = json.dumps(
                    [{"text": sentence, "start": start, "end": start + len(sentence)}]
                )
                men_rows.append(
                    (
                        mention_rowid,
                        doc_id,
                        0,
                        kind,
                        "occurred",
                        1,
                        day,
                        "day",
                        city,
                        country,
                        lat,
                        lon,
                        "040",
                        "CONSULT",
                        0.8,
                        json.dumps(parts),
                        json.dumps([p[2] for p in who]),
                        evidence,
                        ev_id,
                    )
                )
                fts_rows.append((mention_rowid, sentence))
                src_rows.append((ev_id, doc_id, 0))
            ev_rows.append(
                (
                    ev_id,
                    kind,
                    "occurred",
                    1,
                    day,
                    "day",
                    city if kind == "meeting" else None,
                    country if kind == "meeting" else None,
                    lat if kind == "meeting" else None,
                    lon if kind == "meeting" else None,
                    "041" if kind == "call" else "040",
                    "CONSULT",
                    0.9,
                    json.dumps([p[2] for p in who]),
                    n_src,
                    n_src,
                    "{}",
                    "[]",
                )
            )
            for pos, p in enumerate(who):
                part_rows.append((ev_id, pos, p[0], p[1], p[2], p[3]))
                country_rows.append((p[2], day, ev_id))
                actor_rows[p[0]] = (p[0], p[1], p[2], None)
            if len(ev_rows) >= 20_000:
                flush()
        flush()
        con.executemany(
            "INSERT OR IGNORE INTO actors(key, name, country, wikidata_id) VALUES (?,?,?,?)",
            list(actor_rows.values()),
        )
        con.execute("COMMIT")
        con.execute("ANALYZE")


def _wait(url: str) -> None:
    for _ in range(300):
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not answer at {url}")


def run_wrk(base: str, paths: list[str], seconds: int = 20) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        lua = Path(tmp) / "bench.lua"
        lua.write_text(WRK_SCRIPT, encoding="utf-8")
        plist = Path(tmp) / "paths.txt"
        plist.write_text("\n".join(paths) + "\n", encoding="utf-8")
        out = subprocess.run(
            ["wrk", "-t2", "-c32", f"-d{seconds}s", "--timeout", "10s", "-s", str(lua), base],
            check=True,
            capture_output=True,
            text=True,
            env={**os.environ, "PATHS_FILE": str(plist)},
        ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    result["requests_per_s"] = round(result["requests"] / result["seconds"], 1)
    return result


def main(n: int = 1_000_000, db_path: str | None = None, workers: int = 2) -> dict[str, object]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    db = Path(db_path or Path(tempfile.gettempdir()) / f"parley-bench-{n}.db")
    if not db.exists():
        t = time.perf_counter()
        build(db, n)
        print(
            json.dumps(
                {
                    "built_events": n,
                    "build_s": round(time.perf_counter() - t, 1),
                    "db_mb": round(db.stat().st_size / 1e6),
                }
            ),
            flush=True,
        )
    # measured warm, as on a server that has been up: the file in the OS page cache
    with db.open("rb") as fh:
        while fh.read(1 << 24):
            pass
    port = 8799
    server = subprocess.Popen(
        [
            str(Path(sys.executable).with_name("parley")),
            "serve",
            "--db",
            str(db),
            "--port",
            str(port),
            "--workers",
            str(workers),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait(base + "/api/v1/topics")
        rng = random.Random(1)
        lists = [
            f"/api/v1/events?country={rng.choice(COUNTRIES)}"
            f"&since={rng.randint(2000, 2024)}-01-01&limit=50"
            for _ in range(500)
        ]
        pages = [f"/events/ev-{rng.randrange(n):016x}" for _ in range(2000)]
        for path in lists[:3] + pages[:3]:  # warm the page cache a little
            urllib.request.urlopen(base + path, timeout=30).read()
        result = {
            "events": n,
            "connections": 32,
            "server_workers": workers,
            "filtered_list": run_wrk(base, lists),
            "event_page": run_wrk(base, pages),
        }
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
        int(os.environ.get("WORKERS", "2")),
    )
