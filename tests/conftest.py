"""Shared fixtures: the bundled sample dump, its hand-made gold annotation, ../shared data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DUMP = PROJECT_ROOT / "data" / "landing" / "sample_2017.txt"
SAMPLE_GOLD = PROJECT_ROOT / "tests" / "fixtures" / "gold" / "sample_2017.json"
SHARED = PROJECT_ROOT.parent / "shared"


@pytest.fixture(scope="session")
def sample_bytes() -> bytes:
    return SAMPLE_DUMP.read_bytes()


@pytest.fixture(scope="session")
def sample_gold() -> dict:
    return json.loads(SAMPLE_GOLD.read_text(encoding="utf-8"))


def shared_file(relative: str) -> Path:
    """A file under ../shared, or skip the test when the shared data is not on this machine."""
    path = SHARED / relative
    if not path.exists():
        pytest.skip(f"{path} not available (../shared is absent on this machine)")
    return path
