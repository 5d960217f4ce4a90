"""Register the serving copy, the datasets, the charts and the dashboard in Superset.

Runs inside the Superset virtualenv (`bi/superset_setup.py` starts it there), against Superset's
own REST API through Flask's test client: log in → CSRF token → POST/PUT /api/v1/database/,
/api/v1/dataset/, /api/v1/chart/, /api/v1/dashboard/. No server or port is needed, and every
object is looked up by its name first and updated in place, so running this again converges on
the same state (same ids) instead of adding copies.

Prints one JSON line: the ids, the dashboard's URL path and the rows each chart's dataset returns.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import prison

DATABASE_NAME = "newswire (serving copy)"
SCHEMA = "marts"
DASHBOARD_TITLE = "Newswire: who is mentioned, who speaks, what happens"
DASHBOARD_SLUG = "newswire"

# Every mart is registered as a physical dataset, for SQL Lab and ad-hoc charts.
MART_TABLES = (
    "dim_articles",
    "dim_stories",
    "story_versions",
    "dim_entities",
    "fct_mentions",
    "entity_mentions_by_month",
    "fct_statements",
    "speaker_summary",
    "fct_events",
    "event_dyads_monthly",
    "dim_cameo_codes",
)

# The dashboard's charts read these virtual datasets (SQL over the marts). Half of the sample's
# articles have no publication date: their month is shown as "undated" rather than dropped.
VIRTUAL_DATASETS = {
    "bi_top_entity_mentions_by_month": """
with top as (
    select entity_id, canonical_name, entity_type
    from marts.dim_entities
    order by mention_count desc, canonical_name
    limit 8
)
select
    top.canonical_name as entity,
    top.entity_type,
    m.month,
    coalesce(strftime(m.month, '%Y-%m'), 'undated') as month_label,
    cast(m.mention_count as bigint) as mention_count,
    cast(m.article_count as bigint) as article_count
from marts.entity_mentions_by_month as m
join top using (entity_id)
""",
    "bi_statements_per_speaker": """
select
    coalesce(speaker_name, '(unknown speaker)') as speaker,
    any_value(speaker_type) as speaker_type,
    cast(count(*) as bigint) as statements,
    cast(count(*) filter (where is_direct) as bigint) as direct_quotes,
    cast(count(distinct article_id) as bigint) as articles
from marts.fct_statements
group by 1
""",
    "bi_events_by_root_and_dyad": """
with events as (
    select
        e.event_root_code || ' ' || coalesce(c.description, '?') as cameo_root,
        coalesce(e.actor1_code, '?') || ' → ' || coalesce(e.actor2_code, '—') as actor_pair,
        e.quad_class,
        e.goldstein_scale,
        e.event_date
    from marts.fct_events as e
    left join marts.dim_cameo_codes as c
        on c.event_code = e.event_root_code and c.code_level = 'root'
)
select
    *,
    -- 1 = the actor pair with most events; the heatmap shows the top pairs
    cast(dense_rank() over (order by pair_events desc, actor_pair) as bigint) as pair_rank
from (select *, count(*) over (partition by actor_pair) as pair_events from events)
""",
    "bi_latest_statements": """
select
    a.published_date,
    a.title as article,
    s.speaker_name as speaker,
    s.speaker_type,
    s.is_direct,
    s.cue,
    s.statement_text as statement,
    s.paragraph_index
from marts.fct_statements as s
join marts.dim_articles as a using (article_id)
""",
}


def sql_metric(label: str, expression: str) -> dict:
    return {
        "expressionType": "SQL",
        "sqlExpression": expression,
        "label": label,
        "hasCustomLabel": True,
        "optionName": f"metric_{label.replace(' ', '_')}",
    }


def chart_specs(datasets: dict[str, int]) -> list[dict]:
    """The dashboard's four charts: form data as Superset's chart editor would save it."""

    def base(dataset: str, viz_type: str) -> dict:
        return {
            "datasource": f"{datasets[dataset]}__table",
            "viz_type": viz_type,
            "adhoc_filters": [],
            "time_range": "No filter",
            "extra_form_data": {},
            "dashboards": [],
        }

    mentions = {
        **base("bi_top_entity_mentions_by_month", "echarts_timeseries_bar"),
        "x_axis": "month_label",
        "xAxisForceCategorical": True,
        "x_axis_sort": "month_label",
        "x_axis_sort_asc": True,
        "metrics": [sql_metric("mentions", "SUM(mention_count)")],
        "groupby": ["entity"],
        "row_limit": 1000,
        "order_desc": True,
        "stack": "Stack",
        "show_legend": True,
        "legendType": "scroll",
        "legendOrientation": "top",
        "x_axis_title": "month of publication",
        "x_axis_title_margin": 15,
        "y_axis_title": "mentions",
        "y_axis_title_margin": 30,
        "y_axis_format": "SMART_NUMBER",
        "color_scheme": "supersetColors",
        "truncateXAxis": True,
        "rich_tooltip": True,
    }
    speakers = {
        **base("bi_statements_per_speaker", "echarts_timeseries_bar"),
        "x_axis": "speaker",
        "xAxisForceCategorical": True,
        "x_axis_sort": "statements",
        "x_axis_sort_asc": True,  # horizontal bars: ascending puts the most quoted speaker on top
        "metrics": [
            sql_metric("statements", "SUM(statements)"),
            sql_metric("direct quotes", "SUM(direct_quotes)"),
        ],
        "groupby": [],
        "timeseries_limit_metric": sql_metric("statements", "SUM(statements)"),
        "order_desc": True,
        "row_limit": 15,
        "orientation": "horizontal",
        "show_legend": True,
        "legendOrientation": "top",
        "y_axis_format": "SMART_NUMBER",
        "color_scheme": "supersetColors",
        "rich_tooltip": True,
    }
    events = {
        **base("bi_events_by_root_and_dyad", "heatmap_v2"),
        "x_axis": "cameo_root",
        "groupby": "actor_pair",
        "metric": sql_metric("events", "COUNT(*)"),
        "adhoc_filters": [
            {
                "expressionType": "SQL",
                "sqlExpression": "pair_rank <= 15",
                "clause": "WHERE",
                "subject": None,
                "operator": None,
                "comparator": None,
                "isExtra": False,
                "isNew": False,
                "filterOptionName": "filter_top_pairs",
            }
        ],
        "row_limit": 1000,
        "sort_x_axis": "alpha_asc",
        "sort_y_axis": "value_desc",
        "normalize_across": "heatmap",
        "linear_color_scheme": "schemeBlues",
        "show_legend": True,
        "show_values": True,
        "show_percentage": False,
        "value_bounds": [None, None],
        "y_axis_format": "SMART_NUMBER",
        "left_margin": "auto",
        "bottom_margin": "auto",
    }
    latest = {
        **base("bi_latest_statements", "table"),
        "query_mode": "raw",
        "all_columns": ["published_date", "speaker", "is_direct", "statement", "article"],
        "order_by_cols": [json.dumps(["published_date", False]), json.dumps(["paragraph_index", True])],
        "row_limit": 50,
        "server_page_length": 10,
        "table_timestamp_format": "%Y-%m-%d",
        "include_search": True,
        "show_cell_bars": False,
        "groupby": [],
        "metrics": [],
        "percent_metrics": [],
        "temporal_columns_lookup": {"published_date": True},
    }
    return [
        {"slice_name": "Mentions of the top entities by month", "params": mentions, "width": 6},
        {"slice_name": "Statements per speaker", "params": speakers, "width": 6},
        {"slice_name": "Events by CAMEO root and actor pair", "params": events, "width": 6},
        {"slice_name": "Latest statements", "params": latest, "width": 6},
    ]


class Api:
    """Superset's REST API through the Flask test client, logged in as the admin."""

    def __init__(self, app, username: str, password: str):
        self.client = app.test_client()
        login = self.client.post(
            "/api/v1/security/login",
            json={"username": username, "password": password, "provider": "db", "refresh": False},
        )
        if login.status_code != 200:
            raise SystemExit(f"login as {username!r} failed: {login.status_code} {login.get_data(True)}")
        self.headers = {"Authorization": f"Bearer {login.json['access_token']}"}
        csrf = self.client.get("/api/v1/security/csrf_token/", headers=self.headers)
        self.headers["X-CSRFToken"] = self._ok(csrf, "csrf token")["result"]

    @staticmethod
    def _ok(response, what: str) -> dict:
        if response.status_code not in (200, 201):
            raise SystemExit(f"{what}: HTTP {response.status_code}: {response.get_data(as_text=True)[:2000]}")
        return response.json

    def get(self, path: str, what: str) -> dict:
        return self._ok(self.client.get(path, headers=self.headers), what)

    def post(self, path: str, body: dict, what: str) -> dict:
        return self._ok(self.client.post(path, json=body, headers=self.headers), what)

    def put(self, path: str, body: dict, what: str) -> dict:
        return self._ok(self.client.put(path, json=body, headers=self.headers), what)

    def find(self, resource: str, filters: dict[str, object]) -> int | None:
        query = prison.dumps(
            {
                "filters": [{"col": col, "opr": "eq", "value": value} for col, value in filters.items()],
                "columns": ["id"],
                "page_size": 100,
            }
        )
        found = self.get(f"/api/v1/{resource}/?q={query}", f"find {resource} {filters}")["result"]
        if len(found) > 1:
            raise SystemExit(f"{len(found)} {resource} objects match {filters}: remove the duplicates")
        return found[0]["id"] if found else None

    def upsert(self, resource: str, filters: dict[str, object], create: dict, update: dict) -> int:
        existing = self.find(resource, filters)
        if existing is None:
            return self.post(f"/api/v1/{resource}/", create, f"create {resource} {filters}")["id"]
        self.put(f"/api/v1/{resource}/{existing}", update, f"update {resource} {filters}")
        return existing


def ensure_database(api: Api, serving: Path) -> int:
    body = {
        "database_name": DATABASE_NAME,
        "sqlalchemy_uri": f"duckdb:///{serving}",
        "expose_in_sqllab": True,
        "allow_dml": False,
        "allow_run_async": False,
        "allow_ctas": False,
        "allow_cvas": False,
        "allow_file_upload": False,
        # DuckDB opens the copy read-only: no lock is taken, and nothing can write through Superset.
        "extra": json.dumps(
            {
                "engine_params": {"connect_args": {"read_only": True}},
                "metadata_params": {},
                "schemas_allowed_for_file_upload": [],
            }
        ),
    }
    return api.upsert("database", {"database_name": DATABASE_NAME}, body, body)


def ensure_dataset(api: Api, database_id: int, table_name: str, sql: str | None) -> int:
    create = {"database": database_id, "schema": SCHEMA, "table_name": table_name}
    if sql is not None:
        create["sql"] = sql.strip()
    existing = api.find("dataset", {"table_name": table_name})
    if existing is None:
        dataset_id = api.post("/api/v1/dataset/", create, f"create dataset {table_name}")["id"]
    else:
        dataset_id = existing
        update = {"database_id": database_id, "schema": SCHEMA}
        if sql is not None:
            update["sql"] = sql.strip()
        api.put(f"/api/v1/dataset/{dataset_id}", update, f"update dataset {table_name}")
    # Re-read the columns from the serving copy (new columns, changed SQL).
    api.put(f"/api/v1/dataset/{dataset_id}/refresh", {}, f"refresh dataset {table_name}")
    return dataset_id


def ensure_dashboard(api: Api) -> int:
    body = {"dashboard_title": DASHBOARD_TITLE, "slug": DASHBOARD_SLUG, "published": True}
    return api.upsert("dashboard", {"slug": DASHBOARD_SLUG}, body, body)


def layout(charts: list[tuple[int, dict]]) -> dict:
    """position_json: two charts per row, in the order given."""
    position: dict[str, object] = {
        "DASHBOARD_VERSION_KEY": "v2",
        "ROOT_ID": {"type": "ROOT", "id": "ROOT_ID", "children": ["GRID_ID"]},
        "HEADER_ID": {"type": "HEADER", "id": "HEADER_ID", "meta": {"text": DASHBOARD_TITLE}},
        "GRID_ID": {"type": "GRID", "id": "GRID_ID", "children": [], "parents": ["ROOT_ID"]},
    }
    for row_number in range(0, len(charts), 2):
        row_id = f"ROW-newswire-{row_number // 2 + 1}"
        position["GRID_ID"]["children"].append(row_id)
        position[row_id] = {
            "type": "ROW",
            "id": row_id,
            "children": [],
            "parents": ["ROOT_ID", "GRID_ID"],
            "meta": {"background": "BACKGROUND_TRANSPARENT"},
        }
        for chart_id, spec in charts[row_number : row_number + 2]:
            component = f"CHART-newswire-{chart_id}"
            position[row_id]["children"].append(component)
            position[component] = {
                "type": "CHART",
                "id": component,
                "children": [],
                "parents": ["ROOT_ID", "GRID_ID", row_id],
                "meta": {
                    "chartId": chart_id,
                    "width": spec["width"],
                    "height": 60,
                    "sliceName": spec["slice_name"],
                },
            }
    return position


def dataset_rows(api: Api, dataset_id: int) -> int:
    """Rows the dataset holds, through the chart data API (reports an empty serving copy early)."""
    query = {
        "datasource": {"id": dataset_id, "type": "table"},
        "queries": [{"columns": [], "metrics": [sql_metric("rows", "COUNT(*)")], "row_limit": 1}],
        "result_format": "json",
        "result_type": "full",
    }
    result = api.post("/api/v1/chart/data", query, f"count rows of dataset {dataset_id}")["result"][0]
    return int(result["data"][0]["rows"])


def provision(app, serving: Path, username: str, password: str) -> dict:
    api = Api(app, username, password)
    database_id = ensure_database(api, serving)
    datasets = {table: ensure_dataset(api, database_id, table, None) for table in MART_TABLES}
    datasets.update(
        {name: ensure_dataset(api, database_id, name, sql) for name, sql in VIRTUAL_DATASETS.items()}
    )
    dashboard_id = ensure_dashboard(api)
    charts = []
    for spec in chart_specs(datasets):
        params = {**spec["params"], "dashboards": [dashboard_id]}
        body = {
            "slice_name": spec["slice_name"],
            "viz_type": params["viz_type"],
            "datasource_id": int(params["datasource"].split("__")[0]),
            "datasource_type": "table",
            "params": json.dumps(params),
            "dashboards": [dashboard_id],
            "cache_timeout": 0,
        }
        chart_id = api.upsert("chart", {"slice_name": spec["slice_name"]}, body, body)
        charts.append((chart_id, spec))
    api.put(
        f"/api/v1/dashboard/{dashboard_id}",
        {
            "dashboard_title": DASHBOARD_TITLE,
            "slug": DASHBOARD_SLUG,
            "published": True,
            "position_json": json.dumps(layout(charts)),
            "json_metadata": json.dumps(
                {
                    "color_scheme": "supersetColors",
                    "refresh_frequency": 0,
                    "cross_filters_enabled": False,
                    "positions": layout(charts),
                }
            ),
        },
        "dashboard layout",
    )
    return {
        "database_id": database_id,
        "datasets": datasets,
        "charts": {spec["slice_name"]: chart_id for chart_id, spec in charts},
        "dashboard_id": dashboard_id,
        "dashboard_path": f"/superset/dashboard/{DASHBOARD_SLUG}/",
        "rows": {name: dataset_rows(api, datasets[name]) for name in VIRTUAL_DATASETS},
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serving", required=True, help="absolute path of the serving copy")
    parser.add_argument("--username", default="admin")
    parser.add_argument("--password-file", required=True)
    args = parser.parse_args(argv)
    serving = Path(args.serving).resolve()
    if not serving.exists():
        print(f"error: {serving} does not exist: run `newswire run` first", file=sys.stderr)
        return 2
    password = Path(args.password_file).read_text(encoding="utf-8").strip()

    from superset.app import create_app

    app = create_app()
    # No app context around the requests: each test-client request gets its own, as on a server.
    summary = provision(app, serving, args.username, password)
    print(json.dumps(summary, sort_keys=True))
    return 0


if __name__ == "__main__":
    sys.exit(main())
