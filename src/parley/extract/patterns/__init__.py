"""Pattern files (TOML) of the extractor: data, not code."""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Any


@cache
def load_patterns(name: str) -> dict[str, Any]:
    """A TOML pattern file shipped beside the extractor."""
    data = resources.files("parley.extract.patterns").joinpath(f"{name}.toml").read_text("utf-8")
    return tomllib.loads(data)
