"""Small helpers for what runs show in the Dagster UI."""

import polars as pl


def markdown_table(frame: pl.DataFrame, limit: int = 10) -> str:
    """A small markdown preview for the Dagster UI."""
    head = frame.head(limit)
    if head.is_empty():
        return "_no rows_"
    cells = [
        [str(v if v is not None else "").replace("|", "\\|")[:80] for v in row] for row in head.iter_rows()
    ]
    lines = ["| " + " | ".join(head.columns) + " |", "|" + " --- |" * len(head.columns)]
    lines += ["| " + " | ".join(row) + " |" for row in cells]
    return "\n".join(lines)
