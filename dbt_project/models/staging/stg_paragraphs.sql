with source as (
    select * from {{ source('raw', 'paragraphs') }}
),

renamed as (
    select
        dump_id,
        ordinal,
        article_id,
        paragraph_index,
        text as paragraph_text,
        dateline_chars,
        char_start,
        char_end,
        first_line,
        piece_text_starts,
        piece_char_starts
    from source
)

select * from renamed
