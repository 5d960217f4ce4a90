"""Stable, content-derived identifiers.

Ids never depend on run order, file names or load time: the same text yields the same id on any
machine, so re-runs and re-deliveries of a story line up in the warehouse.
"""

from __future__ import annotations

import hashlib

import numpy as np
import polars as pl
import pyarrow as pa

ARTICLE_ID_CHARS = 16  # 64 bits: collision odds stay below 1e-6 up to ~6 million stories

_TYPOGRAPHY = {
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2033": '"',
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2026": "...",
    "\u00a0": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200b": "",
    "\ufeff": "",
}


def dump_id_of(data: bytes) -> str:
    """sha256 of the raw bytes: identical files are one dump whatever they are called."""
    return hashlib.sha256(data).hexdigest()


# ASCII whitespace other than the space: each becomes a space, then runs of spaces collapse.
_LAYOUT_WHITESPACE = ("\t", "\r", "\n", "\x0b", "\x0c")


def _characters_by_replacement() -> dict[str, str]:
    """Replacement → the characters it replaces, e.g. "'" → "‘’‚‛′"."""
    grouped: dict[str, str] = {}
    for character, replacement in [*_TYPOGRAPHY.items(), *((c, " ") for c in _LAYOUT_WHITESPACE)]:
        grouped[replacement] = grouped.get(replacement, "") + character
    return grouped


_CHARACTERS_BY_REPLACEMENT = _characters_by_replacement()


def normalised_text(texts: pl.Series) -> pl.Series:
    """Plain quotes, dashes and spaces, single spacing: what survives re-typesetting of a story.

    Each replacement is a character class (which the regex engine scans for far faster than a
    many-pattern search for all the characters at once; each pattern is a single character, so
    the order does not matter), run only on the few texts that hold one of its characters (a
    quick scan finds them), then one pass collapses runs of spaces. No Unicode normalisation: it
    costs more than the rest of the parse on large dumps and changes nothing in wire text.
    """
    for replacement, characters in _CHARACTERS_BY_REPLACEMENT.items():
        pattern = f"[{characters}]"  # no character is special in a class
        holding = texts.str.contains(pattern).arg_true()
        if holding.len():
            texts = texts.scatter(holding, texts.gather(holding).str.replace_all(pattern, replacement))
    return texts.str.replace_all(" {2,}", " ").str.strip_chars()


def content_hash(texts: pl.Series, length: int = ARTICLE_ID_CHARS) -> pl.Series:
    """Truncated sha256 of each (already normalised) text, hashed from its UTF-8 bytes as stored.

    The bytes are hashed where polars keeps them, not copied into a Python bytes object (or an
    Arrow string array) per text first. A null text hashes as the empty text.
    """
    sha256 = hashlib.sha256
    return pl.Series(
        texts.name,
        [sha256(text).hexdigest()[:length] for text in _utf8_slices(texts.fill_null(""))],
        dtype=pl.String,
    )


# An Arrow string view is 16 bytes: the length (int32), then up to 12 bytes of the string itself,
# or, for a longer string, its first 4 bytes, the index of the data buffer that holds it and its
# offset there (int32 each).
_VIEW_BYTES = 16
_INLINE_BYTES = 12


def _utf8_slices(texts: pl.Series) -> list[memoryview]:
    """Each string's UTF-8 bytes, sliced from polars' own buffers (Arrow string views, which
    polars hands over without copying; a plain string array would be a copy of every text)."""
    views = texts.rechunk().to_arrow(compat_level=pl.CompatLevel.newest())
    if views.type != pa.string_view():  # the layout read below would be wrong: stop, never misread
        raise TypeError(f"polars handed strings over as {views.type}, not as Arrow string views")
    if not len(views):
        return []
    _, view_buffer, *data_buffers = views.buffers()
    first = views.offset * _VIEW_BYTES
    view_bytes = memoryview(view_buffer)[first : first + len(views) * _VIEW_BYTES]
    fields = np.frombuffer(view_bytes, dtype=np.int32).reshape(-1, 4)
    data = [memoryview(buffer) for buffer in data_buffers]
    slices = []
    for at, (size, _, buffer, offset) in enumerate(fields.tolist()):
        if size <= _INLINE_BYTES:
            start = at * _VIEW_BYTES + 4
            slices.append(view_bytes[start : start + size])
        else:
            slices.append(data[buffer][offset : offset + size])
    return slices
