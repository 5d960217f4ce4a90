"""Parse one raw dump into polars frames: articles, paragraphs, credits and parse issues.

The contract with the rest of the system: every byte of the dump lies in exactly one article
span or in exactly one parse issue of severity ``error``. Issues of severity ``warning`` point
at something odd *inside* an article (replaced bytes, a story without body) and overlap it.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from datetime import date

import polars as pl
import pyarrow as pa

from ingest.captions import caption_dates
from ingest.credits import byline_names, credit_rows
from ingest.datelines import AGENCY_LEAD_MATCH, bare_dateline_match, clean_bare_city, split_agency_lead
from ingest.decoding import DecodedDump, decode_dump
from ingest.identity import content_hash, dump_id_of, normalised_text
from ingest.layout import assign_roles

ARTICLE_SCHEMA = {
    "dump_id": pl.String,
    "ordinal": pl.Int32,
    "article_id": pl.String,
    "text_hash": pl.String,
    "title": pl.String,
    "title_repeated": pl.Boolean,
    "captions": pl.List(pl.String),
    "caption_dates": pl.List(pl.Date),
    "byline": pl.List(pl.String),
    "dateline": pl.String,
    "source": pl.String,
    "subheads": pl.List(pl.String),
    "notes": pl.List(pl.String),
    "paragraph_count": pl.Int32,
    "first_line": pl.Int64,
    "byte_start": pl.Int64,
    "byte_end": pl.Int64,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
}
PARAGRAPH_SCHEMA = {
    "dump_id": pl.String,
    "ordinal": pl.Int32,
    "article_id": pl.String,
    "paragraph_index": pl.Int32,
    "text": pl.String,
    "dateline_chars": pl.Int32,
    "char_start": pl.Int64,
    "char_end": pl.Int64,
    "first_line": pl.Int64,
    "piece_text_starts": pl.List(pl.Int64),
    "piece_char_starts": pl.List(pl.Int64),
}
CREDIT_SCHEMA = {
    "dump_id": pl.String,
    "ordinal": pl.Int32,
    "article_id": pl.String,
    "credit_index": pl.Int32,
    "role": pl.String,
    "person_name": pl.String,
    "location": pl.String,
}
ISSUE_SCHEMA = {
    "dump_id": pl.String,
    "byte_start": pl.Int64,
    "byte_end": pl.Int64,
    "severity": pl.String,
    "reason": pl.String,
    "article_ordinal": pl.Int32,
}


@dataclass(frozen=True)
class ParsedDump:
    """The four frames of one dump, all keyed by `dump_id`."""

    dump_id: str
    size_bytes: int
    encoding: str
    articles: pl.DataFrame
    paragraphs: pl.DataFrame
    credits: pl.DataFrame
    parse_issues: pl.DataFrame

    def coverage_gaps(self) -> list[tuple[int, int]]:
        """Byte ranges not covered exactly once by stories and error issues (empty when sound)."""
        spans = (
            self.articles.select("byte_start", "byte_end").rows()
            + self.parse_issues.filter(pl.col("severity") == "error").select("byte_start", "byte_end").rows()
        )
        return coverage_gaps(spans, self.size_bytes)


def coverage_gaps(spans: list[tuple[int, int]], size_bytes: int) -> list[tuple[int, int]]:
    """Byte ranges of `[0, size_bytes)` not covered exactly once by `spans`: holes and overlaps."""
    gaps, position = [], 0
    for start, end in sorted(spans):
        if start != position:
            gaps.append((min(position, start), max(position, start)))
        position = max(position, end)
    if position != size_bytes:
        gaps.append((min(position, size_bytes), max(position, size_bytes)))
    return gaps


def parse_dump(data: bytes, dump_id: str | None = None, *, detect_encoding: bool = True) -> ParsedDump:
    """Parse raw dump bytes. Never raises on content: problems become parse-issue rows."""
    dump_id = dump_id or dump_id_of(data)
    decoded = decode_dump(data, detect_encoding=detect_encoding)
    blocks = _content_blocks(decoded.lines)
    roles = assign_roles(blocks, decoded.garbled_candidates) if blocks.height else blocks
    spans, issues = _article_spans(decoded, roles)

    if spans.is_empty():
        if (binary := _binary_issue(decoded, roles)) is not None:
            return _without_stories(dump_id, decoded, [binary])
        return _without_stories(dump_id, decoded, issues + _decode_issues(decoded, spans))

    paragraphs = _paragraphs(roles)
    leads = _leads(paragraphs)
    articles = _articles(roles, spans, paragraphs, leads)
    ids = articles.select("article_seq", "article_id")
    credits = _credits(roles, articles)

    empty = articles.filter(pl.col("paragraph_count") == 0)
    issues += [
        (
            row["byte_start"],
            row["byte_end"],
            "warning",
            "headline without body paragraphs",
            row["article_seq"],
        )
        for row in empty.iter_rows(named=True)
    ]
    issues += _garbled_lines(roles)
    issues += _decode_issues(decoded, spans)
    issues += _cut_off_end(decoded, articles)

    return ParsedDump(
        dump_id=dump_id,
        size_bytes=decoded.size_bytes,
        encoding=decoded.encoding,
        articles=articles.rename({"article_seq": "ordinal"})
        .with_columns(dump_id=pl.lit(dump_id))
        .select(list(ARTICLE_SCHEMA))
        .cast(ARTICLE_SCHEMA),
        paragraphs=paragraphs.join(ids, on="article_seq")
        .join(
            leads.select("article_seq", "paragraph_index", "dateline_chars"),
            on=["article_seq", "paragraph_index"],
            how="left",
        )
        .with_columns(dump_id=pl.lit(dump_id), dateline_chars=pl.col("dateline_chars").fill_null(0))
        .sort("article_seq", "paragraph_index")
        .rename({"article_seq": "ordinal"})
        .select(list(PARAGRAPH_SCHEMA))
        .cast(PARAGRAPH_SCHEMA),
        credits=credits.with_columns(dump_id=pl.lit(dump_id))
        .rename({"article_seq": "ordinal"})
        .select(list(CREDIT_SCHEMA))
        .cast(CREDIT_SCHEMA),
        parse_issues=_issue_frame(dump_id, issues),
    )


def _without_stories(dump_id: str, decoded: DecodedDump, issues: list[Issue]) -> ParsedDump:
    return ParsedDump(
        dump_id=dump_id,
        size_bytes=decoded.size_bytes,
        encoding=decoded.encoding,
        articles=pl.DataFrame(schema=ARTICLE_SCHEMA),
        paragraphs=pl.DataFrame(schema=PARAGRAPH_SCHEMA),
        credits=pl.DataFrame(schema=CREDIT_SCHEMA),
        parse_issues=_issue_frame(dump_id, issues),
    )


def _garbled_lines(roles: pl.DataFrame) -> list[Issue]:
    """Binary data inside stories: kept in the story's span, left out of its text, reported."""
    garbled = (
        roles.filter((pl.col("role") == "garbled") & (pl.col("article_seq") > 0))
        .group_by("article_seq")
        .agg(pl.col("byte_start").min(), pl.col("byte_end").max(), lines=pl.len())
        .sort("article_seq")
    )
    return [
        (
            start,
            end,
            "warning",
            f"{lines} line(s) of binary data (control codes or undecodable bytes) inside the story, "
            "left out of its text",
            seq,
        )
        for seq, start, end, lines in garbled.select("article_seq", "byte_start", "byte_end", "lines").rows()
    ]


# Above this share of characters on garbled lines a file without stories is binary data.
BINARY_SHARE = 0.3


def _binary_issue(decoded: DecodedDump, roles: pl.DataFrame) -> Issue | None:
    """One clear error for a file without stories that is mostly binary data."""
    if roles.is_empty():
        return None
    garbled, total, lines = roles.select(
        garbled=(pl.col("n_chars") * pl.col("is_garbled")).sum(),
        total=pl.col("n_chars").sum(),
        lines=pl.col("is_garbled").sum(),
    ).row(0)
    if not total or garbled / total < BINARY_SHARE:
        return None
    return (
        0,
        decoded.size_bytes,
        "error",
        f"binary data, not a text dump: {lines} of {roles.height} lines are mostly control codes or "
        f"undecodable bytes ({garbled / total:.0%} of the characters)",
        None,
    )


def _content_blocks(lines: pl.DataFrame) -> pl.DataFrame:
    """Non-blank lines with surrounding whitespace (line break, spaces, no-break spaces) trimmed off."""
    text = pl.col("text")
    return (
        lines.with_columns(text=pl.col("raw").str.strip_chars())
        .filter(text != "")
        .select(
            "line_no",
            "byte_start",
            "byte_end",
            "text",
            line_char_start=pl.col("char_start"),
            char_start=pl.col("char_start")
            + pl.col("raw").str.extract(r"^(\s+)", 1).str.len_chars().fill_null(0).cast(pl.Int64),
            n_chars=text.str.len_chars(),
        )
        .with_columns(char_end=pl.col("char_start") + pl.col("n_chars").cast(pl.Int64))
    )


Issue = tuple[int, int, str, str, int | None]


def _article_spans(decoded: DecodedDump, roles: pl.DataFrame) -> tuple[pl.DataFrame, list[Issue]]:
    """Byte and char span of each story: its headline line up to the next headline line."""
    size, n_chars = decoded.size_bytes, decoded.n_chars
    if size == 0:
        return pl.DataFrame(), [(0, 0, "error", "empty file: no bytes to parse", None)]
    if roles.is_empty():
        return pl.DataFrame(), [(0, size, "error", "no text: the dump holds only whitespace", None)]
    titles = roles.filter(pl.col("role") == "title")
    if titles.is_empty():
        return pl.DataFrame(), [
            (0, size, "error", f"no headline found in {roles.height} text line(s): no story layout", None)
        ]
    spans = titles.select(
        "article_seq",
        first_line=pl.col("line_no") + 1,
        byte_start=pl.col("byte_start"),
        byte_end=pl.col("byte_start").shift(-1, fill_value=size),
        char_start=pl.col("line_char_start"),
        char_end=pl.col("line_char_start").shift(-1, fill_value=n_chars),
    )
    issues: list[Issue] = []
    first_start = spans["byte_start"][0]
    if first_start > 0:
        preamble = roles.filter(pl.col("article_seq") == 0)
        if preamble.is_empty():
            # Only blank lines (or a byte-order mark) before the first headline: part of it.
            spans = spans.with_columns(
                byte_start=pl.when(pl.int_range(pl.len()) == 0).then(0).otherwise(pl.col("byte_start")),
                char_start=pl.when(pl.int_range(pl.len()) == 0).then(0).otherwise(pl.col("char_start")),
            )
        else:
            issues.append(
                (
                    0,
                    first_start,
                    "error",
                    f"{preamble.height} text line(s) before the first headline belong to no story",
                    None,
                )
            )
    return spans, issues


def _paragraphs(roles: pl.DataFrame) -> pl.DataFrame:
    """Body paragraphs; a paragraph broken over several lines becomes one, joined by a space."""
    key = ["article_seq", "paragraph_index"]
    pieces = roles.filter(pl.col("role") == "paragraph").select(
        *key,
        "text",
        "char_start",
        "char_end",
        "line_no",
        step=pl.col("n_chars").cast(pl.Int64) + 1,
    )
    if pieces.select(pl.any_horizontal(pl.col(key).is_null().any())).item():
        # A line whose layout tests came out null (see assign_roles): its paragraph's pieces need
        # not be consecutive, so each piece's place is summed within its paragraph's group.
        piece_text_start = pl.col("step").cum_sum().shift(1, fill_value=0)
    else:
        # The pieces of a paragraph are consecutive lines, so each piece's place in the joined
        # text is a running sum of piece lengths (and separators) less its value at the
        # paragraph's first piece: whole-column arithmetic, not a sum within many small groups.
        before = pl.col("step").cum_sum() - pl.col("step")
        starts_paragraph = pl.any_horizontal(pl.col(k) != pl.col(k).shift(1) for k in key).fill_null(True)
        pieces = pieces.with_columns(
            piece_text_start=before - pl.when(starts_paragraph).then(before).forward_fill()
        )
        piece_text_start = pl.col("piece_text_start")
    return (
        pieces.group_by(key, maintain_order=True)
        .agg(
            text=pl.col("text"),
            char_start=pl.col("char_start").first(),
            char_end=pl.col("char_end").last(),
            first_line=pl.col("line_no").first() + 1,
            piece_text_starts=piece_text_start,
            piece_char_starts=pl.col("char_start"),
        )
        # Joining the gathered lists is one pass; joining strings within each group is not.
        .with_columns(pl.col("text").list.join(" "), pl.col("paragraph_index").cast(pl.Int32))
    )


def _leads(paragraphs: pl.DataFrame) -> pl.DataFrame:
    """Dateline, agency and inline byline/note of each story's first paragraph."""
    # One regex pass per pattern: an outer group captures the whole match next to its parts.
    agency = pl.col("text").str.extract_groups(AGENCY_LEAD_MATCH)
    bare = pl.col("text").str.extract_groups(bare_dateline_match())
    first = (
        paragraphs.filter(pl.col("paragraph_index") == 0)
        .select("article_seq", "paragraph_index", "text", agency=agency, bare=bare)
        .select(
            "article_seq",
            "paragraph_index",
            agency_prefix=pl.col("agency").struct[1],
            agency=pl.col("agency").struct[2],
            agency_lead=pl.col("agency").struct[0].str.len_chars(),
            bare=pl.col("bare").struct[1],
            # The bare pattern ends on the story's first character, hence the -1.
            bare_lead=pl.col("bare").struct[0].str.len_chars() - 1,
            text_head=pl.col("text").str.slice(0, 200),
        )
    )
    # The Python splitters run once per distinct prefix or city: a few hundred datelines
    # ("WASHINGTON ") open most stories.
    prefixes = first["agency_prefix"].drop_nulls().unique().to_list()
    agency_leads = [split_agency_lead(prefix) for prefix in prefixes]
    agency_parts = pl.DataFrame(
        {
            "agency_prefix": prefixes,
            "agency_city": [lead.city for lead in agency_leads],
            "inline_byline": [lead.inline_byline for lead in agency_leads],
            "inline_note": [lead.inline_note for lead in agency_leads],
        },
        schema={name: pl.String for name in ("agency_prefix", "agency_city", "inline_byline", "inline_note")},
    )
    bare_cities = first.filter(pl.col("agency_prefix").is_null())["bare"].drop_nulls().unique().to_list()
    cleaned = pl.DataFrame(
        {"bare": bare_cities, "bare_city": [clean_bare_city(city) for city in bare_cities]},
        schema={"bare": pl.String, "bare_city": pl.String},
    )
    with_agency = pl.col("agency_prefix").is_not_null()
    bare_city = pl.col("bare_city")
    # When acronyms that open the story were trimmed off the city, the lead runs to the story's
    # first character after the city (within the first 200 characters, as a head of the text).
    rest_after_city = pl.col("text_head").str.slice(bare_city.str.len_chars())
    trimmed_lead = bare_city.str.len_chars().cast(pl.Int32) + rest_after_city.str.extract(
        r"^([\s\x1c-\x1f]*)", 1
    ).str.len_chars().cast(pl.Int32)
    return (
        first.join(agency_parts, on="agency_prefix", how="left", maintain_order="left")
        .join(cleaned, on="bare", how="left", maintain_order="left")
        .select(
            "article_seq",
            "paragraph_index",
            dateline=pl.when(with_agency).then(pl.col("agency_city")).otherwise(bare_city),
            source=pl.when(with_agency).then(
                pl.when(pl.col("agency") == "REUTERS").then(pl.lit("Reuters")).otherwise(pl.col("agency"))
            ),
            dateline_chars=pl.when(with_agency)
            .then(pl.col("agency_lead").cast(pl.Int32))
            .when(bare_city.is_null())
            .then(pl.lit(0, pl.Int32))
            .when(bare_city == pl.col("bare"))
            .then(pl.col("bare_lead").cast(pl.Int32))
            .otherwise(trimmed_lead),
            inline_byline=pl.when(with_agency).then(pl.col("inline_byline")),
            inline_note=pl.when(with_agency).then(pl.col("inline_note")),
        )
        .cast(_LEAD_SCHEMA)
    )


_LEAD_SCHEMA = {
    "article_seq": pl.Int64,
    "paragraph_index": pl.Int32,
    "dateline": pl.String,
    "source": pl.String,
    "dateline_chars": pl.Int32,
    "inline_byline": pl.String,
    "inline_note": pl.String,
}


def _texts_with_role(roles: pl.DataFrame, role: str, name: str) -> pl.DataFrame:
    return roles.filter(pl.col("role") == role).group_by("article_seq").agg(pl.col("text").alias(name))


def _articles(
    roles: pl.DataFrame, spans: pl.DataFrame, paragraphs: pl.DataFrame, leads: pl.DataFrame
) -> pl.DataFrame:
    titles = roles.filter(pl.col("role") == "title").select("article_seq", title="text")
    repeats = roles.filter(pl.col("role") == "title_repeat").select("article_seq").unique()
    if paragraphs["paragraph_index"].null_count():  # a line whose layout tests came out null
        body = paragraphs.group_by("article_seq").agg(
            paragraph_count=pl.len(), body=pl.col("text").sort_by("paragraph_index")
        )
    else:
        # Paragraphs come in story and paragraph order (see _paragraphs): gathered as they come,
        # a story's list is in order.
        body = paragraphs.group_by("article_seq", maintain_order=True).agg(
            paragraph_count=pl.len(), body=pl.col("text")
        )
    notes = (
        roles.filter(pl.col("role") == "note")
        .with_columns(
            text=pl.col("text").str.replace(r"^\(+", "").str.replace(r"\)+\.?$", "").str.strip_chars()
        )
        .group_by("article_seq")
        .agg(notes=pl.col("text"))
    )
    articles = (
        spans.join(titles, on="article_seq", how="left")
        .join(repeats.with_columns(title_repeated=pl.lit(True)), on="article_seq", how="left")
        .join(_texts_with_role(roles, "caption", "captions"), on="article_seq", how="left")
        .join(_texts_with_role(roles, "byline", "byline_lines"), on="article_seq", how="left")
        .join(_texts_with_role(roles, "subhead", "subheads"), on="article_seq", how="left")
        .join(notes, on="article_seq", how="left")
        .join(body, on="article_seq", how="left")
        .join(leads.drop("paragraph_index", "dateline_chars"), on="article_seq", how="left")
        .sort("article_seq")
    )
    empty_list = pl.lit([], dtype=pl.List(pl.String))
    articles = articles.with_columns(
        title_repeated=pl.col("title_repeated").fill_null(False),
        captions=pl.col("captions").fill_null(empty_list),
        subheads=pl.col("subheads").fill_null(empty_list),
        notes=pl.concat_list(
            pl.col("notes").fill_null(empty_list),
            pl.when(pl.col("inline_note").is_not_null())
            .then(pl.concat_list(pl.col("inline_note")))
            .otherwise(empty_list),
        ),
        paragraph_count=pl.col("paragraph_count").fill_null(0),
        body=pl.col("body").fill_null(empty_list),
    )
    # Byline names from the story's "By ..." lines, else from a byline inside its dateline; both
    # kinds are parsed in one pass.
    from_lines = articles.select("article_seq", text="byline_lines").explode("text").drop_nulls("text")
    from_inline = articles.filter(pl.col("inline_byline") != "").select(
        "article_seq", text="By " + pl.col("inline_byline")
    )
    byline_texts = pl.concat(
        [from_lines.with_columns(inline=pl.lit(False)), from_inline.with_columns(inline=pl.lit(True))]
    )
    found = byline_names(byline_texts["text"]).join(
        byline_texts.select("article_seq", "inline", line=pl.int_range(pl.len(), dtype=pl.Int64)),
        on="line",
        maintain_order="left",
    )
    with_line_names = found.filter(~pl.col("inline"))["article_seq"].implode()
    names = (
        found.filter(~pl.col("inline") | ~pl.col("article_seq").is_in(with_line_names))
        .group_by("article_seq", maintain_order=True)
        .agg(byline="person_name")
    )
    articles = articles.join(names, on="article_seq", how="left", maintain_order="left").with_columns(
        pl.col("byline").fill_null(empty_list)
    )
    # Caption dates need a small Python parser; it runs once per story that has captions.
    position = pl.int_range(pl.len()).alias("position")
    no_dates: list[date] = []
    dates = [no_dates] * articles.height
    with_captions = articles.select(position, "captions").filter(pl.col("captions").list.len() > 0)
    for at, captions in with_captions.iter_rows():
        dates[at] = [d for caption in captions for d in caption_dates(caption)]
    # Through Arrow: building list columns from Python lists element by element is slow.
    articles = articles.with_columns(
        caption_dates=pl.Series(pa.array(dates, type=pa.list_(pa.date32()))),
    )
    # The story's texts are joined straight from their columns. Headline and paragraphs joined
    # with spaces, not line breaks (normalising turns those into spaces anyway), so only texts
    # with odd characters go through the replacements.
    title = pl.col("title").fill_null("")
    content = normalised_text(
        articles.select(pl.concat_str(title, pl.col("body").list.join(" "), separator=" ")).to_series()
    )
    # The exact text keys derived data such as the NLP cache: headline, captions and body, with a
    # blank line between them (and after the captions even when there is no body).
    exact = pl.concat_str(
        title, pl.col("captions").list.join("\n"), pl.col("body").list.join("\n"), separator="\n\n"
    )
    # The article_id is normalised so typographic variants of one story share it.
    articles = articles.with_columns(content=content, exact=exact)
    return articles.with_columns(
        article_id=content_hash(articles["content"]), text_hash=content_hash(articles["exact"])
    )


def _credits(roles: pl.DataFrame, articles: pl.DataFrame) -> pl.DataFrame:
    """Byline names (role 'byline') and closing credit lines, one row per person and role."""
    # Byline names were parsed with the articles (line or inline "By ..."): credited first.
    bylines = (
        articles.select("article_seq", person_name="byline")
        .explode("person_name")
        .drop_nulls("person_name")
        .select(
            "article_seq", role=pl.lit("byline"), person_name="person_name", location=pl.lit(None, pl.String)
        )
    )
    credit_lines = roles.filter(pl.col("role") == "credit").select("article_seq", "text")
    closing = (
        credit_rows(credit_lines["text"])
        .join(
            credit_lines.select("article_seq", line=pl.int_range(pl.len(), dtype=pl.Int64)),
            on="line",
            maintain_order="left",
        )
        .select("article_seq", "role", "person_name", "location")
    )
    # A stable sort keeps each story's byline names before its closing credits, both in order.
    return (
        pl.concat([bylines, closing])
        .sort("article_seq", maintain_order=True)
        .with_columns(credit_index=pl.int_range(pl.len(), dtype=pl.Int32).over("article_seq"))
        .join(articles.select("article_seq", "article_id"), on="article_seq")
        .select("article_seq", "credit_index", "role", "person_name", "location", "article_id")
    )


def _decode_issues(decoded: DecodedDump, spans: pl.DataFrame) -> list[Issue]:
    """Decoder findings as warnings, tied to the story whose span holds them."""
    if not decoded.problems:
        return []
    starts = spans["byte_start"].to_list() if not spans.is_empty() else []
    seqs = spans["article_seq"].to_list() if not spans.is_empty() else []
    issues: list[Issue] = []
    for problem in decoded.problems:
        at = bisect_right(starts, problem.byte_start) - 1
        owner = seqs[at] if at >= 0 else None
        issues.append((problem.byte_start, problem.byte_end, "warning", problem.reason, owner))
    return issues


_SENTENCE_END = (".", "!", "?", '"', "'", "\u201d", "\u2019", ")", "]", ":")


def _cut_off_end(decoded: DecodedDump, articles: pl.DataFrame) -> list[Issue]:
    """A dump that stops mid-sentence with no final line break was probably cut off in transfer."""
    last_line = decoded.lines["raw"][-1]  # after the dump's last line break
    if not last_line.strip() or last_line.rstrip().endswith(_SENTENCE_END):
        return []
    last = articles.row(-1, named=True)
    return [
        (
            decoded.size_bytes,
            decoded.size_bytes,
            "warning",
            "the dump ends mid-sentence without a final line break: its last story may be cut off",
            last["article_seq"],
        )
    ]


def _issue_frame(dump_id: str, issues: list[Issue]) -> pl.DataFrame:
    return pl.DataFrame(
        [
            {
                "dump_id": dump_id,
                "byte_start": s,
                "byte_end": e,
                "severity": sev,
                "reason": reason,
                "article_ordinal": seq,
            }
            for s, e, sev, reason, seq in issues
        ],
        schema=ISSUE_SCHEMA,
    ).sort("byte_start", "byte_end")
