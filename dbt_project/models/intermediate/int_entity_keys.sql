-- Corpus-level entity resolution: a person known in an article only by surname ("Trump")
-- takes the full name that dominates the corpus for that surname ("Donald Trump"), when at
-- least 80% of the full-name mentions with that surname are of one person. A lone word the
-- model called an organisation resolves the same way when that person is named often (10+
-- mentions): "Trump" tagged ORG in "the Trump administration" is Donald Trump.
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
    select surname, entity_key as full_key, mention_count
    from surname_leaders
    where surname_rank = 1 and mention_count >= 0.8 * surname_total
),

lone_surnames as (
    select distinct mentions.entity_key, lower(mentions.entity_name) as surname
    from mentions
    left join dominant on lower(mentions.entity_name) = dominant.surname
    where mentions.entity_name not like '% %'
        and not mentions.from_reference
        and (
            mentions.entity_type = 'PERSON'
            or (mentions.entity_type = 'ORG' and dominant.mention_count >= 10)
        )
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
