"""Realistic synthetic wire copy with its gold, for scale tests and benchmarks.

Real archives are dominated by a few patterns the benchmarks must reproduce: one meeting
reported by several outlets in different words, the same wire story republished with
other boilerplate, dates given by weekday relative to a dateline, and page furniture
around every article. The actors are real office holders taken from the knowledge base
on the day of each engagement, so extraction exercises its real lexicon.
"""

from __future__ import annotations

import calendar
import datetime as dt
import json
import random
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

#: Countries whose office holders the generator draws from, with the office that
#: represents them at summits (head of government where that is who travels).
LEADER_ROLE = {
    "CHN": "head_of_state",
    "RUS": "head_of_state",
    "USA": "head_of_state",
    "FRA": "head_of_state",
    "BRA": "head_of_state",
    "IDN": "head_of_state",
    "TUR": "head_of_state",
    "ZAF": "head_of_state",
    "MEX": "head_of_state",
    "ARG": "head_of_state",
    "KOR": "head_of_state",
    "EGY": "head_of_state",
    "GBR": "head_of_government",
    "JPN": "head_of_government",
    "IND": "head_of_government",
    "DEU": "head_of_government",
    "CAN": "head_of_government",
    "AUS": "head_of_government",
    "ITA": "head_of_government",
    "SAU": "head_of_government",
}
OUTLETS = ["Xinhua", "TASS", "Reuters", "AFP", "Anadolu", "PTI", "Kyodo", "Yonhap", "AP"]
MONTH_ABBR = [
    "",
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]


@dataclass
class SynthDoc:
    """One generated article: file name, raw text and its gold line."""

    name: str
    text: str
    gold: dict[str, Any]


@dataclass
class _Side:
    full: str
    title: str
    adj: str
    country_name: str
    code: str
    key: str

    @property
    def surname(self) -> str:
        return self.full.split()[-1]


@dataclass
class _Engagement:
    kind: str
    date: dt.date
    a: _Side
    b: _Side
    city: str
    city_country: str
    reports: list[str] = field(default_factory=list)

    @property
    def key(self) -> str:
        return "|".join(sorted((self.a.key, self.b.key))) + "|" + self.date.isoformat()


@cache
def _templates() -> dict[str, Any]:
    path = resources.files("parley.synth").joinpath("templates.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


class Generator:
    """Deterministic for a given seed, so benchmark runs are comparable."""

    def __init__(
        self, seed: int = 0, start: dt.date = dt.date(2019, 1, 1), days: int = 6 * 365
    ) -> None:
        """``start`` and ``days`` set the period the engagements fall in: a benchmark that
        grows the corpus should grow the period too, or it grows the news density."""
        from parley.kb.countries import Countries
        from parley.kb.people import PeopleKB
        from parley.kb.places import Gazetteer

        self.rng = random.Random(seed)
        self.start, self.days = start, max(1, days)
        self.people = PeopleKB.default()
        self.countries = Countries.default()
        self.places = Gazetteer.default()
        self.t = _templates()
        self._serial = 0

    def _side(self, code: str, day: dt.date, leaders: bool) -> _Side | None:
        role = LEADER_ROLE[code] if leaders else "foreign_minister"
        actor = self.people.holder(code, role, day.isoformat())
        country = self.countries.get(code)
        if actor is None or country is None or not country.adjectives:
            return None
        tenure = actor.tenure_on(day.isoformat())
        title = tenure.title if tenure else ("Foreign Minister" if not leaders else "President")
        return _Side(actor.name, title, country.adjectives[0], country.name, code, actor.key)

    def _engagement(self) -> _Engagement:
        while True:
            day = self.start + dt.timedelta(days=self.rng.randrange(0, self.days))
            ca, cb = self.rng.sample(sorted(LEADER_ROLE), 2)
            leaders = self.rng.random() < 0.4
            a, b = self._side(ca, day, leaders), self._side(cb, day, leaders)
            if a is None or b is None or a.key == b.key:
                continue
            capital = self.places.capital(ca)
            if capital is None:
                continue
            kind = "call" if self.rng.random() < 0.2 else "meeting"
            return _Engagement(kind, day, a, b, capital.name, ca)

    def _when(self, ev: _Engagement, dateline_day: dt.date) -> str:
        if dateline_day != ev.date and self.rng.random() < 0.6:
            return "on " + calendar.day_name[ev.date.weekday()]
        return f"on {calendar.month_name[ev.date.month]} {ev.date.day}"

    def _slots(self, ev: _Engagement, when: str, outlet: str) -> dict[str, str]:
        return {
            "a_full": ev.a.full,
            "a_title": ev.a.title,
            "a_adj": ev.a.adj,
            "a_sur": ev.a.surname,
            "a_country": ev.a.country_name,
            "b_full": ev.b.full,
            "b_title": ev.b.title,
            "b_adj": ev.b.adj,
            "b_sur": ev.b.surname,
            "b_country": ev.b.country_name,
            "city": ev.city,
            "when": when,
            "outlet": outlet,
            "topic": self.rng.choice(self.t["topics"]["names"]),
        }

    def _story(self, ev: _Engagement, outlet: str) -> tuple[str, dt.date, str]:
        """Headline, dateline day and body of one outlet's report."""
        dateline_day = ev.date + dt.timedelta(days=self.rng.choice([0, 0, 1]))
        slots = self._slots(ev, self._when(ev, dateline_day), outlet)
        lead = self.rng.choice(self.t[ev.kind]["leads"]).format(**slots)
        body = self.rng.sample(self.t["body"]["sentences"], 3)
        where = ev.city.upper() if ev.kind == "meeting" else self.places.capital(ev.b.code)
        where_name = where if isinstance(where, str) else (where.name.upper() if where else "")
        month = MONTH_ABBR[dateline_day.month]
        dateline = f"{where_name}, {month} {dateline_day.day} ({outlet}) -- "
        who = "ministers" if "Minister" in ev.a.title else "leaders"
        what = "talks" if ev.kind == "meeting" else "phone call"
        head = f"{ev.a.adj} and {ev.b.adj} {who} hold {what}"
        paras = [dateline + lead] + [s.format(**slots) for s in body]
        return head, dateline_day, "\n\n".join(paras)

    def _dress(self, head: str, body: str, outlet: str, day: dt.date) -> str:
        """Page furniture around a story, as a scraper leaves it."""
        n = self.rng.randrange(1000, 99999)
        fmt = {"year": str(day.year), "outlet": outlet, "n": str(n)}
        noise = self.t["noise"]
        published = self.rng.choice(
            [
                f"date {day.isoformat()}",
                f"{day.isoformat()} {self.rng.randrange(7, 22):02d}:{self.rng.randrange(60):02d}",
                f"Source: {outlet} | {day.isoformat()}",
            ]
        )
        lines = [
            self.rng.choice(noise["menus"]),
            head,
            published,
            self.rng.choice(noise["images"]).format(**fmt),
            body,
            self.rng.choice(noise["editors"]),
            self.rng.choice(noise["shares"]),
            self.rng.choice(noise["footers"]).format(**fmt),
            str(n % 97),
        ]
        return "\n\n".join(lines) + "\n"

    def _gold(self, name: str, ev: _Engagement, published: dt.date) -> dict[str, Any]:
        event = {
            "kind": ev.kind,
            "primary": True,
            "participants": [ev.a.full, ev.b.full],
            "countries": [ev.a.code, ev.b.code],
            "date": ev.date.isoformat(),
            "date_precision": "day",
            "city": ev.city if ev.kind == "meeting" else None,
            "country": ev.city_country if ev.kind == "meeting" else None,
            "occasion": None,
            "key": ev.key,
        }
        return {
            "doc": name,
            "url": None,
            "lang": "en",
            "published": published.isoformat(),
            "events": [event],
            "planned": [],
            "notes": "synthetic",
        }

    def documents(self, n: int) -> Iterator[SynthDoc]:
        """``n`` articles: each engagement told by 1–4 outlets, some as wire reprints."""
        made = 0
        while made < n:
            ev = self._engagement()
            outlets = self.rng.sample(OUTLETS, self.rng.choice([1, 1, 2, 3, 4]))
            story: tuple[str, dt.date, str] | None = None
            for outlet in outlets:
                if made >= n:
                    return
                if story is None or self.rng.random() < 0.5:
                    story = self._story(ev, outlet)  # an independent report
                head, day, body = story  # else: the same wire story, other furniture
                self._serial += 1
                name = f"s{self._serial:07d}.txt"
                yield SynthDoc(
                    name, self._dress(head, body, outlet, day), self._gold(name, ev, day)
                )
                made += 1


def write_corpus(n: int, out: Path, seed: int = 0) -> int:
    """Write ``out/docs/*.txt`` and ``out/gold.jsonl`` in the gold corpus layout."""
    docs_dir = out / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    count = 0
    with (out / "gold.jsonl").open("w", encoding="utf-8") as gold:
        for d in Generator(seed).documents(n):
            (docs_dir / d.name).write_text(d.text, encoding="utf-8")
            gold.write(json.dumps(d.gold, ensure_ascii=False) + "\n")
            count += 1
    return count


def write_with_copies(root: Path, n: int, seed: int = 0) -> list[str]:
    """``n`` documents in ``root``: generated articles, of which about a quarter come again
    as copies (the same body with another publication date and outlet line) and a fifth as
    near-duplicates (a word added); the paths written, in generation order.

    What an archive of several crawls holds: the order-independence check ingests these
    in several orders and expects one database."""
    rng = random.Random(seed)
    paths: list[str] = []
    for d in Generator(seed=seed, start=dt.date(2023, 1, 1), days=max(40, n // 6)).documents(n):
        if len(paths) >= n:
            break
        day = d.gold["published"]
        (root / d.name).write_text(d.text, encoding="utf-8")
        paths.append(str(root / d.name))
        r = rng.random()
        for k in range(rng.choice([1, 2, 3]) if r < 0.45 else 0):
            if len(paths) >= n:
                break
            shift = dt.timedelta(days=rng.choice([-2, -1, 1, 2]))
            text = d.text.replace(day, (dt.date.fromisoformat(day) + shift).isoformat())
            if r < 0.25:  # the same body: a copy
                text = text.replace("Source: ", f"Source: Mirror{k} ")
            else:  # one word more: a near-duplicate
                words = text.split(" ")
                i = rng.randrange(len(words) // 2, len(words))
                words[i] += " indeed"
                text = " ".join(words)
            name = root / f"{d.name[:-4]}-{k}.txt"
            name.write_text(text, encoding="utf-8")
            paths.append(str(name))
    return paths
