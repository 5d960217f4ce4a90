with source as (
    select * from {{ source('raw', 'events') }}
),

renamed as (
    select
        text_hash,
        article_id,
        paragraph_index,
        trigger_start,
        trigger_end,
        trigger_text,
        event_code,
        left(event_code, 2) as event_root_code,
        actor1_name,
        nullif(actor1_code, '') as actor1_code,
        actor1_key,
        actor2_name,
        nullif(actor2_code, '') as actor2_code,
        actor2_key,
        date_text,
        event_date,
        sentence_start,
        sentence_end
    from source
)

select * from renamed
