"""Bytes of a dump → a table of lines with exact byte and character offsets.

Everything downstream works on this line table, so provenance is settled here once: each line
knows the bytes it came from (terminator included, so the spans tile the file) and its characters
in the decoded dump text. The decoded text is the dump decoded as UTF-8 without its byte-order
mark; invalid bytes become U+FFFD and are reported, never raised. Valid UTF-8 (nearly every
dump) is only checked, never decoded to a Python string: the lines are cut out of its bytes.
"""

from __future__ import annotations

import codecs
import threading
from dataclasses import dataclass, field

import numpy as np
import polars as pl
import pyarrow as pa

UTF8_BOM = codecs.BOM_UTF8
UTF16_BOMS = {codecs.BOM_UTF16_LE: "utf-16-le", codecs.BOM_UTF16_BE: "utf-16-be"}

LINE_SCHEMA = {
    "line_no": pl.Int64,
    "byte_start": pl.Int64,
    "byte_end": pl.Int64,
    "char_start": pl.Int64,
    "raw": pl.String,  # the line's text with its line break ("\n" or "\r\n"; none on the last line)
}


@dataclass(frozen=True)
class DecodeProblem:
    """A stretch of bytes the decoder had to replace or could not read as intended."""

    byte_start: int
    byte_end: int
    reason: str


@dataclass(frozen=True)
class DecodedDump:
    """A dump as lines: `lines` follows LINE_SCHEMA; `n_chars` counts the decoded dump text."""

    lines: pl.DataFrame
    n_chars: int
    encoding: str
    size_bytes: int
    problems: list[DecodeProblem] = field(default_factory=list)
    # Line numbers of the lines that hold a control character or U+FFFD (the only lines that can
    # be garbled), so layout checks just those; None when not worked out (every line may).
    garbled_candidates: np.ndarray | None = None


_recorder = threading.local()


def _record_and_replace(error: UnicodeDecodeError) -> tuple[str, int]:
    _recorder.spans.append((error.start, error.end))
    return "\ufffd", error.end


codecs.register_error("newswire-record", _record_and_replace)


def _decode_recording(data: bytes, encoding: str) -> tuple[str, list[tuple[int, int]]]:
    """Decode, replacing invalid sequences with U+FFFD and returning their byte spans."""
    _recorder.spans = []
    try:
        text = data.decode(encoding, errors="newswire-record")
        return text, list(_recorder.spans)
    finally:
        _recorder.spans = []


def _merge_spans(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark shows NUL bytes in every other position."""
    sample = data[:4096]
    if len(sample) < 16:
        return None
    odd = sample[1::2].count(0) / (len(sample) // 2)
    even = sample[0::2].count(0) / (len(sample) // 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def _looks_single_byte(body: bytes, bad_spans: list[tuple[int, int]]) -> bool:
    """Latin-1/Windows-1252 text read as UTF-8: isolated high bytes (one accented letter
    between ASCII letters) and hardly any valid multi-byte sequences. A UTF-8 dump with a
    damaged stretch of bytes stays UTF-8, its damage recorded."""
    runs = _merge_spans(bad_spans)
    if not runs or any(end - start > 2 for start, end in runs):
        return False
    raw = np.frombuffer(body, dtype=np.uint8)
    lead_bytes = int(np.count_nonzero((raw >= 0xC2) & (raw <= 0xF4)))
    valid_multibyte = lead_bytes - sum(end - start for start, end in runs)
    return valid_multibyte < len(runs)


# C0 controls other than tab, line feed and carriage return, and DEL (see _scan_bytes): never
# part of wire text.
MAX_CONTROL_PROBLEMS = 200


def _control_characters(body: bytes, offset: int, control_at: np.ndarray) -> list[DecodeProblem]:
    """Runs of control characters, kept in the text (offsets must hold) but reported.

    `control_at` holds the position of every control byte, so runs are consecutive positions.
    """
    if not control_at.size:
        return []
    run_starts = np.flatnonzero(np.diff(control_at, prepend=-2) != 1)
    starts = control_at[run_starts].tolist()
    ends = (control_at[np.append(run_starts[1:], control_at.size) - 1] + 1).tolist()
    problems = []
    for count, (start, end) in enumerate(zip(starts, ends, strict=True)):
        if count == MAX_CONTROL_PROBLEMS:
            rest = len(starts) - count
            reason = f"{rest} more runs of control characters"
            problems.append(DecodeProblem(start + offset, start + offset, reason))
            break
        codes = ", ".join(sorted({f"U+{byte:04X}" for byte in body[start:end]}))
        reason = f"{end - start} control character(s) ({codes}) kept in the text"
        problems.append(DecodeProblem(start + offset, end + offset, reason))
    return problems


_REPLACEMENT_UTF8 = np.frombuffer("\ufffd".encode(), dtype=np.uint8)


def _scan_bytes(body: bytes, raw: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Positions of line feeds, of control bytes and of UTF-8 encoded U+FFFD.

    Line feeds and other C0 controls are the bytes below 0x20, which numpy picks out in one
    comparison; DEL and U+FFFD are rare in text, so a search for one byte (memchr, far faster
    than a search for the three bytes of U+FFFD) rules them out first.
    """
    below_space = np.flatnonzero(raw < 0x20)
    values = raw[below_space]
    newline_at = below_space[values == 0x0A]
    control_at = below_space[(values != 0x09) & (values != 0x0A) & (values != 0x0D)]
    if b"\x7f" in body:
        control_at = np.union1d(control_at, np.flatnonzero(raw == 0x7F))
    replacement_at = np.empty(0, dtype=np.intp)
    if bytes(_REPLACEMENT_UTF8[:1]) in body:
        lead_at = np.flatnonzero(raw[:-2] == _REPLACEMENT_UTF8[0])
        replacement_at = lead_at[
            (raw[lead_at + 1] == _REPLACEMENT_UTF8[1]) & (raw[lead_at + 2] == _REPLACEMENT_UTF8[2])
        ]
    return newline_at, control_at, replacement_at


def decode_dump(data: bytes, *, detect_encoding: bool = True) -> DecodedDump:
    """Split a dump into lines with byte and character spans; never raises on bad bytes.

    Without `detect_encoding` the bytes are UTF-8 (a later chunk of a dump whose head was UTF-8).
    """
    for bom, encoding in UTF16_BOMS.items():
        if detect_encoding and data.startswith(bom):
            return _decode_wide(data, encoding, len(bom))
    if detect_encoding and (wide := _utf16_without_bom(data)) is not None:
        return _decode_wide(data, wide, 0)

    bom_len = len(UTF8_BOM) if data.startswith(UTF8_BOM) else 0
    body = data[bom_len:]
    encoding = "utf-8-sig" if bom_len else "utf-8"
    raw = np.frombuffer(body, dtype=np.uint8)
    newline_at, control_at, replacement_at = _scan_bytes(body, raw)
    line_offsets = np.concatenate(([0], newline_at + 1, [len(body)]))
    # Byte offsets come from the raw bytes ('\n' never occurs inside a UTF-8 sequence, so the
    # raw and decoded line splits agree line for line); character offsets from the text.
    byte_ends = line_offsets[1:] + bom_len
    byte_starts = np.concatenate(([0], byte_ends[:-1]))
    lines = _utf8_lines(body, line_offsets)
    if lines is not None:  # valid UTF-8: the lines are the bytes themselves
        lines = _line_table(lines, byte_starts, byte_ends)
        suspects = [control_at, replacement_at]
        return DecodedDump(
            lines=lines,
            n_chars=_char_count(lines),
            encoding=encoding,
            size_bytes=len(data),
            problems=_control_characters(body, bom_len, control_at),
            garbled_candidates=np.unique(np.searchsorted(newline_at, np.concatenate(suspects))),
        )

    text, bad_spans = _decode_recording(body, "utf-8")
    problems = [
        DecodeProblem(s + bom_len, e + bom_len, f"invalid UTF-8 ({e - s} byte(s)) replaced with U+FFFD")
        for s, e in _merge_spans(bad_spans)
    ]
    replaced = bad_spans
    if detect_encoding and _looks_single_byte(body, bad_spans):
        # One byte per character: the UTF-8 line split above still holds byte for byte.
        text, replaced = _decode_recording(body, "cp1252")
        encoding = "cp1252"
        problems = [DecodeProblem(0, 0, "not UTF-8: decoded as Windows-1252 (Latin-1)")]
        problems += [
            DecodeProblem(s + bom_len, e + bom_len, "byte undefined in Windows-1252 replaced with U+FFFD")
            for s, e in _merge_spans(replaced)
        ]
    problems += _control_characters(body, bom_len, control_at)
    # Lines holding a control character or U+FFFD: the decoder's replacements, the control bytes,
    # and U+FFFD that was in the UTF-8 bytes already (in Windows-1252 those bytes are letters).
    suspects = [control_at, np.array([start for start, _ in replaced], dtype=np.int64)]
    if encoding != "cp1252":
        suspects.append(replacement_at)
    lines = _line_table(_text_lines(text), byte_starts, byte_ends)
    return DecodedDump(
        lines=lines,
        n_chars=len(text),
        encoding=encoding,
        size_bytes=len(data),
        problems=problems,
        garbled_candidates=np.unique(np.searchsorted(newline_at, np.concatenate(suspects))),
    )


def _decode_wide(data: bytes, encoding: str, bom_len: int) -> DecodedDump:
    """UTF-16 dumps: decode first, then measure each line's bytes in the source encoding."""
    text, bad = _decode_recording(data[bom_len:], encoding)
    raw_lines = text.split("\n")
    widths = np.array([len(line.encode(encoding, errors="surrogatepass")) for line in raw_lines])
    newline_width = len("\n".encode(encoding))
    byte_ends = np.cumsum(widths + newline_width) + bom_len
    byte_ends[-1] = len(data)  # the last line has no terminator; odd trailing bytes belong to it
    byte_starts = np.concatenate(([0], byte_ends[:-1]))
    how = "byte-order mark" if bom_len else "detected from its NUL bytes"
    problems = [DecodeProblem(0, bom_len, f"dump is {encoding.upper()} encoded ({how})")]
    problems += [
        DecodeProblem(s + bom_len, e + bom_len, f"invalid {encoding.upper()} ({e - s} byte(s)) replaced")
        for s, e in _merge_spans(bad)
    ]
    return DecodedDump(
        lines=_line_table(_text_lines(text), byte_starts, byte_ends),
        n_chars=len(text),
        encoding=encoding,
        size_bytes=len(data),
        problems=problems,
    )


def _arrow_lines(utf8: bytes, line_offsets: np.ndarray) -> pa.Array:
    """The lines of UTF-8 bytes (line break included) as an Arrow string array over the bytes
    themselves, far cheaper than a Python string per line. The bytes are not checked here."""
    return pa.Array.from_buffers(
        pa.large_utf8(),
        len(line_offsets) - 1,
        [None, pa.py_buffer(line_offsets.astype(np.int64)), pa.py_buffer(utf8)],
    )


def _utf8_lines(body: bytes, line_offsets: np.ndarray) -> pa.Array | None:
    """`_arrow_lines` of the dump's own bytes, or None when they are not valid UTF-8."""
    lines = _arrow_lines(body, line_offsets)
    try:
        lines.validate(full=True)  # checks the UTF-8 encoding, much faster than decoding it
    except pa.ArrowInvalid:
        return None
    return lines


def _text_lines(text: str) -> pa.Array:
    """The lines of decoded text, line break included (encoded by Python, so valid UTF-8)."""
    utf8 = text.encode("utf-8")
    newline_at = np.flatnonzero(np.frombuffer(utf8, dtype=np.uint8) == 0x0A)
    return _arrow_lines(utf8, np.concatenate(([0], newline_at + 1, [len(utf8)])))


def _line_table(lines: pa.Array, byte_starts: np.ndarray, byte_ends: np.ndarray) -> pl.DataFrame:
    """The line table: each line with its line break, its byte span and where its characters start."""
    frame = pl.DataFrame(
        {
            "line_no": np.arange(len(lines), dtype=np.int64),
            "byte_start": byte_starts.astype(np.int64),
            "byte_end": byte_ends.astype(np.int64),
            "raw": pl.from_arrow(lines),
        }
    )
    return frame.with_columns(
        char_start=pl.col("raw").str.len_chars().cast(pl.Int64).cum_sum().shift(1, fill_value=0),
    ).select(list(LINE_SCHEMA))


def _char_count(lines: pl.DataFrame) -> int:
    """Characters of the whole text: where its last line starts, plus that line's length."""
    return int(lines["char_start"][-1]) + len(lines["raw"][-1])
