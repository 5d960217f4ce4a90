"""Who said what: direct quotes and reported speech, with speakers resolved to entities.

Works on the body paragraphs of one article (spaCy docs with dependency parses) and the
article's resolved mentions:

- **Direct quotes** are text in double quotation marks (curly or straight) of three words or
  more that read as speech (a verb or closing punctuation inside) and stand where speech stands:
  at the start of a sentence, after a colon, or right after "that" following a cue. A quote split
  by its attribution ("“…,” Tillerson said. “…”") is one statement; a paragraph that opens with a
  quote and has no attribution continues the previous speaker's quote. Scare quotes ("badly")
  stay part of the surrounding text.
- **Reported speech** is the clausal complement of a cue verb (`data/speech_cues.txt`) or the
  clause introduced by "according to"; "accuse X of Y" reports "X of Y".
- **Speakers** are the subject of the cue (also inverted, "said Peskov"), an appositive name
  ("the U.S. envoy to NATO, Kay Bailey Hutchison"), the object of "quoted ... as saying",
  pronouns resolved to the most recent compatible speaker or mention, and definite descriptions
  ("the ministry", "the official") resolved to an earlier speaker or mention with that head noun.
  Unnamed sources keep their words as the speaker ("one Iranian official") with type UNKNOWN.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

from spacy.tokens import Doc, Token

from ingest.nlp.units import Mention, TextUnit

OPEN_QUOTES = '“"'
CLOSE_QUOTES = '”"'
_QUOTE_OPEN = re.compile(r"[“\"]")
_SPEECH_END = re.compile(r"[,.?!…:;]\s*$")
PRONOUNS = {
    "he": "PERSON",
    "she": "PERSON",
    "him": "PERSON",
    "her": "PERSON",
    "it": "ORG",
    "they": "PLURAL",
    "them": "PLURAL",
    "we": "PLURAL",
    "i": "PERSON",
}
ARTICLES = ("the ", "a ", "an ")


@cache
def speech_cues() -> dict[str, str]:
    """Lemma (or phrase) → cue name, from `data/speech_cues.txt`."""
    text = resources.files("ingest").joinpath("data", "speech_cues.txt").read_text("utf-8")
    cues = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if line:
            cues[line.lower()] = line.lower()
    return cues


@dataclass
class Statement:
    unit: TextUnit
    char_start: int  # in unit.text (paragraph text)
    char_end: int
    text: str
    is_direct: bool
    cue: str
    speaker_name: str | None = None
    speaker_type: str = "UNKNOWN"
    speaker_key: str | None = None
    audience: str | None = None
    parts: int = 1
    head_noun: str | None = None  # of an unnamed speaker ("official"), for later "the official"
    mention: Mention | None = None  # the speaker's mention, when the speaker is named


@dataclass
class _Quote:
    start: int  # in unit.text, after the opening mark
    end: int  # before the closing mark (or the paragraph end when unclosed)
    open_at: int
    close_at: int | None  # index of the closing mark, None when the quote runs on
    used: bool = False

    def text(self, unit: TextUnit) -> str:
        return unit.text[self.start : self.end]


@dataclass
class _Context:
    """What earlier paragraphs of the article established (for pronouns and continuations)."""

    statements: list[Statement] = field(default_factory=list)
    mentions_before: list[Mention] = field(default_factory=list)
    quotes: dict[int, list[tuple[int, int]]] = field(default_factory=dict)  # paragraph → quote spans

    def in_quotes(self, mention: Mention) -> bool:
        """Names inside quoted speech are what is said, not who speaks."""
        spans = self.quotes.get(mention.unit.paragraph_index or 0, [])
        return any(start <= mention.char_start and mention.char_end <= end for start, end in spans)


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


def _quote_spans(text: str, begin: int, stop: int) -> Iterator[tuple[int, int, bool]]:
    """(open mark, end, closed) of each top-level quotation: a curly quote closes at its matching
    ” (“…“nested”…” counts as one), an unclosed one ends before the next “; a straight quote
    closes at the next straight quote, unless that one reopens (see `_reopens`)."""
    at = begin
    while at < stop:
        match = _QUOTE_OPEN.search(text, at, stop)
        if match is None:
            return
        opened = match.start()
        if text[opened] == '"':
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
            continue
        depth, position, end, closed = 0, opened + 1, None, False
        while position < stop:
            char = text[position]
            if char == "“":
                depth += 1
            elif char == "”":
                if depth == 0:
                    end, closed = position + 1, True
                    break
                depth -= 1
            position += 1
        if end is None:  # never closed: the quote runs to the next opening mark, as printed
            following = text.find("“", opened + 1, stop)
            end = following if following >= 0 else stop
        yield opened, end, closed
        at = end


def _quotes(unit: TextUnit) -> list[_Quote]:
    found = []
    stop = len(unit.text) if unit.end is None else unit.end
    for opened, after, closed in _quote_spans(unit.text, unit.start, stop):
        start = opened + 1
        end = after - 1 if closed else after
        inner = unit.text[start:end]
        lead = len(inner) - len(inner.lstrip())
        trail = len(inner) - len(inner.rstrip())
        found.append(_Quote(start + lead, end - trail, opened, after - 1 if closed else None))
    return [q for q in found if q.end > q.start]


def _is_speech(quote: _Quote, unit: TextUnit, doc: Doc) -> bool:
    """Three words or more that read as speech, not a scare quote like “foreign agents”."""
    text = quote.text(unit)
    if len(text.split()) < 3:
        return False
    if _SPEECH_END.search(text) or quote.close_at is None:
        return True
    span = doc.char_span(quote.start - unit.start, quote.end - unit.start, alignment_mode="expand")
    return span is not None and any(t.pos_ in ("VERB", "AUX") for t in span)


def _stands_alone(quote: _Quote, unit: TextUnit) -> bool:
    """At a sentence start, after a colon, or after 'that' following a cue ('told X that “...')."""
    before = unit.text[unit.start : quote.open_at].rstrip()
    if not before:
        return True
    if before.endswith((":", ".", "?", "!", "”", '"', "…")):
        return True
    return bool(re.search(r"\bthat$", before))


def _token_in_quotes(token: Token, unit: TextUnit, quotes: list[_Quote]) -> bool:
    at = token.idx + unit.start
    return any(q.open_at <= at <= (q.close_at if q.close_at is not None else q.end) for q in quotes)


def _cue_of(token: Token) -> str | None:
    cues = speech_cues()
    if token.pos_ not in ("VERB", "AUX", "NOUN") and token.lemma_.lower() not in cues:
        return None
    lemma = token.lemma_.lower()
    if lemma == "make" and any(c.lower_ == "clear" for c in token.children):
        return "make clear" if "make clear" in cues else None
    if lemma == "accord" and token.lower_ == "according":
        return "according to" if "according to" in cues else None
    return cues.get(lemma) if token.pos_ in ("VERB", "AUX") else None


def extract_statements(units_docs: list[tuple[TextUnit, Doc]], mentions: list[Mention]) -> list[Statement]:
    """Statements of one article's body paragraphs, in order."""
    context = _Context()
    statements: list[Statement] = []
    body = [(u, d) for u, d in units_docs if u.section == "body"]
    for unit, doc in body:
        unit_mentions = [m for m in mentions if m.unit == unit]
        found = _paragraph_statements(unit, doc, unit_mentions, context)
        statements.extend(found)
        context.statements.extend(found)
        context.mentions_before.extend(unit_mentions)
    return statements


def _paragraph_statements(
    unit: TextUnit, doc: Doc, mentions: list[Mention], context: _Context
) -> list[Statement]:
    quotes = _quotes(unit)
    context.quotes[unit.paragraph_index or 0] = [(q.start, q.end) for q in quotes]
    speech = [q for q in quotes if _is_speech(q, unit, doc) and _stands_alone(q, unit)]
    found: list[Statement] = []
    cue_tokens = [t for t in doc if _cue_of(t) is not None and not _token_in_quotes(t, unit, quotes)]
    resolver = SpeakerResolver(unit, doc, mentions, context, found)

    # Direct quotes, attributed to the nearest cue outside quotes in the same or next sentence.
    pending: list[_Quote] = []
    for quote in speech:
        cue = _attribution_for(quote, unit, doc, cue_tokens)
        if cue is None:
            pending.append(quote)
            continue
        statement = Statement(
            unit, quote.start, quote.end, quote.text(unit), True, _cue_of(cue) or "say", parts=1
        )
        resolver.speaker_of(cue, statement)
        statement.audience = _audience(cue, unit)
        quote.used = True
        found.append(statement)
    # Quotes without their own cue: the second half of a split quote, or a continuation.
    for quote in pending:
        previous = next((s for s in reversed(found) if s.is_direct and s.char_end <= quote.open_at), None)
        if previous is not None:
            previous.text = f"{previous.text} {quote.text(unit)}"
            previous.char_end = quote.end
            previous.parts += 1
            quote.used = True
            continue
        # Reuters opens the next paragraph of a quote with a quote mark and no attribution.
        earlier = _previous_paragraph_quote(context, unit)
        opens_paragraph = not unit.text[unit.start : quote.open_at].strip()
        if opens_paragraph and earlier is not None:
            found.append(_continuation(unit, quote, earlier))
            quote.used = True

    # Reported speech: clausal complements of cues, "according to", "accuse X of Y".
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
        statement = Statement(unit, start, end, unit.text[start:end], False, _cue_of(cue) or "say")
        resolver.speaker_of(cue, statement)
        statement.audience = _audience(cue, unit)
        found.append(statement)
    return sorted((s for s in found if s.speaker_name), key=lambda s: s.char_start)


def _previous_paragraph_quote(context: _Context, unit: TextUnit) -> Statement | None:
    """The last statement of the paragraph just before this one, if any: its speaker goes on."""
    if context.statements and context.statements[-1].unit.paragraph_index == (unit.paragraph_index or 0) - 1:
        return context.statements[-1]
    return None


def _continuation(unit: TextUnit, quote: _Quote, earlier: Statement) -> Statement:
    return Statement(
        unit,
        quote.start,
        quote.end,
        quote.text(unit),
        True,
        earlier.cue,
        speaker_name=earlier.speaker_name,
        speaker_type=earlier.speaker_type,
        speaker_key=earlier.speaker_key,
    )


def _attribution_for(quote: _Quote, unit: TextUnit, doc: Doc, cues: list[Token]) -> Token | None:
    """The cue that attributes a quote: right after it (“…,” X said) or right before it (X said: “…”)."""
    close = quote.close_at if quote.close_at is not None else quote.end
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


def _subtree_bounds(tokens: list[Token], unit: TextUnit) -> tuple[int, int] | None:
    tokens = [t for t in tokens if not (t.is_punct and t.text not in ("(", ")", "“", "”", '"'))]
    if not tokens:
        return None
    start = min(t.idx for t in tokens) + unit.start
    end = max(t.idx + len(t.text) for t in tokens) + unit.start
    text = unit.text[start:end]
    # a clause never ends on an opening mark or begins with a closing one
    text_start = len(text) - len(text.lstrip('”" '))
    return (start + text_start, end) if end > start + text_start else None


def _reported_clause(cue: Token, unit: TextUnit) -> tuple[int, int] | None:
    """Bounds of what the cue reports, or None when it reports no clause."""
    name = _cue_of(cue)
    cue_end = max(x.i for x in cue.subtree)
    if name == "according to":
        # "According to X, <clause>": the clause the phrase is attached to, after the phrase
        tokens = [t for t in cue.head.subtree if t.i > cue_end]
        return _subtree_bounds(tokens, unit)
    if name == "accuse":
        # "accused Russia of trying to interfere ...": the accused and the accusation
        obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
        if obj is None:
            return None
        prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ in ("of", "over")), None)
        tokens = list(obj.subtree) + (list(prep.subtree) if prep is not None else [])
        if prep is None and not any(t.dep_ == "prep" and t.lower_ in ("of", "over") for t in obj.subtree):
            return None
        return _subtree_bounds(tokens, unit)
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
    return _subtree_bounds(tokens, unit)


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
    if (_cue_of(cue) or "") not in ("tell", "say", "add"):
        return None
    for child in cue.children:
        if child.dep_ in ("dobj", "dative") and child.pos_ in ("NOUN", "PROPN"):
            tokens = [t for t in child.subtree if t.dep_ not in ("relcl", "acl") and t.i <= child.i + 4]
            bounds = _subtree_bounds(tokens, unit)
            if bounds:
                return unit.text[bounds[0] : bounds[1]]
    return None


# Heads of a subject that name a medium, not a speaker: "an April U.S. State Department report".
DOCUMENT_NOUNS = frozenset(
    "report statement document letter memo study survey release filing website newspaper paper "
    "communique communiqué post tweet broadcast bulletin".split()
)
# Definite descriptions of organisations and the words their names carry ("the alliance" → NATO).
ORGANISATION_HEADS = {
    "alliance": ("alliance", "organization", "nato", "pact", "treaty"),
    "ministry": ("ministry",),
    "department": ("department",),
    "militia": ("forces", "militia", "army", "front", "brigade", "group"),
    "group": ("group", "forces", "front", "party", "state"),
    "agency": ("agency", "news", "tass", "ria", "interfax"),
    "company": ("inc", "corp", "company", "co", "group"),
    "government": ("government", "kremlin", "white house", "cabinet"),
    "party": ("party",),
    "bank": ("bank",),
    "council": ("council",),
    "committee": ("committee",),
    "court": ("court",),
    "union": ("union",),
    "organization": ("organization",),
}


class SpeakerResolver:
    """Turn a noun phrase (the subject of a cue, an event's actor) into a name, type and entity key.

    It fills the `speaker_name`, `speaker_type`, `speaker_key`, `head_noun` (and `mention`, when
    it has one) of the object it is given: a Statement or an events actor.
    """

    def __init__(
        self, unit: TextUnit, doc: Doc, mentions: list[Mention], context: _Context, found: list[Statement]
    ):
        self.unit, self.doc, self.mentions, self.context, self.found = unit, doc, mentions, context, found

    def _mention_at(self, token: Token) -> Mention | None:
        at = token.idx + self.unit.start
        return next((m for m in self.mentions if m.char_start <= at < m.char_end), None)

    def speaker_of(self, cue: Token, statement: Statement) -> None:
        subject = self._subject(cue)
        if subject is not None:
            self._resolve(subject, statement)

    def resolve_token(self, token: Token, target) -> None:
        """Resolve any noun phrase head (an event's actor) onto `target`."""
        self._resolve(token, target)

    def _subject(self, cue: Token) -> Token | None:
        name = _cue_of(cue)
        if name == "quote":  # "Interfax quoted him as saying"
            obj = next((c for c in cue.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return obj
        if name == "according to":
            to = next((c for c in cue.children if c.lower_ == "to"), None)
            return next(
                (c for c in (to.children if to is not None else cue.children) if c.dep_ == "pobj"), None
            )
        for child in cue.children:
            if child.dep_ in ("nsubj", "nsubjpass"):
                return child
        # "..., saying ..." / conjoined verbs share the subject of the verb they hang from
        if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.i != cue.i:
            return next((c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return None

    def _resolve(self, subject: Token, statement: Statement) -> None:
        # an appositive name wins over the description: "the U.S. envoy to NATO, Kay Bailey Hutchison"
        appositions = [t for t in subject.subtree if t.dep_ == "appos" and t.head.i >= subject.left_edge.i]
        for child in appositions:
            mention = self._mention_at(child)
            if mention is not None and mention.label in ("PERSON", "ORG", "GPE") and subject.pos_ != "PROPN":
                self._take(mention, statement)
                return
        mention = self._mention_at(subject)
        if mention is not None and mention.label in ("PERSON", "ORG", "GPE", "LOC"):
            self._take(mention, statement)
            return
        if (pronoun := PRONOUNS.get(subject.lower_)) is not None:
            self._pronoun(pronoun, statement, subject)
            return
        head = subject.lemma_.lower()
        inside = self._mentions_in_noun_phrase(subject)
        persons = [m for m in inside if m.label == "PERSON"]
        if len(persons) == 1 and head not in DOCUMENT_NOUNS:
            self._take(persons[0], statement)  # "Ukraine’s Commander-in-Chief Viktor Muzhenko"
            return
        if head in DOCUMENT_NOUNS and (named := [m for m in inside if m.label in ("ORG", "GPE", "PERSON")]):
            self._take(named[-1], statement)  # "an April U.S. State Department report"
            return
        phrase = self._phrase(subject)
        if phrase.lower().startswith("the ") and self._definite(head, statement, subject):
            return
        statement.speaker_name = _strip_article(phrase)
        statement.speaker_type = "UNKNOWN"
        statement.head_noun = head

    def _take(self, mention: Mention, statement: Statement) -> None:
        statement.speaker_name = mention.entity_name or mention.text
        statement.speaker_type = mention.label if mention.label in ("PERSON", "ORG", "GPE") else "GPE"
        statement.speaker_key = mention.entity_key or None
        statement.mention = mention

    def _noun_phrase_tokens(self, subject: Token) -> list[Token]:
        """The subject and what modifies it, without relative clauses and appositions."""
        cut = {"relcl", "appos", "acl", "advcl"}
        return [
            t
            for t in subject.subtree
            if t == subject
            or not (
                t.dep_ in cut
                or any(a.dep_ in cut and a.i != subject.i for a in t.ancestors if a in subject.subtree)
            )
        ]

    def _mentions_in_noun_phrase(self, subject: Token) -> list[Mention]:
        tokens = self._noun_phrase_tokens(subject)
        starts = {t.idx + self.unit.start for t in tokens}
        return [m for m in self.mentions if any(m.char_start <= at < m.char_end for at in starts)]

    def _phrase(self, subject: Token) -> str:
        """The words of an unnamed speaker, spelled-out organisation names made canonical
        ("a Belarussian defense ministry spokesman" → "Belarusian Defense Ministry spokesman")."""
        tokens = self._noun_phrase_tokens(subject)
        bounds = _subtree_bounds(tokens, self.unit)
        if bounds is None:
            return subject.text
        start, end = bounds
        # "U.S. officials": a place glued on the left that the parse attached elsewhere
        left = next(
            (
                m
                for m in self.mentions
                if m.char_end <= start and not self.unit.text[m.char_end : start].strip()
            ),
            None,
        )
        if left is not None and left.label in ("GPE", "NORP"):
            start = left.char_start
        text = self.unit.text[start:end]
        for mention in sorted(self.mentions, key=lambda m: -m.char_start):
            if start <= mention.char_start and mention.char_end <= end and mention.label == "ORG":
                surface = mention.text
                if mention.entity_name and any(ch.islower() for ch in surface):
                    offset = mention.char_start - start
                    text = text[:offset] + mention.entity_name + text[offset + len(surface) :]
        return text

    def _earlier_statements(self) -> list[Statement]:
        return self.context.statements + self.found

    def _pronoun(self, kind: str, statement: Statement, subject: Token) -> None:
        wanted = {"PERSON": ("PERSON",), "ORG": ("ORG", "GPE")}.get(kind)
        if wanted is None:
            statement.speaker_name, statement.speaker_type = subject.text, "UNKNOWN"
            return
        at = subject.idx + self.unit.start
        # the subject of the sentence the pronoun stands in ("Twitter ... when it accused RT")
        root = subject.sent.root
        main_subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if main_subject is not None and main_subject.i < subject.i:
            mention = self._mention_at(main_subject)
            if mention is not None and mention.label in wanted and not self.context.in_quotes(mention):
                self._take(mention, statement)
                return
        for earlier in reversed(self._earlier_statements()):
            if earlier.unit == self.unit and earlier.char_start > at:
                continue
            if earlier.speaker_type in wanted:
                statement.speaker_name, statement.speaker_type = earlier.speaker_name, earlier.speaker_type
                statement.speaker_key = earlier.speaker_key
                return
        before = [m for m in self.context.mentions_before + self.mentions if m.label in wanted]
        before = [
            m for m in before if (m.unit != self.unit or m.char_end <= at) and not self.context.in_quotes(m)
        ]
        if before:
            self._take(before[-1], statement)

    def _definite(self, head: str, statement: Statement, subject: Token) -> bool:
        """'the official' → an earlier unnamed speaker with that head; 'the ministry' → an earlier body."""
        for earlier in reversed(self._earlier_statements()):
            if earlier.head_noun == head and earlier.speaker_name:
                statement.speaker_name, statement.speaker_type = earlier.speaker_name, earlier.speaker_type
                statement.speaker_key, statement.head_noun = earlier.speaker_key, head
                return True
        words = ORGANISATION_HEADS.get(head)
        if words is None:
            return False
        at = subject.idx + self.unit.start
        before = self.context.mentions_before + [m for m in self.mentions if m.char_end <= at]
        for mention in reversed(before):
            name = (mention.entity_name or mention.text).lower()
            if mention.label == "ORG" and any(word in name for word in words):
                self._take(mention, statement)
                return True
        return False


def _strip_article(phrase: str) -> str:
    lowered = phrase.lower()
    for article in ARTICLES:
        if lowered.startswith(article):
            return phrase[len(article) :]
    return phrase
