"""From scraped text to a :class:`Document`: keep the article, drop the page around it.

The cleaner works line by line on the decoded text and never rewrites it: every kept
line becomes a :class:`Paragraph` pointing into ``original``, every dropped line goes to
``removed``. Rules come in two kinds:

* line rules (``_line_rule``): what a line is on its own (menu, share bar, footer,
  copyright or licence number, credit, timestamp, caption, URL, bare number...), driven by
  the tables in ``boilerplate.toml``;
* document rules (``_document_rules``): what a line is among the others (a repeated
  line, a line in another writing system than the body, a run of short link titles after
  the last paragraph, the title).

Both only ever drop lines or label them, so cleaning clean text changes nothing.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from itertools import accumulate, islice
from operator import neg

from parley.model import Dateline, Document, Paragraph, Span
from parley.read import dates, lang, metadata, rules
from parley.read.dates import Stamp
from parley.read.ids import ascii_word_count, document_id, normalize, normalized_id

_LINE = re.compile(r"[^\r\n\u2028\u2029\x85\x0b\x0c]+")
_LETTER = re.compile(r"[^\W\d_]")
_URL_LINE = re.compile(
    r"^(?:https?://|www\.)\S+$|^\S+\.(?:jpe?g|png|gif|webp|svg|bmp|tiff?|mp4|avif)(?:\?\S*)?$",
    re.IGNORECASE,
)
_NUMBERS = re.compile(r"^[\d\s.,:;%+\-–/()#№]+$")
_BYLINE = re.compile(
    r"^(?:By|BY|Por|Par|Von|От|Oleh)\s+(?P<name>[A-Z\u0400-\u042f][\w'’.-]+(?:\s+(?:[A-Z\u0400-\u042f]"
    r"[\w'’.-]+|and|de|van|von|da|bin|al))*)\s*(?:[,|/]\s*[\w .,'’&-]{0,60})?$"
)
_EMBED = re.compile(r"[—–-]\s*[^()]{1,60}\(@\w{1,30}\)\s*\w+\.?\s+\d{1,2},\s+\d{4}\s*$")
_TAG = re.compile(r"^[a-z\u00e0-\u024f]+(?: [a-z\u00e0-\u024f]+){0,3}$")
_PHOTOGRAPHER = re.compile(
    r"(?:^|[\s.])[A-Z][\w'’.-]+(?: [A-Z][\w'’.-]+){0,3}\s?/\s?[A-Z][\w'’.&-]*(?: [\w'’.&-]+){0,4}"
    r"(?: via Getty Images)?(?:\s*[-–]\s*[\d.]+)?\s*$"
)
_SENTENCE_END = re.compile(r"[.!?。！？…][\"”’»)]*\s*$")
_FINAL_STOPS = ".!?。！？…"
_FINAL_CLOSERS = '"”’»)'


def ends_sentence(text: str) -> bool:
    """``_SENTENCE_END.search(text)``, read from the end of the line instead of tried at
    every position of it: stops and closers have no character in common, so the line
    ends a sentence when, spaces and then closers taken off its end, a stop remains."""
    last = text.rstrip().rstrip(_FINAL_CLOSERS)[-1:]
    return last != "" and last in _FINAL_STOPS


# A separator starts where a run of spaces starts ((?<!\s)) and takes the run whole
# (\s++): matched from inside a run of 40,000 spaces it was tried 40,000 times over.
_LIST_SEPARATOR = re.compile(r"(?<!\s)\s++[|·•>»›]\s+")
_LIST_MARKS = "|·•>»›"  # what each separator of _LIST_SEPARATOR holds
_LIST_MIN_ITEMS = 3
_LIST_ITEM_WORDS = 5
_MAX_PHRASE_WORDS = 14
_DIGIT = re.compile(r"\d")
# Every caption pattern needs one of these: a cheap test before the expensive ones.
_CAPTION_KEYS = (
    "photo",
    "image",
    "picture",
    "foto",
    "pic",
    "/",
    "|",
    "credit",
    "courtesy",
    "getty",
    "video",
    "source",
    "file",
    "[",
)
_BIO_WORDS = 14
_CAPTION_OVER_CHROME = 10
_EMBED_WORDS = 20
_TEMPERATURE_WORDS = 4
_WIDGET_WORDS = 5
_TIMESTAMP_WORDS = 14
_STAMP_SEPARATOR = re.compile(r"(?:(?<!\s)\s++)?[|·•]\s*+")
_INITIALS = re.compile(r"[A-Z]{2,6}")
# "Editor: Zhou Lan", "By Staff Reporter": a credit beside a timestamp
_CREDIT_PART = re.compile(
    r"^\s*(?:editors?|reporters?|authors?|writers?|translators?|photos?|by|von|por|par|oleh|"
    r"редактор|автор|编辑|责任编辑|记者)\b\s*[:：]?\s*\S",
    re.IGNORECASE,
)
_HEADER_LINES = 12
_FOOTER_LINES = 5
_DUP_MIN_WORDS = 8
_TRAIL_MAX_WORDS = 25
_TRAIL_MAX_CHARS = 60
_REAL_PARAGRAPH_WORDS = 12
_TITLE_WINDOW = 1
_DATELINE_WINDOW = 3
_FOREIGN_MIN_LETTERS = 3

# Order matters: the first group that claims a line names the reason it was dropped.
_GROUPS = (
    "navigation",
    "share",
    "footer",
    "copyright",
    "advertisement",
    "teaser",
    "tagline",
    "credit",
)


@dataclass(slots=True)
class _Line:
    start: int
    end: int
    text: str
    words: int
    kind: str = "body"  # body, caption, title, or "drop"
    reason: str = ""
    key: str = ""  # the normalized text (ids.normalize), once duplicates are looked for
    # printable ASCII, single spaces between words: normalize is lower() (stays true when
    # cut_tail shortens the line, which it does by a prefix, stripped)
    simple: bool = False


@dataclass
class _Meta:
    prefix_date: Stamp | None = None
    stamps: list[tuple[int, Stamp]] = field(default_factory=list)
    outlets: dict[str, str] = field(default_factory=dict)  # how -> outlet (first wins)
    byline: str | None = None
    cut: list[str] = field(default_factory=list)

    def outlet(self, how: str, name: str | None) -> None:
        if name and how not in self.outlets:
            self.outlets[how] = name


# The line breaks of _LINE besides "\n": a text with none of them (nearly all) is split
# with str.split, without a match object a line.
_OTHER_BREAKS = ("\r", "\u2028", "\u2029", "\x85", "\x0b", "\x0c")


# The bytes of printable ASCII text and its "\n": deleting them leaves what is not (a
# fifth of the time of ``isprintable``, which looks each character up).
_SIMPLE_BYTES = bytes(b for b in range(128) if b == 10 or chr(b).isprintable())


def split_lines(original: str) -> list[_Line]:
    """Non-blank lines with their offsets, surrounding whitespace excluded."""
    # asked once of the whole text rather than of each line: printable ASCII apart from
    # its "\n" (nearly every article) has no other line break and no whitespace but spaces
    if original.isascii() and not original.encode("ascii").translate(None, _SIMPLE_BYTES):
        return _split_simple(original)
    out = []
    word_count = metadata.word_count
    if any(c in original for c in _OTHER_BREAKS):
        chunks = [(m.start(), m.group()) for m in _LINE.finditer(original)]
    else:
        chunks = []
        pos = 0
        for raw in original.split("\n"):
            if raw:
                chunks.append((pos, raw))
            pos += len(raw) + 1
    for at, raw in chunks:
        stripped = raw.strip()
        if not stripped:
            continue
        if len(stripped) != len(raw):
            at += len(raw) - len(raw.lstrip())
        words = ascii_word_count(stripped) if stripped.isascii() else word_count(stripped)
        out.append(_Line(at, at + len(stripped), stripped, words))
    return out


def _split_simple(original: str) -> list[_Line]:
    """``split_lines`` of printable ASCII text: a stripped line without two spaces in a
    row has its words one space apart, and its key for duplicates is its lower case."""
    out = []
    pos = 0
    for raw in original.split("\n"):
        if not raw:  # the blank line between two paragraphs: half the pieces
            pos += 1
            continue
        size = len(raw)
        stripped = raw.strip()
        if stripped:
            at = pos if len(stripped) == size else pos + size - len(raw.lstrip())
            end = at + len(stripped)
            if "  " in stripped:
                out.append(_Line(at, end, stripped, len(stripped.split())))
            else:  # (simple=True, given by position: keywords cost a line ~0.1 µs)
                out.append(_Line(at, end, stripped, stripped.count(" ") + 1, "body", "", "", True))
        pos += size + 1
    return out


def _prefix_stamp(value: str) -> Stamp | None:
    """ "2022-09-22" or a month alone ("2023-04"), as the crawler recorded it."""
    parts = [int(x) for x in value.split("-")]
    try:
        date(parts[0], parts[1], parts[2] if len(parts) > 2 else 1)
    except (ValueError, IndexError):
        return None
    return Stamp(parts[0], parts[1], parts[2] if len(parts) > 2 else None)


def _strip_scraper_prefix(lines: list[_Line], meta: _Meta) -> None:
    """ " date 2022-09-22 Headline..." -> the date is metadata, the rest is content."""
    if not lines:
        return
    first = lines[0]
    m = rules.scraper_prefix().match(first.text)
    if not m:
        return
    meta.prefix_date = _prefix_stamp(m.group(1))
    rest = first.text[m.end() :]
    if not rest.strip():
        lines.pop(0)
        return
    shift = len(first.text) - len(rest)
    text = rest.strip()
    start = first.start + shift + (len(rest) - len(rest.lstrip()))
    lines[0] = _Line(start, start + len(text), text, metadata.word_count(text))


# ---------------------------------------------------------------------------------------
# Line rules: each returns the reason a line is dropped, or "" to keep it.


_MEDIA_LABEL = re.compile(
    r"^(?:image|img|photo|picture|video|source|link|url)\s*[:：]\s*", re.IGNORECASE
)


def is_url_or_file(line: str) -> bool:
    """A bare address, also behind a media label ("Image: https://...")."""
    if ":" in line or "：" in line:  # a media label ends with one
        line = _MEDIA_LABEL.sub("", line, count=1)
    return " " not in line and _URL_LINE.match(line) is not None


def is_bare_number(line: str) -> bool:
    return _NUMBERS.match(line) is not None


def is_symbols(line: str) -> bool:
    return _LETTER.search(line) is None and not any(c.isdigit() for c in line)


def is_link_list(line: str) -> bool:
    """A flattened list of links: three or more short items between "|" or "·"."""
    if not any(map(line.__contains__, _LIST_MARKS)):
        return False  # no separator: one item (the split is tried at every position)
    items = [t.strip() for t in _LIST_SEPARATOR.split(line)]
    if len(items) < _LIST_MIN_ITEMS or not all(items):
        return False
    return all(len(t.split()) <= _LIST_ITEM_WORDS and not ends_sentence(t) for t in items)


def is_tag(line: str) -> bool:
    """Lower-case keyword tags ("vladimir putin") printed under an article."""
    return line.isascii() and _TAG.match(line) is not None and len(line) <= 40


def is_embed_signature(line: str) -> bool:
    """The signature an embedded post ends with: "— Name (@handle) October 23, 2024"."""
    return "(@" in line and _EMBED.search(line) is not None


def chrome_group(line: str, words: int) -> str:
    toks = rules.tokens(line) if words <= _MAX_PHRASE_WORDS else []
    if not may_be_chrome(line, toks):
        return ""
    for name in _GROUPS:
        if rules.group(name).matches(line, words, toks):
            return name
    return ""


def is_caption(line: str, words: int) -> bool:
    low = line.casefold()
    if not any(map(low.__contains__, _CAPTION_KEYS)):
        return False
    if rules.combined("caption").search(line):
        return True
    return words >= 6 and not line.endswith(".") and _PHOTOGRAPHER.search(line) is not None


def is_temperature(line: str, words: int) -> bool:
    # both widget patterns open with a sign or a digit (\d: what isdecimal says)
    if words > _TEMPERATURE_WORDS or not (line[:1] in ("+", "-") or line[:1].isdecimal()):
        return False
    return rules.combined("widget").match(line) is not None


def timestamp(line: str, words: int) -> tuple[Stamp | None, str] | None:
    """``(stamp, residual)`` when the line is only a timestamp (and maybe its source).

    "Publié le 3 février 2025 à 16 h 05 | Mis à jour à 18 h 30" is two timestamps in one
    line, and "Source: Xinhua | Editor: Zhou Lan | 2023-06-14 21:03:47" a timestamp with
    its credits: each part is judged alone and the first date found is the line's.
    """
    if "|" in line or "·" in line or "•" in line:
        parts = [p for p in _STAMP_SEPARATOR.split(line) if p.strip()]
        if len(parts) > 1:
            return _parted_timestamp(parts)
    if words > _TIMESTAMP_WORDS:
        return None
    if not _DIGIT.search(line) and not dates.starts_with_label(line):
        return None
    stamp = dates.find_stamp(line)
    if stamp is None and not dates.has_clock(line) and not dates.starts_with_label(line):
        return None
    rest = dates.residual(line)
    if rest and metadata.residual_outlet(rest) is None:
        return None
    if stamp is None and rest:
        return None
    return stamp, rest


def _parted_timestamp(parts: list[str]) -> tuple[Stamp | None, str] | None:
    found: list[tuple[Stamp | None, str]] = []
    for part in parts:
        if _CREDIT_PART.match(part) or metadata.outlet_from_source_line(part):
            continue
        if metadata.residual_outlet(part.strip()) or _INITIALS.fullmatch(part.strip()):
            found.append((None, part.strip()))  # "TNN | Updated: ...": the agency's initials
            continue
        got = timestamp(part, metadata.word_count(part))
        if got is None:
            if dates.residual(part):
                return None
            continue  # "Lesedauer: 3 Minuten": nothing but reading time beside the date
        found.append(got)
    first = next((stamp for stamp, _ in found if stamp is not None), None)
    if first is None:
        return None
    rest = " ".join(r for _, r in found if r)
    return first, rest


@dataclass(frozen=True)
class _Verdict:
    """What the line rules say of a line's text alone, and what it tells of the document.

    ``late`` marks a verdict reached after the byline-biography test, the one rule that
    depends on the document (the byline seen earlier): it is applied by the caller.
    """

    reason: str  # "" keeps the line
    stamp: Stamp | None = None
    outlets: tuple[tuple[str, str | None], ...] = ()  # (how, outlet) in the order found
    byline: str | None = None
    late: bool = False
    caption: bool = False
    temperature: bool = False


# The verdict of most lines, built once (a frozen dataclass costs ~1.4 µs to build)
_KEEP = _Verdict("", late=True)
_CAPTION = _Verdict("", late=True, caption=True)


# Lines repeat across a site's pages (menus, share bars, footers, credits): a verdict
# depends on the text only, so it is kept for the next page that prints the same line.
_VERDICTS = 16_384


@lru_cache(maxsize=_VERDICTS)
def _line_verdict(s: str, words: int) -> _Verdict:
    if is_temperature(s, words):
        return _Verdict("widget", temperature=True)
    if is_symbols(s):
        return _Verdict("symbols")
    if is_url_or_file(s):
        return _Verdict("url")
    ts = timestamp(s, words)
    if ts is not None:
        stamp, rest = ts
        return _Verdict(
            "timestamp",
            stamp=stamp,
            outlets=(
                ("timestamp", metadata.residual_outlet(rest)),
                ("source", metadata.outlet_from_source_line(s)),
            ),
        )
    if is_bare_number(s):
        return _Verdict("number")
    if is_link_list(s):
        return _Verdict("links")
    credit = metadata.outlet_from_credit(s) if words <= 6 else None
    if credit:
        return _Verdict("credit", outlets=(("credit", credit),))
    group = chrome_group(s, words)
    if group in ("footer", "share") and words > _CAPTION_OVER_CHROME and is_caption(s, words):
        group = ""
    if group:
        if group == "credit":
            return _Verdict(group, outlets=(("source", metadata.outlet_from_source_line(s)),))
        if group == "copyright":
            return _Verdict(group, outlets=(("copyright", metadata.outlet_from_copyright(s)),))
        return _Verdict(group)
    m = _BYLINE.match(s) if words <= 8 else None
    if m:
        return _Verdict("byline", byline=m.group("name"))
    if words <= _EMBED_WORDS and is_embed_signature(s):
        return _Verdict("embed", late=True)
    if is_tag(s) and words <= 3:
        return _Verdict("tag", late=True)
    return _CAPTION if is_caption(s, words) else _KEEP


def _line_rule(line: _Line, index: int, meta: _Meta, verdict: _Verdict) -> str:
    """The verdict on the line's text, applied to the document: the byline's biography
    ("Jane Roe is a correspondent in ...") and what the line says of the document."""
    s, words = line.text, line.words
    if verdict.late and meta.byline and s.startswith(meta.byline) and words <= _BIO_WORDS:
        return "byline"
    if verdict.stamp is not None:
        meta.stamps.append((index, verdict.stamp))
    for how, name in verdict.outlets:
        meta.outlet(how, name)
    if verdict.byline is not None:
        meta.byline = verdict.byline
    return verdict.reason


@dataclass(frozen=True)
class _Prefilter:
    anchored: re.Pattern[str]  # the groups' and captions' patterns that start with ^
    literal: re.Pattern[str]  # those that open with a literal "(", "[" or "|"
    needles: tuple[str, ...]  # one of which every other pattern needs
    # the anchored patterns a line opening with this ASCII character may match, as one
    # alternation (None: none can); a line opening otherwise goes through them all
    anchored_by_first: dict[str, re.Pattern[str] | None]
    ascii_needles: tuple[str, ...]  # the needles an ASCII line can hold


# Besides the tables: the separators of a link list or a parted timestamp, the "/" of a
# photographer's credit, the "(@" of an embedded post's signature, and the characters
# that Python's case-insensitive matching takes for an ASCII letter but lower() does not
# turn into one ("ı", "ſ"; "İ" lowers to two characters).
_CODE_NEEDLES = ("|", "·", "•", ">", "»", "›", "/", "(@", "ı", "ſ", "\u0307")
_LITERAL_OPENINGS = ("\\(", "\\[", "\\|")


def _alternation(sources: list[str]) -> re.Pattern[str]:
    return re.compile(_alternation_source(sources), re.IGNORECASE)


def _alternation_source(sources: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in sources) or "(?!)"


def prefilter_tables() -> tuple[list[str], list[str], list[str]]:
    """The groups' and captions' patterns, sorted into anchored, literal-led and other."""
    raw = rules.boilerplate()
    anchored: list[str] = []
    literal: list[str] = []
    other: list[str] = []
    for name in (*_GROUPS, "caption"):
        for p in raw[name].get("patterns", []):
            if p.startswith("^"):
                anchored.append(p)
            elif p.startswith(_LITERAL_OPENINGS):
                literal.append(p)
            else:
                other.append(p)
    return anchored, literal, other


_PREFILTER: _Prefilter | None = None


def _prefilter() -> _Prefilter:
    global _PREFILTER
    if _PREFILTER is None:
        anchored, literal, _ = prefilter_tables()
        needles: tuple[str, ...] = (*rules.boilerplate()["prefilter"]["needles"], *_CODE_NEEDLES)
        _PREFILTER = _Prefilter(
            _alternation(anchored),
            _alternation(literal),
            needles,
            _by_first_character(anchored),
            tuple(dict.fromkeys(n for n in needles if n.isascii())),
        )
    return _PREFILTER


def _by_first_character(sources: list[str]) -> dict[str, re.Pattern[str] | None]:
    """For each ASCII character, the alternation of the patterns whose match can start
    with it (see ``rules.first_ascii``), each without the alternatives of its opening
    alternation that cannot (``rules.opening_variants``): ~20 anchored patterns tried
    branch by branch cost ~3 µs a line, what a first character leaves a tenth to a half
    of that."""
    firsts = [rules.first_ascii(p) for p in sources]
    by_chosen: dict[tuple[str, ...], list[str]] = {}
    for c in map(chr, range(128)):
        chosen = tuple(p for p, f in zip(sources, firsts, strict=True) if f is None or c in f)
        by_chosen.setdefault(chosen, []).append(c)
    out: dict[str, re.Pattern[str] | None] = {}
    for chosen, chars in by_chosen.items():
        if not chosen:
            out.update(dict.fromkeys(chars))
            continue
        out.update(rules.opening_variants(_alternation_source(list(chosen)), chars))
    return out


def anchored_match(text: str) -> bool:
    """``_prefilter().anchored.match(text) is not None``, trying only the patterns that
    can start with the line's first character when it is ASCII."""
    pre = _prefilter()
    pattern = pre.anchored_by_first.get(text[:1], pre.anchored) if text else pre.anchored
    return pattern is not None and pattern.match(text) is not None


def holds_needle(text: str) -> bool:
    """Whether the lower-cased line holds one of the pre-filter's needles; an ASCII line
    cannot hold the others (CJK, "ı", "ſ", the combining dot: ``lower`` of ASCII is
    ASCII), so only the ASCII ones are looked for there."""
    pre = _prefilter()
    low = text.lower()
    return any(map(low.__contains__, pre.ascii_needles if low.isascii() else pre.needles))


def plain_body(text: str, words: int) -> bool:
    """Whether no line rule can claim this line, told by a few cheap tests.

    Most lines of an article are its paragraphs, and every rule was tried on each of
    them (some 40 regular expressions, ~60 µs a line). A line longer than any phrase
    rule, timestamp or credit (more than 14 words) can only be claimed by a pattern of
    the tables, a separator, a caption's or an embed's credit, or a bare address; this
    says no only when none of those can match: one ``match`` of the anchored patterns,
    one search of the literal-led ones, and substring tests for the rest. When it says
    no the full rules run, so the answer never changes, only its cost.
    """
    if words <= _MAX_PHRASE_WORDS or " " not in text:
        return False
    # a media label ends with a colon; a letter ("\w" but no digit or "_") is found at
    # once when the line opens with one (every str.isalpha character is such a letter)
    if (":" in text or "：" in text) and _MEDIA_LABEL.match(text):
        return False
    if not text[0].isalpha() and _LETTER.search(text) is None:
        return False
    # holds_needle and anchored_match, inlined: two calls a line cost what they spare
    pre = _prefilter()
    low = text.lower()
    if any(map(low.__contains__, pre.ascii_needles if low.isascii() else pre.needles)):
        return False
    anchored = pre.anchored_by_first.get(text[0], pre.anchored)  # text holds a space
    if anchored is not None and anchored.match(text) is not None:
        return False
    # the literal-led patterns open with "(", "[" or "|", and "|" is a needle
    return ("(" not in text and "[" not in text) or pre.literal.search(text) is None


@lru_cache(maxsize=1)
def _phrase_openings() -> frozenset[str]:
    return frozenset(p[0] for name in _GROUPS for p in rules.group(name).phrases if p)


def may_be_chrome(line: str, toks: list[str]) -> bool:
    """Whether a group can claim the line: False only when none can.

    A short line that is not chrome (a headline, a timestamp) went through all eight
    groups, a phrase parse and a pattern search each (~40 µs). A group claims a line by
    a phrase sequence, which must open with the first token of one of its phrases, or by
    a pattern, which the pre-filter above rules out (``toks`` are the line's menu
    tokens, empty for a line too long for phrases).
    """
    if toks and toks[0] in _phrase_openings():
        return True
    if holds_needle(line) or anchored_match(line):
        return True
    pre = _prefilter()
    return ("(" in line or "[" in line) and pre.literal.search(line) is not None


def _apply_line_rules(lines: list[_Line], meta: _Meta) -> list[_Line]:
    widget = False
    for i, line in enumerate(lines):
        # (plain_body's first test, made here: half the lines are short, and a call each
        # cost what the test spares)
        if line.words > _MAX_PHRASE_WORDS and plain_body(line.text, line.words):
            widget = False  # a line this long ends a widget's block
            continue
        verdict = _line_verdict(line.text, line.words)
        if verdict.temperature:
            line.kind, line.reason, widget = "drop", "widget", True
            continue
        if widget and line.words <= _WIDGET_WORDS:
            line.kind, line.reason = "drop", "widget"
            continue
        widget = False
        reason = _line_rule(line, i, meta, verdict)
        if reason:
            line.kind, line.reason = "drop", reason
        elif verdict.caption:
            line.kind = "caption"
    return lines


# ---------------------------------------------------------------------------------------
# Document rules


def _kept(lines: list[_Line]) -> list[_Line]:
    return [ln for ln in lines if ln.kind != "drop"]


def drop_duplicates(lines: list[_Line]) -> None:
    """A line repeated verbatim, or contained in a longer kept line, is dropped."""
    kept = _kept(lines)
    seen: set[str] = set()
    keys: list[str] = []
    candidates: list[str] = []
    for ln in kept:  # keys and candidates in one pass
        key = ln.key = ln.text.lower() if ln.simple else normalize(ln.text)
        keys.append(key)
        if ln.words >= _DUP_MIN_WORDS and ends_sentence(ln.text):
            candidates.append(key)
    contained = contained_in_longer(candidates, keys)
    for ln in kept:
        key = ln.key
        if key in seen:
            ln.kind, ln.reason = "drop", "duplicate"
            continue
        seen.add(key)
        if key in contained:
            ln.kind, ln.reason = "drop", "duplicate"


# Characters the containment test may compare in one document. Testing every line against
# every longer one is quadratic in the lines: a page of 40,000 lines would take minutes.
# Real pages need a few million at most; past the budget, lines are no longer tested
# (they can only be kept, never wrongly dropped).
_CONTAINMENT_BUDGET = 50_000_000


def contained_in_longer(candidates: list[str], texts: list[str]) -> set[str]:
    """The candidates that occur inside a longer one of ``texts``, tested in order until
    the budget of compared characters is spent."""
    distinct = set(texts)
    unique = dict.fromkeys(candidates)
    longest_first = sorted(distinct, key=len, reverse=True)
    joined = "\n".join(longest_first)
    if (
        len(unique) * len(joined) <= _CONTAINMENT_BUDGET
        and joined.count("\n") == len(distinct) - 1
        and distinct.issuperset(unique)
    ):
        # The budget cannot run out, so every candidate is tested: one search in C each,
        # over the texts longer than the candidate (they come first in ``joined``). No
        # text holds a line break, so an occurrence never spans two texts.
        lengths = list(map(len, longest_first))
        ends = list(accumulate(map((1).__add__, lengths)))
        shorter = list(map(neg, lengths))  # ascending, for bisect
        inside: set[str] = set()
        for c in unique:
            longer = bisect.bisect_left(shorter, -len(c))
            if longer and joined.find(c, 0, ends[longer - 1]) >= 0:
                inside.add(c)
        return inside
    by_length = sorted(distinct, key=len)
    lengths = [len(t) for t in by_length]
    found: set[str] = set()
    budget = _CONTAINMENT_BUDGET
    for c in unique:
        for i in range(bisect.bisect_right(lengths, len(c)), len(by_length)):
            t = by_length[i]
            budget -= len(t)
            if budget < 0:
                return found
            if c in t:
                found.add(c)
                break
    return found


def body_script(lines: list[_Line]) -> str | None:
    return lang.dominant_script("\n".join(ln.text for ln in _kept(lines)))


def drop_foreign(lines: list[_Line], script: str | None) -> None:
    """Lines written mostly in another script than the body (a headline from another page)."""
    if script is None:
        return
    for ln in _kept(lines):
        if script == "latin" and ln.text.isascii():
            continue
        counts = lang.script_counts(ln.text)
        total = sum(counts.values())
        if total < _FOREIGN_MIN_LETTERS:
            continue
        if counts.get(script, 0) * 2 < total:
            ln.kind, ln.reason = "drop", "foreign"


def _short(ln: _Line) -> bool:
    return (
        ln.words <= _TRAIL_MAX_WORDS
        and len(ln.text) <= _TRAIL_MAX_CHARS * 3
        and (ln.text.isascii() or len(ln.text) <= _TRAIL_MAX_CHARS)
    )


def _real_paragraph(ln: _Line) -> bool:
    long_enough = ln.words >= _REAL_PARAGRAPH_WORDS or (not ln.text.isascii() and len(ln.text) > 40)
    return long_enough and ends_sentence(ln.text)


def drop_trailing_links(lines: list[_Line]) -> None:
    """Two or more short, unpunctuated lines after the last paragraph: links and menus."""
    run: list[_Line] = []
    tail = 0
    for ln in reversed(lines):
        if ln.kind == "caption":
            continue
        if ln.kind == "drop":
            tail += 1
            continue
        if _real_paragraph(ln):
            break
        if not _short(ln) or ends_sentence(ln.text):
            return
        run.append(ln)
    else:
        return
    if run and len(run) + tail >= 2:
        for ln in run:
            ln.kind, ln.reason = "drop", "links"


def mark_title(lines: list[_Line], hint: str | None) -> str | None:
    kept = _kept(lines)
    if hint:
        key = normalize(hint)
        for ln in kept[:5]:
            if normalize(ln.text) == key:
                ln.kind = "title"
                return ln.text
        return hint.strip() or None
    for ln in kept[:_TITLE_WINDOW]:
        if ln.kind == "body" and metadata.heading_like(ln.text):
            ln.kind = "title"
            return ln.text
    return None


def _document_rules(lines: list[_Line]) -> None:
    drop_duplicates(lines)
    drop_foreign(lines, body_script(lines))
    drop_trailing_links(lines)


# ---------------------------------------------------------------------------------------
# Metadata from the cleaned lines


def _published(
    meta: _Meta, n_lines: int, hint: str | None, lines: list[_Line] | None = None
) -> str | None:
    header = next((s for i, s in meta.stamps if i < _HEADER_LINES and s.day is not None), None)
    base = meta.prefix_date
    if base is None and hint:
        base = dates.find_stamp(hint)
        if base is None and re.fullmatch(r"\d{4}-\d{2}", hint.strip()):
            base = _prefix_stamp(hint.strip())  # a month alone: "2023-02"
    if header is None and base is None and lines is not None:
        header = _stamp_in_header(lines)
    if header is None:
        header = next(
            (s for i, s in meta.stamps if i >= n_lines - _FOOTER_LINES and s.day is not None), None
        )
    if header is None and base is None and lines is not None:
        last = next((ln for ln in reversed(lines) if ln.kind == "body"), None)
        header = dates.closing_stamp(last.text) if last is not None else None
    chosen = metadata.choose_published(header, base)
    return chosen.iso() if chosen else None


_LOWER_WORD = re.compile(r"(?<![\w'’-])[a-z\u00e0-\u00ff]{2,}(?![\w'’-])")
_PLACE_HEAD = re.compile(r"^\(?[A-Z][\w.'’ -]{1,30},\s*\(?$")
_STAMP_LINE_WORDS = 14  # a header line this short that writes a full date is its stamp
_LEAD_REACH = 90  # "RIO DE JANEIRO, (APP - Agency - 29th Apr, 2025) Chinese Foreign..."


def _stamp_in_header(lines: list[_Line]) -> Stamp | None:
    """A full date the header writes among other words ("This Article is From Jun 04,
    2020", "Ahram Online, MENA, Saturday 11 Aug 2012", "Updated: 20-02-2021 22:55 IST"
    glued to a headline, "(Mar 24, 2015, (Addis Ababa))--" opening the first paragraph):
    the first one in a short line, after a timestamp label, beside a clock, or before the
    first words of the first paragraphs."""
    for ln in lines[: _HEADER_LINES + 4]:
        if ln.reason == "widget":
            continue  # the site's "today" beside the weather is not the story's date
        found = dates.find_stamp(ln.text)
        if found is None or found.day is None:
            continue
        at = _stamp_position(ln.text)
        if at is None:
            continue
        head = ln.text[:at]
        labelled = dates.ends_with_label(head)
        sentence = len(_LOWER_WORD.findall(head)) >= 3  # "Born on October 7, 1952 in ..."
        short = ln.words <= _STAMP_LINE_WORDS and not sentence
        clocked = found.hour is not None and not sentence
        # "(Vientiane, July 25, 2024)", "(APP - Agency - 29th Apr, 2025)": a bracket that
        # holds only a place or an agency before the date
        inside = head[head.rfind("(") + 1 :] if "(" in head else None
        bracketed = inside is not None and not _LOWER_WORD.findall(dates.residual(inside))
        placed = _PLACE_HEAD.match(head) is not None and at <= _LEAD_REACH  # "BALI, 09 July"
        if labelled or short or clocked or bracketed or placed:
            return found
    return None


def _stamp_position(text: str) -> int | None:
    """Where the first full date of ``text`` starts."""
    return dates.first_date_start(text)


def _dateline(
    lines: list[_Line], original: str, published: str | None, meta: _Meta
) -> tuple[Dateline | None, str | None]:
    body = islice((ln for ln in lines if ln.kind == "body"), _DATELINE_WINDOW)
    for ln in body:
        found = metadata.find_dateline(ln.text)
        if found is None:
            continue
        place, year, month, day, agency, end = found
        iso = metadata.complete_date(month, day, year, published)
        if place is None and iso is None:
            return None, agency or None
        span_end = ln.start + len(ln.text[:end].rstrip(" -–—:"))
        span = Span(ln.start, span_end, original[ln.start : span_end])
        return Dateline(place, iso, span), agency or None
    return None, None


def _agency_outlet(agency: str | None) -> str | None:
    if not agency:
        return None
    first = re.split(r"\s*/\s*", agency)[-1] if "/" in agency else agency
    return (
        rules.canonical_outlet(first)
        or rules.canonical_outlet(agency)
        or (rules.outlet_name(agency) if agency.isupper() and len(agency) > 5 else None)
    )


def _outlet(meta: _Meta, agency: str | None, site: str | None, url: str | None) -> str | None:
    order = ("source", "credit", "timestamp")
    for how in order:
        if meta.outlets.get(how):
            return meta.outlets[how]
    dateline_outlet = _agency_outlet(agency)
    if dateline_outlet:
        return dateline_outlet
    if site:
        name = rules.outlet_name(site)
        if name:
            return name
    if url:
        host = re.sub(r"^[a-z][a-z0-9+.-]*://", "", url.strip(), flags=re.IGNORECASE)
        host = host.split("/")[0].split("@")[-1]
        if host:
            return rules.outlet_from_host(host)
    return meta.outlets.get("copyright")


def cut_tail(lines: list[_Line]) -> list[str]:
    """Credits glued to the end of a paragraph ("...text. [Editor: Name]") end the article.

    The credit is cut off the line, and the short lines after it (links to other stories)
    are dropped.
    """
    cut: list[str] = []
    end_seen = False
    opens = rules.tail_openings_pattern()
    closes = rules.tail_closings()
    for ln in _kept(lines):
        if end_seen:
            if not _real_paragraph(ln):
                ln.kind, ln.reason = "drop", "links"
            continue
        if ln.text[-1:] not in closes or opens.search(ln.text) is None:
            continue  # no bracket a credit could open with, or close the line with
        for pattern in rules.patterns("tail"):
            m = pattern.search(ln.text)
            if m and m.start() > 0:
                cut.append(ln.text[m.start() :].strip())
                text = ln.text[: m.start()].rstrip()
                ln.text, ln.end = text, ln.start + len(text)
                end_seen = True
                break
    return cut


def clean(original: str) -> tuple[list[_Line], _Meta]:
    """Classify every line of ``original``: kept (title, body, caption) or dropped."""
    lines = split_lines(original)
    meta = _Meta()
    _strip_scraper_prefix(lines, meta)
    _apply_line_rules(lines, meta)
    meta.cut = cut_tail(lines)
    _document_rules(lines)
    return lines, meta


def read_text(
    text: str,
    doc: str,
    published_hint: str | None = None,
    url: str | None = None,
    title: str | None = None,
    outlet: str | None = None,
    site: str | None = None,
) -> Document:
    """Clean raw scraped plain text into a :class:`Document`.

    ``published_hint``, ``url``, ``title`` and ``site`` come from a container (HTML meta,
    JSON fields); the text's own header beats them when it is more precise. ``outlet``,
    when given, is taken as is.
    """
    lines, meta = clean(text)
    found_title = mark_title(lines, title)
    removed: list[str] = [ln.text for ln in lines if ln.kind == "drop"] + meta.cut
    kept = _kept(lines)
    paragraphs = _paragraphs(text, kept)
    body = "\n\n".join([p.text for p in paragraphs])
    published = _published(meta, len(lines), published_hint, lines)
    dateline, agency = _dateline(lines, text, published, meta)
    if published is None and dateline and dateline.date and _dateline_has_year(dateline):
        published = dateline.date
    elif published and len(published) == 7 and dateline and (dateline.date or "")[:7] == published:
        published = dateline.date  # a month alone, and the dateline's day within it
    lang_text = "\n".join([p.text for p in paragraphs if p.kind == "body"]) or body
    return Document(
        doc=doc,
        id=_document_id(body, kept),
        original=text,
        text=body,
        title=found_title,
        published=published,
        outlet=outlet or _outlet(meta, agency, site, url),
        lang=lang.detect(lang_text) if lang_text.strip() else None,
        dateline=dateline,
        removed=removed,
        paragraphs=paragraphs,
        url=url,
    )


def _paragraphs(text: str, kept: list[_Line]) -> list[Paragraph]:
    """``Paragraph(ln.start, ln.end, text[ln.start : ln.end], ln.kind)`` of each kept
    line, the instance's fields set as a frozen dataclass's ``__init__`` sets them (one
    ``object.__setattr__`` call a field, ~0.7 µs a paragraph) but in one update of its
    ``__dict__``: equal objects, a third cheaper. ``Paragraph`` has no ``__post_init__``
    and no slots (a test holds it so)."""
    new = object.__new__
    out = []
    for ln in kept:
        p = new(Paragraph)
        p.__dict__.update(start=ln.start, end=ln.end, text=text[ln.start : ln.end], kind=ln.kind)
        out.append(p)
    return out


def _document_id(body: str, kept: list[_Line]) -> str:
    """The id of the body, from its lines' keys when it is ASCII.

    There ``normalize`` is lower-casing and collapsing whitespace, both line by line, and
    the lines are joined by blank lines: the keys joined by spaces are the body's
    normalized text, which need not be computed a second time.
    """
    if body.isascii():
        return normalized_id(" ".join(ln.key for ln in kept))
    return document_id(body)


def _dateline_has_year(dateline: Dateline) -> bool:
    return bool(dateline.span and re.search(r"\b\d{4}\b", dateline.span.text))
