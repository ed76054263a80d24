from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture
def parley_bin() -> str:
    """The installed `parley` command next to this interpreter."""
    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else (shutil.which("parley") or "parley")


@pytest.fixture(scope="session")
def examples_db(tmp_path_factory) -> Path:
    """The example corpus ingested once, for tests that only read the store."""
    from parley.read import iter_documents
    from parley.store import Store
    from parley.store.ingest import ingest

    examples = Path(__file__).resolve().parents[2] / "examples" / "docs"
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
