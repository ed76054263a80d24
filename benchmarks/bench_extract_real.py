"""Extraction throughput on real articles, on one core, with the learned model.

Issue 13's speed goal: extraction (rules, assembly and the learned decisions) stays at
150 documents per second or more on real-length articles. Reads every article of the
corpora given (by default ../shared/corpus/{seeds,dev,train}; the project's own corpora in
tests/extract when those are absent) and prints documents per second (CPU time,
``time.process_time``: the machine is shared, wall time is noisy) for events only and
for events with statements and topics, min / median / max of ROUNDS passes.

Each pass runs in a process of its own that has never read the articles it is timed on,
as a worker meets the news: it loads the knowledge base and builds every language's
matchers and the model by extracting the project's own test articles first, and the
benchmark's own short texts in the languages those lack (``benchmarks/warmup/docs``,
Russian and Chinese: a language's rules fire, and are built, only on its own words),
as a worker that has been running has, builds every other pattern (``prepare``: a
pattern compiled the first time its words turn up is built once per worker, not once
per article), then reads the corpora once. Repeating passes in one process
would time the caches that hold sentences already read (dates, places), not extraction.

    .venv/bin/python benchmarks/bench_extract_real.py [CORPUS_DIR ...]
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

from parley.extract import SUPPORTED_LANGUAGES, default_extractor, extract_document, prepare
from parley.model import Document
from parley.read import iter_documents

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5
OWN = [ROOT / "tests" / "extract" / c for c in ("english", "multilingual")]
# short texts of the benchmark's own in the languages the test articles lack (Russian,
# Chinese): a language's matchers are built on its own words, as a worker's are
WARMUP = ROOT / "benchmarks" / "warmup"


def _corpora(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        return [shared / c for c in ("seeds", "dev", "train")]
    return OWN


def _documents(corpora: list[Path]) -> list[Document]:
    return [
        d
        for d in iter_documents([str(c / "docs") for c in corpora], lambda failure: None)
        if (d.lang or "en") in SUPPORTED_LANGUAGES
    ]


def _one_pass(kind: str, corpora: list[Path]) -> dict[str, float]:
    """One timed pass in this process (the child's side)."""
    own = _documents(OWN) + _documents([WARMUP])
    for d in own:  # matchers, lexicons and the model, built on other text
        extract_document(d)
    for lang in sorted(SUPPORTED_LANGUAGES - {d.lang or "en" for d in own}):
        for d in own[:3]:  # a language the own articles lack: its matchers all the same
            extract_document(replace(d, lang=lang))
    prepare()  # and every pattern, even those no warm-up text called for
    docs = _documents(corpora)
    t0 = time.process_time()
    if kind == "events":
        found = sum(len(default_extractor(d.lang or "en").extract(d)) for d in docs)
    else:
        found = sum(len(extract_document(d)[0]) for d in docs)
    seconds = time.process_time() - t0
    return {
        "docs_per_s": len(docs) / seconds,
        "documents": len(docs),
        "events": found,
        "mean_chars": statistics.mean(len(d.original) for d in docs),
    }


def _spawn(kind: str, corpora: list[Path]) -> dict[str, float]:
    env = {**os.environ, "PARLEY_BENCH_PASS": kind}
    out = subprocess.run(
        [sys.executable, __file__, *map(str, corpora)],
        env=env,
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    got: dict[str, float] = json.loads(out.strip().splitlines()[-1])
    return got


def _spread(values: list[float]) -> dict[str, float]:
    return {
        "min": round(min(values), 1),
        "median": round(statistics.median(values), 1),
        "max": round(max(values), 1),
    }


def main(args: list[str]) -> dict[str, object]:
    corpora = _corpora(args)
    events: list[dict[str, float]] = []
    statements: list[dict[str, float]] = []
    for _ in range(ROUNDS):  # alternated, so both kinds see the same load
        events.append(_spawn("events", corpora))
        statements.append(_spawn("statements", corpora))
    result = {
        "corpora": [c.name for c in corpora],
        "documents": events[0]["documents"],
        "mean_chars": round(events[0]["mean_chars"]),
        "events": events[0]["events"],
        "rounds": ROUNDS,
        "events_docs_per_s": _spread([r["docs_per_s"] for r in events]),
        "with_statements_docs_per_s": _spread([r["docs_per_s"] for r in statements]),
    }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    kind = os.environ.get("PARLEY_BENCH_PASS")
    if kind:
        print(json.dumps(_one_pass(kind, [Path(a) for a in sys.argv[1:]] or _corpora([]))))
    else:
        main(sys.argv[1:])
