"""Engagement extraction end to end on short reports written for these tests.

Golden expectations live in ``engagement_cases.json``: each case names the behaviour it
pins (title resolved by date, counterpart, new actor from a title, planned versus
occurred, venue implied by the occasion...).
"""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

import pytest

from parley.extract import extract_events
from parley.model import Event
from parley.read import read_text

CASES = json.loads((Path(__file__).parent / "engagement_cases.json").read_text("utf-8"))


def _surname(name: str) -> str:
    last = name.split()[-1].lower()
    return "".join(c for c in unicodedata.normalize("NFKD", last) if not unicodedata.combining(c))


def _events(case: dict) -> list[Event]:
    doc = read_text(case["text"], "case.txt", published_hint=case["published"])
    return [e for e in extract_events(doc) if e.status in {"occurred", "planned"}]


@pytest.mark.parametrize("case", CASES, ids=[c["why"] for c in CASES])
def test_engagement_case(case: dict) -> None:
    got = _events(case)
    want = case["events"]
    assert len(got) == len(want), [e.to_dict() for e in got]
    for w in want:
        match = [
            e
            for e in got
            if sorted(_surname(p.name) for p in e.participants) == sorted(w["surnames"])
            and e.status == w["status"]
            and e.date == w["date"]
        ]
        assert match, f"no event like {w} in {[e.to_dict() for e in got]}"
        ev = match[0]
        assert sorted(ev.countries) == sorted(w["countries"])
        assert ev.kind == w["kind"]
        city = ev.location.city if ev.location else None
        assert city == w["city"]


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


def test_non_english_yields_nothing() -> None:
    text = (
        "El ministro de Asuntos Exteriores de España, José Manuel Albares, se reunió el lunes "
        "en Madrid con su homólogo marroquí, Naser Burita, para hablar de la cooperación."
    )
    doc = read_text(text, "es.txt", published_hint="2023-02-01")
    assert doc.lang == "es"
    assert extract_events(doc) == []
