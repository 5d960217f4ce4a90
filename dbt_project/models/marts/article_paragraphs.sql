with first_seen as (
    select article_id, dump_id, ordinal from {{ ref('int_article_first_seen') }}
),

paragraphs as (
    select * from {{ ref('stg_paragraphs') }}
),

final as (
    select
        md5(first_seen.article_id || ':' || cast(paragraphs.paragraph_index as varchar)) as paragraph_id,
        first_seen.article_id,
        paragraphs.paragraph_index,
        paragraphs.paragraph_text,
        paragraphs.dateline_chars,
        paragraphs.char_start,
        paragraphs.char_end,
        paragraphs.first_line
    from paragraphs
    inner join first_seen
        on paragraphs.dump_id = first_seen.dump_id
        and paragraphs.ordinal = first_seen.ordinal
)

select * from final
