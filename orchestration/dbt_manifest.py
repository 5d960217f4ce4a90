"""Keep dbt's manifest.json current: dagster-dbt builds the asset graph from it at import time."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

DBT_SOURCE_SUFFIXES = {".sql", ".yml", ".yaml", ".csv", ".md"}
GENERATED_DIRS = {"target", "logs", "dbt_packages"}


def dbt_executable() -> str:
    """The dbt installed beside this interpreter, whether or not the venv is activated."""
    return str(Path(sys.executable).with_name("dbt"))


def _newest_source_mtime(project_dir: Path) -> float:
    newest = 0.0
    for path in project_dir.rglob("*"):
        if path.suffix in DBT_SOURCE_SUFFIXES and not GENERATED_DIRS & set(
            path.relative_to(project_dir).parts
        ):
            newest = max(newest, path.stat().st_mtime)
    return newest


def ensure_manifest(project_dir: Path, profiles_dir: Path) -> Path:
    """Run `dbt parse` when the manifest is missing or older than any model, test or seed file."""
    manifest = project_dir / "target" / "manifest.json"
    if manifest.exists() and manifest.stat().st_mtime >= _newest_source_mtime(project_dir):
        return manifest
    result = subprocess.run(
        [
            dbt_executable(),
            "parse",
            "--quiet",
            "--project-dir",
            str(project_dir),
            "--profiles-dir",
            str(profiles_dir),
        ],
        capture_output=True,
        text=True,
        env=os.environ.copy(),
        check=False,
    )
    if result.returncode != 0 or not manifest.exists():
        raise RuntimeError(f"dbt parse failed in {project_dir}:\n{result.stdout}\n{result.stderr}")
    return manifest
