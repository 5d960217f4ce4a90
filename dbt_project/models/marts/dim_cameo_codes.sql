-- The CAMEO code table (seed) as a mart, for joins from BI tools.
select * from {{ ref('cameo_codes') }}
