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
        if _single_spaced(text):
            return text.lower()
        return " ".join(text.lower().split())
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def _single_spaced(text: str) -> bool:
    """ASCII text whose only whitespace is single spaces between words: ``split`` and
    ``join`` give it back unchanged (the other ASCII whitespace is unprintable)."""
    return text.isprintable() and "  " not in text and text[:1] != " " and text[-1:] != " "


def ascii_word_count(text: str) -> int:
    """``len(text.split())`` for ASCII text, without the list when it is single-spaced."""
    if text and _single_spaced(text):
        return text.count(" ") + 1
    return len(text.split())


def document_id(text: str) -> str:
    """First 20 hex digits of the SHA-256 of the normalized clean body."""
    return normalized_id(normalize(text))


def normalized_id(normalized: str) -> str:
    """``document_id`` of a text whose ``normalize`` is ``normalized``: the cleaner holds
    its lines normalized already and need not normalize the whole body again."""
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()[:ID_LENGTH]
