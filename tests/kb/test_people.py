"""The people table: who held which office when, and names resolving to one actor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from tools.kb_build.factbook import parse_executive
from tools.kb_build.variants import name_variants

from parley.kb.people import (
    PEOPLE_TSV,
    ROLES,
    SURNAME_FIRST,
    PeopleKB,
    normalize,
    parse_tenures,
    surname_forms,
)
from parley.text import slug

ROOT = Path(__file__).resolve().parents[2]
GOLD_FILES = [
    ROOT.parent / "shared" / "corpus" / "dev" / "gold.jsonl",
    ROOT.parent / "shared" / "corpus" / "seeds" / "gold.jsonl",
]

G20 = "ARG AUS BRA CAN CHN FRA DEU IND IDN ITA JPN KOR MEX RUS SAU ZAF TUR GBR USA".split()  # noqa: SIM905
CORE_ROLES = ("head_of_state", "head_of_government", "foreign_minister")
# 1 July of every year since 2000, plus a day of the current term.
COVERAGE_DAYS = [f"{y}-07-01" for y in range(2000, 2026)] + ["2026-01-10"]


@pytest.fixture(scope="module")
def kb() -> PeopleKB:
    return PeopleKB.default()


def key_on(kb: PeopleKB, country: str, role: str, day: str) -> str | None:
    actor = kb.holder(country, role, day)
    return actor.key if actor else None


# --- holders on a date -------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "role", "day", "key"),
    [
        ("CHN", "foreign_minister", "2023-05-10", "qin-gang"),
        ("CHN", "foreign_minister", "2023-09-20", "wang-yi"),
        ("CHN", "foreign_minister", "2022-06-01", "wang-yi"),
        ("USA", "foreign_minister", "2024-06-01", "antony-blinken"),
        ("USA", "foreign_minister", "2025-03-01", "marco-rubio"),
        ("USA", "head_of_state", "2025-03-01", "donald-trump"),
        ("USA", "head_of_state", "2022-03-01", "joe-biden"),
        ("GBR", "foreign_minister", "2023-01-10", "james-cleverly"),
        ("GBR", "foreign_minister", "2024-01-10", "david-cameron"),
        ("GBR", "foreign_minister", "2025-01-10", "david-lammy"),
        ("GBR", "foreign_minister", "2025-10-10", "yvette-cooper"),
        ("GBR", "head_of_government", "2022-10-01", "liz-truss"),
        ("GBR", "head_of_government", "2023-06-01", "rishi-sunak"),
        ("GBR", "head_of_government", "2025-01-01", "keir-starmer"),
        ("FRA", "foreign_minister", "2023-06-01", "catherine-colonna"),
        ("FRA", "foreign_minister", "2024-05-01", "stephane-sejourne"),
        ("FRA", "foreign_minister", "2025-02-01", "jean-noel-barrot"),
        ("DEU", "foreign_minister", "2023-04-15", "annalena-baerbock"),
        ("DEU", "foreign_minister", "2025-06-01", "johann-wadephul"),
        ("JPN", "foreign_minister", "2024-01-15", "yoko-kamikawa"),
        ("JPN", "foreign_minister", "2025-01-15", "takeshi-iwaya"),
        ("JPN", "foreign_minister", "2025-11-15", "toshimitsu-motegi"),
        ("JPN", "head_of_government", "2024-11-15", "shigeru-ishiba"),
        ("JPN", "head_of_government", "2025-11-15", "sanae-takaichi"),
        ("CAN", "foreign_minister", "2024-01-01", "melanie-joly"),
        ("CAN", "foreign_minister", "2025-06-01", "anita-anand"),
        ("IND", "foreign_minister", "2022-11-08", "subrahmanyam-jaishankar"),
        ("AUS", "foreign_minister", "2023-01-01", "penny-wong"),
        ("TUR", "foreign_minister", "2023-03-01", "mevlut-cavusoglu"),
        ("TUR", "foreign_minister", "2024-03-01", "hakan-fidan"),
        ("KOR", "foreign_minister", "2023-03-01", "park-jin"),
        ("KOR", "foreign_minister", "2024-06-01", "cho-tae-yul"),
        ("KOR", "foreign_minister", "2025-09-01", "cho-hyun"),
        ("BRA", "foreign_minister", "2023-06-01", "mauro-vieira"),
        ("ARG", "foreign_minister", "2024-03-01", "diana-mondino"),
        ("IDN", "foreign_minister", "2024-03-01", "retno-marsudi"),
        ("IDN", "foreign_minister", "2025-03-01", "sugiono"),
        ("ZAF", "foreign_minister", "2024-12-03", "ronald-lamola"),
        ("SAU", "foreign_minister", "2025-02-18", "faisal-bin-farhan-al-saud"),
        ("ITA", "foreign_minister", "2023-06-01", "antonio-tajani"),
        ("RUS", "foreign_minister", "2025-09-26", "sergei-lavrov"),
        ("RUS", "head_of_state", "2010-01-01", "dmitry-medvedev"),
        ("EU", "high_representative", "2023-08-06", "josep-borrell"),
        ("EU", "high_representative", "2025-03-01", "kaja-kallas"),
        ("UN", "secretary_general", "2024-01-01", "antonio-guterres"),
    ],
)
def test_holder_on_date(kb: PeopleKB, country: str, role: str, day: str, key: str) -> None:
    assert key_on(kb, country, role, day) == key


def test_handover_day_goes_to_the_newcomer(kb: PeopleKB) -> None:
    assert key_on(kb, "CHN", "foreign_minister", "2023-07-25") == "wang-yi"
    assert key_on(kb, "CHN", "foreign_minister", "2022-12-30") == "qin-gang"


def test_no_holder_before_records_or_for_unknown_role(kb: PeopleKB) -> None:
    assert kb.holder("USA", "no_such_role", "2020-01-01") is None
    assert kb.holder("XXX", "head_of_state", "2020-01-01") is None


@pytest.mark.parametrize("country", [*G20])
@pytest.mark.parametrize("role", CORE_ROLES)
def test_g20_core_offices_covered_since_2000(kb: PeopleKB, country: str, role: str) -> None:
    missing = [d for d in COVERAGE_DAYS if kb.holder(country, role, d) is None]
    assert not missing, f"{country} {role}: nobody on {missing}"


@pytest.mark.parametrize("role", ["commission_president", "high_representative"])
def test_eu_offices_covered_since_2000(kb: PeopleKB, role: str) -> None:
    missing = [d for d in COVERAGE_DAYS if kb.holder("EU", role, d) is None]
    assert not missing


def test_no_overlapping_holders_of_core_offices(kb: PeopleKB) -> None:
    """Two people in one single-holder office on one day is a curation error.

    A hand-over day is shared (one ends and the other starts on it); more is not.
    """
    for country in [*G20]:
        for role in CORE_ROLES:
            for day in COVERAGE_DAYS:
                holders = {
                    a.key
                    for a in kb
                    for t in a.tenures
                    if t.country == country
                    and t.role == role
                    and t.covers(day)
                    and t.start != day
                    and t.end != day
                }
                assert len(holders) <= 1, (country, role, day, holders)


# --- names -------------------------------------------------------------------------


def keys(actors: list) -> list[str]:
    return [a.key for a in actors]


def test_lavrov_spellings_agree(kb: PeopleKB) -> None:
    assert keys(kb.find("Sergey Lavrov")) == keys(kb.find("Sergei Lavrov")) == ["sergei-lavrov"]
    assert kb.find("Сергей Лавров")[0].key == "sergei-lavrov"
    assert kb.find("Serguéi Lavrov")[0].key == "sergei-lavrov"
    assert kb.find("Lavrov")[0].key == "sergei-lavrov"


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("S. Jaishankar", "subrahmanyam-jaishankar"),
        ("S Jaishankar", "subrahmanyam-jaishankar"),
        ("Subrahmanyam Jaishankar", "subrahmanyam-jaishankar"),
        ("Dr S Jaishankar", "subrahmanyam-jaishankar"),
        ("Recep Tayyip Erdogan", "recep-tayyip-erdogan"),
        ("Erdoğan", "recep-tayyip-erdogan"),
        ("Abdel Fattah el-Sisi", "abdel-fattah-el-sisi"),
        ("Abdel Fattah al-Sisi", "abdel-fattah-el-sisi"),
        ("Sisi", "abdel-fattah-el-sisi"),
        ("Mohammed bin Salman", "mohammed-bin-salman"),
        ("MBS", "mohammed-bin-salman"),
        ("Mohamed bin Zayed", "mohamed-bin-zayed"),
        ("Mohammed bin Zayed Al Nahyan", "mohamed-bin-zayed"),
        ("MBZ", "mohamed-bin-zayed"),
        ("Xi Jinping", "xi-jinping"),
        ("Li Qiang", "li-qiang"),
        ("Narendra Modi", "narendra-modi"),
        ("Volodymyr Zelenskyy", "volodymyr-zelensky"),
        ("Zelensky", "volodymyr-zelensky"),
        ("Lula", "luiz-inacio-lula-da-silva"),
        ("Anthony Blinken", "antony-blinken"),
        ("von der Leyen", "ursula-von-der-leyen"),
        ("王毅", "wang-yi"),
    ],
)
def test_name_variants_resolve(kb: PeopleKB, name: str, key: str) -> None:
    found = kb.find(name)
    assert found, name
    assert found[0].key == key


def test_east_asian_surname_comes_first(kb: PeopleKB) -> None:
    assert "wang-yi" in keys(kb.by_surname("Wang"))
    assert keys(kb.by_surname("Xi"))[0] == "xi-jinping"
    assert "wang" in surname_forms("Wang Yi", "CHN")
    assert "yi" in surname_forms("Wang Yi", "CHN")
    assert "wang" not in surname_forms("Wang Yi", "USA")


@pytest.mark.parametrize(
    ("surname", "on", "key"),
    [
        ("Jokowi", "2022-07-01", "joko-widodo"),
        ("Lula", "2023-05-01", "luiz-inacio-lula-da-silva"),
        ("Prabowo", "2025-01-01", "prabowo-subianto"),
        ("Anwar", "2024-01-01", "anwar-ibrahim"),
        ("Anutin", "2025-10-01", "anutin-charnvirakul"),
        ("AMLO", "2020-01-01", "andres-manuel-lopez-obrador"),
        ("Sugiono", "2025-02-01", "sugiono"),
        ("王毅", "2024-01-01", "wang-yi"),
    ],
)
def test_one_word_names_are_surnames(kb: PeopleKB, surname: str, on: str, key: str) -> None:
    """A curated one-word name ("President Jokowi") finds its person; generated one-word
    names of the Factbook (words such as "Verge") do not."""
    found = kb.by_surname(surname, on=on)
    assert found and found[0].key == key
    assert kb.by_surname("Verge") == [] and kb.by_surname("Artano") == []


def test_family_name_first_is_one_list() -> None:
    """The KB and the mention finder use the same states ("Prabowo", not "Subianto", alone)."""
    from parley.extract.mentions import _family_first

    assert _family_first() == SURNAME_FIRST
    assert {"CHN", "KOR", "IDN", "MYS", "THA"} <= SURNAME_FIRST
    assert "VNM" not in SURNAME_FIRST and "HUN" not in SURNAME_FIRST
    assert "prabowo" in surname_forms("Prabowo Subianto", "IDN")
    assert "viktor" not in surname_forms("Viktor Orbán", "HUN")


def test_russian_and_chinese_spellings(kb: PeopleKB) -> None:
    for name, key in [
        ("Сергей Лавров", "sergei-lavrov"),
        ("Си Цзиньпин", "xi-jinping"),
        ("Мухаммед бин Салман", "mohammed-bin-salman"),
        ("Ким Чен Ын", "kim-jong-un"),
        ("金正恩", "kim-jong-un"),
        ("苏杰生", "subrahmanyam-jaishankar"),
        ("约翰·克里", "john-kerry"),
        ("欧尔班", "viktor-orban"),
    ]:
        found = kb.find(name)
        assert found and found[0].key == key, name
    # "克里" alone is inside 克里姆林宫 (the Kremlin) and 克里米亚 (Crimea)
    assert ("克里", "john-kerry") not in set(kb.aliases())


def test_namesakes_rank_by_date(kb: PeopleKB) -> None:
    """ "Wang" in 2023 is the foreign minister, not a long-retired Wang."""
    found = kb.by_surname("Wang", on="2023-09-20", country="CHN")
    assert found[0].key == "wang-yi"


def test_find_prefers_the_office_holder_on_the_date(kb: PeopleKB) -> None:
    trump = kb.find("Trump", on="2025-03-01")[0]
    assert trump.key == "donald-trump"
    tenure = trump.tenure_on("2025-03-01")
    assert tenure is not None and tenure.role == "head_of_state"


def test_aliases_cover_every_actor(kb: PeopleKB) -> None:
    pairs = list(kb.aliases())
    assert ("Sergey Lavrov", "sergei-lavrov") in pairs
    assert {k for _, k in pairs} == {a.key for a in kb}


def test_get(kb: PeopleKB) -> None:
    lavrov = kb.get("sergei-lavrov")
    assert lavrov is not None and lavrov.country == "RUS" and lavrov.id == "Q58217"
    assert kb.get("nobody-at-all") is None


# --- titles ------------------------------------------------------------------------


def test_titles(kb: PeopleKB) -> None:
    entries = {(t.phrase, t.country_only): t for t in kb.titles()}
    assert entries[("foreign minister", None)].role == "foreign_minister"
    assert entries[("foreign minister", None)].title == "Foreign Minister"
    assert entries[("secretary of state", "USA")].role == "foreign_minister"
    assert entries[("external affairs minister", "IND")].role == "foreign_minister"
    assert entries[("prime minister", None)].role == "head_of_government"
    assert entries[("president", None)].role == "head_of_state"
    assert entries[("state councilor", "CHN")].role == "state_councilor"
    assert all(t.role in ROLES for t in kb.titles())
    assert all(t.phrase == t.phrase.lower().strip() for t in kb.titles())


def test_title_sense_depends_on_country(kb: PeopleKB) -> None:
    assert kb.title_sense("Foreign Secretary", "GBR").role == "foreign_minister"
    assert kb.title_sense("Foreign Secretary", "IND").role == "official"


def test_title_roles_have_holders(kb: PeopleKB) -> None:
    """A title phrase resolved through holder() must name a role the table uses."""
    used = {t.role for a in kb for t in a.tenures}
    for role in (
        "foreign_minister",
        "head_of_state",
        "head_of_government",
        "vice_president",
        "state_councilor",
        "national_security_adviser",
        "defence_minister",
        "secretary_general",
        "high_representative",
        "crown_prince",
    ):
        assert role in used, role


# --- file format and helpers -------------------------------------------------------


def test_table_is_well_formed() -> None:
    lines = PEOPLE_TSV.read_text("utf-8").splitlines()
    assert lines[0].split("\t") == [
        "key", "name", "qid", "country", "aliases", "tenures", "short_names",
    ]  # fmt: skip
    seen = set()
    for line in lines[1:]:
        key, name, qid, country, aliases, tenures, short = line.split("\t")
        names = {normalize(n) for n in (name, *aliases.split("|"))}
        assert all(normalize(s) in names for s in short.split("|") if s), key
        assert key not in seen
        seen.add(key)
        assert key == slug(key) and name and country
        assert not qid or qid.startswith("Q")
        for t in parse_tenures(tenures):
            assert t.role in ROLES
            assert t.start is None or t.end is None or t.start <= t.end


def test_parse_tenures_round_trip() -> None:
    (t,) = parse_tenures("CHN,foreign_minister,Foreign Minister,2022-12-30,2023-07-25")
    assert (t.country, t.role, t.start, t.end) == (
        "CHN",
        "foreign_minister",
        "2022-12-30",
        "2023-07-25",
    )
    assert t.covers("2023-05-10") and not t.covers("2023-09-20")


def test_normalize_and_slug() -> None:
    assert normalize("S. Jaishankar") == normalize("s jaishankar")
    assert normalize("Erdoğan") == "erdogan"
    assert slug("Abdel Fattah el-Sisi") == "abdel-fattah-el-sisi"


def test_rule_variants() -> None:
    assert "Sergey Lavrov" in name_variants("Sergei Lavrov", "RUS")
    assert "Muhammad bin Salman" in name_variants("Mohammed bin Salman", "SAU")
    assert "Volodymyr Zelenskyy" in name_variants("Volodymyr Zelensky", "UKR")
    assert "S. Jaishankar" not in name_variants("Wang Yi", "CHN")


def test_factbook_cell_parsing() -> None:
    cell = (
        "President Matamela Cyril RAMAPHOSA (since 15 February 2018); "
        "Deputy President Paul MASHATILE (since 7 March 2023)"
    )
    got = parse_executive(cell, "hos")
    assert [(r, n, s) for r, _, n, s in got] == [
        ("head_of_state", "Matamela Cyril RAMAPHOSA", "2018-02-15")
    ]


# --- the corpus --------------------------------------------------------------------


def _gold_participants() -> list[tuple[str, str, list[str], str]]:
    out = []
    for path in GOLD_FILES:
        if not path.exists():
            continue
        for line in path.read_text("utf-8").splitlines():
            doc = json.loads(line)
            for ev in doc.get("events", []) + doc.get("planned", []):
                slugs = ev["key"].split("|")[:-1]
                for name, country in zip(ev["participants"], ev["countries"], strict=False):
                    out.append((name, country, slugs, ev.get("date") or ""))
    return out


@pytest.mark.shared
@pytest.mark.skipif(not GOLD_FILES[0].exists(), reason="shared corpus not available")
def test_every_gold_participant_resolves(kb: PeopleKB) -> None:
    """Each person in the gold files is found, with the gold country and the gold slug."""
    problems = []
    for name, country, slugs, day in _gold_participants():
        found = kb.find(name, on=day or None, country=country)
        if not found:
            problems.append(f"{name!r}: not found")
            continue
        actor = found[0]
        countries = {actor.country, *(t.country for t in actor.tenures)}
        if country not in countries:
            problems.append(f"{name!r}: {actor.key} is not of {country}")
        if actor.key not in slugs:
            problems.append(f"{name!r}: {actor.key} not among {slugs}")
    assert not problems, "\n".join(problems)


def test_a_title_names_the_office_by_that_name_whatever_its_role() -> None:
    """Iran's head of state is the Supreme Leader; "the Iranian president" is the
    President, who heads the government."""
    from parley.kb.people import PeopleKB

    kb = PeopleKB.default()
    assert kb.holder("IRN", "head_of_state", "2024-04-22", "President").name == "Ebrahim Raisi"
    assert kb.holder("IRN", "head_of_state", "2024-04-22").name == "Ali Khamenei"
    assert kb.holder("FRA", "head_of_state", "2024-04-22", "President").name == "Emmanuel Macron"


def _fuzzy_over_all(kb: PeopleKB, norm: str) -> list[str]:
    """The near-spellings as a scan of every alias finds them (what ``_fuzzy`` shortens)."""
    from rapidfuzz import fuzz, process

    for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
        hits = process.extract(norm, kb._alias_keys, scorer=scorer, score_cutoff=90.0, limit=10)
        if hits:
            keys: list[str] = []
            for alias, score, _ in hits:
                if score >= hits[0][1] - 2:
                    keys.extend(k for k in kb._by_alias[alias] if k not in keys)
            return keys
    return []


_EDITS = st.lists(
    st.tuples(st.sampled_from("ids"), st.integers(0, 40), st.sampled_from("aeiouyklnrs -")),
    max_size=3,
)


@settings(max_examples=300, deadline=None)
@given(pick=st.integers(0, 10**6), edits=_EDITS)
def test_near_spellings_are_found_among_names_of_near_length(
    kb: PeopleKB, pick: int, edits: list[tuple[str, int, str]]
) -> None:
    name = kb._alias_keys[pick % len(kb._alias_keys)]
    for op, at, ch in edits:  # a misspelling: inserted, deleted or changed letters
        at %= len(name) + 1
        name = {"i": name[:at] + ch + name[at:], "d": name[:at] + name[at + 1 :]}.get(
            op, name[:at] + ch + name[at + 1 :]
        )
    norm = normalize(name)
    assert kb._fuzzy(norm) == _fuzzy_over_all(kb, norm)
