"""Story versions on a large dump: time to sketch every story, to link all of them, and to link a
small dump against them, with the number of stories that have several versions.

    .venv/bin/python bench/versions_benchmark.py [DUMP] [--small N]

Defaults to ../shared/data/bench/bench_large.txt.gz. One process. Prints figures; it is a
benchmark, not a test.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import polars as pl

from ingest.stream import consume_landed_file
from ingest.versions import story_sketches, version_pairs
from warehouse.stories import connected_stories

DEFAULT_DUMP = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "bench" / "bench_large.txt.gz"


def _sketch_dump(path: Path) -> tuple[pl.DataFrame, float]:
    seconds = 0.0

    def consume(dump_id, chunks, totals) -> pl.DataFrame:
        nonlocal seconds
        parts = []
        for chunk in chunks:
            started = time.perf_counter()
            parts.append(story_sketches(chunk.articles, chunk.paragraphs))
            seconds += time.perf_counter() - started
        return pl.concat(parts).unique("article_id", keep="first")

    sketches, _ = consume_landed_file(path, consume)
    return sketches, seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dump", nargs="?", type=Path, default=DEFAULT_DUMP)
    parser.add_argument("--small", type=int, default=100, help="stories linked against the rest")
    args = parser.parse_args(argv)

    sketches, sketch_seconds = _sketch_dump(args.dump)
    started = time.perf_counter()
    pairs = version_pairs(sketches, sketches.head(0))
    link_seconds = time.perf_counter() - started
    stories = connected_stories(pairs)
    multi = pl.DataFrame({"story": list(stories.values())}).group_by("story").len()

    small = sketches.sample(min(args.small, len(sketches)), seed=0)
    known = sketches.join(small, on="article_id", how="anti")
    started = time.perf_counter()
    small_pairs = version_pairs(small, known)
    small_seconds = time.perf_counter() - started

    print(f"dump: {args.dump.name}, {len(sketches):,} distinct stories")
    print(f"sketching (during the parse): {sketch_seconds:.1f} s")
    print(f"linking all stories: {link_seconds:.1f} s, {len(pairs):,} linked pairs")
    print(f"stories with several versions: {len(multi):,} ({multi['len'].sum():,} articles)")
    print(f"a {len(small)}-story dump against the rest: {small_seconds:.2f} s, {len(small_pairs)} pairs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
