"""Training the extraction model from gold corpora (``parley train``).

Labels come from the event-level gold automatically: each engagement the rules propose
is matched to the gold event whose people it names (the contract's surname rule), and
then every option of every field is labelled by whether it equals the gold's value.
One logistic regression per decision is fitted with scikit-learn (fixed solver, no
randomness), and its weights are written as JSON (:mod:`parley.extract.learned`), so
the same corpora always give the same file.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.extract.assemble import (
    DocFacts,
    Engagement,
    Option,
    Split,
    document_features,
    merge_engagements,
    pair_features,
    split_engagement,
    split_of,
)
from parley.extract.decide.location import city_options, country_options
from parley.extract.learned import DECISIONS, LinearDecision, Model

Example = tuple[dict[str, float], int]
# L2 strength (inverse) of the decisions, chosen by grouped cross-validation
# (docs/extraction.md): the status decision's many correlated cues want a stronger prior,
# and so do the date and place decisions, whose options share most of their features
# (0.1 against 0.5: date 0.886 -> 0.892, country 0.859 -> 0.865, city 0.836 -> 0.850)
C = 0.5
C_BY_DECISION = {"occurred": 0.1, "country": 0.1, "city": 0.1, "date": 0.1}


@dataclass
class Candidates:
    """One gold document: its gold line and the engagements the rules proposed."""

    corpus: str
    gold: dict[str, Any]
    docs: list[tuple[Any, list[Engagement], DocFacts | None]]  # (Document, engagements, facts)
    lang: str | None = None


def _fold(s: str) -> str:
    s = unicodedata.normalize("NFKD", s)
    return "".join(c for c in s if not unicodedata.combining(c)).lower().strip()


def _surname(name: str) -> str:
    from parley.gold import surname

    return surname(name)


def _person_surnames(eng: Engagement) -> list[set[str]]:
    return [{_surname(p.ref.name), _surname(p.mention)} - {""} for p in eng.people]


def _tells(eng: Engagement, evidence: str) -> bool:
    """Whether one of the engagement's tellings is the gold's evidence (a stretch of
    the same words), so that of two gold events of the same people (a summit held and a
    summit called off) the telling of each goes to its own."""
    ev = " ".join(_fold(evidence).split())
    if len(ev) < 12:
        return False
    probe = ev[: min(40, len(ev))]
    for m in eng.mentions:
        text = " ".join(_fold(m.sentence.text).split())
        if probe in text or text[: min(40, len(text))] in ev:
            return True
    return False


def match_gold(eng: Engagement, gold: dict[str, Any]) -> tuple[str, dict[str, Any]] | None:
    """The gold event (from ``events`` or ``planned``) this engagement tells, if any.

    It must name the gold's people (at least two, or all when the gold names fewer;
    events without named people match on their states), and agree with it on one more
    thing: a telling that is the gold's evidence, the date the rules gave it, or being
    told as done (or as to come) as the gold has it. Among those, the one it names most,
    then the one it tells, then the one of its status and date.
    """
    people = _person_surnames(eng)
    named = set().union(*people) if people else set()
    states = {p.ref.country for p in eng.people if p.ref.country} | set(eng.states)
    rule_dates = {m.date.date for m in eng.mentions if m.date is not None and m.date.date}
    best: tuple[tuple[int, ...], str, dict[str, Any]] | None = None
    for which in ("events", "planned"):
        for g in gold.get(which, []):
            if g["participants"]:
                wanted = {_surname(n) for n in g["participants"]}
                overlap = len(wanted & named)
                if overlap < min(2, len(wanted)):
                    continue
            else:
                overlap = len(set(g["countries"]) & states)
                if overlap < 2:
                    continue
            same_date = int(
                bool(g.get("date")) and any(str(d).startswith(str(g["date"])) for d in rule_dates)
            )
            same_status = int((which == "events") == (eng.rule_status == "occurred"))
            told = int(_tells(eng, g.get("evidence") or ""))
            if not (told or same_date or same_status):
                continue
            rank = (overlap, told, same_status, same_date, int(bool(g.get("primary"))))
            if best is None or rank > best[0]:
                best = (rank, which, g)
    return (best[1], best[2]) if best else None


def _split_label(split: Split, eng: Engagement, gold: dict[str, Any]) -> int | None:
    """1 when the gold has the subject meeting the others one by one, 0 when it has one
    meeting of the subject with several of them, None when it says neither."""
    by_key = {p.ref.key: p for p in eng.people}

    def names(key: str) -> set[str]:
        p = by_key[key]
        return {_surname(p.ref.name), _surname(p.mention)} - {""}

    subject = names(split.subject)
    others = [names(k) for k in split.objects]
    pairs = joint = 0
    for g in [*gold.get("events", []), *gold.get("planned", [])]:
        wanted = {_surname(n) for n in g["participants"]}
        if not wanted & subject:
            continue
        n = sum(1 for o in others if o & wanted)
        if n == 1:
            pairs += 1
        elif n >= 2:
            joint += 1
    if joint:
        return 0
    return 1 if pairs >= 2 else None


def _same_date(value: tuple[str, str] | None, g: dict[str, Any]) -> bool:
    if value is None or not g.get("date"):
        return False
    width = {"month": 7, "year": 4}.get(g.get("date_precision") or "day", 10)
    return value[0][:width] == str(g["date"])[:width]


def _label_options(options: list[Option], positive: Any) -> list[Example]:
    return [(o.features, int(bool(positive(o)))) for o in options]


@dataclass
class Examples:
    """Training examples of every decision."""

    by_decision: dict[str, list[Example]] = field(
        default_factory=lambda: {d: [] for d in DECISIONS}
    )

    def extend(self, other: Examples) -> None:
        for k, v in other.by_decision.items():
            self.by_decision[k].extend(v)


def examples_of(cands: Candidates) -> Examples:
    """Every labelled example one gold document gives."""
    ex = Examples()
    out = ex.by_decision
    gold = cands.gold
    for _doc, engagements, facts in cands.docs:
        hits = [match_gold(eng, gold) for eng in engagements]
        for i, a in enumerate(engagements):
            for j in range(i + 1, len(engagements)):
                f = pair_features(a, engagements[j], facts.anchor if facts else None)
                if f is None or hits[i] is None or hits[j] is None:
                    continue
                out["same"].append((f, int(hits[i][1] is hits[j][1])))  # type: ignore[index]
        # the decisions below see each engagement whole, as `same` would join it
        joined: dict[int, tuple[Engagement, Any]] = {}
        alone: list[tuple[Engagement, Any]] = []
        for eng, hit in zip(engagements, hits, strict=True):
            if hit is None:
                alone.append((eng, None))
                continue
            have = joined.get(id(hit[1]))
            anchor = facts.anchor if facts else None
            joined[id(hit[1])] = (merge_engagements(have[0], eng, anchor) if have else eng, hit)
        whole = [*joined.values(), *alone]
        document_features([e for e, _ in whole])
        parts: list[tuple[Engagement, Any]] = []
        for eng, hit in whole:
            split = split_of(eng)
            label = _split_label(split, eng, gold) if split is not None else None
            if split is None or label is None:
                parts.append((eng, hit))
                continue
            out["split"].append((split.features, label))
            if not label:
                parts.append((eng, hit))
                continue
            anchor = facts.anchor if facts else None
            for sub in split_engagement(eng, split, anchor):
                parts.append((sub, match_gold(sub, gold)))
        for eng, hit in parts:
            which = hit[0] if hit else None
            g = hit[1] if hit else None
            out["occurred"].append((eng.features, int(which == "events")))
            out["planned"].append((eng.features, int(which == "planned")))
            if g is None:
                continue
            if which == "events":
                out["primary"].append((eng.features, int(bool(g.get("primary")))))
            wanted = {_surname(n) for n in g["participants"]}
            for p, names in zip(eng.people, _person_surnames(eng), strict=True):
                out["participant"].append((p.features, int(bool(names & wanted))))
            # a date the gold leaves open teaches "no date": the text does not fix it
            out["date"].extend(
                _label_options(
                    eng.dates,
                    lambda o, g=g: _same_date(o.value, g) if g.get("date") else o.value is None,
                )
            )
            if eng.kind != "meeting":
                continue
            gc = g.get("country")
            out["country"].extend(
                _label_options(country_options(eng.places), lambda o, gc=gc: o.value == gc)
            )
            if gc:
                city = _fold(g.get("city") or "")
                out["city"].extend(
                    _label_options(
                        city_options(eng.places, gc),
                        lambda o, city=city: (
                            (_fold(o.value.city) == city) if o.value is not None else not city
                        ),
                    )
                )
    return ex


def fit(examples: Examples, meta: dict[str, Any] | None = None, c: float = C) -> Model:
    """One logistic regression per decision; deterministic (lbfgs, no sampling)."""
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    decisions: dict[str, LinearDecision] = {}
    counts: dict[str, list[int]] = {}
    for name in DECISIONS:
        rows = examples.by_decision[name]
        ys = [y for _, y in rows]
        counts[name] = [len(ys), sum(ys)]
        if not rows or len(set(ys)) < 2:
            continue
        vec = DictVectorizer(sort=True)
        x = vec.fit_transform([f for f, _ in rows])
        clf = LogisticRegression(C=C_BY_DECISION.get(name, c), max_iter=5000, solver="lbfgs")
        clf.fit(x, ys)
        names = vec.get_feature_names_out()
        weights = {
            str(n): float(w) for n, w in zip(names, clf.coef_[0], strict=True) if abs(w) >= 1e-4
        }
        decisions[name] = LinearDecision(float(clf.intercept_[0]), weights)
    info = dict(meta or {})
    info["examples"] = {k: {"all": v[0], "positive": v[1]} for k, v in counts.items()}
    return Model(decisions, info)


def read_candidates(
    corpora: list[Path], progress: Callable[[], None] | None = None
) -> Iterator[Candidates]:
    """The rules' engagements for every gold document of the corpora, in gold order
    (``progress`` is called after each document: the CLI's bar)."""
    from parley.extract import SUPPORTED_LANGUAGES, default_extractor
    from parley.gold import load_gold
    from parley.read import iter_documents

    for corpus in corpora:
        for g in load_gold(corpus):
            path = corpus / "docs" / g["doc"]
            docs = list(iter_documents([str(path)], lambda failure: None))
            found: list[tuple[Any, list[Engagement], DocFacts | None]] = []
            for d in docs:
                lang = d.lang or "en"
                if lang not in SUPPORTED_LANGUAGES:
                    found.append((d, [], None))
                    continue
                engagements, facts = default_extractor(lang).candidates(d)
                found.append((d, engagements, facts))
            if progress is not None:
                progress()
            yield Candidates(corpus.name, g, found, docs[0].lang if docs else None)


def train(corpora: list[Path], c: float = C, progress: Callable[[], None] | None = None) -> Model:
    """The model the corpora teach (``parley train``)."""
    ex = Examples()
    n = 0
    for cands in read_candidates(corpora, progress):
        ex.extend(examples_of(cands))
        n += 1
    meta = {"corpora": [p.name for p in corpora], "documents": n, "C": c}
    return fit(ex, meta, c)


def examples_only(cands: list[Candidates]) -> Examples:
    ex = Examples()
    for c in cands:
        ex.extend(examples_of(c))
    return ex
