"""Who a noun phrase refers to: the speaker of a statement or the actor of an event.

The resolver turns the head of a noun phrase (the subject of a cue, an event's actor) into a
`Speaker`: a named entity of the article, a pronoun or description resolved through the
article's `Discourse`, or an unnamed source named as printed ("Chinese officials").
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from ingest.nlp.discourse import Discourse
from ingest.nlp.units import Mention, TextUnit
from ingest.reference import data_lines

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


@dataclass
class Speaker:
    """A resolved referent: who speaks or acts."""

    name: str | None = None
    type: str = "UNKNOWN"  # PERSON | ORG | GPE | UNKNOWN
    key: str | None = None  # the entity key, when it is a named entity
    mention: Mention | None = None  # the mention it was resolved to, when named
    head_noun: str | None = None  # of an unnamed source ("official"), for a later "the official"


def speaker_of_mention(mention: Mention) -> Speaker:
    return Speaker(
        name=mention.entity_name or mention.text,
        type=mention.label if mention.label in ("PERSON", "ORG", "GPE") else "GPE",
        key=mention.entity_key or None,
        mention=mention,
    )


def _word_set(name: str) -> frozenset[str]:
    return frozenset(data_lines(name))


# Heads of a subject that name a medium, not a speaker: "an April U.S. State Department report".
DOCUMENT_NOUNS = _word_set("document_nouns.txt")
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


def subtree_bounds(tokens: list[Token], unit: TextUnit) -> tuple[int, int] | None:
    """Character bounds in `unit.text` of some tokens, without edge punctuation."""
    tokens = [t for t in tokens if not (t.is_punct and t.text not in ("(", ")", "“", "”", '"'))]
    if not tokens:
        return None
    start = min(t.idx for t in tokens) + unit.start
    end = max(t.idx + len(t.text) for t in tokens) + unit.start
    text = unit.text[start:end]
    # a clause never ends on an opening mark or begins with a closing one
    text_start = len(text) - len(text.lstrip('”" '))
    return (start + text_start, end) if end > start + text_start else None


class SpeakerResolver:
    """Resolves noun phrases of one paragraph against the article's discourse.

    `earlier` are the statements of this paragraph found so far (the discourse holds those of
    the paragraphs before).
    """

    def __init__(
        self,
        unit: TextUnit,
        doc: Doc,
        mentions: list[Mention],
        discourse: Discourse,
        earlier: list | None = None,
    ):
        self.unit, self.doc, self.mentions, self.discourse = unit, doc, mentions, discourse
        self.earlier = earlier if earlier is not None else []

    def mention_at(self, token: Token) -> Mention | None:
        at = token.idx + self.unit.start
        return next((m for m in self.mentions if m.char_start <= at < m.char_end), None)

    def resolve(self, subject: Token) -> Speaker | None:
        """The referent of the noun phrase headed by `subject`, or None when it names no one."""
        # an appositive name wins over the description: "the U.S. envoy to NATO, Kay Bailey Hutchison"
        appositions = [t for t in subject.subtree if t.dep_ == "appos" and t.head.i >= subject.left_edge.i]
        for child in appositions:
            mention = self.mention_at(child)
            if mention is not None and mention.label in ("PERSON", "ORG", "GPE") and subject.pos_ != "PROPN":
                return speaker_of_mention(mention)
        mention = self.mention_at(subject)
        if mention is not None and mention.label in ("PERSON", "ORG", "GPE", "LOC"):
            return speaker_of_mention(mention)
        if (pronoun := PRONOUNS.get(subject.lower_)) is not None:
            return self._pronoun(pronoun, subject)
        head = subject.lemma_.lower()
        inside = self.mentions_in_noun_phrase(subject)
        persons = [m for m in inside if m.label == "PERSON"]
        if len(persons) == 1 and head not in DOCUMENT_NOUNS:
            return speaker_of_mention(persons[0])  # "Ukraine’s Commander-in-Chief Viktor Muzhenko"
        if head in DOCUMENT_NOUNS and (named := [m for m in inside if m.label in ("ORG", "GPE", "PERSON")]):
            return speaker_of_mention(named[-1])  # "an April U.S. State Department report"
        phrase = self.phrase(subject)
        if phrase.lower().startswith("the ") and (found := self._definite(head, subject)) is not None:
            return found
        return Speaker(name=_strip_article(phrase), type="UNKNOWN", head_noun=head)

    def noun_phrase_tokens(self, subject: Token) -> list[Token]:
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

    def mentions_in_noun_phrase(self, subject: Token) -> list[Mention]:
        tokens = self.noun_phrase_tokens(subject)
        starts = {t.idx + self.unit.start for t in tokens}
        return [m for m in self.mentions if any(m.char_start <= at < m.char_end for at in starts)]

    def phrase(self, subject: Token) -> str:
        """The words of an unnamed speaker, spelled-out organisation names made canonical
        ("a Belarussian defense ministry spokesman" → "Belarusian Defense Ministry spokesman")."""
        tokens = self.noun_phrase_tokens(subject)
        bounds = subtree_bounds(tokens, self.unit)
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

    def _earlier_statements(self) -> list:
        return self.discourse.statements + self.earlier

    def _pronoun(self, kind: str, subject: Token) -> Speaker:
        wanted = {"PERSON": ("PERSON",), "ORG": ("ORG", "GPE")}.get(kind)
        if wanted is None:
            return Speaker(name=subject.text, type="UNKNOWN")
        at = subject.idx + self.unit.start
        # the subject of the sentence the pronoun stands in ("Twitter ... when it accused RT")
        root = subject.sent.root
        main_subject = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if main_subject is not None and main_subject.i < subject.i:
            mention = self.mention_at(main_subject)
            if mention is not None and mention.label in wanted and not self.discourse.in_quotes(mention):
                return speaker_of_mention(mention)
        for earlier in reversed(self._earlier_statements()):
            if earlier.unit == self.unit and earlier.char_start > at:
                continue
            if earlier.speaker.type in wanted:
                found = earlier.speaker
                return Speaker(name=found.name, type=found.type, key=found.key)
        before = [m for m in self.discourse.mentions_before + self.mentions if m.label in wanted]
        before = [
            m for m in before if (m.unit != self.unit or m.char_end <= at) and not self.discourse.in_quotes(m)
        ]
        if before:
            return speaker_of_mention(before[-1])
        return Speaker()

    def _definite(self, head: str, subject: Token) -> Speaker | None:
        """'the official' → an earlier unnamed speaker with that head; 'the ministry' → an earlier body."""
        for earlier in reversed(self._earlier_statements()):
            found = earlier.speaker
            if found.head_noun == head and found.name:
                return Speaker(name=found.name, type=found.type, key=found.key, head_noun=head)
        words = ORGANISATION_HEADS.get(head)
        if words is None:
            return None
        at = subject.idx + self.unit.start
        before = self.discourse.mentions_before + [m for m in self.mentions if m.char_end <= at]
        for mention in reversed(before):
            name = (mention.entity_name or mention.text).lower()
            if mention.label == "ORG" and any(word in name for word in words):
                return speaker_of_mention(mention)
        return None


def _strip_article(phrase: str) -> str:
    lowered = phrase.lower()
    for article in ARTICLES:
        if lowered.startswith(article):
            return phrase[len(article) :]
    return phrase
