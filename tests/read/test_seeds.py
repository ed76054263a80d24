"""The five seed reports, read from ../shared at test time (skipped when absent)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from parley.read import iter_documents

EXPECTED = json.loads((Path(__file__).with_name("seeds_expected.json")).read_text("utf-8"))

# Kinds of page chrome that must never reach the body, as patterns (no article text).
BOILERPLATE = {
    "navigation": re.compile(
        r"^(Home|News)\s*>|^Latest Headlines$|^(China|Opinion|World|Video)$", re.M
    ),
    "share": re.compile(r"^(Share|Suggest to a friend)\s*:", re.M),
    "credit": re.compile(r"^(Source|Editor)\s*:", re.M),
    "footer": re.compile(r"^(About Us|Contact Us|Subscribe|Partners:)", re.M),
    "copyright": re.compile(r"Copyright|All rights reserved|ICP"),
    "image url": re.compile(r"https?://|\.png\b|\.jpe?g\b"),
    "bare number": re.compile(r"^\d+$", re.M),
    "timestamp": re.compile(r"^\s*\d{1,2}:\d{2} UTC|^\d{4}-\d{2}-\d{2} \d{2}:\d{2}$", re.M),
    "foreign line": re.compile(r"[\u4e00-\u9fff]"),
}


@pytest.fixture(scope="module")
def seed_docs():
    root = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "seeds" / "docs"
    if not root.is_dir():
        pytest.skip("../shared/corpus is absent")
    failures = []
    docs = {Path(d.doc).name: d for d in iter_documents([str(root)], failures.append)}
    assert not failures
    return docs


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seeds_metadata(seed_docs, name):
    doc = seed_docs[name]
    want = EXPECTED[name]
    got = doc.to_dict()
    for key in ("title", "published", "outlet", "lang", "dateline"):
        assert got[key] == want[key], key


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seeds_no_boilerplate(seed_docs, name):
    doc = seed_docs[name]
    for kind, pattern in BOILERPLATE.items():
        assert not pattern.search(doc.text), kind


@pytest.mark.shared
@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_seeds_keep_every_paragraph(seed_docs, name):
    """Every long sentence-ending line of the file is in the body (or is a caption)."""
    doc = seed_docs[name]
    kept = {p.text for p in doc.paragraphs}
    for line in doc.original.splitlines():
        line = line.strip()
        if len(line.split()) >= 25 and line.endswith("."):
            assert line in kept
    assert all(doc.original[p.start : p.end] == p.text for p in doc.paragraphs)


@pytest.mark.shared
def test_seeds_dev_languages(shared_corpus):
    gold = {}
    for line in (shared_corpus / "dev" / "gold.jsonl").read_text("utf-8").splitlines():
        record = json.loads(line)
        gold[record["doc"]] = record["lang"]
    docs = list(iter_documents([str(shared_corpus / "dev" / "docs")], lambda f: None))
    wrong = [d.doc for d in docs if gold.get(Path(d.doc).name) not in (None, d.lang)]
    assert not wrong
