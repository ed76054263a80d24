"""The three ways parley compares names and words, in one place so they cannot drift apart.

- :func:`fold` is for matching inside a text: lower case, accents and quote styles gone,
  and exactly one character out for one character in, so a match found in the folded
  text is cited from the original at the same offsets.
- :func:`fold_name` is for matching names against a table (the knowledge base's aliases):
  accents gone, case kept, and letters with no accent to strip spelled in Latin ("ł" is
  "l", "ß" is "ss"), so "Wałęsa", "Walesa" and "WAŁĘSA" meet.
- :func:`slug` is the key a person is stored under ("sergei-lavrov"): ASCII, lower case,
  hyphenated. The knowledge base, the extractor (for people it does not know) and the
  store (for the people a query names) all compute keys with it, so the key of a name
  never depends on which of them saw it first. Any script is transliterated (AnyAscii,
  ISC licence): a name written in Cyrillic, Chinese or Arabic gets a readable key rather
  than none.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from anyascii import anyascii

__all__ = ["fold", "fold_name", "slug"]

# Typographic quotes, dashes and the no-break space, as their plain forms (one for one).
_QUOTES = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\u00a0": " ",
}


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _QUOTES:
        return _QUOTES[ch]
    low = ch.lower()
    if len(low) != 1:
        low = ch
    base = unicodedata.normalize("NFKD", low)
    if (
        base
        and len(base) >= 1
        and base[0].isascii()
        and all(unicodedata.combining(c) for c in base[1:])
    ):
        return base[0]
    return low


class _FoldTable(dict[int, str]):
    """``str.translate``'s table for :func:`fold`, filled on first sight of a character:
    translating in C is several times faster than joining one character at a time, and
    most news text is not ASCII (curly quotes, dashes, names)."""

    def __missing__(self, code: int) -> str:
        out = self[code] = _fold_char(chr(code))
        return out


_FOLD = _FoldTable()


def fold(text: str) -> str:
    """Lower-case, strip accents and unify quotes and dashes, one character for one.

    Characters whose lower case or unaccented form is longer than one ("İ", "ß", "ł")
    are kept as they are, lower-cased when that is one character: the length, and so
    every offset, is the original's.
    """
    if text.isascii():
        return text.lower()
    return text.translate(_FOLD)


# Latin letters that carry no combining accent to strip, spelled as news copy spells them.
_NAME_LETTERS = str.maketrans(
    {
        "ı": "i", "ł": "l", "Ł": "L", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss",
        "æ": "ae", "Æ": "AE", "œ": "oe", "Œ": "OE", "þ": "th", "Þ": "Th", "ð": "d", "Ð": "D",
        "ё": "е", "Ё": "Е",
    }
)  # fmt: skip


def fold_name(text: str) -> str:
    """Accent-free form of ``text`` with case kept ("Erdoğan" -> "Erdogan").

    News copy drops diacritics unpredictably, so both the knowledge base's build (for
    aliases) and its lookup (for names in text) must agree on one folding. Other scripts
    stay as they are (a Cyrillic alias is matched in Cyrillic).
    """
    if text.isascii():
        return text  # nothing to decompose or strip
    text = unicodedata.normalize("NFKD", text.translate(_NAME_LETTERS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", text)


_APOSTROPHES = re.compile(r"['’‘ʻʼ`´]")
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


def slug(name: str) -> str:
    """A person's key: transliterated to ASCII, lower case, words joined by hyphens.

    'Lech Wałęsa' -> 'lech-walesa', 'Сергей Иванов' -> 'sergey-ivanov', '王小明' ->
    'wangxiaoming'. Apostrophes vanish rather than split a word ("Ma'ruf" -> "maruf"), as
    in the knowledge base's keys. Empty only for a name without letters or digits.
    """
    text = anyascii(fold_name(name)).casefold()
    text = _APOSTROPHES.sub("", text)
    return _NOT_ALNUM.sub("-", text).strip("-")
