"""What text a regular expression cannot match without: a gate before the regex.

Python's ``re`` tries a pattern that opens with ``\\b`` or a lookbehind at every position
of the text, and a sentence is tried against each rule in turn. Most rules need one of a
few words ("met", "talks", "visit"): :func:`required_alternatives` reads them off the
pattern itself, branch by branch, and a :class:`LiteralGate` finds, in one Aho-Corasick
pass over a sentence, which of a list of patterns could match there at all. Nothing is listed by
hand, so a rule edited in its TOML file keeps a gate that fits it.

The reading is sound, never guessing: a set is returned only when every match of the
pattern contains one of its strings, found in the parse tree ``re`` itself builds:

- characters in a row are one string; an alternation of such strings, an optional part
  (``(?:tele)?phone``) or a word boundary between them give every string they can be
  ("phone", "telephone");
- a group or an alternation whose branches each need one of some strings needs one of
  all of them; a part repeated at least once needs what the part needs;
- case-blind parts (``(?i:...)``) and anything else need nothing that can be listed.

A set under two characters would let everything through, and none is given. The gate
uses every set a branch needs: "dinner with" is not tried on a sentence that says "with"
without a meal. :func:`required_literals` gives the one set of a whole pattern whose
shortest string is longest, the summary the tests read.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from itertools import product

# the parse tree ``re`` builds (Python 3.11+: re._parser, re._constants)
from re import _constants as _c  # type: ignore[attr-defined]
from re import _parser as _p  # type: ignore[attr-defined]
from typing import Any

import ahocorasick

_MAX_STRINGS = 64  # a product of alternations past this is not spelt out
_MIN_LENGTH = 2

_Strings = frozenset[str]


def required_literals(pattern: str, flags: int = 0) -> frozenset[str] | None:
    """Strings one of which every match of ``pattern`` contains; None when there is no
    such set worth a gate (see the module's docstring)."""
    parsed = _p.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    return _best(_required(list(parsed)))


def required_alternatives(pattern: str, flags: int = 0) -> list[list[frozenset[str]]] | None:
    """For each top-level alternative of ``pattern``, the sets of strings it needs all of
    (one string of each set); None when some alternative needs nothing that can be listed.

    Finer than :func:`required_literals`: "spent ... with" needs "spent" *and* "with", so
    a sentence with "with" alone is not tried; an alternation is tried only when one of
    its branches has everything it needs."""
    parsed = _p.parse(pattern, flags)
    if parsed.state.flags & re.IGNORECASE:
        return None
    out: list[list[frozenset[str]]] = []
    for alt in _alternatives(list(parsed)):
        sets = [o for o in _required(alt) if o and min(map(len, o)) >= _MIN_LENGTH]
        if not sets:
            return None
        out.append(sets)
    return out


def _alternatives(items: list[Any]) -> list[list[Any]]:
    """The branches of a pattern that is one alternation (inside plain groups, maybe
    after and before parts every branch shares), each with those parts; else the pattern."""
    while len(items) == 1 and items[0][0] is _c.SUBPATTERN and not items[0][1][1] & re.IGNORECASE:
        items = list(items[0][1][3])
    # ``re`` moves what every branch starts with out of the alternation ("\\b(?:a|b)")
    branches = [n for n, (op, _av) in enumerate(items) if op is _c.BRANCH]
    if len(branches) != 1:
        return [items]
    n = branches[0]
    return [items[:n] + list(alt) + items[n + 1 :] for alt in items[n][1][1]]


def _best(options: Sequence[_Strings | None]) -> _Strings | None:
    usable = [o for o in options if o and min(map(len, o)) >= _MIN_LENGTH]
    if not usable:
        return None
    return max(usable, key=lambda o: (min(map(len, o)), -len(o)))


def _exact(items: list[Any]) -> _Strings | None:
    """Every string a sequence can match, when they are few and spelt out; else None."""
    out: _Strings = frozenset([""])
    for item in items:
        one = _exact_item(*item)
        if one is None:
            return None
        out = frozenset(a + b for a, b in product(out, one))
        if len(out) > _MAX_STRINGS:
            return None
    return out


def _exact_item(op: Any, av: Any) -> _Strings | None:
    if op is _c.LITERAL:
        return frozenset([chr(av)])
    if op in (_c.AT, _c.ASSERT, _c.ASSERT_NOT):
        return frozenset([""])  # consumes nothing
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        return None if add_flags & re.IGNORECASE else _exact(list(inner))
    if op is _c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            got = _exact(list(alt))
            if got is None:
                return None
            out |= got
        return frozenset(out) if len(out) <= _MAX_STRINGS else None
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT):
        lo, hi, inner = av
        got = _exact(list(inner))
        if got is None or hi > 1:
            return None
        return got if lo == 1 else got | {""}
    return None


def _required(items: list[Any]) -> list[_Strings | None]:
    """The sets a sequence needs: each run of spelt-out parts, and what each other part
    needs."""
    found: list[_Strings | None] = []
    run: _Strings = frozenset([""])
    for op, av in items:
        one = _exact_item(op, av)
        if one is not None:
            longer = frozenset(a + b for a, b in product(run, one))
            if len(longer) <= _MAX_STRINGS:
                run = longer
                continue
            # too many to spell out: the run ends before this part, a new one starts
            if "" not in run:
                found.append(run)
            run = one
            continue
        if "" not in run:
            found.append(run)
        run = frozenset([""])
        found.append(_best(_required_item(op, av)))
    if "" not in run:
        found.append(run)
    return found


def _required_item(op: Any, av: Any) -> list[_Strings | None]:
    if op is _c.SUBPATTERN:
        _group, add_flags, _del_flags, inner = av
        return [] if add_flags & re.IGNORECASE else _required(list(inner))
    if op is _c.BRANCH:
        out: set[str] = set()
        for alt in av[1]:
            exact = _exact(list(alt))
            got = exact if exact is not None and "" not in exact else _best(_required(list(alt)))
            if not got:
                return []
            out |= got
        return [frozenset(out)]
    if op in (_c.MAX_REPEAT, _c.MIN_REPEAT, getattr(_c, "POSSESSIVE_REPEAT", None)):
        lo, _hi, inner = av
        return _required(list(inner)) if lo >= 1 else []
    return []


class LiteralGate:
    """Which of several patterns could match a text, in one pass over it."""

    def __init__(self, patterns: Sequence[re.Pattern[str]]) -> None:
        needs = [required_alternatives(p.pattern, p.flags) for p in patterns]
        self._always = frozenset(i for i, need in enumerate(needs) if need is None)
        # a string of a branch that needs one set lets its pattern through at once; for
        # the other branches it stands for the (pattern, branch, set) triples it belongs
        # to, and a branch passes when all its triples are found
        self._branches = [
            [frozenset((i, j, k) for k in range(len(sets))) for j, sets in enumerate(need or ())]
            for i, need in enumerate(needs)
        ]
        direct: dict[str, set[int]] = {}
        triples: dict[str, set[_Need]] = {}
        for i, need in enumerate(needs):
            for j, sets in enumerate(need or ()):
                for k, strings in enumerate(sets):
                    for string in strings:
                        if len(sets) == 1:  # this branch needs this string alone
                            direct.setdefault(string, set()).add(i)
                        else:
                            triples.setdefault(string, set()).add((i, j, k))
        self._auto = ahocorasick.Automaton()
        for string in direct.keys() | triples.keys():
            self._auto.add_word(
                string, (frozenset(direct.get(string, ())), frozenset(triples.get(string, ())))
            )
        if direct or triples:
            self._auto.make_automaton()
        self._empty = not (direct or triples)

    def possible(self, text: str) -> set[int]:
        """Indexes of the patterns that may match ``text`` (the others cannot)."""
        out = set(self._always)
        if self._empty:
            return out
        found: set[_Need] = set()
        for _end, (direct, triples) in self._auto.iter(text):
            out |= direct
            if triples:
                found |= triples
        if found:
            self._complete(found, out)
        return out

    def _complete(self, found: set[_Need], out: set[int]) -> None:
        """Add to ``out`` the patterns one of whose branches has every set it needs in
        ``found``."""
        for i in {need[0] for need in found} - out:
            for branch in self._branches[i]:
                if branch <= found:
                    out.add(i)
                    break


_Need = tuple[int, int, int]  # a pattern, one of its branches, one of the sets it needs


class Gated:
    """A pattern behind its own gate: a text that holds none of the strings the pattern
    needs is answered without ``re``, which would try the pattern at every position of
    it (an alternation of phrases after ``\\b`` gives ``re`` no first character to scan
    for). Worth it for a pattern asked of every sentence that seldom matches.

    The gate is built after the pattern has been asked :data:`GATE_AFTER` times: reading
    the pattern costs more than it spares on one short article, which a command that
    starts, reads one and stops should not pay for."""

    __slots__ = ("_asked", "_gate", "pattern")

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.pattern = pattern
        self._gate: LiteralGate | None = None
        self._asked = 0

    def build(self) -> None:
        """Build the gate now."""
        gate = LiteralGate([self.pattern])
        self._gate = _OPEN if gate.possible("") else gate  # it needs nothing listable

    def search(self, text: str, pos: int = 0) -> re.Match[str] | None:
        gate = self._gate
        if gate is None:
            self._asked += 1
            if self._asked >= GATE_AFTER:
                self.build()
        elif gate is not _OPEN and not gate.possible(text):
            return None
        return self.pattern.search(text, pos)


#: How often a gated pattern is asked before its gate is built.
GATE_AFTER = 48
_OPEN = LiteralGate([])  # the gate of a pattern that needs nothing listable: never asked
