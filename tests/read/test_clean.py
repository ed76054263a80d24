"""Cleaner rules, one by one, on short fixtures of our own; and the idempotence property."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from parley.read import read_text

BODY = [
    "The two ministers met by the lake on Wednesday and talked about boats and trains.",
    "Both sides agreed to open a new ferry line next spring, the spokesman told reporters.",
    "They also discussed fishing quotas and a joint study of the river delta.",
]


def clean_doc(*extra_top: str, tail: tuple[str, ...] = ()):
    text = "\n".join([*extra_top, "Ministers agree on a new ferry line", *BODY, *tail])
    return read_text(text, "t.txt")


def assert_dropped(line: str, *, top: bool = True) -> None:
    doc = clean_doc(line) if top else clean_doc(tail=(line,))
    assert line.strip() in doc.removed, doc.removed
    assert line.strip() not in doc.text
    for sentence in BODY:
        assert sentence in doc.text


def test_navigation():
    assert_dropped("Home > World News")
    assert_dropped("News | Politics | Business | Sport")
    assert_dropped("Latest Headlines")


def test_share_and_suggest():
    assert_dropped("Share:")
    assert_dropped("Suggest to a friend:", top=False)
    assert_dropped("Share this article", top=False)


def test_footer_and_copyright():
    assert_dropped("Copyright 2024 Lakeside Post. All rights reserved", top=False)
    assert_dropped("京ICP备12345678号", top=False)
    doc = clean_doc(tail=("About Us", "Contact Us", "Privacy Policy"))
    assert {"About Us", "Contact Us", "Privacy Policy"} <= set(doc.removed)


def test_editor_and_source_lines():
    assert_dropped("Editor: Jo Bloggs", top=False)
    assert_dropped("Source: Lakeside Post   Editor: Jo Bloggs", top=False)
    assert_dropped("By Jo Bloggs")


def test_urls_images_numbers():
    assert_dropped("https://example.org/pics/2024/lake.png", top=False)
    assert_dropped("lake_photo_01.jpg", top=False)
    assert_dropped("8013945", top=False)


def test_foreign_headline_on_top():
    assert_dropped("两国领导人在首都举行会谈并签署多项合作文件")


def test_caption_is_kept_as_caption():
    caption = "The ministers shake hands by the lake. (Photo: Jo Bloggs)"
    doc = clean_doc(caption)
    kinds = {p.text: p.kind for p in doc.paragraphs}
    assert kinds[caption] == "caption"
    caption2 = "The ministers walk along the shore. [Photo by Jo Bloggs/Lakeside Post]"
    doc = read_text("\n".join([*BODY[:1], caption2, *BODY[1:]]), "t")
    assert {p.text: p.kind for p in doc.paragraphs}[caption2] == "caption"


def test_title_and_offsets():
    doc = clean_doc("Home > World News")
    assert doc.title == "Ministers agree on a new ferry line"
    assert doc.paragraphs[0].kind == "title"
    for p in doc.paragraphs:
        assert doc.original[p.start : p.end] == p.text


def test_duplicate_lines():
    doc = read_text("\n".join(["A headline for the talks", BODY[0], BODY[0], BODY[1]]), "t")
    assert doc.text.count(BODY[0]) == 1
    assert BODY[0] in doc.removed


def test_trailing_link_list():
    doc = clean_doc(
        tail=(
            "Another story about a bridge",
            "A second story about a road",
            "A third one about rain",
        )
    )
    assert "A third one about rain" in doc.removed
    assert BODY[-1] in doc.text


def test_editor_tail_cut_from_last_paragraph():
    doc = read_text("两国外长星期三在湖边会面，讨论了船只和火车。【责任编辑：张三】", "t")
    assert "责任编辑" not in doc.text
    assert any("责任编辑" in r for r in doc.removed)


def test_timestamp_line_removed():
    doc = clean_doc("15:21 UTC+8, 2022-09-22")
    assert doc.published == "2022-09-22T15:21:00+08:00"
    assert "15:21 UTC+8, 2022-09-22" in doc.removed


def test_clean_text_is_unchanged():
    once = clean_doc("Home > World News", "Share:", tail=("Editor: Jo Bloggs",))
    again = read_text(once.text, "t")
    assert again.text == once.text
    assert again.removed == []


def test_empty_and_blank():
    assert read_text("", "t").text == ""
    assert read_text("  \n\n ", "t").paragraphs == []


FRAGMENTS = [
    *BODY,
    "Home > World News",
    "Share:",
    "Editor: Jo Bloggs",
    "15:21 UTC+8, 2022-09-22",
    "Copyright 2024 Lakeside Post",
    "8013945",
    "https://example.org/a.png",
    "Ministers agree on a new ferry line",
    "两国领导人在首都举行会谈",
    "GENEVA — Talks opened today.",
    "The ministers shake hands. (Photo: Jo Bloggs)",
    "About Us",
    "Related News",
    "21.5 C",
    "By Jo Bloggs",
    "A short line",
    "",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=14))
def test_property_cleaning_is_idempotent_on_pages(lines):
    once = read_text("\n".join(lines), "p")
    twice = read_text(once.text, "p")
    assert twice.text == once.text


@settings(max_examples=150, deadline=None)
@given(st.text(max_size=400))
def test_property_random_text_never_raises_and_is_idempotent(text):
    once = read_text(text, "p")
    for p in once.paragraphs:
        assert once.original[p.start : p.end] == p.text
    twice = read_text(once.text, "p")
    assert twice.text == once.text


# ---------------------------------------------------------------------------------------
# The pre-filter (issue 16): it may only ever spare rules that would have kept the line.

_PIECES = [
    "the",
    "minister",
    "said",
    "on",
    "Monday",
    "talks",
    "were",
    "held",
    "in",
    "Geneva",
    "2024",
    "12",
    "5,",
    "Photo",
    "photograph",
    "IMAGE",
    "pic",
    "Foto",
    "Getty",
    "Images",
    "via",
    "credit:",
    "Source:",
    "Read",
    "more:",
    "©",
    "Copyright",
    "All",
    "Rights",
    "Reserved",
    "ICP",
    "备",
    "公网安备",
    "|",
    "·",
    "•",
    ">",
    "»",
    "/",
    "Reuters/Ann",
    "Lee",
    "(@envoy)",
    "—",
    "(AFP)",
    "[Photo/Xinhua]",
    "(Photo:",
    "Agency)",
    "ſ",
    "ı",
    "İcp",
    "https://example.org/x",
    "www.example.org",
    "Image:",
    "By",
    "Jane",
    "Roe",
    "Editor:",
    "subscribe",
    "newsletter",
    "Share",
    "on",
    "Twitter:",
    "the most read daily",
]


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), min_size=10, max_size=40))
def test_property_a_line_the_prefilter_passes_is_kept_by_every_rule(pieces):
    from parley.read.clean import _line_verdict, plain_body
    from parley.read.metadata import word_count

    line = " ".join(pieces)
    words = word_count(line)
    if plain_body(line, words):
        verdict = _line_verdict.__wrapped__(line, words)
        assert verdict.reason == "" and not verdict.caption and not verdict.temperature
        assert verdict.stamp is None and verdict.byline is None


def test_the_prefilter_passes_ordinary_paragraphs():
    from parley.read.clean import plain_body

    long = "The two ministers met by the lake on Wednesday and talked of boats, trains, a bridge."
    assert plain_body(long, len(long.split()))
    assert not plain_body("Too short to judge by one test", 7)
    photo = "The two ministers shook hands by the lake on Wednesday, Photo by Jane Roe for Example"
    assert not plain_body(photo, len(photo.split()))


def test_every_pattern_the_prefilter_cannot_test_names_a_needle():
    from parley.read import rules
    from parley.read.clean import prefilter_tables

    needles = rules.boilerplate()["prefilter"]["needles"]
    for pattern in prefilter_tables()[2]:
        assert any(n in pattern.lower() for n in needles), pattern


def test_every_tail_pattern_opens_with_a_listed_bracket():
    from parley.read import rules

    opens = set(rules.tail_openings())
    for pattern in rules.boilerplate()["tail"]["patterns"]:
        if pattern.startswith("\\"):
            assert pattern[1] in opens, pattern
        else:
            first_class = pattern[1 : pattern.index("]")].replace("\\", "")
            assert pattern.startswith("[") and set(first_class) <= opens, pattern


def test_a_remembered_line_still_depends_on_its_document():
    """The same line after a byline is the author's biography, elsewhere it is text."""
    bio = "Jane Roe writes about rivers for the paper"
    with_byline = clean_doc("By Jane Roe", bio)
    without = clean_doc(bio)
    assert bio in with_byline.removed
    assert bio in without.text
