-- Who is named together: pairs of entities named in the same article.
with article_entities as (
    select distinct article_id, entity_id from {{ ref('fct_mentions') }}
),

pairs as (
    select
        a.entity_id as entity_id_a,
        b.entity_id as entity_id_b,
        count(*) as article_count
    from article_entities as a
    inner join article_entities as b
        on a.article_id = b.article_id
        and a.entity_id < b.entity_id
    group by a.entity_id, b.entity_id
),

entities as (
    select entity_id, canonical_name, entity_type from {{ ref('dim_entities') }}
),

final as (
    select
        pairs.entity_id_a,
        a.canonical_name as name_a,
        a.entity_type as type_a,
        pairs.entity_id_b,
        b.canonical_name as name_b,
        b.entity_type as type_b,
        pairs.article_count
    from pairs
    inner join entities as a on pairs.entity_id_a = a.entity_id
    inner join entities as b on pairs.entity_id_b = b.entity_id
)

select * from final
