"""The landing folder: which files are dumps, and the partition key each one gets.

Partition keys are derived from file names but are never used to build a path: files are always
found by listing the folder, so a hostile name cannot point outside it.
"""

from __future__ import annotations

import hashlib
import os
import re
import time
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import BinaryIO

from isal import isal_zlib

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
    are left for the next scan because they may still be being written.

    Symbolic links to regular files are followed (a common way to land a file kept elsewhere);
    anything else that carries a dump name is reported by `unusable_entries`.
    """
    if not folder.is_dir():
        return []
    now = time.time()
    found = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not is_dump_name(entry.name) or not entry.is_file() or not os.access(entry, os.R_OK):
            continue
        try:
            stat = entry.stat()
        except OSError:
            continue
        if settle_seconds and now - stat.st_mtime < settle_seconds:
            continue
        found.append(
            LandedFile(entry, entry.name, partition_key_for(entry.name), stat.st_size, stat.st_mtime_ns)
        )
    return found


def unusable_entries(folder: Path) -> list[tuple[str, str]]:
    """(name, reason) for entries that look like dumps but cannot be read as files."""
    if not folder.is_dir():
        return []
    problems = []
    for entry in sorted(folder.iterdir(), key=lambda p: p.name):
        if not is_dump_name(entry.name):
            continue
        if entry.is_symlink() and not entry.exists():
            problems.append((entry.name, f"broken symbolic link (points to {os.readlink(entry)})"))
        elif entry.is_dir():
            problems.append((entry.name, "a directory, not a file"))
        elif not entry.is_file():
            problems.append((entry.name, "not a regular file (device, pipe or socket)"))
        elif not os.access(entry, os.R_OK):
            problems.append((entry.name, "not readable (permission denied)"))
    return problems


def still_changing(files: list[LandedFile], watch_seconds: float) -> list[LandedFile]:
    """Files whose size or modification time changes within `watch_seconds` (being written).

    Only files modified in the last minute are watched, so a folder of settled dumps costs no wait.
    """
    recent = [f for f in files if time.time() - f.modified_ns / 1e9 < 60]
    if not recent or watch_seconds <= 0:
        return []
    time.sleep(watch_seconds)
    changing = []
    for landed in recent:
        try:
            changed = _signature(landed.path) != (landed.size_bytes, landed.modified_ns)
        except OSError:
            changed = True
        if changed:
            changing.append(landed)
    return changing


def find_landed(folder: Path, partition_key: str) -> LandedFile | None:
    """The landed file behind a partition key, looked up by listing the folder."""
    for landed in scan_landing(folder):
        if landed.partition_key == partition_key:
            return landed
    return None


GZIP_MAGIC = b"\x1f\x8b"
READ_BLOCK_BYTES = 8 << 20
# Compressed input is inflated 64 KB at a time: each inflated block (about 250 KB of text) is
# still in the processor's cache when it is hashed or appended, which makes inflating and
# hashing a third faster than with 8 MB reads.
GZIP_READ_BYTES = 64 << 10


class _GzipTroubleError(Exception):
    """ISA-L met a damaged or cut-off stream: zlib reads it again to tell what is wrong."""


def _raise_trouble(reason: str) -> None:
    raise _GzipTroubleError(reason)


# Flag bits a gzip member header must leave clear (RFC 1952). zlib refuses a member that sets
# any; ISA-L reads it, so before ISA-L inflates a member its header is checked here.
_RESERVED_FLAGS = 0xE0


def _check_member_header(head: bytes) -> None:
    if len(head) < 4 or head[3] & _RESERVED_FLAGS:
        raise _GzipTroubleError("gzip member header with reserved flags (or cut short): zlib decides")


class DumpChangedError(RuntimeError):
    """The file changed while it was being read: it is still being written or was replaced."""


class FastInflateStumbledError(RuntimeError):
    """ISA-L stumbled on a damaged gzip stream after it had passed bytes on: read it with zlib."""


def _changed_message(path: Path) -> str:
    return (
        f"{path.name} changed while it was being read (still being written, or replaced); "
        "nothing was loaded from it: it is picked up again once it stops changing"
    )


def _signature(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


class DumpReader:
    """Streams a landed dump's bytes (gzip decompressed on the fly, never on disk) in blocks.

    What cannot be read as intended is noted in `problems` rather than raised: a file named
    .gz that is not compressed is read as it is; a truncated or damaged gzip stream yields the
    bytes before the damage. A file that changes while it is read raises DumpChangedError, so a
    half-written file is never loaded as if it were complete.
    """

    def __init__(
        self,
        path: Path,
        block_bytes: int = READ_BLOCK_BYTES,
        *,
        fast_inflate: bool = False,
        expect_signature: tuple[int, int] | None = None,
    ) -> None:
        self.path = path
        self.fast_inflate = fast_inflate  # ISA-L first; zlib still judges damage (see _gunzip)
        self.block_bytes = block_bytes
        self.problems: list[str] = []
        self.bytes_read = 0
        self.expect_signature = expect_signature

    def blocks(self) -> Iterator[bytes]:
        self.problems.clear()
        self.bytes_read = 0
        before = _signature(self.path)
        if self.expect_signature is not None and before != self.expect_signature:
            raise DumpChangedError(_changed_message(self.path))
        with self.path.open("rb") as raw:
            compressed = self.path.name.lower().endswith(".gz") and raw.read(2) == GZIP_MAGIC
            raw.seek(0)
            if self.path.name.lower().endswith(".gz") and not compressed:
                self.problems.append("named .gz but not gzip-compressed: read as plain bytes")
            source = self._gunzip(raw) if compressed else iter(lambda: raw.read(self.block_bytes), b"")
            for block in source:
                self.bytes_read += len(block)
                yield block
        if _signature(self.path) != before:
            raise DumpChangedError(_changed_message(self.path))

    def _gunzip(self, raw: BinaryIO) -> Iterator[bytes]:
        """Decompress member after member, keeping every byte before a damaged or cut-off end.

        With `fast_inflate` ISA-L inflates (two to three times as fast as zlib). zlib stays the
        judge of damage: ISA-L reads a member only after its header passed zlib's checks, and
        should it stumble at all, zlib reads the file from the start. If ISA-L had already passed
        bytes on (they may differ from zlib's), FastInflateStumbledError tells the caller to start
        over with `fast_inflate=False`.
        """
        if self.fast_inflate:
            passed_on = False
            try:
                for block in self._inflate(raw, isal_zlib, _raise_trouble, _check_member_header):
                    passed_on = True
                    yield block
                return
            except (isal_zlib.error, _GzipTroubleError) as trouble:
                if passed_on:
                    raise FastInflateStumbledError(
                        f"{self.path.name}: ISA-L stumbled ({trouble}); read it again with zlib"
                    ) from trouble
                raw.seek(0)
        yield from self._inflate(raw, zlib, self.problems.append)

    def _inflate(
        self,
        raw: BinaryIO,
        library: ModuleType,
        trouble: Callable[[str], None],
        check_header: Callable[[bytes], None] | None = None,
    ) -> Iterator[bytes]:
        """Inflate with `library` (zlib or isal_zlib); `trouble` gets what could not be read, and
        `check_header` sees the bytes that start each member."""
        inflater = library.decompressobj(wbits=31)
        member_open = False  # a member has started and has not reached its end marker
        while chunk := raw.read(min(self.block_bytes, GZIP_READ_BYTES)):
            while chunk:
                if not member_open and check_header is not None:
                    check_header(chunk)
                member_open = True
                try:
                    out = inflater.decompress(chunk)
                except zlib.error as error:
                    trouble(
                        f"damaged gzip stream after {self.bytes_read:,} decompressed bytes ({error}): "
                        "the rest of the file could not be read"
                    )
                    return
                if out:
                    yield out
                chunk = b""
                if inflater.eof:  # a concatenated gzip file: the next member follows
                    member_open = False
                    chunk = inflater.unused_data
                    inflater = library.decompressobj(wbits=31)
                    if chunk and not chunk.startswith(GZIP_MAGIC[:1]):
                        trouble(f"{len(chunk)} byte(s) of trailing garbage after the gzip stream ignored")
                        return
        tail = inflater.flush()
        if tail:
            yield tail
        if member_open and not inflater.eof:
            trouble(
                f"gzip stream cut off (truncated file) after {self.bytes_read + len(tail):,} decompressed "
                "bytes: the end of the dump is missing"
            )


def read_dump_bytes(path: Path) -> bytes:
    """The dump's whole (decompressed) bytes; see DumpReader for streaming and problems."""
    return b"".join(DumpReader(path).blocks())


def content_id(path: Path) -> str:
    """The dump_id: sha256 of the file's bytes as landed (a .gz is hashed compressed)."""
    return hashed_file(path)[0]


def hashed_file(path: Path) -> tuple[str, tuple[int, int]]:
    """sha256 of the file's bytes as landed, and the size and mtime they were read at.

    A compressed dump is identified by its compressed bytes, as an object store's checksum
    identifies it, so finding its id never needs inflating it. A reader given the signature
    (`DumpReader(expect_signature=...)`) refuses the file if it changed since it was hashed.
    """
    before = _signature(path)
    digest = hashlib.sha256()
    with path.open("rb") as raw:
        while block := raw.read(READ_BLOCK_BYTES):
            digest.update(block)
    if _signature(path) != before:
        raise DumpChangedError(_changed_message(path))
    return digest.hexdigest(), before


def files_to_load(
    files: list[LandedFile], loaded: dict[str, tuple[str, str, str | None]], parser_version: str
) -> list[LandedFile]:
    """Files whose content or parser version differs from what the warehouse holds for their key.

    `loaded` maps partition key → (dump_id, parser_version, file signature) as recorded in the
    warehouse. A file with the recorded size and modification time is taken as unchanged without
    hashing it; any other is hashed and compared by content.
    """
    stale = []
    for landed in files:
        held = loaded.get(landed.partition_key)
        unchanged = held is not None and held[1] == parser_version
        if unchanged and held[2] != landed.fingerprint:
            unchanged = held[0] == content_id(landed.path)  # touched or copied: compare bytes
        if not unchanged:
            stale.append(landed)
    return stale
