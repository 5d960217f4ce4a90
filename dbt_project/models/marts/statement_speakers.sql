-- One row per entity a statement's speaker names: the speaker itself, or each member of a
-- coordinated speaker ("the United States and South Korea said" → United States, South Korea).
with statements as (
    select * from {{ ref('int_statements') }}
),

keys as (
    select * from {{ ref('int_entity_keys') }}
),

entities as (
    select entity_id, entity_key, canonical_name from {{ ref('dim_entities') }}
),

members as (
    select statements.statement_id, member_key, speaker_order
    from {{ unnest_with_position('statements', 'speaker_keys', 'member_key', 'speaker_order') }}
),

final as (
    select
        members.statement_id,
        cast(members.speaker_order as integer) as speaker_order,
        entities.entity_id,
        entities.canonical_name as speaker_name
    from members
    inner join keys on members.member_key = keys.entity_key
    inner join entities on keys.resolved_key = entities.entity_key
)

select * from final
