with source as (
    select * from {{ source('raw', 'mentions') }}
),

renamed as (
    select
        text_hash,
        article_id,
        section,
        section_index,
        paragraph_index,
        char_start,
        char_end,
        surface_text,
        entity_key,
        entity_name,
        upper(entity_type) as entity_type,
        nullif(country_code, '') as country_code,
        nullif(role, '') as role,
        from_reference
    from source
)

select * from renamed
