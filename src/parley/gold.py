"""The gold corpora's format (``gold.jsonl`` beside ``docs/``, see the shared
GOLD_FORMAT.md) and the contract's name rule, in one place that scoring
(``parley.evaluate``) and training (``parley.extract.train``) both read, so neither
has to import the other."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path
from typing import Any


def fold(s: str) -> str:
    """Accents off, lower case: how the contract compares names and cities."""
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def surname(name: str) -> str:
    """Last token, lower case, accents removed (the contract's definition)."""
    parts = name.split()
    return fold(parts[-1]) if parts else ""


def load_gold(corpus: Path) -> list[dict[str, Any]]:
    """One dict per gold document, in the file's order (the order folds are cut in)."""
    with (corpus / "gold.jsonl").open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]
