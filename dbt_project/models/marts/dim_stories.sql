-- One row per story: all the versions of it that were delivered, and the one the facts count.
with versions as (
    select * from {{ ref('int_story_versions') }}
),

occurrences as (
    select article_id, dump_id from {{ ref('stg_articles') }}
),

dump_lists as (
    select
        versions.story_id,
        list(distinct occurrences.dump_id order by occurrences.dump_id) as dump_ids
    from versions
    inner join occurrences on versions.article_id = occurrences.article_id
    group by versions.story_id
),

summary as (
    select
        story_id,
        any_value(canonical_article_id) as canonical_article_id,
        count(*) as version_count,
        min(first_loaded_at) as first_seen_at,
        max(first_loaded_at) as last_seen_at
    from versions
    group by story_id
),

final as (
    select
        summary.story_id,
        summary.canonical_article_id,
        canonical.title as canonical_title,
        summary.version_count,
        summary.first_seen_at,
        summary.last_seen_at,
        len(dump_lists.dump_ids) as dump_count,
        dump_lists.dump_ids
    from summary
    inner join versions as canonical on summary.canonical_article_id = canonical.article_id
    inner join dump_lists on summary.story_id = dump_lists.story_id
)

select * from final
