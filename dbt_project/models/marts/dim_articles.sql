with first_seen as (
    select * from {{ ref('int_article_first_seen') }}
),

dates as (
    select text_hash, published_date, published_date_method from {{ ref('stg_nlp_articles') }}
),

final as (
    select
        article_id,
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
)

select * from final
