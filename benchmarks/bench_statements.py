"""Cost of statements on real reports: extraction with and without them.

Runs both over the seeds and dev documents of ../shared/corpus (real wire copy, where
statements are dense; the synthetic articles of bench_extract.py carry few), several
rounds each, alternating, after one warm-up document. Times are CPU time of this process
(``time.process_time``): other work on a shared machine stretches wall time, not CPU time.

    .venv/bin/python benchmarks/bench_statements.py [ROUNDS]
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from parley.extract import default_extractor, extract_document
from parley.read import iter_documents

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def main(rounds: int = 10) -> dict[str, float]:
    paths = [str(SHARED / "dev" / "docs"), str(SHARED / "seeds" / "docs")]
    docs = [d for d in iter_documents(paths, lambda f: None) if d.lang == "en"]
    default_extractor()
    extract_document(docs[0])
    totals = {"events": 0.0, "events_and_statements": 0.0}
    for _ in range(rounds):
        engine = default_extractor()
        for name, fn in (("events", engine.extract), ("events_and_statements", extract_document)):
            t = time.process_time()
            for d in docs:
                fn(d)
            totals[name] += time.process_time() - t
    result = {
        "documents": len(docs),
        "rounds": rounds,
        "events_docs_per_s": round(rounds * len(docs) / totals["events"], 1),
        "with_statements_docs_per_s": round(
            rounds * len(docs) / totals["events_and_statements"], 1
        ),
        "ratio": round(totals["events_and_statements"] / totals["events"], 2),
    }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    if not SHARED.is_dir():
        sys.exit("../shared/corpus is absent")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
