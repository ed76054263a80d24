"""Statements on short reports in the project's own words (statement_cases.json)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.extract import extract_document
from parley.read import read_text

CASES = json.loads(Path(__file__).with_name("statement_cases.json").read_text("utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_statement_case(case):
    doc = read_text(case["text"], "case.txt")
    _, statements = extract_document(doc)
    assert len(statements) == len(case["want"]), [s.text for s in statements]
    for got, want in zip(statements, case["want"], strict=True):
        assert got.speaker["name"] == want["speaker"]
        assert doc.original[got.start : got.end] == got.text
        for key in ("stance", "mode", "cameo", "plover", "event"):
            if key in want:
                assert getattr(got, key) == want[key], key
        if "target" in want:
            assert (got.target or {}).get("country") == want["target"]
        if "topics" in want:
            assert got.topics == want["topics"]


def test_statements_are_empty_for_languages_not_extracted():
    doc = read_text("Le ministre a déclaré que la France soutient cette initiative. " * 3, "fr.txt")
    assert extract_document(doc) == ([], []) or doc.lang == "en"


def test_an_event_carries_the_topics_of_what_was_said_at_it():
    text = (
        "MOSCOW, Sept. 18 (Xinhua) -- Chinese Foreign Minister Wang Yi held talks with Russian "
        "Foreign Minister Sergei Lavrov in Moscow on Monday.\n"
        "Lavrov said Russia and China would deepen energy cooperation within BRICS."
    )
    events, statements = extract_document(read_text(text, "case.txt"))
    assert statements and statements[0].event == 0
    assert {"energy", "brics"} <= set(events[0].topics)


def test_a_quotation_opened_in_an_earlier_sentence_runs_to_the_first_mark() -> None:
    from parley.extract.statements import _quoted_words

    folded = "the minister stressed the need to keep talking,\u201d a statement said, adding more."
    assert _quoted_words(folded, open_at_start=True).startswith("the minister stressed")
    other = "a statement said, \u201cwe will keep talking to our partners in the region.\u201d"
    assert _quoted_words(other).startswith("we will keep talking")
    assert _quoted_words(other, open_at_start=True).startswith("a statement said")
