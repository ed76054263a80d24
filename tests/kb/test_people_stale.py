"""`parley kb --stale`: the open tenures older than two years, which a curator must check.

An open tenure only says that no source gave an end; on 2026-01-01 none of them may be a
foreign minister whose state is known to have changed minister since 2022.
"""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.kb.people import PeopleKB
from parley.model import Actor, Tenure

# The last change of foreign minister from 2022-12 to 2026-01-01, from public announcements:
# state, the day the minister in office on 2026-01-01 took over (to a few days), and who.
CHANGED_SINCE_2022 = [
    ("USA", "2025-01-21", "marco-rubio"),
    ("GBR", "2025-09-05", "yvette-cooper"),
    ("FRA", "2024-09-21", "jean-noel-barrot"),
    ("DEU", "2025-05-06", "johann-wadephul"),
    ("JPN", "2025-10-21", "toshimitsu-motegi"),
    ("CAN", "2025-05-13", "anita-anand"),
    ("KOR", "2025-07-19", "cho-hyun"),
    ("CHN", "2023-07-25", "wang-yi"),
    ("POL", "2023-12-13", "radoslaw-sikorski"),
    ("NLD", "2025-08-22", "david-van-weel"),
    ("BEL", "2025-02-03", "maxime-prevot"),
    ("TUR", "2023-06-04", "hakan-fidan"),
    ("ISR", "2024-11-05", "gideon-saar"),
    ("IRN", "2024-08-21", "abbas-araghchi"),
    ("EGY", "2024-07-03", "badr-abdelatty"),
    ("PAK", "2024-03-11", "ishaq-dar"),
    ("BGD", "2024-08-09", "touhid-hossain"),
    ("LKA", "2024-09-24", "vijitha-herath"),
    ("IDN", "2024-10-21", "sugiono"),
    ("MYS", "2023-12-12", "mohamad-hasan"),
    ("THA", "2025-09-19", "sihasak-phuangketkeow"),
    ("PHL", "2025-07-01", "theresa-lazaro"),
    ("KHM", "2024-11-20", "prak-sokhonn"),
    ("LAO", "2024-11-18", "thongsavanh-phomvihane"),
    ("NZL", "2023-11-27", "winston-peters"),
    ("ARG", "2025-10-22", "pablo-quirno"),
    ("MEX", "2024-10-01", "juan-ramon-de-la-fuente"),
    ("COL", "2025-07-09", "rosa-villavicencio"),
    ("PER", "2025-10-14", "hugo-de-zela"),
    ("ECU", "2023-11-23", "gabriela-sommerfeld"),
    ("URY", "2025-03-01", "mario-lubetkin"),
    ("PRY", "2023-08-15", "ruben-ramirez-lezcano"),
    ("BOL", "2025-11-08", "fernando-aramayo"),
    ("VEN", "2023-03-06", "yvan-gil"),
    ("UKR", "2024-09-05", "andrii-sybiha"),
    ("ZAF", "2024-07-03", "ronald-lamola"),
    ("NGA", "2023-08-21", "yusuf-tuggar"),
    ("KEN", "2023-10-04", "musalia-mudavadi"),
    ("ETH", "2024-10-10", "gedion-timothewos"),
    ("SEN", "2025-09-06", "cheikh-niang"),
    ("GHA", "2025-01-22", "samuel-okudzeto-ablakwa"),
    ("CIV", "2023-10-17", "leon-kacou-adom"),
    ("NIC", "2024-09-01", "valdrack-jaentschke"),
    ("BLZ", "2025-03-17", "francis-fonseca"),
    ("AND", "2023-05-17", "imma-tor-faus"),
    ("EST", "2023-04-17", "margus-tsahkna"),
    ("LVA", "2024-04-10", "baiba-braze"),
    ("LTU", "2024-12-12", "kestutis-budrys"),
    ("ROU", "2025-06-23", "oana-toiu"),
    ("SVK", "2023-10-25", "juraj-blanar"),
    ("AUT", "2025-03-03", "beate-meinl-reisinger"),
    ("NOR", "2023-10-16", "espen-barth-eide"),
    ("SWE", "2024-09-10", "maria-malmer-stenergard"),
    ("FIN", "2023-06-20", "elina-valtonen"),
    ("IRL", "2025-11-18", "helen-mcentee"),
    ("ISL", "2024-12-21", "thorgerdur-katrin-gunnarsdottir"),
    ("GRC", "2023-06-27", "giorgos-gerapetritis"),
    ("CYP", "2023-03-01", "constantinos-kombos"),
    ("SRB", "2024-05-02", "marko-duric"),
    ("BGR", "2025-01-16", "georg-georgiev"),
    ("PRT", "2024-04-02", "paulo-rangel"),
    ("LUX", "2023-11-17", "xavier-bettel"),
    ("ALB", "2025-09-18", "elisa-spiropali"),
    ("GEO", "2024-12-01", "maka-botchorishvili"),
    ("MDA", "2024-01-29", "mihai-popsoi"),
    ("BLR", "2024-06-20", "maxim-ryzhenkov"),
    ("KWT", "2024-06-19", "abdullah-al-yahya"),
    ("LBN", "2025-02-08", "youssef-rajji"),
    ("SYR", "2024-12-21", "asaad-al-shaibani"),
    ("DZA", "2023-03-18", "ahmed-attaf"),
    ("TUN", "2024-08-25", "mohamed-ali-nafti"),
    ("TWN", "2024-05-20", "lin-chia-lung"),
    ("SSD", "2025-04-09", "monday-semaya-kumba"),
    ("SYC", "2025-11-05", "barry-faure"),
    ("GAB", "2026-01-01", "marie-edith-tassyla-doumbeneny"),
    ("TON", "2025-01-28", "tupoutoa-ulukalala"),
    ("VUT", "2025-02-11", "mark-ati"),
    ("STP", "2025-01-14", "ilza-amado-vaz"),
    ("GNB", "2025-11-29", "joao-bernardo-vieira"),
    ("VCT", "2025-12-02", "fitzgerald-bramble"),
    ("CPV", "2025-10-28", "jose-luis-livramento"),
    ("GMB", "2025-07-09", "sering-modou-njie"),
    ("HND", "2025-05-28", "javier-bu-soto"),
    ("PNG", "2024-01-18", "justin-tkachenko"),
    ("DMA", "2022-12-13", "vince-henderson"),
]
ON = "2026-01-01"
SLACK = timedelta(days=45)  # dates known only to the month are curated as its 1st


@pytest.fixture(scope="module")
def kb() -> PeopleKB:
    return PeopleKB.default()


def test_stale_foreign_ministers_are_only_those_still_in_office(kb: PeopleKB) -> None:
    """No state of the table shows a minister from before its last known change."""
    listed = {t.country: (a.key, t.start) for a, t in kb.stale(ON, roles=("foreign_minister",))}
    wrong = []
    for country, since, key in CHANGED_SINCE_2022:
        if country in listed and listed[country][0] != key:
            wrong.append(f"{country}: {listed[country]} listed, {key} since {since}")
        holder = kb.holder(country, "foreign_minister", ON)
        if holder is None or holder.key != key:
            wrong.append(f"{country}: holder {holder.key if holder else None}, not {key}")
            continue
        tenure = next(
            t
            for t in holder.tenures
            if t.country == country and t.role == "foreign_minister" and t.covers(ON)
        )
        start = date.fromisoformat(tenure.start or "1900-01-01")
        if abs(start - date.fromisoformat(since)) > SLACK:
            wrong.append(f"{country}: {key} since {tenure.start}, not {since}")
    assert wrong == []


def test_stale_lists_only_open_tenures_older_than_two_years() -> None:
    old = Tenure("AAA", "foreign_minister", "Foreign Minister", "2015-01-01", None)
    new = Tenure("BBB", "foreign_minister", "Foreign Minister", "2025-01-01", None)
    ended = Tenure("CCC", "foreign_minister", "Foreign Minister", "2010-01-01", "2020-01-01")
    unknown = Tenure("DDD", "head_of_state", "President", None, None)
    envoy = Tenure("EEE", "special_envoy", "Special Envoy", "2001-01-01", None)
    shadowed = Tenure("BBB", "foreign_minister", "Foreign Minister", "2012-01-01", None)
    people = [
        Actor("a", "A", tenures=(old,)),
        Actor("b", "B", tenures=(new,)),
        Actor("c", "C", tenures=(ended,)),
        Actor("d", "D", tenures=(unknown,)),
        Actor("e", "E", tenures=(envoy,)),
        Actor("f", "F", tenures=(shadowed,)),
    ]
    kb = PeopleKB(people, titles_path=None, titles_i18n_path=None)
    got = [(a.key, t.country) for a, t in kb.stale("2026-01-01")]
    assert got == [("d", "DDD"), ("a", "AAA")]
    assert [a.key for a, _ in kb.stale("2016-06-01")] == ["d", "f"]  # b not yet in office
    assert kb.stale("2026-01-01", roles=("head_of_government",)) == []


def test_cli_lists_them_as_json() -> None:
    result = CliRunner().invoke(app, ["kb", "--stale", "--on", ON, "--role", "foreign_minister"])
    assert result.exit_code == 0, result.output
    rows, _ = json.JSONDecoder().raw_decode(result.output)
    assert rows and {r["role"] for r in rows} == {"foreign_minister"}
    assert all(r["start"] is None or r["start"] < "2024-01-01" for r in rows)
    lavrov = next(r for r in rows if r["key"] == "sergei-lavrov")
    assert lavrov["country"] == "RUS" and lavrov["years"] > 20


@pytest.mark.parametrize(
    "args",
    [["kb", "--stale", "--role", "chief"], ["kb", "--stale", "--on", "2026-13-01"], ["kb"]],
)
def test_cli_bad_input_is_a_one_line_error(args: list[str]) -> None:
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 2
    assert "Traceback" not in result.output
