"""Who a noun phrase refers to: the speaker of a statement or the actor of an event.

`SpeakerResolver.resolve` turns the head of a noun phrase (the subject of a cue, an event's
actor) into a `Speaker`, looking, in this order, for:

- coordinated names ("the United States and South Korea"): one speaker joining the canonical
  names with "and", its members kept; the same set of members keeps its first name;
- a relative pronoun ("the opposition, which accused ...") standing for the noun it modifies;
- an appositive name for a description ("the U.S. envoy to NATO, Kay Bailey Hutchison");
- a named mention of the article (its canonical entity);
- a pronoun ("he", "it", "they"): the most recent compatible referent, subjects of the nearest
  sentence first, with gender from the first-name table (`discourse.gender_of`);
- a medium or document ("an April State Department report", "the statement") as the body it
  speaks for;
- a description ("the vice president", "the ministry", "the company", "the North", "the two
  countries") resolved to the person holding the title or the body named before;
- otherwise an unnamed source named as printed, without determiners and quantifiers
  ("two other sources familiar with the matter" → "sources familiar with the matter").
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import cache

from spacy.tokens import Doc, Token

from ingest.nlp.discourse import Discourse, Position, gender_of, position_of
from ingest.nlp.gazetteer import load_gazetteer
from ingest.nlp.units import Mention, TextUnit
from ingest.reference import data_lines, data_rows

# Pronoun → (what it can stand for, gender); "we" and "I" stand for the speaker of a quote.
PRONOUNS = {
    "he": ("PERSON", "M"),
    "him": ("PERSON", "M"),
    "she": ("PERSON", "F"),
    "her": ("PERSON", "F"),
    "it": ("THING", None),
    "its": ("THING", None),
    "his": ("PERSON", "M"),
    "they": ("PLURAL", None),
    "their": ("PLURAL", None),
    "them": ("PLURAL", None),
    "we": ("PLURAL", None),
    "i": ("PERSON", None),
}
RELATIVE_PRONOUNS = frozenset({"who", "which", "that", "whom"})
COMPASS_WORDS = frozenset({"north", "south", "east", "west"})
# Leading words that count or point rather than describe ("two other sources" → "sources").
_COUNTING_TAGS = frozenset({"DT", "PDT", "CD", "PRP$", "WDT"})


@dataclass
class Speaker:
    """A resolved referent: who speaks or acts."""

    name: str | None = None
    type: str = "UNKNOWN"  # PERSON | ORG | GPE | UNKNOWN
    key: str | None = None  # the entity key, when it is a named entity
    mention: Mention | None = None  # the mention it was resolved to, when named
    head_noun: str | None = None  # of an unnamed source ("official"), for a later "the official"
    role: str | None = None  # the title or function the text gives ("foreign minister")
    plural: bool = False
    members: list[Speaker] = field(default_factory=list)  # of a coordinated speaker

    @property
    def keys(self) -> list[str]:
        """The entity keys it links to: its own, or each member's."""
        if self.members:
            return [k for m in self.members for k in m.keys]
        return [self.key] if self.key else []


def speaker_of_mention(mention: Mention) -> Speaker:
    return Speaker(
        name=mention.entity_name or mention.text,
        type=mention.label if mention.label in ("PERSON", "ORG", "GPE") else "GPE",
        key=mention.entity_key or None,
        mention=mention,
        role=_role_text(mention.role),
        plural=mention.label == "NORP",
    )


def _role_text(role: str | None) -> str | None:
    """A title as a role: lower case, hyphens closed up ("Commander - in - Chief")."""
    text = " ".join((role or "").replace(" - ", "-").split()).lower().strip("- ")
    return text or None


def same_speaker(speaker: Speaker) -> Speaker:
    """A copy for another statement or event, still pointing at the mention it was named by."""
    return Speaker(
        name=speaker.name,
        type=speaker.type,
        key=speaker.key,
        mention=speaker.mention,
        head_noun=speaker.head_noun,
        role=speaker.role,
        plural=speaker.plural,
        members=speaker.members,
    )


@cache
def medium_nouns() -> dict[str, str]:
    """Head nouns of media and documents → document | media (`data/medium_nouns.csv`)."""
    return {row["noun"]: row["kind"] for row in data_rows("medium_nouns.csv")}


@cache
def title_groups() -> dict[str, str]:
    """Title word → the group of titles for the same post (`data/title_groups.csv`)."""
    return {row["word"]: row["group"] for row in data_rows("title_groups.csv")}


@dataclass(frozen=True)
class Description:
    """A definite description and how it is resolved (`data/definite_descriptions.csv`)."""

    head: str
    refers_to: str  # body | topic_org | country | group | title
    name_words: tuple[str, ...]


@cache
def descriptions() -> dict[str, Description]:
    found = {}
    for row in data_rows("definite_descriptions.csv"):
        words = tuple(w for w in row["name_words"].split("|") if w)
        found[row["head"]] = Description(row["head"], row["refers_to"], words)
    return found


@cache
def person_nouns() -> frozenset[str]:
    """Nouns that describe one person (`data/person_nouns.txt`: "official", "spokesman")."""
    return frozenset(data_lines("person_nouns.txt"))


@cache
def title_heads() -> frozenset[str]:
    """Last words of the person titles ("minister", "president-elect", "spokesman")."""
    heads = set()
    for title in data_lines("person_titles.txt"):
        last = title.split(" ")[-1].strip(".").casefold()
        if last.isalpha() or "-" in last:
            heads.add(last)
    return frozenset(heads)


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
    """Resolves noun phrases of one analysed unit against the article's discourse."""

    def __init__(self, unit: TextUnit, doc: Doc, mentions: list[Mention], discourse: Discourse):
        self.unit, self.doc, self.mentions, self.discourse = unit, doc, mentions, discourse

    def mention_at(self, token: Token) -> Mention | None:
        at = token.idx + self.unit.start
        return next((m for m in self.mentions if m.char_start <= at < m.char_end), None)

    def position(self, token: Token) -> Position:
        return position_of(self.unit, token.idx + self.unit.start)

    def resolve(self, subject: Token) -> Speaker | None:
        """The referent of the noun phrase headed by `subject`, or None when it names no one."""
        if subject.lower_ in RELATIVE_PRONOUNS and subject.head.dep_ in ("relcl", "acl"):
            subject = subject.head.head  # "the opposition, which accused ..."
        conjuncts = _conjuncts(subject)
        if conjuncts:
            coordinated = self._coordinated([subject, *conjuncts])
            if coordinated is not None:
                return coordinated
        return self._resolve_one(subject)

    def _resolve_one(self, subject: Token) -> Speaker | None:
        definite = any(c.lower_ == "the" and c.dep_ == "det" for c in subject.children)
        if subject.lower_ in COMPASS_WORDS and subject.text[:1].isupper():
            # "the North", also where the parse hung its "the" elsewhere ("the South and U.S. interests")
            found = self._compass(subject, self.position(subject))
            if found is not None or definite:
                return found
        described = subject.pos_ != "PROPN" or self._is_title(subject)
        appositions = [t for t in subject.subtree if t.dep_ == "appos" and t.head.i >= subject.left_edge.i]
        for child in appositions if described else []:
            mention = self.mention_at(child)
            if mention is not None and mention.label in ("PERSON", "ORG", "GPE"):
                speaker = speaker_of_mention(mention)
                speaker.role = speaker.role or self._role_words(subject)
                return speaker
        mention = self.mention_at(subject)
        if mention is not None and mention.label in ("PERSON", "ORG", "GPE", "LOC"):
            speaker = speaker_of_mention(mention)
            speaker.role = speaker.role or self._appositive_role(subject)
            return speaker
        if subject.lower_ in PRONOUNS:
            return self._pronoun(subject)
        head = subject.lemma_.lower()
        inside = self.mentions_in_noun_phrase(subject)
        medium = _medium(subject)
        if medium == "document":
            named = [m for m in inside if m.label in ("ORG", "GPE", "PERSON")]
            if named:
                return speaker_of_mention(named[-1])  # "an April U.S. State Department report"
            if definite and (last := self._last_speaker(subject, head)) is not None:
                return last  # "the statement (carried by KCNA) said": who issued it
            whole = self._mentions_in(list(subject.subtree))
            named = [m for m in whole if m.label in ("ORG", "GPE", "PERSON")]
            if named:
                return speaker_of_mention(named[-1])  # "estimates compiled by Vara Research"
        if medium == "media" and (outlets := [m for m in inside if m.label == "ORG"]):
            return speaker_of_mention(outlets[-1])  # "the North's KCNA news agency"
        persons = [m for m in inside if m.label == "PERSON"]
        if len(persons) == 1 and medium is None:
            return speaker_of_mention(persons[0])  # "Ukraine’s Commander-in-Chief Viktor Muzhenko"
        if definite and (found := self._definite(subject)) is not None:
            return found
        return self._unnamed(subject)

    # --- coordinated speakers

    def _coordinated(self, heads: list[Token]) -> Speaker | None:
        members = []
        for head in heads:
            mention = self.mention_at(head)
            if (
                head.lower_ in COMPASS_WORDS
                or mention is None
                or mention.label not in ("PERSON", "ORG", "GPE")
            ):
                found = self._resolve_one(head)
                if found is None or not found.key or found.members:
                    return None
                members.append(found)
                continue
            members.append(speaker_of_mention(mention))
        keys = {m.key for m in members}
        if len(keys) < 2:
            return None
        for referent in reversed(self.discourse.before(self.position(heads[0]))):
            earlier = referent.speaker
            if earlier.members and {m.key for m in earlier.members} == keys:
                return same_speaker(earlier)  # the same pair keeps the name it was first given
        types = {m.type for m in members}
        return Speaker(
            name=" and ".join(m.name or "" for m in members),
            type=types.pop() if len(types) == 1 else "UNKNOWN",
            plural=True,
            members=members,
        )

    # --- pronouns and descriptions

    def _pronoun(self, subject: Token) -> Speaker | None:
        kind, gender = PRONOUNS[subject.lower_]
        at = self.position(subject)
        if kind == "THING":
            wanted: tuple[str, ...] = ("ORG", "GPE")
        elif kind == "PERSON":
            wanted = ("PERSON",)
        else:
            wanted = ()
        if (
            subject.dep_ == "poss"
            and wanted
            and (found := self._possessor(subject, wanted, gender)) is not None
        ):
            return found
        # the subject of a clause the pronoun's clause depends on ("Twitter ... when it accused
        # RT", "the aggressor shouted ... as he attacked the soldier")
        if wanted and (found := self._dominating_subject(subject, wanted, gender)) is not None:
            return found
        for referent in self.discourse.before(at, pronoun=True):
            speaker = referent.speaker
            if kind == "PLURAL":
                if referent.plural:
                    return same_speaker(speaker)
                continue
            if speaker.type in wanted and not speaker.plural and self._agrees(speaker, gender):
                return same_speaker(speaker)
            if wanted == ("PERSON",) and _a_person_described(speaker):
                return same_speaker(speaker)  # "the South Korean official said ... He declined"
        if kind == "PLURAL":
            return Speaker(name=subject.text, type="UNKNOWN", plural=True)
        return None

    def _possessor(self, pronoun: Token, wanted: tuple[str, ...], gender: str | None) -> Speaker | None:
        """'During his visit, Putin ...': a possessive before the main subject is that subject's;
        'sanctions against North Korea over its tests': otherwise the nearest name before it."""
        root = pronoun.sent.root
        main = next((c for c in root.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if main is not None and main.i > pronoun.i and (mention := self.mention_at(main)) is not None:
            speaker = speaker_of_mention(mention)
            if mention.label in wanted and self._agrees(speaker, gender):
                return speaker
        at = pronoun.idx + self.unit.start
        earlier = [
            m
            for m in self.mentions
            if m.char_end <= at
            and m.char_start >= pronoun.sent.start_char + self.unit.start
            and m.label in wanted
            and not self.discourse.in_quotes(m)
        ]
        for mention in reversed(earlier):
            speaker = speaker_of_mention(mention)
            if self._agrees(speaker, gender):
                return speaker
        return None

    def _dominating_subject(
        self, pronoun: Token, wanted: tuple[str, ...], gender: str | None
    ) -> Speaker | None:
        for clause in pronoun.head.ancestors:
            main = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if main is None or main.i >= pronoun.i or main.lower_ in PRONOUNS:
                continue
            mention = self.mention_at(main)
            if mention is not None:
                speaker = speaker_of_mention(mention)
                if (
                    mention.label in wanted
                    and not self.discourse.in_quotes(mention)
                    and self._agrees(speaker, gender)
                ):
                    return speaker
                continue
            if wanted == ("PERSON",) and main.tag_ == "NN" and _medium(main) is None:
                return self._unnamed(main)  # "the Chatelet aggressor ... as he attacked"
        return None

    @staticmethod
    def _agrees(speaker: Speaker, gender: str | None) -> bool:
        if gender is None:
            return True
        known = gender_of(speaker)
        return known is None or known == gender

    def _last_speaker(self, subject: Token, document: str) -> Speaker | None:
        """Who last issued such a document ("... said in a statement"), else the last speaker."""
        earlier = [s for s in self.discourse.statements_before(self.position(subject)) if s.speaker.name]
        issued = [s for s in earlier if document in s.unit.text[s.cue_start : s.cue_start + 60].lower()]
        chosen = issued or earlier
        return same_speaker(chosen[-1].speaker) if chosen else None

    def _definite(self, subject: Token) -> Speaker | None:
        """'the official' → an earlier unnamed speaker with that head; 'the ministry', 'the
        company', 'the vice president', 'the North', 'the two countries' → who was named so."""
        head = subject.lemma_.lower()
        at = self.position(subject)
        theirs = _described_country(self.phrase(subject))
        for statement in reversed(self.discourse.statements_before(at)):
            found = statement.speaker
            if found.head_noun == head and found.name:
                earlier = _described_country(found.name)
                if theirs is not None and earlier is not None and theirs != earlier:
                    continue  # "the U.S. envoy" is not "Pyongyang's envoy"
                return same_speaker(found)
        description = descriptions().get(head)
        hyphenated = subject.doc[subject.i - 2 : subject.i + 1].text.lower() if subject.i >= 2 else ""
        if description is None and (head in title_heads() or hyphenated in title_heads()):
            return self._title_holder(subject, at)  # "the vice president", "the president-elect"
        if description is None:
            return None
        plural = subject.tag_ in ("NNS", "NNPS")
        if description.refers_to == "group" or (description.refers_to == "country" and plural):
            return next(
                (same_speaker(r.speaker) for r in self.discourse.before(at) if r.speaker.members), None
            )
        if description.refers_to == "country":
            return next(
                (same_speaker(r.speaker) for r in self.discourse.before(at) if r.speaker.type == "GPE"), None
            )
        if description.refers_to == "topic_org":
            found = self.discourse.most_mentioned(at, ("ORG",))
            return same_speaker(found) if found is not None else None
        for referent in self.discourse.before(at):
            name = f" {(referent.speaker.name or '').lower()} "
            if referent.speaker.type == "ORG" and any(f" {w} " in name for w in description.name_words):
                return same_speaker(referent.speaker)
        return None

    def _compass(self, subject: Token, at: Position) -> Speaker | None:
        """'the North' in a story about North Korea."""
        word = subject.lower_
        for referent in self.discourse.before(at):
            name = (referent.speaker.name or "").lower()
            if referent.speaker.type == "GPE" and name.startswith(word + " "):
                return same_speaker(referent.speaker)
        return None

    def _title_holder(self, subject: Token, at: Position) -> Speaker | None:
        """'the vice president', 'the Republican president-elect': the person last named with
        that title."""
        words = [t.lower_ for t in subject.subtree if t.i <= subject.i and t.dep_ != "det"]
        title = " ".join(words).replace(" - ", "-")
        for referent in self.discourse.before(at):
            role = (referent.speaker.role or "").lower()
            if referent.speaker.type == "PERSON" and role and (role.endswith(title) or title.endswith(role)):
                return same_speaker(referent.speaker)
        head = subject.lower_
        people = [
            r.speaker for r in self.discourse.before(at) if r.speaker.type == "PERSON" and r.speaker.role
        ]
        for person in people:  # the title's last word ("the minister": "Foreign Minister X")
            if (person.role or "").split(" ")[-1:] == [head]:
                return same_speaker(person)
        for person in people:  # any word of it ("the secretary": "Secretary of State X")
            if head in (person.role or "").split(" "):
                return same_speaker(person)
        return None

    # --- unnamed sources

    def _unnamed(self, subject: Token) -> Speaker:
        phrase = self.phrase(subject)
        head = subject.lemma_.lower()
        return Speaker(
            name=phrase,
            type="UNKNOWN",
            head_noun=head,
            role=head if head in title_heads() else None,
            plural=subject.tag_ in ("NNS", "NNPS"),
        )

    def _is_title(self, token: Token) -> bool:
        return token.lower_ in title_heads() or token.lower_.split("-")[0] in title_heads()

    def _role_words(self, description: Token) -> str | None:
        """The lower-case words that say what someone is: 'China's disarmament ambassador'
        → 'disarmament ambassador'."""
        words = [
            t.text
            for t in description.subtree
            if t.i <= description.i and t.dep_ in ("compound", "amod", "nmod") and t.text.islower()
        ]
        words.append(description.text)
        role = " ".join(words).lower()
        return role if description.text.islower() or self._is_title(description) else None

    def _appositive_role(self, name: Token) -> str | None:
        """'Fu Cong, China's disarmament ambassador': the role an apposition gives a name."""
        for child in name.children:
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                return self._role_words(child)
        return None

    def noun_phrase_tokens(self, subject: Token, restrictive: bool = False) -> list[Token]:
        """The subject and what modifies it, without appositions and clauses; with `restrictive`,
        a relative clause that restricts it stays ("the tour operator that had sponsored the
        trip"), one set off by a comma does not."""
        cut = {"relcl", "appos", "acl", "advcl", "conj", "cc"}

        def cut_here(t: Token) -> bool:
            if t.dep_ not in cut:
                return False
            if restrictive and t.dep_ == "relcl" and t.head == subject:
                return t.doc[t.left_edge.i].lower_ != "that"
            return True

        kept: list[Token] = []
        stack = [subject]
        while stack:  # the subtree, not descending into what is cut
            token = stack.pop()
            kept.append(token)
            stack.extend(c for c in token.children if not cut_here(c))
        return sorted(kept, key=lambda t: t.i)

    def mentions_in_noun_phrase(self, subject: Token) -> list[Mention]:
        return self._mentions_in(self.noun_phrase_tokens(subject))

    def _mentions_in(self, tokens: list[Token]) -> list[Mention]:
        starts = sorted(t.idx + self.unit.start for t in tokens)
        found = []
        for mention in self.mentions:
            first = bisect_left(starts, mention.char_start)  # a token starts inside the mention
            if first < len(starts) and starts[first] < mention.char_end:
                found.append(mention)
        return found

    def phrase(self, subject: Token) -> str:
        """The words of an unnamed speaker, without what counts or points ("the", "two other",
        "his"), spelled-out organisation names made canonical ("a Belarussian defense ministry
        spokesman" → "Belarusian Defense Ministry spokesman")."""
        tokens = self.noun_phrase_tokens(subject, restrictive=True)
        while len(tokens) > 1 and tokens[0] != subject and _counts_or_points(tokens[0]):
            tokens = tokens[1:]
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
                # "defense ministry" as printed in lower case takes its canonical name
                if mention.entity_name and any(word[:1].islower() for word in surface.split()):
                    offset = mention.char_start - start
                    text = text[:offset] + mention.entity_name + text[offset + len(surface) :]
        for token in tokens:
            # "the North's military": the North is the country the article named so
            if token.lower_ in COMPASS_WORDS and token.dep_ == "poss" and token.text[:1].isupper():
                found = self._compass(token, self.position(token))
                offset = token.idx + self.unit.start - start
                if (
                    found is not None
                    and found.name
                    and offset >= 0
                    and text[offset : offset + len(token.text)] == token.text
                ):
                    text = text[:offset] + found.name + text[offset + len(token.text) :]
                    if text[:4].lower() == "the ":
                        text = text[4:]
        return text


def named_later(speaker: Speaker, discourse: Discourse) -> Speaker | None:
    """The one person of the article whose title names the same post as an unnamed speaker's
    description ("a Russian general" → "Major-General Igor Konashenkov", "Pyongyang's envoy" →
    "North Korea diplomat Ju Yong Chol"), when the countries they name agree; else None."""
    group = title_groups().get(speaker.head_noun or "")
    if speaker.type != "UNKNOWN" or speaker.plural or group is None:
        return None
    country = _described_country(speaker.name or "")
    found: dict[str, Speaker] = {}
    for referent in discourse.referents:
        person = referent.speaker
        role_words = (person.role or "").lower().replace(" - ", "-").split()
        if person.type != "PERSON" or not person.key or not role_words or referent.quoted:
            continue
        if title_groups().get(role_words[-1].strip(".")) != group:
            continue
        theirs = person.mention.country_code if person.mention is not None else None
        if country is None or theirs is None or theirs == country:
            found[person.key] = person
    return same_speaker(next(iter(found.values()))) if len(found) == 1 else None


def _described_country(phrase: str) -> str | None:
    """The country a description names by a country, nationality or city ("the U.S. envoy" →
    USA, "Pyongyang's envoy" → PRK)."""
    from ingest.nlp.actors import phrase_country

    if (country := phrase_country(phrase)) is not None:
        return country
    gazetteer = load_gazetteer()
    for word in re.findall(r"[A-Z][\w\-]+", phrase):
        if (country := gazetteer.country_of_place(word)) is not None:
            return country
    return None


def misread_subject(verb: Token) -> Token | None:
    """A name the small model did not take for the verb's subject: 'Trump, citing protocol,
    said' ("Trump" as an adjective), 'Trump in August signed' ("Trump" as an adverbial)."""
    for child in verb.children:
        misread = child.dep_ in ("advcl", "npadvmod", "dep", "nmod", "amod")
        if (
            child.i < verb.i
            and misread
            and child.text[:1].isupper()
            and child.pos_ in ("PROPN", "ADJ", "NOUN")
        ):
            return child
    return None


def _a_person_described(speaker: Speaker) -> bool:
    """An unnamed single source described by a title ("the official", "a spokesman")."""
    head = speaker.head_noun or ""
    return (
        speaker.type == "UNKNOWN" and not speaker.plural and (head in person_nouns() or head in title_heads())
    )


def _conjuncts(head: Token) -> list[Token]:
    """The nouns coordinated with a head by "and" ("the United States, the European Union and
    the United Nations"), in order; none for "or" lists."""
    found, links, current = [], [], head
    while True:
        following = next(
            (c for c in current.children if c.dep_ == "conj" and c.pos_ in ("PROPN", "NOUN")), None
        )
        links += [c.lower_ for c in current.children if c.dep_ == "cc"]
        if following is None:
            break
        found.append(following)
        current = following
    return found if "and" in links else []


def _medium(head: Token) -> str | None:
    """document | media when a phrase's head names one ("report", "news agency", "newspaper")."""
    nouns = medium_nouns()
    for child in head.children:
        if child.dep_ == "compound" and (kind := nouns.get(f"{child.lemma_.lower()} {head.lemma_.lower()}")):
            return kind
    return nouns.get(head.lemma_.lower())


def _counts_or_points(token: Token) -> bool:
    """'the', 'two', 'his', 'other', 'several': words that do not describe a source."""
    return token.tag_ in _COUNTING_TAGS or token.lower_ in ("other", "another", "several", "many", "various")
