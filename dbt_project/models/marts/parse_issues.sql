with issues as (
    select * from {{ ref('stg_parse_issues') }}
),

dumps as (
    select dump_id, file_name from {{ ref('dim_dumps') }}
),

final as (
    select
        md5(
            issues.dump_id || ':' || cast(issues.byte_start as varchar) || ':'
            || cast(issues.byte_end as varchar) || ':' || issues.reason
        ) as issue_id,
        issues.dump_id,
        dumps.file_name,
        issues.severity,
        issues.reason,
        issues.byte_start,
        issues.byte_end,
        issues.byte_length,
        issues.article_ordinal
    from issues
    inner join dumps on issues.dump_id = dumps.dump_id
)

select * from final
