"""Content ids: the same article read from any container gets the same id."""

from __future__ import annotations

import hashlib
import re
import unicodedata

_SPACE = re.compile(r"\s+")
ID_LENGTH = 20


def normalize(text: str) -> str:
    """NFKC, case-folded, whitespace collapsed: what the id is computed from."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).casefold()).strip()


def document_id(text: str) -> str:
    """First 20 hex digits of the SHA-256 of the normalized clean body."""
    return hashlib.sha256(normalize(text).encode("utf-8")).hexdigest()[:ID_LENGTH]
