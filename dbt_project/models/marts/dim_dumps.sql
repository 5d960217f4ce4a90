with dumps as (
    select * from {{ ref('stg_dumps') }}
),

issues as (
    select
        dump_id,
        count(*) filter (where severity = 'error') as error_count,
        count(*) filter (where severity = 'warning') as warning_count
    from {{ ref('stg_parse_issues') }}
    group by dump_id
),

ranked as (
    select
        dumps.*,
        row_number() over (partition by dumps.dump_id order by dumps.first_loaded_at, dumps.partition_key)
            as file_rank,
        count(*) over (partition by dumps.dump_id) as file_count
    from dumps
),

final as (
    select
        ranked.dump_id,
        ranked.file_name,
        ranked.partition_key,
        ranked.file_count,
        ranked.size_bytes,
        ranked.encoding,
        ranked.article_count,
        ranked.error_bytes,
        coalesce(issues.error_count, 0) as error_count,
        coalesce(issues.warning_count, 0) as warning_count,
        ranked.parser_version,
        ranked.first_loaded_at,
        ranked.loaded_at
    from ranked
    left join issues on ranked.dump_id = issues.dump_id
    where ranked.file_rank = 1
)

select * from final
