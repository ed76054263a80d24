"""The one data model every stage passes along.

A :class:`Document` comes out of ``read``; ``extract`` adds :class:`Event` and
:class:`Statement` objects that point back into the document's original text through
:class:`Span` offsets, so every field can be explained by the sentence it came from.
Plain dataclasses keep the objects cheap to build by the million and trivial to pickle
for Dask workers; ``to_dict`` gives the JSON shapes of the outside contract.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal, TypeVar, get_args

Kind = Literal["meeting", "call"]
Status = Literal["occurred", "planned", "cancelled"]
Precision = Literal["day", "month", "year"]

_L = TypeVar("_L", bound=str)

KINDS: tuple[Kind, ...] = get_args(Kind)
STATUSES: tuple[Status, ...] = get_args(Status)
PRECISIONS: tuple[Precision, ...] = get_args(Precision)

#: How precise a date is, the higher the more (no date at all is 0): wherever reports of
#: one engagement are compared, the best dated comes first by it.
PRECISION_RANK: dict[str | None, int] = {"day": 3, "month": 2, "year": 1, None: 0}
#: How many characters of an ISO date each precision fixes ("2024-05" for a month).
PRECISION_WIDTH: dict[str | None, int] = {"day": 10, "month": 7, "year": 4}


def dates_agree(a: str, a_precision: str | None, b: str, b_precision: str | None) -> bool:
    """Two dates that may name one time: equal as far as the vaguer of the two says
    ("2024-05" and "2024-05-14" agree; "2024-05" and "2024-06-01" do not). A date of
    unknown precision is read as a day. One rule for telling two reports of an engagement
    apart, within a document (extraction) and across documents (merging)."""
    width = min(PRECISION_WIDTH.get(a_precision, 10), PRECISION_WIDTH.get(b_precision, 10))
    return a[:width] == b[:width]


def _literal(value: object, allowed: tuple[_L, ...], what: str) -> _L:
    for choice in allowed:
        if value == choice:
            return choice
    raise ValueError(f"{value!r} is not a {what}: one of {', '.join(allowed)}")


def as_kind(value: object) -> Kind:
    """``value`` as a :data:`Kind`, or a ValueError: where a kind comes in as text (a
    stored row, a file, a request) it is checked once, and is a ``Kind`` from then on."""
    return _literal(value, KINDS, "kind")


def as_status(value: object) -> Status:
    """``value`` as a :data:`Status`, or a ValueError (see :func:`as_kind`)."""
    return _literal(value, STATUSES, "status")


def as_precision(value: object) -> Precision | None:
    """``value`` as a :data:`Precision` (None stays None), or a ValueError."""
    return None if value is None else _literal(value, PRECISIONS, "date precision")


@dataclass(frozen=True)
class Span:
    """A stretch of the original text; ``text == original[start:end]`` always holds."""

    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class Dateline:
    """Where and when the story was filed, as the wire copy's opening words say."""

    place: str | None = None
    date: str | None = None  # ISO date completed from the publication date
    span: Span | None = None


@dataclass(frozen=True)
class Paragraph:
    """One kept line of the article: its place in ``Document.original`` and what it is.

    ``kind`` is "title", "body" or "caption" (photo captions are kept apart because they
    carry dates and places but repeat the lead).
    """

    start: int
    end: int
    text: str
    kind: Literal["title", "body", "caption"] = "body"


@dataclass
class Document:
    """An article after reading and cleaning.

    ``original`` is the decoded text as read (offsets of evidence index it); ``text`` is
    the clean body. ``body_offsets`` maps each clean line back to its place in
    ``original`` so extraction can run on clean text and still cite the original.
    """

    doc: str
    id: str
    original: str
    text: str
    title: str | None = None
    published: str | None = None
    outlet: str | None = None
    lang: str | None = None
    dateline: Dateline | None = None
    removed: list[str] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    url: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The contract's document object."""
        dl = self.dateline
        return {
            "doc": self.doc,
            "id": self.id,
            "title": self.title,
            "published": self.published,
            "outlet": self.outlet,
            "lang": self.lang,
            "dateline": {"place": dl.place, "date": dl.date} if dl else None,
            "text": self.text,
            "removed": list(self.removed),
        }


@dataclass(frozen=True)
class Tenure:
    """One office held by a person between two dates (``end`` None: still in office)."""

    country: str
    role: str
    title: str
    start: str | None
    end: str | None

    def covers(self, day: str | None) -> bool:
        if day is None:
            return True
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


@dataclass
class Actor:
    """A person, country or international body known to the knowledge base (or met in text)."""

    key: str  # stable slug, e.g. "sergei-lavrov" or "country:RUS"
    name: str
    kind: Literal["person", "country", "org"] = "person"
    id: str | None = None  # Wikidata QID where known
    country: str | None = None
    aliases: tuple[str, ...] = ()
    tenures: tuple[Tenure, ...] = ()

    def tenure_on(self, day: str | None) -> Tenure | None:
        """The office held on ``day``; the most senior one when several overlap."""
        for t in self.tenures:
            if t.covers(day):
                return t
        return None


@dataclass
class Mention:
    """A stretch of text that refers to an actor (a name, a title, a pronoun)."""

    span: Span
    actor: Actor | None
    how: str  # "name", "title", "counterpart", "pronoun", "surname", ...


@dataclass
class Participant:
    """A person who took part: ``name`` is the knowledge base's canonical name (Latin
    script) when the person is known, else the name as written; ``mention`` is the
    fullest form the text writes."""

    name: str
    country: str | None
    role: str | None = None
    id: str | None = None
    key: str | None = None
    mention: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "mention": self.mention if self.mention is not None else self.name,
            "country": self.country,
            "role": self.role,
            "id": self.id,
        }


@dataclass
class Location:
    city: str | None
    admin1: str | None
    country: str | None
    lat: float | None = None
    lon: float | None = None
    geonames_id: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class Event:
    """One engagement reported by one document (merging across documents is ``store``'s job)."""

    doc: str
    kind: Kind
    status: Status
    primary: bool
    participants: list[Participant]
    countries: list[str]
    date: str | None = None
    date_precision: Precision | None = None
    location: Location | None = None
    occasion: str | None = None
    initiator: str | None = None
    host: str | None = None
    cameo: str = "040"
    plover: dict[str, str] = field(default_factory=lambda: {"type": "CONSULT", "mode": ""})
    evidence: list[Span] = field(default_factory=list)
    confidence: float = 0.5
    field_evidence: dict[str, Span] = field(default_factory=dict)
    topics: list[str] = field(default_factory=list)
    # what each decision weighed (extract/decide): shown by `parley extract --explain`
    explanation: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    def to_dict(self) -> dict[str, Any]:
        """The contract's extracted-event object (plus ``field_evidence`` and ``topics``)."""
        return {
            "doc": self.doc,
            "kind": self.kind,
            "status": self.status,
            "primary": self.primary,
            "participants": [p.to_dict() for p in self.participants],
            "countries": list(self.countries),
            "date": self.date,
            "date_precision": self.date_precision,
            "location": self.location.to_dict() if self.location else None,
            "occasion": self.occasion,
            "initiator": self.initiator,
            "cameo": self.cameo,
            "plover": dict(self.plover),
            "evidence": [s.to_dict() for s in self.evidence],
            "field_evidence": {k: s.to_dict() for k, s in self.field_evidence.items()},
            "topics": list(self.topics),
            "confidence": round(self.confidence, 2),
        }


@dataclass
class Statement:
    """What a participant (or both sides) said, with its stance and topics."""

    speaker: dict[str, Any]
    text: str
    start: int
    end: int
    mode: Literal["direct", "indirect"] = "indirect"
    event: int | None = None
    topics: list[str] = field(default_factory=list)
    stance: str = "other"
    target: dict[str, Any] | None = None
    cameo: str | None = None
    plover: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)
