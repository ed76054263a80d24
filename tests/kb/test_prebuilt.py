"""The prebuilt KB file (kb/prebuilt.pickle, made by `make` from the sources, not kept in
git): it matches the sources, holds what a build from the tables gives, and a stale one
is ignored rather than believed."""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.kb import prebuilt
from parley.kb.places import NameIndex, PackedStrings

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "docs" / "04_biden_xi_call.txt"


def _in_fresh_process(code: str, **env: str) -> str:
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={**os.environ, "PYTHONHASHSEED": "0", **env},
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


@pytest.fixture(scope="module", autouse=True)
def built() -> None:
    """The file as `make prebuilt` leaves it (a no-op when it is current), so that the
    suite run on its own after an edit tests the current sources."""
    script = Path(__file__).resolve().parents[2] / "scripts" / "build_prebuilt.py"
    subprocess.run([sys.executable, str(script)], check=True, capture_output=True)


def test_the_built_file_matches_the_sources() -> None:
    """A table, a pattern file or the code that builds the KB changed and the build did not
    notice: every command would build the KB again at start-up (about 2 s)."""
    with prebuilt.PREBUILT.open("rb") as fh:
        header = prebuilt.read_header(fh)
    assert header["fingerprint"] == prebuilt.fingerprint(), "stale: run `make prebuilt`"
    assert set(header["parts"]) == {"kb", *(f"lexicon:{x}" for x in prebuilt.SHIPPED_LEXICONS)}


def test_it_holds_what_the_tables_give() -> None:
    """The objects loaded from the file and those built from the tables are equal, field
    by field (sets sorted, automata as their sorted entries)."""
    code = "from parley.extract.prebuild import digest; print(digest())"
    loaded = _in_fresh_process(code)
    built = _in_fresh_process(code, PARLEY_PREBUILT="0")
    assert loaded == built


def test_extract_loads_it_and_none_of_the_heavy_libraries() -> None:
    """`parley extract` takes the KB from the file and imports no data-frame, Dask, web
    or learning library (a start-up that stays under half a second: bench_startup.py)."""
    code = f"""
import contextlib, io, sys
from parley.cli import app
with contextlib.redirect_stdout(io.StringIO()):
    try:
        app(["extract", {str(EXAMPLE)!r}, "--format", "jsonl"])
    except SystemExit:
        pass
from parley.kb import prebuilt
heavy = ("pandas", "pyarrow", "dask", "distributed", "fastapi", "uvicorn", "sklearn",
         "scipy", "numpy", "trafilatura", "ftfy", "rapidfuzz")
print(prebuilt._kb is not None and prebuilt.kb("people") is not None,
      sorted(m for m in heavy if m in sys.modules))
"""
    assert _in_fresh_process(code) == "True []"


def test_a_stale_file_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    stale = tmp_path / "prebuilt.pickle"
    data = prebuilt.PREBUILT.read_bytes()
    size = int.from_bytes(data[len(prebuilt.MAGIC) : len(prebuilt.MAGIC) + 8], "little")
    start = len(prebuilt.MAGIC) + 8
    header = pickle.loads(data[start : start + size])
    header["fingerprint"] = "0" * 64
    new = pickle.dumps(header, protocol=5)
    stale.write_bytes(prebuilt.MAGIC + len(new).to_bytes(8, "little") + new + data[start + size :])
    monkeypatch.setattr(prebuilt, "PREBUILT", stale)
    monkeypatch.setattr(prebuilt, "_parts", None)
    monkeypatch.setattr(prebuilt, "_kb", None)
    monkeypatch.setattr(prebuilt, "_lexicons", {})
    assert prebuilt.kb("people") is None
    assert prebuilt.lexicon("en") is None


def test_a_missing_or_foreign_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for content in (None, b"", b"not a prebuilt file at all"):
        path = tmp_path / "prebuilt.pickle"
        if content is not None:
            path.write_bytes(content)
        monkeypatch.setattr(prebuilt, "PREBUILT", path)
        monkeypatch.setattr(prebuilt, "_parts", None)
        monkeypatch.setattr(prebuilt, "_kb", None)
        assert prebuilt.kb("places") is None


def test_packed_strings_and_the_name_index() -> None:
    words = PackedStrings(["", "moscow", "москва", "北京"])
    assert len(words) == 4
    assert list(words) == ["", "moscow", "москва", "北京"]
    assert words[-1] == "北京" and words[1:3] == ["moscow", "москва"]
    index = NameIndex({"moscow": [3, 5], "geneva": [1], "москва": [3]})
    assert list(index.get("moscow")) == [3, 5]
    assert list(index.get("москва")) == [3]
    assert list(index.get("paris")) == [] and list(index.get("")) == []
    assert "geneva" in index and "genev" not in index and 3 not in index


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(
        st.text(alphabet="abcz é-", max_size=6),
        st.lists(st.integers(0, 9), max_size=3),
        max_size=400,
    ),
    st.lists(st.text(alphabet="abcz é-", max_size=6), max_size=20),
)
def test_the_name_index_answers_as_a_dict(mapping: dict[str, list[int]], asked: list[str]) -> None:
    """Hundreds of keys (several strides of the sampled bisection), asked for keys it
    holds, keys between them and keys before and after all of them."""
    index = NameIndex(mapping)
    for key in [*mapping, *asked, "", "\uffff"]:
        assert list(index.get(key)) == mapping.get(key, [])
        assert (key in index) == (key in mapping)
