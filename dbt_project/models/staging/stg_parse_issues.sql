with source as (
    select * from {{ source('raw', 'parse_issues') }}
),

renamed as (
    select
        dump_id,
        byte_start,
        byte_end,
        byte_end - byte_start as byte_length,
        severity,
        reason,
        article_ordinal
    from source
)

select * from renamed
