"""Who said what: direct quotes and reported speech, each attributed through its cue.

Works on the body paragraphs of one article (spaCy docs with dependency parses) and the
article's resolved mentions:

- **Direct quotes** (`quotes.py`) of three words or more that read as speech and stand where
  speech stands are attributed to the nearest cue outside quotes in the same or next sentence.
  A quote split by its attribution ("“…,” Tillerson said. “…”") is one statement; a paragraph
  that opens with a quote and has no attribution continues the previous speaker's quote.
- **Reported speech** is the clausal complement of a cue verb (`data/speech_cues.txt`) or the
  clause introduced by "according to"; "accuse X of Y" reports "X of Y".
- **Speakers** are the subject of the cue (also inverted, "said Peskov"), or the object of
  "quoted ... as saying", resolved by `speakers.SpeakerResolver` through the article's discourse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from ingest.nlp.discourse import Discourse
from ingest.nlp.quotes import Quote, find_quotes, reads_as_speech, stands_alone, token_in_quotes
from ingest.nlp.speakers import Speaker, SpeakerResolver, subtree_bounds
from ingest.nlp.units import Mention, TextUnit
from ingest.reference import data_lines


@cache
def speech_cues() -> dict[str, str]:
    """Lemma (or phrase) → cue name, from `data/speech_cues.txt`."""
    return {line.lower(): line.lower() for line in data_lines("speech_cues.txt")}


@dataclass
class Statement:
    unit: TextUnit
    char_start: int  # in unit.text (paragraph text)
    char_end: int
    text: str
    is_direct: bool
    cue: str
    speaker: Speaker = field(default_factory=Speaker)
    audience: str | None = None
    parts: int = 1


def cue_of(token: Token) -> str | None:
    """The cue a token is ('said' → say, 'according' in 'according to'), or None."""
    cues = speech_cues()
    if token.pos_ not in ("VERB", "AUX", "NOUN") and token.lemma_.lower() not in cues:
        return None
    lemma = token.lemma_.lower()
    if lemma == "make" and any(c.lower_ == "clear" for c in token.children):
        return "make clear" if "make clear" in cues else None
    if lemma == "accord" and token.lower_ == "according":
        return "according to" if "according to" in cues else None
    return cues.get(lemma) if token.pos_ in ("VERB", "AUX") else None


def cue_subject(cue: Token) -> Token | None:
    """The noun phrase head that speaks through a cue."""
    name = cue_of(cue)
    if name == "quote":  # "Interfax quoted him as saying"
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is not None:
            return obj
    if name == "according to":
        to = next((c for c in cue.children if c.lower_ == "to"), None)
        return next((c for c in (to.children if to is not None else cue.children) if c.dep_ == "pobj"), None)
    for child in cue.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            return child
    # "..., saying ..." / conjoined verbs share the subject of the verb they hang from
    if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.i != cue.i:
        return next((c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    return None


def extract_statements(
    units_docs: list[tuple[TextUnit, Doc]], mentions: list[Mention], dateline_country: str | None = None
) -> list[Statement]:
    """Statements of one article's body paragraphs, in order."""
    discourse = Discourse(dateline_country=dateline_country)
    statements: list[Statement] = []
    for unit, doc in units_docs:
        if unit.section != "body":
            continue
        unit_mentions = [m for m in mentions if m.unit == unit]
        found = _paragraph_statements(unit, doc, unit_mentions, discourse)
        statements.extend(found)
        discourse.add_paragraph(unit_mentions, found)
    return statements


def _new_statement(unit: TextUnit, start: int, end: int, direct: bool, cue: Token) -> Statement:
    return Statement(unit, start, end, unit.text[start:end], direct, cue_of(cue) or "say")


def _attribute(statement: Statement, cue: Token, resolver: SpeakerResolver) -> Statement:
    subject = cue_subject(cue)
    if subject is not None:
        statement.speaker = resolver.resolve(subject) or Speaker()
    statement.audience = _audience(cue, statement.unit)
    return statement


def _paragraph_statements(
    unit: TextUnit, doc: Doc, mentions: list[Mention], discourse: Discourse
) -> list[Statement]:
    quotes = find_quotes(unit)
    discourse.add_quotes(unit, [(q.start, q.end) for q in quotes])
    speech = [q for q in quotes if reads_as_speech(q, unit, doc) and stands_alone(q, unit)]
    found: list[Statement] = []
    cue_tokens = [t for t in doc if cue_of(t) is not None and not token_in_quotes(t, unit, quotes)]
    resolver = SpeakerResolver(unit, doc, mentions, discourse, found)
    _direct_quotes(unit, doc, speech, cue_tokens, resolver, discourse)
    _reported_speech(unit, speech, cue_tokens, resolver)
    return sorted((s for s in found if s.speaker.name), key=lambda s: s.char_start)


def _direct_quotes(
    unit: TextUnit,
    doc: Doc,
    speech: list[Quote],
    cue_tokens: list[Token],
    resolver: SpeakerResolver,
    discourse: Discourse,
) -> None:
    """Direct quotes, attributed to the nearest cue outside quotes in the same or next sentence;
    then the quotes without a cue of their own: second halves of split quotes, continuations.
    They are added to the paragraph's statements (`resolver.earlier`) as they are found."""
    found = resolver.earlier
    pending: list[Quote] = []
    for quote in speech:
        cue = _attribution_for(quote, unit, doc, cue_tokens)
        if cue is None:
            pending.append(quote)
            continue
        statement = _new_statement(unit, quote.start, quote.end, True, cue)
        found.append(_attribute(statement, cue, resolver))
        quote.used = True
    for quote in pending:
        previous = next((s for s in reversed(found) if s.is_direct and s.char_end <= quote.open_at), None)
        if previous is not None:
            previous.text = f"{previous.text} {quote.text(unit)}"
            previous.char_end = quote.end
            previous.parts += 1
            quote.used = True
            continue
        # Reuters opens the next paragraph of a quote with a quote mark and no attribution.
        earlier = discourse.previous_paragraph_statement(unit)
        opens_paragraph = not unit.text[unit.start : quote.open_at].strip()
        if opens_paragraph and earlier is not None:
            found.append(_continuation(unit, quote, earlier))
            quote.used = True


def _reported_speech(
    unit: TextUnit,
    speech: list[Quote],
    cue_tokens: list[Token],
    resolver: SpeakerResolver,
) -> None:
    """Clausal complements of cues, "according to", "accuse X of Y", added to the paragraph's
    statements (`resolver.earlier`)."""
    found = resolver.earlier
    clauses: dict[int, tuple[int, Token, int]] = {}  # start → (distance to its cue, cue, end)
    for cue in cue_tokens:
        clause = _reported_clause(cue, unit)
        if clause is None:
            continue
        start, end = clause
        if any(q.used and abs(q.open_at - start) <= 2 for q in speech):
            continue  # the clause opens with a direct quote already taken ("told X that “...” ...")
        if any(s.char_start <= start < s.char_end for s in found if s.is_direct):
            continue
        # "A said X, newspaper B reported": both cues claim a clause starting at X; the cue next
        # to the clause is its speaker, the farther one only relays it.
        cue_at = cue.idx + unit.start
        distance = min(abs(start - (cue_at + len(cue.text))), abs(cue_at - end))
        if start not in clauses or distance < clauses[start][0]:
            clauses[start] = (distance, cue, end)
    for start, (_, cue, end) in sorted(clauses.items(), key=lambda item: item[1][1].i):
        found.append(_attribute(_new_statement(unit, start, end, False, cue), cue, resolver))


def _continuation(unit: TextUnit, quote: Quote, earlier: Statement) -> Statement:
    speaker = earlier.speaker
    return Statement(
        unit,
        quote.start,
        quote.end,
        quote.text(unit),
        True,
        earlier.cue,
        speaker=Speaker(name=speaker.name, type=speaker.type, key=speaker.key),
    )


def _attribution_for(quote: Quote, unit: TextUnit, doc: Doc, cues: list[Token]) -> Token | None:
    """The cue that attributes a quote: right after it (“…,” X said) or right before it (X said: “…”)."""
    close = quote.last
    after = [t for t in cues if t.idx + unit.start > close]
    before = [t for t in cues if t.idx + unit.start < quote.open_at]
    if after:
        cue = after[0]
        gap = unit.text[close + 1 : cue.idx + unit.start]
        # "“…,” Tillerson said" / "“…,” said the official" — no other sentence in between
        if not re.search(r"[.?!][”\"]?\s+[“\"A-Z]", gap) and len(gap) < 120:
            return cue
    if before:
        cue = before[-1]
        gap = unit.text[cue.idx + unit.start + len(cue.text) : quote.open_at]
        if len(gap) < 120 and not re.search(r"[.?!]\s", gap):
            return cue
    return None


def _reported_clause(cue: Token, unit: TextUnit) -> tuple[int, int] | None:
    """Bounds of what the cue reports, or None when it reports no clause."""
    name = cue_of(cue)
    cue_end = max(x.i for x in cue.subtree)
    if name == "according to":
        # "According to X, <clause>": the clause the phrase is attached to, after the phrase
        tokens = [t for t in cue.head.subtree if t.i > cue_end]
        return subtree_bounds(tokens, unit)
    if name == "accuse":
        # "accused Russia of trying to interfere ...": the accused and the accusation
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "over")), None)
        tokens = list(obj.subtree) + (list(prep.subtree) if prep is not None else [])
        if prep is None and not any(t.dep_ == "prep" and t.lower_ in ("of", "over") for t in obj.subtree):
            return None
        return subtree_bounds(tokens, unit)
    clause = _clausal_complement(cue, name)
    if clause is None:
        return None
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause and t.lower_ == "that")]
    if clause.i < cue.i:
        # the clause precedes its cue ("Moscow was to blame ..., Tillerson said"): stop before it
        cue_span = {t.i for t in cue.subtree} if clause in cue.ancestors else set()
        tokens = [t for t in tokens if t.i < cue.i and t.i not in cue_span]
    else:
        # and a clause after its cue starts after it ("Speaking at ..., Tillerson said Moscow ...")
        tokens = [t for t in tokens if t.i > cue.i]
    return subtree_bounds(tokens, unit)


def _clausal_complement(cue: Token, name: str | None) -> Token | None:
    """The finite clause a cue reports (infinitives such as 'threatened to act' are not speech)."""
    heads = [cue]
    if name == "make clear":
        heads += [c for c in cue.children if c.lower_ == "clear"]
    clauses = [
        c
        for head in heads
        for c in head.children
        if c.dep_ in ("ccomp", "csubj") and c.lower_ != "clear" and c.pos_ not in ("PUNCT", "PRON")
    ]
    if clauses:
        # a clause after the cue wins ("Speaking at ..., Tillerson said Moscow was ...")
        after = [c for c in clauses if c.i > cue.i]
        return after[0] if after else clauses[-1]
    obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
    if obj is not None:
        # "denied accusations that it fomented ...": the clause of the object
        clause = next(
            (
                c
                for c in obj.children
                if c.dep_ in ("acl", "ccomp", "relcl")
                and c.pos_ in ("VERB", "AUX")
                and any(m.dep_ == "mark" for m in c.children)
            ),
            None,
        )
        if clause is not None:
            return clause
    if cue.dep_ == "relcl" and cue.i + 1 < len(cue.doc):
        # "a move Moscow said ended hopes": the verb right after the cue
        following = cue.doc[cue.i + 1]
        return following if following.pos_ == "VERB" else None
    if cue.dep_ == "parataxis" and cue.head.i < cue.i:
        # "U.S. officials broke into ..., the foreign ministry said": the sentence it comments on
        return cue.head
    return None


def _audience(cue: Token, unit: TextUnit) -> str | None:
    """Who was told: 'told Fox News', 'told a news conference', 'told reporters'."""
    if (cue_of(cue) or "") not in ("tell", "say", "add"):
        return None
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN"):
            tokens = [t for t in child.subtree if t.dep_ not in ("relcl", "acl") and t.i <= child.i + 4]
            bounds = subtree_bounds(tokens, unit)
            if bounds:
                return unit.text[bounds[0] : bounds[1]]
    return None
