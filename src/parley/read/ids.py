"""Content ids: the same article read from any container gets the same id."""

from __future__ import annotations

import hashlib
import unicodedata

ID_LENGTH = 20


def normalize(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: what the id is computed from.

    ``str.split()`` breaks at exactly the characters ``\\s`` matches (both ask
    ``str.isspace``), so the join is the old ``re.sub(r"\\s+", " ", ...).strip()`` at a
    third of the cost. ASCII text is its own NFKC form and case-folds as it lower-cases."""
    if text.isascii():
        return " ".join(text.lower().split())
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def document_id(text: str) -> str:
    """First 20 hex digits of the SHA-256 of the normalized clean body."""
    return normalized_id(normalize(text))


def normalized_id(normalized: str) -> str:
    """``document_id`` of a text whose ``normalize`` is ``normalized``."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:ID_LENGTH]
