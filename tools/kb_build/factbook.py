"""The CIA World Factbook history: heads of state and government, 2015-2026, in CIA
spellings ("Title NAME (since d Month yyyy)")."""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz

from parley.kb.people import (
    PARTICLES,
    normalize,
)
from parley.kb.tables import read_table
from parley.model import Tenure
from parley.text import slug
from tools.kb_build import CURATED
from tools.kb_build.base import (
    Countries,
    Person,
    _is_caps,
    cia_name,
    days_between,
    parse_date,
    warn,
)

# ---------------------------------------------------------------------------------------
# CIA World Factbook: "Title NAME (since d Month yyyy)"

_FACTBOOK_TITLES = read_table(CURATED / "factbook_titles.tsv")
HOS_TITLES = [r["title"] for r in _FACTBOOK_TITLES if r["kind"] == "hos"]
HOG_TITLES = [r["title"] for r in _FACTBOOK_TITLES if r["kind"] == "hog"]
OTHER_TITLES = [r["title"] for r in _FACTBOOK_TITLES if r["kind"] == "other"]
QUALIFIERS = ["Acting", "Interim", "Caretaker", "Transitional", "Provisional", "Federal"]
NOT_MAIN = {"Governor General", "Co-Prince"}  # Andorra's co-princes are foreign officials
# Words of a portfolio after "Minister": "Minister of State for Defense Affairs KHALID ...".
PORTFOLIO = frozenset(
    """
    of for the and Interior Foreign Affairs Defense Defence State Finance Economy
    Economic Trade Infrastructure Planning Justice Development Energy Oil Industry
    Health Education Culture Information Communications Cabinet Municipal Rural
    Agriculture Environment Labor Labour Housing Transport Public Works Security
    National Armed Forces Commerce Investment Youth Sports Tourism Social Religious
    Islamic Endowments Water Electricity Presidential Council Cooperation International
    European Relations External Regional Local Government Ministers Royal Court Diaspora
    Expatriates Political Military Services Human Resources Administrative Reform
    Petroleum Mineral Resources Digital Technology Science Research Minister
    """.split()  # noqa: SIM905
)

_ALL_TITLES = sorted(HOS_TITLES + HOG_TITLES + OTHER_TITLES, key=len, reverse=True)
TITLE_RE = re.compile(
    rf"\b(?:(?:{'|'.join(QUALIFIERS)})\s+)?(?:{'|'.join(map(re.escape, _ALL_TITLES))})\b"
)


@dataclass
class Sighting:
    """One person seen in one Factbook snapshot in one office."""

    country: str
    role: str
    title: str
    raw_name: str
    since: str | None
    row: int  # index of the snapshot row within its country
    first_seen: str
    last_seen: str


def _paren_groups(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each top-level parenthesised group."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch == "(":
            if depth == 0:
                start = i
            depth += 1
        elif ch == ")" and depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1


def _since_date(group: str, column: str) -> str | None:
    """The start date inside a "(since ...)" group, honouring "chief of state since"."""
    inner = group[1:-1]
    want = "chief of state" if column == "hos" else "head of government"
    m = re.search(rf"{want} since ([^;,)]+)", inner)
    if m:
        return parse_date(m[1])
    m = re.search(r"\bsince\s+(.*)", inner)
    if m:
        return parse_date(m[1])
    if re.fullmatch(r"\s*\d{1,2} \w+ \d{4}\s*", inner):  # "(3 February 2015)"
        return parse_date(inner)
    return None


def _split_title(pre: str) -> tuple[list[str], str] | None:
    """Split "Prime Minister and Vice President NAME" into its titles and the name."""
    pre = re.sub(r"\([^()]*\)", " ", pre)  # "(ret.)", "(Sam)", "(Conservative)"
    pre = re.sub(r"([a-z])(?=(?:President|Prime Minister|King|Queen|Premier)\b)", r"\1 ", pre)
    pre = re.sub(r"[,;]?\s*also spelled\s+[^,;()]*?(?=,|$)", "", pre.strip())
    pre = re.sub(r"\s+", " ", pre).strip(" ,;:+")
    for m in TITLE_RE.finditer(pre):
        rest = pre[m.end() :].strip()
        if m[0] in HOS_TITLES or m[0] in HOG_TITLES:  # "Queen of Australia ELIZABETH II"
            rest = re.sub(r"^of\s+(?:(?:the|[A-Z][a-z]+)\s+)*(?=[A-Z]{2})", "", rest)
        titles, rest = [m[0]], _skip_portfolio(rest)
        while True:
            rest = re.sub(r"^(and|,)\s+", "", rest)
            nxt = TITLE_RE.match(rest)
            if not nxt:
                break
            titles.append(nxt[0])
            rest = _skip_portfolio(rest[nxt.end() :].strip())
        if _looks_like_name(rest):
            return titles, rest
    return None


def _skip_portfolio(rest: str) -> str:
    tokens = rest.split()
    if not tokens or tokens[0] not in ("of", "for"):
        return rest
    i = 0
    while i < len(tokens) and tokens[i] in PORTFOLIO:
        i += 1
    return " ".join(tokens[i:])


def _looks_like_name(text: str) -> bool:
    tokens = text.split()
    if TITLE_RE.search(text):
        return False
    if not tokens or len(tokens) > 9 or not any(_is_caps(t) for t in tokens):
        return False
    return all(
        t[0].isupper() or t[0] in "\"'" or re.split(r"[-']", t.lower())[0] in PARTICLES
        for t in tokens
    )


def _main_title(titles: list[str], column: str) -> tuple[str, str] | None:
    """(role, title) for the office this column is about, or None for a side office."""

    def base(t: str) -> str:
        return re.sub(rf"^(?:{'|'.join(QUALIFIERS)})\s+", "", t)

    def is_hos(t: str) -> bool:
        return base(t) in HOS_TITLES and base(t) not in NOT_MAIN

    if column == "hos":
        return ("head_of_state", titles[0]) if is_hos(titles[0]) else None
    for t in titles:  # "King and Prime Minister", "Crown Prince and Prime Minister"
        if base(t) in HOG_TITLES:
            return "head_of_government", t
        if not (is_hos(t) or t == "Crown Prince"):
            return None
    return ("head_of_government", titles[0]) if is_hos(titles[0]) else None


def parse_executive(text: str, column: str) -> list[tuple[str, str, str, str | None]]:
    """(role, title, raw name, since) for each main office holder in one Factbook cell."""
    out = []
    prev_end = 0
    for start, end in _paren_groups(text):
        group = text[start:end]
        since = _since_date(group, column)
        if since is None and not re.search(r"\bsince\b", group):
            continue
        pre = text[prev_end:start]
        prev_end = end
        pre = re.split(r";|\+\+|:", pre)[-1]
        if re.search(r"\bnote\b", pre):  # "note - King PHUMIPHON ... (since 1946) died ..."
            continue
        split = _split_title(pre)
        if split is None:
            inner = re.match(r"\((.+?) since", group)  # "LEE Ju Ho (Acting President ... since"
            head = _split_title(f"{inner[1]} {pre.strip()}") if inner else None
            if head is None:
                continue
            split = head
        titles, name = split
        main = _main_title(titles, column)
        if main:
            out.append((main[0], main[1], name, since))
    return out


def factbook_sightings(sources: Path, countries: Countries) -> dict[str, list[list[Sighting]]]:
    """Per country, the snapshots in order, each with the main office holders seen in it."""
    path = sources / "cia-world-factbook" / "factbook_executive_history.csv"
    with path.open(encoding="utf-8", newline="") as fh:
        rows = sorted(csv.DictReader(fh), key=lambda r: (r["iso3"], r["first_seen"]))
    out: dict[str, list[list[Sighting]]] = defaultdict(list)
    for r in rows:
        iso3 = r["iso3"]
        if not iso3 or iso3 not in countries.iso3:
            continue
        idx = len(out[iso3])
        seen: list[Sighting] = []
        for column, text in (("hos", r["chief_of_state"]), ("hog", r["head_of_government"])):
            if column == "hos" and iso3 not in countries.sovereign:
                continue  # a territory's head of state is a foreign monarch or president
            for role, title, name, since in parse_executive(text or "", column):
                seen.append(
                    Sighting(iso3, role, title, name, since, idx, r["first_seen"], r["last_seen"])
                )
        out[iso3].append(seen)
    return out


def drop_cross_country_copies(
    sightings: dict[str, list[list[Sighting]]],
) -> dict[str, list[list[Sighting]]]:
    """Remove a holder the Factbook copied into another country's entry by mistake.

    Nobody leads two governments at once, so one name with one "since" date in two
    countries is a copy-and-paste slip: the DRC entry of 2022-04 to 2023-06 names the
    Republic of Congo's prime minister, Anatole Collinet Makosso. The country whose
    snapshots show the holder for more days keeps him. Monarchs who reign over several
    realms (Charles III, Elizabeth II) are real and kept.
    """
    seen: dict[tuple[str, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for iso3, rows in sightings.items():
        for row in rows:
            for s in row:
                if s.since and s.title not in MONARCH_TITLES:
                    days = days_between(s.first_seen, s.last_seen) + 1
                    seen[(normalize(cia_name(s.raw_name)[1]), s.role, s.since)][iso3] += days
    wrong: set[tuple[str, str, str, str]] = set()
    for (name, role, since), counts in seen.items():
        if len(counts) > 1:
            keep = max(sorted(counts), key=lambda c: counts[c])
            for iso3 in counts:
                if iso3 != keep:
                    warn(f"dropped {iso3} {role} {name} (since {since}): copy of {keep}")
                    wrong.add((iso3, name, role, since))
    if not wrong:
        return sightings
    return {
        iso3: [
            [
                s
                for s in row
                if (iso3, normalize(cia_name(s.raw_name)[1]), s.role, s.since) not in wrong
            ]
            for row in rows
        ]
        for iso3, rows in sightings.items()
    }


def _skeleton(token: str) -> str:
    """Consonant skeleton, so "Zayid"/"Zayed" and "Nuhayyan"/"Nahyan" compare equal."""
    out = re.sub(r"[aeiouw]", "", token)
    return re.sub(r"(.)\1+", r"\1", out)


def _name_tokens(name: str) -> set[str]:
    return {_skeleton(t) for t in normalize(name).split() if len(t) > 2 and t not in PARTICLES} - {
        ""
    }


def same_surname(a: Iterable[str], b: Iterable[str]) -> bool:
    """Whether two sets of spellings plausibly name one person (a shared name token)."""
    ta = set().union(*(_name_tokens(n) for n in a))
    tb = set().union(*(_name_tokens(n) for n in b))
    return bool(ta & tb)


def _caps_block(raw: str) -> str:
    return " ".join(t for t in raw.split() if _is_caps(t))


def _cluster(sightings: list[Sighting]) -> dict[str, int]:
    """Group the spellings of one country's sightings into persons (union-find)."""
    names = sorted({s.raw_name for s in sightings})
    parent = {n: n for n in names}

    def find(n: str) -> str:
        while parent[n] != n:
            parent[n] = parent[parent[n]]
            n = parent[n]
        return n

    def union(a: str, b: str) -> None:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            na, nb = normalize(cia_name(a)[1]), normalize(cia_name(b)[1])
            caps = fuzz.ratio(normalize(_caps_block(a)), normalize(_caps_block(b)))
            if na == nb or (caps >= 85 and fuzz.ratio(na, nb) >= 85):
                union(a, b)
    by_office: dict[tuple[str, str], list[str]] = defaultdict(list)
    for s in sightings:
        if s.since:
            by_office[(s.role, s.since)].append(s.raw_name)
    for group in by_office.values():
        for other in group[1:]:
            union(group[0], other)
    roots = sorted({find(n) for n in names})
    return {n: roots.index(find(n)) for n in names}


@dataclass
class Run:
    """Consecutive snapshots in which one person held one office."""

    person: int
    first: int
    last: int
    sightings: list[Sighting]

    def start(self) -> str:
        dates = [s.since for s in self.sightings if s.since]
        return min(dates) if dates else self.sightings[0].first_seen


def _runs(rows: list[list[Sighting]], role: str, who: dict[str, int]) -> list[Run]:
    runs: list[Run] = []
    open_runs: dict[int, Run] = {}
    for idx, row in enumerate(rows):
        here = [s for s in row if s.role == role]
        if not here:
            continue
        present = {who[s.raw_name] for s in here}
        for pid in list(open_runs):
            if pid not in present:
                del open_runs[pid]
        for s in here:
            pid = who[s.raw_name]
            if pid not in open_runs:
                open_runs[pid] = Run(pid, idx, idx, [])
                runs.append(open_runs[pid])
            open_runs[pid].last = idx
            open_runs[pid].sightings.append(s)
    return runs


def _run_starts(runs: list[Run]) -> dict[int, str]:
    """Start of each run; a returning holder whose old "since" predates the interim
    holder's start (Prayut after Prawit's acting spell) starts when the CIA showed him back."""
    starts: dict[int, str] = {}
    prev: str | None = None
    for i, run in sorted(enumerate(runs), key=lambda x: x[1].first):
        start = run.start()
        if prev is not None and start < prev:
            start = max(run.sightings[0].first_seen, prev)
        starts[i] = start
        prev = start
    return starts


def _run_end(i: int, runs: list[Run], starts: dict[int, str]) -> str | None:
    """The successor's start; None when nobody else is ever shown in the office after."""
    run = runs[i]
    later = [j for j, r in enumerate(runs) if r.first > run.last and r.person != run.person]
    if not later:
        return None
    nxt = min(later, key=lambda j: runs[j].first)
    end = max(starts[nxt], starts[i])
    if run.sightings[0].title.endswith("Swiss Confederation"):  # one-year presidencies
        end = min(end, f"{int(starts[i][:4]) + 1}-01-01")
    return end


def _run_title(run: Run) -> str:
    """The plain title when the run has one ("Prime Minister" over "Interim Prime Minister")."""
    titles = [s.title for s in run.sightings]
    plain = [t for t in titles if t.split()[0] not in QUALIFIERS]
    pool = plain or titles
    return max(dict.fromkeys(pool), key=pool.count)


MONARCH_TITLES = {"King", "Queen", "Emperor", "Emir", "Amir", "Sultan", "Grand Duke", "Prince"}


def factbook_people(sightings: dict[str, list[list[Sighting]]]) -> list[Person]:
    """One Person per CIA-named office holder, with tenures ending at the successor's start."""
    people: list[Person] = []
    for iso3 in sorted(sightings):
        rows = sightings[iso3]
        flat = [s for row in rows for s in row]
        if not flat:
            continue
        who = _cluster(flat)
        persons: dict[int, Person] = {}
        for role in ("head_of_state", "head_of_government"):
            runs = _runs(rows, role, who)
            starts = _run_starts(runs)
            for i, run in enumerate(runs):
                person = persons.get(run.person) or _factbook_person(iso3, flat, who, run.person)
                persons[run.person] = person
                title = _run_title(run)
                person.tenures.append(
                    Tenure(iso3, role, title, starts[i], _run_end(i, runs, starts))
                )
                _monarch_aliases(person, title)
        people.extend(persons[k] for k in sorted(persons))
    return people


def _factbook_person(iso3: str, flat: list[Sighting], who: dict[str, int], pid: int) -> Person:
    mine = [s for s in flat if who[s.raw_name] == pid]
    latest = max(mine, key=lambda s: (s.row, len(s.raw_name)))
    display, full, extra = cia_name(latest.raw_name)
    aliases = {full, *extra}
    caps = normalize(_caps_block(latest.raw_name))
    for s in mine:
        if fuzz.ratio(normalize(_caps_block(s.raw_name)), caps) >= 85:
            d, f, e = cia_name(s.raw_name)
            aliases |= {d, f, *e}
    if latest.title == "Pope":
        display = f"Pope {display}"
    aliases.discard(display)
    return Person(slug(display), display, country=iso3, aliases=aliases, origin="factbook")


def _monarch_aliases(person: Person, title: str) -> None:
    """ "King Salman", "Emperor Naruhito", "Queen Elizabeth II": how news names monarchs."""
    if title not in MONARCH_TITLES:
        return
    first = person.name.split()[0]
    person.aliases.add(f"{title} {person.name}")
    if " bin " in person.name or " ibn " in person.name:
        person.aliases.add(f"{title} {first}")
