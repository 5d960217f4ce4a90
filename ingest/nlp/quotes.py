"""Quotations in a paragraph: where each opens and closes, and whether it reads as speech.

Wire copy quotes with curly or straight double marks. A curly quote closes at its matching ”
(“…“nested”…” counts as one); a straight one at the next straight mark, unless that mark reopens
a quotation (a paragraph that runs on into the next is reopened without being closed). A quote
that never closes runs to the next opening mark or to the paragraph's end, as printed.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ingest.nlp.units import TextUnit

_QUOTE_OPEN = re.compile(r"[“\"]")
_SPEECH_END = re.compile(r"[,.?!…:;]\s*$")


@dataclass
class Quote:
    start: int  # in unit.text, after the opening mark
    end: int  # before the closing mark (or the paragraph end when unclosed)
    open_at: int
    close_at: int | None  # index of the closing mark, None when the quote runs on
    used: bool = False

    def text(self, unit: TextUnit) -> str:
        return unit.text[self.start : self.end]

    @property
    def last(self) -> int:
        """The last character that belongs to the quotation, its closing mark included."""
        return self.close_at if self.close_at is not None else self.end


def _reopens(text: str, mark: int, stop: int) -> bool:
    """A straight quote that opens a new quotation instead of closing the current one: after a
    finished sentence and a space, before a word. Wire copy that joins paragraphs keeps the print
    convention where a quote running on into the next paragraph is not closed, only reopened."""
    if mark + 1 >= stop or text[mark + 1].isspace() or not text[mark - 1].isspace():
        return False
    last = mark - 1
    while last > 0 and text[last].isspace():
        last -= 1
    return text[last] in ".?!…"


def _curly_end(text: str, opened: int, stop: int) -> tuple[int, bool]:
    """(end, closed) of a curly quotation opened at `opened`."""
    depth = 0
    for position in range(opened + 1, stop):
        char = text[position]
        if char == "“":
            depth += 1
        elif char == "”":
            if depth == 0:
                return position + 1, True
            depth -= 1
    following = text.find("“", opened + 1, stop)  # never closed: runs to the next opening mark
    return (following if following >= 0 else stop), False


def quote_spans(text: str, begin: int, stop: int) -> Iterator[tuple[int, int, bool]]:
    """(open mark, end, closed) of each top-level quotation between `begin` and `stop`."""
    at = begin
    while at < stop:
        match = _QUOTE_OPEN.search(text, at, stop)
        if match is None:
            return
        opened = match.start()
        if text[opened] == "“":
            end, closed = _curly_end(text, opened, stop)
            yield opened, end, closed
            at = end
            continue
        close = text.find('"', opened + 1, stop)
        if close < 0:
            yield opened, stop, False
            return
        if _reopens(text, close, stop):  # "...first paragraph.  "Second paragraph..."
            yield opened, close, False
            at = close
            continue
        yield opened, close + 1, True
        at = close + 1


def find_quotes(unit: TextUnit) -> list[Quote]:
    """The non-empty quotations of the analysed part of a unit, inner whitespace trimmed."""
    found = []
    stop = len(unit.text) if unit.end is None else unit.end
    for opened, after, closed in quote_spans(unit.text, unit.start, stop):
        start = opened + 1
        end = after - 1 if closed else after
        inner = unit.text[start:end]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        found.append(Quote(start + lead, end - trail, opened, after - 1 if closed else None))
    return [q for q in found if q.end > q.start]


def reads_as_speech(quote: Quote, unit: TextUnit, doc: Doc, min_words: int = 3) -> bool:
    """Three words or more (two right after a cue: “We’ll see,”) that read as speech, not a
    scare quote like “foreign agents”."""
    text = quote.text(unit)
    if len(text.split()) < min_words:
        return False
    if _SPEECH_END.search(text) or quote.close_at is None:
        return True
    span = doc.char_span(quote.start - unit.start, quote.end - unit.start, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def stands_alone(quote: Quote, unit: TextUnit) -> bool:
    """At a sentence start, after a colon, or after 'that' following a cue ('told X that “...')."""
    before = unit.text[unit.start : quote.open_at].rstrip()
    if not before:
        return True
    if before.endswith((":", ".", "?", "!", "”", '"', "…")):
        return True
    return bool(re.search(r"\bthat$", before))


def token_in_quotes(token: Token, unit: TextUnit, quotes: list[Quote]) -> bool:
    at = token.idx + unit.start
    return any(q.open_at <= at <= q.last for q in quotes)
