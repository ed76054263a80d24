"""Planned versus occurred versus cancelled, decided from the words around the trigger."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from parley.extract.patterns import supported_languages
from parley.extract.status import engagement_status, status_cues
from parley.extract.triggers import find_triggers
from parley.text import fold

CASES = [
    ("Blinken met Wang Yi in Munich on Saturday.", "occurred"),
    ("Blinken will meet Wang Yi in Munich on Saturday.", "planned"),
    ("The two leaders are expected to hold talks next week.", "planned"),
    ("Kishida is scheduled to meet Yoon on Thursday.", "planned"),
    ("Trump said he would meet Putin in Budapest.", "planned"),
    ("Trump said he had cancelled his planned meeting with Putin.", "cancelled"),
    ("The visit was postponed at short notice, and the meeting did not take place.", "cancelled"),
    ("Rubio and Lavrov called off an expected meeting.", "cancelled"),
    ("There will be a bilateral meeting between the two leaders tomorrow.", "planned"),
    ("The pair held talks over dinner in Guangzhou.", "occurred"),
    ("Albanese held talks with Xi in Beijing ahead of the expo.", "occurred"),
    ("The Kenyan president is to meet his Ugandan counterpart in Kampala later today.", "planned"),
    ("The two foreign ministers held a planned meeting in Doha.", "occurred"),
    ("A face-to-face meeting between the two presidents is possible, an aide said.", "planned"),
    ("The two leaders have not met since 2019.", "cancelled"),
    ("He said there were no concrete plans for talks with the junta.", "cancelled"),
    ("The premier said she was ready to meet the opposition leader.", "planned"),
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_status(text: str, want: str) -> None:
    folded = fold(text)
    trig = find_triggers(folded)[0]
    assert engagement_status(folded, trig.start, trig.end) == want


# One case per cue family (ConText: a cue, the direction it looks in, and its scope).
FAMILIES = [
    ("Blinken will meet Wang Yi in Munich on Saturday.", "planned_before"),
    ("The meeting between the two leaders will take place on Friday.", "planned_after"),
    (
        "Kishida is planning to make another trip to Seoul later this month to meet Yoon.",
        "planned_clause",
    ),
    ("Tokyo had proposed the talks with Seoul last year.", "planned_with_trigger"),
    ("The visit of the chancellor to meet Modi was postponed on Tuesday.", "cancelled"),
]


@pytest.mark.parametrize(("text", "family"), FAMILIES)
def test_each_cue_family_fires_in_its_scope(text: str, family: str) -> None:
    folded = fold(text)
    trig = find_triggers(folded)[-1]
    cues = status_cues(folded, trig.start, trig.end)
    assert family in cues
    assert f"{family}@near" in cues or f"{family}@far" in cues


def test_the_future_in_the_verb_is_a_plan_in_french() -> None:
    folded = fold("Emmanuel Macron rencontrera Xi Jinping la semaine prochaine.")
    trig = find_triggers(folded, "fr")[0]
    assert "planned_self" in status_cues(folded, trig.start, trig.end, "fr")


def test_the_present_tense_tells_the_story_day_in_russian() -> None:
    folded = fold("Лавров проводит встречу с Ван И в Москве.")
    trig = find_triggers(folded, "ru")[0]
    assert "present_now" in status_cues(folded, trig.start, trig.end, "ru")


def test_a_terminator_ends_the_scope_of_a_cue() -> None:
    """ "The invitation was extended during a bilateral meeting": the meeting happened."""
    folded = fold("This invitation was extended during a bilateral meeting in Kazan.")
    trig = find_triggers(folded)[-1]
    assert "planned_before" not in status_cues(folded, trig.start, trig.end)
    folded = fold("The invitation to a bilateral meeting in Kazan was welcome.")
    trig = find_triggers(folded)[0]
    assert "planned_before" in status_cues(folded, trig.start, trig.end)


def test_a_cue_next_to_the_word_is_near_and_one_across_the_clause_far() -> None:
    near = fold("Trump cancelled the meeting with Putin.")
    t = find_triggers(near)[0]
    assert "cancelled@near" in status_cues(near, t.start, t.end)
    far = fold(
        "The chancellor's trip to meet Prime Minister Narendra Modi in New Delhi was postponed."
    )
    t = find_triggers(far)[-1]
    assert "cancelled@far" in status_cues(far, t.start, t.end)


def test_a_journey_made_for_the_engagement_is_a_purpose_cue() -> None:
    from parley.extract.status import status_cues

    text = "the prime minister has arrived in the capital to meet the president"
    i = text.index("meet")
    assert "purpose" in status_cues(text, i, i + 4)
    text = "the prime minister met the president after he arrived"
    i = text.index("met")
    assert "purpose" not in status_cues(text, i, i + 3)


@pytest.mark.parametrize(
    "text",
    [
        "baltic prime ministers to meet with tusk in tallinn",
        "the prime minister has arrived in singapore to meet prime minister wong",
    ],
)
def test_a_bare_infinitive_is_a_plan(text: str) -> None:
    from parley.extract.status import engagement_status

    i = text.index("meet")
    assert engagement_status(text, i, i + 4) == "planned"


def test_what_is_to_be_done_at_a_meeting_makes_it_a_plan() -> None:
    from parley.extract.status import status_cues

    text = "the president plans to raise the issue during his meeting with the premier"
    i = text.index("meeting with")
    assert "planned_clause" in status_cues(text, i, i + 12)
    text = "the president raised the issue during his meeting with the premier"
    i = text.index("meeting with")
    assert "planned_clause" not in status_cues(text, i, i + 12)


def test_an_envisaged_meeting_is_a_plan() -> None:
    from parley.extract.status import engagement_status

    text = "during the envisaged meeting, the two leaders are also expected to sign a pact"
    i = text.index("meeting")
    assert engagement_status(text, i, i + 7) == "planned"


@pytest.mark.parametrize(
    ("text", "want"),
    [
        ("officials said preparations are underway for talks with the president", "planned"),
        ("the spokesman said the president has not received the envoy", "cancelled"),
        ("the ministry said the premier did not receive the envoy", "cancelled"),
    ],
)
def test_preparations_and_negated_hosting(text: str, want: str) -> None:
    folded = fold(text)
    trig = find_triggers(folded)[-1]
    assert engagement_status(folded, trig.start, trig.end) == want


def test_a_plan_said_after_coordinated_engagement_words_is_said_of_both() -> None:
    """ "the meeting and talks will be held": the first word is as planned as the second;
    the words after it are not cut where the second engagement begins."""
    text = "the meeting and talks will be held in the capital"
    first, second = text.index("meeting"), text.index("talks")
    assert "planned_after" in status_cues(text, first, first + 7, until=second)
    text = "the meeting ended, then talks with the envoys will be held"
    second = text.index("talks")
    assert "planned_after" not in status_cues(text, first, first + 7, until=second)


def test_futures_around_the_engagement_in_russian() -> None:
    cases = [
        # documents will be signed during the visit: the visit is to come
        ("соглашения будут подписаны в ходе официального визита премьера", "визита"),
        # a perfective future governs its clause
        ("премьер посетит страну с официальным визитом", "визитом"),
        # the visit's programme provides for ...
        ("программой визита предусмотрены переговоры", "визита"),
    ]
    for text, word in cases:
        i = text.index(word)
        cues = status_cues(text, i, i + len(word), "ru")
        assert {"planned_clause", "planned_after"} & cues, text


def test_a_schedule_and_an_arrangement_told_after_are_plans() -> None:
    text = "auf dem programm des kanzlers stehen auch treffen mit dem prasidenten"
    i = text.index("treffen")
    assert "planned_before" in status_cues(text, i, i + 7, "de")
    text = "pertemuan itu rencananya digelar di istana"
    assert "planned_after" in status_cues(text, 0, 9, "id")


@pytest.mark.parametrize(
    "text",
    [
        "Relations have steadied since the two presidents met in San Francisco.",
        "The talks came a month after both leaders had met in Lima.",
        "It is their second call since they last met.",
    ],
)
def test_a_meeting_recalled_as_a_point_in_time_is_background(text: str) -> None:
    from parley.extract.status import is_background

    folded = fold(text)
    trig = next(t for t in find_triggers(folded) if folded[t.start : t.end].startswith("met"))
    assert is_background(folded, trig.start, trig.end)


class _Open:
    """A gate that lets every pattern through: the plain way to compare with."""

    def __init__(self, n: int = 64) -> None:
        self.n = n

    def possible(self, text: str) -> set[int]:
        return set(range(self.n))


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(sorted(supported_languages())),
    st.lists(st.integers(min_value=0, max_value=10_000), min_size=1, max_size=40),
    st.integers(min_value=0, max_value=40),
)
def test_the_family_gate_changes_no_cue(lang: str, picks: list[int], at: int) -> None:
    """Texts made of the cue families' own words around an engagement word: the gates over
    the words around it and over each window rule out no family, no pattern that fires."""
    from parley.extract import status
    from parley.extract.literals import required_alternatives

    vocabulary = sorted(
        {
            s
            for p in status._any(lang).values()
            for alt in required_alternatives(p.pattern, p.flags) or ()
            for strings in alt
            for s in strings
        }
        | {"the", "meeting", "talks", "to", "be", "and", ",", ".", ";", "встреча", "会谈"}
    )
    status._families(lang)  # the language's gates in use from the first engagement word
    words = [vocabulary[i % len(vocabulary)] for i in picks]
    words.insert(min(at, len(words)), "meeting")
    folded = fold(" ".join(words))
    start = folded.index("meeting")
    end = start + len("meeting")
    gated = status_cues(folded, start, end, lang)
    index, _gate = status._gate(lang)
    original, original_family = status._gate, status._family_gate
    try:
        status._gate = lambda _lang: (index, _Open())  # type: ignore[assignment,return-value]
        status._family_gate = lambda lang, family: _Open(len(status._family(lang, family)))  # type: ignore[assignment,return-value]
        plain = status_cues(folded, start, end, lang)
    finally:
        status._gate, status._family_gate = original, original_family
    assert gated == plain
