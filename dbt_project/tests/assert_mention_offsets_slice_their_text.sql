{{ config(meta={'dagster': {'ref': {'name': 'fct_mentions'}}}) }}
-- Every mention's surface text is exactly its paragraph / headline / caption text at its offsets.
with mentions as (
    select * from {{ ref('fct_mentions') }}
),

texts as (
    select article_id, 'body' as section, paragraph_index as section_index, paragraph_text as text
    from {{ ref('article_paragraphs') }}
    union all
    select article_id, 'title', 0, title from {{ ref('dim_articles') }}
    union all
    select
        article_id,
        'caption',
        unnest(generate_series(0, len(captions) - 1)),
        unnest(captions)
    from {{ ref('dim_articles') }}
    where len(captions) > 0
)

select mentions.mention_id, mentions.surface_text, texts.text
from mentions
left join texts
    on mentions.article_id = texts.article_id
    and mentions.section = texts.section
    and mentions.section_index = texts.section_index
where texts.text is null
    or substring(texts.text, mentions.char_start + 1, mentions.char_end - mentions.char_start)
        <> mentions.surface_text
