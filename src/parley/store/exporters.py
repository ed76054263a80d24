"""Exporters registered by name, the way datasette registers its built-ins: parley's own
formats register through the same decorator a third-party package would use, so adding a
format is one module (``@exporter("name")``) and nothing else changes, neither the CLI
nor the docs' list, which both read :func:`names`.

A package outside parley adds one through the ``parley.exporters`` entry-point group,
naming a module whose import registers it.
"""

from __future__ import annotations

import importlib
import sqlite3
from collections.abc import Callable
from importlib.metadata import entry_points
from pathlib import Path

#: Writes into the folder its files for one database; returns (file, rows written) pairs.
Exporter = Callable[[sqlite3.Connection, Path], list[tuple[Path, int]]]

#: Modules whose import registers parley's own exporters, in the order ``names`` lists.
BUILTIN_MODULES = ("parley.store.export", "parley.store.formats")
ENTRY_POINT_GROUP = "parley.exporters"

_registry: dict[str, Exporter] = {}
_help: dict[str, str] = {}
_loaded = False


def exporter(name: str, help: str) -> Callable[[Exporter], Exporter]:
    """Register ``fn`` under ``name``; a second registration of one name is a mistake
    that would silently change what ``--format name`` writes, so it raises."""

    def register(fn: Exporter) -> Exporter:
        if name in _registry and _registry[name] is not fn:
            raise ValueError(f"exporter {name!r} is registered twice")
        _registry[name] = fn
        _help[name] = help
        return fn

    return register


def _load() -> None:
    global _loaded
    if _loaded:
        return
    _loaded = True
    for module in BUILTIN_MODULES:
        importlib.import_module(module)
    for ep in entry_points(group=ENTRY_POINT_GROUP):
        importlib.import_module(ep.value.split(":")[0])


def names() -> tuple[str, ...]:
    """Every registered format: parley's own first (in the order of their modules in
    :data:`BUILTIN_MODULES`, whichever was imported first), then the others as registered."""
    _load()
    rank = {m: i for i, m in enumerate(BUILTIN_MODULES)}
    order = sorted(_registry, key=lambda n: rank.get(_registry[n].__module__, len(rank)))
    return tuple(order)


def describe(name: str) -> str:
    """One line on what ``name`` writes."""
    _load()
    return _help[name]


def get(name: str) -> Exporter:
    """The exporter called ``name``; KeyError names the ones there are."""
    _load()
    try:
        return _registry[name]
    except KeyError:
        raise KeyError(f"{name!r} is not one of {', '.join(names())}") from None


def export(con: sqlite3.Connection, out: Path, name: str) -> list[tuple[Path, int]]:
    """Write the database in format ``name`` into the folder ``out`` (created)."""
    fn = get(name)
    out.mkdir(parents=True, exist_ok=True)
    return fn(con, out)
