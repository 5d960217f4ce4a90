"""Publication dates for undated stories, and absolute dates for time expressions.

Wire dumps carry no dates, but stories do: a photo caption dates the picture ("in Barcelona,
Spain, November 11, 2017"), the lead says when the news happened ("said on Monday"), and the
body may give a full date with its weekday ("on Thursday, Sept. 28"). Reuters names the weekday
for events of the past week, so the story was published on the first day with the lead's weekday
on or after the latest dated clue (within six days).

Only clues that fix one date are used. Archive pictures (FILE PHOTO, or years older than the
story) date nothing; when the clues do not agree on one day the date stays unknown — a wrong
date is worse than none.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from ingest.captions import MONTH_NUMBERS, caption_dates, is_file_photo

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# "on Monday", "late on Thursday", "on Friday evening" (the day of the news)
_ON_WEEKDAY = re.compile(rf"\b(?:on|late on|early on|since|by)\s+{_WEEKDAY}\b")
# "Thursday, Sept. 28" / "Thursday Sept. 28": a date with its weekday, year unknown
_WEEKDAY_DATE = re.compile(rf"\b{_WEEKDAY},?\s+{_MONTH}\s+(\d{{1,2}})\b(?!,?\s+\d{{4}})")
_YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
_FUTURE = re.compile(
    r"\b(?:will|would|shall|to be|due|scheduled|planned|plans?|expected|next|until|before)\b", re.I
)
# Years before the latest one the story mentions make a caption an archive picture.
MAX_LEAD_DAYS = 6


@dataclass(frozen=True)
class PublicationDate:
    value: date | None
    method: str | None


def _lead_weekday(paragraphs: list[str]) -> int | None:
    """The weekday of the news: the first 'on <weekday>' of the first two paragraphs."""
    for paragraph in paragraphs[:2]:
        if match := _ON_WEEKDAY.search(paragraph):
            return WEEKDAYS.index(match.group(1).lower())
    return None


def _latest_year(texts: list[str]) -> int | None:
    years = [int(y) for text in texts for y in _YEAR.findall(text)]
    return max(years) if years else None


def _weekday_dates(paragraphs: list[str], around_year: int | None) -> list[date]:
    """'Thursday, Sept. 28' → the date in the year (near the story's years) where it is a Thursday."""
    found = []
    for paragraph in paragraphs:
        for match in _WEEKDAY_DATE.finditer(paragraph):
            sentence_start = max(paragraph.rfind(". ", 0, match.start()), 0)
            if _FUTURE.search(paragraph[sentence_start : match.start()]):
                continue  # "the vote will be held on Thursday, June 23": not something that happened
            weekday = WEEKDAYS.index(match.group(1).lower())
            month = MONTH_NUMBERS[match.group(2).lower()]
            day = int(match.group(3))
            candidates = []
            for year in range(1990, 2040):
                try:
                    candidate = date(year, month, day)
                except ValueError:
                    continue
                if candidate.weekday() == weekday:
                    candidates.append(candidate)
            if around_year is not None:
                near = [c for c in candidates if around_year <= c.year <= around_year + 1]
                if len(near) == 1:
                    found.append(near[0])
    return found


def infer_publication_date(title: str, captions: list[str], paragraphs: list[str]) -> PublicationDate:
    """The day the story was published, or (None, None) when the text does not fix one day."""
    weekday = _lead_weekday(paragraphs)
    if weekday is None:
        return PublicationDate(None, None)
    story_year = _latest_year([title, *paragraphs])
    anchors: list[tuple[date, str]] = []
    for caption in captions:
        if is_file_photo(caption):
            continue
        for taken in caption_dates(caption):
            if story_year is not None and taken.year < story_year:
                continue  # an archive picture: older than what the story talks about
            anchors.append((taken, "weekday+caption"))
    caption_year = max((d.year for d, _ in anchors), default=None)
    for dated in _weekday_dates(paragraphs, caption_year or story_year):
        anchors.append((dated, "weekday+explicit_date"))
    if not anchors:
        return PublicationDate(None, None)
    latest, method = max(anchors)
    offset = (weekday - latest.weekday()) % 7
    published = latest + timedelta(days=offset)
    if offset > MAX_LEAD_DAYS or any(published < anchor for anchor, _ in anchors):
        return PublicationDate(None, None)
    # every clue must be within the week before publication
    if any((published - anchor).days > MAX_LEAD_DAYS for anchor, _ in anchors if anchor.year == latest.year):
        return PublicationDate(None, None)
    return PublicationDate(published, method)


_RELATIVE_DAY = {"today": 0, "yesterday": -1, "tomorrow": 1}
_FULL_DATE = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_MONTH_DAY = re.compile(rf"\b{_MONTH}\s+(\d{{1,2}})\b")


def resolve_time_expression(text: str | None, published: date | None) -> date | None:
    """An absolute date for 'on Friday', 'yesterday', 'Sept. 28' or 'Sept. 28, 2017', else None.

    Weekdays point back to the most recent such day on or before publication (news reports
    the past); a month and day without year takes the publication year, or the year before if
    that would lie more than a month in the future.
    """
    if not text:
        return None
    lowered = text.lower()
    if match := _FULL_DATE.search(text):
        try:
            return date(int(match.group(3)), MONTH_NUMBERS[match.group(1).lower()], int(match.group(2)))
        except ValueError:
            return None
    if published is None:
        return None
    for word, shift in _RELATIVE_DAY.items():
        if re.search(rf"\b{word}\b", lowered):
            return published + timedelta(days=shift)
    for index, name in enumerate(WEEKDAYS):
        if re.search(rf"\b{name}\b", lowered):
            if "next" in lowered:
                return published + timedelta(days=(index - published.weekday()) % 7 or 7)
            return published - timedelta(days=(published.weekday() - index) % 7)
    if match := _MONTH_DAY.search(text):
        try:
            candidate = date(published.year, MONTH_NUMBERS[match.group(1).lower()], int(match.group(2)))
        except ValueError:
            return None
        if (candidate - published).days > 31:
            candidate = candidate.replace(year=candidate.year - 1)
        return candidate
    return None
