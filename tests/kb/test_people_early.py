"""Office holders of 2005-2014: the leaders and foreign ministers that news of those years
name by title ("Qatar's Emir", "the Thai prime minister"), curated from public records."""

from __future__ import annotations

import pytest

from parley.kb.people import PeopleKB
from parley.model import Tenure

CORE = ("head_of_state", "head_of_government", "foreign_minister")
EARLY_MONTHS = [f"{y}-{m:02d}-15" for y in range(2005, 2015) for m in range(1, 13)]
# the states whose offices of 2005-2014 were curated in one pass (docs/kb-people.md)
EARLY_STATES = [
    "QAT",
    "AFG",
    "ARE",
    "BHR",
    "KWT",
    "EGY",
    "IRQ",
    "SYR",
    "JOR",
    "LBN",
    "ISR",
    "PAK",
    "BGD",
    "LKA",
    "MYS",
    "THA",
    "VNM",
    "PHL",
    "PRK",
    "NGA",
    "ETH",
    "KEN",
    "COL",
    "CUB",
    "VEN",
    "UKR",
    "BLR",
    "KAZ",
    "ESP",
    "POL",
    "NLD",
    "AUT",
    "BEL",
    "SWE",
    "GRC",
    "PRT",
    "CZE",
    "HUN",
    "ROU",
]


@pytest.fixture(scope="module")
def kb() -> PeopleKB:
    return PeopleKB.default()


@pytest.mark.parametrize(
    ("country", "role", "day", "key"),
    [
        ("QAT", "head_of_state", "2012-08-11", "hamad-bin-khalifa-al-thani"),
        ("QAT", "head_of_state", "2013-07-01", "tamim-bin-hamad-al-thani"),
        ("QAT", "head_of_government", "2012-08-11", "hamad-bin-jassim-al-thani"),
        ("QAT", "head_of_government", "2006-03-01", "abdullah-bin-khalifa-al-thani"),
        ("QAT", "foreign_minister", "2010-05-01", "hamad-bin-jassim-al-thani"),
        ("AFG", "head_of_state", "2009-08-20", "hamid-karzai"),
        ("AFG", "foreign_minister", "2011-12-05", "zalmai-rassoul"),
        ("KWT", "head_of_state", "2005-07-01", "jaber-al-ahmad-al-sabah"),
        ("KWT", "head_of_government", "2008-01-01", "nasser-al-mohammed-al-sabah"),
        ("EGY", "head_of_government", "2012-10-01", "hesham-qandil"),
        ("EGY", "foreign_minister", "2012-10-01", "mohamed-kamel-amr"),
        ("IRQ", "head_of_state", "2010-01-01", "jalal-talabani"),
        ("IRQ", "head_of_government", "2010-01-01", "nouri-al-maliki"),
        ("IRQ", "foreign_minister", "2010-01-01", "hoshyar-zebari"),
        ("IRQ", "head_of_government", "2005-07-01", "ibrahim-al-jaafari"),
        ("SYR", "foreign_minister", "2005-07-01", "farouk-al-sharaa"),
        ("JOR", "head_of_government", "2010-06-01", "samir-rifai"),
        ("LBN", "head_of_state", "2010-06-01", "michel-suleiman"),
        ("LBN", "head_of_government", "2007-06-01", "fouad-siniora"),
        ("LBN", "head_of_government", "2010-06-01", "saad-al-hariri"),
        ("ISR", "head_of_state", "2010-06-01", "shimon-peres"),
        ("ISR", "head_of_government", "2008-06-01", "ehud-olmert"),
        ("ISR", "head_of_government", "2005-07-01", "ariel-sharon"),
        ("ISR", "foreign_minister", "2008-06-01", "tzipi-livni"),
        ("ISR", "foreign_minister", "2010-06-01", "avigdor-lieberman"),
        ("PAK", "head_of_state", "2006-06-01", "pervez-musharraf"),
        ("PAK", "head_of_government", "2010-06-01", "yousaf-raza-gilani"),
        ("PAK", "foreign_minister", "2012-06-01", "hina-rabbani-khar"),
        ("BGD", "head_of_government", "2005-07-01", "khaleda-zia"),
        ("LKA", "head_of_state", "2009-05-18", "mahinda-rajapaksa"),
        ("MYS", "head_of_state", "2008-01-01", "mizan-zainal-abidin"),
        ("THA", "head_of_government", "2005-07-01", "thaksin-shinawatra"),
        ("THA", "head_of_government", "2010-05-01", "abhisit-vejjajiva"),
        ("THA", "head_of_government", "2013-01-01", "yingluck-shinawatra"),
        ("VNM", "head_of_state", "2008-01-01", "nguyen-minh-triet"),
        ("PHL", "head_of_state", "2008-01-01", "gloria-macapagal-arroyo"),
        ("PRK", "head_of_state", "2009-05-25", "kim-jong-il"),
        ("PRK", "foreign_minister", "2010-01-01", "pak-ui-chun"),
        ("ETH", "head_of_government", "2010-01-01", "meles-zenawi"),
        ("ETH", "head_of_government", "2019-01-01", "abiy-ahmed-ali"),
        ("KEN", "head_of_state", "2010-01-01", "mwai-kibaki"),
        ("CUB", "head_of_state", "2005-07-01", "fidel-castro"),
        ("CUB", "head_of_state", "2007-01-01", "raul-castro"),
        ("CUB", "head_of_state", "2012-01-01", "raul-castro"),
        ("UKR", "head_of_government", "2012-01-01", "mykola-azarov"),
        ("UKR", "foreign_minister", "2009-12-01", "petro-poroshenko"),
        ("BLR", "head_of_government", "2008-01-01", "sergei-sidorsky"),
        ("KAZ", "head_of_government", "2010-01-01", "karim-masimov"),
        ("KAZ", "foreign_minister", "2005-07-01", "kassym-jomart-tokayev"),
        ("ESP", "head_of_state", "2010-01-01", "juan-carlos-i"),
        ("POL", "head_of_state", "2008-01-01", "lech-kaczynski"),
        ("NLD", "head_of_government", "2008-01-01", "jan-peter-balkenende"),
        ("BEL", "head_of_government", "2009-06-01", "herman-van-rompuy"),
        ("SWE", "foreign_minister", "2010-01-01", "carl-bildt"),
        ("GRC", "head_of_government", "2010-06-01", "george-papandreou"),
        ("CZE", "head_of_state", "2010-01-01", "vaclav-klaus"),
        ("HUN", "head_of_government", "2007-01-01", "ferenc-gyurcsany"),
        ("ROU", "head_of_state", "2010-01-01", "traian-basescu"),
    ],
)
def test_early_holder_on_date(kb: PeopleKB, country: str, role: str, day: str, key: str) -> None:
    actor = kb.holder(country, role, day)
    assert actor is not None and actor.key == key


@pytest.mark.parametrize(
    ("name", "day", "key"),
    [
        ("Sheikh Hamad bin Khalifa Al Thani", "2012-08-11", "hamad-bin-khalifa-al-thani"),
        ("Hamad bin Jassim", "2012-08-11", "hamad-bin-jassim-al-thani"),
        ("Nuri al-Maliki", "2010-01-01", "nouri-al-maliki"),
        ("Юлия Тимошенко", "2008-01-01", "yulia-tymoshenko"),
        ("金正日", "2009-05-25", "kim-jong-il"),
        ("Moshe Katzav", "2005-07-01", "moshe-katsav"),
    ],
)
def test_early_names_resolve(kb: PeopleKB, name: str, day: str, key: str) -> None:
    found = kb.find(name, on=day)
    assert found and found[0].key == key


def test_no_two_early_holders_of_one_office(kb: PeopleKB) -> None:
    """The curated states, every month 2005-2014: one holder of a core office at a time,
    beyond a hand-over day."""
    office: dict[tuple[str, str], list[tuple[Tenure, str]]] = {}
    for actor in kb:
        for t in actor.tenures:
            if t.role in CORE and t.country in EARLY_STATES:
                office.setdefault((t.country, t.role), []).append((t, actor.key))
    clashes = []
    for (country, role), held in sorted(office.items()):
        for day in EARLY_MONTHS:
            keys = {k for t, k in held if t.covers(day) and t.start != day and t.end != day}
            if len(keys) > 1:
                clashes.append((country, role, day, sorted(keys)))
    assert clashes == []
