"""The knowledge base compiled into fast phrase matchers for extraction.

Looking every capitalised word up in the KB would be slow and noisy; instead the names,
country forms and title phrases are compiled once into Aho-Corasick automata over the
folded text, so one pass over a sentence finds every known phrase with its offsets.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any

import ahocorasick

from parley.extract.patterns import ENGLISH, load_patterns
from parley.kb.countries import Countries, name_key
from parley.kb.occasions import Occasions
from parley.kb.people import PeopleKB
from parley.kb.places import Gazetteer
from parley.text import fold


@dataclass(frozen=True)
class Hit:
    """One phrase found in a folded sentence."""

    start: int
    end: int
    kind: str  # person, country, adjective, title, occasion
    value: Any


def _is_cjk(c: str) -> bool:
    return "\u3400" <= c <= "\u9fff" or "\uf900" <= c <= "\ufaff"


class Lexicon:
    """Every phrase extraction looks for, with what it stands for, in one language.

    Names of people and the English names of states are written alike in every Latin
    script language ("Xi Jinping", "Malaysia"), so every lexicon has them; adjectives
    and titles are the language's own ("chinois", "chanceler").
    """

    def __init__(self, lang: str = ENGLISH) -> None:
        self.lang = lang
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

        inflect = name_inflector(lang)
        self._base_forms: dict[str, str] = {}
        reversed_states = frozenset(load_patterns("mentions", lang).get("written_family_first", []))
        for alias, key in self._aliases_both_ways(reversed_states):
            if " " in alias.strip() or not alias.isascii():
                for form in inflect(alias)[1:]:
                    add(form, "person", key)
                    self._base_forms.setdefault(fold(form).strip(), alias)
                add(alias, "person", key)
        self._state_names: dict[str, str] = {}
        self._short_forms: set[str] = set()
        excluded = self.countries.excluded_forms(lang)
        for form, code, how in self._country_forms():
            if name_key(form) in excluded:
                continue  # Italian "Monaco" is Munich, whatever English calls Monaco
            add(form, "country" if how == "name" else "adjective", (code, form))
            if len(form) <= 3:
                self._short_forms.add(form)  # "Ue", "Onu" as the language writes them
            if how == "name":
                self._state_names.setdefault(fold(form).strip(), code)
        for t in self.people.titles(lang):
            add(t.phrase, "title", t)
        for form, series in self.occasions.patterns():
            add(form, "occasion", series)
        for key, vals in entries.items():
            self._auto.add_word(key, (key, tuple(vals)))
        self._auto.make_automaton()

    def scan(self, folded: str, original: str) -> Iterator[Hit]:
        """Every bounded phrase match; short all-caps forms must be capitalised in the text."""
        n = len(folded)
        for end_idx, (key, vals) in self._auto.iter(folded):
            e = end_idx + 1
            s = e - len(key)
            # a whole word (asked of every phrase found, most of them inside words);
            # Chinese writes no spaces, so a Chinese phrase needs no boundary
            inside = (s and folded[s - 1].isalnum()) or (e < n and folded[e].isalnum())
            if inside and not (_is_cjk(folded[s]) and _is_cjk(folded[e - 1])):
                continue
            surface = original[s:e]
            cased = surface[:1].lower() != surface[:1].upper()  # Chinese has no capitals
            for kind, value in vals:
                if (
                    kind in {"title", "country", "adjective"}
                    and len(key) <= 3
                    and cased
                    and not surface.isupper()
                    and surface not in self._short_forms
                ):
                    continue
                if kind in self._capitalised and cased and surface[:1].islower():
                    continue
                yield Hit(s, e, kind, value)

    def _aliases_both_ways(self, states: frozenset[str]) -> Iterator[tuple[str, str]]:
        for alias, key in self.people.aliases():
            yield alias, key
            actor = self.people.get(key)
            words = alias.split()
            if actor is not None and actor.country in states and len(words) == 2:
                yield f"{words[1]} {words[0]}", key

    def base_form(self, folded: str) -> str | None:
        """The nominative of a declined name ("Лавровым" -> "Лавров"), or None."""
        return self._base_forms.get(folded.strip())

    def state_named(self, name: str) -> str | None:
        """The state a name stands for in this language ("República Dominicana")."""
        code = self._state_names.get(fold(name).strip())
        c = self.countries.get(code) if code else None
        return c.code if c is not None and c.kind == "state" else None

    @property
    def _capitalised(self) -> frozenset[str]:
        """Kinds that must be capitalised to count: English capitalises adjectives of
        states, French, Spanish, Portuguese, Italian and German do not."""
        if self.lang == ENGLISH:
            return frozenset({"country", "adjective", "person"})
        return frozenset({"country", "person"})

    def _country_forms(self) -> Iterator[tuple[str, str, str]]:
        if self.lang == ENGLISH:
            yield from self.countries.surface_forms()
            return
        suffixes = load_patterns("mentions", self.lang).get("name_suffixes", [])
        own = list(self.countries.surface_forms(self.lang))
        english = [(f, c, h) for f, c, h in self.countries.surface_forms() if h == "name"]
        for form, code, how in english + own:
            yield form, code, how
            if how == "name" and not form.endswith(("s", "x", "z")):
                # "Chinas Staatschef": a genitive ending the name tables do not list
                yield from ((form + sfx, code, how) for sfx in suffixes)


def name_inflector(lang: str) -> Callable[[str], list[str]]:
    """The forms a name takes in the language's cases ("Лавров": "Лаврова", "Лавровым").

    Russian declines names; ``name_inflections`` in its pattern file lists, per ending,
    the endings of the other cases, and every word of a name takes the same case.
    Languages without the table write a name one way.
    """
    rules = load_patterns("mentions", lang).get("name_inflections", [])
    if not rules:
        return lambda name: [name]
    table = sorted(((str(r[0]), [str(x) for x in r[1]]) for r in rules), key=lambda r: -len(r[0]))
    cases = len(table[0][1])

    def word_forms(word: str) -> list[str]:
        low = word.lower()
        for ending, forms in table:
            if low.endswith(ending) and (ending or low[-1:] not in "аеёиоуыэюяaeiou"):
                stem = word[: len(word) - len(ending)]
                return [stem + f for f in forms]
        return [word] * cases

    def forms(name: str) -> list[str]:
        if name.isascii():
            return [name]
        words = [word_forms(w) for w in name.split()]
        return [name] + [" ".join(w[i] for w in words) for i in range(cases)]

    return forms


@cache
def default_lexicon(lang: str = ENGLISH) -> Lexicon:
    """Built once per process and language (and per Dask worker), or loaded from the
    prebuilt file (kb/prebuilt.py)."""
    from parley.kb import prebuilt

    found = prebuilt.lexicon(lang)
    return found if found is not None else Lexicon(lang)
