"""HTTP latency of `parley serve` and of Datasette over one database of 1,000,000 events.

1. Builds (once; reused if present) a store of N merged events written straight into
   the schema, as `parley ingest` would leave them: 2–3 participants from a pool of
   heads of state and ministers of 40 states, dates over 25 years, a capital as the
   place, one to three source documents each with a mention, evidence and its FTS row.
   (Ingesting a million articles through extraction would take hours on this machine
   and measure extraction, not the server.)
2. Installs Datasette into the benchmark's own virtual environment
   (benchmarks/.venv-datasette, created with pip on first use; never a parley
   dependency) and serves the same file with it, as an analyst would instead of parley:
   the filtered list is a canned query returning the same 50 events with their
   participants and their evidence (and sources) in one SQL statement.
3. Drives both with wrk (Debian package) at 32 concurrent connections, the same number
   of worker processes each (uvicorn --workers), alternating parley and Datasette round
   by round so that both see the same load from whatever else runs on the machine: the
   filtered list (`/api/v1/events?country=X&since=Y`, X and Y varying per request; 500
   distinct filters) and an event page (`/events/{id}`, random ids; Datasette's row page
   as its anchor). Each server is warmed first (every list URL requested twice per
   worker: parley counts each filter's total once per worker and keeps it).
4. Writes p50/p95/p99 latency, requests per second, CPU milliseconds per request (the
   server's processes, user + system: the figure noise from other work on the machine
   moves least) and the load average before and after each run to
   benchmarks/results/api.json and api.md.

    .venv/bin/python benchmarks/bench_api.py [N_EVENTS] [DB_PATH]
    WORKERS=2 ROUNDS=2 SECONDS=15 .venv/bin/python benchmarks/bench_api.py
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
    from parley.store import Store, items

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
        items.fill(con)  # what the store's writers add to every event they write
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


# Datasette's equivalent of parley's filtered list: one SQL statement (a canned query)
# returning the same 50 events, oldest first, each with its participants and, per
# report, the document, its outlet and date and the evidence spans.
DATASETTE_LIST_SQL = """
WITH page AS (
  SELECT c.event_id AS id, c.sort_day FROM event_countries c
  WHERE c.country = :country AND c.sort_day >= :since AND c.sort_day != ''
  ORDER BY c.sort_day, c.event_id LIMIT 50)
SELECT e.id, e.kind, e.status, e.is_primary AS "primary", e.date, e.date_precision,
  e.city, e.country, e.lat, e.lon, e.cameo, e.plover_type, e.confidence, e.n_sources,
  e.n_outlets, e.topics,
  (SELECT json_group_array(json_object('name', p.name, 'country', p.country,
          'role', p.role, 'id', p.wikidata_id))
   FROM event_participants p WHERE p.event_id = e.id) AS participants,
  (SELECT json_group_array(json_object('doc', d.path, 'id', d.id, 'url', d.url,
          'outlet', d.outlet, 'published', d.published, 'evidence', json(m.evidence)))
   FROM event_sources s JOIN documents d ON d.id = s.document_id
   JOIN mentions m ON m.document_id = s.document_id AND m.position = s.position
   WHERE s.event_id = e.id) AS evidence
FROM page JOIN events e ON e.id = page.id ORDER BY page.sort_day, page.id
"""
# uvicorn imports this to serve Datasette with N worker processes (`datasette serve`
# has no --workers); immutable, as `datasette serve -i` (its fastest mode)
DATASETTE_APP = """
import json, os
from datasette.app import Datasette

def app():
    return Datasette(
        immutables=[os.environ["BENCH_DB"]],
        metadata={"databases": {"bench": {"queries": {"events_page": {
            "sql": os.environ["BENCH_SQL"]}}}}},
        settings={"sql_time_limit_ms": 10000},
    ).app()
"""
VENV = Path(__file__).resolve().parent / ".venv-datasette"
RESULTS = Path(__file__).resolve().parent / "results"


def datasette_python() -> Path:
    """The benchmark's own Python with Datasette installed (created on first use)."""
    python = VENV / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
    if subprocess.run([str(python), "-c", "import datasette"], capture_output=True).returncode:
        subprocess.run(
            [str(python), "-m", "pip", "install", "--quiet", "datasette", "uvicorn"], check=True
        )
    return python


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a process and all its descendants (uvicorn's workers)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])
            for task in Path(f"/proc/{p}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):
            continue
    return total / os.sysconf("SC_CLK_TCK")


def _load() -> list[float]:
    return [round(x, 2) for x in os.getloadavg()]


def measure(server: subprocess.Popen[bytes], base: str, paths: list[str], seconds: int) -> dict:
    """One wrk run, with the server's CPU per request and the load around it."""
    before, cpu = _load(), _cpu_seconds(server.pid)
    got = run_wrk(base, paths, seconds)
    used = _cpu_seconds(server.pid) - cpu
    return {
        **got,
        "cpu_ms_per_request": round(1000 * used / max(1, int(got["requests"])), 2),
        "server_cores_used": round(used / got["seconds"], 2),
        "load_before": before,
        "load_after": _load(),
    }


def _start(cmd: list[str], env: dict[str, str], cwd: str | None = None) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )


def _stop(server: subprocess.Popen[bytes]) -> None:
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def _warm(base: str, paths: list[str], times: int) -> None:
    for _ in range(times):
        for path in paths:
            with urllib.request.urlopen(base + path, timeout=60) as r:
                r.read()


def count_cost(db: Path, filters: list[tuple[str, str]]) -> float:
    """Milliseconds of CPU to count one filter's matches (paid once per filter and
    state of the data in each worker, then cached)."""
    from parley.store import Store, query

    with Store(db, readonly=True) as store:
        t = time.process_time()
        for country, since in filters:
            query.count_events(store.con, query.EventFilter(country=country, since=since))
        return round(1000 * (time.process_time() - t) / len(filters), 2)


def main(
    n: int = 1_000_000,
    db_path: str | None = None,
    workers: int = 2,
    rounds: int = 2,
    seconds: int = 15,
) -> dict[str, object]:
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install wrk)")
    db = Path(db_path or Path(tempfile.gettempdir()) / f"parley-bench-{n}.db")
    if not db.exists():
        t = time.perf_counter()
        build(db, n)
        print(json.dumps({"built_events": n, "build_s": round(time.perf_counter() - t, 1)}))
    from parley.store import Store

    Store(db).close()  # a store built by an older parley is brought to the current schema
    ds_python = datasette_python()
    # measured warm, as on a server that has been up: the file in the OS page cache
    with db.open("rb") as fh:
        while fh.read(1 << 24):
            pass
    rng = random.Random(1)
    filters = [(rng.choice(COUNTRIES), f"{rng.randint(2000, 2024)}-01-01") for _ in range(500)]
    ids = [f"ev-{rng.randrange(n):016x}" for _ in range(2000)]
    paths = {
        "parley": {
            "filtered_list": [f"/api/v1/events?country={c}&since={s}&limit=50" for c, s in filters],
            "event_page": [f"/events/{i}" for i in ids],
        },
        "datasette": {
            "filtered_list": [
                f"/bench/events_page.json?country={c}&since={s}&_shape=array" for c, s in filters
            ],
            "event_page": [f"/bench/events/{i}" for i in ids],
        },
    }
    parley_bin = str(Path(sys.executable).with_name("parley"))
    tmp = tempfile.mkdtemp(prefix="bench-api-")
    (Path(tmp) / "ds_app.py").write_text(DATASETTE_APP, encoding="utf-8")
    link = Path(tmp) / "bench.db"  # Datasette names the database after the file
    link.symlink_to(db.resolve())
    commands = {
        "parley": (
            [parley_bin, "serve", "--db", str(db), "--port", "8799", "--workers", str(workers)],
            {**os.environ},
            None,
            "http://127.0.0.1:8799",
        ),
        "datasette": (
            [str(ds_python), "-m", "uvicorn", "ds_app:app", "--factory", "--port", "8798",
             "--workers", str(workers), "--no-access-log", "--log-level", "warning"],
            {**os.environ, "BENCH_DB": str(link), "BENCH_SQL": DATASETTE_LIST_SQL},
            tmp,
            "http://127.0.0.1:8798",
        ),
    }  # fmt: skip
    servers = {name: _start(cmd, env, cwd) for name, (cmd, env, cwd, _) in commands.items()}
    runs: dict[str, dict[str, list[dict]]] = {
        name: {"filtered_list": [], "event_page": []} for name in servers
    }
    try:
        for name, (_, _, _, base) in commands.items():
            _wait(base + paths[name]["filtered_list"][0])
            _warm(base, paths[name]["filtered_list"], 2 * workers)
            _warm(base, paths[name]["event_page"][:50], 1)
        for _ in range(rounds):
            for request in ("filtered_list", "event_page"):
                for name, (_, _, _, base) in commands.items():
                    got = measure(servers[name], base, paths[name][request], seconds)
                    print(name, request, json.dumps(got), flush=True)
                    runs[name][request].append(got)
    finally:
        for server in servers.values():
            _stop(server)
        shutil.rmtree(tmp, ignore_errors=True)
    result: dict[str, object] = {
        "events": n,
        "connections": 32,
        "workers_each": workers,
        "seconds_per_run": seconds,
        "rounds": rounds,
        "cores": os.cpu_count(),
        "count_ms_per_filter": count_cost(db, filters[:50]),
        "when": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "runs": runs,
        "summary": summary(runs),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "api.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "api.md").write_text(markdown(result), encoding="utf-8")
    print(json.dumps(result["summary"], indent=1))
    return result


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else round((ordered[mid - 1] + ordered[mid]) / 2, 2)


def summary(runs: dict[str, dict[str, list[dict]]]) -> dict[str, dict[str, dict[str, float]]]:
    """The median over rounds of each figure, and parley's throughput over Datasette's."""
    out: dict[str, dict[str, dict[str, float]]] = {}
    for name, by_request in runs.items():
        out[name] = {
            request: {
                key: _median([float(r[key]) for r in got])
                for key in ("requests_per_s", "p50_ms", "p95_ms", "p99_ms", "cpu_ms_per_request")
            }
            for request, got in by_request.items()
        }
    for request in ("filtered_list", "event_page"):
        parley, datasette = out["parley"][request], out["datasette"][request]
        out.setdefault("ratio", {})[request] = {
            "throughput": round(parley["requests_per_s"] / datasette["requests_per_s"], 2),
            "cpu_per_request": round(
                datasette["cpu_ms_per_request"] / parley["cpu_ms_per_request"], 2
            ),
        }
    return out


def markdown(result: dict) -> str:
    """The runs as a table for docs/api.md."""
    lines = [
        f"# API benchmark, {result['when']}",
        "",
        f"{result['events']:,} events, wrk with {result['connections']} connections, "
        f"{result['seconds_per_run']} s per run, {result['workers_each']} worker process(es) "
        f"each, {result['cores']} cores; counting one filter's total: "
        f"{result['count_ms_per_filter']} ms (once per filter per worker).",
        "",
        "| server | request | round | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | errors "
        "| load before → after |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    for name, by_request in result["runs"].items():
        for request, got in by_request.items():
            for k, r in enumerate(got, 1):
                lines.append(
                    f"| {name} | {request} | {k} | {r['requests_per_s']} | {r['p50_ms']} "
                    f"| {r['p95_ms']} | {r['p99_ms']} | {r['cpu_ms_per_request']} "
                    f"| {r['errors']} | {r['load_before'][0]} → {r['load_after'][0]} |"
                )
    ratio = result["summary"]["ratio"]
    lines += [
        "",
        "Medians: parley / Datasette throughput "
        f"{ratio['filtered_list']['throughput']}× on the list, "
        f"{ratio['event_page']['throughput']}× on the event page; "
        "Datasette's CPU per request / parley's "
        f"{ratio['filtered_list']['cpu_per_request']}× and "
        f"{ratio['event_page']['cpu_per_request']}×.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    main(
        int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000,
        sys.argv[2] if len(sys.argv) > 2 else None,
        int(os.environ.get("WORKERS", "2")),
        int(os.environ.get("ROUNDS", "2")),
        int(os.environ.get("SECONDS", "15")),
    )
