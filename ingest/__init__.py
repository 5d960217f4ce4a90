"""Pure-Python parsing and extraction of raw news-wire dumps into polars frames.

Nothing here knows about Dagster or DuckDB: functions take bytes or frames and return frames.
"""

# Bump when parsing changes what it produces, so re-runs know stored rows are stale.
PARSER_VERSION = "2"
