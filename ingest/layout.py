"""Layout analysis: which line of a dump is a headline, a caption, a byline, a paragraph, a credit.

Wire dumps put one block of text per line with blank lines between them. A story is
headline → optional repeated headline → optional photo captions → optional "By ..." line →
dateline paragraph → body (with ALL-CAPS subheads) → closing credit and note lines in parentheses.
Many real stories miss parts of that (no dateline, no credits, one-paragraph bodies), so a headline
is recognised by its shape and by its neighbours, not only by a dateline after it.

All features are polars expressions over the column of non-blank lines; the only sequential
steps are cumulative sums within a story.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from ingest.datelines import AGENCY_LEAD_MATCH, AGENCY_MARK, STORY_OPENERS, bare_dateline_match

MONTHS = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.|Feb\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\.)"
)
# Words that end a line only when it was broken mid-sentence. Headlines may end on a particle
# ("fighting rages on", "kicks in"), paragraphs should not, so the two lists differ.
DANGLING_IN_HEADLINE = (
    r"(?i)(?:^|\s)(?:the|a|an|of|to|for|with|by|at|from|that|which|who|whose|and|or|but|as|is|are"
    r"|was|were|be|been|its|their|his|her|our|these|those|than|into)$"
)
DANGLING_IN_PARAGRAPH = r"(?i)(?:^|\s)(?:on|in|this|over|under|about|after|before)$"
# A full stop after a word, not after an abbreviation ("to U.S.", "at 4 p.m.", "Trump Jr.").
FULL_STOP = r"\.[\"”’']?$"
ABBREVIATION_END = r"(?:^|[\s(])(?:(?:\p{L}\.)+|Jr\.|Sr\.)$"
CREDIT_ROLE_START = (
    r"(?i)^\(+\s*(?:additional\s+|further\s+)?(?:reporting|writing|editing|edited|written|reported|compiled"
    r"|compiling|compilation|research|researched|produced|production|contributing|photos?|graphics?)\b"
)
# Photo captions: agency picture credit, file-photo label, or a sentence ending with a full date.
CAPTION_STRONG = r"(?:^(?:FILE PHOTO|FILE PICTURE|FILE)\s*[:\-–]|REUTERS/|\bREUTERS TV\b)"
CAPTION_DATED = rf"{MONTHS}\s+\d{{1,2}},?\s+(?:19|20)\d\d\.?\s*$"
# Lines that are part of a page, not of a story: "READ MORE: ...", "RECOMMENDED: ...", bullets.
JOURNALIST_ROLE = r"(?i)\b(?:correspondent|editor|writer|columnist|reporter|staff|bureau chief)s?\b"
URL = r"(?:https?://|www\.|[A-Za-z0-9\-]\.(?:com|gov|org|net|rs|ly|gl|us|co|io)/)"
PAGE_FURNITURE = r"^(?:[\p{Lu}][\p{Lu}\s]{2,}:|[*•▪►]\s|Click here|Follow\b|Watch\b|Read more\b)"
# "Twitter ID: ..." labels: 2 to 30 letters and spaces, the last a space, then "ID:". Spelt as an
# unbounded run plus a length test, because a bounded repeat of a Unicode class takes
# milliseconds to compile, and polars compiles it again for every chunk (its regex cache holds
# 32 patterns; a chunk uses more). A ":" ends the run, so the run is the same either way.
ID_LABEL = r"^([\p{L} ]+)ID:\s"

ROLE_VALUES = (
    "title",
    "title_repeat",
    "caption",
    "byline",
    "paragraph",
    "subhead",
    "credit",
    "note",
    "trailer",
    "preamble",
)


GARBLED_CHAR = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\x{fffd}]"


# Every way of writing a link (see URL) holds one of these literals, which the regex engine
# finds fast; the full pattern then runs on the few lines that hold one.
URL_MARK = r"://|www\.|\.(?:com|gov|org|net|rs|ly|gl|us|co|io)/"


def _only_where(condition: pl.Expr) -> pl.Expr:
    """The text where `condition` holds, else "" (which no feature regex matches): a costly
    regex then scans those lines only (a null mask would leave the strings in place and scanned)."""
    return pl.when(condition).then(pl.col("text")).otherwise(pl.lit(""))


def line_features(blocks: pl.DataFrame, garbled_candidates: np.ndarray | None = None) -> pl.DataFrame:
    """Shape features of each non-blank line (column `text`, already stripped).

    `garbled_candidates` are the line numbers (`line_no`) of the only lines that hold a control
    character or U+FFFD, when the decoder knows them; the garbled-data test then runs on those.
    """
    text = pl.col("text")
    length = pl.col("n_chars")  # of `text`, counted with the blocks
    has_lower = text.str.contains(r"\p{Ll}")
    may_be_garbled = pl.lit(True)
    if garbled_candidates is not None:
        may_be_garbled = pl.col("line_no").is_in(pl.Series(garbled_candidates, dtype=pl.Int64).implode())
    garbled_chars = _only_where(may_be_garbled).str.count_matches(GARBLED_CHAR)
    return (
        blocks.with_columns(
            # The two dateline patterns are the costliest to compile; the parser's leads use them
            # again (see datelines.AGENCY_LEAD_MATCH), and first here they stay in polars' regex
            # cache from one chunk to the next.
            has_agency_lead=_only_where(text.str.contains(AGENCY_MARK)).str.contains(AGENCY_LEAD_MATCH),
            # False, not null, on a line without one (a null would spread to the headline test).
            has_bare_dateline=text.str.extract(bare_dateline_match(), 2)
            .str.extract(r"^([^\s/,]+)", 1)
            .is_in(list(STORY_OPENERS))
            .not_()
            .fill_null(False),
            ends_paren=text.str.contains(r"\)\.?$"),
            is_credit_shape=text.str.contains(CREDIT_ROLE_START),
            is_byline=(
                text.str.contains(
                    r"^By\s+\p{Lu}[\p{L}.'’\-]*(?:(?:\s+|\s*,\s*)(?:and|de|del|van|von|der|da|di|du|la|le|al|bin"
                    r"|el|dos|\p{Lu}[\p{L}.'’\-]*))*\s*$"
                )
                # "By Chang-Ran Kim , Asia autos correspondent"
                | _only_where(text.str.contains(r"^By\s+\p{Lu}") & (length <= 120)).str.contains(
                    JOURNALIST_ROLE
                )
            )
            & (length <= 120),
            is_caption_strong=text.str.contains(CAPTION_STRONG),
            is_caption_dated=text.str.contains(CAPTION_DATED) & (length >= 40),
            is_all_caps=text.str.contains(r"\p{Lu}") & ~has_lower & (length <= 120),
            ends_sentence=text.str.contains(r"[.!?…][\"”’')\]]*$|[\"”]$"),
            ends_dangling=text.str.contains(r"[,;:\-–—(]$") | text.str.contains(DANGLING_IN_HEADLINE),
            ends_dangling_weak=text.str.contains(DANGLING_IN_PARAGRAPH),
            ends_full_stop=text.str.contains(FULL_STOP) & ~text.str.contains(ABBREVIATION_END),
            has_sentence_break=text.str.contains(r"\p{Ll}{3}\.[\"”’]?\s+[\p{Lu}\d\"“]"),
            ends_speech=text.str.contains(r"[.!?,]['’]?[\"”]$"),
            has_speech=text.str.contains(r"[,.!?][\"”]\s+\p{Ll}"),
            has_link=_only_where(text.str.contains(URL_MARK)).str.contains(URL)
            | (text.str.ends_with("]") & text.str.contains(r"\[[^\]]*\]$")),
            # A first word in lower case continues a sentence; "eBay" or "iPhone" starts a headline.
            starts_lower=text.str.contains(r"^\p{Ll}[^\p{Lu}\s]*(?:\s|$)"),
            is_table_row=_only_where(text.str.contains(r"\S {3,}\S")).str.contains(r"\d"),
            starts_by=text.str.contains(r"^(?i:by)\s+\p{Lu}") & (length <= 120),
            is_furniture=text.str.contains(PAGE_FURNITURE)
            | text.str.extract(ID_LABEL, 1)
            .pipe(lambda label: label.str.len_chars().is_between(2, 30) & label.str.ends_with(" "))
            .fill_null(False)
            | text.str.contains(r"^\S+\.\S+/\S*$"),
            # Binary or undecodable data: at least one character in ten is a control code or U+FFFD.
            is_garbled=garbled_chars * 10 >= length,
        )
        .with_columns(
            # A line in parentheses: credit or editorial note, also when its closing bracket was lost.
            is_paren=text.str.starts_with("(")
            & ~pl.col("has_agency_lead")
            & ((pl.col("ends_paren") & (length <= 1500)) | (length <= 300)),
        )
        .with_columns(
            is_credit=pl.col("is_paren") & pl.col("is_credit_shape"),
            is_note=pl.col("is_paren") & ~pl.col("is_credit_shape"),
            is_caption=pl.col("is_caption_strong") | pl.col("is_caption_dated"),
        )
    )


def _story_starts() -> pl.Expr:
    """The first line of each story (and of the dump)."""
    return (pl.col("article_seq") != pl.col("article_seq").shift(1)).fill_null(True)


def _running_count_in_story(flags: pl.Expr, stories_are_runs: bool) -> pl.Expr:
    """How many lines so far in the story have the flag, this one included (null where it is null).

    When every line has an `article_seq` (it never decreases), each story is one run of rows: a
    running count over the whole column less its value before the story's first line is then
    the running count within the story, without splitting the column into thousands of groups.
    """
    counts = flags.cast(pl.Int64)
    if not stories_are_runs:
        return counts.cum_sum().over("article_seq")
    total = counts.fill_null(0).cum_sum()
    before_story = pl.when(_story_starts()).then(total - counts.fill_null(0)).forward_fill()
    return pl.when(counts.is_not_null()).then(total - before_story)


def _previous_in_story(name: str, stories_are_runs: bool) -> pl.Expr:
    """The column's value on the line before in the same story; False on a story's first line."""
    if not stories_are_runs:
        return pl.col(name).shift(1, fill_value=False).over("article_seq")
    return pl.when(_story_starts()).then(False).otherwise(pl.col(name).shift(1))


def assign_roles(blocks: pl.DataFrame, garbled_candidates: np.ndarray | None = None) -> pl.DataFrame:
    """Add `article_seq` (0 = before the first headline) and `role` to each non-blank line.

    `garbled_candidates`: see `line_features`.
    """
    f = line_features(blocks, garbled_candidates)

    def prev(name: str, fill: object = False) -> pl.Expr:
        return pl.col(name).shift(1, fill_value=fill)

    def nxt(name: str, fill: object = False) -> pl.Expr:
        return pl.col(name).shift(-1, fill_value=fill)

    is_first = pl.int_range(pl.len()) == 0

    # "By A and B - Analysis" right before a dateline is a byline too.
    f = f.with_columns(is_byline=pl.col("is_byline") | (pl.col("starts_by") & nxt("has_agency_lead")))

    # A line that can be a headline at all.
    headline_shaped = (
        (pl.col("n_chars") >= 3)
        & (pl.col("n_chars") <= 160)
        & ~pl.col("text").str.starts_with("(")
        & ~pl.col("is_byline")
        & ~pl.col("is_table_row")
        & ~pl.col("has_agency_lead")
        & ~pl.col("is_caption")
        & ~pl.col("starts_lower")
        & ~pl.col("ends_dangling")
        & ~nxt("starts_lower", True)
        & pl.col("text").str.contains(r"\p{L}")
        & ~pl.col("is_garbled")
    )
    # Shapes of body text (and page furniture such as "READ MORE: ...") that a headline rarely
    # has; a dateline or byline after it overrides them ("FACTBOX: ...", "IMF: ...").
    sentence_shaped = (
        pl.col("is_furniture")
        | pl.col("ends_full_stop")
        | pl.col("has_sentence_break")
        | pl.col("ends_speech")
        | pl.col("has_speech")
        | pl.col("has_link")
        | pl.col("text").str.ends_with(")")
        | prev("ends_dangling")
    )

    # What follows a headline: the story's lead-in, possibly after an editorial note.
    def is_lead(shift: int) -> pl.Expr:
        return (
            pl.col("has_agency_lead").shift(-shift, fill_value=False)
            | pl.col("is_byline").shift(-shift, fill_value=False)
            | (pl.col("text").shift(-shift) == pl.col("text")).fill_null(False)
            | (pl.col("is_caption") & ~pl.col("is_paren")).shift(-shift, fill_value=False)
            | (pl.col("has_bare_dateline") & (pl.col("n_chars") >= 80)).shift(-shift, fill_value=False)
        )

    next_is_lead = is_lead(1) | (nxt("is_note") & (is_lead(2) | (pl.col("n_chars").shift(-2) >= 100)))
    # What precedes a headline: the end of the previous story, or the start of the dump.
    prev_is_story_end = is_first | prev("is_credit") | prev("is_note")
    # A short unpunctuated line before a long paragraph, not inside a broken sentence: the
    # shape of a new story whose lead has no dateline.
    layout_break = (
        ~pl.col("is_all_caps")
        & (pl.col("n_chars") <= 130)
        & (nxt("n_chars", 0) >= 60)
        & ~nxt("is_paren")
        & ~nxt("is_all_caps")
        & ~prev("ends_dangling_weak")
    )
    after_story_end = prev_is_story_end & (nxt("n_chars", 0) >= 40) & ~nxt("is_paren")
    # ALL-CAPS lines are subheads unless a real lead follows them.
    strong_lead = nxt("has_agency_lead") | nxt("is_byline")
    title_candidate = headline_shaped & (
        strong_lead
        | (~pl.col("is_all_caps") & ~sentence_shaped & (next_is_lead | after_story_end | layout_break))
    )
    f = f.with_columns(title_candidate=title_candidate)
    # A repeated headline is part of the headline above it, not a new story.
    f = f.with_columns(
        is_title_repeat=prev("title_candidate") & (pl.col("text") == pl.col("text").shift(1)),
    ).with_columns(is_title=pl.col("title_candidate") & ~pl.col("is_title_repeat"))
    f = f.with_columns(article_seq=pl.col("is_title").cum_sum().cast(pl.Int64))
    # A line whose headline test came out null has no article_seq: stories are then not runs.
    stories_are_runs = f["article_seq"].null_count() == 0

    # Within a story: the header (repeat, captions, byline) ends at the first body line.
    header_like = (
        pl.col("is_title")
        | pl.col("is_title_repeat")
        | pl.col("is_caption")
        | pl.col("is_byline")
        | pl.col("is_note")  # "(Corrects paragraph 3 ...)" right under the headline
    )
    f = f.with_columns(
        body_started=(_running_count_in_story(~header_like, stories_are_runs) > 0),
    )
    f = f.with_columns(
        after_credit=(
            _running_count_in_story(pl.col("is_credit") & pl.col("body_started"), stories_are_runs)
            - (pl.col("is_credit") & pl.col("body_started")).cast(pl.Int32)
        )
        > 0,
        is_first_body=pl.col("body_started") & ~_previous_in_story("body_started", stories_are_runs),
    )
    role = (
        pl.when(pl.col("article_seq") == 0)
        .then(pl.lit("preamble"))
        .when(pl.col("is_title"))
        .then(pl.lit("title"))
        .when(pl.col("is_garbled"))
        .then(pl.lit("garbled"))
        .when(~pl.col("body_started") & pl.col("is_title_repeat"))
        .then(pl.lit("title_repeat"))
        .when(~pl.col("body_started") & pl.col("is_byline"))
        .then(pl.lit("byline"))
        .when(~pl.col("body_started") & pl.col("is_caption"))
        .then(pl.lit("caption"))
        .when(pl.col("is_credit"))
        .then(pl.lit("credit"))
        .when(pl.col("is_note"))
        .then(pl.lit("note"))
        .when(pl.col("after_credit"))
        .then(pl.lit("trailer"))
        .when(pl.col("is_caption_strong"))
        .then(pl.lit("caption"))
        .when(pl.col("is_byline") & nxt("has_agency_lead"))
        .then(pl.lit("byline"))
        .when(pl.col("is_all_caps") & ~pl.col("is_first_body") & ~pl.col("has_agency_lead"))
        .then(pl.lit("subhead"))
        .otherwise(pl.lit("paragraph"))
    )
    f = f.with_columns(role=role)

    # A paragraph broken by a stray line break continues on the next paragraph line.
    is_para = pl.col("role") == "paragraph"
    continues = (
        is_para
        & prev("role", "").eq("paragraph")
        & ~prev("ends_sentence")
        & (prev("ends_dangling") | prev("ends_dangling_weak") | pl.col("starts_lower"))
        & (pl.col("article_seq") == pl.col("article_seq").shift(1))
    )
    f = f.with_columns(continues_paragraph=continues)
    return f.with_columns(
        paragraph_index=pl.when(is_para)
        .then(_running_count_in_story(is_para & ~pl.col("continues_paragraph"), stories_are_runs) - 1)
        .otherwise(None)
    )
