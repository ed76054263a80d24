"""Scores extraction against a gold corpus with the contract's metrics.

The matching rule is the contract's: a predicted event matches a gold event when every
gold participant's surname is among the predicted surnames and the prediction has at
most one participant more; events without named people match on their countries.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from parley.gold import fold, load_gold, surname
from parley.graph import groups
from parley.model import Document, Event, Statement

__all__ = ["load_gold", "surname"]  # the gold format lives in parley.gold; kept importable here


def matches(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    """The contract's matching rule between one predicted and one gold event."""
    if gold["participants"]:
        # the canonical name or the form the text writes ("王毅" is Wang Yi)
        names = {surname(p["name"]) for p in pred["participants"]} | {
            surname(p["mention"]) for p in pred["participants"] if p.get("mention")
        }
        wanted = {surname(n) for n in gold["participants"]}
        return wanted <= names and len(pred["participants"]) <= len(gold["participants"]) + 1
    return set(pred.get("countries") or []) == set(gold["countries"]) and bool(gold["countries"])


@dataclass
class Score:
    """Counts behind each metric, so several documents can be added up."""

    gold_primary: int = 0
    matched_primary: int = 0
    predicted: int = 0
    predicted_matched: int = 0
    dated: int = 0
    date_ok: int = 0
    placed: int = 0
    country_ok: int = 0
    cited: int = 0
    city_ok: int = 0
    misses: dict[str, list[str]] = field(default_factory=dict)

    def add(self, other: Score) -> None:
        for k, v in vars(other).items():
            if isinstance(v, int):
                setattr(self, k, getattr(self, k) + v)
        for k, v in other.misses.items():
            self.misses.setdefault(k, []).extend(v)

    @staticmethod
    def _ratio(a: int, b: int) -> float | None:
        return round(a / b, 4) if b else None

    def metrics(self) -> dict[str, float | None]:
        return {
            "recall": self._ratio(self.matched_primary, self.gold_primary),
            "precision": self._ratio(self.predicted_matched, self.predicted),
            "date_accuracy": self._ratio(self.date_ok, self.dated),
            "country_accuracy": self._ratio(self.country_ok, self.placed),
            "city_accuracy": self._ratio(self.city_ok, self.cited),
        }


def _same_date(pred: dict[str, Any], gold: dict[str, Any]) -> bool:
    if not pred.get("date"):
        return False
    width = (
        7
        if gold.get("date_precision") == "month"
        else 4
        if gold.get("date_precision") == "year"
        else 10
    )
    return str(pred["date"])[:width] == str(gold["date"])[:width]


def score_document(doc: str, predicted: Iterable[dict[str, Any]], gold: dict[str, Any]) -> Score:
    """Match one document's occurred predictions to its gold events and count."""
    sc = Score()
    preds = [p for p in predicted if p.get("status") == "occurred"]
    golds = list(gold.get("events", []))
    sc.gold_primary = sum(1 for g in golds if g.get("primary"))
    sc.predicted = len(preds)
    used: set[int] = set()
    pairs: list[tuple[dict[str, Any], dict[str, Any]]] = []
    for p in preds:
        cands = [i for i, g in enumerate(golds) if i not in used and matches(p, g)]
        cands.sort(key=lambda i: (not golds[i].get("primary"), not _same_date(p, golds[i])))
        if cands:
            used.add(cands[0])
            pairs.append((p, golds[cands[0]]))
            sc.predicted_matched += 1
        else:
            sc.misses.setdefault(doc, []).append(f"extra: {_describe(p)}")
    for i, g in enumerate(golds):
        if i not in used and g.get("primary"):
            sc.misses.setdefault(doc, []).append(f"missed primary: {_describe_gold(g)}")
    for p, g in pairs:
        if not g.get("primary"):
            continue
        sc.matched_primary += 1
        loc = p.get("location") or {}
        if g.get("date"):
            sc.dated += 1
            if _same_date(p, g):
                sc.date_ok += 1
            else:
                sc.misses.setdefault(doc, []).append(f"date {p.get('date')} != {g['date']}")
        if g.get("country"):
            sc.placed += 1
            if loc.get("country") == g["country"]:
                sc.country_ok += 1
            else:
                sc.misses.setdefault(doc, []).append(
                    f"country {loc.get('country')} != {g['country']}"
                )
        if g.get("city"):
            sc.cited += 1
            if fold(loc.get("city") or "") == fold(g["city"]):
                sc.city_ok += 1
            else:
                sc.misses.setdefault(doc, []).append(f"city {loc.get('city')} != {g['city']}")
    return sc


def _describe(p: dict[str, Any]) -> str:
    names = ", ".join(x["name"] for x in p["participants"]) or ", ".join(p.get("countries") or [])
    return f"{p['kind']} [{names}] {p.get('date')} {(p.get('location') or {}).get('city')}"


def _describe_gold(g: dict[str, Any]) -> str:
    names = ", ".join(g["participants"]) or ", ".join(g["countries"])
    return f"{g['kind']} [{names}] {g.get('date')} {g.get('city')}"


def evaluate(
    corpus: Path,
    predict: Callable[[Path], tuple[str | None, list[Event]]],
    lang: str | None = None,
    prefix: bool = False,
) -> tuple[Score, dict[str, Any]]:
    """Score ``predict`` (path -> (language, events)) over every gold document
    (``prefix``: name misses "corpus/doc", when several corpora are scored together)."""
    total = Score()
    langs = {"right": 0, "all": 0}
    for g in load_gold(corpus):
        if lang and g.get("lang") != lang:
            continue
        path = corpus / "docs" / g["doc"]
        got_lang, events = predict(path)
        langs["all"] += 1
        langs["right"] += int(got_lang == g.get("lang"))
        name = f"{corpus.name}/{g['doc']}" if prefix else g["doc"]
        total.add(score_document(name, [e.to_dict() for e in events], g))
    return total, {
        "lang_accuracy": round(langs["right"] / langs["all"], 4) if langs["all"] else None,
        "documents": langs["all"],
    }


def merge_assignments(
    gold: dict[str, Any], mentions: list[tuple[dict[str, Any], str | None]]
) -> dict[str, str | None]:
    """Gold key -> merged event id, for one document's stored mentions.

    ``mentions`` are the document's extracted events (contract shape) with the id of the
    merged event each went into; a gold event takes the event of the mention it matches.
    """
    golds = gold.get("events", [])
    pairs = [
        (not _same_date(m, g), gi, mi)
        for gi, g in enumerate(golds)
        for mi, (m, _) in enumerate(mentions)
        if m.get("status") == "occurred" and matches(m, g)
    ]
    # same-date pairs first, so an undated recollection does not take the dated report
    taken_gold: set[int] = set()
    taken_mention: set[int] = set()
    out: dict[str, str | None] = {g["key"]: None for g in golds}
    for _, gi, mi in sorted(pairs):
        if gi in taken_gold or mi in taken_mention:
            continue
        taken_gold.add(gi)
        taken_mention.add(mi)
        if out.get(golds[gi]["key"]) is None:
            out[golds[gi]["key"]] = mentions[mi][1]
    return out


def merge_scores(assigned: dict[str, dict[str, str | None]]) -> dict[str, float | None]:
    """Pairwise precision and recall of merging over (document, dated gold key) items.

    ``assigned`` maps document -> gold key -> merged event id (None: not extracted).
    Two items belong together in the gold when their keys are equal, and in the
    prediction when they went into the same merged event.
    """
    items = [
        (doc, key, ev)
        for doc, keys in sorted(assigned.items())
        for key, ev in sorted(keys.items())
        if not key.endswith("|unknown")
    ]
    gold_pairs = pred_pairs = both = 0
    for i, (_, k1, e1) in enumerate(items):
        for _, k2, e2 in items[i + 1 :]:
            same_gold = k1 == k2
            same_pred = e1 is not None and e1 == e2
            gold_pairs += same_gold
            pred_pairs += same_pred
            both += same_gold and same_pred
    return {
        "merge_precision": round(both / pred_pairs, 4) if pred_pairs else None,
        "merge_recall": round(both / gold_pairs, 4) if gold_pairs else None,
        "merge_gold_pairs": gold_pairs,
        "merge_predicted_pairs": pred_pairs,
    }


def evaluate_merge(
    corpora: Path | list[Path],
    db_path: Path,
    lang: str | None = None,
    extractor: Callable[[Document, str | None], tuple[list[Event], list[Statement]]] | None = None,
) -> dict[str, Any]:
    """Ingest the corpora into ``db_path`` and score how their reports were merged.

    ``extractor`` replaces the extraction (cross-validation hands each document the
    events of the model that did not see it)."""
    from parley.read import iter_documents
    from parley.store import Store
    from parley.store.ingest import ingest

    corpora = [corpora] if isinstance(corpora, Path) else corpora
    golds = [
        (corpus, g)
        for corpus in corpora
        for g in load_gold(corpus)
        if not lang or g.get("lang") == lang
    ]
    paths = [str(corpus / "docs" / g["doc"]) for corpus, g in golds]
    with Store(db_path) as store:
        docs = iter_documents(paths, lambda failure: None)
        if extractor is None:
            ingest(store, docs)
        else:
            ingest(store, docs, extractor=extractor)
        assigned: dict[str, dict[str, str | None]] = {}
        for (corpus, g), path in zip(golds, paths, strict=True):
            rows = store.con.execute(
                "SELECT m.status, m.date, m.date_precision, m.participants, m.countries, "
                "m.event_id "
                "FROM document_paths p JOIN mentions m ON m.document_id = p.document_id "
                "WHERE p.path = ? OR p.path LIKE ? ORDER BY p.path, m.position",
                (path, path + ":%"),
            ).fetchall()
            mentions = [
                (
                    {
                        "status": r[0],
                        "date": r[1],
                        "date_precision": r[2],
                        "participants": json.loads(r[3]),
                        "countries": json.loads(r[4]),
                    },
                    r[5],
                )
                for r in rows
            ]
            assigned[f"{corpus.name}/{g['doc']}"] = merge_assignments(g, mentions)
    return merge_scores(assigned)


def grouped_folds(golds: list[dict[str, Any]], k: int) -> list[int]:
    """A fold for each gold document; documents that share a gold key (two reports of
    one engagement) share a fold, and folds are balanced by number of documents.

    Deterministic: groups are placed largest first (ties by their first document's
    position) into the fold with the fewest documents so far.
    """
    owner: dict[str, int] = {}
    u: list[int] = []
    v: list[int] = []
    for i, g in enumerate(golds):
        for e in [*g.get("events", []), *g.get("planned", [])]:
            key = e.get("key")
            if key:
                u.append(owner.setdefault(key, i))
                v.append(i)
    sizes = [0] * k
    fold = [0] * len(golds)
    for members in sorted(groups(len(golds), u, v), key=lambda m: (-len(m), m[0])):
        f = min(range(k), key=lambda j: (sizes[j], j))
        sizes[f] += len(members)
        for i in members:
            fold[i] = f
    return fold


@dataclass
class CrossValidation:
    """Scores of a grouped K-fold cross-validation, and each document's events."""

    score: Score
    extra: dict[str, Any]
    events: dict[str, list[Event]]  # document path -> events from the model without it


def cross_validate(
    corpora: list[Path],
    k: int,
    lang: str | None = None,
    progress: Callable[[], None] | None = None,
) -> CrossValidation:
    """Each fold extracted by a model trained on the other folds (``eval --cv K``).

    The rules' engagements are built once per document; only the learned decisions
    change from fold to fold, so K folds cost K small fits, not K extractions.
    """
    from parley.extract.decide import decide
    from parley.extract.train import examples_only, fit, read_candidates

    cands = [
        c for c in read_candidates(corpora, progress) if not lang or c.gold.get("lang") == lang
    ]
    folds = grouped_folds([c.gold for c in cands], k)
    total = Score()
    langs = {"right": 0, "all": 0}
    events: dict[str, list[Event]] = {}
    for f in range(k):
        train_on = [c for c, fo in zip(cands, folds, strict=True) if fo != f]
        model = fit(examples_only(train_on))
        for c, fo in zip(cands, folds, strict=True):
            if fo != f:
                continue
            got: list[Event] = []
            for doc, engagements, facts in c.docs:
                evs = decide(engagements, facts, model) if facts is not None else []
                events[doc.doc] = evs
                got.extend(evs)
            langs["all"] += 1
            langs["right"] += int(c.lang == c.gold.get("lang"))
            name = f"{c.corpus}/{c.gold['doc']}"
            total.add(score_document(name, [e.to_dict() for e in got], c.gold))
    extra = {
        "lang_accuracy": round(langs["right"] / langs["all"], 4) if langs["all"] else None,
        "documents": langs["all"],
        "folds": k,
    }
    return CrossValidation(total, extra, events)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> int:
    return max(0, min(a[1], b[1]) - max(a[0], b[0]))


def _speaker_key(name: str | None) -> str:
    if not name:
        return ""
    return "both sides" if fold(name) == "both sides" else surname(name)


@dataclass
class StatementScore:
    """Counts behind the statement metrics (see :func:`score_statements`)."""

    gold: int = 0
    predicted: int = 0
    matched: int = 0
    predicted_matched: int = 0
    speaker_ok: int = 0
    stance_ok: int = 0
    topic_tp: int = 0
    topic_fp: int = 0
    topic_fn: int = 0
    misses: list[str] = field(default_factory=list)

    def metrics(self) -> dict[str, float | None]:
        r = Score._ratio
        p = r(self.topic_tp, self.topic_tp + self.topic_fp)
        rc = r(self.topic_tp, self.topic_tp + self.topic_fn)
        f1 = round(2 * p * rc / (p + rc), 4) if p and rc else (0.0 if p is not None else None)
        return {
            "statement_recall": r(self.matched, self.gold),
            "statement_precision": r(self.predicted_matched, self.predicted),
            "speaker_accuracy": r(self.speaker_ok, self.matched),
            "stance_accuracy": r(self.stance_ok, self.matched),
            "topic_f1": f1,
        }


def score_statements(
    doc: str, predicted: list[dict[str, Any]], gold: list[dict[str, Any]], sc: StatementScore
) -> None:
    """Match statements by span (most overlap, at least half the gold span) and count.

    Speaker and stance accuracy are over matched gold statements; topic F1 is micro-averaged
    over the topics of matched pairs; recall and precision say how many were found at all.
    """
    sc.gold += len(gold)
    sc.predicted += len(predicted)
    used: set[int] = set()
    for g in gold:
        span = (g["start"], g["end"])
        best, best_ov = None, 0
        for i, p in enumerate(predicted):
            ov = _overlap(span, (p["start"], p["end"]))
            if i not in used and ov > best_ov:
                best, best_ov = i, ov
        if best is None or best_ov * 2 < span[1] - span[0]:
            sc.misses.append(f"{doc}\tmissed statement {span} by {g['speaker']}")
            continue
        used.add(best)
        p = predicted[best]
        sc.matched += 1
        if _speaker_key(p["speaker"]["name"]) == _speaker_key(g["speaker"]):
            sc.speaker_ok += 1
        else:
            sc.misses.append(f"{doc}\tspeaker {p['speaker']['name']} != {g['speaker']} {span}")
        if p["stance"] == g["stance"]:
            sc.stance_ok += 1
        else:
            sc.misses.append(f"{doc}\tstance {p['stance']} != {g['stance']} {span}")
        got, want = set(p.get("topics") or []), set(g.get("topics") or [])
        sc.topic_tp += len(got & want)
        sc.topic_fp += len(got - want)
        sc.topic_fn += len(want - got)
    sc.predicted_matched += len(used)


def evaluate_statements(
    corpus: Path, annotations: Path, predict: Callable[[Path], list[dict[str, Any]]]
) -> tuple[dict[str, float | None], list[str]]:
    """Score statements on the documents ``annotations`` (JSONL, one line per document) covers."""
    sc = StatementScore()
    with annotations.open(encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            ann = json.loads(line)
            predicted = predict(corpus / "docs" / ann["doc"])
            score_statements(ann["doc"], predicted, ann["statements"], sc)
    return sc.metrics(), sc.misses
