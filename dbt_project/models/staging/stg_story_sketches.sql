with source as (
    select * from {{ source('raw', 'story_sketches') }}
),

renamed as (
    select
        article_id,
        word_count,
        shingle_count,
        damage_marks,
        ends_cleanly
    from source
)

select * from renamed
