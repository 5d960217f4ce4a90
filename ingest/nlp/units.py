"""The pieces of text the NLP analyses and the mentions it finds in them."""

from __future__ import annotations

from dataclasses import dataclass

from ingest.nlp.gazetteer import KnownEntity


@dataclass(frozen=True)
class TextUnit:
    """A piece of an article that is analysed on its own."""

    text_hash: str  # the article text it belongs to
    section: str  # title | caption | body
    section_index: int
    paragraph_index: int | None
    text: str  # the full text of the headline, caption or paragraph
    start: int = 0  # where the analysed part begins (after a dateline)
    end: int | None = None  # where it ends (a caption's picture credit is left out)
    repaired: str | None = None  # the text with lost apostrophes restored (same length), if any

    @property
    def analysed(self) -> str:
        return (self.repaired or self.text)[self.start : self.end]


@dataclass
class Mention:
    """A named mention; offsets are into `unit.text`."""

    unit: TextUnit
    char_start: int
    char_end: int
    label: str  # PERSON | ORG | GPE | LOC | NORP | EVENT | LAW
    known: KnownEntity | None = None  # reference-table entry, when the text is one
    role: str | None = None  # title printed before a person's name
    country_hint: str | None = None  # country the context gives ("Russian Foreign Minister ...")
    affiliation: str | None = None  # CAMEO code of the body a title names ("NATO Secretary-General ...")
    entity_key: str = ""
    entity_name: str = ""
    country_code: str | None = None

    @property
    def text(self) -> str:
        return self.unit.text[self.char_start : self.char_end]
