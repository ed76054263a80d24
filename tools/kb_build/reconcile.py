"""One person across sources: the same name in the Factbook, Wikidata and the curated
rows resolved to one entry, tenures merged, regnal names joined."""

from __future__ import annotations

import re
from collections import defaultdict

from parley.kb.people import (
    normalize,
)
from parley.model import Tenure
from tools.kb_build.base import ROMAN, SINGLE_HOLDER, Person, days_between, warn
from tools.kb_build.factbook import same_surname
from tools.kb_build.variants import name_variants

# ---------------------------------------------------------------------------------------
# merging people across sources


class Pool:
    """All people so far, with the indexes used to recognise a newcomer as someone known."""

    def __init__(self, curated: dict[str, Person]) -> None:
        self.people: dict[str, Person] = {}
        self.by_name: dict[tuple[str, str], str] = {}
        self.by_qid: dict[str, str] = {}
        self.by_office: dict[tuple[str, str], list[tuple[Tenure, str]]] = defaultdict(list)
        self.coverage: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
        for person in curated.values():
            self._add(person)
            for t in person.tenures:
                if t.start:
                    self.coverage[(t.country, t.role)].append((t.start, t.end or "9999-12-31"))

    def _add(self, person: Person) -> None:
        self.people[person.key] = person
        self._index(person)

    def _index(self, person: Person) -> None:
        for country in person.countries():
            for name in person.names():
                self.by_name.setdefault((normalize(name), country), person.key)
        if person.qid:
            self.by_qid.setdefault(person.qid, person.key)
        for t in person.tenures:
            self.by_office[(t.country, t.role)].append((t, person.key))

    def covered(self, tenure: Tenure) -> bool:
        """Whether the curated rows already say who held this office on the tenure's start.

        Gaps of up to 120 days between curated holders count as covered: they are acting
        spells or the curator's rounding, not unknown holders.
        """
        spans = sorted(self.coverage.get((tenure.country, tenure.role), []))
        if not spans or tenure.start is None:
            return bool(spans)
        day = tenure.start
        for i, (start, end) in enumerate(spans):
            if start <= day < end:  # the successor's first day is the predecessor's last
                return True
            nxt = spans[i + 1][0] if i + 1 < len(spans) else None
            if nxt and end < day < nxt and days_between(end, nxt) <= 120:
                return True
        return False

    def clipped(self, tenure: Tenure) -> Tenure:
        """A generated tenure cut off where the curated succession of its office begins.

        A generated holder whose term starts before the curated rows of that office (a
        Factbook "since 1986" president shown as head of government, a 2022 Wikidata
        minister with no end) must not run on beside the curated holders: the curated
        succession says who held the office from its first start on.
        """
        if tenure.start is None:
            return tenure
        later = [
            s for s, _ in self.coverage.get((tenure.country, tenure.role), []) if s > tenure.start
        ]
        if not later:
            return tenure
        cut = min(later)
        if tenure.end is None or tenure.end > cut:
            return Tenure(tenure.country, tenure.role, tenure.title, tenure.start, cut)
        return tenure

    def match(self, person: Person) -> str | None:
        """Key of a known person this newcomer is, by QID, by name and country, or by office.

        A shared QID alone is not trusted when the two share neither a country nor a name
        token: that is a wrong QID on one side (a curated "Q57413" on Maduro once pulled
        Ouattara's name and his CIV presidency into Maduro's row), not one person.
        """
        if person.qid and person.qid in self.by_qid:
            key = self.by_qid[person.qid]
            known = self.people[key]
            if person.countries() & known.countries() or same_surname(
                person.names(), known.names()
            ):
                return key
            warn(
                f"{person.qid} is both {known.name} ({key}) and {person.name} "
                f"({person.origin}); not merged"
            )
        for country in sorted(person.countries()):
            for name in sorted(person.names()):
                for variant in sorted(name_variants(name, country)):
                    found = self.by_name.get((normalize(variant), country))
                    if found:
                        return found
        for t in person.tenures:
            if not t.start:
                continue
            for other, key in self.by_office.get((t.country, t.role), []):
                near = other.start and days_between(other.start, t.start) <= 45
                if near and same_surname(person.names(), self.people[key].names()):
                    return key
        return None

    def _free(self, name: str, target: Person) -> bool:
        """Whether ``name`` is not already someone else's name in the target's countries.

        The Factbook clusters by surname block, so "LI Qiang" can ride along with "LI
        Keqiang"; such a name must stay with the person who already owns it.
        """
        norm = normalize(name)
        return all(
            self.by_name.get((norm, c), target.key) == target.key for c in target.countries()
        )

    def absorb(self, person: Person) -> None:
        """Merge a generated person in: the known one keeps its name, curated tenures win."""
        key = self.match(person)
        target = self.people.get(key) if key else None
        kept = []
        for t in person.tenures:
            if target and any(
                o.country == t.country and o.role == t.role
                for o in target.tenures
                if target.curated
            ):
                continue
            if t.role in SINGLE_HOLDER and self.covered(t):
                if not target:
                    warn(f"dropped {t.country} {t.role} {person.name} {t.start}: not curated")
                continue
            if t.role in SINGLE_HOLDER:
                t = self.clipped(t)
            if target and any(_same_tenure(o, t) for o in target.tenures):
                continue
            kept.append(t)
        if target:
            target.aliases |= {n for n in person.names() - {target.name} if self._free(n, target)}
            target.qid = target.qid or person.qid
            target.tenures.extend(kept)
            self._index(target)
            return
        if not kept:
            return
        person.tenures = kept
        if person.key in self.people:
            person.key = f"{person.key}-{person.country.lower()}"
            if person.key in self.people:
                warn(f"duplicate key {person.key}; {person.name} left out")
                return
        self._add(person)


def _same_tenure(a: Tenure, b: Tenure) -> bool:
    return a.country == b.country and a.role == b.role and a.start == b.start


def merge_regnal(pool: Pool) -> None:
    """Monarchs reigning over several realms ("Charles III") are one person, not one per realm."""
    groups: dict[str, list[str]] = defaultdict(list)
    for key, p in pool.people.items():
        if ROMAN.match(p.name.split()[-1]) and any(t.role == "head_of_state" for t in p.tenures):
            groups[normalize(re.sub(r"^(King|Queen|Pope)\s+", "", p.name))].append(key)
    for keys in groups.values():
        keys.sort(key=lambda k: (not pool.people[k].curated, len(k), k))
        main = pool.people[keys[0]]
        for k in keys[1:]:
            other = pool.people.pop(k)
            main.aliases |= other.names() - {main.name}
            main.qid = main.qid or other.qid
            main.tenures.extend(t for t in other.tenures if t not in main.tenures)
