"""A small database for the API's tests: one example article ingested."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.read import iter_documents
from parley.store import Store
from parley.store.ingest import ingest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "docs"


@pytest.fixture(scope="module")
def one_article_db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("one-article") / "p.db"
    with Store(path) as store:
        ingest(store, iter_documents([str(EXAMPLES / "01_wang_blinken_beijing.txt")], print))
    return path
