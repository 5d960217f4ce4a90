with source as (
    select * from {{ source('raw', 'dumps') }}
),

renamed as (
    select
        partition_key,
        dump_id,
        file_name,
        size_bytes,
        encoding,
        article_count,
        error_bytes,
        parser_version,
        cast(first_loaded_at as timestamp) as first_loaded_at,
        cast(loaded_at as timestamp) as loaded_at
    from source
)

select * from renamed
