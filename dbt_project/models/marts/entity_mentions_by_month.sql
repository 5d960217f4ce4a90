-- Mentions per entity per month of publication (month is null while an article's date is unknown).
with mentions as (
    select * from {{ ref('fct_mentions') }}
),

articles as (
    select article_id, published_date from {{ ref('dim_articles') }}
),

final as (
    select
        mentions.entity_id,
        cast(date_trunc('month', articles.published_date) as date) as month,
        count(*) as mention_count,
        count(distinct mentions.article_id) as article_count
    from mentions
    inner join articles on mentions.article_id = articles.article_id
    group by mentions.entity_id, cast(date_trunc('month', articles.published_date) as date)
)

select * from final
