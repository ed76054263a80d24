"""The one shape of the hand-written tables (curated data, audit tables): UTF-8, tab
separated, a header row, ``#`` comment lines, no quoting, so a curator edits them in any
editor and a diff shows one row per change."""

from __future__ import annotations

import csv
from pathlib import Path


def read_table(path: Path) -> list[dict[str, str]]:
    """The rows of a table, comment lines skipped."""
    with path.open(encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
