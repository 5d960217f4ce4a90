with source as (
    select * from {{ source('raw', 'credits') }}
),

renamed as (
    select
        dump_id,
        ordinal,
        article_id,
        credit_index,
        lower(role) as role,
        trim(person_name) as person_name,
        nullif(trim(location), '') as location
    from source
)

select * from renamed
