"""NLP throughput on a real dump: words/s and sentences/s of the mention extraction.

    .venv/bin/python bench/nlp_benchmark.py [DUMP] [--limit N] [--processes P] [--json OUT]

Defaults to ../shared/data/dumps/dev_corpus.txt. Prints figures; it is a benchmark, not a test.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import polars as pl

from ingest.landing import read_dump_bytes
from ingest.nlp.analyse import analyse_articles, current_version
from ingest.parser import parse_dump

DEFAULT_DUMP = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "dumps" / "dev_corpus.txt"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", type=Path, default=DEFAULT_DUMP)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--processes", type=int, default=None, help="default: one per core for large inputs")
    parser.add_argument("--json", type=Path, help="also write the figures here")
    args = parser.parse_args(argv)
    if not args.dump.exists():
        print(f"no dump at {args.dump}", file=sys.stderr)
        return 2

    parsed = parse_dump(read_dump_bytes(args.dump))
    articles = parsed.articles.unique("text_hash", keep="first", maintain_order=True)
    if args.limit:
        articles = articles.head(args.limit)
    paragraphs = parsed.paragraphs.join(articles.select("ordinal", "text_hash"), on="ordinal")
    started = time.perf_counter()
    result = analyse_articles(articles, paragraphs, processes=args.processes)
    seconds = time.perf_counter() - started
    figures = {
        "dump": str(args.dump),
        "nlp_version": current_version(),
        "articles": articles.height,
        "words": result.words,
        "mentions": result.mentions.height,
        "distinct_entities": result.mentions["entity_key"].n_unique(),
        "seconds": round(seconds, 2),
        "words_per_second": round(result.words / seconds),
        "articles_per_second": round(articles.height / seconds, 1),
        "mentions_by_type": dict(result.mentions.group_by("entity_type").len().sort("entity_type").rows()),
    }
    for key, value in figures.items():
        print(f"{key:>20}: {value}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2), encoding="utf-8")
    return 0


if __name__ == "__main__":
    pl.Config.set_tbl_rows(20)
    sys.exit(main())
