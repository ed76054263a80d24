"""The event filters are declared once (parley/filters.py): `parley events`' options, the
API's query parameters and the query's fields all come from that list."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import typer.main
from fastapi.testclient import TestClient

from parley.api import create_app
from parley.cli import app
from parley.filters import EVENT_FILTERS, api_filters, cli_filters
from parley.store.query import EventFilter


def _events_command() -> Any:
    group: Any = typer.main.get_command(app)
    return group.get_command(group.context_class(group, info_name="parley"), "events")


def test_every_cli_filter_is_an_option_of_parley_events() -> None:
    options = {p.name for p in _events_command().params}
    assert {f.name for f in cli_filters()} <= options
    assert {f.name for f in EVENT_FILTERS if not f.cli}.isdisjoint(options)


def test_every_api_filter_is_a_query_parameter_of_the_event_list(examples_db: Path) -> None:
    spec = TestClient(create_app(str(examples_db))).get("/openapi.json").json()
    params = {p["name"]: p for p in spec["paths"]["/api/v1/events"]["get"]["parameters"]}
    for f in api_filters():
        assert f.name in params, f.name
        assert params[f.name]["description"] == f.api_help
    assert {f.name for f in EVENT_FILTERS if not f.api}.isdisjoint(params)


def test_every_filter_is_a_condition_of_the_query() -> None:
    fields = {f.name for f in dataclasses.fields(EventFilter)}
    # "between" is the command line's way of giving since and until at once
    assert {f.name for f in EVENT_FILTERS} - {"between"} <= fields


def test_the_api_refuses_control_characters_in_any_text_filter(examples_db: Path) -> None:
    client = TestClient(create_app(str(examples_db)))
    for f in api_filters():
        if f.kind == "text":
            got = client.get("/api/v1/events", params={f.name: "a\x01"})
            assert got.status_code == 400, f.name
    assert client.get("/api/v1/events", params={"country": "CHN"}).status_code == 200
