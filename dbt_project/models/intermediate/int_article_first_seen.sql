-- One row per distinct article: the occurrence in the dump that was loaded first.
with articles as (
    select * from {{ ref('stg_articles') }}
),

dump_files as (
    select
        dump_id,
        file_name,
        first_loaded_at,
        row_number() over (
            partition by dump_id order by first_loaded_at, partition_key
        ) as file_rank
    from {{ ref('stg_dumps') }}
),

first_file_of_dump as (
    select dump_id, file_name, first_loaded_at
    from dump_files
    where file_rank = 1
),

occurrences as (
    select
        articles.*,
        first_file_of_dump.file_name,
        first_file_of_dump.first_loaded_at,
        row_number() over (
            partition by articles.article_id
            order by first_file_of_dump.first_loaded_at, articles.dump_id, articles.ordinal
        ) as occurrence_rank,
        count(*) over (partition by articles.article_id) as occurrence_count
    from articles
    inner join first_file_of_dump on articles.dump_id = first_file_of_dump.dump_id
)

select * from occurrences
where occurrence_rank = 1
