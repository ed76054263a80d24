"""Cost of the per-sentence cue matchers on real reports: topics and status cues.

Splits the seeds and dev documents of ../shared/corpus into sentences and times
``topics_of`` on every sentence, and ``status_cues`` around every engagement word the
trigger lexicon finds, several rounds each (CPU time of this process). The results are
printed with a digest, so that two trees can be compared for the same answers.

    .venv/bin/python benchmarks/bench_topics.py [ROUNDS]
"""

from __future__ import annotations

import hashlib
import json
import re
import sys
import time
from pathlib import Path

from parley.extract.status import status_cues
from parley.extract.text import document_sentences
from parley.extract.topics import topics_of
from parley.read import iter_documents

SHARED = Path(__file__).resolve().parents[2] / "shared" / "corpus"
# engagement words to put status cues around (the benchmark needs positions, not the
# extractor's judgement of them)
_TRIGGER = re.compile(r"\b(?:met|meet|meeting|talks|visit|visited|call|summit|spoke)\b")


def main(rounds: int = 5) -> dict[str, object]:
    paths = [str(SHARED / "dev" / "docs"), str(SHARED / "seeds" / "docs")]
    docs = [d for d in iter_documents(paths, lambda f: None) if d.lang == "en"]
    sentences = [s for d in docs for s in document_sentences(d)]
    triggers = [
        (s.folded, m.start(), m.end()) for s in sentences for m in _TRIGGER.finditer(s.folded)
    ]
    topics_of(sentences[0].folded, sentences[0].text)
    status_cues(*triggers[0])
    t_topics = t_status = 0.0
    digest = hashlib.sha256()
    for r in range(rounds):
        t = time.process_time()
        found = [topics_of(s.folded, s.text) for s in sentences]
        t_topics += time.process_time() - t
        t = time.process_time()
        cues = [status_cues(f, a, b) for f, a, b in triggers]
        t_status += time.process_time() - t
        if r == 0:
            digest.update(json.dumps(found).encode())
            digest.update(json.dumps([sorted(c) for c in cues]).encode())
    result: dict[str, object] = {
        "sentences": len(sentences),
        "triggers": len(triggers),
        "rounds": rounds,
        "topics_us_per_sentence": round(t_topics / rounds / len(sentences) * 1e6, 1),
        "status_cues_us_per_trigger": round(t_status / rounds / len(triggers) * 1e6, 1),
        "answers_sha256": digest.hexdigest()[:16],
    }
    print(json.dumps(result, indent=1))
    return result


if __name__ == "__main__":
    if not SHARED.is_dir():
        sys.exit("../shared/corpus is absent")
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
