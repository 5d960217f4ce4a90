"""The `raw` schema: what the parser produced, one set of rows per distinct dump content.

`raw.dumps` maps each landed file (its partition key) to the sha256 of its bytes. Parsed rows are
keyed by that `dump_id`, so the same bytes under two names are stored once, and a corrected file
under an old name replaces what the old bytes produced.
"""

from __future__ import annotations

import duckdb

RAW_TABLES = (
    "dumps",
    "articles",
    "paragraphs",
    "credits",
    "parse_issues",
    "nlp_articles",
    "mentions",
    "statements",
    "events",
    "story_sketches",
    "version_pairs",
)

DDL = (
    "create schema if not exists raw",
    """
    create table if not exists raw.dumps (
        partition_key   varchar not null,
        dump_id         varchar not null,
        file_name       varchar not null,
        size_bytes      bigint not null,
        encoding        varchar,
        article_count   integer not null,
        error_bytes     bigint not null,
        parser_version  varchar not null,
        first_loaded_at timestamp not null,
        loaded_at       timestamp not null
    )
    """,
    # Size and modification time of the landed file when it was loaded: an unchanged signature
    # spares re-hashing the file on every run. (Added after the first release, hence ALTER.)
    "alter table raw.dumps add column if not exists file_signature varchar",
    """
    create table if not exists raw.articles (
        dump_id         varchar not null,
        ordinal         integer not null,
        article_id      varchar not null,
        text_hash       varchar not null,
        title           varchar,
        title_repeated  boolean,
        captions        varchar[],
        caption_dates   date[],
        byline          varchar[],
        dateline        varchar,
        source          varchar,
        subheads        varchar[],
        notes           varchar[],
        paragraph_count integer,
        first_line      bigint,
        byte_start      bigint not null,
        byte_end        bigint not null,
        char_start      bigint not null,
        char_end        bigint not null
    )
    """,
    """
    create table if not exists raw.paragraphs (
        dump_id           varchar not null,
        ordinal           integer not null,
        article_id        varchar not null,
        paragraph_index   integer not null,
        text              varchar not null,
        dateline_chars    integer not null,
        char_start        bigint not null,
        char_end          bigint not null,
        first_line        bigint not null,
        piece_text_starts bigint[],
        piece_char_starts bigint[]
    )
    """,
    """
    create table if not exists raw.credits (
        dump_id      varchar not null,
        ordinal      integer not null,
        article_id   varchar not null,
        credit_index integer not null,
        role         varchar not null,
        person_name  varchar not null,
        location     varchar
    )
    """,
    """
    create table if not exists raw.nlp_articles (
        text_hash     varchar not null,
        article_id    varchar not null,
        nlp_version   varchar not null,
        mention_count integer not null,
        words         integer not null,
        published_date date,
        published_date_method varchar,
        processed_at  timestamp not null
    )
    """,
    """
    create table if not exists raw.mentions (
        text_hash       varchar not null,
        article_id      varchar not null,
        section         varchar not null,
        section_index   integer not null,
        paragraph_index integer,
        char_start      integer not null,
        char_end        integer not null,
        surface_text    varchar not null,
        entity_key      varchar not null,
        entity_name     varchar not null,
        entity_type     varchar not null,
        country_code    varchar,
        role            varchar,
        from_reference  boolean not null
    )
    """,
    """
    create table if not exists raw.statements (
        text_hash       varchar not null,
        article_id      varchar not null,
        paragraph_index integer not null,
        char_start      integer not null,
        char_end        integer not null,
        statement_text  varchar not null,
        is_direct       boolean not null,
        cue             varchar not null,
        speaker_name    varchar,
        speaker_type    varchar not null,
        speaker_key     varchar,
        audience        varchar,
        parts           integer not null
    )
    """,
    # Who a statement's speaker is by function ("defense minister"), and the entities a
    # coordinated speaker joins ("the United States and South Korea"). (Added later, hence ALTER.)
    "alter table raw.statements add column if not exists speaker_role varchar",
    "alter table raw.statements add column if not exists speaker_keys varchar[]",
    """
    create table if not exists raw.events (
        text_hash       varchar not null,
        article_id      varchar not null,
        paragraph_index integer not null,
        trigger_start   integer not null,
        trigger_end     integer not null,
        trigger_text    varchar not null,
        event_code      varchar not null,
        actor1_name     varchar,
        actor1_code     varchar,
        actor1_key      varchar,
        actor2_name     varchar,
        actor2_code     varchar,
        actor2_key      varchar,
        date_text       varchar,
        event_date      date,
        sentence_start  integer not null,
        sentence_end    integer not null
    )
    """,
    # One bottom-k sketch of word shingles per distinct article (ingest/versions.py), kept so a
    # new dump is compared with every story loaded before without re-reading their text.
    """
    create table if not exists raw.story_sketches (
        article_id    varchar not null,
        word_count    integer not null,
        shingle_count integer not null,
        damage_marks  integer not null,
        ends_cleanly  boolean not null,
        sketch        ubigint[] not null
    )
    """,
    # Pairs of articles found to be versions of one story (is_linked), and the other pairs within
    # each such story, measured so every version has a similarity to whichever is canonical.
    """
    create table if not exists raw.version_pairs (
        article_id        varchar not null,
        other_article_id  varchar not null,
        shared_values     integer not null,
        containment       double not null,
        other_containment double not null,
        jaccard           double not null,
        is_linked         boolean not null,
        found_in_dump_id  varchar not null
    )
    """,
    # How many of a dump's articles turned out to be versions of a story told elsewhere.
    "alter table raw.dumps add column if not exists story_versions_found integer",
    """
    create table if not exists raw.parse_issues (
        dump_id         varchar not null,
        byte_start      bigint not null,
        byte_end        bigint not null,
        severity        varchar not null,
        reason          varchar not null,
        article_ordinal integer
    )
    """,
)


def ensure_raw_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Create the raw schema and tables if they are missing (idempotent)."""
    for statement in DDL:
        con.execute(statement)
