"""The landing folder: which files are dumps, and the partition key each one gets.

Partition keys are derived from file names but are never used to build a path: files are always
found by listing the folder, so a hostile name cannot point outside it.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import time
from dataclasses import dataclass
from pathlib import Path

DUMP_SUFFIXES = (".txt", ".txt.gz")
_SAFE_KEY = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True)
class LandedFile:
    path: Path
    name: str
    partition_key: str
    size_bytes: int
    modified_ns: int

    @property
    def fingerprint(self) -> str:
        """Cheap change detector (size and modification time) for folder polling."""
        return f"{self.size_bytes}:{self.modified_ns}"


def partition_key_for(name: str) -> str:
    """A safe, stable key: the name's safe characters, plus a hash when anything was replaced."""
    cleaned = _SAFE_KEY.sub("_", name).strip("._") or "dump"
    if cleaned != name:
        cleaned = f"{cleaned[:80]}-{hashlib.sha256(name.encode('utf-8', 'surrogateescape')).hexdigest()[:8]}"
    return cleaned[:120]


def is_dump_name(name: str) -> bool:
    return not name.startswith(".") and name.lower().endswith(DUMP_SUFFIXES)


def scan_landing(folder: Path, settle_seconds: float = 0.0) -> list[LandedFile]:
    """Dump files in the folder, sorted by name; files modified in the last `settle_seconds`
    are left for the next scan because they may still be being written."""
    if not folder.is_dir():
        return []
    now = time.time()
    found = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not is_dump_name(entry.name) or not entry.is_file():
            continue
        stat = entry.stat()
        if settle_seconds and now - stat.st_mtime < settle_seconds:
            continue
        found.append(
            LandedFile(entry, entry.name, partition_key_for(entry.name), stat.st_size, stat.st_mtime_ns)
        )
    return found


def find_landed(folder: Path, partition_key: str) -> LandedFile | None:
    """The landed file behind a partition key, looked up by listing the folder."""
    for landed in scan_landing(folder):
        if landed.partition_key == partition_key:
            return landed
    return None


def read_dump_bytes(path: Path) -> bytes:
    """The dump's bytes; gzip-compressed dumps are decompressed in memory, never on disk."""
    if path.name.lower().endswith(".gz"):
        with gzip.open(path, "rb") as handle:
            return handle.read()
    return path.read_bytes()


def content_id(path: Path) -> str:
    """sha256 of the dump's (decompressed) bytes, streamed: the dump_id the parser will assign."""
    digest = hashlib.sha256()
    opener = gzip.open if path.name.lower().endswith(".gz") else open
    with opener(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def files_to_load(
    files: list[LandedFile], loaded: dict[str, tuple[str, str]], parser_version: str
) -> list[LandedFile]:
    """Files whose content or parser version differs from what the warehouse holds for their key.

    `loaded` maps partition key → (dump_id, parser_version) as recorded in the warehouse.
    """
    stale = []
    for landed in files:
        held = loaded.get(landed.partition_key)
        if held is None or held[1] != parser_version or held[0] != content_id(landed.path):
            stale.append(landed)
    return stale
