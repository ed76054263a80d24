"""Pattern files (TOML) of the extractor: data, not code.

English patterns live in one file per stage (``triggers.toml``, ``dates.toml``, ...).
Every other language has one file, ``lang/<code>.toml``, with a table per stage
(``[triggers]``, ``[dates]``, ...). A language never inherits English words: "met" is
also a French verb ("il met" = "he puts") and "may" a Romance name, so borrowing them
would make events out of nothing. What is the same in every language (which states
write family names first, whose leader is the head of government) is listed under
``shared`` in the English file and copied into every language.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from functools import cache
from importlib import resources
from typing import Any, TypeVar

ENGLISH = "en"
#: A pattern that matches nothing, for a table a language lacks: anchored, so that ``re``
#: fails it at the first position instead of trying every position of the text.
NEVER = r"\A(?!x)x"

_T = TypeVar("_T")
_MATCHERS: list[Callable[[str], object]] = []


def matcher(build: Callable[[str], _T]) -> Callable[[str], _T]:
    """A language's matcher, built the first time it is asked for and kept: registered,
    so that :func:`prepare_matchers` can build them all at once.

    Built lazily, a command that reads one English document compiles only what that
    document needs (start-up); a worker that will read thousands builds every language's
    matchers up front instead of on the first document whose words call for each."""
    cached = cache(build)
    _MATCHERS.append(cached)
    return cached


def prepare_matchers(languages: frozenset[str] | None = None) -> None:
    """Build every registered matcher of every language given (by default all)."""
    for lang in sorted(languages if languages is not None else supported_languages()):
        for build in _MATCHERS:
            build(lang)


@cache
def _english(name: str) -> dict[str, Any]:
    data = resources.files("parley.extract.patterns").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(data)


@cache
def _language_file(lang: str) -> dict[str, Any]:
    path = resources.files("parley.extract.patterns").joinpath("lang", f"{lang}.toml")
    if not path.is_file():
        raise KeyError(f"no extraction patterns for language {lang!r}")
    return tomllib.loads(path.read_text("utf-8"))


@cache
def supported_languages() -> frozenset[str]:
    """English and every language with a pattern file."""
    folder = resources.files("parley.extract.patterns").joinpath("lang")
    found = {p.name[:-5] for p in folder.iterdir() if p.name.endswith(".toml")}
    return frozenset({ENGLISH} | found)


@cache
def load_patterns(name: str, lang: str = ENGLISH) -> dict[str, Any]:
    """The patterns of one stage for one language."""
    english = _english(name)
    if lang == ENGLISH:
        return english
    shared = {k: english[k] for k in english.get("shared", []) if k in english}
    own = _language_file(lang).get(name, {})
    return {**shared, **own}
