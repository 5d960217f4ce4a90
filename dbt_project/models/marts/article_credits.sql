with first_seen as (
    select article_id, dump_id, ordinal from {{ ref('int_article_first_seen') }}
),

credits as (
    select * from {{ ref('stg_credits') }}
),

final as (
    select
        md5(first_seen.article_id || ':' || cast(credits.credit_index as varchar)) as credit_id,
        first_seen.article_id,
        credits.credit_index,
        credits.role,
        credits.person_name,
        credits.location
    from credits
    inner join first_seen
        on credits.dump_id = first_seen.dump_id
        and credits.ordinal = first_seen.ordinal
)

select * from final
