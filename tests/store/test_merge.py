"""Merging is a function of the set of mentions: any order, same engagements."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.store.merge import (
    MentionRecord,
    blocks,
    cluster,
    cluster_groups,
    event_id,
    merged_record,
)


def mention(
    doc: str,
    date: str | None,
    precision: str | None = "day",
    *,
    people=("a", "b"),
    published: str | None = "2024-05-10",
    city: str | None = "Moscow",
    country: str | None = "RUS",
    primary: bool = True,
    kind: str = "meeting",
) -> MentionRecord:
    return MentionRecord(
        document_id=doc,
        position=0,
        kind=kind,
        status="occurred",
        primary=primary,
        date=date,
        date_precision=precision if date else None,
        location={"city": city, "country": country} if (city or country) else None,
        occasion=None,
        initiator=None,
        cameo="040",
        plover_type="CONSULT",
        plover_mode="",
        confidence=0.7,
        participants=[{"name": p.title(), "country": None, "key": p} for p in people],
        countries=[],
        evidence=[],
        published=published,
        outlet=f"outlet-{doc}",
    )


def groups(ms: list[MentionRecord]) -> set[frozenset[str]]:
    return {frozenset(m.document_id for m in c.members) for c in cluster(ms)}


def test_same_people_same_day_merge_even_if_cities_differ():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-08", city="Novo-Ogaryovo")]
    assert groups(ms) == {frozenset({"d1", "d2"})}
    rec = merged_record(cluster(ms)[0])
    assert rec["n_sources"] == 2 and "city" in rec["disagreements"]


def test_different_days_stay_apart():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-02")]
    assert len(groups(ms)) == 2


def test_a_day_apart_in_one_town_is_one_meeting_told_from_two_days():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-09")]
    assert groups(ms) == {frozenset({"d1", "d2"})}
    unplaced = [mention("d1", "2024-05-08"), mention("d2", "2024-05-09", city=None)]
    assert groups(unplaced) == {frozenset({"d1", "d2"})}


def test_a_day_apart_in_two_towns_is_two_meetings():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-09", city="Kazan")]
    assert len(groups(ms)) == 2


def test_a_day_apart_across_a_month_end_shares_a_block():
    a, b = mention("d1", "2024-05-31"), mention("d2", "2024-06-01")
    assert set(blocks(a)) & set(blocks(b))
    assert groups([a, b]) == {frozenset({"d1", "d2"})}


def test_two_engagements_of_one_document_are_never_merged():
    first, second = mention("d1", "2024-05-08"), mention("d1", "2024-05-09")
    second.position = 1
    assert len(cluster([first, second])) == 2


def test_month_only_date_joins_the_day_inside_it():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-01", "month")]
    assert groups(ms) == {frozenset({"d1", "d2"})}
    assert merged_record(cluster(ms)[0])["date"] == "2024-05-08"  # the most precise date wins


def test_undated_report_joins_a_meeting_in_the_days_before_publication():
    ms = [mention("d1", "2024-05-08"), mention("d2", None, published="2024-05-09")]
    assert groups(ms) == {frozenset({"d1", "d2"})}
    late = [mention("d1", "2024-05-08"), mention("d2", None, published="2024-07-01")]
    assert len(groups(late)) == 2


def test_undated_report_known_by_its_month_joins_a_meeting_of_that_month():
    ms = [mention("d1", "2024-05-20"), mention("d2", None, published="2024-05")]
    assert groups(ms) == {frozenset({"d1", "d2"})}
    assert set(blocks(ms[0])) & set(blocks(ms[1]))
    late = [mention("d1", "2024-03-20"), mention("d2", None, published="2024-05")]
    assert len(groups(late)) == 2


def test_other_people_or_other_kind_stay_apart():
    ms = [
        mention("d1", "2024-05-08"),
        mention("d2", "2024-05-08", people=("a", "c")),
        mention("d3", "2024-05-09", kind="call"),
    ]
    assert len(groups(ms)) == 3
    undated_call = [mention("d1", "2024-05-08"), mention("d2", None, kind="call")]
    assert len(groups(undated_call)) == 2


def test_a_plan_and_its_holding_on_that_day_are_one_engagement_held():
    plan = mention("d1", "2024-05-08")
    plan.status = "planned"
    held = mention("d2", "2024-05-08")
    assert set(blocks(plan)) & set(blocks(held))
    assert groups([plan, held]) == {frozenset({"d1", "d2"})}
    assert merged_record(cluster([plan, held])[0])["status"] == "occurred"
    other_day = mention("d3", "2024-05-09")
    assert len(groups([plan, other_day])) == 2  # a plan is no held meeting of another day


def test_a_call_and_a_meeting_of_one_day_are_one_engagement_told_two_ways():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-08", kind="call", city=None)]
    assert set(blocks(ms[0])) & set(blocks(ms[1]))
    assert groups(ms) == {frozenset({"d1", "d2"})}


def test_a_third_participant_still_merges():
    ms = [mention("d1", "2024-05-08"), mention("d2", "2024-05-08", people=("a", "b", "c"))]
    assert groups(ms) == {frozenset({"d1", "d2"})}
    assert len(merged_record(cluster(ms)[0])["participants"]) == 3


def test_near_duplicates_count_once():
    a, b = mention("d1", "2024-05-08"), mention("d2", "2024-05-08")
    b.duplicate_of = "d1"
    assert merged_record(cluster([a, b])[0])["n_sources"] == 1


def test_blocks_put_a_dated_and_an_undated_report_together():
    dated, undated = mention("d1", "2024-05-08"), mention("d2", None, published="2024-05-12")
    assert set(blocks(dated)) & set(blocks(undated))


_DAYS = st.sampled_from(
    ["2024-05-01", "2024-05-08", "2024-05-09", "2024-05-31", "2024-06-01", "2024-06-02", None]
)
_PEOPLE = st.sampled_from([("a", "b"), ("a", "c"), ("a", "b", "c")])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(_DAYS, _PEOPLE), min_size=1, max_size=8), st.randoms())
def test_any_order_gives_the_same_events(specs, rnd):
    ms = [mention(f"d{i}", d, people=p, published="2024-06-05") for i, (d, p) in enumerate(specs)]
    shuffled = ms[:]
    rnd.shuffle(shuffled)
    one = {(event_id(c), frozenset(m.document_id for m in c.members)) for c in cluster(ms)}
    two = {(event_id(c), frozenset(m.document_id for m in c.members)) for c in cluster(shuffled)}
    assert one == two


def test_merged_names_prefer_latin_letters_whatever_report_is_best_dated():
    zh = mention("zh", "2023-08-06")
    zh.participants = [
        {"name": "王毅", "country": "CHN", "key": "wang-yi"},
        {"name": "博雷利", "country": "EU", "key": "josep-borrell"},
    ]
    en = mention("en", "2023-08-01", "month")
    en.participants = [
        {"name": "Wang Yi", "country": "CHN", "key": "wang-yi"},
        {"name": "Josep Borrell", "country": "EU", "key": "josep-borrell"},
    ]
    (c,) = cluster([zh, en])
    rec = merged_record(c)
    assert rec["date"] == "2023-08-06"  # the Chinese report is still the best dated
    assert [p["name"] for p in rec["participants"]] == ["Wang Yi", "Josep Borrell"]


def test_one_person_and_that_person_with_another_share_no_block_and_stay_apart():
    alone, pair = (
        mention(d, "2024-06-01", people=p) for d, p in (("d1", ("a",)), ("d2", ("a", "b")))
    )
    assert len(cluster([alone, pair])) == 1  # what one batch used to store
    assert len(cluster_groups([alone, pair])) == 2  # what any batching stores now


# -- reports that say nothing of when ---------------------------------------------------


def _timeless(doc: str, city: str | None = "Moscow", **kw) -> MentionRecord:  # type: ignore[no-untyped-def]
    return mention(doc, None, published=None, city=city, **kw)


def test_a_timeless_report_joins_the_one_dated_meeting_of_its_people_in_its_town():
    dated, timeless = mention("d1", "2024-07-31"), _timeless("d2")
    assert set(blocks(dated)) & set(blocks(timeless))  # found whatever the month
    (c,) = cluster_groups([dated, timeless])
    assert {m.document_id for m in c.members} == {"d1", "d2"}
    assert merged_record(c)["date"] == "2024-07-31"


def test_a_timeless_report_stays_apart_when_its_town_saw_two_meetings_or_none():
    two = [mention("d1", "2024-07-31"), mention("d3", "2023-03-02"), _timeless("d2")]
    assert len(cluster_groups(two)) == 3  # which of the two it tells cannot be known
    elsewhere = [mention("d1", "2024-07-31"), _timeless("d2", city="Sochi")]
    assert len(cluster_groups(elsewhere)) == 2
    nowhere = [mention("d1", "2024-07-31"), _timeless("d2", city=None)]
    assert len(cluster_groups(nowhere)) == 2
    plans = [mention("d1", "2024-07-31", kind="call"), _timeless("d2")]
    assert len(cluster_groups(plans)) == 2  # another kind of engagement


_TOWNS = st.sampled_from(["Moscow", "Sochi", None])


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.tuples(_DAYS, _PEOPLE, _TOWNS, st.booleans()), min_size=1, max_size=8),
    st.randoms(),
)
def test_timeless_reports_merge_the_same_in_any_order_and_any_batching(specs, rnd):
    ms = [
        mention(f"d{i}", d, people=p, city=t, published=None if timeless else "2024-06-05")
        for i, (d, p, t, timeless) in enumerate(specs)
    ]
    shuffled = ms[:]
    rnd.shuffle(shuffled)

    def events(xs: list[MentionRecord]) -> set[frozenset[str]]:
        return {frozenset(m.document_id for m in c.members) for c in cluster_groups(xs)}

    assert events(ms) == events(shuffled)
