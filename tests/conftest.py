"""Fixtures every test folder uses: the example corpus ingested once."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

# The knowledge base's build tools (tools/kb_build) find their public sources through
# $PARLEY_KB_SOURCES; the tests that rebuild from them look beside the checkout, where CI
# puts ../shared, and skip when it is absent.
os.environ.setdefault(
    "PARLEY_KB_SOURCES",
    str(Path(__file__).resolve().parents[2] / "shared" / "data" / "kb-sources"),
)


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    """The example corpus ingested once, for tests that only read the store."""
    from parley.read import iter_documents
    from parley.store import Store
    from parley.store.ingest import ingest

    examples = Path(__file__).resolve().parents[1] / "examples" / "docs"
    path = tmp_path_factory.mktemp("examples") / "p.db"
    with Store(path) as store:
        ingest(store, iter_documents([str(examples)], lambda f: None))
    return path


@pytest.fixture
def edited_db(examples_db, tmp_path) -> Path:
    """A copy of the examples' store a test may change (to hold a case they lack)."""
    path = tmp_path / "p.db"
    shutil.copy(examples_db, path)
    return path
