"""Credit lines and bylines → one row per credited person.

Real closing lines vary a lot::

    (Reporting by Robin Emmott, Editing by William Maclean)
    (Reporting by A in Moscow and B in Washington; Writing by C; Editing by D and E)
    (Additional reporting by A, B; editing by C)
    (Reporting and writing by A; Additional reporting by B in Winston-Salem, North Carolina)
    (Writing by David Dolan Editing by Jeremy Gaunt)

so the line is cut at each "<role> by" header rather than at punctuation, and a place after
"in" covers the names listed before it ("A and B in Washington").
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

from ingest.datelines import dateline_regions

CREDIT_ROLES = (
    "byline",
    "reporting",
    "additional_reporting",
    "writing",
    "editing",
    "compiling",
    "other",
)

_ROLE_WORD = (
    r"additional\s+reporting|further\s+reporting|reporting|reported|writing|written|editing|edited"
    r"|compiled|compiling|compilation|research|researched|production|produced|photos?|graphics?"
    r"|contributing|contributions?"
)
# The letters a role word starts with: a cheap first test at each position of a line.
_ROLE_INITIALS = "".join(sorted({word[0] for word in _ROLE_WORD.split("|")}))
# "<role>[ and <role>] by", or the bare "Editing Sara Catania" seen in some lines.
_HEADER = re.compile(
    rf"(?i)(?=[{_ROLE_INITIALS}])"
    rf"(?:(?:^|(?<=[\s,;.(]))((?:{_ROLE_WORD})(?:\s*(?:and|&|,)\s*(?:{_ROLE_WORD}))*)\s+by\b\s*"
    rf"|(?:^|(?<=[\s,;.(]))(editing)\s+(?=[A-Z]))"
)
_SPLIT_NAMES = re.compile(r"\s*,\s*(?:and\s+)?|\s+and\s+|\s*&\s*|\s*;\s*")
_IN_PLACE = re.compile(r"^(?P<name>.+?)\s+in\s+(?P<place>[A-Z].*)$")
_BYLINE = re.compile(r"^\s*By\s+", re.IGNORECASE)
_BYLINE_LABEL = re.compile(r"(?:\s+[-–—]+\s*|\s*[-–—]+\s+)[A-Z][\w ]{0,30}$")


class Credit(NamedTuple):
    """One credited person; a named tuple because busy dumps build hundreds of thousands."""

    role: str
    person_name: str
    location: str | None


@lru_cache(maxsize=4096)
def role_of(header: str) -> tuple[str, ...]:
    """'Additional reporting' → ('additional_reporting',); 'Reporting and writing' → two roles.

    Cached: a few dozen headers ("Reporting by", "Editing by") sign nearly every story."""
    roles: list[str] = []
    for word in re.split(r"\s*(?:and|&|,)\s*", header.strip().lower()):
        word = re.sub(r"\s+", " ", word)
        if not word:
            continue
        if word in ("additional reporting", "further reporting"):
            role = "additional_reporting"
        elif word in ("reporting", "reported"):
            role = "reporting"
        elif word in ("writing", "written"):
            role = "writing"
        elif word in ("editing", "edited"):
            role = "editing"
        elif word in ("compiled", "compiling", "compilation"):
            role = "compiling"
        else:
            role = "other"
        if role not in roles:
            roles.append(role)
    return tuple(roles) or ("other",)


@cache
def _regions() -> frozenset[str]:
    return frozenset(dateline_regions())


_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=65536)
def split_names(segment: str) -> tuple[tuple[str, str | None], ...]:
    """'A and B in Washington and C in New York' → ((A, Washington), (B, Washington), (C, New York)).

    Cached: the same names (desk editors above all) recur in the credits of many stories."""
    regions = _regions()
    people: list[tuple[str, str | None]] = []
    pending: list[str] = []
    last_group: list[int] = []  # people who took the most recent place
    for item in (part.strip(" .,;:()") for part in _SPLIT_NAMES.split(segment)):
        if not item:
            continue
        if item in regions and last_group:
            # "Winston-Salem, North Carolina": the region completes the place before it.
            for i in last_group:
                people[i] = (people[i][0], f"{people[i][1]}, {item}")
            continue
        match = _IN_PLACE.match(item)
        if match is None:
            pending.append(item)
            last_group = []
            continue
        place = match.group("place").strip()
        group = [*pending, match.group("name").strip()]
        last_group = list(range(len(people), len(people) + len(group)))
        people.extend((name, place) for name in group)
        pending = []
    people.extend((name, None) for name in pending)
    return tuple((_SPACES.sub(" ", name), place) for name, place in people if any(c.isalpha() for c in name))


@lru_cache(maxsize=65536)
def parse_credit_line(line: str) -> tuple[Credit, ...]:
    """One closing credit line → its credits, in order; unknown text is kept with role 'other'.

    Cached: the same desks sign thousands of stories with the same line."""
    body = line.strip().rstrip(".").strip()
    while body.startswith("(") and body.endswith(")"):
        body = body[1:-1].strip()
    headers = list(_HEADER.finditer(body))
    if not headers:
        return _segment_credits(("other",), body)
    credits: list[Credit] = []
    for i, header in enumerate(headers):
        end = headers[i + 1].start() if i + 1 < len(headers) else len(body)
        credits += _segment_credits(role_of(header.group(1) or header.group(2)), body[header.end() : end])
    return tuple(credits)


@lru_cache(maxsize=65536)
def _segment_credits(roles: tuple[str, ...], segment: str) -> tuple[Credit, ...]:
    """The credits of the names after one header, each name once per role.

    Cached: whole lines are mostly unique, but their parts ("Editing by Tim Dobbyn") recur."""
    return tuple(Credit(role, name, place) for name, place in split_names(segment) for role in roles)


_NAME_PARTICLES = {"de", "del", "van", "von", "der", "da", "di", "du", "la", "le", "al", "bin", "el", "dos"}


def _looks_like_name(text: str) -> bool:
    """Names are capitalised words (and particles); "Asia autos correspondent" is a job title."""
    return all(word[:1].isupper() or word in _NAME_PARTICLES for word in text.split())


def parse_byline(line: str) -> list[str]:
    """'By Francois Murphy and Shadia Nasralla' → ['Francois Murphy', 'Shadia Nasralla']."""
    return list(_byline_names(line))


@lru_cache(maxsize=65536)
def _byline_names(line: str) -> tuple[str, ...]:
    names = _BYLINE.sub("", line.strip(), count=1)
    names = _BYLINE_LABEL.sub("", names)  # "By A and B - Analysis"
    return tuple(name for name, _ in split_names(names) if _looks_like_name(name))
