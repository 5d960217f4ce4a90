with first_seen as (
    select * from {{ ref('int_article_first_seen') }}
),

final as (
    select
        article_id,
        title,
        dateline,
        source,
        -- Filled in by publication-date inference (not yet built): dumps carry no dates.
        cast(null as date) as published_date,
        cast(null as varchar) as published_date_method,
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
)

select * from final
