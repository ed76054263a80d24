"""Every command and option is explained, and docs/cli.md is the reference the code
would write today (sqlite-utils' test_docs, in spirit)."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parent.parent


def _cli_docs() -> ModuleType:
    spec = importlib.util.spec_from_file_location("cli_docs", ROOT / "scripts" / "cli_docs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_command_and_option_has_help() -> None:
    missing = []
    for name, cmd in _cli_docs().commands():
        if not (cmd.help or "").strip():
            missing.append(name)
        for p in cmd.params:
            if not (getattr(p, "help", None) or "").strip():
                missing.append(f"{name} {p.name.upper()}")
    assert missing == []


def test_docs_cli_md_is_current() -> None:
    docs = _cli_docs()
    assert (ROOT / "docs" / "cli.md").read_text(encoding="utf-8") == docs.render(), (
        "docs/cli.md is out of date: run python scripts/cli_docs.py"
    )


def test_every_option_appears_in_the_reference() -> None:
    docs = _cli_docs()
    text = (ROOT / "docs" / "cli.md").read_text(encoding="utf-8")
    for name, cmd in docs.commands():
        assert f"## `parley {name}`" in text
        for p in cmd.params:
            if p.param_type_name == "option":
                assert f"`{p.opts[0]}`" in text, (name, p.opts)


def test_the_architecture_field_table_names_functions_that_exist() -> None:
    """docs/architecture.md says which function decides each field; a rename that leaves
    the table behind fails here."""
    import importlib
    import re

    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    table = text[text.index("## Where each field comes from") : text.index("## Adding a field")]
    refs = re.findall(r"`([a-z_/]+)\.py: ([A-Za-z_.]+)`(?:, `([A-Za-z_]+)`)?", table)
    assert len(refs) >= 20
    for path, name, also in refs:
        module = importlib.import_module(
            "parley." + path.replace("/", ".").replace(".__init__", "")
        )
        for dotted in filter(None, (name, also)):
            obj: object = module
            for part in dotted.split("."):
                obj = getattr(obj, part)
