"""Reading must not change when it gets faster: old and new reader, every input, same output.

Usage::

    python scripts/check_read_identity.py [--against REV] [--corpus DIR] [--limit N]

Exports ``src/`` of the git revision ``REV`` (default ``main``) with ``git archive`` into
a temporary folder, runs this script's ``--dump`` there and here in two processes, and
compares the two :class:`Document` lists input by input: every field (text, original,
paragraphs, removed lines, title, published, outlet, dateline, language, url) or the
failure's reason. Exits 1 and prints the first differences when any input differs.

Inputs: every file under ``examples/docs`` and under ``DIR/{seeds,dev,train}/docs``
(default ``../shared/corpus``), read as files; and, because the corpora are plain text
only, each of those plain-text articles wrapped in web pages made here (a page with no
dated metadata, one with ``<meta>`` title, date and site name, one with JSON-LD, one
with a ``<time>`` element only), plus the synthetic crawl pages of
``benchmarks/bench_read.py``. Nothing of the corpora is written anywhere.

Only ``--dump`` imports parley, so the same file serves the old and the new tree.
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import os
import random
import subprocess
import sys
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import asdict, is_dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpus"


def _day(name: str) -> str:
    """A stable date for a wrapped page, taken from its name (no corpus text involved)."""
    h = int(hashlib.sha1(name.encode()).hexdigest()[:8], 16)
    return f"20{18 + h % 7}-{1 + h % 12:02d}-{1 + h % 28:02d}"


def _wrap(name: str, text: str, variant: str) -> str:
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    if not lines:
        return "<html><body></body></html>"
    head_line, body = lines[0], lines[1:] or lines
    title = html.escape(head_line)
    day = _day(name)
    paras = "".join(f"<p>{html.escape(ln)}</p>" for ln in body)
    nav = "<nav><ul>" + "".join(f'<li><a href="/s/{k}">Section {k}</a></li>' for k in range(12))
    nav += "</ul></nav>"
    foot = "<footer>" + "".join(f'<a href="/p/{k}">Page {k}</a> ' for k in range(8))
    foot += "</footer>"
    meta = ""
    inside = ""
    if variant == "meta":
        meta = (
            f'<meta property="og:title" content="{title}">'
            f'<meta property="og:site_name" content="Example Wire">'
            f'<meta property="article:published_time" content="{day}T09:30:00+02:00">'
            f'<link rel="canonical" href="https://news.example.org/a/{hashlib.sha1(name.encode()).hexdigest()[:10]}">'
        )
    elif variant == "jsonld":
        ld = {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": head_line,
            "datePublished": f"{day}T06:00:00Z",
            "publisher": {"@type": "Organization", "name": "Example Post"},
        }
        meta = f'<script type="application/ld+json">{json.dumps(ld)}</script>'
    elif variant == "time":
        inside = f'<time datetime="{day}T12:00:00">{day}</time>'
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{meta}"
        "<script>window.x=function(){return 1;};</script></head>"
        f"<body><header>{nav}</header><main><article><h1>{title}</h1>{inside}{paras}"
        f"</article></main>{foot}</body></html>"
    )


def _inputs(corpus: Path, limit: int | None) -> Iterator[tuple[str, bytes]]:
    files = sorted((ROOT / "examples" / "docs").iterdir())
    for part in ("seeds", "dev", "train"):
        folder = corpus / part / "docs"
        if folder.is_dir():
            files += sorted(folder.iterdir())
    files = files[:limit] if limit else files
    for f in files:
        yield str(f), f.read_bytes()
    for f in files:
        if f.suffix != ".txt":
            continue
        text = f.read_bytes().decode("utf-8", "replace")
        for variant in ("plain", "meta", "jsonld", "time"):
            yield f"{f}#{variant}.html", _wrap(f.name, text, variant).encode()
    sys.path.insert(0, str(ROOT / "benchmarks"))
    import bench_read

    rng = random.Random(11)
    for i in range(40 if limit is None else min(limit, 40)):
        text = bench_read.article(rng, i)
        yield f"bench{i}.txt", text.encode()
        yield f"bench{i}.html", bench_read.web_page(rng, text).encode()


def _plain(value: object) -> object:
    return asdict(value) if is_dataclass(value) and not isinstance(value, type) else value


def dump(out: Path, corpus: Path, limit: int | None) -> None:
    from parley.read import documents_of

    with out.open("w", encoding="utf-8") as f:
        for name, data in _inputs(corpus, limit):
            got = [_plain(d) for d in documents_of(name, data)]
            f.write(json.dumps({"input": name, "got": got}, ensure_ascii=False) + "\n")


def _load(path: Path) -> dict[str, list[dict[str, object]]]:
    rows = (json.loads(line) for line in path.read_text("utf-8").splitlines())
    return {r["input"]: r["got"] for r in rows}


def _differences(old: list[dict[str, object]], new: list[dict[str, object]]) -> list[str]:
    if len(old) != len(new):
        return [f"{len(old)} documents before, {len(new)} now"]
    out = []
    for a, b in zip(old, new, strict=True):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                shown_a, shown_b = str(a.get(key))[:100], str(b.get(key))[:100]
                out.append(f"{key}: {shown_a!r} -> {shown_b!r}")
    return out


def _export(rev: str, into: Path) -> Path:
    archive = into / "src.tar"
    with archive.open("wb") as f:
        subprocess.run(["git", "-C", str(ROOT), "archive", rev, "src"], stdout=f, check=True)
    with tarfile.open(archive) as tar:
        tar.extractall(into, filter="data")
    return into / "src"


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--against", default="main", help="git revision of the old reader")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--limit", type=int, default=None, help="only the first N files")
    ap.add_argument("--show", type=int, default=20, help="print the first N differing inputs")
    ap.add_argument("--dump", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.dump:
        dump(args.dump, args.corpus, args.limit)
        return 0
    with tempfile.TemporaryDirectory() as tmp:
        where = Path(tmp)
        old_src = _export(args.against, where)
        runs = {"old": old_src, "new": ROOT / "src"}
        outs = {}
        for label, src in runs.items():
            outs[label] = where / f"{label}.jsonl"
            cmd = [sys.executable, __file__, "--dump", str(outs[label])]
            cmd += ["--corpus", str(args.corpus)]
            if args.limit:
                cmd += ["--limit", str(args.limit)]
            env = {**os.environ, "PYTHONPATH": str(src)}
            subprocess.run(cmd, env=env, check=True)
        old, new = _load(outs["old"]), _load(outs["new"])
    differing = 0
    documents = sum(len(v) for v in new.values())
    for name in sorted(set(old) | set(new)):
        diffs = _differences(old.get(name, []), new.get(name, []))
        if diffs:
            differing += 1
            if differing <= args.show:
                print(f"DIFFERS {name}")
                for d in diffs[:6]:
                    print(f"    {d}")
    print(
        f"{len(new)} inputs ({documents} documents or failures): "
        f"{differing} differ between {args.against} and this tree"
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
