"""Apostrophes lost in transmission, put back for the analysis only.

Some feeds replace every apostrophe with a space ("Pyongyang s envoy said we re not ..."), which
the tagger reads as a stray "s" and breaks possessives and contractions. For such a story the
NLP analyses a copy with the apostrophes restored (`data/contractions.csv`); the copy has the same
length, so every offset still points into the text as printed, and every output quotes it as printed.
"""

from __future__ import annotations

import re
from functools import cache

from ingest.reference import data_rows

_LOST_POSSESSIVE = re.compile(r"[A-Za-z] s\b")


@cache
def _contraction() -> re.Pattern[str]:
    """Word, space, suffix: the space stands for a lost apostrophe."""
    alternatives = []
    for row in data_rows("contractions.csv"):
        words = r"[A-Za-z]+" if row["after"] == "*" else "|".join(row["after"].split("|"))
        alternatives.append(rf"\b(?i:{words}) (?={row['suffix']}\b)")
    return re.compile("|".join(f"(?:{a})" for a in alternatives))


def lost_apostrophes(texts: list[str]) -> bool:
    """A story with no apostrophe anywhere and at least two lone "s" after a word."""
    if any("'" in t or "’" in t for t in texts):
        return False
    return sum(len(_LOST_POSSESSIVE.findall(t)) for t in texts) >= 2


def restore_apostrophes(text: str) -> str:
    """The text with "’" for each space that stands for a lost apostrophe (same length)."""
    return _contraction().sub(lambda m: m.group(0)[:-1] + "’", text)
