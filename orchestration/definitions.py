"""The code location: every definition under `orchestration/defs`, loaded by convention."""

from pathlib import Path

import dagster as dg

from newswire.settings import export_defaults

# Unset settings fall back to the project's own folders, so EnvVar-backed resources resolve.
export_defaults()

defs = dg.load_from_defs_folder(path_within_project=Path(__file__).parent)
