"""Every dbt target in profiles.yml parses offline, with no connection settings in the environment.

The `motherduck` and `ducklake` targets (docs/scaling.md) cannot be run here, but `dbt parse` opens
no connection, so it checks that the profile renders and validates with its defaults. dbt writes
into pytest's tmp_path, never into dbt_project/target (the Dagster code reads that manifest).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from newswire.settings import DBT_PROJECT_DIR

pytestmark = pytest.mark.slow

DBT = Path(sys.executable).with_name("dbt")
# Connection settings the targets read; unset so the test proves the defaults are enough.
TARGET_SETTINGS_PREFIXES = ("NEWSWIRE_", "MOTHERDUCK_", "DBT_")


@pytest.mark.parametrize("target", ["local", "motherduck", "ducklake"])
def test_dbt_parse_accepts_target(target: str, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.upper().startswith(TARGET_SETTINGS_PREFIXES)}
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    target_path = tmp_path / "target"
    result = subprocess.run(
        [
            str(DBT),
            "parse",
            "--target",
            target,
            "--profiles-dir",
            str(DBT_PROJECT_DIR),
            "--project-dir",
            str(DBT_PROJECT_DIR),
            "--target-path",
            str(target_path),
            "--log-path",
            str(tmp_path / "logs"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, f"dbt parse --target {target} failed:\n{result.stdout}\n{result.stderr}"

    # Whatever the target, the raw sources and the marts live in the database named `newswire`.
    manifest = json.loads((target_path / "manifest.json").read_text(encoding="utf-8"))
    sources = {node["relation_name"] for node in manifest["sources"].values()}
    assert '"newswire"."raw"."dumps"' in sources
    marts = {node["relation_name"] for node in manifest["nodes"].values() if node["resource_type"] == "model"}
    assert '"newswire"."marts"."dim_articles"' in marts
