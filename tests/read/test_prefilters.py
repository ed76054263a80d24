"""The reader's cheap tests before its expensive ones (issue 16) may only spare work.

Each pre-filter says "this pattern cannot match" from a character or a word the line
lacks; these properties build lines from pieces that every pattern is made of (month and
weekday names, labels, numbers, separators, the letters case-insensitive matching pairs
with ASCII ones) and check that whatever a pre-filter rules out indeed does not match,
or that the fast path gives what the plain one gives. Made stricter than the patterns
(a need that a pattern can do without), they fail.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from parley.read import clean, dates, lang, metadata, rules

_DATE_PIECES = [
    # whole dates, one for each pattern, so that a need made too strict shows
    "2024-03-05",
    "2024-03-05T10:00Z",
    "March 5, 2024",
    "Sept. 5th, 2024",
    "5 March 2024",
    "5 de mayo de 2024",
    "2024年3月5日",
    "1.2.2024",
    "2024.06.20.",
    "15-11-2024",
    "05-Jun-2025",
    "2024/06/20",
    "26/03/2024",
    "03/25/2024",
    "Nov 2024",
    "2024",
    "1999",
    "05",
    "5",
    "17",
    "31",
    "12:30",
    "9h30",
    "PM",
    "a.m.",
    "UTC+8",
    "GMT",
    "IST",
    "Z",
    "March",
    "MARCH",
    "mar",
    "Sept.",
    "sept",
    "May",
    "may",
    "Zmay",
    "mayo",
    "marzo",
    "de",
    "März",
    "août",
    "octobre",
    "мая",
    "января",
    "ſeptember",
    "ſept",
    "İst",
    "Kelvin\u212a",
    "nov",
    "Tuesday",
    "tue",
    "Mon.",
    "segunda-feira",
    "lundi",
    "星期一",
    "Updated",
    "PTIUpdated:",
    "published on",
    "last update",
    "Lesedauer",
    "3 Minuten",
    "il y a",
    "a las",
    "at",
    "on",
    "the",
    "local time",
    "hrs",
    "年",
    "月",
    "日",
    "Xinhua",
    "Source:",
    "talks",
    "number",
    "minister",
    "st",
    "th",
    "º",
]
_JOINERS = ["", " ", "  ", ", ", ",", "-", ".", ". ", "/", " | ", " - ", ":", "T", "\t"]


@st.composite
def date_lines(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_DATE_PIECES), min_size=1, max_size=9))
    out = pieces[0]
    for piece in pieces[1:]:
        out += draw(st.sampled_from(_JOINERS)) + piece
    return out


@settings(max_examples=1500, deadline=None)
@given(date_lines())
def test_property_a_date_pattern_the_prefilter_skips_does_not_match(line):
    pats = dates._patterns()
    candidates = set(dates._candidates(pats, line)) if pats.year.search(line) else set()
    for i, pattern in enumerate(pats.dates):
        if i not in candidates:
            assert pattern.search(line) is None, (i, line)


def _residual_without_prefilter(text: str) -> str:
    """``dates.residual`` as it was before issue 16: every pattern on every line."""
    pats = dates._patterns()
    for pattern in pats.dates:
        text = pattern.sub(" ", text)
    text = pats.time.sub(" ", text)
    text = re.sub(r"(?:UTC|GMT)\s*[+-]\s*\d{1,2}(?::?\d{2})?", " ", text, flags=re.IGNORECASE)
    text = pats.weekday.sub(" ", text)
    text = pats.label.sub(" ", text)
    text = pats.connective.sub(" ", text)
    tokens = [t for t in re.split(r"[\s|·•,;:：/()\[\]\-–—.]+", text) if t]
    zones = dates._data()["zones"]
    return " ".join(t for t in tokens if not t.isdigit() and t.lower() not in zones)


@settings(max_examples=1500, deadline=None)
@given(date_lines())
def test_property_the_residual_is_what_every_pattern_leaves(line):
    assert dates.residual(line) == _residual_without_prefilter(line)


def test_the_date_prefilter_lets_the_header_dates_through():
    for line in ("Updated: Tuesday, November 08, 2022, 04:23 PM IST", "15:21 UTC+8, 2022-09-22"):
        assert dates.find_stamp(line) is not None
    assert dates._candidates(dates._patterns(), "Ana Ruiz and Tom Berg in talks number 4821") == []


_DATELINE_PIECES = [
    "GENEVA",
    "Geneva",
    "NUSA DUA",
    "Nusa Dua",
    "São Paulo",
    "Indonesia",
    "[Region]",
    "(Region)",
    "(Xinhua)",
    "(dpa)",
    "(APA/AFP/dpa)",
    "/TASS/",
    "AFP",
    "Nov.",
    "March",
    "14",
    "2024",
    "26 October 2022",
    "The",
    "minister",
    "met",
    "Ghana's",
    "de",
    "of",
]
_DATELINE_JOINERS = ["", " ", ", ", ",", " -- ", " - ", "-", " — ", "—", "―", ": ", "：", " "]


_DATELINE_OPENINGS = [
    "GENEVA, Nov. 14 (Xinhua) -- ",
    "Paris, 26 October 2022 (dpa) - ",
    "KAZAN, October 22. /TASS/. ",
    "Nov. 14 (Xinhua) -- ",
    "BEIJING (dpa) - ",
    "BEIJING — ",
    "Brasília (dpa) - ",
    "Nusa Dua (APA/AFP/dpa) - ",
    "Geneva: ",
    "(AFRICAN EXAMINER) – ",
    "Washington - ",
    "",
]


@st.composite
def dateline_lines(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.sampled_from(_DATELINE_PIECES), min_size=1, max_size=7))
    out = draw(st.sampled_from(_DATELINE_OPENINGS)) + pieces[0]
    for piece in pieces[1:]:
        out += draw(st.sampled_from(_DATELINE_JOINERS)) + piece
    return out + draw(st.sampled_from(["", " The minister met", " \u201cWe", " lead"]))


@settings(max_examples=1500, deadline=None)
@given(dateline_lines())
def test_property_a_dateline_pattern_the_prefilter_skips_does_not_match(line):
    head = line[: metadata._DATELINE_REACH]
    marks = {c for c in metadata._DATELINE_MARKS if c in head}
    for i, pattern in enumerate(metadata._patterns()):
        if marks.isdisjoint(metadata._DATELINE_NEEDS[i]):
            assert pattern.match(line, 0, metadata._DATELINE_REACH) is None, (i, line)


def _chrome_without_prefilter(line: str, words: int) -> str:
    toks = rules.tokens(line) if words <= clean._MAX_PHRASE_WORDS else []
    for name in clean._GROUPS:
        if rules.group(name).matches(line, words, toks):
            return name
    return ""


_CHROME_PIECES = [
    "Home",
    "News",
    "World",
    "Share",
    "this",
    "article",
    "Follow",
    "us",
    "on",
    "Twitter",
    "Copyright",
    "©",
    "2024",
    "All",
    "rights",
    "reserved",
    "Subscribe",
    "to",
    "our",
    "newsletter",
    "Read",
    "more:",
    "Editor:",
    "Jane",
    "Roe",
    "Source:",
    "(Source:",
    "Xinhua)",
    "advertisement",
    "ADVERTISEMENT",
    "the",
    "most",
    "read",
    "newspaper",
    "with",
    "inputs",
    "from",
    "PTI",
    "Reporting",
    "by",
    "Photo:",
    "|",
    "·",
    "ſhare",
    "İcp",
    "ICP",
    "备",
    "责任编辑：",
    "minister",
    "talks",
    "Ana",
    "Ruiz",
    "discuss",
    "trade",
    "e-Paper",
    "Get",
    "App",
    "sign",
    "up",
]


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.sampled_from(_CHROME_PIECES), min_size=1, max_size=16))
def test_property_a_line_no_group_may_claim_is_claimed_by_none(pieces):
    line = " ".join(pieces)
    words = metadata.word_count(line)
    toks = rules.tokens(line) if words <= clean._MAX_PHRASE_WORDS else []
    if not clean.may_be_chrome(line, toks):
        assert _chrome_without_prefilter(line, words) == "", line
    assert clean.chrome_group(line, words) == _chrome_without_prefilter(line, words)


_TAIL_PIECES = [
    "text.",
    "The minister met.",
    "[Editor: Zhou Lan]",
    "【编辑:王】",
    "（编辑：李）",
    "(编辑:李)",
    "(Reporting by Jane Roe)",
    "(editing by Tom)",
    "(Writing by A; Editing by B)",
    ")",
    "]",
    "】",
    "）",
    " ",
    "  ",
    "x",
]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(_TAIL_PIECES), min_size=1, max_size=6))
def test_property_a_line_that_ends_without_a_closer_holds_no_tail_credit(pieces):
    line = "".join(pieces).strip()
    if line and line[-1] not in rules.tail_closings():
        for pattern in rules.patterns("tail"):
            assert pattern.search(line) is None, line


def _contained_plainly(candidates: list[str], texts: list[str]) -> set[str]:
    return {c for c in candidates if any(len(t) > len(c) and c in t for t in texts)}


@settings(max_examples=500, deadline=None)
@given(st.lists(st.text(alphabet="ab c\n", max_size=8), min_size=1, max_size=8), st.data())
def test_property_containment_is_the_plain_test(texts, data):
    candidates = data.draw(st.lists(st.sampled_from(texts), max_size=8))
    assert clean.contained_in_longer(candidates, texts) == _contained_plainly(candidates, texts)


@settings(max_examples=500, deadline=None)
@given(st.text(max_size=60) | st.text(alphabet="Ab İſK\u212a ﬁ\u00a0\t\n.", max_size=60))
def test_property_normalize_is_nfkc_casefold_and_collapsed_space(text):
    from parley.read.ids import normalize

    expected = " ".join(unicodedata.normalize("NFKC", text).casefold().split())
    assert normalize(text) == expected


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.sampled_from(["The", "minister", "said", "der", "und", "el", "Ana", "a", "", "İ"]),
        max_size=40,
    ),
    st.sampled_from([" ", "\n\n", "  \n", ". "]),
)
def test_property_the_id_from_line_keys_is_the_id_of_the_body(words, sep):
    from parley.read.ids import document_id

    doc = clean.read_text(sep.join(words), "x")
    assert doc.id == document_id(doc.text)


def _vote_with_regex(text: str) -> str | None:
    """``lang._vote`` as it was before issue 16's bytes path."""
    sample = text[: lang._SAMPLE_CHARS * 2].casefold()
    pattern = lang._ASCII_WORD if sample.isascii() else lang._WORD
    words = pattern.findall(sample)[: lang._VOTE_WORDS]
    scores: Counter[str] = Counter(dict.fromkeys(lang._function_words(), 0))
    owner = lang._word_language()
    for w in words:
        if w in owner:
            scores[owner[w]] += 1
    ranked = scores.most_common(2)
    best, n = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if n >= lang._VOTE_MIN and n >= lang._VOTE_MARGIN * max(runner, 1):
        return best
    return None


_VOTE_WORDS = ["the", "and", "of", "el", "los", "der", "und", "le", "les", "di", "yang", "het"]


@settings(max_examples=500, deadline=None)
@given(
    st.lists(st.sampled_from([*_VOTE_WORDS, "Geneva", "2024", "-", "ß", "é"]), max_size=200),
    st.sampled_from([" ", "  ", ", ", "'"]),
)
def test_property_the_vote_reads_the_words_the_regex_read(words, sep):
    text = sep.join(words)
    assert lang._vote(text) == _vote_with_regex(text)


def _split_with_regex(original: str) -> list[tuple[int, int, str, int]]:
    out = []
    for m in clean._LINE.finditer(original):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        out.append((start, start + len(stripped), stripped, metadata.word_count(stripped)))
    return out


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="ab 中\n\r\t\u2028\x0b\x1c.", max_size=80))
def test_property_lines_are_split_as_the_regex_split_them(text):
    got = [(ln.start, ln.end, ln.text, ln.words) for ln in clean.split_lines(text)]
    assert got == _split_with_regex(text)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet='a .!?。…"”’»)\n\t\u3000', max_size=12))
def test_property_a_sentence_end_is_what_the_pattern_finds(text):
    assert clean.ends_sentence(text) == (clean._SENTENCE_END.search(text) is not None)


@settings(max_examples=1000, deadline=None)
@given(st.text(alphabet="ab \t\n\x0b\x1c\x1f.", max_size=20))
def test_property_the_ascii_word_count_is_the_split_count(text):
    from parley.read.ids import ascii_word_count

    assert ascii_word_count(text) == len(text.split())


_OPENINGS = ["", " ", "\t", "(", "[", "【", "©", "ſ", "İ", "K", "\u212a", "1", "-", "|", "«", "责"]


@settings(max_examples=1500, deadline=None)
@given(
    st.sampled_from(_OPENINGS),
    st.lists(st.sampled_from(_CHROME_PIECES), min_size=0, max_size=8),
    st.sampled_from(["", " ", ":", ")", "]"]),
)
def test_property_the_anchored_patterns_by_first_character_match_as_all_of_them(
    opening, pieces, end
):
    line = opening + " ".join(pieces) + end
    whole = clean._prefilter().anchored.match(line) is not None
    assert clean.anchored_match(line) == whole, line


def test_every_anchored_pattern_is_tried_on_the_lines_it_matches():
    """An example line for each anchored pattern: its own first character keeps it."""
    for line in (
        "Share this",
        "Partners: x",
        "Follow us on X",
        "Download our app",
        "Sign up for our newsletter",
        "Copyright 2024",
        "(c) 2024",
        "Reproduction prohibited",
        "This article may not be published",
        "(This article has not been edited by us",
        " this story has not been edited by",
        "Read more: x",
        "The most read newspaper",
        "Source: x",
        "(Source: x)",
        "Editor: x",
        "【编辑：王】",
        "(With inputs from PTI)",
        "with agency inputs",
        "Reuters contributed to this report.",
        "Quelle: x",
        "ſhare this",
        "\u212aeep reading",
    ):
        whole = clean._prefilter().anchored.match(line) is not None
        assert clean.anchored_match(line) == whole, line


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(st.sampled_from([*_CHROME_PIECES, "PHOTO", "Pic", "(@x", "/", "ı", "ſ"]), max_size=8)
)
def test_property_a_needle_is_found_as_the_plain_loop_finds_it(pieces):
    line = " ".join(pieces)
    low = line.lower()
    plain = any(needle in low for needle in clean._prefilter().needles)
    assert clean.holds_needle(line) == plain, line


def _tokens_with_regex(text: str) -> list[str]:
    stripped = [t.strip(rules._EDGE_PUNCT) for t in rules._SEPARATORS.split(text.casefold())]
    return [t for t in stripped if t]


@settings(max_examples=1500, deadline=None)
@given(
    st.lists(
        st.sampled_from([*_CHROME_PIECES, "-", "e-Paper", "a-b", "›", "→", ",", ";", "/", ""]),
        max_size=10,
    ),
    st.sampled_from([" ", "  ", "\t", " - ", "\u3000", "-"]),
)
def test_property_tokens_are_what_the_separator_pattern_splits(pieces, sep):
    line = sep.join(pieces)
    assert rules.tokens(line) == _tokens_with_regex(line)


@settings(max_examples=500, deadline=None)
@given(st.text(alphabet="aB \n\t\x0b.", max_size=80))
def test_property_a_simple_line_keys_as_normalize_keys_it(text):
    from parley.read.ids import normalize

    for ln in clean.split_lines(text):
        if ln.simple:
            assert ln.text.lower() == normalize(ln.text)


@settings(max_examples=1500, deadline=None)
@given(date_lines())
def test_property_a_line_the_clock_gate_refuses_holds_no_clock(line):
    if not dates.may_hold_clock(line):
        assert dates._patterns().time.search(line) is None, line


def _anchored_sources() -> list[str]:
    return clean.prefilter_tables()[0]


@settings(max_examples=600, deadline=None)
@given(st.data())
def test_property_a_line_an_anchored_pattern_matches_is_matched_by_its_first_character(data):
    """Lines made by each anchored pattern itself (every alternative of its opening
    alternations, in any case): the variant of the line's first character matches them
    as the whole alternation does, with pieces of chrome and odd letters after."""
    source = data.draw(st.sampled_from(_anchored_sources()))
    made = data.draw(st.from_regex(re.compile(source, re.IGNORECASE), fullmatch=True))
    tail = data.draw(st.sampled_from(["", " ", ":", " Share", " ſ", " İ", "\u212a"]))
    for line in (made, made + tail, made.swapcase(), made[:-1]):
        whole = clean._prefilter().anchored.match(line) is not None
        assert clean.anchored_match(line) == whole, (source, line)


_OPENING_PATTERNS = [
    r"^(ab|ac|b|)c",  # an empty alternative: the match may open after it
    r"^(?:x|(ab|yz)+)q",  # an alternation under a repeat is used again further on
    r"\b(?:(?=a)ab|ba|(?i:b)c)",  # zero width first; inline flags are not looked into
    r"(a|b)(a|c)",  # only the first alternation opens the match
    r"(?:(k|s)|t)e",  # case-insensitive pairs of ASCII letters: K and ſ
    r"^(?P<x>a|b)(?P=x)",  # a back reference
]


_OPENING_PIECES = ["a", "b", "c", "ab", "ba", "yz", "q", "x", "k", "K", "e", "t"]
_OPENING_PIECES += ["\u212a", "\u017f"]  # the Kelvin sign, the long s


def test_an_opening_variant_matches_as_its_pattern_on_every_short_text():
    """Every text of up to three pieces, for small patterns built to catch an alternative
    left out where it may still open the match."""
    from itertools import product

    for source in _OPENING_PATTERNS:
        whole = re.compile(source, re.IGNORECASE)
        variants = rules.opening_variants(source, [chr(c) for c in range(128)])
        for size in range(4):
            for pieces in product(_OPENING_PIECES, repeat=size):
                text = "".join(pieces)
                variant = variants.get(text[:1], whole)
                found, expected = variant.match(text), whole.match(text)
                assert (found and found.span()) == (expected and expected.span()), (source, text)


def test_every_alphabetic_character_is_a_letter_to_the_letter_pattern():
    """``plain_body`` takes a line opening with an ``isalpha`` character to hold a letter
    without searching it."""
    alpha = "".join(c for c in map(chr, range(0x110000)) if c.isalpha())
    assert len(clean._LETTER.findall(alpha)) == len(alpha)


@given(st.text(alphabet="imageurl :：Ｉ\u0130\u212a", max_size=12))
def test_property_a_media_label_holds_a_colon(text):
    if clean._MEDIA_LABEL.match(text):
        assert ":" in text or "：" in text


@given(st.text(alphabet="a. |·•>»›\t\u3000\u00a0-/", max_size=12))
def test_property_a_link_list_separator_holds_a_mark(line):
    """``is_link_list`` splits only a line holding one of the separators' marks."""
    if clean._LIST_SEPARATOR.search(line):
        assert any(mark in line for mark in clean._LIST_MARKS)


@given(st.text(alphabet=" \t\n\r\x0b\x0c\x1c\x85\u00a0\u2028\u3000a\u200b", max_size=8))
def test_property_a_blank_text_is_what_strip_leaves_empty(text):
    """``decode_bytes`` tells an empty file by ``isspace`` instead of stripping a copy."""
    assert (not text or text.isspace()) == (not text.strip())


@given(st.lists(st.sampled_from(["— Ana", "(@ana)", "(@", "@", "(", "June 4, 2024", "x"])))
def test_property_an_embed_signature_holds_its_handle_opening(pieces):
    line = " ".join(pieces)
    assert clean.is_embed_signature(line) == (clean._EMBED.search(line) is not None)


@given(st.text(alphabet="ab \n.\u00e9", max_size=40))
def test_property_paragraphs_are_the_objects_their_constructor_makes(text):
    """``_paragraphs`` fills each Paragraph's fields without its ``__init__``: only sound
    while the class is a plain frozen dataclass, without ``__post_init__`` or slots."""
    from dataclasses import fields

    from parley.model import Paragraph

    assert not hasattr(Paragraph, "__post_init__") and not hasattr(Paragraph, "__slots__")
    assert [f.name for f in fields(Paragraph)] == ["start", "end", "text", "kind"]
    kept = clean._kept(clean.clean(text)[0])
    made = clean._paragraphs(text, kept)
    plain = [Paragraph(ln.start, ln.end, text[ln.start : ln.end], ln.kind) for ln in kept]  # type: ignore[arg-type]
    assert made == plain and [vars(p) for p in made] == [vars(p) for p in plain]


@given(st.text(alphabet="+-1٣²½ .,°cCfF\u212a", max_size=8))
def test_property_a_temperature_opens_with_a_sign_or_a_digit(line):
    words = len(line.split())
    matched = rules.combined("widget").match(line) is not None
    assert clean.is_temperature(line, words) == (words <= clean._TEMPERATURE_WORDS and matched)
