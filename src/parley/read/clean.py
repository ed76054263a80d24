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

from parley.model import Dateline, Document, Paragraph, Span
from parley.read import dates, lang, metadata, rules
from parley.read.dates import Stamp
from parley.read.ids import document_id, normalize

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
# A separator starts where a run of spaces starts ((?<!\s)) and takes the run whole
# (\s++): matched from inside a run of 40,000 spaces it was tried 40,000 times over.
_LIST_SEPARATOR = re.compile(r"(?<!\s)\s++[|·•>»›]\s+")
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


@dataclass
class _Line:
    start: int
    end: int
    text: str
    words: int
    kind: str = "body"  # body, caption, title, or "drop"
    reason: str = ""


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


def split_lines(original: str) -> list[_Line]:
    """Non-blank lines with their offsets, surrounding whitespace excluded."""
    out = []
    for m in _LINE.finditer(original):
        raw = m.group()
        stripped = raw.strip()
        if not stripped:
            continue
        start = m.start() + (len(raw) - len(raw.lstrip()))
        out.append(_Line(start, start + len(stripped), stripped, metadata.word_count(stripped)))
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
    line = _MEDIA_LABEL.sub("", line, count=1)
    return " " not in line and _URL_LINE.match(line) is not None


def is_bare_number(line: str) -> bool:
    return _NUMBERS.match(line) is not None


def is_symbols(line: str) -> bool:
    return _LETTER.search(line) is None and not any(c.isdigit() for c in line)


def is_link_list(line: str) -> bool:
    """A flattened list of links: three or more short items between "|" or "·"."""
    items = [t.strip() for t in _LIST_SEPARATOR.split(line)]
    if len(items) < _LIST_MIN_ITEMS or not all(items):
        return False
    return all(len(t.split()) <= _LIST_ITEM_WORDS and not _SENTENCE_END.search(t) for t in items)


def is_tag(line: str) -> bool:
    """Lower-case keyword tags ("vladimir putin") printed under an article."""
    return line.isascii() and _TAG.match(line) is not None and len(line) <= 40


def is_embed_signature(line: str) -> bool:
    """The signature an embedded post ends with: "— Name (@handle) October 23, 2024"."""
    return _EMBED.search(line) is not None


def chrome_group(line: str, words: int) -> str:
    toks = rules.tokens(line) if words <= _MAX_PHRASE_WORDS else []
    for name in _GROUPS:
        if rules.group(name).matches(line, words, toks):
            return name
    return ""


def is_caption(line: str, words: int) -> bool:
    low = line.casefold()
    if not any(k in low for k in _CAPTION_KEYS):
        return False
    if rules.combined("caption").search(line):
        return True
    return words >= 6 and not line.endswith(".") and _PHOTOGRAPHER.search(line) is not None


def is_temperature(line: str, words: int) -> bool:
    return words <= _TEMPERATURE_WORDS and rules.combined("widget").match(line) is not None


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


def _line_rule(line: _Line, index: int, meta: _Meta) -> str:
    s, words = line.text, line.words
    if is_symbols(s):
        return "symbols"
    if is_url_or_file(s):
        return "url"
    ts = timestamp(s, words)
    if ts is not None:
        stamp, rest = ts
        if stamp is not None:
            meta.stamps.append((index, stamp))
        meta.outlet("timestamp", metadata.residual_outlet(rest))
        meta.outlet("source", metadata.outlet_from_source_line(s))
        return "timestamp"
    if is_bare_number(s):
        return "number"
    if is_link_list(s):
        return "links"
    credit = metadata.outlet_from_credit(s) if words <= 6 else None
    if credit:
        meta.outlet("credit", credit)
        return "credit"
    group = chrome_group(s, words)
    if group in ("footer", "share") and words > _CAPTION_OVER_CHROME and is_caption(s, words):
        group = ""
    if group:
        if group == "credit":
            meta.outlet("source", metadata.outlet_from_source_line(s))
        elif group == "copyright":
            meta.outlet("copyright", metadata.outlet_from_copyright(s))
        return group
    m = _BYLINE.match(s) if words <= 8 else None
    if m:
        meta.byline = m.group("name")
        return "byline"
    if meta.byline and s.startswith(meta.byline) and words <= _BIO_WORDS:
        return "byline"
    if words <= _EMBED_WORDS and is_embed_signature(s):
        return "embed"
    if is_tag(s) and words <= 3:
        return "tag"
    return ""


def _apply_line_rules(lines: list[_Line], meta: _Meta) -> list[_Line]:
    widget = False
    for i, line in enumerate(lines):
        if is_temperature(line.text, line.words):
            line.kind, line.reason, widget = "drop", "widget", True
            continue
        if widget and line.words <= _WIDGET_WORDS:
            line.kind, line.reason = "drop", "widget"
            continue
        widget = False
        reason = _line_rule(line, i, meta)
        if reason:
            line.kind, line.reason = "drop", reason
        elif is_caption(line.text, line.words):
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
    keys = {id(ln): normalize(ln.text) for ln in kept}
    candidates = [
        keys[id(ln)] for ln in kept if ln.words >= _DUP_MIN_WORDS and _SENTENCE_END.search(ln.text)
    ]
    contained = contained_in_longer(candidates, list(keys.values()))
    for ln in kept:
        key = keys[id(ln)]
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
    by_length = sorted(set(texts), key=len)
    lengths = [len(t) for t in by_length]
    found: set[str] = set()
    budget = _CONTAINMENT_BUDGET
    for c in dict.fromkeys(candidates):
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
    return lang.dominant(lang.script_counts("\n".join(ln.text for ln in _kept(lines))))


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
    return long_enough and _SENTENCE_END.search(ln.text) is not None


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
        if not _short(ln) or _SENTENCE_END.search(ln.text):
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
    body = [ln for ln in lines if ln.kind == "body"][:_DATELINE_WINDOW]
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
    for ln in _kept(lines):
        if end_seen:
            if not _real_paragraph(ln):
                ln.kind, ln.reason = "drop", "links"
            continue
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
    paragraphs = [Paragraph(ln.start, ln.end, text[ln.start : ln.end], ln.kind) for ln in kept]  # type: ignore[arg-type]
    body = "\n\n".join(p.text for p in paragraphs)
    published = _published(meta, len(lines), published_hint, lines)
    dateline, agency = _dateline(lines, text, published, meta)
    if published is None and dateline and dateline.date and _dateline_has_year(dateline):
        published = dateline.date
    lang_text = "\n".join(p.text for p in paragraphs if p.kind == "body") or body
    return Document(
        doc=doc,
        id=document_id(body),
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


def _dateline_has_year(dateline: Dateline) -> bool:
    return bool(dateline.span and re.search(r"\b\d{4}\b", dateline.span.text))
