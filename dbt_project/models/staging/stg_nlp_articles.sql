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
        cast(processed_at as timestamp) as processed_at
    from source
)

select * from renamed
