"""``prepare``: a worker builds every language's patterns before its first document."""

from __future__ import annotations

import pytest

from parley.extract import SUPPORTED_LANGUAGES, prepare
from parley.extract.patterns import _MATCHERS
from parley.extract.status import _family, _sources


def test_prepare_builds_every_registered_matcher_of_every_language() -> None:
    prepare()
    before = [m.cache_info().misses for m in _MATCHERS]  # type: ignore[attr-defined]
    for lang in sorted(SUPPORTED_LANGUAGES):
        for build in _MATCHERS:
            build(lang)
    assert [m.cache_info().misses for m in _MATCHERS] == before  # type: ignore[attr-defined]
    # the status families too, which are otherwise compiled when their words first occur
    misses = _family.cache_info().misses
    for lang in SUPPORTED_LANGUAGES:
        for family in _sources(lang):
            _family(lang, family)
    assert _family.cache_info().misses == misses


def test_the_registry_holds_the_stages_patterns() -> None:
    names = {m.__wrapped__.__module__ + "." + m.__name__ for m in _MATCHERS}  # type: ignore[attr-defined]
    assert {
        "parley.extract.dates._patterns",
        "parley.extract.triggers._trigger_rules",
        "parley.extract.status._families",
        "parley.extract.places._regexes",
    } <= names


def test_prepare_builds_the_fuzzy_name_bands() -> None:
    from parley.extract import default_extractor

    prepare(frozenset({"en"}))
    people = default_extractor("en").lex.people
    built = dict(people._alias_bands)
    for length in range(1, 40):
        assert people._near_length(length) is built[length]
    # each band as the lazy way builds it: the aliases in reach, their words sorted
    keys, sorted_forms = built[12]
    assert sorted_forms == [" ".join(sorted(k.split())) for k in keys]
    assert all(9 <= len(k) <= 15 for k in keys) and keys


def test_prepare_sets_what_it_built_aside_from_the_collector(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """After a last full collection (the prebuilt KB's loading freezes too, so the count
    of frozen objects alone would prove nothing)."""
    import gc

    calls: list[str] = []
    monkeypatch.setattr(gc, "collect", lambda *a: calls.append("collect") or 0)
    monkeypatch.setattr(gc, "freeze", lambda: calls.append("freeze"))
    prepare(frozenset({"en"}))
    assert calls[-2:] == ["collect", "freeze"]
