with first_seen as (
    select * from {{ ref('int_article_first_seen') }}
),

versions as (
    select article_id, story_id, is_canonical from {{ ref('int_story_versions') }}
),

dates as (
    select text_hash, published_date, published_date_method from {{ ref('stg_nlp_articles') }}
),

final as (
    select
        first_seen.article_id,
        versions.story_id,
        versions.is_canonical as is_canonical_version,
        title,
        dateline,
        source,
        -- Inferred from captions, weekdays and dates in the text (ingest/dates.py); null when
        -- the clues do not fix one day.
        dates.published_date,
        dates.published_date_method,
        paragraph_count,
        dump_id,
        file_name as first_file_name,
        ordinal as dump_ordinal,
        title_repeated,
        byline_authors,
        captions,
        caption_dates,
        subheads,
        notes,
        occurrence_count,
        first_line,
        byte_start,
        byte_end
    from first_seen
    left join dates on first_seen.text_hash = dates.text_hash
    inner join versions on first_seen.article_id = versions.article_id
)

select * from final
