"""Run the NLP over articles: text units in, mention rows out (polars), in one or more processes."""

from __future__ import annotations

import os
import re
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

import polars as pl
from spacy.tokens import Doc

from ingest.dates import PublicationDate, infer_publication_date, resolve_time_expression
from ingest.nlp.discourse import Discourse
from ingest.nlp.events import extract_events
from ingest.nlp.gazetteer import load_gazetteer
from ingest.nlp.model import load_matcher, load_pipeline, model_name, nlp_version, single_threaded_blas
from ingest.nlp.repair import lost_apostrophes, restore_apostrophes
from ingest.nlp.resolve import resolve_article
from ingest.nlp.spans import doc_mentions
from ingest.nlp.statements import extract_statements
from ingest.nlp.units import Mention, TextUnit

MENTION_SCHEMA = {
    "text_hash": pl.String,
    "section": pl.String,
    "section_index": pl.Int32,
    "paragraph_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "surface_text": pl.String,
    "entity_key": pl.String,
    "entity_name": pl.String,
    "entity_type": pl.String,
    "country_code": pl.String,
    "role": pl.String,
    "from_reference": pl.Boolean,
}
STATEMENT_SCHEMA = {
    "text_hash": pl.String,
    "paragraph_index": pl.Int32,
    "char_start": pl.Int32,
    "char_end": pl.Int32,
    "statement_text": pl.String,
    "is_direct": pl.Boolean,
    "cue": pl.String,
    "speaker_name": pl.String,
    "speaker_type": pl.String,
    "speaker_key": pl.String,
    "audience": pl.String,
    "parts": pl.Int32,
    "speaker_role": pl.String,
    "speaker_keys": pl.List(pl.String),
}
EVENT_SCHEMA = {
    "text_hash": pl.String,
    "paragraph_index": pl.Int32,
    "trigger_start": pl.Int32,
    "trigger_end": pl.Int32,
    "trigger_text": pl.String,
    "event_code": pl.String,
    "actor1_name": pl.String,
    "actor1_code": pl.String,
    "actor1_key": pl.String,
    "actor2_name": pl.String,
    "actor2_code": pl.String,
    "actor2_key": pl.String,
    "date_text": pl.String,
    "event_date": pl.Date,
    "sentence_start": pl.Int32,
    "sentence_end": pl.Int32,
}
DATE_SCHEMA = {"text_hash": pl.String, "published_date": pl.Date, "published_date_method": pl.String}
# Articles per work package handed to a process: small, so that at the end of a slice one process
# does not work on alone for long (a package of 50 wire stories takes ~3 s).
ARTICLE_ID_BATCH = 50
# Wire paragraphs are under 3,000 characters; longer ones are analysed in windows of this size.
MAX_UNIT_CHARS = 20_000
_PICTURE_CREDIT = re.compile(r"\s*REUTERS/.*$|\s*\(REUTERS.*$", re.DOTALL)


@dataclass(frozen=True)
class NlpResult:
    mentions: pl.DataFrame
    statements: pl.DataFrame
    events: pl.DataFrame
    publication_dates: pl.DataFrame
    words_by_text: dict[str, int]
    seconds: float
    sentences: int = 0

    @property
    def words(self) -> int:
        return sum(self.words_by_text.values())


def text_units(articles: pl.DataFrame, paragraphs: pl.DataFrame) -> dict[str, list[TextUnit]]:
    """Headline, captions (without picture credit) and body paragraphs (without dateline) per text.

    `articles` has text_hash, title, captions; `paragraphs` has text_hash, paragraph_index, text,
    dateline_chars.
    """
    units: dict[str, list[TextUnit]] = {}
    damaged = _lost_apostrophes(articles, paragraphs)

    def unit(text_hash: str, section: str, index: int, paragraph: int | None, text: str, span) -> TextUnit:
        repaired = restore_apostrophes(text) if text_hash in damaged else None
        return TextUnit(text_hash, section, index, paragraph, text, span[0], span[1], repaired)

    for text_hash, title, captions in articles.select("text_hash", "title", "captions").iter_rows():
        article_units = units.setdefault(text_hash, [])
        if title:
            for span in _windows(title, 0):
                article_units.append(unit(text_hash, "title", 0, None, title, span))
        for i, caption in enumerate(captions or []):
            credit_at = len(_PICTURE_CREDIT.sub("", caption))
            for start, end in _windows(caption[:credit_at], 0):
                article_units.append(unit(text_hash, "caption", i, None, caption, (start, end or credit_at)))
    for text_hash, index, text, lead in paragraphs.select(
        "text_hash", "paragraph_index", "text", "dateline_chars"
    ).iter_rows():
        article_units = units.setdefault(text_hash, [])
        for span in _windows(text, lead or 0):
            article_units.append(unit(text_hash, "body", index, index, text, span))
    return units


def _lost_apostrophes(articles: pl.DataFrame, paragraphs: pl.DataFrame) -> set[str]:
    """The texts whose story lost its apostrophes in transmission (see `ingest.nlp.repair`)."""
    bodies: dict[str, list[str]] = {}
    for text_hash, text in paragraphs.select("text_hash", "text").iter_rows():
        bodies.setdefault(text_hash, []).append(text)
    for text_hash, title in articles.select("text_hash", "title").iter_rows():
        bodies.setdefault(text_hash, []).append(title or "")
    return {text_hash for text_hash, texts in bodies.items() if lost_apostrophes(texts)}


def _windows(text: str, start: int, limit: int = MAX_UNIT_CHARS) -> Iterator[tuple[int, int | None]]:
    """The analysed stretches of a paragraph: all of it, or for an over-long one (a table, a
    story without paragraph breaks) windows of at most `limit` characters cut after a sentence,
    else at a space, so the tagger's memory stays bounded and no text goes unanalysed."""
    while len(text) - start > limit:
        window = text[start : start + limit]
        cut = max(window.rfind(". "), window.rfind("\n"))
        if cut < limit // 2:
            cut = window.rfind(" ")
        end = start + (cut + 1 if cut > 0 else limit)
        yield start, end
        start = end
        while start < len(text) and text[start] == " ":
            start += 1
    yield start, None


def _dateline_countries(articles: pl.DataFrame) -> dict[str, str | None]:
    gazetteer = load_gazetteer()
    countries = {}
    for text_hash, dateline in articles.select("text_hash", "dateline").iter_rows():
        city = re.split(r"[,/]", dateline)[0].strip().title() if dateline else None
        countries[text_hash] = gazetteer.country_of_place(city) if city else None
    return countries


def _analyse_batch(
    batch: list[tuple[str, list[TextUnit], str | None]],
) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple], int]:
    """Worker: mentions of a batch of articles as plain tuples (cheap to send between processes)."""
    nlp = load_pipeline(model_name())
    matcher = load_matcher(model_name())
    gazetteer = load_gazetteer()
    flat = [(unit, article_index) for article_index, (_, units, _) in enumerate(batch) for unit in units]
    per_article: list[list[Mention]] = [[] for _ in batch]
    per_article_docs: list[list[tuple[TextUnit, Doc]]] = [[] for _ in batch]
    sentences = 0
    with single_threaded_blas():
        docs = nlp.pipe((unit.analysed for unit, _ in flat), batch_size=128)
        for (unit, article_index), doc in zip(flat, docs, strict=True):
            sentences += sum(1 for _ in doc.sents)
            per_article[article_index].extend(doc_mentions(doc, unit, gazetteer, matcher))
            per_article_docs[article_index].append((unit, doc))
    rows = []
    statement_rows = []
    event_rows = []
    date_rows = []
    for (text_hash, article_units, dateline_country), mentions, units_docs in zip(
        batch, per_article, per_article_docs, strict=True
    ):
        published = _publication_date(article_units)
        date_rows.append((text_hash, published.value, published.method))
        resolved = resolve_article(mentions, dateline_country, gazetteer)
        discourse = Discourse(dateline_country=dateline_country)
        statements = extract_statements(units_docs, resolved, discourse)
        for event in extract_events(units_docs, resolved, statements, discourse):
            event_rows.append(
                (
                    event.unit.text_hash,
                    event.unit.paragraph_index,
                    event.trigger_start,
                    event.trigger_end,
                    event.trigger_text,
                    event.code,
                    event.actor1.name,
                    event.actor1.code,
                    event.actor1.key,
                    event.actor2.name if event.actor2 else None,
                    event.actor2.code if event.actor2 else None,
                    event.actor2.key if event.actor2 else None,
                    event.date_text,
                    resolve_time_expression(event.date_text, published.value),
                    event.sentence_start,
                    event.sentence_end,
                )
            )
        for s in statements:
            statement_rows.append(
                (
                    s.unit.text_hash,
                    s.unit.paragraph_index,
                    s.char_start,
                    s.char_end,
                    s.text,
                    s.is_direct,
                    s.cue,
                    s.speaker.name,
                    s.speaker.type,
                    s.speaker.key,
                    s.audience,
                    s.parts,
                    s.speaker.role,
                    s.speaker.keys,
                )
            )
        for m in resolved:
            rows.append(
                (
                    m.unit.text_hash,
                    m.unit.section,
                    m.unit.section_index,
                    m.unit.paragraph_index,
                    m.char_start,
                    m.char_end,
                    m.text,
                    m.entity_key,
                    m.entity_name,
                    m.label,
                    m.country_code,
                    m.role,
                    m.known is not None,
                )
            )
    return rows, statement_rows, event_rows, date_rows, sentences


def _publication_date(units: list[TextUnit]) -> PublicationDate:
    # One entry per headline, caption and paragraph (a long one is several analysed windows).
    whole = {(u.section, u.section_index): u.text for u in units}
    title = whole.get(("title", 0), "")
    captions = [text for (section, _), text in whole.items() if section == "caption"]
    paragraphs = [whole[key] for key in sorted(key for key in whole if key[0] == "body")]
    return infer_publication_date(title, captions, paragraphs)


def _batches(
    units: dict[str, list[TextUnit]], countries: dict[str, str | None]
) -> Iterator[list[tuple[str, list[TextUnit], str | None]]]:
    batch = []
    for text_hash, article_units in units.items():
        batch.append((text_hash, article_units, countries.get(text_hash)))
        if len(batch) >= ARTICLE_ID_BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def default_processes(words: int) -> int:
    """Processes for the NLP: one for small inputs (start-up costs ~2 s), else one per core."""
    return 1 if words < 200_000 else max(1, min(os.cpu_count() or 1, 4))


class NlpWorkers:
    """A pool of NLP processes kept across calls, so a dump analysed in slices pays the
    start-up once. Workers are forked after the model is loaded, so they share its memory."""

    def __init__(self, processes: int | None = None) -> None:
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None

    def map(self, batches: Iterable[list], words: int) -> Iterator:
        processes = self.processes or default_processes(words)
        if processes <= 1 and self._pool is None:
            return map(_analyse_batch, batches)
        if self._pool is None:
            load_pipeline(model_name())
            load_matcher(model_name())
            self._pool = ProcessPoolExecutor(max_workers=max(processes, 2))
        return self._pool.map(_analyse_batch, batches)

    def close(self, cancel_pending: bool = False) -> None:
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=cancel_pending)
            self._pool = None

    def __enter__(self) -> NlpWorkers:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, *exc: object) -> None:
        # After a failure, batches already handed over for a following slice are not worth waiting for.
        self.close(cancel_pending=exc_type is not None)


class AnalysisInProgress:
    """One call's batches, handed to the workers at creation; `result()` waits for them.

    Submitting is separate from collecting so that a caller can give the workers the next slice
    before it stores this one: the processes then never wait for the main process.
    """

    def __init__(self, articles: pl.DataFrame, paragraphs: pl.DataFrame, workers: NlpWorkers) -> None:
        self._started = time.perf_counter()
        articles = articles.unique("text_hash", keep="first", maintain_order=True)
        units = text_units(articles, paragraphs)
        self.words_by_text = {
            text_hash: sum(len(u.analysed.split()) for u in article_units)
            for text_hash, article_units in units.items()
        }
        countries = _dateline_countries(articles)
        self._outputs = workers.map(_batches(units, countries), sum(self.words_by_text.values()))

    def result(self) -> NlpResult:
        rows: list[tuple] = []
        statement_rows: list[tuple] = []
        event_rows: list[tuple] = []
        date_rows: list[tuple] = []
        sentences = 0
        for batch_rows, batch_statements, batch_events, batch_dates, batch_sentences in self._outputs:
            rows.extend(batch_rows)
            statement_rows.extend(batch_statements)
            event_rows.extend(batch_events)
            date_rows.extend(batch_dates)
            sentences += batch_sentences
        return NlpResult(
            mentions=pl.DataFrame(rows, schema=MENTION_SCHEMA, orient="row"),
            statements=pl.DataFrame(statement_rows, schema=STATEMENT_SCHEMA, orient="row"),
            events=pl.DataFrame(event_rows, schema=EVENT_SCHEMA, orient="row"),
            publication_dates=pl.DataFrame(date_rows, schema=DATE_SCHEMA, orient="row"),
            words_by_text=self.words_by_text,
            seconds=time.perf_counter() - self._started,
            sentences=sentences,
        )


def analyse_articles(
    articles: pl.DataFrame,
    paragraphs: pl.DataFrame,
    processes: int | None = None,
    workers: NlpWorkers | None = None,
) -> NlpResult:
    """Mentions, statements, events and dates of the given article texts (one row per distinct
    text_hash in `articles`); `workers` reuses a process pool across calls."""
    if workers is not None:
        return AnalysisInProgress(articles, paragraphs, workers).result()
    with NlpWorkers(processes) as own:
        return AnalysisInProgress(articles, paragraphs, own).result()


def current_version() -> str:
    return nlp_version(model_name())
