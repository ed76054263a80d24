"""Builds the knowledge base's tables in ``src/parley/kb/data`` from public sources
(``--sources DIR`` or ``$PARLEY_KB_SOURCES``) and the hand-curated tables in
``src/parley/kb/curated``. Run from the repository root, e.g.
``python -m tools.kb_build.people --sources DIR``. Build code stays out of the wheel:
the package only reads what these scripts wrote."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KB_DIR = ROOT / "src" / "parley" / "kb"
CURATED = KB_DIR / "curated"
DATA = KB_DIR / "data"
SOURCES_ENV = "PARLEY_KB_SOURCES"


def default_sources() -> Path | None:
    """The sources folder named by ``$PARLEY_KB_SOURCES``, if set."""
    value = os.environ.get(SOURCES_ENV)
    return Path(value) if value else None


def require_sources(path: Path | None) -> Path:
    """The sources folder, or a one-line exit saying how to name it."""
    if path is None:
        sys.exit(f"kb_build: name the sources folder with --sources DIR or ${SOURCES_ENV}")
    if not path.is_dir():
        sys.exit(f"kb_build: {path}: not a folder")
    return path
