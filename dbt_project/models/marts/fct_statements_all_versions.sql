with statements as (
    select * from {{ ref('int_statements') }}
),

keys as (
    select * from {{ ref('int_entity_keys') }}
),

entities as (
    select entity_id, entity_key, canonical_name from {{ ref('dim_entities') }}
),

versions as (
    select article_id, story_id, is_canonical from {{ ref('int_story_versions') }}
),

final as (
    select
        statements.statement_id,
        statements.article_id,
        versions.story_id,
        versions.is_canonical as is_canonical_version,
        entities.entity_id as speaker_entity_id,
        coalesce(entities.canonical_name, statements.speaker_name) as speaker_name,
        statements.speaker_type,
        statements.speaker_role,
        statements.statement_text,
        statements.is_direct,
        statements.cue,
        statements.paragraph_index,
        statements.char_start,
        statements.char_end,
        statements.audience,
        statements.parts as quote_parts
    from statements
    inner join versions on statements.article_id = versions.article_id
    left join keys on statements.speaker_key = keys.entity_key
    left join entities on keys.resolved_key = entities.entity_key
)

select * from final
