{#- The elements of a list column, one row each, with their 1-based position (DuckDB's
    unnest with ordinality; another adapter would need its own form). -#}
{% macro unnest_with_position(relation, list_column, element, position) -%}
    {{ relation }}, unnest({{ relation }}.{{ list_column }}) with ordinality as elements ({{ element }}, {{ position }})
{%- endmacro %}
