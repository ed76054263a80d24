"""Filter values as people type them (store/values.py)."""

from __future__ import annotations

from datetime import date

import pytest

from parley.store import values
from parley.store.values import FilterValueError, event_filter, parse_date

TODAY = date(2024, 6, 12)


@pytest.mark.parametrize(
    ("written", "meant"),
    [
        ("2024-05-03", "2024-05-03"),
        ("2024-05", "2024-05"),
        ("2024-5", "2024-05"),
        ("2024", "2024"),
        ("yesterday", "2024-06-11"),
        ("today", "2024-06-12"),
        ("3 days ago", "2024-06-09"),
        ("last week", "2024-06-05"),
        ("last month", "2024-05"),
        ("last year", "2023"),
        ("May 2024", "2024-05"),
        ("last November", "2023-11"),
        ("last May", "2024-05"),
        (date(2024, 1, 2), "2024-01-02"),
    ],
)
def test_dates_keep_the_precision_people_wrote(written, meant):
    assert parse_date(written, TODAY) == meant


@pytest.mark.parametrize(
    "bad", ["yesterday-ish soon", "banana", "2024-13", "2024-02-30", "05/03/2024"]
)
def test_dates_that_cannot_mean_one_day_are_refused(bad):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(bad, TODAY)


def test_countries_by_code_name_or_adjective_and_typos_get_the_closest():
    assert {values.parse_country(v) for v in ("CHN", "chn", "China", "Chinese")} == {"CHN"}
    assert values.parse_country("the United States") == "USA"
    assert values.parse_country("European Union") == "EU"
    with pytest.raises(ValueError, match=r"closest: China \(CHN\)"):
        values.parse_country("Chna")


def test_kinds_statuses_topics_stances_are_checked():
    assert values.parse_kind("Meeting") == "meeting"
    assert values.parse_topic("ukraine") == "ukraine"
    assert values.parse_stance("accuse") == "accuse"
    for parse, bad in (
        (values.parse_kind, "visit"),
        (values.parse_status, "done"),
        (values.parse_topic, "ukrain"),
        (values.parse_stance, "angry"),
    ):
        with pytest.raises(ValueError, match=repr(bad)):
            parse(bad)


def test_the_event_filter_takes_several_countries_and_a_range():
    flt = event_filter(
        country=["China", "USA", "RUS"], between=("2024-01", "last month"), today=TODAY
    )
    assert (flt.country, flt.country2, flt.more_countries) == ("CHN", "USA", ("RUS",))
    assert (flt.since, flt.until) == ("2024-01", "2024-05")
    assert event_filter(primary=False).primary is None  # "not only primary" is every event
    with pytest.raises(FilterValueError) as e:
        event_filter(between=("2024-06", "2024-01"))
    assert e.value.option == "between"
    with pytest.raises(TypeError):
        event_filter(nonsense=1)


def test_shown_dates_claim_no_more_than_the_sources_gave():
    assert values.shown_date("2023-11-01", "month") == "2023-11"
    assert values.shown_date("1985-01-01", "year") == "1985"
    assert values.shown_date("2024-05-06", "day") == "2024-05-06"
    assert values.shown_date(None, None) == ""
