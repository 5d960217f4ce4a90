"""The batched attribute rules and lemmatizer annotate exactly as spaCy's stock components."""

from __future__ import annotations

import spacy
from thinc.api import use_ops

from ingest.nlp.model import load_pipeline, model_name
from ingest.parser import parse_dump

# Text that exercises the multi-token rules (contractions, "gonna", "y'all", "there is") and the
# whitespace rules, which wire copy rarely contains.
RULE_CASES = [
    "We're gonna win, y'all, and it ain't over. Let's go!",
    "There is no deal. There's a plan, and there are talks.",
    "He doesn't know;  she'd said\n\nnothing.   OK",
    "",
    "   ",
]


def annotations(doc):
    return [(t.tag_, t.pos_, str(t.morph), t.lemma_, t.dep_, t.head.i) for t in doc]


def test_batched_components_annotate_like_the_stock_ones(sample_bytes):
    ours = load_pipeline()
    assert "attribute_ruler" not in ours.pipe_names and "lemmatizer" not in ours.pipe_names
    with use_ops("numpy", use_blis=False):
        stock = spacy.load(model_name())
    assert {"attribute_ruler", "lemmatizer"} <= set(stock.pipe_names)
    parsed = parse_dump(sample_bytes, "sample")
    texts = parsed.paragraphs["text"].to_list() + parsed.articles["title"].to_list() + RULE_CASES
    expected = [annotations(doc) for doc in stock.pipe(texts, batch_size=16)]
    got = [annotations(doc) for doc in ours.pipe(texts, batch_size=16)]
    assert sum(len(doc) for doc in expected) > 5_000
    assert got == expected
    # The single-document path (nlp(text)) agrees too.
    assert [annotations(ours(text)) for text in RULE_CASES] == expected[-len(RULE_CASES) :]
