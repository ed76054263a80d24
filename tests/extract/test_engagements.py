"""Engagement extraction end to end on short reports written for these tests.

Golden expectations live in ``engagement_cases.json``: each case names the behaviour it
pins (title resolved by date, counterpart, new actor from a title, planned versus
occurred, venue implied by the occasion...).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from cases import assert_events_match

from parley.extract import extract_events
from parley.model import Event
from parley.read import read_text

CASES = json.loads((Path(__file__).parent / "engagement_cases.json").read_text("utf-8"))


def _names(text: str, published: str) -> set[str]:
    """Everyone the report's events name (canonical names)."""
    doc = read_text(text, "case.txt", published_hint=published)
    return {p.name for e in extract_events(doc) for p in e.participants}


def _events(case: dict) -> list[Event]:
    doc = read_text(case["text"], "case.txt", published_hint=case["published"])
    return [e for e in extract_events(doc) if e.status in {"occurred", "planned"}]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_engagement_case(case: dict) -> None:
    assert_events_match(_events(case), case["events"])


def test_evidence_offsets_index_the_original_text() -> None:
    case = CASES[0]
    doc = read_text(case["text"], "case.txt", published_hint=case["published"])
    ev = extract_events(doc)[0]
    assert ev.evidence
    for span in [*ev.evidence, *ev.field_evidence.values()]:
        assert doc.original[span.start : span.end] == span.text


def test_new_actor_keeps_title_and_country() -> None:
    ev = _events(CASES[2])[0]
    magno = next(p for p in ev.participants if p.name.endswith("Magno"))
    assert magno.country == "TLS"
    assert magno.role == "Foreign Minister"


def test_codes_follow_kind_and_place() -> None:
    call = _events(CASES[4])[0]
    assert call.cameo == "041"
    assert call.to_dict()["plover"]["type"] == "CONSULT"
    third = _events(CASES[7])[0]  # neither Japan nor Ukraine hosts: a third location
    assert third.cameo == "044"


def test_unsupported_language_yields_nothing() -> None:
    text = (
        "التقى وزير الخارجية الروسي سيرغي لافروف يوم الاثنين في موسكو نظيره الهندي "
        "سوبرامانيام جايشانكار وبحثا العلاقات الثنائية."
    )
    doc = read_text(text, "ar.txt", published_hint="2023-02-01")
    assert doc.lang == "ar"
    assert extract_events(doc) == []


@pytest.mark.parametrize(
    ("text", "name", "written"),
    [
        # a particle joined by a hyphen belongs to the written name
        (
            "Egyptian President Abdel-Fattah el-Sissi met the Kenyan president William Ruto "
            "in Cairo on Tuesday.",
            "Abdel Fattah el-Sisi",
            "Abdel-Fattah el-Sissi",
        ),
        # a generational suffix after a comma too
        (
            "Palau's President Surangel S. Whipps, Jr. met the Indian prime minister "
            "Narendra Modi in Port Moresby on Monday.",
            "Surangel Whipps",
            "Surangel S. Whipps, Jr",
        ),
    ],
)
def test_mention_is_the_name_as_written_in_full(text: str, name: str, written: str) -> None:
    doc = read_text(text, "case.txt", published_hint="2024-05-07")
    people = [p for e in extract_events(doc) for p in e.participants if p.name == name]
    assert people and people[0].mention == written


def test_of_two_spellings_the_mention_is_the_one_the_kb_knows() -> None:
    # the first spelling is a typo ("Suk" written "Sok"), the second one a known form:
    # neither is a longer form of the other, so the known one is the name as written
    text = (
        "President Joe Biden received President Yoon Sok Yeol at the White House on "
        "Wednesday. Biden and Yoon Suk-yeol discussed the alliance."
    )
    doc = read_text(text, "case.txt", published_hint="2023-04-26")
    people = [p for e in extract_events(doc) for p in e.participants if p.name == "Yoon Suk Yeol"]
    assert people and people[0].mention == "Yoon Suk-yeol"


@pytest.mark.parametrize(
    "text",
    [
        # no article before a title whose state is written, where a clause opens
        "Prior to that, President of Serbia met the Prime Minister of Hungary, Viktor Orbán.",
        "Belgrade, 12 March 2024 - Serbian President met Hungarian Prime Minister Viktor Orbán.",
    ],
)
def test_a_bare_title_with_its_state_names_the_holder(text: str) -> None:
    names = _names(text, "2024-03-12")
    assert {"Aleksandar Vucic", "Viktor Orban"} <= names


def test_words_that_open_a_predicate_are_no_chinese_name() -> None:
    # "Foreign Minister Wang Yi will also meet ...": 还将 ("will also") is no person
    text = "3月5日，王毅外长在巴黎同法国外长巴罗举行会谈。王毅外长还将会见法国总统马克龙。"
    doc = read_text(text, "case.txt", published_hint="2025-03-05")
    names = {p.mention for e in extract_events(doc) for p in e.participants}
    assert names and not any(n.startswith("还") for n in names)


@pytest.mark.parametrize(
    ("text", "state"),
    [
        ("President Yoon Suk Yeol met the Sri Lankan foreign minister in Seoul.", "LKA"),
        ("Narendra Modi hosted the visiting New Zealand prime minister in New Delhi.", "NZL"),
    ],
)
def test_a_title_after_a_two_word_demonym_names_its_holder(text: str, state: str) -> None:
    doc = read_text(text, "case.txt", published_hint="2024-05-07")
    held = {p.country for e in extract_events(doc) for p in e.participants if p.role}
    assert state in held


def test_a_title_is_held_on_the_date_its_sentence_writes() -> None:
    # posted in 2025 about 2018: the Austrian foreign minister of March 2018
    text = (
        "The Austrian foreign minister visited Budapest in March 2018 and met Hungarian "
        "Foreign Minister Péter Szijjártó."
    )
    doc = read_text(text, "case.txt", published_hint="2025-06-03")
    doc.lang = "en"
    names = {p.name for e in extract_events(doc) for p in e.participants}
    assert "Karin Kneissl" in names


def test_an_office_nobody_is_known_to_hold_keeps_its_state() -> None:
    # the knowledge base knows no Tuvaluan foreign minister in 2001: the state still met
    text = (
        "Indian External Affairs Minister Jaswant Singh met the Tuvaluan foreign minister "
        "in New Delhi on Monday."
    )
    doc = read_text(text, "case.txt", published_hint="2001-05-08")
    doc.lang = "en"
    events = extract_events(doc)
    assert events and set(events[0].countries) == {"IND", "TUV"}


def test_a_company_is_no_participant() -> None:
    # issue 15: "Russian Direct Investment Fund" was listed as a participant
    text = (
        "US envoy Steve Witkoff met the Russian Direct Investment Fund in Moscow on Friday, "
        "and later President Vladimir Putin."
    )
    doc = read_text(text, "case.txt", published_hint="2025-04-11")
    doc.lang = "en"
    names = [p.name for e in extract_events(doc) for p in e.participants]
    assert names and not any("Fund" in n for n in names)


@pytest.mark.parametrize(
    "text",
    [
        "Vientiane, 25 July 2024 - The foreign ministers of Russia and China held talks "
        "in Vientiane on Thursday.",
        "Vientiane, 25 July 2024 - The Russian and Chinese foreign ministers held talks "
        "in Vientiane on Thursday.",
    ],
)
def test_an_office_in_the_plural_names_each_states_holder(text: str) -> None:
    doc = read_text(text, "case.txt", published_hint="2024-07-25")
    events = [e for e in extract_events(doc) if e.status == "occurred"]
    assert [sorted(p.name for p in e.participants) for e in events] == [
        ["Sergei Lavrov", "Wang Yi"]
    ]


def test_a_word_that_begins_a_towns_name_is_no_surname() -> None:
    # "Nova" is the surname of São Tomé's president; "Nova York" is New York
    text = "Lula e Zelensky se reúnem pela primeira vez em Nova York nesta quarta-feira."
    names = _names(text, "2023-09-20")
    assert "Carlos Vila Nova" not in names


def test_advisers_to_leaders_are_not_the_leaders() -> None:
    text = (
        "Brussels, 27 September 2023 - Diplomatic advisers to Michel, Macron and Scholz "
        "met in Brussels on Tuesday to prepare the summit."
    )
    doc = read_text(text, "case.txt", published_hint="2023-09-27")
    assert [e for e in extract_events(doc) if e.status == "occurred"] == []


@pytest.mark.parametrize(
    ("text", "town"),
    [
        # a town that is also a given name, running on into a name, is a person
        (
            "Samarkand, 16 September 2022 - Erdogan met Russia's Vladimir Putin on Friday "
            "in Samarkand.",
            "Samarkand",
        ),
        # and where no name follows, it stays a town
        (
            "Riyadh, 19 July 2021 - Saudi Crown Prince Mohammed bin Salman received the UAE "
            "President Mohamed bin Zayed in Riyadh on Monday.",
            "Riyadh",
        ),
    ],
)
def test_a_given_name_that_is_a_town(text: str, town: str) -> None:
    doc = read_text(text, "case.txt", published_hint=text.split(" - ")[0].split(", ")[1])
    towns = {e.location.city for e in extract_events(doc) if e.location}
    assert towns == {town}


def test_regions_and_continents_are_no_towns() -> None:
    # GeoNames gives "Far" to Pharr, Texas, and "Asia" to a town in the Philippines
    from parley.extract.lexicon import default_lexicon
    from parley.extract.places import PlaceFinder

    finder = PlaceFinder(default_lexicon())
    for text in ("Kim arrived in Russia's Far East on Tuesday.", "Talks in Asia resumed."):
        assert [p.location.city for p in finder.find(text, 0, None) if p.location.city] == []
    assert [p.location.city for p in finder.find("They met in Nairobi.", 0, None)] == ["Nairobi"]


def test_a_town_stamped_with_a_day_is_a_place() -> None:
    # a remark's stamp in brackets, or a line of its own; a person or a weekday is none
    from parley.extract.lexicon import default_lexicon
    from parley.extract.places import PlaceFinder

    finder = PlaceFinder(default_lexicon())

    def stamped(text: str) -> list[str | None]:
        return [p.location.city for p in finder.find(text, 0, None) if p.cue == "stamp"]

    assert stamped("Remarks at the talks with the Laotian minister (Vientiane, March 3, 2023)") == [
        "Vientiane"
    ]
    assert stamped("Nairobi, 12 June 2022") == ["Nairobi"]
    assert stamped("Ruto, 12 June 2022") == []
    assert stamped("Tuesday, June 12, 2022") == []
    assert stamped("They praised Nairobi, 12 June 2022 was a good day") == []


def test_a_popes_name_gives_no_surname() -> None:
    # "Papa Francisco" is how Spanish news name the pope: San Francisco is no pope
    text = (
        "San Francisco, 16 November 2023 - Japanese Prime Minister Fumio Kishida met Chinese "
        "President Xi Jinping in San Francisco on Thursday."
    )
    names = _names(text, "2023-11-16")
    assert names == {"Fumio Kishida", "Xi Jinping"}


@pytest.mark.parametrize(
    ("text", "not_there"),
    [
        # a second family name right after a name is no one new
        (
            "Flores, 15 August 2025 - Claudia Sheinbaum met the Guatemalan foreign minister, "
            "Carlos Ramiro Martínez Alvarado, in Flores on Friday.",
            "Carlos Alvarado Quesada",
        ),
        # a given name before a family name is no bare surname
        (
            "Flores, 15 August 2025 - Claudia Sheinbaum met Bernardo Arévalo in Flores on "
            "Friday; among the ministers who travelled with her was Omar García Harfuch.",
            "Abdoulkader Houssein Omar",
        ),
    ],
)
def test_parts_of_longer_names_are_nobody_else(text: str, not_there: str) -> None:
    doc = read_text(text, "case.txt", published_hint="2025-08-15")
    events = extract_events(doc)
    assert events and not_there not in {p.name for e in events for p in e.participants}


def test_a_greeting_on_arrival_by_lower_officials_is_protocol() -> None:
    text = (
        "Moscow, 8 July 2024 - Indian Prime Minister Narendra Modi arrived at Moscow's "
        "Vnukovo airport, where he was greeted by Russian First Deputy Prime Minister "
        "Denis Manturov."
    )
    doc = read_text(text, "case.txt", published_hint="2024-07-08")
    assert [e for e in extract_events(doc) if e.status == "occurred"] == []


def test_a_region_of_several_words_is_no_town_of_its_first_word() -> None:
    from parley.extract.lexicon import default_lexicon
    from parley.extract.places import PlaceFinder

    found = PlaceFinder(default_lexicon()).find("A press conference in Quintana Roo.", 0, None)
    assert [(p.location.city, p.location.country) for p in found] == [(None, "MEX")]


def test_a_surname_after_another_given_name_is_somebody_else() -> None:
    # Nicu Popescu was Moldova's foreign minister in 2022; "Călin Popescu Tăriceanu" is not
    text = (
        "Bukarest, 14. März 2022 - Der rumänische Regierungschef Nicolae Ciucă traf am Montag "
        "in Bukarest den früheren Senatschef Călin Popescu Tăriceanu."
    )
    doc = read_text(text, "case.txt", published_hint="2022-03-14")
    assert "Nicu Popescu" not in {p.name for e in extract_events(doc) for p in e.participants}


def test_a_later_bare_noun_tells_the_earlier_engagement() -> None:
    # "such a meeting" is the possible meeting of the clause before: no meeting took place
    text = (
        "Ankara, 1 September 2023 - A spokesman said a meeting between Russian President "
        "Vladimir Putin and Turkish President Recep Tayyip Erdogan is possible, but no dates "
        "for such a meeting have been set."
    )
    doc = read_text(text, "case.txt", published_hint="2023-09-01")
    assert [e.status for e in extract_events(doc)] == ["planned"]


def test_an_office_in_the_plural_without_an_article_is_a_class() -> None:
    text = (
        "Sharm el-Sheikh, 13 September 2021 - The flags were arranged in contrast to "
        "previous meetings between Israeli and Egyptian prime ministers."
    )
    doc = read_text(text, "case.txt", published_hint="2021-09-13")
    assert [e for e in extract_events(doc) if e.status == "occurred"] == []


def test_a_name_in_apposition_after_a_portfolio() -> None:
    text = (
        "Belgrade, 27 February 2023 - The US Special Envoy for the Western Balkans, Gabriel "
        "Escobar, met Serbian President Aleksandar Vucic in Belgrade on Monday."
    )
    names = _names(text, "2023-02-27")
    assert "Gabriel Escobar" in names and "John Kerry" not in names


@pytest.mark.parametrize(
    "text",
    [
        # a middle name the knowledge base does not hold
        "Port Moresby, 22 May 2023 - Modi met President Russ Joseph Kun of Nauru on Monday.",
        # the office's holder written with given and middle names only
        "Port Moresby, 22 May 2023 - Modi met Nauru President Russ Joseph on Monday.",
    ],
)
def test_a_name_with_a_middle_name_is_the_known_person(text: str) -> None:
    names = _names(text, "2023-05-22")
    assert "Russ Kun" in names


def test_a_possessive_surname_is_the_person() -> None:
    text = (
        "Moscow, 12 November 2023 - The Kremlin said Vladimir Putin and Olaf Scholz last "
        "spoke in 2022; no date has been set for Putin's next talks with Scholz."
    )
    doc = read_text(text, "case.txt", published_hint="2023-11-12")
    from parley.extract import default_extractor

    _, facts = default_extractor("en").candidates(doc)
    last = facts.sentences[-1]
    assert [r.name for r in last.refs if r.start > last.sent.start + 100] == [
        "Vladimir Putin",
        "Olaf Scholz",
    ]


def test_people_joined_by_and_share_their_part() -> None:
    text = (
        "London, 1 March 2025 - Zelensky flew to London after his meeting with Donald Trump "
        "and JD Vance in the Oval Office on Friday ended in a shouting match."
    )
    doc = read_text(text, "case.txt", published_hint="2025-03-01")
    held = [sorted(p.name for p in e.participants) for e in extract_events(doc)]
    assert ["Donald Trump", "JD Vance", "Volodymyr Zelensky"] in held


def test_a_fathers_name_after_bin_is_no_surname() -> None:
    # "Mohammed bin Abdulrahman" is Qatar's prime minister: "Abdulrahman" alone is not him
    text = (
        "Beijing, 6 April 2023 - The meeting was attended by the ambassador in Beijing "
        "Abdulrahman Alharbi and the director of the minister's office Abdulrahman Al-Dawood."
    )
    doc = read_text(text, "case.txt", published_hint="2023-04-06")
    from parley.extract import default_extractor

    _, facts = default_extractor("en").candidates(doc)
    assert all(r.country != "QAT" for sr in facts.sentences for r in sr.refs)


def test_an_object_pronoun_after_with_is_the_storys_person() -> None:
    text = (
        "Rome, 17 September 2023 - EU chief Ursula von der Leyen visited a migrant centre on "
        "the Italian island of Lampedusa.\n\nItaly's prime minister Giorgia Meloni, who toured "
        "the island with her, said the pressure was unsustainable."
    )
    doc = read_text(text, "case.txt", published_hint="2023-09-17")
    events = [e for e in extract_events(doc) if e.status == "occurred"]
    assert [sorted(p.name for p in e.participants) for e in events] == [
        ["Giorgia Meloni", "Ursula von der Leyen"]
    ]
    # a town the gazetteer lacks, placed by its state's adjective
    assert events[0].location is not None and events[0].location.country == "ITA"


def test_someone_named_in_a_clause_about_something_else_is_not_filled_in() -> None:
    """A headline that names nobody who met ("Envoys meet ...") is completed with the
    story's people, but not with one it names only in a clause about another matter."""
    from parley.extract import default_extractor

    text = (
        "Envoys meet in Geneva a day after Trump's return\n"
        "GENEVA, March 6 (Wire) -- Ukrainian Foreign Minister Andrii Sybiha met his "
        "counterparts from the United States and Britain in Geneva on Thursday. Trump said "
        "he welcomed the talks. Trump praised Sybiha. Sybiha said Kyiv was ready for peace."
    )
    doc = read_text(text, "case.txt", published_hint="2025-03-06")
    engagements, _ = default_extractor("en").candidates(doc)
    assert engagements
    assert all("Donald Trump" not in {p.ref.name for p in e.people} for e in engagements)


def test_a_title_is_held_in_the_earlier_month_the_sentence_names() -> None:
    """ "In February", in a story of June, is February's minister, not June's."""
    text = (
        "BERLIN, June 3 (Wire) -- The German and Polish foreign ministers visited Kyiv in "
        "February for talks with President Volodymyr Zelensky."
    )
    names = _names(text, "2025-06-03")
    assert "Annalena Baerbock" in names
    assert "Johann Wadephul" not in names
    # by the month's end: who took office during it, not who left early in it
    text = (
        "WASHINGTON, Feb. 23 (Wire) -- Canadian Prime Minister Justin Trudeau held the U.S. "
        "president's first bilateral meeting since taking office last month."
    )
    names = _names(text, "2021-02-23")
    assert "Joe Biden" in names
    assert "Donald Trump" not in names


def test_the_sender_of_greetings_takes_no_part() -> None:
    """ "conveyed greetings from President X to Y": X sent them, X did not meet Y."""
    text = (
        "JAKARTA, 2 Mei (Wire) - Menteri Luar Negeri Sugiono bertemu Menteri Luar Negeri "
        "Rusia Sergei Lavrov di Moskow pada Jumat. Dalam pertemuan itu Sugiono menyampaikan "
        "salam dari Presiden Prabowo Subianto untuk Lavrov."
    )
    doc = read_text(text, "case.txt", published_hint="2025-05-02")
    people = [{p.name for p in e.participants} for e in extract_events(doc)]
    assert {"Sugiono", "Sergei Lavrov"} in people
    assert all("Prabowo Subianto" not in p for p in people)

    from parley.extract.mentions import _regexes

    before = "At the talks the envoy conveyed greetings from President "
    assert _regexes()["modifier_before"].search(before)
    assert not _regexes()["modifier_before"].search("At the talks the envoy met President ")
