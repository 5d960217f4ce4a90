"""Versions of one story across and within dumps, end to end: the sample landed with refiled,
updated, corrected, cut-off, damaged and re-typeset copies still tells ten stories, and the
facts count each of them once."""

from __future__ import annotations

import os
import shutil
from collections import Counter
from pathlib import Path

import duckdb
import pytest

from ingest.parser import parse_dump
from tests.conftest import SAMPLE_DUMP
from tests.test_cli import newswire

pytestmark = pytest.mark.slow

STATEMENT_FIELDS = "speaker_name, statement_text, cue, is_direct, paragraph_index"


def _stories(data: bytes) -> list[bytes]:
    """The sample's stories as byte strings (each as the parser found it)."""
    spans = parse_dump(data).articles.sort("ordinal").select("byte_start", "byte_end").rows()
    return [data[start:end] for start, end in spans]


def _refiled(story: bytes) -> bytes:
    title, rest = story.split(b"\n", 1)
    return title + b" as talks stall\n" + rest


def _updated(story: bytes) -> bytes:
    """An "UPDATE 1" with two paragraphs added before the closing credit line."""
    head, credits = story.rstrip().rsplit(b"\n(", 1)
    added = (
        b"\nThe meeting is expected to continue into next week, with officials from both sides"
        b" preparing further documents for the negotiators."
        b"\n\nA final communique had not been published by late evening.\n\n"
    )
    return b"UPDATE 1-" + head + added + b"(" + credits + b"\n"


def _corrected(story: bytes) -> bytes:
    title, rest = story.split(b"\n", 1)
    return title + b"\n\n(Corrects spelling of a name in the fourth paragraph)\n" + rest


def _damaged(data: bytes, story: bytes) -> bytes:
    """The dump with three bytes of one story's body turned into invalid UTF-8."""
    at = data.index(story) + story.index(b" the ", len(story) // 2)
    return data[:at] + b"\xff\xfe\xff" + data[at + 3 :]


def _cut(data: bytes, story: bytes) -> bytes:
    """The dump cut off in the middle of a sentence of one story, as a transfer that stopped."""
    start = data.index(story)
    return data[: start + story.index(b" the ", len(story) // 2)]


def land_variants(landing: Path) -> None:
    data = SAMPLE_DUMP.read_bytes()
    stories = _stories(data)
    files = {
        "1_sample.txt": data,
        "2_refiled.txt": _refiled(stories[2]),
        "3_update.txt": _updated(stories[3]),
        "4_correction.txt": _corrected(stories[4]),
        "5_damaged.txt": _damaged(data, stories[5]),
        "6_cut.txt": _cut(data, stories[6]),
        "7_crlf.txt": data.replace(b"\n", b"\r\n"),
    }
    for name, content in files.items():
        (landing / name).write_bytes(content)


@pytest.fixture(scope="module")
def warehouses(tmp_path_factory):
    root = tmp_path_factory.mktemp("versions")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEWSWIRE_", "DAGSTER_"))}
    env["DAGSTER_HOME"] = str(root / "dagster_home")
    built = {}
    for name in ("clean", "variants"):
        landing = root / f"landing_{name}"
        landing.mkdir()
        if name == "clean":
            shutil.copy(SAMPLE_DUMP, landing / SAMPLE_DUMP.name)
        else:
            land_variants(landing)
        built[name] = root / f"{name}.duckdb"
        newswire("run", "--landing", str(landing), "--warehouse", str(built[name]), env=env)
    return built


def _rows(warehouse: Path, sql: str) -> list[tuple]:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_variants_are_versions_of_the_ten_stories(warehouses):
    articles = _rows(warehouses["variants"], "select count(*) from marts.dim_articles")[0][0]
    stories = _rows(warehouses["variants"], "select count(*), sum(version_count) from marts.dim_stories")
    assert articles > 10  # the variants are distinct texts ...
    assert stories == [(10, articles)]  # ... and every one of them is a version of a sample story


def test_facts_over_canonical_versions_equal_the_clean_sample(warehouses):
    query = f"select {STATEMENT_FIELDS} from marts.fct_statements"
    assert Counter(_rows(warehouses["variants"], query)) == Counter(_rows(warehouses["clean"], query))
    counts = "select (select count(*) from marts.fct_mentions), (select count(*) from marts.dim_entities)"
    clean_mentions = _rows(warehouses["clean"], counts)[0][0]
    assert _rows(warehouses["variants"], counts)[0][0] == clean_mentions


def test_the_canonical_version_is_the_latest_complete_undamaged_one(warehouses):
    not_canonical = _rows(
        warehouses["variants"],
        "select file_name, not_canonical_reason from marts.story_versions where not is_canonical order by all",
    )
    # The originals of the refiled and updated stories are superseded by the later versions
    # (a correction note is kept apart from the text, so the corrected copy is the article
    # itself); the damaged and the cut-off copies lose to the sample's own.
    assert not_canonical == [
        ("1_sample.txt", "superseded"),
        ("1_sample.txt", "superseded"),
        ("5_damaged.txt", "damaged"),
        ("6_cut.txt", "truncated"),
    ]


def test_the_other_versions_stay_queryable(warehouses):
    statements = _rows(
        warehouses["variants"],
        "select count(*), count(*) filter (where is_canonical_version),"
        " count(distinct story_id) from marts.fct_statements_all_versions",
    )[0]
    clean = _rows(warehouses["clean"], "select count(*) from marts.fct_statements")[0][0]
    assert statements[0] > statements[1] == clean
    assert statements[2] == 10
