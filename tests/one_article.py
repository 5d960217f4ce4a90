"""Run the NLP over one synthetic article, as the pipeline would hand it over."""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from ingest.nlp.analyse import NlpResult, analyse_articles


def analyse_one_article(
    paragraphs: Sequence[str],
    *,
    title: str = "Headline",
    captions: Sequence[str] = (),
    dateline: str | None = None,
    dateline_chars: Sequence[int] | None = None,
) -> NlpResult:
    """`dateline_chars[i]`: how many leading characters of paragraph i are its dateline (default 0)."""
    articles = pl.DataFrame(
        {"text_hash": ["t1"], "title": [title], "captions": [list(captions)], "dateline": [dateline]},
        schema={
            "text_hash": pl.String,
            "title": pl.String,
            "captions": pl.List(pl.String),
            "dateline": pl.String,
        },
    )
    body = pl.DataFrame(
        {
            "text_hash": ["t1"] * len(paragraphs),
            "paragraph_index": list(range(len(paragraphs))),
            "text": list(paragraphs),
            "dateline_chars": list(dateline_chars) if dateline_chars is not None else [0] * len(paragraphs),
        },
        schema={
            "text_hash": pl.String,
            "paragraph_index": pl.Int32,
            "text": pl.String,
            "dateline_chars": pl.Int32,
        },
    )
    return analyse_articles(articles, body, processes=1)
