"""Credit lines and bylines → one row per credited person.

Real closing lines vary a lot::

    (Reporting by Robin Emmott, Editing by William Maclean)
    (Reporting by A in Moscow and B in Washington; Writing by C; Editing by D and E)
    (Additional reporting by A, B; editing by C)
    (Reporting and writing by A; Additional reporting by B in Winston-Salem, North Carolina)
    (Writing by David Dolan Editing by Jeremy Gaunt)

so the line is cut at each "<role> by" header rather than at punctuation, and a place after
"in" covers the names listed before it ("A and B in Washington").

Every line of a dump is parsed at once with polars expressions (a large dump has tens of
thousands of credit lines, nearly all different). Rust regexes have no look-around, so headers
and name separators are first rewritten into marker characters, and the text is split on them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import NamedTuple

import polars as pl

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

# What Python's str.strip() and the re module's \s take for white space: Unicode White_Space
# (which is what Rust's \s matches) plus the separators U+001C..U+001F.
WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007"
    "\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000"
)
_S = r"[\s\x1c-\x1f]"

_ROLE_WORD = (
    rf"additional{_S}+reporting|further{_S}+reporting|reporting|reported|writing|written|editing|edited"
    r"|compiled|compiling|compilation|research|researched|production|produced|photos?|graphics?"
    r"|contributing|contributions?"
)
# Unicode noncharacters, reserved for a program's internal use: they mark where a header starts,
# where its role words end and where two names part. Text never holds them (any that a dump
# does hold are read as U+FFFD first).
_HEADER_MARK, _ROLE_MARK, _NAME_MARK = "\ufdd0", "\ufdd1", "\ufdd2"
_MARKS = "[\ufdd0-\ufdd2]"
# "<role>[ and <role>] by", or the bare "Editing Sara Catania" seen in some lines. A header
# starts the line or follows a space or punctuation: that character is matched (there is no
# look-behind) and written back before the header mark; the character after "by" that is not
# part of a word (no \b: with it the regex engine's fast automaton gives up on non-ASCII text)
# and the capital after a bare "Editing" are written back after the role mark. A header right
# after another one has lost the character before it to the first match, so a second pass
# takes headers after a role mark too.
_NOT_WORD = r"[^\p{L}\p{N}_\s\x1c-\x1f]"
_HEADER = (
    rf"(?i)(^|[\s\x1c-\x1f,;.(\ufdd1])(?:((?:{_ROLE_WORD})(?:{_S}*(?:and|&|,){_S}*(?:{_ROLE_WORD}))*)"
    rf"{_S}+by(?:{_S}+|({_NOT_WORD})|$)|(editing){_S}+([A-Z]))"
)
_HEADER_REPLACEMENT = f"${{1}}{_HEADER_MARK}${{2}}${{4}}{_ROLE_MARK}${{3}}${{5}}"
_NAME_SEPARATOR = rf"{_S}*,{_S}*(?:and{_S}+)?|{_S}+and{_S}+|{_S}*&{_S}*|{_S}*;{_S}*"
_IN_PLACE = rf"^(.+?){_S}+in{_S}+([A-Z].*)$"
_BYLINE = rf"(?i)^{_S}*By{_S}+"
# A label after a dash that ends a byline ("- Analysis"): a capital and at most 30 more word
# characters or spaces. Spelt as an unbounded run (group 2) plus a length test, because a bounded
# repeat of a Unicode class takes milliseconds to compile, and polars compiles it again for every
# chunk (its regex cache holds 32 patterns; a chunk uses more). The run holds no dash, so only the
# last dash can start a label: the match is the same either way.
_BYLINE_LABEL = rf"((?:{_S}+[-–—]+{_S}*|{_S}*[-–—]+{_S}+)[A-Z]([\p{{L}}\p{{N}}_ ]*))$"
_LABEL_MAX_CHARS = 30


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
def _regions() -> pl.Series:
    return pl.Series(dateline_regions(), dtype=pl.String)


def _without_marks(texts: pl.Expr) -> pl.Expr:
    return texts.str.replace_all(_MARKS, "\ufffd")


def split_names(segments: pl.DataFrame) -> pl.DataFrame:
    """Names (and places) in text segments: 'A and B in Washington and C in New York' →
    (A, Washington), (B, Washington), (C, New York).

    `segments` has the columns `segment` (a key, in increasing order) and `text`; the result has
    `segment`, `person_name` and `location`, one row per name in the order of the text. A region
    after a place completes it ("Winston-Salem, North Carolina").
    """
    items = (
        segments.select(
            "segment",
            item=pl.col("text").str.replace_all(_NAME_SEPARATOR, _NAME_MARK).str.split(_NAME_MARK),
        )
        .explode("item")
        .with_columns(pl.col("item").str.strip_chars(" .,;:()"))
        .filter(pl.col("item") != "")
        .with_columns(
            row=pl.int_range(pl.len()),
            in_place=pl.col("item").str.extract_groups(_IN_PLACE),
            is_region=pl.col("item").is_in(_regions().implode()),
        )
        .unnest("in_place")
        .rename({"1": "name_before_place", "2": "place"})
    )
    segment, row = pl.col("segment"), pl.col("row")
    names_place = pl.col("place").is_not_null()
    # A region completes the place of the names just before it: the nearest item before it in
    # its segment that is not a region must name a place (regions never do).
    not_region = ~pl.col("is_region")
    items = items.with_columns(
        completes_place=pl.col("is_region")
        & (pl.when(not_region).then(segment).forward_fill().shift(1) == segment).fill_null(False)
        & pl.when(not_region).then(names_place).forward_fill().shift(1).fill_null(False)
    )
    completes = pl.col("completes_place")
    # Each name takes the place of the first item at or after it that names one, in its segment.
    place_row = pl.when(names_place).then(row)
    items = items.with_columns(
        place_row=pl.when(completes)
        .then(place_row.forward_fill())
        .when(pl.when(names_place).then(segment).backward_fill() == segment)
        .then(place_row.backward_fill()),
    )
    regions = (
        items.filter(completes)
        .group_by("place_row", maintain_order=True)
        .agg(region_suffix=pl.col("item").str.join(", "))
    )
    places = items.filter(names_place).select(
        "place_row", place_text=pl.col("place").str.strip_chars(WHITESPACE)
    )
    named = (
        items.filter(~completes)
        .join(places, on="place_row", how="left", maintain_order="left")
        .join(regions, on="place_row", how="left", maintain_order="left")
        .select(
            "segment",
            person_name=pl.when(names_place)
            .then(pl.col("name_before_place").str.strip_chars(WHITESPACE))
            .otherwise(pl.col("item"))
            .str.replace_all(f"{_S}+", " "),
            location=pl.when(pl.col("region_suffix").is_not_null())
            .then(pl.concat_str(pl.col("place_text"), pl.col("region_suffix"), separator=", "))
            .otherwise(pl.col("place_text")),
        )
    )
    return named.filter(pl.col("person_name").str.contains(r"\p{L}"))


def credit_rows(lines: pl.Series) -> pl.DataFrame:
    """Closing credit lines → their credits, in order: columns `line` (the line's position in
    `lines`), `role`, `person_name`, `location`. Text after no role header is kept as 'other'."""
    body = (
        _without_marks(pl.col("text"))
        .str.strip_chars(WHITESPACE)
        .str.strip_chars_end(".")
        .str.strip_chars(WHITESPACE)
    )
    frame = pl.DataFrame({"text": lines}).select(line=pl.int_range(pl.len(), dtype=pl.Int64), body=body)
    # "((...))": the brackets come off pair by pair, with the spaces inside them.
    in_brackets = pl.col("body").str.starts_with("(") & pl.col("body").str.ends_with(")")
    while frame.select(in_brackets.any()).item():
        frame = frame.with_columns(
            body=pl.when(in_brackets)
            .then(pl.col("body").str.slice(1, pl.col("body").str.len_chars() - 2).str.strip_chars(WHITESPACE))
            .otherwise(pl.col("body"))
        )
    marked = pl.col("body")
    for _ in range(2):
        marked = marked.str.replace_all(_HEADER, _HEADER_REPLACEMENT)
    parts = frame.select("line", part=marked.str.split(_HEADER_MARK))
    parts = parts.with_columns(
        # Text before the first header is dropped; a line without any header is one 'other' part.
        pl.when(pl.col("part").list.len() > 1)
        .then(pl.col("part").list.slice(1))
        .otherwise(pl.concat_list(pl.lit(_ROLE_MARK) + pl.col("part").list.first()))
    ).explode("part")
    segments = parts.select(
        "line",
        segment=pl.int_range(pl.len()),
        header=pl.col("part").str.split_exact(_ROLE_MARK, 1).struct[0],
        text=pl.col("part").str.split_exact(_ROLE_MARK, 1).struct[1],
    )
    headers = segments["header"].unique()
    roles = pl.DataFrame(
        {"header": headers, "roles": [list(role_of(h)) if h else ["other"] for h in headers.to_list()]},
        schema={"header": pl.String, "roles": pl.List(pl.String)},
    )
    return (
        split_names(segments.select("segment", "text"))
        .join(segments.select("segment", "line", "header"), on="segment", maintain_order="left")
        .join(roles, on="header", maintain_order="left")
        .explode("roles")
        .select("line", role="roles", person_name="person_name", location="location")
    )


_NAME_PARTICLES = ["de", "del", "van", "von", "der", "da", "di", "du", "la", "le", "al", "bin", "el", "dos"]


def byline_names(lines: pl.Series) -> pl.DataFrame:
    """'By Francois Murphy and Shadia Nasralla' → Francois Murphy, Shadia Nasralla: columns `line`
    (the line's position in `lines`) and `person_name`, in order.

    Names are capitalised words (and particles such as "de"); "Asia autos correspondent" is a
    job title, and a label after a dash ("- Analysis") is not part of the names.
    """
    names = _without_marks(pl.col("text")).str.strip_chars(WHITESPACE).str.replace(_BYLINE, "")
    label = names.str.extract_groups(_BYLINE_LABEL)
    names = (
        pl.when(label.struct["2"].str.len_chars() <= _LABEL_MAX_CHARS)
        .then(names.str.slice(0, names.str.len_chars() - label.struct["1"].str.len_chars()))
        .otherwise(names)
    )
    segments = pl.DataFrame({"text": lines}).select(
        segment=pl.int_range(pl.len(), dtype=pl.Int64), text=names
    )
    word = pl.element()
    looks_like_name = (
        pl.col("person_name")
        .str.split(" ")
        .list.eval((word == "") | word.str.contains(r"^\p{Uppercase}") | word.is_in(_NAME_PARTICLES))
        .list.all()
    )
    return split_names(segments).filter(looks_like_name).select(line="segment", person_name="person_name")


def parse_credit_line(line: str) -> tuple[Credit, ...]:
    """One closing credit line → its credits, in order (see `credit_rows`)."""
    rows = credit_rows(pl.Series([line], dtype=pl.String))
    return tuple(Credit(*row) for row in rows.select("role", "person_name", "location").rows())


def parse_byline(line: str) -> list[str]:
    """'By Francois Murphy and Shadia Nasralla' → ['Francois Murphy', 'Shadia Nasralla']."""
    return byline_names(pl.Series([line], dtype=pl.String))["person_name"].to_list()
