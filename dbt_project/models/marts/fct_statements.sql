with first_seen as (
    select article_id, text_hash from {{ ref('int_article_first_seen') }}
),

statements as (
    select * from {{ ref('stg_statements') }}
),

keys as (
    select * from {{ ref('int_entity_keys') }}
),

entities as (
    select entity_id, entity_key, canonical_name from {{ ref('dim_entities') }}
),

final as (
    select
        {{ short_hash("first_seen.article_id || ':' || cast(statements.paragraph_index as varchar) || ':' || cast(statements.char_start as varchar)") }}
            as statement_id,
        first_seen.article_id,
        entities.entity_id as speaker_entity_id,
        coalesce(entities.canonical_name, statements.speaker_name) as speaker_name,
        statements.speaker_type,
        statements.statement_text,
        statements.is_direct,
        statements.cue,
        statements.paragraph_index,
        statements.char_start,
        statements.char_end,
        statements.audience,
        statements.parts as quote_parts
    from statements
    inner join first_seen on statements.text_hash = first_seen.text_hash
    left join keys on statements.speaker_key = keys.entity_key
    left join entities on keys.resolved_key = entities.entity_key
)

select * from final
