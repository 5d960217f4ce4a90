"""The Superset dashboard in a real Chromium: every chart renders data from the serving copy.

What it does: builds a warehouse from the sample, runs `newswire bi --setup-only` (Superset venv,
reused from `.superset-venv/` when it matches the lock; a throw-away Superset home), starts
`newswire bi --port <free port>` (which runs the setup again: it must converge, not duplicate),
logs in through the login form, opens the "newswire" dashboard and waits for its four charts.
Checks, per chart: the chart data request answered 200 with rows; the chart container drew
something (an ECharts canvas, or table rows for the table); no spinner, empty state or error
is left. Then, through Superset's REST API in the same browser session: one database, which
is read-only DuckDB on the serving copy, and exactly one dashboard and one of each chart after
the two setups. Screenshots: artifacts/browser/superset/*.png.
"""

from __future__ import annotations

import json
import re
import subprocess
import time
import urllib.parse

import pytest

from tests.browser import (
    NEWSWIRE,
    artifacts_dir,
    browser,
    build_workspace,
    chromium_or_skip,
    free_port,
    running,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

CHARTS = {
    "Mentions of the top entities by month": "canvas",
    "Statements per speaker": "canvas",
    "Events by CAMEO root and actor pair": "canvas",
    "Latest statements": "table",
}
SETUP_TIMEOUT_SECONDS = 30 * 60  # a first run builds the Superset venv (~150 packages)
EMPTY_OR_ERROR = re.compile(r"No results|No data|Unexpected error|error occurred|DB engine Error", re.I)


def slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def test_dashboard_renders_every_chart(tmp_path):
    chromium = chromium_or_skip()
    shots = artifacts_dir("superset")
    workspace = build_workspace(tmp_path / "workspace")
    home = tmp_path / "superset_home"
    env = {**workspace.env, "NEWSWIRE_SUPERSET_HOME": str(home)}

    started = time.monotonic()
    setup = subprocess.run(
        [NEWSWIRE, "bi", "--setup-only"],
        env=env,
        capture_output=True,
        text=True,
        timeout=SETUP_TIMEOUT_SECONDS,
        check=False,
    )
    (shots / "setup.log").write_text(setup.stdout + setup.stderr, encoding="utf-8")
    assert setup.returncode == 0, setup.stdout + setup.stderr
    assert "4 charts and the dashboard registered" in setup.stdout, setup.stdout
    print(f"newswire bi --setup-only: {time.monotonic() - started:.0f}s")
    password = (home / "admin_password").read_text(encoding="utf-8").strip()

    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with running([NEWSWIRE, "bi", "--port", str(port)], env, shots / "superset.log", cwd=tmp_path) as server:
        server.wait_for(f"{base}/health", timeout=600)
        with browser(chromium, tmp_path / "chromium", shots, viewport=(1600, 1200)) as page:
            chart_data: dict[int, list[dict]] = {}

            def record(response) -> None:
                if "/api/v1/chart/data" not in response.url:
                    return
                query = urllib.parse.parse_qs(urllib.parse.urlparse(response.url).query)
                form_data = json.loads(query.get("form_data", ["{}"])[0])
                try:
                    body = response.json()
                except Exception:  # a failed request has no JSON body; recorded as such
                    body = {}
                chart_data.setdefault(form_data.get("slice_id", -1), []).append(
                    {"status": response.status, "body": body}
                )

            page.on("response", record)

            # 1. Log in through the form.
            page.goto(f"{base}/login/")
            page.locator("input[name=username], #username").first.fill("admin")
            page.locator("input[name=password], #password").first.fill(password)
            page.keyboard.press("Enter")
            page.wait_for_url(re.compile(r"/superset/welcome"), timeout=60_000)

            # 2. The dashboard: four chart holders, each finished loading.
            page.goto(f"{base}/superset/dashboard/newswire/")
            holders = page.locator('[data-test="dashboard-component-chart-holder"]')
            holders.nth(len(CHARTS) - 1).wait_for(state="visible")
            assert holders.count() == len(CHARTS)
            page.wait_for_function(
                """() => document.querySelectorAll(
                    '[data-test="dashboard-component-chart-holder"] [data-test="loading-indicator"]'
                ).length === 0""",
                timeout=120_000,
            )
            page.wait_for_timeout(1500)  # chart animations
            page.screenshot(path=str(shots / "01-dashboard.png"), full_page=True)

            # 3. Every chart: data came back, something was drawn, no empty state or error.
            seen = {}
            for index in range(holders.count()):
                holder = holders.nth(index)
                name = holder.locator('[data-test="editable-title"], .header-title').first.inner_text()
                name = name.strip()
                assert name in CHARTS, f"unexpected chart {name!r}"
                chart_id = int(
                    holder.locator("[data-test-chart-id]").first.get_attribute("data-test-chart-id")
                )
                seen[name] = chart_id
                holder.scroll_into_view_if_needed()
                holder.screenshot(path=str(shots / f"chart-{slug(name)}.png"))

                text = holder.inner_text()
                assert not EMPTY_OR_ERROR.search(text), f"{name}: {text[:500]}"
                assert holder.locator('[data-test="empty-state"], [role="alert"]').count() == 0, name
                if CHARTS[name] == "canvas":
                    drawn = holder.locator("canvas").evaluate_all(
                        "els => els.filter(c => c.width > 0 && c.height > 0).length"
                    )
                    assert drawn > 0, f"{name}: no chart drawn"
                else:
                    rows = holder.locator("tbody tr").count()
                    assert rows > 0, f"{name}: no table rows"

                responses = chart_data.get(chart_id)
                assert responses, f"{name}: no chart data request seen ({sorted(chart_data)})"
                last = responses[-1]
                assert last["status"] == 200, f"{name}: {last}"
                results = last["body"].get("result") or [{}]
                assert all(not r.get("error") for r in results), f"{name}: {results}"
                assert sum(r.get("rowcount", 0) for r in results) > 0, f"{name}: no rows"
            assert set(seen) == set(CHARTS)

            # 4. The registration: read-only DuckDB on the serving copy, nothing duplicated.
            def api(path: str) -> dict:
                response = page.request.get(f"{base}{path}")
                assert response.ok, f"{path}: {response.status} {response.text()[:300]}"
                return response.json()

            databases = api("/api/v1/database/?q=(page_size:100)")["result"]
            assert len(databases) == 1, databases
            database = api(f"/api/v1/database/{databases[0]['id']}/connection")["result"]
            assert database["sqlalchemy_uri"] == f"duckdb:///{workspace.serving}"
            extra = json.loads(database["extra"])
            assert extra["engine_params"]["connect_args"] == {"read_only": True}
            assert database["allow_dml"] is False
            charts = api("/api/v1/chart/?q=(page_size:100)")["result"]
            assert sorted(chart["slice_name"] for chart in charts) == sorted(CHARTS)
            dashboards = api("/api/v1/dashboard/?q=(page_size:100)")["result"]
            assert [d["slug"] for d in dashboards] == ["newswire"]

            # 5. The datasets list shows the marts and the dashboard's virtual datasets.
            page.goto(f"{base}/tablemodelview/list/")
            page.get_by_text("fct_statements").first.wait_for(state="visible")
            page.wait_for_load_state("networkidle")
            page.wait_for_timeout(1000)  # the list fades in
            page.screenshot(path=str(shots / "02-datasets.png"))
    assert server.process.returncode is not None
