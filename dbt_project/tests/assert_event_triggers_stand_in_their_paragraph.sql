{{ config(meta={'dagster': {'ref': {'name': 'fct_events'}}}) }}
-- Every event points to a real sentence: its trigger text is in the paragraph at its offsets.
with events as (
    select * from {{ ref('fct_events') }}
),

paragraphs as (
    select article_id, paragraph_index, paragraph_text from {{ ref('article_paragraphs') }}
)

select events.event_id, events.trigger_text
from events
left join paragraphs
    on events.article_id = paragraphs.article_id
    and events.paragraph_index = paragraphs.paragraph_index
where paragraphs.paragraph_text is null
    or substring(paragraphs.paragraph_text, events.trigger_start + 1, events.trigger_end - events.trigger_start)
        <> events.trigger_text
