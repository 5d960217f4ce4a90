{#- A stable 16-hex-character id from a text key (md5 is available in DuckDB and most warehouses). -#}
{% macro short_hash(expression) -%}
    left(md5({{ expression }}), 16)
{%- endmacro %}
