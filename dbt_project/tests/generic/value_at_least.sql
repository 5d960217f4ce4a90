{#- Fails for rows where the column is below `min_value` (nulls are left to not_null). -#}
{% test value_at_least(model, column_name, min_value) %}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min_value }}
{% endtest %}
