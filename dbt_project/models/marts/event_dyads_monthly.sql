-- GDELT-style dyadic counts: actor1 × actor2 × CAMEO root × month, with mean Goldstein.
with events as (
    select * from {{ ref('fct_events') }}
),

articles as (
    select article_id, published_date from {{ ref('dim_articles') }}
),

final as (
    select
        events.actor1_code,
        events.actor2_code,
        events.event_root_code,
        events.quad_class,
        cast(date_trunc('month', coalesce(events.event_date, articles.published_date)) as date) as month,
        count(*) as event_count,
        avg(events.goldstein_scale) as mean_goldstein,
        sum(events.goldstein_scale) as total_goldstein,
        count(distinct events.article_id) as article_count
    from events
    inner join articles on events.article_id = articles.article_id
    group by all
)

select * from final
