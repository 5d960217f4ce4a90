with source as (
    select * from {{ source('raw', 'statements') }}
),

renamed as (
    select
        text_hash,
        article_id,
        paragraph_index,
        char_start,
        char_end,
        statement_text,
        is_direct,
        lower(cue) as cue,
        nullif(trim(speaker_name), '') as speaker_name,
        upper(speaker_type) as speaker_type,
        speaker_key,
        nullif(trim(speaker_role), '') as speaker_role,
        coalesce(speaker_keys, []) as speaker_keys,
        audience,
        parts
    from source
)

select * from renamed
