"""Bytes to text: the one place that guesses encodings and repairs mojibake.

Scraped files arrive as UTF-8, UTF-16 with or without a byte-order mark, GBK, Windows-1251
and text that was already decoded wrongly once. Evidence offsets index the text this module
returns, so it must be deterministic and must never alter text that was fine: ftfy runs
with every cosmetic fix switched off, and only when the text shows a mojibake signature.
"""

from __future__ import annotations

import codecs
import re
from functools import cache
from typing import Any

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_SAMPLE = 8192
# Control characters that never occur in text (tab, newlines and form feed excepted).
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ufffd]")
_MAX_CONTROL_SHARE = 0.02
# Tolerated share of undecodable bytes in a file that is otherwise valid UTF-8.
_MAX_BAD_UTF8_SHARE = 0.01
# UTF-8 read as Latin-1/Windows-1252 ("â€™", "Ã©"), as Windows-1251 ("Ð¾" / "РЎ"), or C1
# controls: the signatures ftfy can repair. Text without them is left alone.
_MOJIBAKE = re.compile(
    "[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
    "\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]"
    "|[\u0420\u0421][\u0402\u0403\u0405-\u040f\u0452\u0453\u0455-\u045f\u0490\u0491"
    "\u00a0\u00a4\u00a6\u00a7\u00a9\u00ab\u00ac\u00ad\u00ae\u00b0\u00b1\u00b5-\u00b7\u00bb"
    "\u201a\u201e\u2020\u2021\u2030\u2039\u203a\u20ac\u2116\u2122]"
    "|[\u0080-\u009f]"
)


@cache
def _ftfy_config() -> Any:
    """ftfy and its tables (a twentieth of a second to import) only for the rare text
    that shows mojibake."""
    import ftfy

    return ftfy.TextFixerConfig(
        unescape_html=False,
        remove_terminal_escapes=False,
        fix_latin_ligatures=False,
        fix_character_width=False,
        uncurl_quotes=False,
        fix_line_breaks=False,
        remove_control_chars=False,
        normalization=None,
        explain=False,
    )


class NotText(Exception):
    """The bytes are not a readable document; ``reason`` is the one-line explanation."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode a document's bytes and repair mojibake; raise :class:`NotText` otherwise.

    ``declared`` is a charset named by the container (an HTTP header); it is trusted only
    when the bytes decode under it without error, because servers often lie.
    """
    if not data:
        raise NotText("empty file")
    text = _decode(data, declared)
    if not text or text.isspace():  # ``not text.strip()`` without copying the text
        raise NotText("empty file")
    if _looks_binary(text):
        raise NotText("not text (binary)")
    return repair(text)


def repair(text: str) -> str:
    """Undo mojibake, leaving correct text byte-for-byte unchanged."""
    if text.isascii() or not _MOJIBAKE.search(text):
        return text
    import ftfy

    return ftfy.fix_text(text, _ftfy_config())


def _decode(data: bytes, declared: str | None) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors="replace")
    head = data[:_SAMPLE]
    if b"\x00" in head:
        return _decode_utf16_without_bom(data)
    if declared:
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _guess(data)


def _decode_utf16_without_bom(data: bytes) -> str:
    """UTF-16 without a mark shows NULs in every other byte; anything else with NULs is binary."""
    head = data[: _SAMPLE - _SAMPLE % 2]
    even = head[0::2].count(0)
    odd = head[1::2].count(0)
    half = max(len(head) // 2, 1)
    for zeros, other, encoding in ((odd, even, "utf-16-le"), (even, odd, "utf-16-be")):
        if zeros / half > 0.3 and other / half < 0.05:
            try:
                return data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                break
    raise NotText("not text (binary)")


def _mostly_utf8(data: bytes) -> str | None:
    """UTF-8 with a few corrupt bytes stays UTF-8: a guesser would garble the whole file."""
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    non_ascii = sum(1 for c in text if c > "\x7f") - bad
    if non_ascii > 0 and bad <= max(1, int(len(text) * _MAX_BAD_UTF8_SHARE)):
        return text
    return None


def _guess(data: bytes) -> str:
    from charset_normalizer import from_bytes  # only for bytes that are not UTF-8

    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise NotText("not text (binary)")
    return data.decode(best.encoding, errors="replace")


# Every ASCII byte but the controls of ``_CONTROL``: deleting them from ASCII text leaves
# the controls to count, in C (``findall`` built a string for each character matched).
_NOT_CONTROL = bytes(b for b in range(128) if not _CONTROL.match(chr(b)))


def _looks_binary(text: str) -> bool:
    sample = text[:_SAMPLE]
    if sample.isascii():
        controls = len(sample.encode("ascii").translate(None, _NOT_CONTROL))
    else:
        controls = len(_CONTROL.findall(sample))
    return controls > max(2, len(sample) * _MAX_CONTROL_SHARE)
