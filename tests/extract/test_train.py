"""Training the extraction model: deterministic, small, and it changes what is decided."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.extract.learned import DECISIONS, LinearDecision, Model, default_model
from parley.extract.train import match_gold, read_candidates, train

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture(scope="module")
def small_model() -> str:
    return train([EXAMPLES]).to_json()


def test_training_twice_on_the_same_corpus_writes_the_same_file(small_model: str) -> None:
    assert train([EXAMPLES]).to_json() == small_model


def test_the_model_is_a_small_json_table_that_loads_back(small_model: str) -> None:
    model = Model.from_json(small_model)
    assert model.meta["documents"] == 12
    assert set(model.decisions) <= set(DECISIONS)
    assert {"occurred", "date"} <= set(model.decisions)
    assert Model.from_json(model.to_json()).to_json() == small_model
    assert len(small_model) < 200_000


def test_the_shipped_model_is_small_and_complete() -> None:
    model = default_model()
    assert set(DECISIONS) - {"split"} <= set(model.decisions)
    text = (Path(__file__).resolve().parents[2] / "src/parley/extract/model.json").read_text()
    assert len(text) < 2_000_000


def test_a_file_that_is_not_a_model_is_refused_in_one_line(tmp_path: Path) -> None:
    bad = tmp_path / "m.json"
    bad.write_text('{"version": 99}')
    with pytest.raises(ValueError, match="not a parley model"):
        Model.load(bad)
    with pytest.raises(ValueError, match=r"No such file|m2\.json"):
        Model.load(tmp_path / "m2.json")


def test_weights_decide_and_explain() -> None:
    d = LinearDecision(-1.0, {"rule:occurred": 3.0, "cue:cancelled": -4.0})
    assert d.prob({"rule:occurred": 1.0}) > 0.8
    assert d.prob({"rule:occurred": 1.0, "cue:cancelled": 1.0}) < 0.2
    assert d.contributions({"rule:occurred": 1.0, "cue:cancelled": 1.0})[0] == (
        "cue:cancelled",
        -4.0,
    )


def test_labels_come_from_the_gold_by_people_and_evidence() -> None:
    cands = {c.gold["doc"]: c for c in read_candidates([EXAMPLES])}
    c = cands["07_blinken_trip_postponed.txt"]
    for _doc, engagements, _facts in c.docs:
        for eng in engagements:
            hit = match_gold(eng, c.gold)
            # a postponed trip is no event: nothing the rules proposed matches `events`
            assert hit is None or hit[0] == "planned"
    c = cands["01_wang_blinken_beijing.txt"]
    hits = [match_gold(e, c.gold) for _, engs, _ in c.docs for e in engs]
    assert any(h and h[0] == "events" and h[1]["primary"] for h in hits)


SHARED = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.mark.shared
@pytest.mark.skipif(not SHARED.is_dir(), reason="needs ../shared/corpus")
def test_the_shipped_model_is_what_the_corpora_teach() -> None:
    """`make model` rebuilds src/parley/extract/model.json; a change to the rules or the
    features without retraining would ship weights for features that no longer exist."""
    fresh = train([SHARED / c for c in ("seeds", "dev", "train")])
    shipped = default_model()
    assert fresh.meta["documents"] == shipped.meta["documents"]
    assert set(fresh.decisions) == set(shipped.decisions)
    for name, decision in fresh.decisions.items():
        old = shipped[name]
        assert abs(decision.bias - old.bias) < 1e-3, name
        keys = set(decision.weights) | set(old.weights)
        worst = max(abs(decision.weights.get(k, 0.0) - old.weights.get(k, 0.0)) for k in keys)
        assert worst < 1e-3, (name, worst)
