"""The ``parley`` command: thin wrappers over the Python API.

One Typer app (:mod:`parley.cli.common`) with its commands in two modules, registered
on import: the document commands (:mod:`parley.cli.documents`: read, extract, eval,
train, kb, synth) and the store's (:mod:`parley.cli.store`). ``docs/cli.md`` is
generated from their help (``python scripts/cli_docs.py``).
"""

from __future__ import annotations

from parley.cli import documents, store  # noqa: F401  (registers the commands, in order)
from parley.cli.common import app, failure_line, main

__all__ = ["app", "failure_line", "main"]
