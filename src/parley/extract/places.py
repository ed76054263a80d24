"""Where an engagement took place, as the sentence writes it.

Places come from prepositional phrases ("in Moscow", "at the Oval Office"), possessive
phrases ("Peru's Lima", "in Russia's Kazan"), "the city of X" and "here" (the dateline's
place). A place written only as a state ("in Indonesia") gives a country without a city.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from parley.extract.dates import find_dates
from parley.extract.lexicon import Lexicon
from parley.extract.literals import LiteralGate
from parley.extract.patterns import ENGLISH, NEVER, load_patterns, matcher
from parley.extract.text import last_words
from parley.kb.countries import name_key
from parley.model import Location
from parley.text import fold

if TYPE_CHECKING:
    from parley.extract.mentions import PersonRef


@dataclass(frozen=True)
class PlaceMention:
    start: int  # absolute offsets of the place name
    end: int
    location: Location
    how: str  # city, venue, country, here
    cue: str = ""  # "arrival": after "arrived in", where someone went rather than met;
    # "stamp": a town stamped with a day ("Vientiane, July 25, 2024")


_CJK = re.compile(r"[\u4e00-\u9fff]+")


@matcher
def _cjk_cues(lang: str) -> tuple[re.Pattern[str], tuple[str, ...]] | None:
    """The words a Chinese place follows, as one pattern, and those that may follow it."""
    table = load_patterns("places", lang)
    words = table.get("cjk_before", [])
    if not words:
        return None
    before = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)))
    return before, tuple(table.get("cjk_after", []))


@cache
def _words(lang: str = ENGLISH) -> dict[str, frozenset[str]]:
    return {
        k: frozenset(v)
        for k, v in load_patterns("places", lang).items()
        if isinstance(v, list) and all(isinstance(x, str) for x in v)
    }


@matcher
def _regexes(lang: str = ENGLISH) -> dict[str, re.Pattern[str]]:
    """The language's phrases around a place: article, "city of", "here"."""
    p = load_patterns("places", lang)
    never = NEVER
    return {
        "before": re.compile(
            r"(?:\b([^\W\d_][\w-]*)\s+)?\b([^\W\d_]+)\s+" + p.get("article", "") + "$"
        ),
        "city_of": re.compile(p.get("city_of", never)),
        "here": re.compile(p.get("here", never)),
        "possessive": re.compile(p.get("possessive", never)),
        "building_after": re.compile(p.get("building_after", never), re.IGNORECASE),
        "not_here": re.compile(p.get("not_here", never)),
    }


@matcher
def _cue_gates(lang: str) -> tuple[LiteralGate, LiteralGate]:
    """The strings "rather than at" and "the city of" (on folded text, in that order) and a
    possessive (on the original) cannot match without."""
    rx = _regexes(lang)
    return LiteralGate([rx["not_here"], rx["city_of"]]), LiteralGate([rx["possessive"]])


@cache
def _calendar_words(lang: str) -> frozenset[str]:
    """Month and weekday names, which are capitalised but never places."""
    d = load_patterns("dates", lang)
    return frozenset(fold(w) for w in [*d.get("months", {}), *d.get("weekdays", {})])


_UPPER = "A-Z\u00c0-\u00de\u0400-\u042f"
# Lower-case words inside a place's name: "Dar es Salaam", "Port of Spain", "Frankfurt am
# Main", "Great Hall of the People"; they never end one ("di" is not one: Indonesian "in")
_PARTICLES: tuple[str, ...] = ("de", "da", "do", "dos", "das", "del", "la", "el", "al", "es")
_PARTICLES += ("am", "an", "der", "im", "sur", "upon", "on", "of", "the")
_INNER = "|".join(p for p in _PARTICLES if p != "the")
# ... and Arabic articles joined to the next word: "Sharm el-Sheikh", "Ras al-Khaimah"
_ARTICLE_JOINED = rf"(?:al|el|ad|ar|as|ash|at|az|an|es|ud|ul)-[{_UPPER}][\w\u00c0-\u024f'\u2019.-]*"
_CAP = rf"(?:[{_UPPER}][\w\u00c0-\u024f'\u2019.-]*|{_ARTICLE_JOINED}|of\s+the\b|(?:{_INNER})\b)"
_RUN = re.compile(rf"[{_UPPER}][\w\u00c0-\u024f'\u2019.-]*(?:\s+" + _CAP + r")*")
# a house number before a named address ("at 10 Downing Street")
_HOUSE_NUMBER = re.compile(r"\b\d{1,4}[a-z]?\s+$")


def _without_house_number(before: str) -> str:
    """The words before a name without the house number that ends them, if one does:
    most end in a word, which a look at the last characters tells without the pattern
    (``str.isdigit`` takes every digit ``\\d`` does, and more)."""
    t = before.rstrip()
    if len(t) == len(before) or not (t[-1:].isdigit() or t[-2:-1].isdigit()):
        return before
    return _HOUSE_NUMBER.sub("", before)


# the words "before" can span: one before the preposition, the preposition, an article of
# one or two words (a match cannot start further back: no word of it holds a space)
_BEFORE_WORDS = 4


# "Hungary's Budapest" is two names; "People's Republic of Korea" one
# (the apostrophe first, so that ``re`` skips to one instead of trying every position)
_POSSESSIVE_END = re.compile(r"['\u2019](?<!\bPeople['\u2019])(?<!\bpeople['\u2019])s\s+(?=\S)")


# a town's name, then the day it stamps ("Vientiane, July 25, 2024")
_STAMP_COMMA = re.compile(r",\s*")

# the state's adjective just before "city of", "island of" (folded text)
_STATE_ADJECTIVE = re.compile(r"\b([a-z][\w-]+)\s+$")
_NEXT_CAPITAL = re.compile(rf"\s+[{_UPPER}]")


def _runs(text: str) -> list[tuple[int, int]]:
    """Runs of capitalised words (a place name may hold "de", "upon", hyphens); a run
    breaks after a possessive ("Hungary's | Budapest")."""
    out: list[tuple[int, int]] = []
    for m in _RUN.finditer(text):
        s, e = m.span()
        cut = _POSSESSIVE_END.search(text, s, e)
        if cut is not None:
            rest = cut.end()
            out.extend((a + rest, b + rest) for a, b in _runs(text[rest:e]))
            continue
        seg = text[s:e]
        while seg and seg.split()[-1].lower() in _PARTICLES:
            seg = seg.rsplit(None, 1)[0] if " " in seg else ""
        seg = seg.rstrip(".,'\u2019")
        if seg.endswith("'s") or seg.endswith("\u2019s"):
            continue  # "on Tehran's nuclear programme": a possessive qualifies, it locates nothing
        if seg:
            out.append((s, s + len(seg)))
    return out


# ", California" / ", east China's Anhui Province" / ", Russia" right after a town name
_QUALIFIER = re.compile(
    r"^,\s+(?:(?:north|south|east|west|central|northern|southern|eastern|western|"
    r"northeast|northwest|southeast|southwest)\s+)?"
    r"((?:[A-Z][\w.'\u2019-]*\s?){1,4})"
)
_REGION_WORDS = frozenset(
    [
        "province",
        "state",
        "region",
        "oblast",
        "krai",
        "prefecture",
        "county",
        "district",
        "territory",
        "governorate",
        "autonomous",
        "republic",
    ]
)


@cache
def _topical_pattern(nouns: frozenset[str]) -> re.Pattern[str]:
    alt = "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True)) or NEVER
    # a topical noun, its place ("in South Asia"), then "and" before this one
    return re.compile(rf"\b(?:{alt})\s+\w+\s+[^,;.]{{1,40}}\s+(?:and|or)\s+\w+\s+$")


_PLACE_VERBS = {
    **dict.fromkeys(["arrived", "arrives", "arriving", "landed", "lands", "landing"], "arrival"),
    **dict.fromkeys(
        [
            "departed",
            "departs",
            "departing",
            "left",
            "leaves",
            "leaving",
            "returned",
            "returns",
            "returning",
        ],
        "departure",
    ),
}


_LOOKUPS_KEPT = 8192


class PlaceFinder:
    """Resolves place phrases against the venues and the gazetteer."""

    def __init__(self, lexicon: Lexicon, lang: str = ENGLISH) -> None:
        self.lex = lexicon
        self.lang = lang
        self._looked_up: dict[tuple[str, str | None], tuple[Location, str] | None] = {}

    def _lookup(self, name: str, country: str | None) -> tuple[Location, str] | None:
        """The place a name stands for, also when the language declines it ("в Москве").

        Kept per name: news names the same towns and states story after story, and a
        lookup ranks every town of the name."""
        key = (name, country)
        if key in self._looked_up:
            return self._looked_up[key]
        got = None
        for form in self._base_forms(name):
            got = self._lookup_form(form, country)
            if got is not None:
                break
        if len(self._looked_up) >= _LOOKUPS_KEPT:
            self._looked_up.clear()
        self._looked_up[key] = got
        return got

    def _base_forms(self, name: str) -> list[str]:
        forms = [name]
        for ending, base in load_patterns("places", self.lang).get("case_endings", []):
            if name.endswith(ending) and len(name) > len(ending) + 2:
                forms.append(name[: len(name) - len(ending)] + base)
        return forms

    def _lookup_form(self, name: str, country: str | None) -> tuple[Location, str] | None:
        if fold(name) in _calendar_words(self.lang) or len(name) < (2 if _CJK.match(name) else 3):
            return None  # two letters are no town; two characters are ("北京", "金边")
        c = self.lex.countries.by_name(name)
        if c is not None and c.kind == "state":
            # a capital called like its state is the town: "in Singapore", "in Tunis"
            # (the Factbook's local name of Tunisia), "in Luxembourg", "in Vatican City"
            capital = self.lex.places.capital(c.code)
            if capital is not None and name_key(capital.display_name) == name_key(name):
                return self.lex.places.to_location(capital), "city"
            return Location(None, None, c.code), "country"
        state = self.lex.state_named(name) if self.lang != ENGLISH else None
        if state is not None:
            return Location(None, None, state), "country"
        place = self.lex.places.lookup(name, country)
        if place is None:
            return None
        loc = self.lex.places.to_location(place)
        # English keeps the town as written ("Delhi"); other languages get the gazetteer's
        # English name ("Pékin" is Beijing), so reports in any language agree
        if place.kind == "city" and fold(name) != fold(place.display_name) and self.lang == ENGLISH:
            loc = Location(name, loc.admin1, loc.country, loc.lat, loc.lon, loc.geonames_id)
        return loc, place.kind

    def find(self, text: str, base: int, dateline_place: str | None) -> list[PlaceMention]:
        """Every place the sentence names as a location, in order."""
        return list(self._find(text, base, dateline_place))

    @lru_cache(maxsize=1024)  # noqa: B019 (one finder per language, kept for the process)
    def _find(self, text: str, base: int, dateline_place: str | None) -> tuple[PlaceMention, ...]:
        """Cached: the sentences around a telling are read once for each engagement."""
        words = _words(self.lang)
        rx = _regexes(self.lang)
        out: list[PlaceMention] = []
        folded = fold(text)
        # which cues the sentence can hold at all: most hold none, and their patterns,
        # tried before every capitalised word, would try every character
        folded_gate, text_gate = _cue_gates(self.lang)
        on_folded, on_text = folded_gate.possible(folded), text_gate.possible(text)
        for s, e in _runs(text):
            pre = _without_house_number(folded[max(0, s - 40) : s])
            cue = ""
            if 0 in on_folded and rx["not_here"].search(pre):
                continue  # "rather than at the White House"
            m = rx["before"].search(pre, last_words(pre, _BEFORE_WORDS))
            poss = rx["possessive"].search(text[max(0, s - 40) : s]) if on_text else None
            city_of = rx["city_of"].search(pre) if 1 in on_folded else None
            stamp = not (m or poss or city_of) and self._stamp(text, s, e)
            if not (m or poss or city_of or stamp):
                continue
            if stamp:
                cue = "stamp"
            elif m and not poss and not city_of:
                prep, noun = m.group(2), m.group(1)
                if prep not in words["prepositions"]:
                    continue
                if noun and noun in words["topical_nouns"]:
                    continue
                topical = _topical_pattern(words["topical_nouns"])
                if noun in {"and", "or"} and topical.search(folded, 0, s):
                    continue  # "the situation in South Asia and in Afghanistan"
                if noun and noun in words["not_meeting_place_verbs"]:
                    # "arrived in Ottawa" is where someone went, and often met: an option,
                    # marked; "returned to Washington", "born in Leningrad" are not
                    cue = _PLACE_VERBS.get(noun, "")
                    if cue != "arrival":
                        continue
            hint = None
            if poss:
                c = self.lex.countries.by_name(poss.group(1))
                hint = c.code if c else None
            name = text[s:e]
            # a venue whose name goes on in lower case first: "NATO headquarters" is in
            # Brussels, not the town of Nato
            found = self._venue_phrase(text, s, e, hint) or self._longest_place(name, hint)
            if found is None:
                # "the Congress Center of Granada", "the island of Lampedusa": the town is
                # what follows the last "of" of the name
                cut = name.rfind(" of ")
                tail = self._longest_place(name[cut + 4 :], hint) if cut > 0 else None
                if tail is None and city_of:
                    tail = self._unknown_town(name, pre[: city_of.start()])
                if tail is None:
                    continue
                (loc, how), length = tail
                s, name = s + cut + 4, name[cut + 4 :]
                found = tail
            (loc, how), length = found
            if how == "city" and fold(name[:length]).strip() in words.get("never_towns", ()):
                continue  # "Russia's Far East" is no town of Pharr, Texas
            if how == "city" and self._starts_a_name(name, length, hint):
                continue  # "Russia's Vladimir Putin", "Luis Carlos Villegas": a person
            if how == "city" and rx["building_after"].match(text, s + length):
                continue  # "the Miraflores presidential palace" is no town of Miraflores
            if how == "city" and folded[max(0, s - 4) : s] == "the " and not name.startswith("The"):
                continue  # "the Summit of the European Political Community" is no town
            if how == "city":
                loc = self._qualified(name[:length], loc, text[s + length : s + length + 60])
            out.append(PlaceMention(base + s, base + s + length, loc, how, cue))
        out.extend(self._cjk_places(text, base))
        for m in rx["here"].finditer(folded):
            if dateline_place:
                found = self._longest_place(dateline_place.title(), None)
                if found is not None:
                    (loc, how), _ = found
                    out.append(PlaceMention(base + m.start(), base + m.end(), loc, "here"))
        out = _add_country_context(out)
        out.sort(key=lambda p: p.start)
        return tuple(out)

    def _cjk_places(self, text: str, base: int) -> list[PlaceMention]:
        """Places in Chinese, which has no capitals to find a name by: the longest known
        name (two to eight characters) right after a word of place ("在", "抵达")."""
        found = _cjk_cues(self.lang)
        if found is None:
            return []
        cues, ends = found
        out: list[PlaceMention] = []
        for m in cues.finditer(text):
            run = _CJK.match(text, m.end())
            if run is None:
                continue
            chars = run.group(0)
            for n in range(min(len(chars), 8), 1, -1):
                after = run.start() + n
                if after < len(text) and not text.startswith(ends, after):
                    continue
                got = self._lookup(chars[:n], None)
                if got is not None:
                    loc, how = got
                    out.append(PlaceMention(base + run.start(), base + run.start() + n, loc, how))
                    break
        return out

    def _stamp(self, text: str, s: int, e: int) -> bool:
        """ "Rio de Janeiro, April 28, 2025" on a line of its own, "(Vientiane, July 25,
        2024)" after a headline: a town stamped with a full day, where the words were
        said or the report filed."""
        before = text[:s].rstrip(" \t")
        if before and not before.endswith(("(", "[", "\n")):
            return False
        after = _STAMP_COMMA.match(text, e)
        if after is None:
            return False
        days = find_dates(text[after.end() : after.end() + 40], None, False, self.lang)
        return bool(days) and days[0].start == 0 and days[0].precision == "day"

    def _unknown_town(self, name: str, before: str) -> tuple[tuple[Location, str], int] | None:
        """ "the Italian island of Lampedusa", "the Russian city of Kyzyl": a town the
        gazetteer lacks, placed in the state its adjective names, under its written name."""
        adj = _STATE_ADJECTIVE.search(before)
        state = self.lex.countries.by_adjective(adj.group(1)) if adj else None
        words = name.split()
        if state is None or not 1 <= len(words) <= 2:
            return None
        return (Location(name, None, state.code), "city"), len(name)

    def _starts_a_name(self, name: str, length: int, hint: str | None) -> bool:
        """A one-word town that is a given name and runs on into a capitalised word that
        is no place ("Santiago Peña", not "Santiago Chile")."""
        rest = name[length:]
        if not _NEXT_CAPITAL.match(rest) or " " in name[:length].strip():
            return False
        if fold(name[:length]).strip() not in self.lex.people.given_names():
            return False
        return self._longest_place(rest.strip(), hint) is None

    def _qualified(self, name: str, loc: Location, after: str) -> Location:
        """The town the text narrows down: "Woodside, California" is not Woodside, Queens.

        A region or country right after the name ("Tunxi, east China's Anhui Province")
        picks among the towns of that name; without one the gazetteer's guess stands.
        """
        m = _QUALIFIER.match(after)
        if not m:
            return loc
        cap = m.group(1).replace("\u2019", "'").strip()
        state, _, rest = cap.partition("'s ")
        words = (rest or state).split()
        region = " ".join(w for w in words if fold(w) not in _REGION_WORDS)
        country = self.lex.countries.by_name(state)
        for place in self.lex.places.candidates(name):
            if place.kind != "city":
                continue
            if (country is not None and place.country == country.code) or (
                place.admin1 and fold(place.admin1) == fold(region)
            ):
                if place.geonames_id == loc.geonames_id:
                    return loc
                got = self.lex.places.to_location(place)
                return Location(
                    loc.city, got.admin1, got.country, got.lat, got.lon, got.geonames_id
                )
        return loc

    def _venue_phrase(
        self, text: str, s: int, e: int, hint: str | None
    ) -> tuple[tuple[Location, str], int] | None:
        """A venue whose name goes on in lower case ("в Белом доме", "la Casa Blanca")."""
        tail = re.match(r"(?:\s+[^\W\d_][\w-]*){1,2}", text[e : e + 40])
        if tail is None:
            return None
        words = tail.group(0).split()
        for n in range(len(words), 0, -1):
            cand = text[s:e] + " " + " ".join(words[:n])
            if not any(map(self.lex.places.has_venue, self._base_forms(cand))):
                continue  # only a venue's name answers here, and none is called so
            got = self._lookup(cand, hint)
            if got is not None and got[1] == "venue":
                return got, len(cand)
        return None

    def _longest_place(
        self, name: str, hint: str | None
    ) -> tuple[tuple[Location, str], int] | None:
        """The longest leading part of a capitalised run that is a known place."""
        tokens = name.split()
        building = len(tokens) > 1 and fold(tokens[0]) in _words(self.lang).get(
            "building_words", frozenset()
        )
        for n in range(min(len(tokens), 5), 0, -1):
            if building and n < len(tokens):
                # "Palacio Nacional" is a building, not the town of Palacio
                break
            cand = " ".join(tokens[:n]).rstrip(",")
            got = self._lookup(cand, hint)
            if got is None and n >= 2 and (state := self.lex.places.region_country(cand)):
                # "Quintana Roo" is a Mexican state, not the Spanish town of Quintana
                got = Location(None, cand, state), "country"
            if got is None:
                continue
            if got[1] == "country" and n < len(tokens) and not cand.endswith(","):
                rest = fold(tokens[n]).strip(",.")
                if rest not in _calendar_words(self.lang) and tokens[n][:1].isupper():
                    return None  # "Guiana Francesa" is not Guyana: a state's name is whole
            return got, len(cand)
        return None


_NAMED = frozenset({"name", "surname", "surname_kb", "adhoc"})


def not_in_names(places: list[PlaceMention], refs: Sequence[PersonRef]) -> list[PlaceMention]:
    """ "Russia's Vladimir Putin" names no town of Vladimir: a place inside a person's
    name, as the mention finder read it, is none."""
    spans = [(r.start, r.end) for r in refs if r.how in _NAMED]
    return [p for p in places if all(p.end <= s or p.start >= e for s, e in spans)]


def _add_country_context(places: list[PlaceMention]) -> list[PlaceMention]:
    """ "in Moscow, Russia": the city and its state agree, keep the city."""
    return places
