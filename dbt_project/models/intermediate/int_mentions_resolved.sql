-- Mentions of the article text that represents each article (its first occurrence), with the
-- corpus-level entity key.
with first_seen as (
    select article_id, text_hash from {{ ref('int_article_first_seen') }}
),

mentions as (
    select * from {{ ref('stg_mentions') }}
),

keys as (
    select * from {{ ref('int_entity_keys') }}
),

resolved as (
    select
        first_seen.article_id,
        mentions.section,
        mentions.section_index,
        mentions.paragraph_index,
        mentions.char_start,
        mentions.char_end,
        mentions.surface_text,
        mentions.entity_key,
        keys.resolved_key,
        mentions.entity_name,
        mentions.entity_type,
        mentions.country_code,
        mentions.role
    from mentions
    inner join first_seen on mentions.text_hash = first_seen.text_hash
    inner join keys on mentions.entity_key = keys.entity_key
)

select * from resolved
