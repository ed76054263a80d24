"""Builds the prebuilt knowledge-base file that :mod:`parley.kb.prebuilt` loads.

Apart from the loader because building needs the classes it builds (the KB's and the
phrase matcher's, which lives in ``extract``), while those classes ask the loader for
their prebuilt selves: kept in one module the two would import each other.
``scripts/build_prebuilt.py`` runs :func:`build` in a fresh process.
"""

from __future__ import annotations

import hashlib
import io
import pickle
from pathlib import Path, PurePath
from typing import Any

from parley.kb.prebuilt import (
    FORMAT,
    MAGIC,
    PACKAGE,
    PREBUILT,
    SHIPPED_LEXICONS,
    disabled,
    fingerprint,
    kb,
    probe,
)


class _Pickler(pickle.Pickler):
    """Shares the KB objects between parts by name and writes package paths relative
    to the package, so the file works wherever the package is installed."""

    def __init__(self, file: Any, shared: dict[int, str]) -> None:
        super().__init__(file, protocol=5)
        self._shared = shared

    def persistent_id(self, obj: Any) -> Any:
        name = self._shared.get(id(obj))
        if name is not None:
            return ("kb", name)
        if isinstance(obj, PurePath) and Path(obj).is_absolute():
            try:
                return ("path", Path(obj).resolve().relative_to(PACKAGE).as_posix())
            except ValueError:
                raise pickle.PicklingError(f"a path outside the package: {obj}") from None
        return None


def _dumps(obj: Any, shared: dict[int, str]) -> bytes:
    buf = io.BytesIO()
    _Pickler(buf, shared).dump(obj)
    return buf.getvalue()


def _built() -> dict[str, Any]:
    """The objects the file holds, built from the tables in this process."""
    if not disabled():
        raise RuntimeError("build the prebuilt objects with PARLEY_PREBUILT=0")
    from parley.extract.lexicon import default_lexicon
    from parley.kb.countries import Countries
    from parley.kb.occasions import Occasions
    from parley.kb.people import PeopleKB
    from parley.kb.places import Gazetteer

    people = PeopleKB.default()
    people.titles("en")
    people.titles("fr")  # reads every other language's titles too
    objects = {
        "people": people,
        "countries": Countries.default(),
        "places": Gazetteer.default(),
        "occasions": Occasions.default(),
    }
    return {
        "kb": objects,
        **{f"lexicon:{lang}": default_lexicon(lang) for lang in SHIPPED_LEXICONS},
    }


def build() -> bytes:
    """The file's bytes. Run it in a process that has not loaded the KB
    (``PARLEY_PREBUILT=0``) and with a fixed ``PYTHONHASHSEED``, so that sets are written
    in one order (``scripts/build_prebuilt.py`` does both)."""
    built = _built()
    shared = {id(obj): name for name, obj in built["kb"].items()}
    blobs = {part: _dumps(obj, {} if part == "kb" else shared) for part, obj in built.items()}
    where: dict[str, tuple[int, int]] = {}
    at = 0
    for part, blob in blobs.items():
        where[part] = (at, len(blob))
        at += len(blob)
    header = pickle.dumps(
        {"format": FORMAT, "fingerprint": fingerprint(), "probe": probe(), "parts": where},
        protocol=5,
    )
    return b"".join([MAGIC, len(header).to_bytes(8, "little"), header, *blobs.values()])


def _canonical(obj: Any, shared: dict[int, str], memo: dict[int, Any], keep: list[Any]) -> Any:
    """``obj`` as nested tuples of plain values that print the same for equal objects:
    sets sorted, automata as their sorted entries, arrays as lists, objects as their
    class and fields, paths relative to the package (an automaton's own pickle carries
    padding bytes that differ from one process to the next)."""
    import re
    from array import array

    import ahocorasick

    if obj is None or isinstance(obj, str | int | float | bool | bytes):
        return obj
    if id(obj) in shared:
        return ("kb", shared[id(obj)])
    if id(obj) in memo:
        return memo[id(obj)]
    keep.append(obj)  # alive, so that its id is not reused by a temporary

    def c(x: Any) -> Any:
        return _canonical(x, shared, memo, keep)

    out: Any
    if isinstance(obj, set | frozenset):
        out = ("set", tuple(sorted((c(x) for x in obj), key=repr)))
    elif isinstance(obj, dict):
        out = ("dict", tuple((c(k), c(v)) for k, v in obj.items()))
    elif isinstance(obj, list | tuple):
        out = (type(obj).__name__, tuple(c(x) for x in obj))
    elif isinstance(obj, array):
        out = ("array", tuple(obj))
    elif isinstance(obj, ahocorasick.Automaton):
        out = ("automaton", tuple((k, c(v)) for k, v in sorted(obj.items())))
    elif isinstance(obj, re.Pattern):
        out = ("pattern", obj.pattern, obj.flags)
    elif isinstance(obj, PurePath):
        out = ("path", Path(obj).resolve().relative_to(PACKAGE).as_posix())
    else:
        state = obj.__getstate__()
        out = (type(obj).__qualname__, c(state))
    memo[id(obj)] = out
    return out


def digest() -> str:
    """A hash of the KB objects and shipped matchers this process uses (loaded from the
    file, or built with ``PARLEY_PREBUILT=0``): equal objects, equal digests."""
    from parley.extract.lexicon import default_lexicon
    from parley.kb.countries import Countries
    from parley.kb.occasions import Occasions
    from parley.kb.people import PeopleKB
    from parley.kb.places import Gazetteer

    if disabled():
        built = _built()
    else:
        if kb("people") is None:
            raise RuntimeError(f"{PREBUILT} is missing, stale or unreadable")
        objects = {
            "people": PeopleKB.default(),
            "countries": Countries.default(),
            "places": Gazetteer.default(),
            "occasions": Occasions.default(),
        }
        built = {"kb": objects, **{f"lexicon:{x}": default_lexicon(x) for x in SHIPPED_LEXICONS}}
    h = hashlib.sha256()
    shared = {id(obj): name for name, obj in built["kb"].items()}
    for part, obj in built.items():
        form = _canonical(obj, {} if part == "kb" else shared, {}, [])
        h.update(part.encode() + b"\0" + repr(form).encode())
    return h.hexdigest()
