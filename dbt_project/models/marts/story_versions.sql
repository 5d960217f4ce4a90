-- One row per version of a story (a distinct article), and why it is not the canonical one.
with versions as (
    select * from {{ ref('int_story_versions') }}
),

pairs as (
    select article_id, other_article_id, jaccard, containment, other_containment
    from {{ ref('stg_version_pairs') }}
),

-- The pair of each version with its canonical version, whichever way round it was stored.
to_canonical as (
    select
        versions.article_id,
        pairs.jaccard,
        case when pairs.article_id = versions.article_id then pairs.containment else pairs.other_containment end
            as containment_in_canonical
    from versions
    inner join pairs
        on (pairs.article_id = versions.article_id and pairs.other_article_id = versions.canonical_article_id)
        or (pairs.other_article_id = versions.article_id and pairs.article_id = versions.canonical_article_id)
),

final as (
    select
        versions.story_id,
        versions.article_id,
        versions.version_ordinal,
        versions.dump_id,
        versions.file_name,
        versions.ordinal as dump_ordinal,
        versions.first_loaded_at as first_seen_at,
        versions.title,
        versions.paragraph_count,
        versions.word_count,
        versions.is_canonical,
        case when versions.is_canonical then 1.0 else to_canonical.jaccard end as similarity_to_canonical,
        case when versions.is_canonical then 1.0 else to_canonical.containment_in_canonical end
            as containment_in_canonical,
        versions.is_damaged,
        versions.is_truncated,
        case
            when versions.is_canonical then null
            when versions.is_damaged then 'damaged'
            when versions.is_truncated then 'truncated'
            else 'superseded'
        end as not_canonical_reason
    from versions
    left join to_canonical on versions.article_id = to_canonical.article_id
)

select * from final
