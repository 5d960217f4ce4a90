with source as (
    select * from {{ source('raw', 'nlp_articles') }}
),

renamed as (
    select
        text_hash,
        article_id,
        nlp_version,
        mention_count,
        words,
        published_date,
        published_date_method,
        cast(processed_at as timestamp) as processed_at
    from source
)

select * from renamed
