"""What an article establishes as it is read: who is named, in what order and sentence, as the
subject or not, with which titles, who spoke, and where the quotations are.

The speaker resolver reads it to resolve pronouns ("he said"), titles without a name ("the vice
president"), descriptions ("the company", "the two countries") and continued quotes; the event
coder reads the same context for its actors. Every lookup takes a position, so a reference only
sees what came before it, whether the context is still being filled or already complete.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc

from ingest.nlp.units import Mention, TextUnit
from ingest.reference import data_rows

if TYPE_CHECKING:
    from ingest.nlp.speakers import Speaker
    from ingest.nlp.statements import Statement

Position = tuple[int, int]  # (paragraph index, character offset in the paragraph text)


def position_of(unit: TextUnit, offset: int) -> Position:
    return (unit.paragraph_index or 0, offset)


@cache
def first_name_genders() -> dict[str, str]:
    """First name → F or M, from `data/first_names.csv` (names that are nearly always one)."""
    return {row["name"].casefold(): row["gender"] for row in data_rows("first_names.csv")}


@dataclass
class Referent:
    """Someone the article has named or quoted, where it did so."""

    speaker: Speaker
    position: Position
    sentence: int  # running number of the sentence in the article
    subject: bool  # the subject of its clause (or the speaker of a statement)
    quoted: bool  # named inside quoted speech: what is said, not who acts
    plural: bool = False


@dataclass
class Discourse:
    """One article's discourse context, filled paragraph by paragraph in reading order."""

    dateline_country: str | None = None
    referents: list[Referent] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    quotes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # paragraph → quote spans
    sentence_starts: list[tuple[Position, int]] = field(default_factory=list)  # (start, sentence no.)
    mention_counts: Counter[str] = field(default_factory=Counter)  # entity key → mentions so far
    acts: dict[str, Speaker] = field(default_factory=dict)  # event lemma → who did it last ("launch")

    # --- filling

    def add_quotes(self, unit: TextUnit, spans: list[tuple[int, int]]) -> None:
        self.quotes[unit.paragraph_index or 0] = spans

    def add_sentences(self, unit: TextUnit, doc: Doc) -> None:
        """Number the sentences of a unit (before any of its mentions or statements are added)."""
        for sentence in doc.sents:
            start = position_of(unit, sentence.start_char + unit.start)
            self.sentence_starts.append((start, len(self.sentence_starts)))

    def sentence_at(self, position: Position) -> int:
        number = 0
        for start, index in self.sentence_starts:
            if start > position:
                break
            number = index
        return number

    def add_mentions(self, unit: TextUnit, doc: Doc, mentions: list[Mention]) -> None:
        """Record the named mentions of a unit, each with its sentence and whether it is a subject."""
        from ingest.nlp.speakers import speaker_of_mention

        for mention in mentions:
            if mention.label not in ("PERSON", "ORG", "GPE", "NORP"):
                continue
            position = position_of(unit, mention.char_start)
            span = doc.char_span(
                mention.char_start - unit.start, mention.char_end - unit.start, alignment_mode="expand"
            )
            subject = span is not None and span.root.dep_ in ("nsubj", "nsubjpass")
            self.referents.append(
                Referent(
                    speaker_of_mention(mention),
                    position,
                    self.sentence_at(position),
                    subject,
                    quoted=self.in_quotes(mention),
                    plural=mention.label == "NORP" and mention.text.endswith("s"),
                )
            )
            if mention.entity_key:
                self.mention_counts[mention.entity_key] += 1
        self.referents.sort(key=lambda r: r.position)

    def add_statement(self, statement: Statement, cue_offset: int) -> None:
        """A statement's speaker becomes the subject of its sentence in the discourse."""
        if not statement.speaker.name:
            return
        self.statements.append(statement)
        position = position_of(statement.unit, cue_offset)
        self.referents.append(
            Referent(
                statement.speaker,
                position,
                self.sentence_at(position),
                subject=True,
                quoted=False,
                plural=statement.speaker.plural,
            )
        )
        self.referents.sort(key=lambda r: r.position)

    # --- reading

    def in_quotes(self, mention: Mention) -> bool:
        """Names inside quoted speech are what is said, not who speaks."""
        spans = self.quotes.get(mention.unit.paragraph_index or 0, [])
        return any(start <= mention.char_start and mention.char_end <= end for start, end in spans)

    def offset_in_quotes(self, unit: TextUnit, at: int) -> bool:
        return any(start <= at < end for start, end in self.quotes.get(unit.paragraph_index or 0, []))

    def statements_before(self, position: Position) -> list[Statement]:
        return [s for s in self.statements if position_of(s.unit, s.char_start) < position]

    def previous_paragraph_statement(self, unit: TextUnit) -> Statement | None:
        """The last statement of the paragraph just before this one, if any: its speaker goes on."""
        wanted = (unit.paragraph_index or 0) - 1
        earlier = [s for s in self.statements if s.unit.paragraph_index == wanted]
        return max(earlier, key=lambda s: s.char_start) if earlier else None

    def before(self, position: Position, pronoun: bool = False) -> list[Referent]:
        """Referents named before a position, not inside quotes, most recent sentence first and,
        within a sentence, subjects first (left to right), then the others (right to left). For
        a pronoun, only subjects count in its own sentence ("In a letter to Obama, he said")."""
        earlier = [r for r in self.referents if r.position < position and not r.quoted]
        current = self.sentence_at(position)
        ordered: list[Referent] = []
        for sentence in sorted({r.sentence for r in earlier}, reverse=True):
            in_sentence = [r for r in earlier if r.sentence == sentence]
            ordered += [r for r in in_sentence if r.subject]
            if sentence != current or not pronoun:
                ordered += [r for r in reversed(in_sentence) if not r.subject]
        return ordered

    def most_mentioned(self, position: Position, types: tuple[str, ...]) -> Speaker | None:
        """The entity of these types named most often before a position (the article's topic)."""
        candidates = [
            r for r in self.referents if r.position < position and r.speaker.type in types and r.speaker.key
        ]
        if not candidates:
            return None
        best = max(candidates, key=lambda r: (self.mention_counts[r.speaker.key or ""], -r.position[0]))
        return best.speaker

    def context_country(self, position: Position) -> str | None:
        """The country an unnamed agent ("police", "the opposition") most likely belongs to: the
        last country named before it in its sentence (cities do not count: "talks in Geneva"),
        else the dateline's, else the first one named after it in its sentence ("Kurdish forces
        attacked ... in Iraq"), else the last one of its paragraph, else the country the
        article's places and nationalities name most."""
        named = [r for r in self.referents if not r.quoted and _country(r) is not None]
        sentence = self.sentence_at(position)
        same = [r for r in named if r.sentence == sentence]
        before = [r for r in same if r.position < position]
        if before:
            return _country(before[-1])
        if self.dateline_country:
            return self.dateline_country
        if same:
            return _country(same[0])
        paragraph = [r for r in named if r.position < position and r.position[0] == position[0]]
        if paragraph:
            return _country(paragraph[-1])
        counts = Counter(
            r.speaker.mention.country_code
            for r in self.referents
            if r.position < position and r.speaker.mention is not None and r.speaker.mention.country_code
        )
        return counts.most_common(1)[0][0] if counts else None


def _country(referent: Referent) -> str | None:
    """The country a referent names as a country or nationality ("Syria's", "Iraqi")."""
    mention = referent.speaker.mention
    if mention is None or mention.label not in ("GPE", "NORP"):
        return None
    if mention.known is None or not mention.known.key.startswith(("country:", "norp:")):
        return None
    return mention.country_code


def gender_of(speaker: Speaker) -> str | None:
    """F or M for a person whose first name or role says so, else None."""
    if speaker.type != "PERSON" or not speaker.name:
        return None
    role = (speaker.role or "").casefold()
    if any(word in role for word in ("woman", "mrs", "ms.", "queen", "princess")):
        return "F"
    if any(word in role for word in ("spokesman", "chairman", "congressman", "mr.", "king", "prince")):
        return "M"
    first = speaker.name.split(" ")[0].casefold()
    return first_name_genders().get(first)
