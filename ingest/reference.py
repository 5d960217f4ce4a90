"""The reference data in `ingest/data/`: one loader for its files, one fingerprint over all of them.

Word lists (`.txt`) hold one entry per line; tables (`.csv`) have a header row. In both, a line
whose first non-blank character is `#` is a comment, and in word lists `#` also ends an entry.
Every rule that reads a file goes through this module, so the NLP cache version
(`data_fingerprint`) follows every file the rules read: editing any of them re-runs cached NLP.
"""

from __future__ import annotations

import csv
import hashlib
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable


def _data_folder() -> Traversable:
    return resources.files("ingest").joinpath("data")


@cache
def data_text(name: str) -> str:
    """The whole text of one file of `ingest/data/`."""
    return _data_folder().joinpath(name).read_text("utf-8")


def data_lines(name: str) -> list[str]:
    """The entries of a word list: comments and blank lines dropped, whitespace trimmed."""
    entries = (line.split("#", 1)[0].strip() for line in data_text(name).splitlines())
    return [entry for entry in entries if entry]


def data_rows(name: str) -> list[dict[str, str]]:
    """The rows of a table, each field trimmed (empty fields are empty strings)."""
    lines = [line for line in data_text(name).splitlines() if not line.lstrip().startswith("#")]
    return [{key: (value or "").strip() for key, value in row.items()} for row in csv.DictReader(lines)]


def data_file_names() -> list[str]:
    """Every data file, in a fixed order."""
    return sorted(entry.name for entry in _data_folder().iterdir() if entry.is_file())


@cache
def data_fingerprint() -> str:
    """Hash over the names and contents of every data file (part of the NLP cache version)."""
    digest = hashlib.sha256()
    for name in data_file_names():
        digest.update(name.encode("utf-8") + b"\0" + data_text(name).encode("utf-8") + b"\0")
    return digest.hexdigest()[:12]
