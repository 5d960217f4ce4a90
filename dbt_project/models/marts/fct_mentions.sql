with mentions as (
    select * from {{ ref('int_mentions_resolved') }}
),

final as (
    select
        {{ short_hash("article_id || ':' || section || ':' || cast(section_index as varchar) || ':' || cast(char_start as varchar)") }}
            as mention_id,
        article_id,
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
)

select * from final
