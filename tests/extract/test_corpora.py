"""The project's own test corpora, scored against their gold with pinned floors.

``multilingual/`` (30 reports in six languages) and ``english/`` (40 reports in the house
styles of many outlets) are written by the project about real engagements; they were not
used to develop the extractor before they were written, and their floors keep it from
sliding back (raise a floor when a change lifts the score; never lower one silently).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from parley.evaluate import evaluate
from parley.extract import extract_events
from parley.model import Event
from parley.read import iter_documents

HERE = Path(__file__).parent
CORPORA = ["multilingual", "english"]


def _predict(path: Path) -> tuple[str | None, list[Event]]:
    docs = list(iter_documents([str(path)], lambda failure: None))
    return (docs[0].lang, extract_events(docs[0])) if docs else (None, [])


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_stays_above_its_floors(name: str) -> None:
    corpus = HERE / name
    floors = json.loads((corpus / "floors.json").read_text("utf-8"))
    score, extra = evaluate(corpus, _predict)
    scores = {**score.metrics(), **extra}
    low = {k: (scores[k], v) for k, v in floors.items() if (scores[k] or 0) < v}
    assert not low, (low, score.misses)


@pytest.mark.parametrize("name", CORPORA)
def test_corpus_gold_is_consistent(name: str) -> None:
    """Keys, evidence, codes and dates of the hand-written gold check out."""
    spec = importlib.util.spec_from_file_location(f"check_{name}", HERE / name / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == 0
