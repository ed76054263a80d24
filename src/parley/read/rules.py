"""The boilerplate and outlet tables, loaded once and matched by small named functions.

The tables live in TOML beside this module so that a new kind of site chrome is a data
change reviewed on its own; this module only knows how a group is matched (a whole line
of known phrases, or a pattern on a line short enough to be chrome).
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

# Separators between menu items or breadcrumb steps on a flattened line.
_SEPARATORS = re.compile(r"\s*(?:[|·•/>»›→,;]|\s-\s)\s*|\s+")
_EDGE_PUNCT = " \t:：.·•|-–—>»›*#\"'“”‘’()[]"
_PHRASE_WORDS = 4
_MAX_PHRASE_TOKENS = 14


@dataclass(frozen=True)
class Group:
    """One kind of chrome: whole-line phrases, patterns, and a length above which it never fires."""

    name: str
    phrases: frozenset[tuple[str, ...]]
    patterns: tuple[re.Pattern[str], ...]
    max_words: int
    combined: re.Pattern[str] | None = None

    def matches(self, line: str, words: int, toks: list[str] | None = None) -> bool:
        if words > self.max_words:
            return False
        if self.phrases and is_phrase_sequence(line, self.phrases, toks):
            return True
        return self.combined is not None and self.combined.search(line) is not None


def _load(name: str) -> dict[str, Any]:
    return tomllib.loads(resources.files("parley.read").joinpath(name).read_text("utf-8"))


# What makes _SEPARATORS split anywhere but at a run of whitespace: a line without any
# is split as ``str.split`` splits it (both break at exactly the ``str.isspace``
# characters), without the regular expression tried at every position (~5 µs a title).
_SEPARATOR_CHARACTER = re.compile(r"[|·•/>»›→,;]")
_SPACED_DASH = re.compile(r"\s-\s")


def tokens(text: str) -> list[str]:
    """Lower-case menu tokens of a line, separators dropped."""
    low = text.casefold()
    plain = _SEPARATOR_CHARACTER.search(low) is None and (
        "-" not in low or _SPACED_DASH.search(low) is None
    )
    pieces = low.split() if plain else _SEPARATORS.split(low)
    stripped = [t.strip(_EDGE_PUNCT) for t in pieces]
    return [t for t in stripped if t]


def _phrase_key(phrase: str) -> tuple[str, ...]:
    return tuple(tokens(phrase))


def is_phrase_sequence(
    line: str, phrases: frozenset[tuple[str, ...]], toks: list[str] | None = None
) -> bool:
    """Whether the line splits completely into known phrases ("e-Paper Get App")."""
    if toks is None:
        toks = tokens(line)
    if not toks or len(toks) > _MAX_PHRASE_TOKENS:
        return False
    reachable = [True] + [False] * len(toks)
    for i in range(len(toks)):
        if not reachable[i]:
            continue
        for j in range(i + 1, min(i + _PHRASE_WORDS, len(toks)) + 1):
            if tuple(toks[i:j]) in phrases:
                reachable[j] = True
    return reachable[-1]


def _group(name: str, raw: dict[str, Any]) -> Group:
    phrases = frozenset(_phrase_key(p) for p in raw.get("phrases", []))
    patterns = tuple(re.compile(p, re.IGNORECASE) for p in raw.get("patterns", []))
    combined = _combine(raw.get("patterns", []))
    return Group(name, phrases, patterns, int(raw.get("max_words", 40)), combined)


def _combine(sources: list[str]) -> re.Pattern[str] | None:
    """One alternation for a list of patterns: one search per line instead of one each."""
    if not sources:
        return None
    return re.compile("|".join(f"(?:{p})" for p in sources), re.IGNORECASE)


@cache
def combined(name: str) -> re.Pattern[str]:
    """A pattern-only table (caption, tail, widget) as one alternation."""
    raw: dict[str, list[str]] = boilerplate()[name]
    pattern = _combine(raw["patterns"])
    assert pattern is not None
    return pattern


@cache
def boilerplate() -> dict[str, Any]:
    return _load("boilerplate.toml")


@cache
def group(name: str) -> Group:
    return _group(name, boilerplate()[name])


@cache
def patterns(name: str) -> tuple[re.Pattern[str], ...]:
    """The compiled patterns of a pattern-only table (caption, tail, widget)."""
    raw: dict[str, list[str]] = boilerplate()[name]
    return tuple(re.compile(p, re.IGNORECASE) for p in raw["patterns"])


@cache
def tail_openings() -> str:
    """The characters a tail credit opens with: a line without any is not searched."""
    raw: dict[str, str] = boilerplate()["tail"]
    return raw["opens"]


@cache
def tail_closings() -> frozenset[str]:
    """The characters a tail credit ends the line with (before spaces, which a line has
    not: it is stripped)."""
    raw: dict[str, str] = boilerplate()["tail"]
    return frozenset(raw["closes"])


@cache
def tail_openings_pattern() -> re.Pattern[str]:
    """The same characters as one class: one search a line instead of one test each."""
    return re.compile(f"[{re.escape(tail_openings())}]")


@cache
def scraper_prefix() -> re.Pattern[str]:
    raw: dict[str, str] = boilerplate()["scraper"]
    return re.compile(raw["prefix"])


@cache
def _outlets() -> tuple[dict[str, str], dict[str, str]]:
    data = _load("outlets.toml")
    aliases: dict[str, str] = {}
    for canonical, variants in data["aliases"].items():
        for variant in [canonical, *variants]:
            aliases[_outlet_key(variant)] = canonical
    return aliases, dict(data["hosts"])


def _outlet_key(name: str) -> str:
    return " ".join(name.replace("’", "'").casefold().strip(_EDGE_PUNCT + ",").split())


@cache
def not_outlets() -> frozenset[str]:
    """What copyright lines write instead of a name ("Riproduzione riservata")."""
    names = _load("outlets.toml").get("not_outlets", [])
    return frozenset(str(n).casefold() for n in names)


def canonical_outlet(name: str) -> str | None:
    """The canonical name of a known outlet, or None when the name is not a known alias."""
    return _outlets()[0].get(_outlet_key(name))


def outlet_name(name: str) -> str | None:
    """A credited name as an outlet: canonical when known, else tidied as written."""
    name = name.strip(_EDGE_PUNCT + ",")
    if not name or len(name) > 60:
        return None
    known = canonical_outlet(name)
    if known:
        return known
    if name.isupper() and len(name) > 5:
        return name.title()
    return name


def outlet_from_host(host: str | None) -> str | None:
    """A web host as an outlet: a known site's name, else the host without "www."."""
    if not host:
        return None
    host = host.lower().split(":")[0].removeprefix("www.")
    hosts = _outlets()[1]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        known = hosts.get(".".join(parts[i:]))
        if known:
            return known
    return host or None


# ---------------------------------------------------------------------------------------
# What a pattern's match can start with


_ASCII = tuple(chr(c) for c in range(128))


def first_ascii(source: str, flags: int = re.IGNORECASE) -> frozenset[str] | None:
    """The ASCII characters a match of ``source`` can start with; None when a match can
    be empty or start with anything this cannot tell (then every line must be tried).

    Python's ``re`` tries an alternation branch by branch, each at its own cost even
    when it fails on the first character; a line that opens with a character none of a
    pattern's branches can take need not go through it. The answer comes from the
    pattern's parse tree (``re._parser``, which ``re.compile`` itself uses): the first
    character-matching node of each branch, reached through optional items and groups,
    is compiled alone with the pattern's flags and tried on every ASCII character, so
    that case-insensitive pairs (``K`` and the Kelvin sign, ``s`` and ``ſ``) are
    whatever the engine makes of them. Anything unfamiliar (inline flags, back
    references, conditionals) gives None, which only costs time.
    """
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source, flags)
    firsts, nullable = _first_of(parsed.data, parsed.state, parsed.state.flags, _parser, _compiler)
    return None if firsts is None or nullable else frozenset(firsts)


# The ASCII characters each character-matching node takes: the same nodes (a literal
# "t" under IGNORECASE) open hundreds of alternatives.
_NODE_CHARS: dict[tuple[str, int], frozenset[str]] = {}


def _first_of(
    items: Any, state: Any, flags: int, parser: Any, compiler: Any
) -> tuple[set[str] | None, bool]:
    """(first characters, whether the sequence can match empty) of a parsed sequence."""
    from re import _constants as k  # type: ignore[attr-defined]

    found: set[str] = set()
    for op, av in items:
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            continue  # zero width: it can only rule characters out
        if op in (k.LITERAL, k.NOT_LITERAL, k.ANY, k.IN):
            key = (repr((op, av)), flags)  # a character node needs nothing of the state
            if key not in _NODE_CHARS:
                alone = compiler.compile(parser.SubPattern(state, [(op, av)]), flags)
                _NODE_CHARS[key] = frozenset(c for c in _ASCII if alone.fullmatch(c))
            found.update(_NODE_CHARS[key])
            return found, False
        if op in (k.MAX_REPEAT, k.MIN_REPEAT, k.POSSESSIVE_REPEAT):
            low, _, sub = av
            got, empty = _first_of(sub, state, flags, parser, compiler)
            if got is None:
                return None, True
            found |= got
            if low > 0 and not empty:
                return found, False
            continue
        if op is k.SUBPATTERN:
            _, add, remove, sub = av
            if add or remove:
                return None, True
            got, empty = _first_of(sub, state, flags, parser, compiler)
        elif op is k.ATOMIC_GROUP:
            got, empty = _first_of(av, state, flags, parser, compiler)
        elif op is k.BRANCH:
            got, empty = set(), False
            for alternative in av[1]:
                sub_got, sub_empty = _first_of(alternative, state, flags, parser, compiler)
                if sub_got is None:
                    return None, True
                got |= sub_got
                empty = empty or sub_empty
        else:
            return None, True
        if got is None:
            return None, True
        found |= got
        if not empty:
            return found, False
    return found, True


def opening_variants(
    source: str, chars: Iterable[str], flags: int = re.IGNORECASE
) -> dict[str, re.Pattern[str]]:
    """For each ASCII character of ``chars``, ``source`` compiled for a ``match`` on text
    that opens with that character.

    Python's ``re`` tries an alternation branch by branch, and a branch that cannot take
    the text's first character still costs its own attempt: a line opening with "T"
    went through some seventy words of the "Read more" and "Share" alternations for the
    few ("teilen", "text by") that open with a "t". An alternation a match must start
    with (nothing but zero-width items before it, at any depth of groups and
    alternatives) keeps here only the alternatives that can start with the character
    (see :func:`first_ascii`), or can match empty, or that this cannot tell of; a
    ``match`` of text opening with it finds what the whole pattern finds. Alternatives
    further on are never left out: there the text's first character says nothing of
    theirs. Equal variants are compiled once.
    """
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(source, flags)
    state = parsed.state
    compiled: dict[str, re.Pattern[str]] = {}
    out: dict[str, re.Pattern[str]] = {}
    firsts: dict[int, tuple[set[str] | None, bool]] = {}  # by alternative, for every char
    for char in chars:
        data = _opening(parsed.data, char, firsts, state, _parser, _compiler)
        key = repr(data)
        if key not in compiled:
            compiled[key] = _compiler.compile(_parser.SubPattern(state, data), flags)
        out[char] = compiled[key]
    return out


def _opening(
    items: Any,
    char: str,
    firsts: dict[int, tuple[set[str] | None, bool]],
    state: Any,
    parser: Any,
    compiler: Any,
) -> Any:
    """``items`` (a parsed sequence a match starts with) without the alternatives of its
    first alternation that cannot start with ``char``; the parse tree is not changed."""
    from re import _constants as k  # type: ignore[attr-defined]

    out = list(items)
    for at, (op, av) in enumerate(items):
        if op in (k.AT, k.ASSERT, k.ASSERT_NOT):
            continue  # zero width: the next item still starts the match
        if op is k.SUBPATTERN:
            group, add, remove, sub = av
            if not (add or remove):
                inner = _opening(sub, char, firsts, state, parser, compiler)
                out[at] = (op, (group, add, remove, parser.SubPattern(state, inner)))
        elif op is k.BRANCH:
            kept = []
            for alternative in av[1]:
                if id(alternative) not in firsts:
                    firsts[id(alternative)] = _first_of(
                        alternative, state, state.flags, parser, compiler
                    )
                can, empty = firsts[id(alternative)]
                if can is None or empty or char in can:
                    inner = _opening(alternative, char, firsts, state, parser, compiler)
                    kept.append(parser.SubPattern(state, inner))
            if not kept:
                return [(k.FAILURE, ())]
            out[at] = (op, (av[0], kept))
        return out  # the first item that consumes a character: nothing after it opens
    return out
