"""Who said what: direct quotes and reported speech, each attributed through its cue.

Works on the body paragraphs of one article (spaCy docs with dependency parses) and the
article's resolved mentions:

- **Cues** are the verbs of `data/speech_cues.csv`, each with how it reports: a clause ("said
  that X"), its object ("urged X to Y"), a preposition's object ("warned against X"), or the
  clause a phrase is attached to ("according to X, Y").
- **Direct quotes** (`quotes.py`) of three words or more that read as speech and stand where
  speech stands are attributed to the nearest cue outside quotes in the same or next sentence.
  A quote split by its attribution ("“…,” Tillerson said. “…”") is one statement; a paragraph
  that opens with a quote and has no attribution continues the previous speaker's quote.
- **Speakers** are the subject of the cue (also inverted, "said Peskov"), the object of "quoted
  ... as saying", the object of a verb that makes someone speak ("led North Korea to say"), or
  for a subjectless cue the name before it ("Trump, citing protocol, said"), resolved by
  `speakers.SpeakerResolver` through the article's discourse.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from ingest.nlp.discourse import Discourse
from ingest.nlp.quotes import Quote, find_quotes, reads_as_speech, stands_alone, token_in_quotes
from ingest.nlp.speakers import (
    Speaker,
    SpeakerResolver,
    misread_subject,
    named_later,
    same_speaker,
    subtree_bounds,
)
from ingest.nlp.units import Mention, TextUnit
from ingest.reference import data_rows

# Reported clauses end before a trailing clause set off by a comma that is the reporter's frame,
# not the speaker's words: "…, after he sparked a firestorm", "…, although the North had never".
FRAME_MARKS = frozenset({"although", "though", "whereas", "after", "before"})


@dataclass(frozen=True)
class Cue:
    name: str
    lemma: str
    companion: str | None  # a word that must depend on the verb
    content: tuple[str, ...]  # clause | object | prep | host, in order of preference
    complement: tuple[str, ...] = ()  # what completes an object: "to" (an infinitive) or prepositions
    example: str = ""  # a sentence it attributes (tested)


@cache
def speech_cues() -> dict[str, list[Cue]]:
    """Lemma → its cues (those with a companion first), from `data/speech_cues.csv`."""
    by_lemma: dict[str, list[Cue]] = {}
    for row in data_rows("speech_cues.csv"):
        cue = Cue(
            row["cue"],
            row["lemma"],
            row["with"] or None,
            tuple(row["content"].split("|")),
            tuple(w for w in row["complement"].split("|") if w),
            row["example"],
        )
        by_lemma.setdefault(cue.lemma, []).append(cue)
    for options in by_lemma.values():
        options.sort(key=lambda c: c.companion is None)
    return by_lemma


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
    cue_start: int = 0  # where its cue is, in unit.text


def cue_entry(token: Token) -> Cue | None:
    """The cue a token is ('said' → say, 'according' in 'according to'), or None. An infinitive
    ("was to blame", "plans to announce") reports no speech."""
    cues = speech_cues()
    options = cues.get(token.lemma_) or cues.get(token.lemma_.lower())
    if not options:
        return None
    if token.lower_ == "according":
        return next((c for c in options if c.companion == "to"), None)
    if token.pos_ not in ("VERB", "AUX") or _intended(token):
        return None
    words = {c.lower_ for c in token.children} | {c.lemma_.lower() for c in token.children}
    return next((c for c in options if c.companion is None or c.companion in words), None)


def _intended(token: Token) -> bool:
    """An infinitive that is not yet speech ("plans to announce", "was to blame"), unlike one
    whose speaker is the object of the verb above it ("led North Korea to say")."""
    if not any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children):
        return False
    return not (token.dep_ == "xcomp" and any(c.dep_ == "dobj" for c in token.head.children))


def cue_of(token: Token) -> str | None:
    entry = cue_entry(token)
    return entry.name if entry is not None else None


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
    if cue.dep_ == "xcomp" and (controller := next((c for c in cue.head.children if c.dep_ == "dobj"), None)):
        return controller  # "His remarks led North Korea to say ...": North Korea speaks
    if cue.dep_ == "conj":
        # "said he did not know ... but acknowledged ...": the speaker of the cue it continues
        outer = next((a for a in cue.ancestors if cue_of(a) is not None), None)
        if outer is not None:
            return cue_subject(outer)
    if cue.tag_ == "VBG":
        # "..., the company said, while adding that ...": the speaker of the cue before it
        earlier = [t for t in cue.sent if t.i < cue.i and cue_entry(t) is not None and t.tag_ != "VBG"]
        if earlier:
            return cue_subject(earlier[-1])
    # "..., saying ..." / conjoined verbs share the subject of the verb they hang from
    if cue.dep_ in ("advcl", "conj", "xcomp") and cue.head.i != cue.i:
        subject = next((c for c in cue.head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
    return _name_before(cue)


def _name_before(cue: Token) -> Token | None:
    """A subjectless cue's speaker, misparsed beside it: 'Trump, citing protocol, said',
    '..., the South and the United States said'."""
    before = cue.i - 1
    while (
        before >= cue.sent.start and cue.doc[before].pos_ in ("ADV", "PUNCT") and cue.doc[before].text != ","
    ):
        before -= 1
    if before >= cue.sent.start and cue.doc[before].pos_ in ("PROPN", "NOUN"):
        token = cue.doc[before]
        while token.dep_ in ("conj", "compound") and token.head.i < cue.i and token.head != token:
            token = token.head
        return token
    return misread_subject(cue)


def extract_statements(
    units_docs: list[tuple[TextUnit, Doc]], mentions: list[Mention], discourse: Discourse
) -> list[Statement]:
    """Statements of one article's body paragraphs, in order. The article's discourse is filled
    as the paragraphs are read (the event coder reads it afterwards)."""
    statements: list[Statement] = []
    for unit, doc in units_docs:
        if unit.section != "body":
            continue
        unit_mentions = [m for m in mentions if m.unit == unit]
        statements.extend(_paragraph_statements(unit, doc, unit_mentions, discourse))
    for statement in statements:
        # "a Russian general said ... Major-General Igor Konashenkov said": named later
        if (named := named_later(statement.speaker, discourse)) is not None:
            statement.speaker = named
    return statements


def _new_statement(unit: TextUnit, start: int, end: int, direct: bool, cue: Token) -> Statement:
    name = cue_of(cue) or "say"
    if cue.tag_ == "VBG" and any(cue_of(a) == "quote" for a in cue.ancestors):
        name = "quote"  # "Interfax quoted him as saying ..."
    statement = Statement(unit, start, end, unit.text[start:end], direct, name)
    statement.cue_start = cue.idx + unit.start
    return statement


def _attribute(statement: Statement, cue: Token, resolver: SpeakerResolver) -> list[Statement]:
    """Give a statement the speaker and audience of its cue and enter it in the discourse; a
    reciprocal statement ("X and Y accused each other") is one per speaker."""
    subject = cue_subject(cue)
    if subject is not None:
        statement.speaker = resolver.resolve(subject) or Speaker()
    statement.audience = _audience(cue, statement.unit)
    found = [statement]
    if statement.speaker.members and _reciprocal(cue):
        found = [_with_speaker(statement, member) for member in statement.speaker.members]
    for each in found:
        resolver.discourse.add_statement(each, cue.idx + statement.unit.start)
    return found


def _reciprocal(cue: Token) -> bool:
    words = " ".join(t.lower_ for t in cue.subtree)
    return "each other" in words or "one another" in words


def _with_speaker(statement: Statement, speaker: Speaker) -> Statement:
    return Statement(
        statement.unit,
        statement.char_start,
        statement.char_end,
        statement.text,
        statement.is_direct,
        statement.cue,
        speaker=same_speaker(speaker),
        audience=statement.audience,
        parts=statement.parts,
    )


def _paragraph_statements(
    unit: TextUnit, doc: Doc, mentions: list[Mention], discourse: Discourse
) -> list[Statement]:
    quotes = find_quotes(unit)
    discourse.add_sentences(unit, doc)
    discourse.add_quotes(unit, [(q.start, q.end) for q in quotes])
    discourse.add_mentions(unit, doc, mentions)
    cue_tokens = [t for t in doc if cue_entry(t) is not None and not token_in_quotes(t, unit, quotes)]
    speech = [
        q
        for q in quotes
        if (reads_as_speech(q, unit, doc) and stands_alone(q, unit))
        or (reads_as_speech(q, unit, doc, min_words=2) and _after_cue(q, unit, cue_tokens))
    ]
    found: list[Statement] = []
    resolver = SpeakerResolver(unit, doc, mentions, discourse)
    _direct_quotes(unit, doc, speech, cue_tokens, resolver, found)
    _reported_speech(unit, speech, cue_tokens, resolver, found)
    return sorted((s for s in found if s.speaker.name), key=lambda s: s.char_start)


def _after_cue(quote: Quote, unit: TextUnit, cues: list[Token]) -> bool:
    """'Trump said, “We’ll see,”' / 'adding, “No computer is safe”': a quote right after a cue."""
    before = unit.text[unit.start : quote.open_at].rstrip()
    if not before.endswith(","):
        return False
    at = len(before) - 1 + unit.start  # the comma
    return any(t.idx + unit.start + len(t.text) == at for t in cues)


def _direct_quotes(
    unit: TextUnit,
    doc: Doc,
    speech: list[Quote],
    cue_tokens: list[Token],
    resolver: SpeakerResolver,
    found: list[Statement],
) -> None:
    """Direct quotes, attributed to the nearest cue outside quotes in the same or next sentence;
    then the quotes without a cue of their own: second halves of split quotes, continuations.
    They are added to the paragraph's statements `found` as they are found."""
    discourse = resolver.discourse
    pending: list[Quote] = []
    for quote in speech:
        cue = _attribution_for(quote, unit, doc, cue_tokens)
        if cue is None:
            pending.append(quote)
            continue
        statement = _new_statement(unit, quote.start, quote.end, True, cue)
        found.extend(_attribute(statement, cue, resolver))
        quote.used = True
    for quote in pending:
        previous = next((s for s in reversed(found) if s.is_direct and s.char_end <= quote.open_at), None)
        if previous is not None:
            for same in (s for s in found if s.is_direct and s.char_start == previous.char_start):
                same.text = f"{same.text} {quote.text(unit)}"
                same.char_end = quote.end
                same.parts += 1
            quote.used = True
            continue
        # Reuters opens the next paragraph of a quote with a quote mark and no attribution.
        earlier = discourse.previous_paragraph_statement(unit)
        opens_paragraph = not unit.text[unit.start : quote.open_at].strip()
        if opens_paragraph and earlier is not None:
            continued = _continuation(unit, quote, earlier)
            discourse.add_statement(continued, quote.start)
            found.append(continued)
            quote.used = True


def _reported_speech(
    unit: TextUnit,
    speech: list[Quote],
    cue_tokens: list[Token],
    resolver: SpeakerResolver,
    found: list[Statement],
) -> None:
    """What cues report that is not a direct quote, added to the paragraph's statements `found`."""
    clauses: dict[int, tuple[int, Token, int]] = {}  # start → (distance to its cue, cue, end)
    for cue in cue_tokens:
        clause = reported_content(cue, unit)
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
    spans = [(start, end) for start, (_, _, end) in clauses.items()]
    for start, (_, cue, end) in sorted(clauses.items(), key=lambda item: item[1][1].i):
        cue_at = cue.idx + unit.start
        if cue.tag_ == "VBG" and any(s <= cue_at < e and (s, e) != (start, end) for s, e in spans):
            continue  # "said the waters had risen ..., suggesting ...": part of what was said
        found.extend(_attribute(_new_statement(unit, start, end, False, cue), cue, resolver))


def _continuation(unit: TextUnit, quote: Quote, earlier: Statement) -> Statement:
    speaker = same_speaker(earlier.speaker)
    return Statement(unit, quote.start, quote.end, quote.text(unit), True, earlier.cue, speaker=speaker)


def _attribution_for(quote: Quote, unit: TextUnit, doc: Doc, cues: list[Token]) -> Token | None:
    """The cue that attributes a quote: right after it (“…,” X said) or right before it (X said: “…”)."""
    close = quote.last
    after = [t for t in cues if t.idx + unit.start > close]
    before = [t for t in cues if t.idx + unit.start < quote.open_at]
    if after:
        cue = after[0]
        gap = unit.text[close + 1 : cue.idx + unit.start]
        # "“…,” Tillerson said" / "“…,” said the official" — no other sentence in between, and
        # not a cue of the next sentence after a quote that ended its own ("…happen.” Speaking …")
        ended = bool(re.search(r"[.?!…]$", quote.text(unit)))
        in_next_sentence = ended and cue.sent.start_char + unit.start > quote.open_at
        if not re.search(r"[.?!][”\"]?\s+[“\"A-Z]", gap) and len(gap) < 120 and not in_next_sentence:
            return cue
    if before:
        cue = before[-1]
        gap = unit.text[cue.idx + unit.start + len(cue.text) : quote.open_at]
        if len(gap) < 120 and not re.search(r"[.?!]\s", gap):
            return cue
    return None


def reported_content(cue: Token, unit: TextUnit) -> tuple[int, int] | None:
    """Bounds of what the cue reports, or None when it reports nothing here."""
    entry = cue_entry(cue)
    if entry is None:
        return None
    for content in entry.content:
        tokens = _CONTENT[content](cue, entry)
        if tokens:
            return subtree_bounds(_without_frame(tokens), unit)
    return None


def _host_content(cue: Token, entry: Cue) -> list[Token]:
    """'According to X, <clause>' (or '<clause>, according to X'): the clause the phrase
    hangs from, on the side away from the phrase."""
    phrase = {t.i for t in cue.subtree}
    host = [t for t in cue.head.subtree if t.i not in phrase and not (t.is_punct and t.head == cue.head)]
    after = [t for t in host if t.i > max(phrase)]
    return after if after else [t for t in host if t.i < min(phrase)]


def _clause_content(cue: Token, entry: Cue) -> list[Token]:
    clause = _clausal_complement(cue, entry)
    if clause is None:
        return []
    tokens = [t for t in clause.subtree if not (t.dep_ == "mark" and t.head == clause and t.lower_ == "that")]
    tokens += _misread_subject(cue, clause)
    if clause.i < cue.i:
        # the clause precedes its cue ("Moscow was to blame ..., Tillerson said"): stop before it
        cue_span = {t.i for t in cue.subtree} if clause in cue.ancestors else set()
        return [t for t in tokens if t.i < cue.i and t.i not in cue_span]
    # a clause after its cue starts after it ("Speaking at ..., Tillerson said Moscow ...")
    tokens = [t for t in tokens if t.i > cue.i]
    return tokens + _continued_clause(cue, clause)


def _misread_subject(cue: Token, clause: Token) -> list[Token]:
    """'denied any part of the stockpile remains': the object right before a subjectless
    clause is that clause's subject."""
    if any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children):
        return []
    obj = next((c for c in cue.children if c.dep_ == "dobj" and c.i < clause.i), None)
    if obj is None or max(t.i for t in obj.subtree) + 1 != min(t.i for t in clause.subtree):
        return []
    return list(obj.subtree)


def _continued_clause(cue: Token, clause: Token) -> list[Token]:
    """'said A, and B': B, a clause with its own subject conjoined to the cue right after A, is
    reported too (unless it is speech of its own)."""
    for conj in cue.children:
        if (
            conj.dep_ == "conj"
            and conj.i > clause.i
            and cue_entry(conj) is None
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in conj.children)
        ):
            between = [t for t in cue.children if clause.i < t.i < conj.i and t.dep_ not in ("cc", "punct")]
            if not between:
                return [t for t in cue.subtree if t.i >= min(x.i for x in conj.subtree) or t.dep_ == "cc"]
    return []


def _object_content(cue: Token, entry: Cue) -> list[Token]:
    """'urged X to Y', 'described X as Y', 'accused X of Y', 'called on X to Y': the object and
    what completes it; without that completion ("urged restraint") the cue reports nothing."""
    particle = next(
        (c for c in cue.children if c.dep_ in ("prep", "prt") and c.lower_ == entry.companion), None
    )
    objects = [c for c in cue.children if c.dep_ in ("dobj", "dative")]
    if particle is not None:
        objects += [c for c in particle.children if c.dep_ == "pobj"]
    complements = [c for c in cue.children if c.i > cue.i and _completes(c, entry.complement)]
    if not complements:
        # "accused RT and the Sputnik news outlet of interfering": the completion may hang
        # from a conjoined object
        complements = [
            t
            for o in objects
            for t in o.subtree
            if t != o and _completes(t, entry.complement) and not _in_relative_clause(t, o)
        ]
    if not complements:
        return []
    tokens = [t for c in complements for t in c.subtree]
    for obj in objects:
        if " ".join(t.lower_ for t in obj.subtree) not in ("each other", "one another"):
            tokens += list(obj.subtree)
    return tokens


def _in_relative_clause(token: Token, top: Token) -> bool:
    """Whether a relative clause lies between a token and the phrase head `top` above it."""
    for ancestor in token.ancestors:
        if ancestor == top:
            return False
        if ancestor.dep_ == "relcl":
            return True
    return False


def _completes(token: Token, complement: tuple[str, ...]) -> bool:
    """An infinitive ('to act') or a phrase with one of the prepositions ('as a threat')."""
    if token.dep_ == "prep":
        return token.lower_ in complement
    infinitive = token.pos_ in ("VERB", "AUX") and any(
        c.lower_ == "to" and c.dep_ == "aux" for c in token.children
    )
    return "to" in complement and infinitive and token.dep_ in ("xcomp", "ccomp", "advcl", "acl", "oprd")


def _prep_content(cue: Token, entry: Cue) -> list[Token]:
    """'warned against X': the object of the preposition."""
    prep = next((c for c in cue.children if c.dep_ == "prep" and c.lower_ == entry.companion), None)
    if prep is None:
        return []
    return [t for t in prep.subtree if t != prep]


_CONTENT = {
    "clause": _clause_content,
    "object": _object_content,
    "prep": _prep_content,
    "host": _host_content,
}


def _without_frame(tokens: list[Token]) -> list[Token]:
    """Drop the reporter's frame around a reported clause: a trailing ', after/although ...'
    clause, and a leading date the parser hung on the clause ('said on Saturday he will ...')."""
    first = min(t.i for t in tokens)
    for token in tokens:
        if token.dep_ != "mark" or token.lower_ not in FRAME_MARKS or token.head not in tokens:
            continue
        cut = {t.i for t in token.head.subtree}
        before = token.doc[min(cut) - 1] if min(cut) > 0 else None
        if min(cut) > first and (
            token.lower_ not in ("after", "before") or (before is not None and before.text == ",")
        ):
            tokens = [t for t in tokens if t.i not in cut]
            break
    leading = tokens[0].doc[first]
    if leading.dep_ == "prep" and leading in tokens and any(t.ent_type_ == "DATE" for t in leading.children):
        dated = {t.i for t in leading.subtree}
        rest = [t for t in tokens if t.i not in dated]
        if rest and min(t.i for t in rest) > max(dated):
            tokens = rest
    return tokens


def _clausal_complement(cue: Token, entry: Cue) -> Token | None:
    """The finite clause a cue reports (infinitives such as 'threatened to act' are not speech)."""
    heads = [cue]
    if entry.companion is not None:
        heads += [
            c for c in cue.children if c.lower_ == entry.companion or c.lemma_.lower() == entry.companion
        ]
    clauses = [
        c
        for head in heads
        for c in head.children
        if c.dep_ in ("ccomp", "csubj") and c.lower_ != "clear" and c.pos_ not in ("PUNCT", "PRON")
    ]
    if clauses:
        # a clause after the cue wins ("Speaking at ..., Tillerson said Moscow was ..."), unless
        # it is the frame of another speaker ("A said X, official media reported")
        after = [c for c in clauses if c.i > cue.i and not _reporting_frame(c)]
        if after:
            return after[0]
        inner = [c for c in clauses if c.i > cue.i and _reporting_frame(c)]
        if inner and (relayed := _clause_before(inner[0])) is not None:
            return relayed
        return clauses[-1]
    for head in heads:
        # "denied accusations that it fomented ...", "expressed concern that ...": the clause of
        # the object
        obj = next((c for c in head.children if c.dep_ == "dobj"), head if head is not cue else None)
        if obj is None:
            continue
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
        finite = next(
            (c for c in obj.children if c.dep_ == "acl" and c.tag_ in ("VBD", "VBZ", "VBP") and c.i > obj.i),
            None,
        )
        if finite is not None and head is cue:
            return obj  # "said Russian interference aimed to ...": a clause the model read as an object
    if cue.dep_ == "relcl" and cue.i + 1 < len(cue.doc):
        # "a move Moscow said ended hopes": the verb right after the cue
        following = cue.doc[cue.i + 1]
        return following if following.pos_ == "VERB" else None
    finite = cue.tag_ in ("VBD", "VBZ", "VBP")
    if cue.head.i < cue.i and (cue.dep_ == "parataxis" or (cue.dep_ == "advcl" and finite)):
        # "U.S. officials broke into ..., the foreign ministry said": the sentence it comments on
        return cue.head
    return _clause_before(cue) or _clause_after(cue)


def _reporting_frame(clause: Token) -> bool:
    """A cue with its own subject that closes the sentence: 'official media reported'."""
    return cue_entry(clause) is not None and any(c.dep_ == "nsubj" for c in clause.children)


def _clause_before(cue: Token) -> Token | None:
    """'North America ... had a slower start, SAP said': a finite clause with its own subject,
    not introduced by a subordinator, that the model hung before the cue."""
    for child in cue.children:
        if (
            child.i < cue.i
            and child.dep_ in ("advcl", "ccomp", "dep", "parataxis")
            and child.pos_ in ("VERB", "AUX")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
            and not any(c.dep_ == "mark" for c in child.children)
        ):
            return child
    return None


def _clause_after(cue: Token) -> Token | None:
    """'Lamek said after the meeting all 15 members believed ...': a finite clause with its own
    subject and no subordinator that the model hung after the cue as an adverbial."""
    for child in cue.children:
        if (
            child.i > cue.i
            and child.dep_ in ("advcl", "dep", "parataxis")
            and child.pos_ in ("VERB", "AUX")
            and child.tag_ in ("VBD", "VBZ", "VBP", "MD")
            and any(c.dep_ in ("nsubj", "nsubjpass") for c in child.children)
            and not any(c.dep_ == "mark" for c in child.children)
        ):
            return child
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
