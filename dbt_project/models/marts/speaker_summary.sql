-- Statements per speaker, cue and month of publication (month null while dates are unknown).
with statements as (
    select * from {{ ref('fct_statements') }}
),

articles as (
    select article_id, published_date from {{ ref('dim_articles') }}
),

final as (
    select
        statements.speaker_entity_id,
        statements.speaker_name,
        statements.speaker_type,
        statements.cue,
        cast(date_trunc('month', articles.published_date) as date) as month,
        count(*) as statement_count,
        count(*) filter (where statements.is_direct) as direct_count,
        count(distinct statements.article_id) as article_count
    from statements
    inner join articles on statements.article_id = articles.article_id
    group by all
)

select * from final
