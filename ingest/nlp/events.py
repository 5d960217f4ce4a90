"""CAMEO-coded events: who did what to whom, per sentence, as in GDELT's event table.

Triggers come from `data/cameo_triggers.csv` (a verb, noun or adjective lemma, optionally with a
word that must accompany it, and its CAMEO code), e.g. "accuse" → 112, "raise … concern" → 111,
"airstrike" → 195. For each trigger in a body sentence:

- **Frame** (`data/event_frames.csv`, `data/cameo_intents.csv`): a trigger under "may",
  "could", "plan to", "ready for" is an intention, coded as root 03 for cooperation ("may meet"
  → 036) or root 13 for hostility ("plans to strike" → 138); under negation it takes its
  negated code ("did not accept" → 120) or is dropped; after "if" it is hypothetical and
  dropped; inside the complement of another trigger ("threatened to attack", "accused X of
  attacking", "urged X to withdraw") it is that trigger's content, not an event of its own.
- **actor1** is the verb's subject, the by-agent of a passive, the noun a relative clause
  modifies ("forces that attacked"), the subject of the verb above an infinitive or conjoined
  verb, the possessor, modifier or nationality of a nominal event ("Russia's seizure", "U.S. air
  strikes", "Syrian shelling"), or the subject of a light verb ("held talks"). In quoted speech
  "we" is the speaker. Pronouns and descriptions are resolved through the article's discourse
  (`speakers.py`).
- **actor2** is the object, the passive subject, or the entity after with, on, against, to, of,
  at, from, in, for, about, over, toward, into.
- Coordinated actors ("the United States and South Korea condemned ...") give one event each;
  one event per (actor1, code, actor2) and sentence.
- **Actor codes** (`actors.py`): ISO3 plus a CAMEO role, or NATO, EU, UN, OSCE and other bodies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, cached_property

from spacy.tokens import Doc, Span, Token

from ingest.nlp.actors import actor_code, role_of
from ingest.nlp.discourse import Discourse
from ingest.nlp.gazetteer import load_gazetteer
from ingest.nlp.lexicon import Trigger, frame_words, triggers
from ingest.nlp.speakers import Speaker, SpeakerResolver, descriptions, speaker_of_mention
from ingest.nlp.statements import Statement
from ingest.nlp.units import Mention, TextUnit
from ingest.reference import data_rows

# Prepositions whose object may be an event's target ("over" and "about" give its topic).
PREPOSITIONS = frozenset("with on against to of at from in for toward towards into upon between".split())
# Prepositions whose object, when a city or region, is where the event happens, not its target.
PLACE_PREPOSITIONS = frozenset({"in", "at", "near", "outside", "inside"})
# Triggers whose complement is their content, not an event: appeals, intentions, denials,
# demands, accusations, rejections, threats ("threatened to attack", "accused X of spying").
GOVERNING_ROOTS = frozenset({"01", "02", "03", "10", "11", "12", "13"})
COMPLEMENT_DEPS = frozenset({"xcomp", "ccomp", "pcomp", "pobj", "prep", "acl", "conj"})
FIRST_PERSON = frozenset({"we", "i", "us", "our"})
# Consultations need a counterpart ("the Council met", "meets its commitments" are no meetings);
# visits (042, 043) and calls (041) may name only a place or be one-sided, mediation (045) a
# dispute rather than its parties. Praise and endorsement (051) are of someone ("backed the
# legislation" is no diplomatic cooperation).
DYADIC_CODES = frozenset({"040", "044", "046", "051"})
# Cues whose content the speaker disputes: "denied it violated the treaty" accuses no one.
NEGATIVE_CUES = frozenset({"deny", "reject", "dismiss", "counter"})


@cache
def intent_codes() -> dict[str, str]:
    return {row["root"]: row["intent_code"] for row in data_rows("cameo_intents.csv")}


@dataclass
class Actor:
    speaker: Speaker
    code: str | None = None

    @property
    def name(self) -> str | None:
        return self.speaker.name

    @property
    def key(self) -> str | None:
        return self.speaker.key


@dataclass
class Event:
    unit: TextUnit
    code: str
    trigger_start: int  # in unit.text
    trigger_end: int
    actor1: Actor
    actor2: Actor | None
    sentence_start: int = 0
    sentence_end: int = 0
    date_text: str | None = None
    statements: list[Statement] = field(default_factory=list)

    @property
    def trigger_text(self) -> str:
        return self.unit.text[self.trigger_start : self.trigger_end]


def extract_events(
    units_docs: list[tuple[TextUnit, Doc]],
    mentions: list[Mention],
    statements: list[Statement],
    discourse: Discourse,
) -> list[Event]:
    """Events of one article's body paragraphs; `discourse` is the article's, as the statements
    filled it."""
    events: list[Event] = []
    for unit, doc in units_docs:
        if unit.section != "body":
            continue
        unit_mentions = [m for m in mentions if m.unit == unit]
        coder = _Coder(unit, doc, SpeakerResolver(unit, doc, unit_mentions, discourse), statements)
        events.extend(coder.events())
    return events


@cache
def implicit_actors() -> dict[str, str]:
    """Lemma → the role of the state that does it when no doer is named."""
    return {row["lemma"]: row["role"] for row in data_rows("implicit_actors.csv")}


@cache
def evaluative_words() -> dict[str, str]:
    """Lemma → 111 or 112, from `data/evaluative_words.csv`."""
    return {row["lemma"]: row["code"] for row in data_rows("evaluative_words.csv")}


class _Coder:
    """Codes the triggers of one analysed unit."""

    def __init__(self, unit: TextUnit, doc: Doc, resolver: SpeakerResolver, statements: list[Statement]):
        self.unit, self.doc, self.resolver, self.statements = unit, doc, resolver, statements
        names = [
            (m.char_start - unit.start, m.char_end - unit.start)
            for m in resolver.mentions
            if m.label == "PERSON"
        ]
        self.matched = {
            token.i: trigger
            for token in doc
            if (trigger := match_trigger(token)) is not None
            and not any(start <= token.idx < end for start, end in names)  # "Ban Ki-moon"
        }

    def events(self) -> list[Event]:
        """One event per (actor1, code, actor2) and sentence; an event without actor2 is dropped
        where the same sentence codes it with one ("imposed sanctions on Iran")."""
        found: dict[tuple, Event] = {}
        coded = [self._events_at(self.doc[i], trigger) for i, trigger in self.matched.items()]
        coded += [self._evaluation(statement) for statement in self._statements_here()]
        for events in coded:
            for event in events:
                key = (event.sentence_start, _identity(event.actor1), event.code)
                target = _identity(event.actor2) if event.actor2 else None
                found.setdefault((*key, target), event)
        with_target = {key[:3] for key in found if key[3] is not None}
        return [e for key, e in found.items() if key[3] is not None or key[:3] not in with_target]

    def _events_at(self, token: Token, trigger: Trigger) -> list[Event]:
        code = self._code_in_frame(token, trigger)
        if code is None:
            return []
        actor1_token, target_tokens = participants(token, trigger)
        quoted_by = self._speaker_of_quote(token)
        actors1 = self._actors(actor1_token, quoted_by) if actor1_token is not None else []
        if not actors1:
            actors1 = self._implicit_state(token)
        if not actors1:
            return []
        events: list[Event] = []
        mutual = len(actors1) == 2 and (
            token.lemma_.lower() in frame_words("symmetric") or _reciprocal(token)
        )
        for actor1 in actors1:
            if mutual:  # "Putin and Trump may meet", "X and Y accused each other": each of the other
                actors2: list[Actor | None] = [a for a in actors1 if a is not actor1]
            else:
                actors2 = [*self._targets(target_tokens, actor1, quoted_by)] or [None]
            if code in DYADIC_CODES and not trigger.companion and actors2 == [None]:
                continue  # "the Council met", "meets its commitments": consulting needs a counterpart
            events += [self._event(token, code, actor1, actor2) for actor2 in actors2]
        if events:
            self.resolver.discourse.acts[token.lemma_.lower()] = events[0].actor1.speaker
        return events

    def _event(self, token: Token, code: str, actor1: Actor, actor2: Actor | None) -> Event:
        start = token.idx + self.unit.start
        sentence: Span = token.sent
        return Event(
            unit=self.unit,
            code=code,
            trigger_start=start,
            trigger_end=start + len(token.text),
            actor1=actor1,
            actor2=actor2,
            sentence_start=sentence.start_char + self.unit.start,
            sentence_end=sentence.end_char + self.unit.start,
            date_text=time_expression(token, sentence),
        )

    # --- what statements say of someone

    @cached_property
    def _judging_words(self) -> list[Token]:
        words = evaluative_words()
        return [t for t in self.doc if t.lemma_.lower() in words]

    def _statements_here(self) -> list[Statement]:
        return [s for s in self.statements if s.unit == self.unit and s.cue not in NEGATIVE_CUES]

    def _evaluation(self, statement: Statement) -> list[Event]:
        """'X said Y's move was unacceptable' (111), 'X said Y violated the accord' (112): a
        statement whose content judges someone, coded from the speaker to the actor named
        nearest to the judging word."""
        start, end = statement.char_start - self.unit.start, statement.char_end - self.unit.start
        words = evaluative_words()
        judging = next((t for t in self._judging_words if start <= t.idx < end and not _negated(t)), None)
        if judging is None or statement.speaker.name is None:
            return []
        code = words[judging.lemma_.lower()]
        speakers = statement.speaker.members or [statement.speaker]
        events = []
        for speaker in speakers:
            phrase = None if speaker.mention is not None else speaker.name
            home = self.resolver.discourse.context_country(
                (self.unit.paragraph_index or 0, statement.cue_start)
            )
            actor1 = Actor(speaker, actor_code(speaker, phrase, home))
            if actor1.code is None:
                continue
            target = self._judged(judging, statement, actor1)
            events.append(self._event(judging, code, actor1, target))
        return events

    def _judged(self, judging: Token, statement: Statement, actor1: Actor) -> Actor | None:
        """Who a judging word is about: the owner of what it qualifies ("Trump's aggressive
        policy", "Russian interference"), the subject it is said of ("Iran violated"), else the
        actor named nearest to it in the statement."""
        for candidate in _judged_heads(judging):
            actors = [
                a
                for a in self._actors(candidate, None)
                if (a.code or a.speaker.mention is not None) and a.code != actor1.code and a.key != actor1.key
            ]
            if actors:
                return actors[0]
        at = judging.idx + self.unit.start
        named = [
            m
            for m in self.resolver.mentions
            if statement.char_start <= m.char_start < statement.char_end
            and m.label in ("GPE", "ORG", "PERSON", "NORP")
            and not (m.entity_key and m.entity_key == actor1.key)
        ]
        for mention in sorted(named, key=lambda m: (m.char_start > at, abs(m.char_start - at))):
            speaker = speaker_of_mention(mention)
            code = actor_code(speaker, None, self.resolver.discourse.dateline_country)
            if code is not None and code != actor1.code:
                return Actor(speaker, code)
        return None

    # --- the frame of a trigger

    def _code_in_frame(self, token: Token, trigger: Trigger) -> str | None:
        """The code the trigger has where it stands, or None when it reports no event."""
        if _hypothetical(token) or self._governed(token):
            return None
        if _negated(token):
            return trigger.negated_code
        code = trigger.code
        if not code:
            return None
        if _intended(token) or (trigger.pos == "ADJ" and token.lemma_.lower() in frame_words("intent_adj")):
            intent = intent_codes().get(code[:2], code)
            return None if intent == "drop" else intent
        return code

    def _governed(self, token: Token) -> bool:
        """Inside the complement of another trigger that makes it content: "threatened to attack",
        "accused Russia of attacking", "urged Iran to release", "denied attacking"."""
        infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children)
        if infinitive and token.dep_ in ("xcomp", "advcl") and token.head.i in self.matched:
            return True  # "met ... to discuss": the purpose of an event is part of it
        current = token
        for _ in range(4):
            if current.dep_ not in COMPLEMENT_DEPS or current.head == current:
                return False
            current = current.head
            trigger = self.matched.get(current.i)
            if trigger is not None and trigger.code[:2] in GOVERNING_ROOTS:
                return True
        return False

    # --- actors

    def _speaker_of_quote(self, token: Token) -> Statement | None:
        """The statement whose quoted words the trigger stands in, if any ("“We call on Russia ...”")."""
        at = token.idx + self.unit.start
        if not self.resolver.discourse.offset_in_quotes(self.unit, at):
            return None
        return next(
            (
                s
                for s in self.statements
                if s.unit.paragraph_index == self.unit.paragraph_index
                and s.is_direct
                and s.char_start <= at < s.char_end
            ),
            None,
        )

    def _actors(self, token: Token, quoted_by: Statement | None) -> list[Actor]:
        """The actors a noun phrase names: one per member of a coordination."""
        if token.lemma_.lower() in frame_words("quantity"):
            # "thousands of Hungarians rallied": the people counted act
            counted = next(
                (c for p in token.children if p.lower_ == "of" for c in p.children if c.dep_ == "pobj"), None
            )
            token = counted if counted is not None else token
        if quoted_by is not None and token.lower_ in FIRST_PERSON:
            speaker: Speaker | None = quoted_by.speaker  # in quoted speech "we" is the speaker
        else:
            speaker = self.resolver.resolve(token)
        if speaker is None or speaker.name is None:
            return []
        members = speaker.members or [speaker]
        actors = []
        inside = self.resolver.mentions_in_noun_phrase(token)
        discourse = self.resolver.discourse
        for member in members:
            phrase = None if member.mention is not None else self._phrase(token, member)
            home = discourse.context_country(self.resolver.position(token)) if phrase else None
            code = actor_code(member, phrase, home, inside)
            if code is None and member.mention is None:
                continue  # an unnamed actor needs a country or a body to count
            actors.append(Actor(member, code))
        return actors

    def _implicit_state(self, token: Token) -> list[Actor]:
        """'Two journalists were arrested in Istanbul': a passive act only a state does has the
        state of its place or context as actor (`data/implicit_actors.csv`)."""
        role = implicit_actors().get(token.lemma_.lower())
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in token.children) or token.tag_ == "VBN"
        if role is None or not passive or any(c.dep_ == "agent" for c in token.children):
            return []
        country = self._place_of(token) or self.resolver.discourse.context_country(
            self.resolver.position(token)
        )
        if country is None:
            return []
        return [Actor(Speaker(name=country, type="GPE"), country + role)]

    def _place_of(self, token: Token) -> str | None:
        """The country of where an act happened ("arrested in Istanbul" → TUR)."""
        gazetteer = load_gazetteer()
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ in PLACE_PREPOSITIONS:
                for place in (c for c in prep.children if c.dep_ == "pobj"):
                    mention = self.resolver.mention_at(place)
                    if mention is not None and mention.label in ("GPE", "LOC") and mention.country_code:
                        return mention.country_code
                    if (country := gazetteer.country_of_place(place.text)) is not None:
                        return country
        return None

    def _earlier_act(self, token: Token) -> Actor | None:
        """'condemned the launch': an event noun with no owner is the act the article reported
        before, and its doer is the target ("North Korea launched ..." → North Korea)."""
        if token.pos_ != "NOUN" or any(
            c.dep_ in ("poss", "compound", "amod") and names_something(c) for c in token.children
        ):
            return None
        speaker = self.resolver.discourse.acts.get(token.lemma_.lower())
        if speaker is None:
            return None
        code = actor_code(speaker, None if speaker.mention is not None else speaker.name)
        return Actor(speaker, code) if code or speaker.mention is not None else None

    def _phrase(self, token: Token, speaker: Speaker) -> str:
        inside = self.resolver.mentions_in_noun_phrase(token)
        names = " ".join(m.text for m in inside)
        return f"{names} {speaker.name}".strip()

    def _targets(self, tokens: list[Token], actor1: Actor, quoted_by: Statement | None) -> list[Actor]:
        """actor2: the first candidate that names someone other than actor1 (all its members);
        for an object that is a thing, whoever it belongs to ("criticized Russia's decision")."""
        for candidate in _with_owners(tokens):
            if (done_by := self._earlier_act(candidate)) is not None:
                actors = [done_by] if done_by.key != actor1.key and done_by.code != actor1.code else []
                if actors:
                    return actors
                continue
            actors = [
                a
                for a in self._actors(candidate, quoted_by)
                if not (a.key and a.key == actor1.key)
                and not (a.code and a.code == actor1.code and not a.key)
            ]
            if actors:
                return actors
        return []


def _judged_heads(judging: Token) -> list[Token]:
    """Syntactic candidates for what a judging word is about, nearest first."""
    qualified = judging.head if judging.dep_ in ("amod", "acomp", "attr") else judging
    if judging.dep_ in ("acomp", "attr"):
        qualified = next((c for c in judging.head.children if c.dep_ in ("nsubj", "nsubjpass")), judging)
    owners = [
        c for c in qualified.children if c.dep_ in ("poss", "compound", "amod", "nmod") and names_something(c)
    ]
    subjects = (
        [c for c in judging.children if c.dep_ in ("nsubj", "nsubjpass")] if judging.pos_ == "VERB" else []
    )
    return (
        owners + subjects + ([qualified] if qualified is not judging and names_something(qualified) else [])
    )


def _with_owners(tokens: list[Token]) -> list[Token]:
    """Each candidate followed by the actor-like owner of a noun that is not an actor itself."""
    found = []
    for token in tokens:
        found.append(token)
        if token.pos_ == "NOUN" and not is_agent(token):
            found += [
                c
                for c in token.children
                if c.dep_ in ("poss", "compound", "amod", "nmod")
                and (names_something(c) or (c.dep_ == "poss" and c.lemma_.lower() in descriptions()))
            ]
    return found


def _identity(actor: Actor) -> str | None:
    return actor.key or actor.code or actor.name


def _reciprocal(token: Token) -> bool:
    words = " ".join(t.lower_ for t in token.subtree)
    return "each other" in words or "one another" in words


def match_trigger(token: Token) -> Trigger | None:
    """The dictionary entry a token is, its companion word present, or None."""
    lexicon = triggers()
    options = lexicon.get(token.lemma_) or lexicon.get(token.lower_) or lexicon.get(token.lemma_.lower())
    if not options:
        return None
    pos = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}.get(token.pos_)
    dependents: set[str] | None = None
    for trigger in options:
        if trigger.pos != pos:
            continue
        if not trigger.companion:
            return trigger
        if dependents is None:
            dependents = _neighbourhood(token)
        if all(word in dependents for word in trigger.companion):
            return trigger
    return None


def _neighbourhood(token: Token) -> set[str]:
    """Lemmas and words near a trigger: its subtree within ten tokens, children and head."""
    doc = token.doc
    # the subtree of a projective parse is the span between its edges
    window = doc[max(token.left_edge.i, token.i - 10) : min(token.right_edge.i, token.i + 10) + 1]
    near = {t.lemma_.lower() for t in window if t.i != token.i} | {t.lower_ for t in window if t.i != token.i}
    near |= {c.lemma_.lower() for c in token.children} | {token.head.lemma_.lower()}
    if token.dep_ == "dobj" and token.head.lemma_.lower() in frame_words("receiving_verb"):
        near |= {c.lower_ for c in token.head.children}  # "drew a protest from China"
    if token.dep_ in ("acomp", "oprd"):
        # "it was ready for talks": the verb's phrases complete a predicative adjective
        near |= {t.lemma_.lower() for t in token.head.subtree if t.i > token.i and t.i - token.i <= 10}
    return near


def _negated(token: Token) -> bool:
    heads = [token, *(a for a in token.ancestors if a.dep_ in ("xcomp", "aux") or a.pos_ == "AUX")][:2]
    return any(c.dep_ == "neg" for head in heads for c in head.children)


def _hypothetical(token: Token) -> bool:
    """'if it threatened the United States': the trigger's clause is a condition."""
    clause = token
    while clause.dep_ not in ("advcl", "ROOT", "ccomp", "relcl") and clause.head != clause:
        clause = clause.head
    return any(c.dep_ == "mark" and c.lower_ in frame_words("conditional") for c in clause.children)


def _intended(token: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in frame_words("modal") for c in token.children):
        return True
    # "may impose new sanctions": the modality of the verb the noun hangs from
    verb_object = (
        token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX")
    )
    if verb_object and _intended(token.head):
        return True
    head = token.head
    infinitive = any(c.dep_ == "aux" and c.lower_ == "to" for c in token.children) or token.tag_ == "VBG"
    if token.dep_ in ("xcomp", "ccomp") and infinitive and head.lemma_.lower() in frame_words("intent_verb"):
        return True  # "plans to visit", "is considering sending"
    if token.dep_ == "xcomp" and head.lemma_.lower() in frame_words("intent_adj"):
        return True  # "ready to negotiate"
    # "ready for talks"
    if token.pos_ == "NOUN" and head.dep_ == "prep" and head.head.lemma_.lower() in frame_words("intent_adj"):
        return True
    # "plans for renegotiating", "a plan to strike": what a noun of intention governs
    governor = head.head if token.dep_ == "pcomp" and head.dep_ == "prep" else head
    return token.dep_ in ("pcomp", "acl") and governor.lemma_.lower() in frame_words("intent_noun")


def participants(token: Token, trigger: Trigger) -> tuple[Token | None, list[Token]]:
    """(actor1 head, candidate actor2 heads, best first) for a verb, noun or adjective trigger."""
    if trigger.pos == "VERB":
        return _verb_participants(token)
    if trigger.pos == "ADJ":
        # "Moscow considered ... unacceptable" / "Russia is ready for talks with the United States"
        verb = token.head if token.dep_ in ("acomp", "oprd", "ccomp", "xcomp", "amod") else token
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subject, _object_candidates(token) + _object_candidates(verb)
    return _noun_participants(token)


def _verb_participants(token: Token) -> tuple[Token | None, list[Token]]:
    lemma = token.lemma_.lower()
    subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
    passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
    agent = next((c for c in token.children if c.dep_ == "agent"), None)
    if agent is not None:
        subject = next((c for c in agent.children if c.dep_ == "pobj"), subject)
    if subject is not None and subject.lower_ in ("who", "which", "that") and token.dep_ == "relcl":
        subject = token.head  # "forces that attacked the town"
    if subject is None and passive is None:
        subject = _inherited_subject(token)
    targets = _object_candidates(token)
    if passive is not None:
        targets.append(passive)  # "protesters were arrested (by police)"
    if subject is not None and lemma in frame_words("symmetric"):
        targets += [c for c in subject.children if c.dep_ == "conj"]
    if lemma in frame_words("clause_target"):
        targets += [t for t in [_clause_subject(token)] if t is not None]
    return subject, targets


def _inherited_subject(token: Token) -> Token | None:
    """The subject of a verb that has none of its own: that of the verb above an infinitive or
    conjoined verb ("vowed to retaliate", "met Putin and signed"), or the noun a participle or
    relative clause modifies ("troops deployed to the border")."""
    current = token
    for _ in range(3):
        if current.dep_ in ("acl", "relcl") and current.head.pos_ in ("NOUN", "PROPN"):
            # "a move by the United States to deploy": the noun's doer, else the noun; a noun
            # with a passive participle ("a force deployed", "Westerners detained") is its patient
            by = next(
                (c for c in current.head.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"), None
            )
            doer = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
            passive = current.dep_ == "acl" and current.tag_ == "VBN"
            return doer or (None if passive else current.head)
        if current.dep_ == "pcomp" and current.head.dep_ == "prep":
            current = current.head  # "was cheered for criticizing": through the preposition
            if current.head.pos_ == "NOUN":
                # "the administration's plans for renegotiating": the owner of the noun
                return next((c for c in current.head.children if c.dep_ == "poss"), None)
        if current.dep_ not in ("xcomp", "conj", "advcl", "ccomp", "prep") or current.head == current:
            return None
        head = current.head
        # "led North Korea to attack": an object above an infinitive is its subject
        controller = (
            next((c for c in head.children if c.dep_ == "dobj"), None) if current.dep_ == "xcomp" else None
        )
        subject = controller or next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subject is not None:
            return subject
        current = head
    return None


def _noun_participants(token: Token) -> tuple[Token | None, list[Token]]:
    """Nouns: "Russia’s seizure of Crimea", "Western sanctions on Russia", "U.S. accusations"."""
    lemma = token.lemma_.lower()
    owner = next(
        (
            c
            for c in token.children
            if c.dep_ in ("poss", "compound", "amod", "nmod") and names_something(c) and not _a_place_only(c)
        ),
        None,
    )
    if owner is None:
        # "its annexation of Crimea": a possessive pronoun, resolved through the discourse
        owner = next(
            (c for c in token.children if c.dep_ == "poss" and c.lower_ in ("its", "their", "his", "her")),
            None,
        )
    if owner is None:
        by = next((c for c in token.children if c.dep_ in ("prep", "agent") and c.lower_ == "by"), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    between = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is not None:
        # "a meeting between Russia and the United States"
        first = next((c for c in between.children if c.dep_ == "pobj"), None)
        second = next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
        target = second if owner is None else first
        return (owner or first), [target] if target is not None else []
    if owner is None:
        # "a sharp protest from China"; "the move drew criticism from Washington"
        owner = _source_of(token)
    if owner is None:
        owner = _light_verb_subject(token)
    if owner is None:
        # "a phone conversation he had with Bortnikov": the doer in a relative clause
        relative = next((c for c in token.children if c.dep_ == "relcl"), None)
        if relative is not None and relative.lemma_.lower() in frame_words("light_verb"):
            owner = next((c for c in relative.children if c.dep_ == "nsubj"), None)
    targets = _object_candidates(token)
    if lemma in frame_words("clause_target"):
        targets += [t for t in [_clause_subject(token)] if t is not None]
    return owner, targets


def _source_of(token: Token) -> Token | None:
    """The 'from' phrase of an event noun, or of the verb that receives it ('drew a protest')."""
    holders = [token]
    if token.dep_ == "dobj" and token.head.lemma_.lower() in frame_words("receiving_verb"):
        holders.append(token.head)
    for holder in holders:
        for prep in holder.children:
            if prep.dep_ == "prep" and prep.lower_ == "from":
                found = next((c for c in prep.children if c.dep_ == "pobj" and names_something(c)), None)
                if found is not None:
                    return found
    return None


def _a_place_only(token: Token, any_dep: bool = False) -> bool:
    """'the Ohio visit', 'the Geneva talks', 'a meeting in Brussels': a city or region says where
    an event happens, not who acts (a country or a nationality does: 'U.S. sanctions')."""
    if (token.dep_ != "compound" and not any_dep) or token.ent_type_ not in ("GPE", "LOC", "FAC"):
        return False
    known = load_gazetteer().find(token.text)
    return known is None or not known.key.startswith("country:")


def _light_verb_subject(token: Token) -> Token | None:
    """'Iran held talks with ...', 'Tillerson is on a visit to Europe': the doer of a light verb."""
    head = token.head
    if token.dep_ in ("dobj", "attr") and head.lemma_.lower() in frame_words("light_verb"):
        return next((c for c in head.children if c.dep_ == "nsubj"), None) or _inherited_subject(head)
    if token.dep_ == "pobj" and head.lower_ in ("on", "in") and head.head.lemma_.lower() == "be":
        return next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    return None


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause a cue reports: 'accusations that Moscow used hackers' → Moscow,
    also through its object: 'expressed frustration that the officials were short'."""
    objects = [c for c in token.children if c.dep_ == "dobj"]
    for child in [*token.children, *(c for o in objects for c in o.children)]:
        if child.dep_ in ("ccomp", "acl", "relcl"):
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None


def names_something(token: Token) -> bool:
    """A word that names an actor: an entity, a proper noun, a country word, or "Western"."""
    if token.ent_type_ in ("DATE", "TIME", "ORDINAL", "CARDINAL", "MONEY", "PERCENT", "QUANTITY"):
        return False
    if (
        token.ent_type_ in ("GPE", "NORP", "ORG", "PERSON")
        or token.pos_ == "PROPN"
        or token.text == "Western"
    ):
        return True
    gazetteer = load_gazetteer()
    return (
        token.text[:1].isupper() and (gazetteer.find(token.text) or gazetteer.demonym(token.text)) is not None
    )


def _object_candidates(token: Token) -> list[Token]:
    """Possible targets, most direct first: the object, then entities after a preposition."""
    found = [
        c for c in token.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN", "PRON")
    ]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in PREPOSITIONS:
            found += [
                c
                for c in child.children
                if c.dep_ == "pobj"
                and (names_something(c) or is_agent(c) or _owned(c))
                and not (child.lower_ in PLACE_PREPOSITIONS and _a_place_only(c, any_dep=True))
            ]
    for child in token.children:
        # "threatened to attack the South": the target of the act threatened, urged or planned
        if child.dep_ == "xcomp" and any(a.dep_ == "aux" and a.lower_ == "to" for a in child.children):
            found += [
                c for c in child.children if c.dep_ in ("dobj", "dative") and c.pos_ in ("PROPN", "NOUN")
            ]
    return found


def _owned(token: Token) -> bool:
    """A noun whose owner names an actor ("Verizon's shareholder meeting", "the company's")."""
    return token.pos_ == "NOUN" and any(
        c.dep_ == "poss" and (names_something(c) or c.lemma_.lower() in descriptions())
        for c in token.children
    )


def is_agent(token: Token) -> bool:
    """A common noun that names who acts ("police", "leaders", "protesters"), by its role."""
    return token.pos_ == "NOUN" and role_of(token.lemma_) is not None


_TIME = re.compile(
    r"\b(?:(?:late |early )?on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:last|this|next) (?:week|month|year)|yesterday|today"
    r"|(?:on |in )?(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
    r"|in (?:19|20)\d\d)\b"
)


def time_expression(token: Token, sentence: Span) -> str | None:
    """The time expression of the event's clause: the nearest one in its sentence."""
    text = sentence.text
    anchor = token.idx - sentence.start_char
    best = None
    for match in _TIME.finditer(text):
        distance = min(abs(match.start() - anchor), abs(match.end() - anchor))
        if best is None or distance < best[0]:
            best = (distance, match.group(0))
    return best[1] if best else None
