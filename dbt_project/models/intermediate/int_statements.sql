-- Statements of the first occurrence of each article, with their stable id: the article, the
-- paragraph and where the statement starts; a second speaker of the same words ("X and Y
-- accused each other") adds its rank.
with first_seen as (
    select article_id, text_hash from {{ ref('int_article_first_seen') }}
),

statements as (
    select * from {{ ref('stg_statements') }}
),

ranked as (
    select
        first_seen.article_id,
        statements.*,
        row_number() over (
            partition by statements.text_hash, statements.paragraph_index, statements.char_start
            order by statements.speaker_name, statements.speaker_key
        ) as speaker_rank
    from statements
    inner join first_seen on statements.text_hash = first_seen.text_hash
),

final as (
    select
        {{ short_hash("article_id || ':' || cast(paragraph_index as varchar) || ':' || cast(char_start as varchar) || case when speaker_rank > 1 then ':' || cast(speaker_rank as varchar) else '' end") }}
            as statement_id,
        *
    from ranked
)

select * from final
