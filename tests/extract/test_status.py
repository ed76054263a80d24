"""Planned versus occurred versus cancelled, decided from the words around the trigger."""

from __future__ import annotations

import pytest

from parley.extract.status import engagement_status
from parley.extract.text import fold
from parley.extract.triggers import find_triggers

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
]


@pytest.mark.parametrize(("text", "want"), CASES)
def test_status(text: str, want: str) -> None:
    folded = fold(text)
    trig = find_triggers(folded)[0]
    assert engagement_status(folded, trig.start, trig.end) == want
