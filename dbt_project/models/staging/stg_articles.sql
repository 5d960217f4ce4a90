with source as (
    select * from {{ source('raw', 'articles') }}
),

renamed as (
    select
        dump_id,
        ordinal,
        article_id,
        text_hash,
        title,
        title_repeated,
        captions,
        caption_dates,
        byline as byline_authors,
        nullif(trim(dateline), '') as dateline,
        source,
        subheads,
        notes,
        paragraph_count,
        first_line,
        byte_start,
        byte_end,
        char_start,
        char_end
    from source
)

select * from renamed
