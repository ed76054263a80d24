"""One engagement per real-world engagement: its tellings grouped, every option gathered."""

from __future__ import annotations

from parley.extract import default_extractor, extract_events
from parley.read import read_text

# Three tellings of one meeting (my own words): the headline names the two, the lead
# gives the day, a later sentence the place.
STORY = (
    "Ruto and Hassan Sheikh Mohamud hold talks\n\n"
    "Kenyan President William Ruto met Somali President Hassan Sheikh Mohamud on Sunday "
    "night to discuss security along their shared border.\n\n"
    "The two leaders also spoke about trade and the fight against al-Shabaab.\n\n"
    "The meeting took place at State House in Nairobi, according to a statement from the "
    "presidency."
)


def _story():  # type: ignore[no-untyped-def]
    return read_text(STORY, "ruto.txt", published_hint="2024-03-11")


def _candidates(text: str, published: str):  # type: ignore[no-untyped-def]
    """The engagements of a report of these tests with every option, undecided."""
    return default_extractor().candidates(read_text(text, "case.txt", published_hint=published))


def test_three_tellings_are_one_engagement_with_every_option() -> None:
    engagements, _facts = default_extractor().candidates(_story())
    told = [e for e in engagements if e.rule_status == "occurred"]
    assert len(told) == 1, [[p.ref.name for p in e.people] for e in told]
    eng = told[0]
    assert len(eng.mentions) >= 2
    dates = {o.value for o in eng.dates if o.value}
    assert ("2024-03-10", "day") in dates  # "on Sunday night", in the lead
    towns = {o.value.city for o in eng.places if o.value is not None}
    assert "Nairobi" in towns  # "The meeting took place at State House in Nairobi"
    nairobi = next(o for o in eng.places if o.value is not None and o.value.city == "Nairobi")
    sunday = next(o for o in eng.dates if o.value == ("2024-03-10", "day"))
    told_in = {m.sentence.index for m in eng.mentions}
    place_at = {
        m.sentence.index
        for m in eng.mentions
        if m.sentence.start <= nairobi.spans[0].start < m.sentence.end
    }
    date_at = {
        m.sentence.index
        for m in eng.mentions
        if m.sentence.start <= sunday.spans[0].start < m.sentence.end
    }
    assert place_at and date_at and place_at != date_at and place_at | date_at <= told_in


def test_the_event_takes_the_date_of_one_telling_and_the_place_of_another() -> None:
    events = [e for e in extract_events(_story()) if e.status == "occurred"]
    assert len(events) == 1
    ev = events[0]
    assert ev.date == "2024-03-10"
    assert ev.location is not None and ev.location.city == "Nairobi"
    assert sorted(p.country or "" for p in ev.participants) == ["KEN", "SOM"]
    # each field cites where it was read
    assert "Sunday" in ev.field_evidence["date"].text
    assert ev.field_evidence["location"].text == "Nairobi"


def test_every_event_explains_its_fields() -> None:
    ev = next(e for e in extract_events(_story(), explain=True) if e.status == "occurred")
    for field in ("status", "participants", "date", "location", "primary"):
        assert field in ev.explanation
    chosen = ev.explanation["date"]
    assert chosen["chosen"].startswith("2024-03-10")
    assert any(c["cues"] for c in chosen["candidates"])


def _hosts(text: str) -> list[str | None]:
    doc = read_text(text, "host.txt")
    engagements, _facts = default_extractor(doc.lang).candidates(doc)
    return [m.host for e in engagements for m in e.mentions if m.trigger.cameo == "043"]


def test_a_hosting_word_names_the_host_and_offers_its_country() -> None:
    # my own sentences: the receiving side is the subject, or the agent of the passive
    assert "CHL" in _hosts(
        "Chilean President Gabriel Boric received Peruvian President Dina Boluarte on Monday."
    )
    assert "KEN" in _hosts(
        "Somali President Hassan Sheikh Mohamud was welcomed on Friday by Kenyan President "
        "William Ruto for talks on border security."
    )
    assert "BRA" in _hosts(
        "O presidente da Argentina, Javier Milei, foi recebido nesta segunda-feira pelo "
        "presidente Luiz Inácio Lula da Silva para uma reunião sobre comércio."
    )
    # a passive without its agent names no host
    assert "SOM" not in _hosts(
        "Somali President Hassan Sheikh Mohamud was welcomed on Friday for talks with "
        "Kenyan President William Ruto."
    )
    engagements, _ = default_extractor().candidates(
        read_text(
            "Chilean President Gabriel Boric received Peruvian President Dina Boluarte on Monday.",
            "host.txt",
        )
    )
    offered = {
        o.value.country
        for e in engagements
        for o in e.places
        if o.value and "src:host" in o.features
    }
    assert offered == {"CHL"}


def test_a_file_photo_caption_is_never_the_story_engagement() -> None:
    """ "FILE - X and Y meet in Paris, March 7" under a July story tells another day's
    meeting: its group of tellings cannot be joined with the story's own."""
    from parley.extract.assemble import pair_features
    from parley.extract.status import is_archive_caption

    assert is_archive_caption("file - the two ministers meet in paris, march 7, 2019.")
    assert is_archive_caption("file photo: the two ministers shake hands.")
    assert not is_archive_caption("the file was handed to the two ministers when they met.")
    text = (
        "The French foreign minister Jean-Yves Le Drian met his Saudi counterpart Adel "
        "al-Jubeir after landing in Jeddah.\n\n"
        "FILE - French Foreign Minister Jean-Yves Le Drian and Saudi Foreign Minister Adel "
        "al-Jubeir meet in Paris, Thursday, March 7, 2019."
    )
    engagements, facts = _candidates(text, "2019-07-10")
    told = [e for e in engagements if e.rule_status == "occurred"]
    archive = [e for e in told if all(m.archive for m in e.mentions)]
    current = [e for e in told if not any(m.archive for m in e.mentions)]
    assert archive and current
    assert pair_features(archive[0], current[0], facts.anchor) is None


def test_a_recalled_meeting_takes_no_day_of_the_story() -> None:
    """ "Three months after they met in New Delhi, ... held talks in Bali on Thursday":
    the Delhi meeting is recalled, so neither the talks' Thursday nor the story's own day
    is its date (only the learned decision may still weigh the sentence's dates)."""
    text = (
        "Three months after they met in New Delhi, Indian External Affairs Minister S. "
        "Jaishankar and Chinese Foreign Minister Wang Yi held talks in Bali on Thursday."
    )
    engagements, _facts = _candidates(text, "2022-07-08")
    recalled = [m for e in engagements for m in e.mentions if m.background]
    assert recalled and all(m.date is None for m in recalled)
    held = [m for e in engagements for m in e.mentions if not m.background]
    assert any(m.date is not None and m.date.date == "2022-07-07" for m in held)


def test_a_meeting_named_for_other_people_is_theirs() -> None:
    """ "The last senior commanders meeting": the commanders met, not the ministers the
    story is about, so the story's people do not stand in for them."""
    text = (
        "Indian External Affairs Minister S. Jaishankar met Chinese Foreign Minister Wang Yi "
        "in Bali on Thursday.\n\n"
        "The senior commanders meeting on March 12 made little progress, the ministry said."
    )
    engagements, _facts = _candidates(text, "2022-07-08")
    told = [m.sentence.text for e in engagements for m in e.mentions]
    assert any(t.startswith("Indian") for t in told)
    assert not any(t.startswith("The senior commanders") for t in told)


def test_tellings_whose_dates_cannot_agree_are_never_one_engagement() -> None:
    """ "in February" and "on Wednesday, 4 September": a month that does not hold the
    other telling's day keeps the two apart, whatever the learned decision would weigh."""
    from parley.extract.assemble import pair_features

    text = (
        "Turkish President Recep Tayyip Erdogan welcomed Egyptian President Abdel Fattah "
        "el-Sisi in Ankara on Wednesday.\n\n"
        "The visit follows talks between Erdogan and Sisi in February."
    )
    engagements, facts = _candidates(text, "2024-09-04")
    dated = {m.date.date: e for e in engagements for m in e.mentions if m.date and m.date.date}
    assert "2024-09-04" in dated and "2024-02-01" in dated
    assert pair_features(dated["2024-09-04"], dated["2024-02-01"], facts.anchor) is None


def test_explaining_changes_no_event() -> None:
    plain = extract_events(_story())
    explained = extract_events(_story(), explain=True)
    assert [e.to_dict() for e in plain] == [e.to_dict() for e in explained]
    assert all(e.explanation == {} for e in plain)
    assert all("date" in e.explanation for e in explained if e.status == "occurred")
