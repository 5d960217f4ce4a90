{{ config(meta={'dagster': {'ref': {'name': 'fct_statements'}}}) }}
-- Every named speaker (a person, organisation or country) is an entity of marts.dim_entities:
-- the statement links to it directly, or, for a coordinated speaker, through
-- marts.statement_speakers. Rows returned are named speakers linked to no entity.
select statements.statement_id, statements.speaker_name, statements.speaker_type
from {{ ref('fct_statements') }} as statements
where statements.speaker_type in ('PERSON', 'ORG', 'GPE')
    and statements.speaker_entity_id is null
    and not exists (
        select 1 from {{ ref('statement_speakers') }} as members
        where members.statement_id = statements.statement_id
    )
