"""Exporters are registered by name: parley's own through the decorator a plugin uses,
so a new format is one module and the CLI offers it without a change."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from parley.cli import app
from parley.store import exporters


def test_parley_formats_are_registered_in_order() -> None:
    assert exporters.names()[:5] == ("csv", "jsonl", "parquet", "gdelt", "plover")
    assert "GDELT" in exporters.describe("gdelt")


def test_a_name_registered_twice_is_refused(monkeypatch) -> None:
    monkeypatch.setattr(exporters, "_registry", dict(exporters._registry))
    with pytest.raises(ValueError, match="registered twice"):
        exporters.exporter("csv", "another csv")(lambda con, out: [])


def test_an_unknown_name_says_which_there_are() -> None:
    with pytest.raises(KeyError, match="csv"):
        exporters.get("no-such-format")


def test_a_new_exporter_is_offered_by_the_cli(examples_db: Path, tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(exporters, "_registry", dict(exporters._registry))
    monkeypatch.setattr(exporters, "_help", dict(exporters._help))

    @exporters.exporter("ids", "one event id a line")
    def write_ids(con, out: Path) -> list[tuple[Path, int]]:
        ids = [r[0] for r in con.execute("SELECT id FROM events ORDER BY id")]
        path = out / "ids.json"
        path.write_text(json.dumps(ids))
        return [(path, len(ids))]

    result = CliRunner().invoke(
        app, ["export", str(tmp_path / "out"), "--db", str(examples_db), "--format", "ids"]
    )
    assert result.exit_code == 0, result.output
    ids = json.loads((tmp_path / "out" / "ids.json").read_text())
    assert ids and ids == sorted(ids)
    refused = CliRunner().invoke(
        app, ["export", str(tmp_path / "x"), "--db", str(examples_db), "--format", "idz"]
    )
    assert refused.exit_code == 2
