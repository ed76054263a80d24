"""The bundled example corpus: what `make run` shows must be read and extracted right.

The examples are the project's own reports (real meetings, own wording) with the noise
scrapers keep; their gold lives in examples/gold.jsonl and their reader metadata in
examples_expected.json beside this file.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from parley.evaluate import evaluate
from parley.extract import extract_events
from parley.read import iter_documents

ROOT = Path(__file__).resolve().parents[1] / "examples"
EXPECTED = json.loads(Path(__file__).with_name("examples_expected.json").read_text("utf-8"))


@pytest.fixture(scope="module")
def docs():
    failures: list[object] = []
    got = {Path(d.doc).name: d for d in iter_documents([str(ROOT / "docs")], failures.append)}
    assert not failures
    return got


def test_every_example_is_pinned(docs):
    assert set(docs) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_metadata(docs, name):
    got = docs[name].to_dict()
    want = EXPECTED[name]
    for key in ("title", "published", "outlet", "lang", "dateline"):
        assert got[key] == want[key], key
    assert len(got["removed"]) == want["removed_count"]


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_example_body_has_no_chrome(docs, name):
    text = docs[name].text
    for line in docs[name].removed:
        assert line not in text.splitlines()
    for marker in ("http://", "https://", "All rights reserved", "Share to", "Skip to main"):
        assert marker not in text


def test_script_in_an_article_is_kept_as_text(docs):
    html = docs["11_jaishankar_wang_vientiane.html"].text
    assert '<script>alert("parley")</script>' in html  # the escaped text, now plain
    assert "window.analytics" not in html  # the page's own script is gone


def _predict(path: Path):
    found = list(iter_documents([str(path)], lambda failure: None))
    return (found[0].lang if found else None), [e for d in found for e in extract_events(d)]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_examples_against_their_gold(lang: str):
    score, extra = evaluate(ROOT, _predict, lang=lang)
    m = score.metrics()
    assert m["recall"] == 1.0, score.misses
    assert m["precision"] == 1.0, score.misses
    assert m["date_accuracy"] == 1.0 and m["city_accuracy"] == 1.0, score.misses
    assert extra["lang_accuracy"] == 1.0


def test_french_example_is_extracted_in_french(docs):
    doc = docs["10_macron_xi_paris_fr.txt"]
    assert doc.lang == "fr"
    (ev,) = [e for e in extract_events(doc) if e.primary]
    assert [p.name for p in ev.participants] == ["Emmanuel Macron", "Xi Jinping"]
    assert (ev.date, ev.location.city if ev.location else None) == ("2024-05-06", "Paris")
    assert ev.cameo == "043" and ev.host == "Emmanuel Macron"
