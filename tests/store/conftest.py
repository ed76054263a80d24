from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest


@pytest.fixture
def parley_bin() -> str:
    """The installed `parley` command next to this interpreter."""
    found = Path(sys.executable).with_name("parley")
    return str(found) if found.exists() else (shutil.which("parley") or "parley")
