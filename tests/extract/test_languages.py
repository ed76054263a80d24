"""Engagement extraction in French, Portuguese, Spanish, German, Italian and Indonesian.

Short reports written for these tests (real engagements, own wording) live in
``language_cases.json``; each names the behaviour it pins. The longer, noisier reports of
``multilingual/`` are scored as a corpus with floors in ``test_corpora.py``.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cases import assert_events_match

from parley.extract import SUPPORTED_LANGUAGES, extract_events
from parley.read import read_text

HERE = Path(__file__).parent
CASES = json.loads((HERE / "language_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_language_case(case: dict) -> None:
    doc = read_text(case["text"], f"{case['lang']}.txt", published_hint=case["published"])
    assert doc.lang == case["lang"]
    got = [e for e in extract_events(doc) if e.status in {"occurred", "planned"}]
    assert_events_match(got, case["events"])


def test_every_case_language_is_supported() -> None:
    assert {c["lang"] for c in CASES} <= SUPPORTED_LANGUAGES
