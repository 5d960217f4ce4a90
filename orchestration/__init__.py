"""Dagster wiring: partitions, resources, assets, checks, jobs, sensor and schedule.

Thin on purpose: parsing lives in `ingest`, DuckDB in `warehouse`, SQL in `dbt_project`.
"""
