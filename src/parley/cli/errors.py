"""Usage errors in one line.

Typer prints a usage error as a five-line box (usage, hint, a framed message). The
contract promises one line per problem on standard error, and scripts that log stderr
or grep it need the reason on the line that names the command; so the ``parley`` group
catches every usage error (a bad option, a missing argument, a value a command refuses
with ``typer.BadParameter``) and prints ``parley COMMAND: reason (see parley COMMAND
--help)`` instead, with the same exit status 2.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

import typer
from typer.core import TyperGroup

if TYPE_CHECKING:
    from rich.console import Console

try:  # typer ≥ 0.20 carries its own copy of click
    from typer._click.exceptions import NoArgsIsHelpError, UsageError
except ImportError:  # pragma: no cover - older typer on real click
    from click.exceptions import UsageError  # type: ignore[assignment]

    NoArgsIsHelpError = None  # type: ignore[assignment,misc]


class _LazyConsole:
    """A Rich console made on first use: importing Rich costs ~40 ms, paid by every
    command at start-up though most print nothing on standard error."""

    def __init__(self, **options: Any) -> None:
        self._options = options
        self._console: Console | None = None

    def real(self) -> Console:
        """The console itself, for what needs one and not a stand-in (a progress bar
        enters it as a context manager, which no attribute lookup can forward)."""
        if self._console is None:
            from rich.console import Console

            self._console = Console(**self._options)
        return self._console

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real(), name)


def real_console(console: Console) -> Console:
    """``console`` itself, made now if it is a lazy one."""
    return console.real() if isinstance(console, _LazyConsole) else console


def lazy_console(**options: Any) -> Console:
    """A console with these options, imported and built when first printed to."""
    return cast("Console", _LazyConsole(**options))


_err = lazy_console(stderr=True, highlight=False, soft_wrap=True)


def usage_line(e: Any, ctx: Any) -> str:
    """The error as one line naming the command; newlines in click's messages folded."""
    where = getattr(e, "ctx", None) or ctx
    command = where.command_path if where is not None else "parley"
    reason = " ".join(str(e.format_message()).split())
    return f"{command}: {reason} (see {command} --help)"


class OneLineUsageErrors(TyperGroup):
    """The app's group: parses and runs commands as Typer does, reporting usage errors in
    one line."""

    def _report(self, e: Exception, ctx: Any) -> None:
        _err.print(usage_line(e, ctx), markup=False)
        raise typer.Exit(getattr(e, "exit_code", 2))

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        try:
            return super().make_context(info_name, args, parent=parent, **extra)
        except UsageError as e:
            if NoArgsIsHelpError is not None and isinstance(e, NoArgsIsHelpError):
                raise  # `parley` alone prints the help, as before
            self._report(e, None)

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except UsageError as e:
            self._report(e, ctx)
