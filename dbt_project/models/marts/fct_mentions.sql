-- The analyst-facing mentions: each story counted once, from its canonical version (dim_stories).
-- Every version's rows stay in fct_mentions_all_versions.
select * exclude (is_canonical_version)
from {{ ref('fct_mentions_all_versions') }}
where is_canonical_version
