{{ config(meta={'dagster': {'ref': {'name': 'fct_statements'}}}) }}
-- A statement's text is its paragraph text at [char_start, char_end); a quote joined from parts
-- runs from the first part's start to the last part's end and opens with its first part (the
-- slice up to the first double quote, without the spaces before it: parts are joined by one space).
with statements as (
    select * from {{ ref('fct_statements') }}
),

paragraphs as (
    select article_id, paragraph_index, paragraph_text from {{ ref('article_paragraphs') }}
),

checked as (
    select
        statements.statement_id,
        statements.quote_parts,
        statements.statement_text,
        substring(
            paragraphs.paragraph_text, statements.char_start + 1, statements.char_end - statements.char_start
        ) as sliced
    from statements
    left join paragraphs
        on statements.article_id = paragraphs.article_id
        and statements.paragraph_index = paragraphs.paragraph_index
)

select * from checked
where sliced is null
    or (quote_parts = 1 and sliced <> statement_text)
    or (quote_parts > 1 and not starts_with(statement_text, rtrim(regexp_extract(sliced, '^[^"”]*', 0))))
