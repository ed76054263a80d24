"""Metadata parsers: datelines, timestamps, outlets, titles (own short fixtures)."""

from __future__ import annotations

import pytest

from parley.read import read_text
from parley.read.dates import closing_stamp, find_stamp
from parley.read.ids import document_id
from parley.read.metadata import complete_date, find_dateline, heading_like


@pytest.mark.parametrize(
    ("line", "place", "month", "day", "agency"),
    [
        ("LIMA, Aug. 6 (Xinhua) -- The ministers met today.", "LIMA", 8, 6, "Xinhua"),
        ("NEW YORK, Sept. 18 (Xinhua) -- Talks opened.", "NEW YORK", 9, 18, "Xinhua"),
        ("GENEVA — The envoys talked for hours.", "GENEVA", None, None, ""),
        (
            "Riga: The two leaders met on Friday to talk about trade and ports.",
            "Riga",
            None,
            None,
            "",
        ),
        ("Pune [India], October 23 : The talks went on late.", "Pune", 10, 23, ""),
        ("Juneau (Alaska), Aug 16 (IANS) The plane left at noon.", "Juneau", 8, 16, "IANS"),
        (
            "NEW DELHI: The minister arrived on Monday for a two-day visit to the city.",
            "NEW DELHI",
            None,
            None,
            "",
        ),
        ("OSLO, October 22. /TASS/. The sides met.", "OSLO", 10, 22, "TASS"),
        ("Aug 7 (Reuters) - A short item.", None, 8, 7, "Reuters"),
        ("(ANSA) - TORINO, 12 LUG - Il ministro ha parlato a lungo.", "TORINO", 7, 12, "ANSA"),
        ("(ANSA) - Il ministro ha parlato a lungo.", None, None, None, "ANSA"),
    ],
)
def test_datelines(line, place, month, day, agency):
    found = find_dateline(line)
    assert found is not None
    assert (found[0], found[2], found[3], found[4]) == (place, month, day, agency)


@pytest.mark.parametrize(
    "line",
    ["The talks began on Monday.", "He said: we will meet again soon.", "By then, it was late."],
)
def test_not_datelines(line):
    assert find_dateline(line) is None


def test_dateline_year_from_publication():
    assert complete_date(8, 6, None, "2022-08-07") == "2022-08-06"
    assert complete_date(12, 30, None, "2023-01-02") == "2022-12-30"
    assert complete_date(8, 6, 2021, "2022-08-07") == "2021-08-06"
    assert complete_date(2, 30, None, "2022-03-01") is None
    assert complete_date(8, 6, None, None) is None


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("15:21 UTC+8, 2022-09-22", "2022-09-22T15:21:00+08:00"),
        ("Updated: Tuesday, November 08, 2022, 04:23 PM IST", "2022-11-08T16:23:00+05:30"),
        ("13:22, September 19, 2023", "2023-09-19T13:22:00"),
        ("Source: Xinhua | 2022-08-07", "2022-08-07"),
        ("2023-09-19 10:50", "2023-09-19T10:50:00"),
        ("2024-07-08T17:58+0000", "2024-07-08T17:58:00+00:00"),
        ("July 07, 2022 12:57 IST", "2022-07-07T12:57:00+05:30"),
    ],
)
def test_stamps(text, iso):
    stamp = find_stamp(text)
    assert stamp is not None and stamp.iso() == iso


def test_heading_like():
    assert heading_like("Two ministers meet in a quiet port town")
    assert not heading_like("The ministers met in a quiet port town.")
    assert not heading_like("- a bullet point here")
    assert not heading_like("OSLO, Aug. 6 (Xinhua) -- words")


def test_published_from_scraper_prefix_and_header():
    doc = read_text(
        " date 2022-09-22 Ministers meet by the lake\n"
        "15:21 UTC+8, 2022-09-22\n"
        "The two ministers met by the lake on Wednesday and talked about boats.\n",
        "a.txt",
    )
    assert doc.published == "2022-09-22T15:21:00+08:00"
    assert doc.title == "Ministers meet by the lake"


def test_month_only_prefix():
    doc = read_text(" date 2023-04 The two ministers met by the lake and talked about boats.", "a")
    assert doc.published == "2023-04"


def test_month_only_prefix_takes_the_day_of_the_dateline():
    doc = read_text(
        " date 2023-07 (ANSA) - TORINO, 12 LUG - Ieri i due ministri si sono incontrati a lungo.",
        "a",
    )
    assert doc.published == "2023-07-12"


def test_header_far_from_prefix_is_another_story():
    doc = read_text(" date 2022-09-22 Ministers meet\n2019-01-01\nThe talks went well today.", "a")
    assert doc.published == "2022-09-22"


def test_bracketed_day_closing_the_text_dates_an_undated_story():
    doc = read_text(
        "Envoys meet in Oslo\nThe two envoys met on Tuesday by the harbour and spoke of"
        " fishing quotas for an hour.\nThey agreed to meet again. (3/28/23)",
        "a",
    )
    assert doc.published == "2023-03-28"


def test_bracketed_day_closing_the_text_does_not_beat_a_header():
    doc = read_text(
        "Envoys meet in Oslo\nMarch 30, 2023\nThe two envoys met on Tuesday by the harbour"
        " and spoke of fishing quotas.\nThey agreed to meet again. (3/28/23)",
        "a",
    )
    assert doc.published == "2023-03-30"


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("They agreed to meet again. (3/28/23)", "2023-03-28"),
        ("They agreed to meet again. (28.03.2023)", "2023-03-28"),
        ("They agreed to meet again (born 3/28/23)", None),
        ("They agreed to meet again (3/28/23) on a boat.", None),
        ("They agreed in (2023)", None),
    ],
)
def test_closing_stamp(text, iso):
    found = closing_stamp(text)
    assert (found.day_iso() if found else None) == iso


def test_widget_date_is_not_publication():
    doc = read_text(
        "21.5 C\nLima\nmonday, March 3, 2024\nA headline about ministers\n"
        "The two ministers met by the lake on Wednesday and talked about boats.",
        "a",
    )
    assert doc.published is None
    assert "21.5 C" in doc.removed


@pytest.mark.parametrize(
    ("text", "outlet"),
    [
        (
            "A title here\nThe ministers met and talked about boats and trains.\n"
            "Source: Xinhua   Editor: Jo Bloggs",
            "Xinhua",
        ),
        (
            "A title here\nOSLO, Aug. 6 (Xinhua) -- The ministers met and talked about boats.",
            "Xinhua",
        ),
        (
            "A title here\nPTIUpdated: Tuesday, November 08, 2022, 04:23 PM IST\n"
            "The ministers met and talked about boats.",
            "PTI",
        ),
        (
            "A title here\n(NORTHERN HERALD) – The ministers met and talked about boats.",
            "Northern Herald",
        ),
    ],
)
def test_outlets(text, outlet):
    assert read_text(text, "a").outlet == outlet


def test_outlet_from_url_host():
    doc = read_text(
        "The ministers met and talked about boats.", "a", url="https://www.reuters.com/world/x"
    )
    assert doc.outlet == "Reuters"


def test_document_id_is_normalized():
    assert document_id("Hello   World\n") == document_id("hello world")
    assert len(document_id("x")) == 20
    a = read_text("Menu\nThe two ministers met by the lake and talked about boats.", "a.txt")
    b = read_text("The two ministers met by the lake and talked about boats.", "b.html")
    assert a.id == b.id


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        (
            "The two ministers met by the lake on Wednesday and they talked about the boats "
            "and the trains that will link their countries in the coming years.",
            "en",
        ),
        (
            "Los dos ministros se reunieron el miércoles junto al lago y hablaron de los barcos "
            "y de los trenes que unirán a sus países en los próximos años.",
            "es",
        ),
        (
            "Die beiden Minister trafen sich am Mittwoch am See und sprachen über die Boote und "
            "die Züge, die ihre Länder in den kommenden Jahren verbinden werden.",
            "de",
        ),
        (
            "Два министра встретились в среду у озера и обсудили лодки и поезда, которые "
            "свяжут их страны в ближайшие годы.",
            "ru",
        ),
        ("两国外长星期三在湖边会面，讨论了未来几年连接两国的船只和火车。", "zh"),
    ],
)
def test_language(text, lang):
    assert read_text(text, "a").lang == lang


@pytest.mark.parametrize(
    ("line", "place", "agency"),
    [
        ("Brasília (dpa) - Der Kanzler traf den Präsidenten am Montag.", "Brasília", "dpa"),
        ("Nusa Dua (APA/AFP/dpa) - Die beiden sprachen drei Stunden.", "Nusa Dua", "APA/AFP/dpa"),
        ("Washington - Der Kanzler wurde im Weißen Haus empfangen.", "Washington", ""),
        ("Riyadh, December 08, 2022, SPA -- The King received the guest.", "Riyadh", "SPA"),
        ("CIUDAD DE MÉXICO. — La presidenta habló con el mandatario.", "CIUDAD DE MÉXICO", ""),
    ],
)
def test_datelines_in_other_house_styles(line, place, agency):
    found = find_dateline(line)
    assert found is not None
    assert (found[0], found[4]) == (place, agency)


@pytest.mark.parametrize(
    "line",
    [
        "SÜDAMERIKA-REISE DES KANZLERS",  # a kicker with a hyphenated word
        "Brésil : Emmanuel Macron et Lula lancent un plan pour l'Amazonie",  # kicker, space-colon
    ],
)
def test_kickers_are_not_datelines(line):
    assert find_dateline(line) is None


@pytest.mark.parametrize(
    ("header", "published"),
    [
        ("Source: Xinhua | Editor: Jo Bloggs | 2023-06-14 21:03:47", "2023-06-14T21:03:47"),
        ("TNN | Updated: Jun 4, 2020, 23:12 IST", "2020-06-04T23:12:00+05:30"),
        ("Veröffentlicht am 31.01.2023 | Lesedauer: 3 Minuten", "2023-01-31"),
        (
            "Publié le 3 février 2025 à 16 h 05 HNE | Mis à jour à 18 h 30 HNE",
            "2025-02-03T16:05:00-05:00",
        ),
        ("26/03/2024 19h40 · Atualizado há 2 horas", "2024-03-26T19:40:00"),
        ("Issued on: 07/05/2025 - 19:02", "2025-05-07T19:02:00"),
        ("15-11-2024 08:51", "2024-11-15T08:51:00"),
        ("Updated 22:31, 05-Jun-2025", "2025-06-05T22:31:00"),
        ("2024.07.06.", "2024-07-06"),
        ("Lunedì 29 luglio 2024 - 13:05", "2024-07-29T13:05:00"),
        ("Stand: Donnerstag, 5. Juni 2025, 21:48 Uhr", "2025-06-05T21:48:00"),
    ],
)
def test_header_timestamps_of_many_outlets(header, published):
    text = f"A short title\n{header}\nThe two ministers met and talked about ports and trains."
    doc = read_text(text, "a")
    assert doc.published == published
    assert header not in doc.text


@pytest.mark.parametrize(
    ("footer", "outlet"),
    [
        (
            "© Copyright 2024 Portal Notícias Brasil. Todos os direitos reservados.",
            "Portal Notícias Brasil",
        ),
        ("© Riproduzione riservata", None),
    ],
)
def test_copyright_lines_name_the_outlet_or_nothing(footer, outlet):
    text = f"A short title\nThe two ministers met and talked about ports and trains.\n{footer}"
    assert read_text(text, "a").outlet == outlet
