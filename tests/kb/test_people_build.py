"""The committed people table is what tools/kb_build makes from the public sources and
the curated tables: an edit to a curated row or to the build that is not rebuilt fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from tools.kb_build import base, people


@pytest.mark.shared
def test_people_tsv_is_what_the_build_makes(tmp_path: Path) -> None:
    sources = base.DEFAULT_SOURCES
    if sources is None or not (sources / "wikidata-everypolitician").is_dir():
        pytest.skip("staged KB sources (../shared/data/kb-sources) not available")
    out = tmp_path / "people.tsv"
    people.write_tsv(people.build(sources), out)
    assert out.read_bytes() == people.OUT_TSV.read_bytes()


def test_sources_come_from_the_argument_or_the_environment(monkeypatch, tmp_path) -> None:
    from tools import kb_build

    monkeypatch.delenv(kb_build.SOURCES_ENV, raising=False)
    assert kb_build.default_sources() is None
    with pytest.raises(SystemExit, match="PARLEY_KB_SOURCES"):
        kb_build.require_sources(None)
    monkeypatch.setenv(kb_build.SOURCES_ENV, str(tmp_path))
    assert kb_build.require_sources(kb_build.default_sources()) == tmp_path
    with pytest.raises(SystemExit, match="not a folder"):
        kb_build.require_sources(tmp_path / "missing")
