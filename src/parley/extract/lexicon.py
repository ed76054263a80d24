"""The knowledge base compiled into fast phrase matchers for extraction.

Looking every capitalised word up in the KB would be slow and noisy; instead the names,
country forms and title phrases are compiled once into Aho-Corasick automata over the
folded text, so one pass over a sentence finds every known phrase with its offsets.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from parley.extract.text import fold
from parley.kb.countries import Countries
from parley.kb.occasions import Occasions
from parley.kb.people import PeopleKB
from parley.kb.places import Gazetteer


@dataclass(frozen=True)
class Hit:
    """One phrase found in a folded sentence."""

    start: int
    end: int
    kind: str  # person, country, adjective, title, occasion
    value: Any


def _is_word_char(c: str) -> bool:
    return c.isalnum()


def _bounded(text: str, s: int, e: int) -> bool:
    return (s == 0 or not _is_word_char(text[s - 1])) and (
        e == len(text) or not _is_word_char(text[e])
    )


class Lexicon:
    """Every phrase extraction looks for, with what it stands for."""

    def __init__(self) -> None:
        self.people = PeopleKB.default()
        self.countries = Countries.default()
        self.places = Gazetteer.default()
        self.occasions = Occasions.default()
        self._auto = ahocorasick.Automaton()
        entries: dict[str, list[tuple[str, Any]]] = {}

        def add(form: str, kind: str, value: Any) -> None:
            key = fold(form).strip()
            if len(key) < 2:
                return
            entries.setdefault(key, []).append((kind, value))

        for alias, key in self.people.aliases():
            if " " in alias.strip() or not alias.isascii():
                add(alias, "person", key)
        for form, code, how in self.countries.surface_forms():
            add(form, "country" if how == "name" else "adjective", (code, form))
        for t in self.people.titles():
            add(t.phrase, "title", t)
        for form, series in self.occasions.patterns():
            add(form, "occasion", series)
        for key, vals in entries.items():
            self._auto.add_word(key, (key, tuple(vals)))
        self._auto.make_automaton()

    def scan(self, folded: str, original: str) -> Iterator[Hit]:
        """Every bounded phrase match; short all-caps forms must be capitalised in the text."""
        for end_idx, (key, vals) in self._auto.iter(folded):
            e = end_idx + 1
            s = e - len(key)
            if not _bounded(folded, s, e):
                continue
            surface = original[s:e]
            for kind, value in vals:
                if (
                    kind in {"title", "country", "adjective"}
                    and len(key) <= 3
                    and not surface.isupper()
                ):
                    continue
                if (
                    kind in {"country", "adjective", "person"}
                    and not surface[:1].isupper()
                    and surface.isascii()
                ):
                    continue
                yield Hit(s, e, kind, value)


@cache
def default_lexicon() -> Lexicon:
    """Built once per process (and per Dask worker)."""
    return Lexicon()
