"""What every ``parley`` command shares: the Typer app, the consoles, the PATHS
argument, the one-line failure format, the --model option and date checks.

Every command reads PATHs the same way (files, folders, ``-`` for standard input),
reports unreadable documents on standard error with their path and reason, goes on with
the rest, and exits 0 when every document was processed, 1 when some failed and 2 for a
usage error, as the outside contract requires.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from parley.cli.errors import OneLineUsageErrors, lazy_console

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

app = typer.Typer(
    name="parley",
    cls=OneLineUsageErrors,
    help="Turn news reports of diplomacy into a record of engagements: who met whom, when, "
    "where, on what occasion, with the evidence for every field.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
# Standard error carries names and reasons that come from the input (file names, parser
# messages): never read as Rich markup or emoji codes.
err = lazy_console(stderr=True, highlight=False, soft_wrap=True, markup=False, emoji=False)


def out() -> Console:
    """Standard output; wide when piped (a log or `make run`), not squeezed to 80 columns."""
    from rich.console import Console

    return Console() if sys.stdout.isatty() else Console(width=160)


Paths = Annotated[
    list[str], typer.Argument(help="Files or folders (read recursively); '-' reads standard input.")
]


ModelOption = Annotated[
    Path | None,
    typer.Option(
        "--model",
        help="Extraction model written by `parley train` (default: the one shipped in the "
        "package).",
    ),
]


class Failures:
    """Collects unreadable documents: one line each on standard error, never a traceback."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, failure: Any) -> None:
        self.count += 1
        err.print(failure_line(failure.source, failure.reason), markup=False, soft_wrap=True)


_CONTROL = {c: f"\\x{c:02x}" for c in (*range(0x20), 0x7F, *range(0x80, 0xA0))}
_CONTROL.update({0x09: "\\t", 0x0A: "\\n", 0x0D: "\\r", 0x2028: "\\u2028", 0x2029: "\\u2029"})


def one_line(text: str) -> str:
    """``text`` with line breaks and other control characters escaped (``\\n``, ``\\x1b``):
    a file name or a parser's message can hold them, and a terminal would act on them."""
    return text.translate(_CONTROL)


def plain(value: Any) -> Text:
    """A table cell or line for Rich as text: article text ("[/b]") is never markup."""
    from rich.text import Text

    return Text(str(value))


def failure_line(source: str, reason: str) -> str:
    """``parley: NAME: reason`` in one line, as the contract prints every failure."""
    from parley.read import display_name

    return f"parley: {one_line(display_name(source))}: {one_line(reason)}"


def documents(paths: list[str], failures: Failures) -> Any:
    from parley.read import iter_documents

    return iter_documents(paths, failures)


def emit_json_lines(objs: Any) -> None:
    for o in objs:
        sys.stdout.write(json.dumps(o, ensure_ascii=False) + "\n")


def default_format(fmt: str | None, tty_default: str, pipe_default: str) -> str:
    if fmt:
        return fmt
    return tty_default if sys.stdout.isatty() else pipe_default


def load_model_option(path: Path | None) -> Any:
    """The model a --model option names, or None for the shipped one; a file that is not a
    model is a usage error in one line."""
    if path is None:
        return None
    from parley.extract.learned import Model

    try:
        return Model.load(path)
    except ValueError as e:
        err.print(f"parley: {e}", markup=False)
        raise typer.Exit(2) from None


def check_date(value: str) -> None:
    from datetime import date

    try:
        date.fromisoformat(value)
    except ValueError:
        raise typer.BadParameter(f"{value!r} is not a date (YYYY-MM-DD)") from None


def main() -> None:  # pragma: no cover
    app()
