-- One row per coded event: a trigger with one actor1 and one actor2 ("X and Y condemned Z" is two). Actor codes from the text where it gives them ("Russian Foreign
-- Minister ..." → RUSGOV); otherwise the actor entity's country from the whole corpus.
with first_seen as (
    select article_id, text_hash from {{ ref('int_article_first_seen') }}
),

events as (
    select * from {{ ref('stg_events') }}
),

codes as (
    select event_code, quad_class, goldstein_scale from {{ ref('cameo_codes') }}
),

keys as (
    select * from {{ ref('int_entity_keys') }}
),

entities as (
    select entity_id, entity_key, canonical_name, country_code from {{ ref('dim_entities') }}
),

versions as (
    select article_id, story_id, is_canonical from {{ ref('int_story_versions') }}
),

final as (
    select
        {{ short_hash("first_seen.article_id || ':' || cast(events.paragraph_index as varchar) || ':' || cast(events.trigger_start as varchar) || ':' || events.event_code || ':' || coalesce(events.actor1_key, events.actor1_code, events.actor1_name, '') || ':' || coalesce(events.actor2_key, events.actor2_code, events.actor2_name, '')") }}
            as event_id,
        first_seen.article_id,
        versions.story_id,
        versions.is_canonical as is_canonical_version,
        events.event_date,
        coalesce(actor1.canonical_name, events.actor1_name) as actor1_name,
        coalesce(events.actor1_code, actor1.country_code) as actor1_code,
        actor1.entity_id as actor1_entity_id,
        coalesce(actor2.canonical_name, events.actor2_name) as actor2_name,
        coalesce(events.actor2_code, actor2.country_code) as actor2_code,
        actor2.entity_id as actor2_entity_id,
        events.event_code,
        events.event_root_code,
        codes.quad_class,
        codes.goldstein_scale,
        events.trigger_text,
        events.paragraph_index,
        events.trigger_start,
        events.trigger_end,
        events.date_text,
        events.sentence_start,
        events.sentence_end
    from events
    inner join first_seen on events.text_hash = first_seen.text_hash
    inner join versions on first_seen.article_id = versions.article_id
    inner join codes on events.event_code = codes.event_code
    left join keys as keys1 on events.actor1_key = keys1.entity_key
    left join entities as actor1 on keys1.resolved_key = actor1.entity_key
    left join keys as keys2 on events.actor2_key = keys2.entity_key
    left join entities as actor2 on keys2.resolved_key = actor2.entity_key
)

select * from final
