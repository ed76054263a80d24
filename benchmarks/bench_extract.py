"""Extraction throughput on generated wire copy, on one core.

Writes N synthetic articles (``parley.synth``), then times four passes over them in
this process: reading + cleaning only, reading + cleaning + extraction, the same with
statements (issue 5: within 1.5x of extraction without them), and the
extraction's accuracy against the generated gold (a sanity check that the timed
path really finds the engagements). The ratio of the two timings is what the README
quotes; the knowledge base is loaded before timing starts, as a long-running worker
would have it loaded.

    .venv/bin/python benchmarks/bench_extract.py [N]
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

from parley.evaluate import evaluate
from parley.extract import default_extractor, extract_document, extract_events
from parley.read import iter_documents
from parley.synth import write_corpus


def _ignore(_failure: object) -> None:
    raise SystemExit(f"unexpected read failure: {_failure}")


def main(n: int = 10_000) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_corpus(n, root, seed=7)
        default_extractor()  # KB and matchers built once, outside the timing
        paths = [str(root / "docs")]

        t0 = time.perf_counter()
        docs = list(iter_documents(paths, _ignore))
        read_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        events = 0
        engine = default_extractor()
        for doc in iter_documents(paths, _ignore):
            events += len(engine.extract(doc))  # events only, no statements or topics
        full_s = time.perf_counter() - t0

        t0 = time.perf_counter()
        statements = 0
        for doc in iter_documents(paths, _ignore):
            statements += len(extract_document(doc)[1])
        with_statements_s = time.perf_counter() - t0

        by_name = {Path(d.doc).name: d for d in docs}

        def predict(path: Path):  # type: ignore[no-untyped-def]
            d = by_name[path.name]
            return d.lang, extract_events(d)

        sample = root / "sample"
        (sample / "docs").mkdir(parents=True)
        gold_lines = (root / "gold.jsonl").read_text(encoding="utf-8").splitlines()[:500]
        (sample / "gold.jsonl").write_text("\n".join(gold_lines) + "\n", encoding="utf-8")
        for line in gold_lines:
            name = json.loads(line)["doc"]
            (sample / "docs" / name).write_text("", encoding="utf-8")
        score, _ = evaluate(sample, predict, None)

    result = {
        "documents": n,
        "read_clean_docs_per_s": round(n / read_s, 1),
        "read_clean_extract_docs_per_s": round(n / full_s, 1),
        "extract_over_read_ratio": round(full_s / read_s, 2),
        "read_clean_extract_statements_docs_per_s": round(n / with_statements_s, 1),
        "statements_over_events_only_ratio": round(with_statements_s / full_s, 2),
        "statements_found": statements,
        "events_found": events,
        **{f"synthetic_{k}": v for k, v in score.metrics().items()},
    }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
