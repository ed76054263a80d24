"""Writing systems and languages: which lines are foreign, and what the body is written in.

py3langid walks every byte through a Python-level automaton (about 0.4 µs a byte), which
would dominate the reader's cost if it ran on every line or on whole articles. So lines
are judged by script (a Chinese headline on top of an English article differs in script,
and script needs no model), and the body's language is decided by a function-word vote
when that vote is overwhelming, and by py3langid on a bounded sample otherwise.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from functools import cache
from importlib import resources
from operator import itemgetter
from pathlib import Path
from typing import Any

SCRIPTS: dict[str, re.Pattern[str]] = {
    "latin": re.compile(r"[A-Za-z\u00c0-\u024f\u1e00-\u1eff]"),
    "cyrillic": re.compile(r"[\u0400-\u052f]"),
    "greek": re.compile(r"[\u0370-\u03ff]"),
    "cjk": re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af]"),
    "arabic": re.compile(r"[\u0600-\u06ff\u0750-\u077f]"),
    "hebrew": re.compile(r"[\u0590-\u05ff]"),
    "indic": re.compile(r"[\u0900-\u0dff]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
}
_ASCII_LETTER = re.compile(r"[A-Za-z]")
_KANA = re.compile(r"[\u3040-\u30ff]")
_HANGUL = re.compile(r"[\uac00-\ud7af]")
_WORD = re.compile(r"[^\W\d_]+")
_ASCII_WORD = re.compile(r"[A-Za-z]+")
_SAMPLE_CHARS = 600
_VOTE_WORDS = 120
_VOTE_MIN = 8
_VOTE_MARGIN = 3.0


# Every ASCII byte that is not a letter: deleting them leaves the letters to count, in C
# (``findall`` built a string a letter).
_ASCII_NOT_LETTERS = bytes(b for b in range(128) if not chr(b).isalpha())


def script_counts(text: str) -> Counter[str]:
    """Letters per writing system; ASCII-only text is counted without scanning each script."""
    if text.isascii():
        letters = text.encode("ascii").translate(None, _ASCII_NOT_LETTERS)
        return Counter({"latin": len(letters)})
    counts: Counter[str] = Counter()
    for name, pattern in SCRIPTS.items():
        n = len(pattern.findall(text))
        if n:
            counts[name] = n
    return counts


def dominant_script(text: str) -> str | None:
    """``dominant(script_counts(text))``: ASCII text is Latin when it holds a letter,
    which the first letter tells without counting them all (or building the Counter)."""
    if text.isascii():
        return "latin" if _ASCII_LETTER.search(text) else None
    return dominant(script_counts(text))


def dominant(counts: Counter[str]) -> str | None:
    if not counts:
        return None
    # most_common(1) is this max (the first of equals) behind a heap's Python code
    name, n = max(counts.items(), key=itemgetter(1))
    return name if n else None


@cache
def _function_words() -> dict[str, frozenset[str]]:
    """Each language's function words, minus those another language shares."""
    table = resources.files("parley.read").joinpath("languages.toml")
    raw = tomllib.loads(table.read_text("utf-8"))
    lists: dict[str, list[str]] = raw["function_words"]
    seen = Counter(w for words in lists.values() for w in set(words))
    return {lang: frozenset(w for w in words if seen[w] == 1) for lang, words in lists.items()}


@cache
def _word_language() -> dict[str, str]:
    """Each function word's one language (the lists share none, see above)."""
    return {w: lang for lang, words in _function_words().items() for w in words}


@cache
def _ascii_word_language() -> dict[bytes, str]:
    return {w.encode(): lang for w, lang in _word_language().items() if w.isascii()}


# ASCII letters lower-cased and every other ASCII byte a blank: ``split`` then gives the
# words [A-Za-z]+ finds in lower-cased text, without a string and a match each.
_ASCII_LOWER_WORDS = bytes(b | 32 if chr(b).isalpha() and b < 128 else 32 for b in range(256))


def _vote(text: str) -> str | None:
    raw = text[: _SAMPLE_CHARS * 2]
    hits: list[str]
    if raw.isascii():  # casefold is lower there, and [^\W\d_] is [A-Za-z]
        ascii_owner = _ascii_word_language()
        # split no further than the words voted (a split of the whole sample made twice
        # as many objects), and look the words up in C (map, filter)
        words = raw.encode("ascii").translate(_ASCII_LOWER_WORDS).split(None, _VOTE_WORDS)
        hits = list(filter(None, map(ascii_owner.get, words[:_VOTE_WORDS])))
    else:
        sample = raw.casefold()
        found = (_ASCII_WORD if sample.isascii() else _WORD).findall(sample)[:_VOTE_WORDS]
        owner = _word_language()
        hits = [owner[w] for w in found if w in owner]
    counted = Counter(hits)
    # every language starts at 0, in the table's order, and a stable sort keeps equals in
    # that order: ties rank as they did with most_common
    scores = [(lang, counted.get(lang, 0)) for lang in _function_words()]
    ranked = sorted(scores, key=itemgetter(1), reverse=True)[:2]
    if not ranked:
        return None
    best, n = ranked[0]
    runner = ranked[1][1] if len(ranked) > 1 else 0
    if n >= _VOTE_MIN and n >= _VOTE_MARGIN * max(runner, 1):
        return best
    return None


@cache
def _priors() -> dict[str, float]:
    table = resources.files("parley.read").joinpath("languages.toml")
    raw: dict[str, float] = tomllib.loads(table.read_text("utf-8"))["prior"]
    return {lang: float(v) for lang, v in raw.items()}


# A capitalised word after the first of its sentence: mostly a name (Kenyan, Nairobi,
# Scholz), which says nothing of the language around it and, in a short text, outweighs
# the few words that do.
_LATER_WORD = re.compile(r"(?<=[^\s.!?:;]\s)[^\W\d_][\w'’-]*")


def _without_names(text: str) -> str:
    return _LATER_WORD.sub(lambda m: " " if m.group(0)[0].isupper() else m.group(0), text)


# py3langid ships its model LZMA-compressed (4.5 MB, 65 MB of arrays): unpacking it takes
# half a second, more than the rest of a one-file `parley extract`. `make prebuilt` writes
# the arrays once, uncompressed, beside this module (a build artefact, like the KB's
# prebuilt file); they are memory-mapped, so a process reads only the pages a sample
# touches. Without them (or when they are from another py3langid) the package's own
# loader runs, with the same result.
UNPACKED = Path(__file__).with_name("langid-model")
_ARRAYS = ("ptc", "pc", "nextmove", "nextmove_row", "out_feat")


def _model_stamp() -> str:
    """What the unpacked arrays were made from: py3langid's version and model file."""
    from importlib.metadata import version

    import py3langid.langid as pl

    model = pl.MODEL_DIR / pl.MODEL_FILE
    return f"py3langid {version('py3langid')} {model.stat().st_size}\n"


def unpack_model(dest: Path = UNPACKED) -> bool:
    """Write py3langid's model as plain arrays under ``dest``; False when already current."""
    import json

    import numpy as np
    import py3langid.langid as pl

    stamp = _model_stamp()
    if (dest / "STAMP").is_file() and (dest / "STAMP").read_text("utf-8") == stamp:
        return False
    dest.mkdir(exist_ok=True)
    (dest / "STAMP").unlink(missing_ok=True)  # a half-written directory is never current
    ident = pl.LanguageIdentifier.from_model_file(pl.MODEL_FILE)
    nb_ptc, nb_pc, classes = ident._full_model
    np.save(dest / "ptc.npy", np.asarray(nb_ptc))
    np.save(dest / "pc.npy", np.asarray(nb_pc))
    np.save(dest / "nextmove.npy", np.frombuffer(ident.tk_nextmove, dtype=np.uint32))
    np.save(dest / "nextmove_row.npy", np.asarray(ident.tk_row, dtype=np.int64))
    np.save(dest / "out_feat.npy", np.asarray(ident.tk_output, dtype=np.int64))
    (dest / "classes.json").write_text(json.dumps(list(classes)), "utf-8")
    (dest / "STAMP").write_text(stamp, "utf-8")
    return True


@cache
def _identifier() -> Any:
    """py3langid's identifier, from the unpacked arrays when they are current."""
    import json

    import numpy as np
    import py3langid.langid as pl

    stamp = UNPACKED / "STAMP"
    try:
        current = stamp.read_text("utf-8") == _model_stamp()
    except OSError:
        current = False
    if not current:
        return pl.LanguageIdentifier.from_model_file(pl.MODEL_FILE)
    a = {name: np.load(UNPACKED / f"{name}.npy", mmap_mode="r") for name in _ARRAYS}
    classes = json.loads((UNPACKED / "classes.json").read_text("utf-8"))
    # the automaton is walked one byte at a time in Python: a memoryview of the mapped
    # file indexes to plain ints as fast as py3langid's own array does
    nextmove = memoryview(a["nextmove"]).cast("B").cast("I")
    return pl.LanguageIdentifier(
        a["ptc"],
        np.asarray(a["pc"]),
        classes,
        nextmove,
        a["out_feat"].tolist(),
        tk_row=a["nextmove_row"].tolist(),
    )


def _langid(text: str) -> str | None:
    """py3langid's best language for a sample of ``text``, its score raised by the prior
    of the languages parley extracts, names left out of the sample."""
    sample = text[:_SAMPLE_CHARS]
    words = _without_names(sample)
    priors = _priors()
    best, best_score = None, float("-inf")
    for lang, score in _identifier().rank(words if _WORD.search(words) else sample):
        total = float(score) + priors.get(str(lang), 0.0)
        if total > best_score:
            best, best_score = str(lang), total
    return best if best and best != "und" else None


def detect(text: str, counts: Counter[str] | None = None) -> str | None:
    """ISO 639-1 code of the body, or None when it has no letters to judge by."""
    if counts is None and text.isascii():  # Latin or no letters, without counting them
        script = dominant_script(text[: _SAMPLE_CHARS * 4])
    else:
        counts = counts if counts is not None else script_counts(text[: _SAMPLE_CHARS * 4])
        script = dominant(counts)
    if script is None:
        return None
    if script == "cjk" and counts is not None:  # (ASCII text is never CJK)
        if _HANGUL.search(text):
            return "ko"
        return "ja" if len(_KANA.findall(text)) > counts["cjk"] * 0.1 else "zh"
    if script == "latin":
        voted = _vote(text)
        if voted:
            return voted
    return _langid(text)
