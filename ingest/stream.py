"""Parse a dump of any size in bounded memory: chunk by chunk, each cut at a story boundary.

A chunk is read up to a line break, parsed with `parse_dump`, and every story but the last is
emitted with its offsets shifted to the whole dump; the last story (it may continue in the next
block) is parsed again at the head of the next chunk. Stories, paragraphs, credits and issues
come out exactly as a whole-file parse gives them, and the byte-coverage contract holds for the
concatenated chunks. Dumps that are not UTF-8 (UTF-16, Windows-1252; rare and small) are parsed
whole, because their encoding is decided once for the file.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypeVar

import polars as pl

from ingest.landing import DumpReader, FastInflateStumbledError, hashed_file
from ingest.parser import ParsedDump, coverage_gaps, parse_dump

# 16 MB parses a little faster than larger chunks (the frames of one chunk stay closer to the
# processor caches) and lowers peak memory.
CHUNK_BYTES = 16 << 20
# A buffer this many chunks long (128 MB by default) without any story is emitted as it parses
# (its error issues are then split at the cut; nothing is dropped). A single story is never
# split: memory grows with the largest story, not with the dump.
MAX_CHUNKS_BEFORE_SPLIT = 8
_UTF8 = ("utf-8", "utf-8-sig")


@dataclass
class _Position:
    """Where the next chunk starts in the whole dump."""

    byte: int = 0
    char: int = 0
    line: int = 0
    ordinal: int = 0


@dataclass
class StreamTotals:
    """What the stream has emitted so far: enough for the load's registry row and its checks."""

    size_bytes: int = 0
    encoding: str = "utf-8"
    articles: int = 0
    paragraphs: int = 0
    credits: int = 0
    issues: int = 0
    error_bytes: int = 0
    spans: list[tuple[int, int]] = field(default_factory=list)
    # Small samples for run metadata: the first rows of each table, the odd cases.
    samples: dict[str, pl.DataFrame] = field(default_factory=dict)
    issue_reasons: Counter[tuple[str, str]] = field(default_factory=Counter)
    without_dateline: int = 0
    without_paragraphs: int = 0
    # Cuts made inside text without stories (see MAX_CHUNKS_BEFORE_SPLIT): the lines next to such
    # a cut were classified without their neighbours on the other side.
    blind_cuts: int = 0

    SAMPLE_ROWS = 20

    def _sample(self, name: str, frame: pl.DataFrame) -> None:
        held = self.samples.get(name)
        if held is None:
            self.samples[name] = frame.head(self.SAMPLE_ROWS)
        elif held.height < self.SAMPLE_ROWS and not frame.is_empty():
            self.samples[name] = pl.concat([held, frame.head(self.SAMPLE_ROWS - held.height)])

    def add(self, chunk: ParsedDump) -> None:
        self._sample("articles", chunk.articles)
        self._sample("paragraphs", chunk.paragraphs)
        self._sample("credits", chunk.credits)
        self._sample("parse_issues", chunk.parse_issues)
        self._sample("without_paragraphs", chunk.articles.filter(pl.col("paragraph_count") == 0))
        self.issue_reasons.update(chunk.parse_issues.select("severity", "reason").rows())
        self.without_dateline += chunk.articles.filter(pl.col("dateline").is_null()).height
        self.without_paragraphs += chunk.articles.filter(pl.col("paragraph_count") == 0).height
        self.articles += chunk.articles.height
        self.paragraphs += chunk.paragraphs.height
        self.credits += chunk.credits.height
        self.issues += chunk.parse_issues.height
        errors = chunk.parse_issues.filter(pl.col("severity") == "error")
        self.error_bytes += int((errors["byte_end"] - errors["byte_start"]).sum() or 0)
        self.spans += chunk.articles.select("byte_start", "byte_end").rows()
        self.spans += errors.select("byte_start", "byte_end").rows()

    def coverage_gaps(self) -> list[tuple[int, int]]:
        """Byte ranges not covered exactly once by stories and error issues over all chunks."""
        return coverage_gaps(self.spans, self.size_bytes)


def _shifted(chunk: ParsedDump, at: _Position, keep_below: int | None) -> ParsedDump:
    """The chunk's rows before byte `keep_below` (all when None), in whole-dump coordinates."""
    articles, paragraphs, credits, issues = (
        chunk.articles,
        chunk.paragraphs,
        chunk.credits,
        chunk.parse_issues,
    )
    if keep_below is not None:
        kept_ordinals = articles.filter(pl.col("byte_start") < keep_below)["ordinal"]
        kept = pl.col("ordinal").is_in(kept_ordinals.implode())
        articles, paragraphs, credits = articles.filter(kept), paragraphs.filter(kept), credits.filter(kept)
        issues = issues.filter(pl.col("byte_start") < keep_below)
    ordinal = pl.col("ordinal") + at.ordinal
    return ParsedDump(
        dump_id=chunk.dump_id,
        size_bytes=chunk.size_bytes,
        encoding=chunk.encoding,
        articles=articles.with_columns(
            ordinal,
            pl.col("byte_start", "byte_end") + at.byte,
            pl.col("char_start", "char_end") + at.char,
            pl.col("first_line") + at.line,
        ),
        paragraphs=paragraphs.with_columns(
            ordinal,
            pl.col("char_start", "char_end") + at.char,
            pl.col("first_line") + at.line,
            pl.col("piece_char_starts").list.eval(pl.element() + at.char),
        ),
        credits=credits.with_columns(ordinal),
        parse_issues=issues.with_columns(
            pl.col("byte_start", "byte_end") + at.byte,
            pl.col("article_ordinal") + at.ordinal,
        ),
    )


def _cut(buffer: bytes, final: bool) -> int:
    """Where to end this chunk: after the buffer's last blank line, else its last line break."""
    if final:
        return len(buffer)
    for separator in (b"\n\n", b"\n"):
        at = buffer.rfind(separator)
        if at >= 0:
            return at + len(separator)
    return 0


def _split_at_cut(blocks: list[bytes], final: bool) -> tuple[bytes, bytes]:
    """The blocks' bytes up to the cut (see `_cut`), joined in one copy, and the bytes after it.

    The cut nearly always lies in the last block, and then only the blocks before it and the
    head of the last one are joined; growing one buffer block by block and copying each chunk
    out of it instead cost two more copies of every byte, each into newly allocated memory.
    """
    if not final and blocks:
        last = blocks[-1]
        at = last.rfind(b"\n\n")
        if at >= 0:  # the buffer's last blank line is this one (one across two blocks comes earlier)
            end = at + 2
            return b"".join([*blocks[:-1], last[:end]]), last[end:]
    data = b"".join(blocks)
    end = _cut(data, final)
    return (data, b"") if end == len(data) else (data[:end], data[end:])


def parse_dump_stream(
    blocks: Iterable[bytes],
    dump_id: str,
    chunk_bytes: int = CHUNK_BYTES,
    totals: StreamTotals | None = None,
    extra_issues: Iterable[str] | None = None,
) -> Iterator[ParsedDump]:
    """Parsed chunks of a dump streamed as byte blocks; `totals` accumulates what was emitted.

    `extra_issues` is read after the last block (e.g. a reader's problems such as a truncated
    gzip stream) and each reason becomes a zero-length warning at the end of the dump.
    """
    totals = totals if totals is not None else StreamTotals()
    at = _Position()
    pending: list[bytes] = []  # blocks read and not parsed yet, in order
    pending_bytes = 0
    source = iter(blocks)
    exhausted = False
    whole_file = False  # set once the dump's head turns out not to be UTF-8
    wanted = chunk_bytes
    while True:
        while not exhausted and (whole_file or pending_bytes < wanted):
            block = next(source, None)
            if block is None:
                exhausted = True
            elif block:
                pending.append(block)
                pending_bytes += len(block)
        data, rest = _split_at_cut(pending, exhausted)
        pending = [piece for piece in (data, rest) if piece]
        end = len(data)
        if end == 0 and not exhausted:  # a single line longer than the chunk: read on
            wanted *= 2
            continue
        head = at.byte == 0
        chunk = parse_dump(data, dump_id=dump_id, detect_encoding=head)
        if head and chunk.encoding not in _UTF8 and not exhausted:
            whole_file = True
            continue
        if head:
            totals.encoding = chunk.encoding
        starts = chunk.articles["byte_start"]
        if exhausted:
            out = _with_extra_issues(_shifted(chunk, at, None), dump_id, at.byte + end, extra_issues)
            totals.size_bytes = at.byte + end
            totals.add(out)
            yield out
            return
        if starts.len() == 1 or (starts.is_empty() and pending_bytes < MAX_CHUNKS_BEFORE_SPLIT * chunk_bytes):
            wanted *= 2  # the chunk may end inside its only story: read more first
            continue
        if starts.is_empty():  # a long stretch of text without any story: emit it as it parses
            consumed, out = end, _shifted(chunk, at, None)
            totals.blind_cuts += 1
            chars = len(data.decode("utf-8-sig" if head else "utf-8", errors="replace"))
            lines = data.count(b"\n")
        else:  # emit every story but the last, which is parsed again with what follows it
            consumed = int(starts[-1])
            out = _shifted(chunk, at, keep_below=consumed)
            chars = int(chunk.articles["char_start"][-1])
            lines = int(chunk.articles["first_line"][-1]) - 1  # the last story starts on a line
        totals.add(out)
        yield out
        at = _Position(
            byte=at.byte + consumed,
            char=at.char + chars,
            line=at.line + lines,
            ordinal=at.ordinal + out.articles.height,
        )
        pending = [piece for piece in (data[consumed:], rest) if piece]
        pending_bytes = sum(map(len, pending))
        wanted = chunk_bytes


def _with_extra_issues(
    chunk: ParsedDump, dump_id: str, at_byte: int, reasons: Iterable[str] | None
) -> ParsedDump:
    reasons = list(reasons or [])
    if not reasons:
        return chunk
    extra = pl.DataFrame(
        {
            "dump_id": dump_id,
            "byte_start": at_byte,
            "byte_end": at_byte,
            "severity": "warning",
            "reason": reasons,
            "article_ordinal": None,
        },
        schema=chunk.parse_issues.schema,
    )
    return replace(chunk, parse_issues=pl.concat([chunk.parse_issues, extra]))


def stream_landed_file(
    path: Path, totals: StreamTotals, chunk_bytes: int = CHUNK_BYTES, *, fast_inflate: bool = True
) -> tuple[str, Iterator[ParsedDump]]:
    """The dump_id of a landed file (sha256 of its bytes as landed) and its parsed chunks.

    Reading problems (a cut-off gzip stream, a .gz that is not compressed) become warnings at the
    end of the dump; a file that changes while it is read (or since it was hashed) raises
    DumpChangedError. With `fast_inflate` the chunks may raise FastInflateStumbledError on a
    damaged .gz: `consume_landed_file` handles that.
    """
    dump_id, signature = hashed_file(path)
    reader = DumpReader(path, fast_inflate=fast_inflate, expect_signature=signature)
    chunks = parse_dump_stream(
        reader.blocks(), dump_id, chunk_bytes=chunk_bytes, totals=totals, extra_issues=reader.problems
    )
    return dump_id, chunks


Consumed = TypeVar("Consumed")


def consume_landed_file(
    path: Path,
    consume: Callable[[str, Iterator[ParsedDump], StreamTotals], Consumed],
    chunk_bytes: int = CHUNK_BYTES,
) -> tuple[Consumed, StreamTotals]:
    """Feed a landed file's dump_id, parsed chunks and totals to `consume`; return what it returns.

    A .gz is inflated with ISA-L. Should ISA-L stumble after chunks were handed over, `consume`
    sees FastInflateStumbledError and must undo its work as it raises (a load rolls back its
    transaction); it is then called once more with the file read from the start by zlib, which
    decides what is damage.
    """

    def attempt(fast_inflate: bool) -> tuple[Consumed, StreamTotals]:
        totals = StreamTotals()
        dump_id, chunks = stream_landed_file(path, totals, chunk_bytes, fast_inflate=fast_inflate)
        return consume(dump_id, chunks, totals), totals

    try:
        return attempt(fast_inflate=True)
    except FastInflateStumbledError:
        return attempt(fast_inflate=False)
