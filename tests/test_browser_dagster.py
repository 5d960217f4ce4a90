"""The Dagster UI in a real Chromium: materialise every asset from the asset graph, see it succeed.

What it does, as a person would: opens the asset graph (`/asset-groups`), clicks "Materialize all",
picks all partitions of the dump partitioning ("All") in the launch dialog, clicks the launch
button, then follows the run on the Runs page and on its own page until it shows "Success".
The run's status and the serving copy's new materialisation are also read from the GraphQL API
the UI uses. The daemon's sensors may queue runs of their own meanwhile (they are on, as in
production); the test waits until nothing is queued or running and requires those to succeed too.
Screenshots: artifacts/browser/dagster/*.png.
"""

from __future__ import annotations

import re
import time

import pytest

from tests.browser import (
    NEWSWIRE,
    artifacts_dir,
    browser,
    build_workspace,
    chromium_or_skip,
    free_port,
    graphql,
    running,
)

pytestmark = [pytest.mark.slow, pytest.mark.browser]

RUNS_QUERY = """
query Runs($limit: Int) {
  runsOrError(limit: $limit) {
    ... on Runs { results { runId jobName status tags { key value } } }
  }
}
"""
SERVING_MATERIALIZATIONS = """
{
  assetOrError(assetKey: {path: ["serving", "warehouse_copy"]}) {
    ... on Asset { assetMaterializations(limit: 5) { runId timestamp } }
  }
}
"""
BACKFILLS_QUERY = "{ partitionBackfillsOrError { ... on PartitionBackfills { results { id status } } } }"
TERMINAL = {"SUCCESS", "FAILURE", "CANCELED"}
RUN_TIMEOUT_SECONDS = 15 * 60


def all_runs(base: str) -> list[dict]:
    return graphql(base, RUNS_QUERY, {"limit": 100})["runsOrError"]["results"]


def launched_from_ui(run: dict) -> bool:
    tags = {tag["key"]: tag["value"] for tag in run["tags"]}
    return tags.get("dagster/from_ui") == "true" or "dagster/backfill" in tags


def wait_for_quiet(base: str, before: set[str]) -> list[dict]:
    """Wait until the UI's run(s) exist and no run is queued or running; return the UI's runs."""
    deadline = time.monotonic() + RUN_TIMEOUT_SECONDS
    while time.monotonic() < deadline:
        runs = all_runs(base)
        ours = [run for run in runs if run["runId"] not in before and launched_from_ui(run)]
        backfills = graphql(base, BACKFILLS_QUERY)["partitionBackfillsOrError"]["results"]
        backfills_busy = any(backfill["status"] == "REQUESTED" for backfill in backfills)
        if ours and not backfills_busy and all(run["status"] in TERMINAL for run in runs):
            return ours
        time.sleep(3)
    pytest.fail(f"runs still queued or running after {RUN_TIMEOUT_SECONDS}s: {all_runs(base)}")


def test_materialize_all_from_the_asset_graph(tmp_path):
    chromium = chromium_or_skip()
    shots = artifacts_dir("dagster")
    workspace = build_workspace(tmp_path / "workspace")
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    command = [
        NEWSWIRE,
        "ui",
        "--port",
        str(port),
        "--landing",
        str(workspace.landing),
        "--warehouse",
        str(workspace.warehouse),
    ]
    with running(command, workspace.env, shots / "dagster.log", cwd=tmp_path) as server:
        server.wait_for(f"{base}/server_info", timeout=300)
        with browser(chromium, tmp_path / "chromium", shots) as page:
            # 1. The asset graph, with every group.
            page.goto(f"{base}/asset-groups")
            materialize_all = page.get_by_role("button", name="Materialize all")
            materialize_all.wait_for(state="visible")
            for group in ("raw", "serving"):
                page.get_by_text(group, exact=True).first.wait_for(state="visible")
            page.get_by_text("fetching statuses").first.wait_for(state="hidden")
            page.wait_for_timeout(1000)  # let the graph settle before the screenshot
            page.screenshot(path=str(shots / "01-asset-graph.png"))

            # 2. "Materialize all" → launch dialog → all partitions (one per dump file) → launch.
            before = {run["runId"] for run in all_runs(base)}
            materialize_all.click()
            dialog = page.get_by_role("dialog")
            dialog.get_by_text("Partition selection").wait_for(state="visible")
            dialog.get_by_role("button", name="All", exact=True).click()
            dialog.get_by_text("sample_2017.txt").first.wait_for(state="visible")
            page.screenshot(path=str(shots / "02-launch-dialog.png"))
            launch = dialog.get_by_role("button", name=re.compile(r"Launch"))
            assert launch.is_enabled(), dialog.inner_text()
            launch.click()
            dialog.wait_for(state="hidden")

            # 3. Wait for the launched run(s) and any sensor runs to finish.
            ours = wait_for_quiet(base, before)
            failed = [run for run in all_runs(base) if run["status"] != "SUCCESS"]
            assert not failed, f"runs did not succeed: {failed}"

            # 4. The UI says so: the Runs page and the run's own page show Success.
            page.goto(f"{base}/runs")
            for run in ours:
                link = page.locator(f'a[href$="/runs/{run["runId"]}"]').first
                link.wait_for(state="visible")
                # The innermost element holding both the run's link and a status: its table row.
                row = page.locator("div, tr", has=link).filter(has_text="Success").last
                assert "Success" in row.inner_text(), row.inner_text()
            page.screenshot(path=str(shots / "03-runs.png"))
            run_id = ours[0]["runId"]
            page.goto(f"{base}/runs/{run_id}")
            page.get_by_text("Success", exact=True).first.wait_for(state="visible")
            page.get_by_text(re.compile(r"Succeeded \([1-9]")).first.wait_for(state="visible")
            page.get_by_text("Errored (0)", exact=True).wait_for(state="visible")
            assert "Not executed" not in page.locator("body").inner_text()
            page.screenshot(path=str(shots / "04-run.png"))

            # 5. The run rebuilt the marts and republished the serving copy.
            published = graphql(base, SERVING_MATERIALIZATIONS)["assetOrError"]["assetMaterializations"]
            assert {run["runId"] for run in ours} & {m["runId"] for m in published}, published
            page.goto(f"{base}/asset-groups")
            materialize_all.wait_for(state="visible")
            page.get_by_text("fetching statuses").first.wait_for(state="hidden")
            page.wait_for_timeout(1000)
            page.screenshot(path=str(shots / "05-asset-graph-after.png"))
    assert server.process.returncode is not None
