"""What an article has established so far, paragraph by paragraph: who is named, in what order,
with which titles, who spoke last, and where the quotations are.

The speaker resolver reads it to resolve pronouns ("he said"), titles without a name ("the vice
president") and continued quotes; the event coder reads it for the same references in actors.
It is filled in reading order, so a reference only sees what came before it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ingest.nlp.units import Mention, TextUnit

if TYPE_CHECKING:
    from ingest.nlp.statements import Statement


@dataclass
class Discourse:
    """One article's discourse context; paragraphs are added in order with `add_paragraph`."""

    dateline_country: str | None = None
    statements: list[Statement] = field(default_factory=list)
    mentions_before: list[Mention] = field(default_factory=list)
    quotes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # paragraph → quote spans

    def add_quotes(self, unit: TextUnit, spans: list[tuple[int, int]]) -> None:
        self.quotes[unit.paragraph_index or 0] = spans

    def add_paragraph(self, mentions: list[Mention], statements: list[Statement]) -> None:
        """Record a paragraph once it is read: its mentions and the statements found in it."""
        self.mentions_before.extend(mentions)
        self.statements.extend(statements)

    def in_quotes(self, mention: Mention) -> bool:
        """Names inside quoted speech are what is said, not who speaks."""
        spans = self.quotes.get(mention.unit.paragraph_index or 0, [])
        return any(start <= mention.char_start and mention.char_end <= end for start, end in spans)

    def offset_in_quotes(self, unit: TextUnit, at: int) -> bool:
        return any(start <= at < end for start, end in self.quotes.get(unit.paragraph_index or 0, []))

    def previous_paragraph_statement(self, unit: TextUnit) -> Statement | None:
        """The last statement of the paragraph just before this one, if any: its speaker goes on."""
        if self.statements and self.statements[-1].unit.paragraph_index == (unit.paragraph_index or 0) - 1:
            return self.statements[-1]
        return None
