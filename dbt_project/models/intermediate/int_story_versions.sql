-- Each distinct article as a version of a story. Versions are the connected articles of the
-- linked pairs (ingest/versions.py); the story is named after its first version seen. The
-- canonical version is the most complete undamaged one: undamaged before damaged, complete
-- before cut off, then the latest seen, then the longest.
with recursive articles as (
    select article_id, dump_id, ordinal, file_name, first_loaded_at, title, paragraph_count
    from {{ ref('int_article_first_seen') }}
),

sketches as (
    select * from {{ ref('stg_story_sketches') }}
),

links as (
    select pairs.article_id, pairs.other_article_id
    from {{ ref('stg_version_pairs') }} as pairs
    inner join articles as present on pairs.article_id = present.article_id
    inner join articles as other_present on pairs.other_article_id = other_present.article_id
    where pairs.is_linked
),

edges as (
    select article_id, other_article_id from links
    union all
    select other_article_id, article_id from links
),

-- Every article reachable from each article through the links (itself included).
reachable (article_id, member_id) as (
    select article_id, article_id from articles
    union
    select reachable.article_id, edges.other_article_id
    from reachable
    inner join edges on reachable.member_id = edges.article_id
),

seen_order as (
    select
        article_id,
        row_number() over (order by first_loaded_at, dump_id, ordinal, article_id) as seen_rank
    from articles
),

stories as (
    select
        reachable.article_id,
        arg_min(reachable.member_id, seen_order.seen_rank) as story_id,
        count(*) as version_count
    from reachable
    inner join seen_order on reachable.member_id = seen_order.article_id
    group by reachable.article_id
),

closing_credits as (
    select distinct article_id from {{ ref('stg_credits') }} where role <> 'byline'
),

versions as (
    select
        articles.*,
        stories.story_id,
        stories.version_count,
        seen_order.seen_rank,
        coalesce(sketches.word_count, 0) as word_count,
        coalesce(sketches.damage_marks, 0) > 0 as is_damaged,
        closing_credits.article_id is not null as has_closing_credits,
        coalesce(sketches.ends_cleanly, true) as ends_cleanly
    from articles
    inner join stories on articles.article_id = stories.article_id
    inner join seen_order on articles.article_id = seen_order.article_id
    left join sketches on articles.article_id = sketches.article_id
    left join closing_credits on articles.article_id = closing_credits.article_id
),

-- Cut off: the body stops inside a sentence, or it lacks the closing credit line that another
-- version of the story has.
completeness as (
    select
        *,
        not ends_cleanly
            or (not has_closing_credits and bool_or(has_closing_credits) over (partition by story_id))
            as is_truncated
    from versions
),

ranked as (
    select
        *,
        row_number() over (
            partition by story_id
            order by is_damaged, is_truncated, seen_rank desc, word_count desc, article_id
        ) as canonical_rank,
        row_number() over (partition by story_id order by seen_rank) as version_ordinal
    from completeness
)

select
    ranked.* exclude (canonical_rank),
    canonical_rank = 1 as is_canonical,
    first_value(article_id) over (partition by story_id order by canonical_rank) as canonical_article_id
from ranked
