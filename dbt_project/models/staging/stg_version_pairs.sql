with source as (
    select * from {{ source('raw', 'version_pairs') }}
),

renamed as (
    select
        article_id,
        other_article_id,
        shared_values,
        containment,
        other_containment,
        jaccard,
        is_linked
    from source
)

select * from renamed
