"""The body's language, and py3langid's model loaded from the unpacked arrays."""

from __future__ import annotations

from pathlib import Path

import pytest

from parley.read import lang

SAMPLES = [
    "Ministers met in Paris on Monday.",
    "Los cancilleres se reunieron el lunes en la capital para hablar del comercio.",
    "Die Außenminister trafen sich am Montag in der Hauptstadt.",
    "Министры встретились в понедельник в столице.",
    "وزيرا الخارجية التقيا يوم الاثنين في العاصمة",
    "",
]


def test_unpacked_model_ranks_as_the_package_does(tmp_path: Path) -> None:
    """The arrays `make prebuilt` writes give py3langid's own ranking, score for score."""
    import py3langid.langid as pl

    assert lang.unpack_model(tmp_path) is True
    assert lang.unpack_model(tmp_path) is False  # current: left alone
    own = pl.LanguageIdentifier.from_model_file(pl.MODEL_FILE)
    original = lang.UNPACKED
    try:
        lang.UNPACKED = tmp_path
        lang._identifier.cache_clear()
        unpacked = lang._identifier()
        assert not isinstance(unpacked.tk_nextmove, type(own.tk_nextmove))  # the mapped one
        for text in SAMPLES:
            mine, theirs = unpacked.rank(text)[:5], own.rank(text)[:5]
            assert [c for c, _ in mine] == [c for c, _ in theirs]
            assert [s for _, s in mine] == pytest.approx([s for _, s in theirs])
    finally:
        lang.UNPACKED = original
        lang._identifier.cache_clear()


def test_stale_arrays_fall_back_to_the_package_loader(tmp_path: Path) -> None:
    (tmp_path / "STAMP").write_text("py3langid 0.0 1\n", "utf-8")
    original = lang.UNPACKED
    try:
        lang.UNPACKED = tmp_path
        lang._identifier.cache_clear()
        assert lang._identifier().rank("Die Minister trafen sich am Montag.")[0][0] == "de"
    finally:
        lang.UNPACKED = original
        lang._identifier.cache_clear()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ministers met in Paris on Monday and spoke of trade.", "en"),
        ("Les ministres se sont rencontrés lundi à Paris pour parler du commerce.", "fr"),
        ("中国外交部长周一在北京会见了来访的客人。", "zh"),
    ],
)
def test_detect(text: str, expected: str) -> None:
    assert lang.detect(text) == expected
