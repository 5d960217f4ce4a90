with mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

-- The name printed most often for the entity itself (not for the surnames that point to it).
names as (
    select
        resolved_key,
        entity_name,
        row_number() over (
            partition by resolved_key
            order by (entity_key = resolved_key) desc, count(*) desc, length(entity_name) desc, entity_name
        ) as name_rank
    from mentions
    group by resolved_key, entity_key, entity_name
),

types as (
    select
        resolved_key,
        entity_type,
        row_number() over (partition by resolved_key order by count(*) desc, entity_type) as type_rank
    from mentions
    group by resolved_key, entity_type
),

countries as (
    select
        resolved_key,
        country_code,
        row_number() over (partition by resolved_key order by count(*) desc, country_code) as country_rank
    from mentions
    where country_code is not null
    group by resolved_key, country_code
),

roles as (
    select
        resolved_key,
        role,
        row_number() over (partition by resolved_key order by count(*) desc, role) as role_rank
    from mentions
    where role is not null
    group by resolved_key, role
),

-- Counted over canonical versions, as the facts are: a story refiled twice counts once. An
-- entity named only in superseded versions has no count.
canonical as (
    select article_id from {{ ref('int_story_versions') }} where is_canonical
),

all_keys as (
    select distinct resolved_key from mentions
),

canonical_counts as (
    select
        resolved_key,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count
    from mentions
    inner join canonical on mentions.article_id = canonical.article_id
    group by resolved_key
),

counts as (
    select
        all_keys.resolved_key,
        coalesce(canonical_counts.mention_count, 0) as mention_count,
        coalesce(canonical_counts.article_count, 0) as article_count
    from all_keys
    left join canonical_counts on all_keys.resolved_key = canonical_counts.resolved_key
),

final as (
    select
        {{ short_hash('counts.resolved_key') }} as entity_id,
        names.entity_name as canonical_name,
        types.entity_type,
        countries.country_code,
        roles.role as typical_role,
        counts.mention_count,
        counts.article_count,
        counts.resolved_key as entity_key
    from counts
    inner join names on counts.resolved_key = names.resolved_key and names.name_rank = 1
    inner join types on counts.resolved_key = types.resolved_key and types.type_rank = 1
    left join countries on counts.resolved_key = countries.resolved_key and countries.country_rank = 1
    left join roles on counts.resolved_key = roles.resolved_key and roles.role_rank = 1
)

select * from final
