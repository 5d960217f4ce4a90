"""Photo captions: the dates they carry ("... in Raqqa, Syria September 16, 2017.")."""

from __future__ import annotations

import re
from datetime import date

MONTH_NUMBERS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan"),
            ("february", "feb"),
            ("march", "mar"),
            ("april", "apr"),
            ("may",),
            ("june", "jun"),
            ("july", "jul"),
            ("august", "aug"),
            ("september", "sept", "sep"),
            ("october", "oct"),
            ("november", "nov"),
            ("december", "dec"),
        ),
        start=1,
    )
    for name in names
}

_MONTH = (
    r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
_DATE_MDY = re.compile(rf"\b{_MONTH}\s+(?P<day>\d{{1,2}}),?\s+(?P<year>(?:19|20)\d\d)\b")
_DATE_DMY = re.compile(rf"\b(?P<day>\d{{1,2}})\s+{_MONTH}\s+(?P<year>(?:19|20)\d\d)\b")

FILE_PHOTO = re.compile(r"^\s*FILE\s+(?:PHOTO|PICTURE)|/File Photo\b", re.IGNORECASE)


def caption_dates(caption: str) -> list[date]:
    """Every valid calendar date written in the caption, in order of appearance."""
    found: list[tuple[int, date]] = []
    for pattern in (_DATE_MDY, _DATE_DMY):
        for match in pattern.finditer(caption):
            month = MONTH_NUMBERS[match.group("month").lower()]
            try:
                found.append((match.start(), date(int(match.group("year")), month, int(match.group("day")))))
            except ValueError:
                continue
    return [d for _, d in sorted(found)]


def is_file_photo(caption: str) -> bool:
    """Archive pictures carry the date they were taken, not the date of the story."""
    return bool(FILE_PHOTO.search(caption))
