{{ config(meta={'dagster': {'ref': {'name': 'stg_parse_issues'}}}) }}
-- Every byte of every loaded dump lies in exactly one story span or one error parse issue:
-- the spans, sorted, must tile [0, size_bytes) with no gap and no overlap.
with dumps as (
    select dump_id, max(size_bytes) as size_bytes
    from {{ ref('stg_dumps') }}
    group by dump_id
),

spans as (
    select dump_id, byte_start, byte_end from {{ ref('stg_articles') }}
    union all
    select dump_id, byte_start, byte_end from {{ ref('stg_parse_issues') }} where severity = 'error'
),

ordered as (
    select
        spans.dump_id,
        spans.byte_start,
        spans.byte_end,
        lag(spans.byte_end) over (partition by spans.dump_id order by spans.byte_start, spans.byte_end)
            as previous_end
    from spans
),

gaps_or_overlaps as (
    select dump_id, 'span does not start where the previous one ended' as problem
    from ordered
    where coalesce(previous_end, 0) <> byte_start
),

coverage as (
    select
        dumps.dump_id,
        dumps.size_bytes,
        coalesce(max(ordered.byte_end), 0) as last_end
    from dumps
    left join ordered on dumps.dump_id = ordered.dump_id
    group by dumps.dump_id, dumps.size_bytes
),

short_coverage as (
    select dump_id, 'spans do not reach the end of the file' as problem
    from coverage
    where last_end <> size_bytes
)

select * from gaps_or_overlaps
union all
select * from short_coverage
