"""Pure-Python parsing and extraction of raw news-wire dumps into polars frames.

Nothing here knows about Dagster or DuckDB: functions take bytes or frames and return frames.
"""

# Bump when parsing changes what it produces, so re-runs know stored rows are stale. ("3": a
# load also sketches each story and links it to its other versions, see ingest/versions.py.)
PARSER_VERSION = "3"
