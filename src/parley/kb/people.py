"""Officials (heads of state and government, foreign ministers, envoys...) with dated tenures.

Extraction needs two things from this table: a name seen in text must become one stable
actor whatever the spelling ("Sergey"/"Sergei", "S Jaishankar", "Zelenskyy"), and a bare
title must become a person on the article's date ("the Chinese foreign minister" was Qin
Gang in May 2023 but Wang Yi in September). Both are answered here from one packaged
file, ``data/people.tsv``, built offline by ``tools.kb_build.people`` so the package never
needs the raw sources at run time.
"""

from __future__ import annotations

import csv
import math
import re
import threading
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from parley.model import Actor, Tenure
from parley.text import fold_name

DATA_DIR = Path(__file__).resolve().parent / "data"
PEOPLE_TSV = DATA_DIR / "people.tsv"
TITLES_TSV = DATA_DIR / "titles.tsv"
TITLES_I18N_TSV = DATA_DIR / "titles_i18n.tsv"
FAMILY_NAME_FIRST_TSV = DATA_DIR / "family_name_first.tsv"

# The closed role vocabulary. The order is the seniority used to pick the tenure that
# ``Actor.tenure_on`` returns when offices overlap (Wang Yi was foreign minister *and*
# state councilor; the foreign-minister tenure is the one an event should show).
ROLES: tuple[str, ...] = (
    "head_of_state",
    "head_of_government",
    "foreign_minister",
    "secretary_general",
    "commission_president",
    "council_president",
    "high_representative",
    "crown_prince",
    "vice_president",
    "deputy_head_of_government",
    "state_councilor",
    "party_foreign_affairs_director",
    "national_security_adviser",
    "defence_minister",
    "legislature_speaker",
    "minister",
    "special_envoy",
    "monarch",
    "official",
)
ROLE_RANK: dict[str, int] = {role: rank for rank, role in enumerate(ROLES)}

# The top offices, one holder at a time (heads of state, government, diplomacy and of the
# bodies), so that an open tenure is a claim about today: what ``stale`` reviews.
SINGLE_HOLDER_ROLES: tuple[str, ...] = ROLES[: ROLES.index("crown_prince")]

# Codes used in the ``country`` field for officials of international bodies (the contract
# uses the body's short code). Withdrawn ISO codes such as SUN are valid too.
BODY_CODES: frozenset[str] = frozenset(
    {
        "UN", "EU", "NATO", "ASEAN", "AU", "SCO", "BRICS", "OSCE", "WTO", "GCC", "LAS",
        "OIC", "CIS", "CSTO", "EAEU", "COE", "IAEA", "IMF", "WB", "WHO", "OAS", "ICJ",
        "G7", "G20", "APEC", "CELAC", "OPEC", "ICC",
    }
)  # fmt: skip


def load_family_name_first(path: Path = FAMILY_NAME_FIRST_TSV) -> frozenset[str]:
    """The codes of ``family_name_first.tsv`` (``code  note``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        return frozenset(row["code"] for row in csv.DictReader(fh, delimiter="\t"))


# States whose officials go by the first name they write: family name first ("Xi", "Wang",
# "Hun", "Yoon") or a given name used alone ("Prabowo", "Anwar", "Anutin"). Their first
# token is what a later bare mention uses, and initial forms like "W. Yi" would be nonsense.
# One list, ``data/family_name_first.tsv``, for the KB and the extractor's mention finder.
SURNAME_FIRST: frozenset[str] = load_family_name_first()

# Words that precede a name in text but are not part of it ("Dr S Jaishankar",
# "Sheikh Mohamed bin Zayed", "Prince Faisal bin Farhan").
HONORIFICS: frozenset[str] = frozenset(
    {
        "dr", "mr", "mrs", "ms", "sir", "dame", "sheikh", "shaikh", "sheikha", "prince",
        "princess", "hh", "he", "his", "her", "highness", "excellency", "royal", "shri",
        "smt", "gen", "general", "mgr", "h",
    }
)  # fmt: skip

# Surname particles: "von der Leyen", "Lula da Silva", "el-Sisi" are surnames of several tokens.
PARTICLES: frozenset[str] = frozenset(
    {
        "von", "van", "der", "den", "de", "da", "das", "do", "dos", "del", "della", "di",
        "du", "la", "le", "al", "el", "bin", "ibn", "bint", "ibni", "ben", "abu", "ter",
    }
)  # fmt: skip

_APOSTROPHES = re.compile(r"['’‘ʻʼ`´]")
_NON_WORD = re.compile(r"[\W_]+")
_FUZZY_CUTOFF = 90.0
_FUZZY_MIN_LEN = 6


@lru_cache(maxsize=16384)
def normalize(text: str) -> str:
    """Lookup form of a name: folded, case-insensitive, punctuation-free.

    "S. Jaishankar", "S Jaishankar" and "s jaishankar" must hit the same entry, and so
    must "Al-Sisi" and "al Sisi"; apostrophes vanish ("Ma'ruf" == "Maruf"). Cached: each
    capitalised word of a story is asked about as a surname, and a story repeats them.
    """
    text = fold_name(text).casefold()
    text = _APOSTROPHES.sub("", text)
    return " ".join(_NON_WORD.sub(" ", text).split())


def strip_honorifics(norm: str) -> str:
    """Drop leading courtesy words from a normalized name."""
    tokens = norm.split()
    while len(tokens) > 1 and tokens[0] in HONORIFICS:
        tokens.pop(0)
    return " ".join(tokens)


def surname_forms(name: str, country: str | None) -> set[str]:
    """Normalized forms a later bare mention of this person may take.

    The last token always; a particle surname as a whole ("von der leyen", "da silva");
    the first token for family-name-first peoples ("xi", "wang"). A one-word name gives
    nothing here: only the curated one-word names of ``people.tsv``'s ``short_names``
    count ("Jokowi", "Lula"), because the generated ones include words ("Meta", "Verge").
    """
    tokens = normalize(name).split()
    if len(tokens) < 2:
        return set()
    split_given = country in SURNAME_FIRST and ("-" in name.split()[-1] or len(tokens) >= 3)
    # "Paek Nam-sun", "Paek Nam Sun": the family name comes first and "sun" is half a
    # given name (and a Chinese family name of its own), never a way to write him
    # "Mohammed bin Abdulrahman": the name after "bin" is the father's, no family name
    patronymic = tokens[-2] in _PATRONYMIC
    forms = set() if split_given or patronymic else {tokens[-1]}
    for i in range(1, len(tokens) - 1):
        if tokens[i] in PARTICLES:
            forms.add(" ".join(tokens[i:]))
            break
    if country in SURNAME_FIRST:
        forms.add(tokens[0])
    return {f for f in forms if f not in PARTICLES and len(f) > 1}


_LEADER_ROLES = frozenset({"head_of_state", "head_of_government"})
_PATRONYMIC = frozenset({"bin", "ibn", "bint", "ben", "binti"})
# a pope's name is a title and a regnal name, in every language
_PAPAL = frozenset({"pope", "pape", "papa", "papst", "paus", "папа"})


@dataclass(frozen=True)
class TitleEntry:
    """One row of the title lexicon: a phrase in text and the office it names.

    ``country_only`` set means the phrase has this sense only for that country ("foreign
    secretary" is the minister in the UK but a civil servant in India).
    """

    phrase: str
    role: str
    title: str
    country_only: str | None = None
    note: str = ""


def parse_tenures(field: str) -> tuple[Tenure, ...]:
    """Decode the ``tenures`` column: ``country,role,title,start,end`` items joined by ``;``."""
    out = []
    for item in filter(None, field.split(";")):
        country, role, title, start, end = item.split(",")
        out.append(Tenure(country, role, title, start or None, end or None))
    return tuple(out)


def tenure_sort_key(tenure: Tenure, main_country: str | None) -> tuple[int, int, str]:
    """Seniority first, the person's own country next, most recent first.

    This order is what ``Actor.tenure_on`` relies on to return the most relevant office.
    """
    recent = "".join(chr(0x10FFFF - ord(c)) for c in (tenure.start or "0000"))
    return (ROLE_RANK.get(tenure.role, len(ROLES)), tenure.country != main_country, recent)


def _in_office(actor: Actor, on: str | None) -> bool:
    return on is not None and any(t.covers(on) for t in actor.tenures)


def _best_rank(actor: Actor) -> int:
    return min((ROLE_RANK.get(t.role, len(ROLES)) for t in actor.tenures), default=len(ROLES))


def _has_country(actor: Actor, country: str | None) -> bool:
    return country is not None and (
        actor.country == country or any(t.country == country for t in actor.tenures)
    )


class PeopleKB:
    """Read-only view of ``people.tsv`` with the lookups extraction needs.

    Returned ``Actor`` objects are shared between callers; treat them as read-only.
    """

    _default: PeopleKB | None = None
    _lock = threading.Lock()

    def __init__(
        self,
        actors: Iterable[Actor],
        titles_path: Path | None = TITLES_TSV,
        titles_i18n_path: Path | None = TITLES_I18N_TSV,
        short_names: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._actors: dict[str, Actor] = {a.key: a for a in actors}
        # Curated one-word names ("Jokowi", "Lula", "王毅") that a bare mention uses.
        self._short_names = short_names or {}
        self._titles_path = titles_path
        self._titles: list[TitleEntry] | None = None
        self._titles_i18n_path = titles_i18n_path
        self._titles_i18n: dict[str, list[TitleEntry]] | None = None
        # (language, phrase key) -> (the generic row, the rows kept for one state)
        self._senses: dict[str, dict[str, tuple[TitleEntry | None, dict[str, TitleEntry]]]] = {}
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._by_surname: dict[str, list[str]] = defaultdict(list)
        self._by_office: dict[tuple[str, str], list[tuple[Tenure, str]]] = defaultdict(list)
        for actor in self._actors.values():
            self._index(actor)
        self._alias_keys = list(self._by_alias)
        self._alias_bands: dict[int, tuple[list[str], list[str]]] = {}  # see _near_length
        self._alias_at_length: dict[int, list[int]] = {}
        self._alias_sorted: list[str] = []
        self._given: frozenset[str] | None = None

    # construction -----------------------------------------------------------------

    @classmethod
    def default(cls) -> PeopleKB:
        """The packaged table, loaded once per process on first use."""
        if cls._default is None:
            with cls._lock:
                if cls._default is None:
                    from parley.kb import prebuilt

                    found = prebuilt.kb("people")
                    cls._default = found if found is not None else cls.from_tsv(PEOPLE_TSV)
        return cls._default

    @classmethod
    def from_tsv(
        cls,
        path: Path,
        titles_path: Path | None = TITLES_TSV,
        titles_i18n_path: Path | None = TITLES_I18N_TSV,
    ) -> PeopleKB:
        """Load a people table in the ``people.tsv`` format (see docs/kb-people.md)."""
        with path.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        actors = [_actor_from_row(row) for row in rows]
        short = {
            row["key"]: tuple(x for x in (row.get("short_names") or "").split("|") if x)
            for row in rows
        }
        return cls(actors, titles_path, titles_i18n_path, short)

    def _index(self, actor: Actor) -> None:
        for alias in (actor.name, *actor.aliases):
            norm = normalize(alias)
            if norm and actor.key not in self._by_alias[norm]:
                self._by_alias[norm].append(actor.key)
        forms: set[str] = {normalize(n) for n in self._short_names.get(actor.key, ())}
        for alias in (actor.name, *actor.aliases):
            if normalize(alias).split()[:1] and normalize(alias).split()[0] in _PAPAL:
                continue  # "Papa Francisco" has no surname: "San Francisco" is no pope
            forms |= surname_forms(alias, actor.country)
        for form in sorted(forms - {""}):
            self._by_surname[form].append(actor.key)
        for tenure in actor.tenures:
            self._by_office[(tenure.country, tenure.role)].append((tenure, actor.key))

    # lookups ------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._actors)

    def __iter__(self) -> Iterator[Actor]:
        return iter(self._actors.values())

    def get(self, key: str) -> Actor | None:
        return self._actors.get(key)

    def find(self, name: str, on: str | None = None, country: str | None = None) -> list[Actor]:
        """People a written name may refer to, best first.

        Exact alias match (case, accents and punctuation ignored) first; failing that, a
        fuzzy match for transliterations the table lacks ("Serguéi Lavrov"); failing
        that, a bare surname ("Lavrov"). Candidates in office on ``on`` rank first, then
        those of ``country``.
        """
        norm = normalize(name)
        if not norm:
            return []
        keys = self._exact(norm)
        words = strip_honorifics(norm).split()
        if not keys and len(words) >= 3 and not any(w in PARTICLES for w in words):
            # "Russ Joseph Kun" is Russ Kun: a middle name the table does not hold
            keys = self._exact(f"{words[0]} {words[-1]}")
        if not keys and len(norm) >= _FUZZY_MIN_LEN:
            keys = self._fuzzy(strip_honorifics(norm))
        bare = " " not in strip_honorifics(norm) or _is_particle_name(norm)
        if not keys and bare:
            return self.by_surname(strip_honorifics(norm), on=on, country=country)
        return self._rank(keys, on, country)

    def by_surname(
        self, surname: str, on: str | None = None, country: str | None = None
    ) -> list[Actor]:
        """People known by this surname ("Lavrov"), those in office on ``on`` first.

        Meant for the second and later mentions of a person in one article, after the
        full name has fixed who is meant; ``on`` and ``country`` break ties between
        namesakes. Curated one-word names count too ("Jokowi", "Lula", "Prabowo").
        """
        keys = self._by_surname.get(normalize(surname))
        return self._rank(keys, on, country) if keys else []

    def holder(
        self, country: str, role: str, on: str | None, title: str | None = None
    ) -> Actor | None:
        """Who held ``role`` for ``country`` on ``on`` (None: today's holder).

        On a hand-over day both holders cover the date; the one who took office that day
        wins, since reports of that day's events are about the newcomer. With ``title``,
        the holder of an office by that very name comes first, whatever its role: "the
        Iranian president" is the President, not the Supreme Leader who heads the state.
        """
        if title:
            for other in _LEADER_ROLES - {role} if role in _LEADER_ROLES else ():
                titled = self._holder_of(country, other, on, title)
                if titled is not None and self._holder_of(country, role, on, title) is None:
                    return titled
        return self._holder_of(country, role, on, None)

    def _holder_of(
        self, country: str, role: str, on: str | None, title: str | None
    ) -> Actor | None:
        best: tuple[str, str] | None = None
        for tenure, key in self._by_office.get((country, role), ()):
            if title and tenure.title.lower() != title.lower():
                continue
            if on is None and tenure.end is not None:
                continue
            if on is not None and not tenure.covers(on):
                continue
            cand = (tenure.start or "", key)
            if best is None or cand > best:
                best = cand
        return self._actors[best[1]] if best else None

    def stale(
        self, on: str, years: int = 2, roles: Iterable[str] = SINGLE_HOLDER_ROLES
    ) -> list[tuple[Actor, Tenure]]:
        """The open tenures that ``holder`` gives on ``on`` although they began more than
        ``years`` years before, oldest first.

        An open tenure only says nobody curated an end: most are long reigns, but some are
        ministers who left without the sources noticing, and "the Senegalese foreign
        minister" then names the wrong person. This is the review list for curators; an
        open tenure with no start is on it too, since nothing says when it began.
        """
        cutoff = f"{int(on[:4]) - years:04d}{on[4:]}"
        wanted = set(roles)
        out: list[tuple[Actor, Tenure]] = []
        for (country, role), items in self._by_office.items():
            if role not in wanted:
                continue
            current = self._holder_of(country, role, on, None)
            for tenure, key in items:
                if current is None or key != current.key or tenure.end is not None:
                    continue
                if tenure.covers(on) and (tenure.start is None or tenure.start < cutoff):
                    out.append((current, tenure))
        return sorted(out, key=lambda p: (p[1].start or "", p[1].country, p[1].role))

    def given_names(self) -> frozenset[str]:
        """The first words of the known people's names (folded), where the first word is a
        given name: a town that is one of them and runs on into a capitalised word
        ("Vladimir Putin", "Luis Carlos Villegas") starts a person's name."""
        if self._given is None:
            self._given = frozenset(
                normalize(a.name).split()[0]
                for a in self._actors.values()
                if a.kind == "person" and a.country not in SURNAME_FIRST and " " in a.name.strip()
            )
        return self._given

    def aliases(self) -> Iterator[tuple[str, str]]:
        """Every (surface form, key) pair, the name included, to build a matcher from."""
        for actor in self._actors.values():
            seen: set[str] = set()
            for alias in (actor.name, *actor.aliases):
                if alias not in seen:
                    seen.add(alias)
                    yield alias, actor.key

    def titles(self, lang: str = "en") -> list[TitleEntry]:
        """The title lexicon of a language: ``data/titles.tsv`` for "en", otherwise the
        rows of ``data/titles_i18n.tsv`` for "fr", "es", "pt", "de", "it", "id", "ru" or
        "zh" ("ministre des affaires étrangères", "canciller", "außenminister", "menlu",
        "министром иностранных дел" (Russian rows list every case), "外长").

        The other languages' table is read on the first non-English request only. Their
        phrases are lower case and written with their accents; matchers compare them
        folded. A language without a table gets an empty list, not English phrases.
        """
        if lang.lower() != "en":
            if self._titles_i18n is None:
                path = self._titles_i18n_path
                self._titles_i18n = load_titles_i18n(path) if path else {}
            return self._titles_i18n.get(lang.lower(), [])
        if self._titles is None:
            self._titles = load_titles(self._titles_path) if self._titles_path else []
        return self._titles

    def title_sense(self, phrase: str, country: str | None, lang: str = "en") -> TitleEntry | None:
        """The sense of a title phrase for a country: its own row first, then the generic one.

        Spanish "canciller" is the foreign minister, but for ``DEU`` the chancellor. Outside
        English, case and accents are ignored ("Ministre des Affaires etrangeres").
        """
        english = lang.lower() == "en"
        norm = " ".join(phrase.casefold().split()) if english else _title_key(phrase)
        generic, own = self._title_senses(lang).get(norm, (None, {}))
        if country is not None and country in own:
            return own[country]
        return generic

    def _title_senses(
        self, lang: str
    ) -> dict[str, tuple[TitleEntry | None, dict[str, TitleEntry]]]:
        """Every phrase's rows by its key, built once per language: a title is looked up
        for every title phrase a story writes, and the tables hold thousands of rows."""
        senses = self._senses.get(lang.lower())
        if senses is None:
            english = lang.lower() == "en"
            senses = {}
            for entry in self.titles(lang):
                key = entry.phrase if english else _title_key(entry.phrase)
                generic, own = senses.get(key, (None, {}))
                if entry.country_only is None:
                    generic = generic or entry
                else:
                    own.setdefault(entry.country_only, entry)
                senses[key] = (generic, own)
            self._senses[lang.lower()] = senses
        return senses

    # helpers ------------------------------------------------------------------------

    def _exact(self, norm: str) -> list[str]:
        keys = self._by_alias.get(norm)
        if not keys:
            keys = self._by_alias.get(strip_honorifics(norm))
        return list(keys or [])

    def _fuzzy(self, norm: str) -> list[str]:
        """Near-spellings; ratio first, then token order ("Jinping Xi").

        The token-order score is rapidfuzz's ``token_sort_ratio``: ``ratio`` of the two
        names with their words sorted. The aliases' sorted forms are made once, not at
        each comparison (the cost of that scorer)."""
        from rapidfuzz import fuzz, process  # only for names the exact index misses

        choices, sorted_choices = self._near_length(len(norm))
        for query, among in ((norm, choices), (" ".join(sorted(norm.split())), sorted_choices)):
            hits = process.extract(
                query, among, scorer=fuzz.ratio, score_cutoff=_FUZZY_CUTOFF, limit=10
            )
            if hits:
                top = hits[0][1]
                keys: list[str] = []
                for _, score, at in hits:
                    if score >= top - 2:
                        keys.extend(k for k in self._by_alias[choices[at]] if k not in keys)
                return keys
        return []

    def _near_length(self, length: int) -> tuple[list[str], list[str]]:
        """The aliases (in index order, so ties rank as before) whose length lets them reach
        the cutoff against a name of ``length``, and the same with their words sorted:
        both scores compare two single-spaced strings of these lengths, and their distance
        is at least the lengths' difference, so a score of c% needs the other length
        within ``length * c / (200 - c)`` and ``length * (200 - c) / c`` (one character
        more each way against rounding). A name is compared with a third of the table."""
        band = self._alias_bands.get(length)
        if band is None:
            if not self._alias_at_length:  # where each length's aliases stand, once
                at_length: dict[int, list[int]] = {}
                for i, a in enumerate(self._alias_keys):
                    at_length.setdefault(len(a), []).append(i)
                # each alias's words sorted, once for every band it falls in
                self._alias_sorted = [" ".join(sorted(k.split())) for k in self._alias_keys]
                # set whole: a thread never reads it half filled
                self._alias_at_length = at_length
            c = _FUZZY_CUTOFF
            lo, hi = length * c / (200 - c) - 1, length * (200 - c) / c + 1
            at = sorted(
                i
                for n in range(max(0, math.ceil(lo)), math.floor(hi) + 1)
                for i in self._alias_at_length.get(n, ())
            )
            keys = [self._alias_keys[i] for i in at]
            band = self._alias_bands[length] = (keys, [self._alias_sorted[i] for i in at])
        return band

    def prepare(self) -> None:
        """Build now the fuzzy candidates of every name length the aliases can reach
        (:meth:`_near_length`): a worker that will resolve thousands of names builds them
        once, up front, rather than on the first name of each length."""
        longest = max(map(len, self._alias_keys), default=0)
        for length in range(1, math.ceil(longest * (200 - _FUZZY_CUTOFF) / _FUZZY_CUTOFF) + 2):
            self._near_length(length)

    def _rank(self, keys: Iterable[str], on: str | None, country: str | None) -> list[Actor]:
        actors = [self._actors[k] for k in dict.fromkeys(keys)]
        return sorted(
            actors,
            key=lambda a: (
                not _in_office(a, on),
                not _has_country(a, country),
                _best_rank(a),
                a.key,
            ),
        )


def _is_particle_name(norm: str) -> bool:
    """ "von der leyen", "da silva": a surname of several tokens with a leading particle."""
    first = strip_honorifics(norm).split()[0]
    return first in PARTICLES


def _actor_from_row(row: dict[str, str]) -> Actor:
    aliases = tuple(a for a in row["aliases"].split("|") if a)
    return Actor(
        key=row["key"],
        name=row["name"],
        kind="person",
        id=row["qid"] or None,
        country=row["country"] or None,
        aliases=aliases,
        tenures=parse_tenures(row["tenures"]),
    )


def _title_key(phrase: str) -> str:
    """Accent-, case- and space-insensitive form of a title ("Außenminister" = "aussenminister")."""
    return " ".join(fold_name(phrase).casefold().split())


def _title_entry(row: dict[str, str]) -> TitleEntry:
    return TitleEntry(
        phrase=row["phrase"],
        role=row["role"],
        title=row["title"],
        country_only=row["country_only"] or None,
        note=row.get("note") or "",
    )


def load_titles_i18n(path: Path) -> dict[str, list[TitleEntry]]:
    """Parse ``titles_i18n.tsv`` (``lang phrase role title country_only note``) by language."""
    out: dict[str, list[TitleEntry]] = defaultdict(list)
    with path.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            out[row["lang"]].append(_title_entry(row))
    return dict(out)


def load_titles(path: Path) -> list[TitleEntry]:
    """Parse ``titles.tsv`` (``phrase role title country_only note``)."""
    with path.open(encoding="utf-8", newline="") as fh:
        rows = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        return [_title_entry(row) for row in rows]
