"""Extraction throughput on real articles, on one core, with the learned model.

Issue 13's speed goal: extraction (rules, assembly and the learned decisions) stays at
150 documents per second or more on real-length articles. Reads every article of the
corpora given (by default ../shared/corpus/{seeds,dev,train}; the project's own corpora in
tests/extract when those are absent), builds every language's matchers first (as a long
running worker has them), then times ROUNDS passes of extraction alone in CPU time
(``time.process_time``: the machine is shared, wall time is noisy) and prints documents
per second for events only and for events with statements and topics.

    .venv/bin/python benchmarks/bench_extract_real.py [CORPUS_DIR ...]
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

from parley.extract import SUPPORTED_LANGUAGES, default_extractor, extract_document
from parley.read import iter_documents

ROOT = Path(__file__).resolve().parents[1]
ROUNDS = 5


def _corpora(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    shared = ROOT.parent / "shared" / "corpus"
    if shared.is_dir():
        return [shared / c for c in ("seeds", "dev", "train")]
    return [ROOT / "tests" / "extract" / c for c in ("english", "multilingual")]


def main(args: list[str]) -> dict[str, object]:
    corpora = _corpora(args)
    docs = [
        d
        for d in iter_documents([str(c / "docs") for c in corpora], lambda failure: None)
        if (d.lang or "en") in SUPPORTED_LANGUAGES
    ]
    for d in docs:  # matchers, lexicons and the model loaded before timing
        extract_document(d)
    events_only: list[float] = []
    with_statements: list[float] = []
    found = 0
    for _ in range(ROUNDS):
        t0 = time.process_time()
        found = sum(len(default_extractor(d.lang or "en").extract(d)) for d in docs)
        events_only.append(len(docs) / (time.process_time() - t0))
        t0 = time.process_time()
        for d in docs:
            extract_document(d)
        with_statements.append(len(docs) / (time.process_time() - t0))
    result = {
        "corpora": [c.name for c in corpora],
        "documents": len(docs),
        "mean_chars": round(statistics.mean(len(d.original) for d in docs)),
        "events": found,
        "rounds": ROUNDS,
        "events_docs_per_s": {
            "min": round(min(events_only), 1),
            "median": round(statistics.median(events_only), 1),
            "max": round(max(events_only), 1),
        },
        "with_statements_docs_per_s": {
            "min": round(min(with_statements), 1),
            "median": round(statistics.median(with_statements), 1),
            "max": round(max(with_statements), 1),
        },
    }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main(sys.argv[1:])
