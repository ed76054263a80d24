"""CI check of issue 4 on the seeds: ingest twice, then look at the merged events.

Usage: python scripts/check_seed_store.py SEEDS_DOCS_DIR
Exit 1 with a one-line reason when the store does not hold what the seeds report.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from parley.read import iter_documents
from parley.store import Store, query
from parley.store.ingest import ingest


def main(seeds: str) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "seeds.db"
        with Store(db) as store:
            ingest(store, iter_documents([seeds], lambda f: None))
            first = query.events(store.con)
            again = ingest(store, iter_documents([seeds], lambda f: None))
            second = query.events(store.con)
    primary = [e for e in first if e["primary"] and e["status"] == "occurred"]
    merged = [
        e for e in primary if {Path(s["doc"]).name[:3] for s in e["sources"]} == {"001", "003"}
    ]
    problems = []
    if len(primary) != 4:
        problems.append(f"{len(primary)} primary engagements, expected 4")
    if len(merged) != 1 or merged[0]["n_sources"] != 2:
        problems.append("001 and 003 are not one event with two sources")
    if again.new or first != second:
        problems.append("a second ingest changed the database")
    if problems:
        print("seeds store: " + "; ".join(problems), file=sys.stderr)
        return 1
    print("seeds store: 4 primary engagements, 001+003 merged (2 sources), re-ingest is a no-op")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
