"""Fixtures every test folder uses (the example corpus ingested once), and the skipping of
tests marked ``shared`` on a machine without ../shared."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

#: The gold corpora and knowledge-base sources beside the repository. Tests that read them
#: are marked ``shared`` and skip cleanly without them, so a fresh clone's suite passes.
SHARED = Path(__file__).resolve().parents[2] / "shared"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if SHARED.is_dir():
        return
    skip = pytest.mark.skip(reason=f"needs {SHARED} (absent)")
    for item in items:
        if item.get_closest_marker("shared") is not None:
            item.add_marker(skip)


# The knowledge base's build tools (tools/kb_build) find their public sources through
# $PARLEY_KB_SOURCES; the tests that rebuild from them look beside the checkout, where CI
# puts ../shared, and skip when it is absent.
os.environ.setdefault(
    "PARLEY_KB_SOURCES",
    str(SHARED / "data" / "kb-sources"),
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
