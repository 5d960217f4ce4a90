"""Mentions of one text unit: the model's entities and reference-table names, cleaned up.

- Candidates are spaCy's entities plus exact-case matches of reference names; overlapping
  candidates are settled by length (longest wins, the model wins ties), so "Crimean peninsula"
  beats "Crimean" while "Michael Jordan" is not broken up by the country "Jordan".
- Spans are trimmed ("the United States" → "United States", "Mueller’s" → "Mueller", "Interfax
  news" → "Interfax"); titles are split off people ("Major-General Igor Konashenkov" → role +
  name); text that is only a title ("Supreme Allied Commander Gen.") or has no capital letter is
  not a name.
- Spans are completed where the small model stops short: "Russian" + "foreign ministry",
  "Consulate General" + "of Russia", "IMF" + "treaty" (a law, not the fund).
"""

from __future__ import annotations

import re

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from ingest.nlp.gazetteer import Gazetteer
from ingest.nlp.units import Mention, TextUnit

# spaCy labels kept, and how they map to ours.
KEPT_LABELS = {
    "PERSON": "PERSON",
    "ORG": "ORG",
    "GPE": "GPE",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "NORP",
    "EVENT": "EVENT",
    "LAW": "LAW",
}
PLACE_TYPES = ("GPE", "LOC")
_POSSESSIVE = re.compile(r"(?:['’]s|['’])$")
_LEADING_ARTICLE = re.compile(r"^(?:the|The|THE)\s+")
_TRAILING_PUNCT = re.compile(r"[\s,.;:!?\-–—\"“”‘’(]+$")
_LEADING_PUNCT = re.compile(r"^[\s\"“”‘’(]+")
_ABBREVIATION_END = re.compile(r"(?:\b\w\.\w|Jr|Sr|Co|Inc|Corp|Gen|St)$")
MINISTRY_KINDS = (
    r"foreign|defen[cs]e|interior|finance|economy|economic|justice|health|education|energy|trade"
    r"|agriculture|emergencies|emergency|culture|transport|environment|labou?r|information"
    r"|communications|intelligence|security|home"
)
# Government bodies named by a kind and "ministry": "Russian foreign ministry", "Defense Ministry".
MINISTRY = re.compile(rf"^(?:(?P<qualifier>.+?)\s+)?(?P<kind>{MINISTRY_KINDS})\s+ministry$", re.IGNORECASE)
_MINISTRY_AFTER = re.compile(rf"^(?:['’]s)?\s+(?:{MINISTRY_KINDS})\s+[Mm]inistry\b", re.IGNORECASE)
_BARE_MINISTRY = re.compile(rf"\b(?:{MINISTRY_KINDS})\s+ministry\b")
# "the Consulate General" + " of Russia"
_OF_AFTER = re.compile(r"^\s+of\s+(?:the\s+)?$")
# "IMF treaty", "Minsk ceasefire agreement": the name of an agreement, not of its parties.
_LAW_AFTER = re.compile(
    r"^(?:\s+(?:ceasefire|peace|nuclear|trade|arms|free|climate|security|cooperation|partnership))*"
    r"\s+(?:treaty|agreement|accord|accords|pact|deal|protocol)\b"
)


def build_matcher(nlp, gazetteer: Gazetteer) -> PhraseMatcher:
    """Exact-case matcher over every reference name, alias and demonym, labelled with its type."""
    matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
    by_label: dict[str, list] = {}
    for text, label in gazetteer.printed_names:
        by_label.setdefault(label, []).append(nlp.make_doc(text))
    for label, docs in by_label.items():
        matcher.add(label, docs)
    return matcher


def _candidates(doc: Doc, matcher: PhraseMatcher) -> list[tuple[Span, str, bool]]:
    """Non-overlapping (span, label, from_tables): longest first, the model winning ties."""
    found: list[tuple[Span, str, bool]] = [
        (span, KEPT_LABELS[span.label_], False) for span in doc.ents if span.label_ in KEPT_LABELS
    ]
    for match_id, start, end in matcher(doc):
        found.append((doc[start:end], doc.vocab.strings[match_id], True))
    found.sort(key=lambda c: (-(c[0].end - c[0].start), c[2], c[0].start))
    taken: set[int] = set()
    chosen = []
    for span, label, from_tables in found:
        if taken.isdisjoint(range(span.start, span.end)):
            chosen.append((span, label, from_tables))
            taken.update(range(span.start, span.end))
    # A table match inside a model entity of another kind was already excluded by the overlap.
    return sorted(chosen, key=lambda c: c[0].start)


def _trimmed_bounds(text: str) -> tuple[int, int] | None:
    """Bounds within `text` without 'the', possessive, quotes or trailing punctuation."""
    start, end = 0, len(text)
    if match := _LEADING_ARTICLE.match(text):
        start = match.end()
    if match := _LEADING_PUNCT.match(text[start:]):
        start += match.end()
    if match := _POSSESSIVE.search(text[start:end]):
        end = start + match.start()
    if match := _TRAILING_PUNCT.search(text[start:end]):
        end = start + match.start()
    if end < len(text) and text[end] == "." and _ABBREVIATION_END.search(text[start:end]):
        end += 1  # the full stop of "U.S." or "Jr." belongs to the name
    return (start, end) if end > start else None


def doc_mentions(doc: Doc, unit: TextUnit, gazetteer: Gazetteer, matcher: PhraseMatcher) -> list[Mention]:
    """Mentions of one unit, with offsets into `unit.text`."""
    offset = unit.start
    mentions: list[Mention] = []
    for span, label, from_tables in _candidates(doc, matcher):
        bounds = _trimmed_bounds(span.text)
        if bounds is None:
            continue
        start, end = span.start_char + offset + bounds[0], span.start_char + offset + bounds[1]
        mention = Mention(unit, start, end, label)
        text = mention.text
        if not any(ch.isupper() for ch in text) and not from_tables:
            continue  # "stymie", "defense": not names
        if label == "ORG":
            _trim_lowercase_tail(mention)
        if not _split_off_titles(mention, gazetteer):
            continue
        relabel_from_tables(mention, gazetteer)
        if mention.label == "PERSON":
            _person_context(mention, doc, gazetteer)
        mentions.append(mention)
    mentions = _complete_institutions(mentions, gazetteer)
    return _bare_ministries(mentions, unit)


def relabel_from_tables(mention: Mention, gazetteer: Gazetteer) -> None:
    """Reference tables decide the type of a name they know ("Crimea" is a place)."""
    text = mention.text
    known = gazetteer.find(text)
    if known is not None:
        mention.known = known
        mention.label = known.entity_type
        return
    nationality = gazetteer.demonym(text)
    if nationality is not None:
        mention.known = nationality
        mention.label = "NORP"


def _trim_lowercase_tail(mention: Mention) -> None:
    """'Interfax news agency' → 'Interfax', 'PDeCat party' → 'PDeCat' (descriptors, not names)."""
    text = mention.text
    if MINISTRY.match(text):
        return
    words = text.split(" ")
    while len(words) > 1 and words[-1].islower():
        words.pop()
    mention.char_end = mention.char_start + len(" ".join(words))


def _is_title_word(word: str, gazetteer: Gazetteer) -> bool:
    # "Major-General" is one token in the model's eyes
    return all(gazetteer.is_title_word(part) for part in word.split("-") if part)


def _looks_like_a_name(words: list[str]) -> bool:
    """2–4 capitalised words without function words: 'Igor Konashenkov', not 'Council for ...'."""
    return 2 <= len(words) <= 4 and all(w[:1].isupper() for w in words)


def _split_off_titles(mention: Mention, gazetteer: Gazetteer) -> bool:
    """Move leading title words into `role`; False when the text is mostly a title."""
    if gazetteer.find(mention.text) is not None:
        return True
    words = mention.text.split(" ")
    titles = sum(_is_title_word(w, gazetteer) for w in words)
    framed_by_titles = _is_title_word(words[0], gazetteer) and _is_title_word(words[-1], gazetteer)
    if titles == len(words) or (framed_by_titles and titles * 2 >= len(words) and mention.label != "PERSON"):
        return False  # "State", "Supreme Allied Commander Gen."
    role: list[str] = []
    while len(words) > 2 and _is_title_word(words[0], gazetteer):
        role.append(words.pop(0))
    if role and (_looks_like_a_name(words) or mention.label == "PERSON"):
        mention.char_start = mention.char_end - len(" ".join(words))
        mention.role = " ".join(role)
        mention.label = "PERSON"
    return True


def _person_context(mention: Mention, doc: Doc, gazetteer: Gazetteer) -> None:
    """Role and country from the words before the name: 'Russian Foreign Minister Sergei Lavrov'."""
    offset = mention.unit.start
    span = doc.char_span(mention.char_start - offset, mention.char_end - offset, alignment_mode="expand")
    if span is None:
        return
    role_words: list[str] = []
    country = None
    i = span.start - 1
    while i >= span.sent.start and span.start - i <= 8:
        token = doc[i]
        if i - 2 >= span.sent.start and doc[i - 1].text == "-":
            joined = f"{doc[i - 2].text}-{token.text}"  # "President-elect", three tokens to the model
            if gazetteer.is_title_word(joined):
                role_words.insert(0, joined)
                i -= 3
                continue
        title_word = _is_title_word(token.text, gazetteer) and gazetteer.find(token.text) is None
        if title_word or token.lower_ in ("special", "chief", "top", "former"):
            role_words.insert(0, token.text)  # "Secretary of State", even when tagged as an entity
            i -= 1
            continue
        # an entity that ends before the name (not one that swallowed the title, "State Rex Tillerson")
        entity = next((e for e in doc.ents if e.start <= i < e.end and e.end <= span.start), None)
        if entity is None and gazetteer.find(token.text):
            entity = doc[i : i + 1]
        if entity is not None and (entity.label_ in ("NORP", "GPE", "ORG") or gazetteer.find(entity.text)):
            known = gazetteer.find(entity.text) or gazetteer.demonym(entity.text)
            if known is not None and known.country_code and country is None:
                country = known.country_code
            if known is not None and known.cameo_code and role_words and mention.affiliation is None:
                mention.affiliation = known.cameo_code  # "NATO Secretary-General Jens Stoltenberg"
            i = entity.start - 1
            continue
        if token.text in ("-", "of", "in") and role_words:
            role_words.insert(0, token.text)
            i -= 1
            continue
        if token.text in ("'s", "’s") and role_words:
            i -= 1
            continue
        break
    if role_words:  # includes any title split off the name itself
        mention.role = " ".join(role_words)
    if country:
        mention.country_hint = country


def _complete_institutions(mentions: list[Mention], gazetteer: Gazetteer) -> list[Mention]:
    """Join what the model split: country + ministry, institution + 'of' + country, name + treaty."""
    completed: list[Mention] = []
    for mention in mentions:
        text = mention.unit.text
        previous = completed[-1] if completed else None
        between = text[previous.char_end : mention.char_start] if previous else None
        # "Consulate General" + "of Russia" → one organisation
        if (
            previous is not None
            and previous.label == "ORG"
            and previous.known is None
            and mention.label in ("GPE", "ORG")
            and _OF_AFTER.match(between or "x")
        ):
            previous.char_end = mention.char_end
            if mention.known is not None:
                previous.country_hint = previous.country_hint or mention.known.country_code
            continue
        completed.append(mention)
    for mention in completed:
        after = mention.unit.text[mention.char_end :]
        # "Russian" (or "Russian" + "foreign ministry") → "Russian foreign ministry"
        country = mention.known.country_code if mention.known is not None else None
        if mention.label in ("NORP", "GPE") and country and (m := _MINISTRY_AFTER.match(after)):
            mention.country_hint = country
            mention.char_end += m.end()
            mention.label, mention.known = "ORG", None
        elif mention.label in ("ORG", "GPE", "LOC", "PERSON") and (m := _LAW_AFTER.match(after)):
            mention.char_end += m.end()
            mention.label, mention.known = "LAW", None
    # A ministry mention merged with the one that follows it ("Russian" + "foreign ministry").
    return [m for i, m in enumerate(completed) if not (i and completed[i - 1].char_end > m.char_start)]


def _bare_ministries(mentions: list[Mention], unit: TextUnit) -> list[Mention]:
    """'the foreign ministry in Moscow': a body the model did not tag, resolved per article later."""
    taken = [(m.char_start, m.char_end) for m in mentions]
    text = unit.text
    for match in _BARE_MINISTRY.finditer(text, unit.start, len(text) if unit.end is None else unit.end):
        if any(s <= match.start() < e for s, e in taken):
            continue
        mentions.append(Mention(unit, match.start(), match.end(), "ORG"))
    return sorted(mentions, key=lambda m: m.char_start)
