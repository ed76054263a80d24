"""Check tests/extract/english/gold.jsonl against its docs and the gold format.

Run from the repository root:  .venv/bin/python tests/extract/english/check_gold.py
Prints every problem found and a summary; exits 1 when there is a problem.

Adapted from ../multilingual/check_gold.py. What it checks
(../../../../shared/corpus/GOLD_FORMAT.md, ../../../../shared/CONTRACT.md):
- every line parses as a JSON object with the format's fields, one per document, and
  every document in docs/ has exactly one line; documents are named en-NN.txt;
- `lang` is "en", `published` is null, YYYY-MM or YYYY-MM-DD;
- every event (in `events` and `planned`) has a valid kind, a boolean `primary`, a date
  consistent with its precision (a month-precision date is the 1st), no place for calls,
  a city only with a country, one country per participant, countries that exist in
  src/parley/kb/data/countries.tsv or are body codes from src/parley/kb/data/orgs.tsv,
  a country for the place that exists in countries.tsv;
- `evidence` occurs verbatim in the document, and so does every participant's name,
  except the few people the text names only by title (RESOLVED_BY_TITLE below, the way
  the project's example 08 resolves "the Chinese foreign minister" to Qin Gang);
- `key` is the participants' slugs in alphabetical order, then the date or `unknown`
  (country codes in lower case when no person is named), and each participant maps to
  its slug through the table below, so that one person has one slug in every document;
- finally it prints counts and the keys shared by several documents (the merge pairs).
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
COUNTRIES = ROOT / "src" / "parley" / "kb" / "data" / "countries.tsv"
ORGS = ROOT / "src" / "parley" / "kb" / "data" / "orgs.tsv"
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
DOC_NAME = re.compile(r"^en-\d\d\.txt$")

# slug -> the spellings of that person the documents use (accents and case ignored).
SLUGS = {
    "abbas-araghchi": ["Abbas Araghchi"],
    "abdel-fattah-al-sisi": ["Abdel Fattah al-Sisi"],
    "ahmed-al-sharaa": ["Ahmed al-Sharaa"],
    "amir-khan-muttaqi": ["Amir Khan Muttaqi"],
    "andrii-sybiha": ["Andrii Sybiha"],
    "andriy-yermak": ["Andriy Yermak"],
    "annalena-baerbock": ["Annalena Baerbock"],
    "anthony-albanese": ["Anthony Albanese"],
    "antonio-guterres": ["Antonio Guterres", "António Guterres"],
    "anwar-ibrahim": ["Anwar Ibrahim"],
    "badr-albusaidi": ["Badr Albusaidi"],
    "benjamin-netanyahu": ["Benjamin Netanyahu"],
    "bola-tinubu": ["Bola Tinubu", "Bola Ahmed Tinubu"],
    "charles-iii": ["Charles III"],
    "cyril-ramaphosa": ["Cyril Ramaphosa"],
    "david-lammy": ["David Lammy"],
    "donald-trump": ["Donald Trump"],
    "droupadi-murmu": ["Droupadi Murmu"],
    "emmanuel-macron": ["Emmanuel Macron"],
    "faisal-bin-farhan": ["Faisal bin Farhan Al Saud", "Faisal bin Farhan"],
    "fumio-kishida": ["Fumio Kishida", "KISHIDA Fumio"],
    "gustavo-petro": ["Gustavo Petro"],
    "imran-khan": ["Imran Khan"],
    "javier-milei": ["Javier Milei"],
    "jd-vance": ["JD Vance"],
    "jean-noel-barrot": ["Jean-Noël Barrot"],
    "jens-stoltenberg": ["Jens Stoltenberg"],
    "joe-biden": ["Joe Biden"],
    "johann-wadephul": ["Johann Wadephul"],
    "keir-starmer": ["Keir Starmer"],
    "kim-jong-un": ["Kim Jong Un"],
    "mahmoud-abbas": ["Mahmoud Abbas"],
    "marco-rubio": ["Marco Rubio"],
    "mike-waltz": ["Mike Waltz"],
    "mohamed-bin-zayed": ["Mohamed bin Zayed Al Nahyan"],
    "mohammed-bin-salman": ["Mohammed bin Salman", "Mohammed bin Salman bin Abdulaziz Al Saud"],
    "narendra-modi": ["Narendra Modi"],
    "nicolas-maduro": ["Nicolas Maduro", "Nicolás Maduro"],
    "penny-wong": ["Penny Wong"],
    "recep-tayyip-erdogan": ["Recep Tayyip Erdogan", "Recep Tayyip Erdoğan", "Tayyip Erdogan"],
    "rishi-sunak": ["Rishi Sunak"],
    "rustem-umerov": ["Rustem Umerov"],
    "salman-bin-abdulaziz": ["Salman bin Abdulaziz Al Saud"],
    "scott-morrison": ["Scott Morrison"],
    "sheikh-hasina": ["Sheikh Hasina"],
    "shigeru-ishiba": ["Shigeru Ishiba"],
    "steve-witkoff": ["Steve Witkoff"],
    "subrahmanyam-jaishankar": ["Subrahmanyam Jaishankar", "S Jaishankar"],
    "sultan-ibrahim": ["Sultan Ibrahim"],
    "takeshi-iwaya": ["Takeshi Iwaya"],
    "ulf-kristersson": ["Ulf Kristersson"],
    "ursula-von-der-leyen": ["Ursula von der Leyen"],
    "vikram-misri": ["Vikram Misri"],
    "viktor-orban": ["Viktor Orbán"],
    "vladimir-putin": ["Vladimir Putin", "Vladimir Vladimirovich Putin"],
    "volodymyr-zelensky": ["Volodymyr Zelensky", "Volodymyr Zelenskiy"],
    "wang-yi": ["Wang Yi"],
    "william-ruto": ["William Ruto"],
    "xi-jinping": ["Xi Jinping"],
    "yoon-suk-yeol": ["Yoon Suk Yeol", "YOON Suk Yeol"],
}

# (document, participant) pairs where the text gives only a title ("his Saudi
# counterpart", "the French and German foreign ministers", "the King"); the office
# holder on that date is the participant. Nowhere else may a name be missing.
RESOLVED_BY_TITLE = {
    ("en-17.txt", "Faisal bin Farhan Al Saud"),
    ("en-18.txt", "Jean-Noël Barrot"),
    ("en-18.txt", "Annalena Baerbock"),
    ("en-27.txt", "Charles III"),
}


def fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c)).lower()


NAME_TO_SLUG = {fold(name): slug for slug, names in SLUGS.items() for name in names}
SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


def table_codes(path: Path) -> set[str]:
    lines = path.read_text(encoding="utf-8").splitlines()
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
    ev: dict,
    doc: str,
    text: str,
    codes: set[str],
    bodies: set[str],
    where: str,
    problems: list[str],
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
    if not countries:
        problems.append(f"{where}: no countries")
    if parts and len(parts) != len(countries):
        problems.append(f"{where}: {len(parts)} participants but {len(countries)} countries")
    if len(parts) == 1:
        problems.append(f"{where}: an engagement needs two participants (or none, with countries)")
    if not parts and len(set(countries)) < 2:
        problems.append(f"{where}: a countries-only engagement needs two countries")
    for code in countries:
        if code not in codes and code not in bodies:
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
        if fold(name) not in fold(text) and (doc, name) not in RESOLVED_BY_TITLE:
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
    codes = table_codes(COUNTRIES)
    bodies = table_codes(ORGS)
    docs_dir = HERE / "docs"
    on_disk = {p.name for p in docs_dir.iterdir() if p.is_file()}
    for name in sorted(on_disk):
        if not DOC_NAME.match(name):
            problems.append(f"docs/{name}: not named en-NN.txt")
    seen: set[str] = set()
    keys: dict[str, list[str]] = defaultdict(list)
    c: Counter[str] = Counter()
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
        if gold["lang"] != "en":
            problems.append(f"{where}: lang {gold['lang']!r}, expected 'en'")
        published = gold["published"]
        if published is not None and not re.fullmatch(r"\d{4}-\d{2}(-\d{2})?", published):
            problems.append(f"{where}: published {published!r}")
        if not gold["notes"]:
            problems.append(f"{where}: no notes")
        c["docs"] += 1
        for field in ("events", "planned"):
            for i, ev in enumerate(gold[field]):
                key = check_event(ev, name, text, codes, bodies, f"{where} {field}[{i}]", problems)
                if key and field == "events":
                    keys[key].append(name)
        events = gold["events"]
        c["events"] += len(events)
        c["primary"] += sum(1 for ev in events if ev.get("primary"))
        c["calls"] += sum(1 for ev in events if ev.get("kind") == "call")
        c["multilateral"] += sum(1 for ev in events if len(ev.get("participants", [])) >= 3)
        c["countries only"] += sum(1 for ev in events if not ev.get("participants"))
        c["undated"] += sum(1 for ev in events if ev.get("date") is None)
        c["month or year precision"] += sum(
            1 for ev in events if ev.get("date_precision") in {"month", "year"}
        )
        c["with occasion"] += sum(1 for ev in events if ev.get("occasion"))
        c["planned"] += len(gold["planned"])
        c["no event"] += not events
        c["no publication date"] += published is None
    for name in sorted(on_disk - seen):
        problems.append(f"docs/{name}: no gold line")

    for problem in problems:
        print("PROBLEM", problem)
    print(f"{len(seen)} documents, {len(problems)} problems")
    print(
        f"  events: {c['events']} ({c['primary']} primary), {c['calls']} calls, "
        f"{c['multilateral']} with 3+ participants, {c['countries only']} countries only, "
        f"{c['undated']} undated, {c['month or year precision']} month/year precision, "
        f"{c['with occasion']} with an occasion"
    )
    print(
        f"  planned: {c['planned']}; documents with no event: {c['no event']}; "
        f"without a publication date: {c['no publication date']}"
    )
    shared = {k: v for k, v in keys.items() if len(set(v)) > 1}
    print("keys shared by several documents:")
    for key, names in sorted(shared.items()):
        print(f"  {key}: {', '.join(names)}")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
