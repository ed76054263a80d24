"""Progress on standard error for the long commands (ingest, eval, train): a total, a
rate and the time left, on a terminal only, so logs and pipes stay clean."""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from rich.progress import ProgressColumn, Task
from rich.text import Text

from parley.cli.common import err
from parley.cli.errors import real_console


@contextlib.contextmanager
def document_progress(label: str, total: int | None) -> Iterator[Callable[..., None]]:
    """A bar on standard error, only on a terminal (piped, stderr stays one line per
    failure), with the total, the rate and the time left; yields what advances it by n
    documents (one by default), raising a total that proved too low (a WARC holds
    several)."""
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    progress = Progress(
        TextColumn(label),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("documents"),
        RateColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
        console=real_console(err),
        disable=not sys.stderr.isatty(),
        transient=True,
    )
    with progress:
        task = progress.add_task(label, total=total)

        def advance(n: int = 1) -> None:
            progress.advance(task, n)
            done = progress.tasks[0]
            if done.total is not None and done.completed > done.total:
                progress.update(task, total=done.completed)

        yield advance


def gold_documents(corpora: list[Path], lang: str | None = None) -> int:
    """How many gold documents the corpora hold (a progress bar's total)."""
    from parley.gold import load_gold

    return sum(1 for c in corpora for g in load_gold(c) if not lang or g.get("lang") == lang)


class RateColumn(ProgressColumn):
    """Documents a second, once there is a rate to show."""

    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.1f}/s" if speed else "", style="progress.data.speed")


def count_documents(paths: list[str]) -> int | None:
    """How many documents ``paths`` hold, for a progress bar's total: one a file, one a
    line of a JSON Lines file; None for standard input. A container holding several
    (a WARC) raises the total as it is read."""
    total = 0
    for path in paths:
        if path == "-":
            return None
        for root, _dirs, files in os.walk(path) if os.path.isdir(path) else [("", [], [path])]:
            for name in files:
                full = os.path.join(root, name)
                total += _lines(full) if name.endswith(".jsonl") else 1
    return total


def _lines(path: str) -> int:
    try:
        with open(path, "rb") as fh:
            return sum(1 for line in fh if line.strip())
    except OSError:
        return 1
