"""Check tests/extract/multilingual/gold.jsonl against its docs and the gold format.

Run from the repository root:  .venv/bin/python tests/extract/multilingual/check_gold.py
Prints every problem found and a summary; exits 1 when there is a problem.

What it checks (../../../../shared/corpus/GOLD_FORMAT.md, ../../../../shared/CONTRACT.md):
- every line parses as a JSON object with the format's fields, one per document, and
  every document in docs/ has exactly one line;
- `lang` matches the file-name prefix, `published` is null, YYYY-MM or YYYY-MM-DD;
- every event (in `events` and `planned`) has a valid kind, a date consistent with its
  precision (a month-precision date is the 1st), no place for calls, one country per
  participant, countries that exist in src/parley/kb/data/countries.tsv (or EU, UN,
  NATO, ASEAN, AU), a country for the place that exists too;
- `evidence` occurs verbatim in the document, and so does every participant's name;
- `key` is the participants' slugs in alphabetical order, then the date or `unknown`,
  and each participant maps to its slug through the table below (so that one person
  has one slug in every document, whatever the spelling);
- finally it lists the keys shared by several documents (the cross-language pairs).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
COUNTRIES = ROOT / "src" / "parley" / "kb" / "data" / "countries.tsv"
BODIES = {"EU", "UN", "NATO", "ASEAN", "AU"}
LANGS = {"fr", "es", "pt", "de", "it", "id", "en"}
FIELDS = {"doc", "lang", "published", "events", "planned", "notes", "url"}
EVENT_FIELDS = {
    "kind",
    "primary",
    "participants",
    "countries",
    "date",
    "date_precision",
    "city",
    "country",
    "occasion",
    "key",
    "evidence",
}

# slug -> the spellings of that person the documents use (accents and case ignored).
SLUGS = {
    "alberto-fernandez": ["Alberto Fernández"],
    "andres-manuel-lopez-obrador": ["Andrés Manuel López Obrador"],
    "antonio-guterres": ["António Guterres"],
    "charles-iii": ["Charles III"],
    "claudia-sheinbaum": ["Claudia Sheinbaum", "Claudia Sheinbaum Pardo"],
    "donald-trump": ["Donald Trump"],
    "emmanuel-macron": ["Emmanuel Macron"],
    "frank-walter-steinmeier": ["Frank-Walter Steinmeier"],
    "friedrich-merz": ["Friedrich Merz"],
    "gabriel-boric": ["Gabriel Boric"],
    "giorgia-meloni": ["Giorgia Meloni"],
    "giuseppe-conte": ["Giuseppe Conte"],
    "joe-biden": ["Joe Biden"],
    "joko-widodo": ["Joko Widodo"],
    "justin-trudeau": ["Justin Trudeau"],
    "li-qiang": ["Li Qiang"],
    "luiz-inacio-lula-da-silva": ["Luiz Inácio Lula da Silva"],
    "mario-draghi": ["Mario Draghi"],
    "mark-carney": ["Mark Carney"],
    "narendra-modi": ["Narendra Modi"],
    "olaf-scholz": ["Olaf Scholz"],
    "pedro-sanchez": ["Pedro Sánchez"],
    "prabowo-subianto": ["Prabowo Subianto"],
    "sergio-mattarella": ["Sergio Mattarella"],
    "to-lam": ["Tô Lâm"],
    "vladimir-putin": ["Vladimir Putin", "Vladimir Poutine", "Wladimir Putin"],
    "volodymyr-zelensky": [
        "Volodymyr Zelensky",
        "Volodymyr Zelenskyy",
        "Volodímir Zelenski",
        "Wolodymyr Selenskyj",
    ],
    "xi-jinping": ["Xi Jinping"],
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


NAME_TO_SLUG = {fold(name): slug for slug, names in SLUGS.items() for name in names}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def alpha3() -> set[str]:
    lines = COUNTRIES.read_text(encoding="utf-8").splitlines()
    return {line.split("\t", 1)[0] for line in lines[1:] if line.strip()}


def check_date(value: str | None, precision: str | None, where: str, problems: list[str]) -> None:
    if value is None:
        if precision is not None:
            problems.append(f"{where}: date null but date_precision {precision!r}")
        return
    if precision not in {"day", "month", "year"}:
        problems.append(f"{where}: date {value} with date_precision {precision!r}")
        return
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        problems.append(f"{where}: date {value!r} is not YYYY-MM-DD")
        return
    if precision == "month" and parsed.day != 1:
        problems.append(f"{where}: month-precision date {value} is not the 1st")
    if precision == "year" and (parsed.month, parsed.day) != (1, 1):
        problems.append(f"{where}: year-precision date {value} is not 1 January")
    if not date(2019, 1, 1) <= parsed <= date(2025, 12, 31):
        problems.append(f"{where}: date {value} outside 2019-2025")


def check_event(
    ev: dict, text: str, codes: set[str], where: str, problems: list[str]
) -> str | None:
    missing = EVENT_FIELDS - ev.keys()
    extra = ev.keys() - EVENT_FIELDS
    if missing or extra:
        problems.append(f"{where}: missing fields {sorted(missing)}, unexpected {sorted(extra)}")
        return None
    if ev["kind"] not in {"meeting", "call"}:
        problems.append(f"{where}: kind {ev['kind']!r}")
    if not isinstance(ev["primary"], bool):
        problems.append(f"{where}: primary is not a boolean")
    parts, countries = ev["participants"], ev["countries"]
    if parts and len(parts) != len(countries):
        problems.append(f"{where}: {len(parts)} participants but {len(countries)} countries")
    for code in countries:
        if code not in codes and code not in BODIES:
            problems.append(f"{where}: country {code!r} is neither alpha-3 nor a body code")
    if ev["country"] is not None and ev["country"] not in codes:
        problems.append(f"{where}: place country {ev['country']!r} is not an alpha-3 code")
    if ev["kind"] == "call" and (ev["city"] or ev["country"]):
        problems.append(f"{where}: a call has a place")
    if ev["city"] and not ev["country"]:
        problems.append(f"{where}: city without country")
    check_date(ev["date"], ev["date_precision"], where, problems)
    if not ev["evidence"] or ev["evidence"] not in text:
        problems.append(f"{where}: evidence not found verbatim: {ev['evidence']!r}")
    for name in parts:
        if fold(name) not in fold(text):
            problems.append(f"{where}: participant {name!r} is not written so in the document")
    # key
    if parts:
        slugs = []
        for name in parts:
            slug = NAME_TO_SLUG.get(fold(name))
            if slug is None:
                problems.append(f"{where}: no slug known for participant {name!r}")
                return None
            slugs.append(slug)
        if len(set(slugs)) != len(slugs):
            problems.append(f"{where}: a participant is listed twice")
    else:
        slugs = [c.lower() for c in countries]
    for slug in slugs:
        if not SLUG_RE.match(slug):
            problems.append(f"{where}: bad slug {slug!r}")
    expected = "|".join([*sorted(slugs), ev["date"] or "unknown"])
    if ev["key"] != expected:
        problems.append(f"{where}: key {ev['key']!r}, expected {expected!r}")
    return ev["key"]


def main() -> int:
    problems: list[str] = []
    codes = alpha3()
    docs_dir = HERE / "docs"
    on_disk = {p.name for p in docs_dir.glob("*.txt")}
    seen: set[str] = set()
    keys: dict[str, list[str]] = defaultdict(list)
    counts = defaultdict(
        lambda: {"docs": 0, "events": 0, "primary": 0, "planned": 0, "negative": 0}
    )
    lines = (HERE / "gold.jsonl").read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, 1):
        where = f"gold.jsonl:{number}"
        if not line.strip():
            continue
        try:
            gold = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{where}: does not parse ({exc})")
            continue
        if not isinstance(gold, dict) or set(gold) != FIELDS:
            problems.append(f"{where}: fields {sorted(gold) if isinstance(gold, dict) else gold!r}")
            continue
        name = gold["doc"]
        where = f"{where} ({name})"
        if name in seen:
            problems.append(f"{where}: document annotated twice")
        seen.add(name)
        path = docs_dir / name
        if not path.is_file():
            problems.append(f"{where}: docs/{name} does not exist")
            continue
        text = path.read_text(encoding="utf-8")
        prefix = name.split("-", 1)[0]
        if gold["lang"] not in LANGS or gold["lang"] != prefix:
            problems.append(f"{where}: lang {gold['lang']!r} but file prefix {prefix!r}")
        published = gold["published"]
        if published is not None and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", published):
            problems.append(f"{where}: published {published!r}")
        c = counts[gold["lang"]]
        c["docs"] += 1
        for field in ("events", "planned"):
            for i, ev in enumerate(gold[field]):
                key = check_event(ev, text, codes, f"{where} {field}[{i}]", problems)
                if key and field == "events":
                    keys[key].append(name)
        c["events"] += len(gold["events"])
        c["primary"] += sum(1 for ev in gold["events"] if ev.get("primary"))
        c["planned"] += len(gold["planned"])
        c["negative"] += not gold["events"]
    for name in sorted(on_disk - seen):
        problems.append(f"docs/{name}: no gold line")

    for problem in problems:
        print("PROBLEM", problem)
    print(f"{len(seen)} documents, {len(problems)} problems")
    for lang in sorted(counts):
        c = counts[lang]
        print(
            f"  {lang}: {c['docs']} docs, {c['events']} events ({c['primary']} primary), "
            f"{c['planned']} planned, {c['negative']} with no event"
        )
    shared = {k: v for k, v in keys.items() if len(set(v)) > 1}
    print("keys shared by several documents:")
    for key, names in sorted(shared.items()):
        print(f"  {key}: {', '.join(names)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
