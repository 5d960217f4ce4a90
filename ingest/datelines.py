"""Datelines: the "CITY (Reuters) –" lead-in of a story's first paragraph.

Two forms occur in real dumps:
- with the agency: ``BRUSSELS (Reuters) – NATO allies ...``, ``(Reuters) - A peace activist ...``;
- without it: ``TURNBERRY, Scotland U.S. presidential candidate ...``. The capitalised city runs
  straight into the story, so the region after a comma comes from a gazetteer
  (``data/dateline_regions.txt``) and acronyms that open the story (``U.S.``, ``FBI``) end the city.

The patterns are Rust-regex syntax: polars applies them to whole columns at once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from ingest.reference import data_lines

# "(Reuters) –" with any dash, or none, after it; also "(Thomson Reuters Foundation)" and a
# stray "(Reuters on Friday )". Group: the agency's name. The name ends a word: the ")" follows,
# or a character that is not part of a word starts the stray words (spelt out rather than \b,
# with which the regex engine's fast automaton gives up on any line that is not ASCII).
AGENCY = r"\(((?:Thomson )?Reuters(?: Foundation)?|REUTERS)(?:[^()\w][^()]{0,19})?\)\s*[-–—]*\s*"
# Every agency lead holds one of these: a cheap first test before the full pattern.
AGENCY_MARK = r"\((?:Thomson )?Reuters|\(REUTERS"

# Group 1: whatever precedes "(Reuters)" (city, sometimes an inline note and "By ..." line);
# group 2: the agency.
AGENCY_LEAD_PATTERN = rf"^([^\n]{{0,160}}?){AGENCY}"

# A city word in capitals: WASHINGTON, ST. LOUIS, WINSTON-SALEM, N'DJAMENA.
_CAPS_WORD = r"\p{Lu}[\p{Lu}'’\-]*\p{Lu}\.?|(?:ST|FT|MT)\."
_CITY = rf"(?:{_CAPS_WORD})(?:\s+(?:{_CAPS_WORD}))*"

# Capitalised words that open a story rather than end a city name.
STORY_OPENERS = frozenset(
    (
        "A AN THE U.S. U.N. U.K. E.U. US UK UN EU NATO FBI CIA NSA IMF OPEC NASA WHO WTO ECB IS ISIS AU "
        "G7 G20 BRICS CEO GOP DNC RNC ICC IAEA OSCE ASEAN APEC NAFTA TPP EPA FDA SEC DOJ FCC FAA NTSB "
        "IRS FEMA ATF DEA ICE TSA NHS BBC CNN AP AFP TASS RIA IT AI I"
    ).split()
)


@cache
def dateline_regions() -> tuple[str, ...]:
    """Region names from the gazetteer, longest first so 'West Virginia' beats 'Virginia'."""
    names = set(data_lines("dateline_regions.txt"))
    return tuple(sorted(names, key=len, reverse=True))


MONTH_DAY = r"(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?\s+\d{1,2}"


@cache
def bare_dateline_pattern() -> str:
    """Group 1: a capitalised dateline without the agency; the whole match runs to the story text.

    The place may carry a region after a comma ("BURNS, Ore.", "BOSTON, Mass", "ALBANY, NEW YORK"),
    several places may be joined by "/", and a date ("WASHINGTON, March 17") or a dash may follow.
    """
    regions = "|".join(
        re.escape(r[:-1]) + r"\.?" if r.endswith(".") else re.escape(r) for r in dateline_regions()
    )
    place = rf"{_CITY}(?:,\s*(?:{regions}|{_CITY}))?"
    dash = r"(?:\s+[-–—]+|\s*\(\s*\)\s*[-–—]+)?"  # "WASHINGTON - ", "WASHINGTON () - "
    return rf"^({place}(?:\s*/\s*{place})*)(?:,\s*{MONTH_DAY})?{dash}\s+[\p{{Lu}}\"“‘'$\d]"


# The lead patterns with an outer group around the whole match: the parser reads the parts and
# the length of the match, the layout only tests for one. Both use the same pattern string, so
# polars compiles it once: its regex cache holds 32 patterns and a chunk of a dump uses more,
# and these two are among the costliest to compile.
AGENCY_LEAD_MATCH = f"({AGENCY_LEAD_PATTERN})"


@cache
def bare_dateline_match() -> str:
    """`bare_dateline_pattern()` in an outer group: group 2 is the place."""
    return f"({bare_dateline_pattern()})"


@dataclass(frozen=True)
class AgencyLead:
    """What stood before '(Reuters)' in a first paragraph."""

    city: str | None
    inline_byline: str | None
    inline_note: str | None


_INLINE_NOTE = re.compile(r"^\(+([^()]*)\)+\s*")
_INLINE_BY = re.compile(r"^By\s+(.+)$", re.DOTALL)
# In 'By Marc Frank HAVANA' the names end where a word in capitals starts.
_TRAILING_CAPS_CITY = re.compile(
    r"(?:^|\s)((?:[A-Z][A-Z'’.\-]+)(?:\s+[A-Z][A-Z'’.\-]+)*(?:,.*)?)$", re.DOTALL
)


@lru_cache(maxsize=65536)
def split_agency_lead(prefix: str) -> AgencyLead:
    """Split the text before '(Reuters)' into city, inline byline and inline editorial note.

    Cached: most stories open with one of a few hundred datelines ("WASHINGTON ")."""
    rest = prefix.strip()
    note = byline = None
    if match := _INLINE_NOTE.match(rest):
        note = match.group(1).strip() or None
        rest = rest[match.end() :]
    if match := _INLINE_BY.match(rest):
        names = match.group(1).strip()
        city_match = _TRAILING_CAPS_CITY.search(names)
        if city_match:
            byline = names[: city_match.start(1)].strip() or None
            rest = city_match.group(1)
        else:
            byline, rest = names, ""
    city = rest.strip(" ,-–—")
    if not city or not city[0].isupper():
        city = None
    return AgencyLead(city=city, inline_byline=byline, inline_note=note)


@lru_cache(maxsize=65536)
def clean_bare_city(candidate: str) -> str | None:
    """Drop story-opening acronyms that the greedy capitals match swallowed; None if nothing is left."""
    words = candidate.split(" ")
    while len(words) > 1 and words[-1] in STORY_OPENERS:
        words.pop()
    place_article = words[0] == "THE" and len(words) > 1  # THE HAGUE
    if (words[0] in STORY_OPENERS and not place_article) or len(words[0].strip(".")) < 2:
        return None
    return " ".join(words)
