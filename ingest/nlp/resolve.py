"""Resolve the mentions of one article to entities.

A lone surname refers back to the full name ("Tillerson" → "Rex Tillerson"), also when misspelt
("Papadapoulos"); one text gets one label; an unqualified ministry ("the foreign ministry in
Moscow") takes its country from the text, the previous ministry or the dateline; every mention
gets an entity key, a canonical name and a country.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from dataclasses import replace

from ingest.nlp.gazetteer import Gazetteer, american_spelling, big_city, city_countries, lookup_key
from ingest.nlp.spans import MINISTRY, PLACE_TYPES, relabel_from_tables
from ingest.nlp.units import Mention

NAME_PARTICLES = {"al", "el", "bin", "ibn", "de", "da", "van", "von", "der", "la", "le", "du", "di"}


def _surname_key(name: str) -> str:
    words = [w for w in lookup_key(name).split(" ") if w]
    last = words[-1] if words else ""
    for particle in NAME_PARTICLES:
        if last.startswith(particle + "-"):
            last = last[len(particle) + 1 :]
    return last


def resolve_article(
    mentions: list[Mention], dateline_country: str | None, gazetteer: Gazetteer
) -> list[Mention]:
    """Link mentions of one article to entities: full names, consistent labels, ministries."""
    persons = _full_names(mentions)
    resolved: list[Mention] = []
    for mention in mentions:
        resolved.extend(_split_hyphenated(mention, persons, gazetteer))
    _consistent_labels(resolved)
    last_ministry: dict[str, str] = {}
    for mention in resolved:
        _assign_entity(mention, persons, dateline_country, last_ministry, gazetteer)
    return resolved


def _full_names(mentions: list[Mention]) -> dict[str, Mention]:
    """Surname → the fullest PERSON mention with that surname in the article (when unambiguous)."""
    by_surname: dict[str, list[Mention]] = defaultdict(list)
    for mention in mentions:
        if mention.label == "PERSON" and mention.known is None and len(mention.text.split()) >= 2:
            by_surname[_surname_key(mention.text)].append(mention)
    full: dict[str, Mention] = {}
    for surname, candidates in by_surname.items():
        names = {lookup_key(m.text) for m in candidates}
        longest = max(candidates, key=lambda m: len(m.text))
        # "Donald Trump" and "Donald J. Trump" are one person; two different first names are not.
        if len({n.split(" ")[0] for n in names}) == 1:
            full[surname] = longest
    return full


def _split_hyphenated(mention: Mention, persons: dict[str, Mention], gazetteer: Gazetteer) -> list[Mention]:
    """'Trump-Putin' (one span) → two mentions when each part is a known person or entity."""
    text = mention.text
    if "-" not in text or " " in text:
        return [mention]
    parts = text.split("-")
    if len(parts) != 2 or not all(p[:1].isupper() and len(p) > 1 for p in parts):
        return [mention]
    if not all(lookup_key(p) in persons or gazetteer.find(p) for p in parts):
        return [mention]
    first = replace(mention, char_end=mention.char_start + len(parts[0]), known=None, label="PERSON")
    second = replace(mention, char_start=mention.char_end - len(parts[1]), known=None, label="PERSON")
    for part in (first, second):
        relabel_from_tables(part, gazetteer)
    return [first, second]


def _article_person(word: str, persons: dict[str, Mention]) -> Mention | None:
    """The article person a single word names: surname, misspelt surname, or unique first name."""
    surname = _surname_key(word)
    if surname in persons:
        return persons[surname]
    if len(surname) >= 6:
        close = difflib.get_close_matches(surname, list(persons), n=1, cutoff=0.85)
        if close:
            return persons[close[0]]
    by_first = [p for p in persons.values() if lookup_key(p.text).split(" ")[0] == word]
    return by_first[0] if len(by_first) == 1 else None


def _consistent_labels(mentions: list[Mention]) -> None:
    """One label per text within an article: the majority, reference-table labels winning.

    A bare name that opens a law's name elsewhere in the article refers to that law ("Minsk
    commitments" after "the Minsk ceasefire agreement").
    """
    law_heads = {lookup_key(m.text).split(" ")[0]: m for m in mentions if m.label == "LAW" and " " in m.text}
    for mention in mentions:
        law = law_heads.get(lookup_key(mention.text))
        if law is not None and mention.label == "ORG" and mention.known is None and " " not in mention.text:
            mention.label = "LAW"
    votes: dict[str, Counter] = defaultdict(Counter)
    for mention in mentions:
        if mention.known is None:
            votes[lookup_key(mention.text)][mention.label] += 1
    for mention in mentions:
        if mention.known is None and votes[lookup_key(mention.text)]:
            mention.label = votes[lookup_key(mention.text)].most_common(1)[0][0]


def _assign_entity(
    mention: Mention,
    persons: dict[str, Mention],
    dateline_country: str | None,
    last_ministry: dict[str, str],
    gazetteer: Gazetteer,
) -> None:
    text = mention.text
    key = lookup_key(text)
    if mention.known is not None:
        known = mention.known
        mention.entity_key, mention.entity_name, mention.label = known.key, known.name, known.entity_type
        mention.country_code = known.country_code
        return
    # A surname (tagged as anything) that an article person carries.
    surname = _surname_key(text)
    full = _article_person(key, persons) if " " not in key else None
    if full is not None and mention.label in ("PERSON", "ORG", "GPE", "NORP", "LOC"):
        mention.label = "PERSON"
        mention.entity_name = full.text
        mention.entity_key = f"person:{lookup_key(full.text)}"
        mention.country_code = mention.country_hint or full.country_hint
        mention.affiliation = mention.affiliation or full.affiliation
        mention.role = mention.role or full.role
        return
    if mention.label == "PERSON" and " " not in key and full is None and big_city(text):
        mention.label = "GPE"  # "Bangalore" alone is a place, whatever the small model says
    if mention.label == "PERSON":
        full = persons.get(surname)
        name = full.text if full is not None else text
        mention.entity_name = name
        mention.entity_key = f"person:{lookup_key(name)}"
        mention.country_code = mention.country_hint or (full.country_hint if full else None)
        mention.affiliation = mention.affiliation or (full.affiliation if full else None)
        return
    if mention.label == "ORG":
        _assign_organisation(mention, dateline_country, last_ministry, gazetteer)
        return
    name = american_spelling(text)
    mention.entity_name = name
    group = "place" if mention.label in PLACE_TYPES else mention.label.lower()
    mention.entity_key = f"{group}:{lookup_key(name)}"
    if mention.label in PLACE_TYPES:
        mention.country_code = city_countries().get(lookup_key(name))


def _assign_organisation(
    mention: Mention, dateline_country: str | None, last_ministry: dict[str, str], gazetteer: Gazetteer
) -> None:
    text = american_spelling(mention.text)
    ministry = MINISTRY.match(text)
    country = mention.country_hint
    if ministry:
        kind = american_spelling(ministry.group("kind")).lower()
        qualifier = ministry.group("qualifier")
        if country is None and qualifier:
            known = gazetteer.demonym(qualifier) or gazetteer.find(qualifier)
            country = known.country_code if known else None
        following = mention.unit.text[mention.char_end : mention.char_end + 40]
        if country is None and (place := re.match(r"\s+in\s+([A-Z][\w.\-]+(?:\s[A-Z][\w.\-]+)?)", following)):
            country = gazetteer.country_of_place(place.group(1))
        country = country or last_ministry.get(kind) or dateline_country
        if country:
            last_ministry[kind] = country
            adjective = gazetteer.demonym_of.get(country) or gazetteer.countries[country].name
            name = f"{adjective} {kind.title()} Ministry"
            mention.entity_name = name
            mention.entity_key = f"org:{lookup_key(name)}"
            mention.country_code = country
            return
    first_word = text.split(" ")[0]
    leading = gazetteer.demonym(first_word) or gazetteer.find(first_word)
    mention.entity_name = text
    mention.entity_key = f"org:{lookup_key(text)}"
    mention.country_code = country or (leading.country_code if leading is not None else None)
