"""The knowledge base and its phrase matchers, built ahead of time and loaded in one read.

Building them from the tables costs about 2 s of CPU (the gazetteer's 200k name keys,
the people index, an Aho-Corasick automaton per language): as much as 700 documents'
extraction, paid by every CLI call, Dask task and ingest worker. ``prebuilt.pickle``
beside this module holds them built. It records a hash of everything they are built
from (the tables, the pattern files the matchers read, the code that builds them and
the Python version) and a file whose hash differs from the sources' is ignored: a stale
file costs start-up time, never a different answer. The file is a build artefact, not
kept in git: ``make run``, ``make test`` and ``make prebuilt`` (``python
scripts/build_prebuilt.py``) build it when it is not current;
``tests/kb/test_prebuilt.py`` checks it matches the sources.

``PARLEY_PREBUILT=0`` in the environment builds everything from the tables instead
(what the build itself does, and what the tests compare against).
"""

from __future__ import annotations

import atexit
import gc
import hashlib
import io
import os
import pickle
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

if TYPE_CHECKING:
    from parley.extract.lexicon import Lexicon

PACKAGE = Path(__file__).resolve().parent.parent  # src/parley
PREBUILT = Path(__file__).resolve().parent / "prebuilt.pickle"
FORMAT = 1
MAGIC = b"parley prebuilt\n"
#: The matchers shipped built. Each language's costs ~1 MB in the file and ~0.1 s to
#: build, and most documents are English: the others are built on first use.
SHIPPED_LEXICONS = ("en",)

#: What the prebuilt objects are made of, relative to the package: a change to any of
#: them makes the shipped file stale. Code counts as well as data: the file holds
#: instances of these modules' classes, built by their code.
SOURCES: tuple[str, ...] = (
    "kb/data/*.tsv",
    "kb/data/*.tsv.gz",
    "kb/countries.py",
    "kb/occasions.py",
    "kb/people.py",
    "kb/places.py",
    "kb/prebuilt.py",
    "extract/prebuild.py",
    "extract/lexicon.py",
    "extract/text.py",
    "extract/patterns/__init__.py",
    "extract/patterns/mentions.toml",
    "model.py",
)


def source_files() -> list[Path]:
    """Every file :data:`SOURCES` names, in a fixed order."""
    found: set[Path] = set()
    for pattern in SOURCES:
        found.update(PACKAGE.glob(pattern))
    return sorted(found, key=lambda p: p.relative_to(PACKAGE).as_posix())


def fingerprint() -> str:
    """A hash of the sources' names and bytes and of the Python version (``name_key``
    folds with the interpreter's Unicode tables; pickles name its classes)."""
    h = hashlib.sha256(f"parley-prebuilt {FORMAT} {sys.version_info[:2]}\n".encode())
    for path in source_files():
        h.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        h.update(path.read_bytes())
        h.update(b"\0")
    return h.hexdigest()


def probe() -> bytes:
    """A tiny automaton, pickled at build time: loading it tells whether this
    pyahocorasick still reads what the file's was saved by."""
    import ahocorasick

    auto = ahocorasick.Automaton()
    auto.add_word("ab", 1)
    auto.make_automaton()
    return pickle.dumps(auto, protocol=5)


def _probe_works(saved: bytes) -> bool:
    try:
        auto = pickle.loads(saved)
        return auto.get("ab", None) == 1 and list(auto.iter("xab")) == [(2, 1)]
    except Exception:  # another version's format may fail in any way
        return False


def disabled() -> bool:
    return os.environ.get("PARLEY_PREBUILT", "1") == "0"


# -- loading --------------------------------------------------------------------------

_parts: dict[str, tuple[int, int]] | None = None  # part -> (offset, length) in the file
_fh: BinaryIO | None = None
_kb: dict[str, Any] | None = None
_lexicons: dict[str, Lexicon] = {}
# the API serves from threads: two first requests must not load two KBs, whose objects
# the lexicons would then not share
_lock = threading.RLock()


def read_header(fh: BinaryIO) -> dict[str, Any]:
    """The file's header: format, fingerprint of the sources, probe and where each part
    lies after it (the file is left at the end of the header)."""
    if fh.read(len(MAGIC)) != MAGIC:
        raise ValueError("not a prebuilt file")
    size = int.from_bytes(fh.read(8), "little")
    header: dict[str, Any] = pickle.loads(fh.read(size))
    return header


def _file_parts() -> dict[str, tuple[int, int]]:
    """Where each part lies in the shipped file; none when the file is missing, of
    another format or stale. Read once per process; the file stays open, so that parts
    read later come from the same file even if a rebuild replaces it meanwhile."""
    global _parts, _fh
    if _parts is None:
        _parts = {}
        if not disabled():
            try:
                fh = PREBUILT.open("rb")
                header = read_header(fh)
                start = fh.tell()
                if (
                    header.get("format") == FORMAT
                    and header.get("fingerprint") == fingerprint()
                    and _probe_works(header.get("probe", b""))
                ):
                    _parts = {k: (start + at, n) for k, (at, n) in header["parts"].items()}
                    _fh = fh
                    atexit.register(fh.close)
                else:
                    fh.close()
            except (OSError, pickle.UnpicklingError, EOFError, ValueError, KeyError):
                pass  # no usable file: everything is built from the tables
    return _parts


class _Unpickler(pickle.Unpickler):
    def persistent_load(self, pid: Any) -> Any:
        kind, value = pid
        if kind == "path":
            return PACKAGE / value
        if kind == "kb" and _kb is not None:
            return _kb[value]
        raise pickle.UnpicklingError(f"unknown reference {pid!r}")


@contextmanager
def _no_gc() -> Iterator[None]:
    """Unpickling makes a million small objects; the collector would walk them all
    several times over while they are made (twice the load time), for no garbage."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # and the objects made stay for the life of the process: kept out of the
        # collector's sight, later collections do not walk them again and again
        gc.freeze()
        if enabled:
            gc.enable()


def _unpickle(part: str) -> Any:
    where = _file_parts().get(part)
    if where is None or _fh is None:
        return None
    try:
        # pread: no shared file offset, should a forked process read its parts too
        data = os.pread(_fh.fileno(), where[1], where[0])
        with _no_gc():
            return _Unpickler(io.BytesIO(data)).load()
    except Exception:  # a damaged file: built from the tables instead, as if absent
        return None


def kb(name: str) -> Any:
    """The prebuilt ``people``, ``countries``, ``places`` or ``occasions`` object, or
    None when there is no usable file (the caller builds it from the tables)."""
    global _kb
    with _lock:
        if _kb is None:
            _kb = _unpickle("kb") or {}
        return _kb.get(name)


def lexicon(lang: str) -> Lexicon | None:
    """The prebuilt phrase matcher of a language, sharing the prebuilt KB objects; None
    when there is none (the caller builds it)."""
    with _lock:
        if lang not in _lexicons:
            if kb("people") is None:
                return None
            found = _unpickle(f"lexicon:{lang}")
            if found is None:
                return None
            _lexicons[lang] = found
        return _lexicons[lang]
