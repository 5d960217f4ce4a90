"""Load semantics: one transaction per landed file, idempotent, content stored once."""

from __future__ import annotations

import gzip
import hashlib

import pytest

from ingest import PARSER_VERSION
from ingest.landing import DumpReader
from ingest.parser import parse_dump
from ingest.stream import consume_landed_file
from tests.dumps import render, story
from warehouse import load as load_module
from warehouse.connection import open_warehouse
from warehouse.load import forget_partition, load_dump_chunks, load_parsed_dump, loaded_contents

TABLES = ("dumps", "articles", "paragraphs", "credits", "parse_issues")


def counts(con) -> dict[str, int]:
    return {t: con.execute(f"select count(*) from raw.{t}").fetchone()[0] for t in TABLES}


@pytest.fixture
def con(tmp_path):
    with open_warehouse(tmp_path / "w.duckdb") as connection:
        yield connection


@pytest.fixture(scope="module")
def sample(sample_bytes):
    return parse_dump(sample_bytes)


def test_loading_twice_gives_the_same_rows(con, sample):
    load_parsed_dump(con, sample, partition_key="a.txt", file_name="a.txt")
    first = counts(con)
    first_loaded = con.execute("select first_loaded_at from raw.dumps").fetchone()[0]
    load_parsed_dump(con, sample, partition_key="a.txt", file_name="a.txt")
    assert counts(con) == first
    assert first == {"dumps": 1, "articles": 10, "paragraphs": 149, "credits": 33, "parse_issues": 0}
    assert con.execute("select first_loaded_at from raw.dumps").fetchone()[0] == first_loaded


def test_same_bytes_under_another_name_are_stored_once(con, sample):
    load_parsed_dump(con, sample, partition_key="a.txt", file_name="a.txt")
    load_parsed_dump(con, sample, partition_key="copy.txt", file_name="copy.txt")
    assert counts(con)["dumps"] == 2
    assert counts(con)["articles"] == 10
    forget_partition(con, "a.txt")
    assert counts(con)["articles"] == 10, "still referenced by copy.txt"
    forget_partition(con, "copy.txt")
    assert counts(con) == dict.fromkeys(TABLES, 0)


def test_corrected_file_under_the_same_name_replaces_the_old_rows(con, sample):
    load_parsed_dump(con, sample, partition_key="a.txt", file_name="a.txt")
    corrected = parse_dump(render([story()]).encode())
    summary = load_parsed_dump(con, corrected, partition_key="a.txt", file_name="a.txt")
    assert summary.replaced_dump_id == sample.dump_id
    assert counts(con)["articles"] == 1
    assert con.execute("select distinct dump_id from raw.articles").fetchall() == [(corrected.dump_id,)]
    assert loaded_contents(con) == {"a.txt": (corrected.dump_id, PARSER_VERSION, None)}


def test_a_crash_mid_load_leaves_the_previous_state(con, sample, monkeypatch):
    load_parsed_dump(con, sample, partition_key="a.txt", file_name="a.txt")
    before = counts(con)
    original = load_module._insert_frame

    def failing_insert(connection, table, frame):
        if table == "credits":
            raise RuntimeError("simulated crash while inserting credits")
        original(connection, table, frame)

    monkeypatch.setattr(load_module, "_insert_frame", failing_insert)
    other = parse_dump(render([story()]).encode())
    with pytest.raises(RuntimeError, match="simulated crash"):
        load_parsed_dump(con, other, partition_key="a.txt", file_name="a.txt")
    assert counts(con) == before
    assert loaded_contents(con) == {"a.txt": (sample.dump_id, PARSER_VERSION, None)}


def test_lists_and_dates_survive_the_arrow_round_trip(con, sample):
    load_parsed_dump(con, sample, partition_key="a.txt", file_name="a.txt")
    row = con.execute(
        "select byline, caption_dates, typeof(caption_dates) from raw.articles where ordinal = 3"
    ).fetchone()
    assert row[0] == ["Robin Emmott"]
    assert [d.isoformat() for d in row[1]] == ["2017-11-11"]
    assert row[2] == "DATE[]"


def test_a_load_that_isal_stumbles_in_is_rolled_back_and_read_again_by_zlib(con, sample_bytes, tmp_path):
    """A .gz cut off mid-story: ISA-L passes the sample's stories on, stumbles at the cut, and the
    load starts over with zlib; the warehouse must hold the zlib parse once, not twice."""
    compressed = gzip.compress(sample_bytes)
    path = tmp_path / "cut.txt.gz"
    path.write_bytes(compressed[: len(compressed) * 3 // 4])
    attempts = []

    def load(dump_id, chunks, totals):
        attempts.append(dump_id)
        return load_dump_chunks(
            con, chunks, dump_id=dump_id, totals=totals, partition_key="cut", file_name="cut"
        )

    summary, totals = consume_landed_file(path, load, chunk_bytes=4096)
    by_zlib = DumpReader(path)
    expected = parse_dump(b"".join(by_zlib.blocks()), summary.dump_id)
    assert len(attempts) == 2
    assert summary.dump_id == hashlib.sha256(path.read_bytes()).hexdigest()
    assert 0 < totals.articles == expected.articles.height < 10
    assert counts(con)["articles"] == expected.articles.height
    assert counts(con)["paragraphs"] == expected.paragraphs.height
    reasons = [row[0] for row in con.execute("select reason from raw.parse_issues").fetchall()]
    assert any("cut off" in reason for reason in reasons) and by_zlib.problems
