with mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

versions as (
    select article_id, story_id, is_canonical from {{ ref('int_story_versions') }}
),

final as (
    select
        {{ short_hash("mentions.article_id || ':' || section || ':' || cast(section_index as varchar) || ':' || cast(char_start as varchar)") }}
            as mention_id,
        mentions.article_id,
        versions.story_id,
        versions.is_canonical as is_canonical_version,
        {{ short_hash('resolved_key') }} as entity_id,
        surface_text,
        paragraph_index,
        char_start,
        char_end,
        section,
        section_index,
        entity_type as mention_type,
        role
    from mentions
    inner join versions on mentions.article_id = versions.article_id
)

select * from final
