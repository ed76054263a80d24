"""Engagement extraction in French, Portuguese, Spanish, German, Italian and Indonesian.

Short reports written for these tests (real engagements, own wording) live in
``language_cases.json``; each names the behaviour it pins. The longer, noisier reports of
``multilingual/`` are scored as a corpus with floors (``test_multilingual_corpus``).
"""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
from cases import assert_events_match

from parley.evaluate import evaluate
from parley.extract import SUPPORTED_LANGUAGES, extract_events
from parley.read import iter_documents, read_text

HERE = Path(__file__).parent
CASES = json.loads((HERE / "language_cases.json").read_text("utf-8"))
CORPUS = HERE / "multilingual"
FLOORS = json.loads((CORPUS / "floors.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_language_case(case: dict) -> None:
    doc = read_text(case["text"], f"{case['lang']}.txt", published_hint=case["published"])
    assert doc.lang == case["lang"]
    got = [e for e in extract_events(doc) if e.status in {"occurred", "planned"}]
    assert_events_match(got, case["events"])


def test_every_case_language_is_supported() -> None:
    assert {c["lang"] for c in CASES} <= SUPPORTED_LANGUAGES


def test_multilingual_corpus_stays_above_its_floors() -> None:
    def predict(path: Path) -> tuple[str | None, list]:
        docs = list(iter_documents([str(path)], lambda failure: None))
        return (docs[0].lang, extract_events(docs[0])) if docs else (None, [])

    score, extra = evaluate(CORPUS, predict)
    scores = {**score.metrics(), **extra}
    low = {k: (scores[k], v) for k, v in FLOORS.items() if (scores[k] or 0) < v}
    assert not low, (low, score.misses)


def test_multilingual_gold_is_consistent() -> None:
    """Keys, evidence, codes and dates of the hand-written gold check out."""
    spec = importlib.util.spec_from_file_location("check_gold", CORPUS / "check_gold.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.main() == 0
