-- Corpus-level entity resolution: a person known in an article only by surname ("Trump")
-- takes the full name that dominates the corpus for that surname ("Donald Trump"), when at
-- least 80% of the full-name mentions with that surname are of one person.
with mentions as (
    select * from {{ ref('stg_mentions') }}
),

full_names as (
    select
        entity_key,
        lower(regexp_extract(entity_name, '(\S+)$', 1)) as surname,
        count(*) as mention_count
    from mentions
    where entity_type = 'PERSON' and entity_name like '% %'
    group by entity_key, entity_name
),

surname_leaders as (
    select
        surname,
        entity_key,
        mention_count,
        sum(mention_count) over (partition by surname) as surname_total,
        row_number() over (partition by surname order by mention_count desc, entity_key) as surname_rank
    from full_names
),

dominant as (
    select surname, entity_key as full_key
    from surname_leaders
    where surname_rank = 1 and mention_count >= 0.8 * surname_total
),

lone_surnames as (
    select distinct entity_key, lower(entity_name) as surname
    from mentions
    where entity_type = 'PERSON' and entity_name not like '% %'
),

resolved as (
    select lone_surnames.entity_key, dominant.full_key as resolved_key
    from lone_surnames
    inner join dominant on lone_surnames.surname = dominant.surname
)

select
    keys.entity_key,
    coalesce(resolved.resolved_key, keys.entity_key) as resolved_key
from (select distinct entity_key from mentions) as keys
left join resolved on keys.entity_key = resolved.entity_key
