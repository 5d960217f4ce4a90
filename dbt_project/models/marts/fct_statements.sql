-- The analyst-facing statements: each story counted once, from its canonical version (dim_stories).
-- Every version's rows stay in fct_statements_all_versions.
select * exclude (is_canonical_version)
from {{ ref('fct_statements_all_versions') }}
where is_canonical_version
