"""Two of the model's rule-based components run over a batch of documents with arrays.

spaCy's `attribute_ruler` (tag → POS and morphology, lemma exceptions) runs its ~180 rules through
the general token Matcher, which tries every rule at every token, and its `lemmatizer` visits every
token in Python: together a quarter of the pipeline's time on wire text. Almost all attribute rules
test one token (its tag, lowercase form, dependency label or whether it is whitespace), so here each
such rule is a boolean mask over a batch's token arrays, and the few multi-token rules go through a
Matcher of their own; the rules are the model's own, applied in the same order with the same
precedence (a later rule overwrites an earlier one). The lemmatizer's result depends only on a
token's form, POS and morphology, so it is asked once per distinct triple. The annotations are the
stock components' (`tests/test_nlp_batched_components.py` compares them).
"""

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import numpy as np
from spacy.attrs import IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.tokens import Doc, Span
from spacy.tokens._retokenize import set_token_attrs
from spacy.vocab import Vocab

ATTRIBUTE_RULES = "newswire_attribute_rules"
LEMMAS = "newswire_lemmas"
_TESTED_NAMES = ("TAG", "LOWER", "DEP", "IS_SPACE")  # what single-token rules may test
_TESTED_ORDER = [IDS[name] for name in _TESTED_NAMES]  # their attribute ids, in the same order
_SET = [POS, MORPH, LEMMA, TAG]  # the attributes written through arrays; others token by token
Mask = Callable[[np.ndarray], np.ndarray]  # token attribute rows → which tokens match


@dataclass(frozen=True)
class _Rule:
    attrs: dict[int, int]  # attribute id → value, as the ruler normalised them
    mask: Mask | None  # single-token rules: which tokens of a batch it applies to
    matcher_key: int | None = None  # multi-token rules: their key in the fallback matcher
    index: int = 0  # which token of a multi-token match gets the attributes


class _BatchedComponent:
    """A pipeline component that annotates a batch of documents at a time."""

    def annotate(self, docs: list[Doc]) -> None:
        raise NotImplementedError

    def __call__(self, doc: Doc) -> Doc:
        self.annotate([doc])
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        docs = iter(docs)
        while batch := list(islice(docs, batch_size)):
            self.annotate(batch)
            yield from batch


def _token_table(docs: list[Doc], columns: list[int]) -> tuple[np.ndarray, np.ndarray]:
    """The batch's token attributes, one row per token, and where each document's rows start."""
    table = np.concatenate([doc.to_array(columns) for doc in docs]).reshape(-1, len(columns))
    return table, np.cumsum([0] + [len(doc) for doc in docs])


class ArrayAttributeRules(_BatchedComponent):
    """A drop-in for a model's AttributeRuler, built from that ruler's rules."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self.vocab = ruler.vocab
        self.fallback = Matcher(self.vocab)
        self.rules: list[_Rule] = []
        for rule_id, (pattern, attrs, index) in enumerate(
            zip(ruler.patterns, ruler.attrs, ruler.indices, strict=True)
        ):
            token_patterns = pattern["patterns"]
            masks = [self._compile(p[0]) for p in token_patterns if len(p) == 1]
            if len(masks) == len(token_patterns) and all(m is not None for m in masks):
                self.rules.append(_Rule(attrs, _any_of(masks)))
            else:
                key = self.vocab.strings.add(f"{ATTRIBUTE_RULES}-{rule_id}")
                self.fallback.add(key, token_patterns)
                self.rules.append(_Rule(attrs, None, key, index))

    def _compile(self, token_pattern: dict) -> Mask | None:
        """A mask function for one token pattern, or None if it uses something not handled here."""
        tests = []
        for name, value in token_pattern.items():
            if name not in _TESTED_NAMES:
                return None
            column = _TESTED_NAMES.index(name)
            if isinstance(value, bool):
                tests.append(_equals(column, int(value)))
            elif isinstance(value, str):
                tests.append(_equals(column, self.vocab.strings.add(value)))
            elif isinstance(value, dict) and len(value) == 1 and "IN" in value:
                tests.append(_member(column, [self.vocab.strings.add(v) for v in value["IN"]]))
            elif isinstance(value, dict) and len(value) == 1 and "NOT_IN" in value:
                tests.append(_member(column, [self.vocab.strings.add(v) for v in value["NOT_IN"]], False))
            elif isinstance(value, dict) and len(value) == 1 and "REGEX" in value and name != "IS_SPACE":
                tests.append(_regex(column, re.compile(value["REGEX"]), self.vocab))
            else:
                return None
        return _all_of(tests)

    def annotate(self, docs: list[Doc]) -> None:
        tested, offsets = _token_table(docs, _TESTED_ORDER)
        values, _ = _token_table(docs, _SET)
        token_by_token: list[tuple[int, int, dict[int, int]]] = []  # (doc, token, attrs)
        fallback = [self.fallback(doc, allow_missing=True, as_spans=False) for doc in docs]
        for rule in self.rules:
            if rule.mask is not None:
                at = np.flatnonzero(rule.mask(tested))
            else:
                at = np.array(
                    [
                        offsets[d] + Span(doc, start, end)[rule.index].i
                        for d, (doc, matches) in enumerate(zip(docs, fallback, strict=True))
                        for key, start, end in matches
                        if key == rule.matcher_key
                    ],
                    dtype=np.int64,
                )
            if at.size == 0:
                continue
            for attr, value in rule.attrs.items():
                if attr in _SET:
                    values[at, _SET.index(attr)] = value
                else:
                    doc_of = np.searchsorted(offsets, at, side="right") - 1
                    token_by_token.extend(
                        (int(d), int(i - offsets[d]), {attr: value}) for d, i in zip(doc_of, at, strict=True)
                    )
        for d, doc in enumerate(docs):
            doc.from_array(_SET, values[offsets[d] : offsets[d + 1]])
        for d, i, attrs in token_by_token:
            set_token_attrs(docs[d][i], attrs)


def _equals(column: int, value: int) -> Mask:
    return lambda tested: tested[:, column] == np.uint64(value)


def _member(column: int, values: list[int], inside: bool = True) -> Mask:
    allowed = np.array(values, dtype=np.uint64)
    return lambda tested: np.isin(tested[:, column], allowed, invert=not inside)


def _regex(column: int, pattern: re.Pattern[str], vocab: Vocab) -> Mask:
    known: dict[int, bool] = {}

    def mask(tested: np.ndarray) -> np.ndarray:
        column_values = tested[:, column]
        distinct = np.unique(column_values)
        for key in distinct.tolist():
            if key not in known:
                known[key] = bool(pattern.search(vocab.strings[key]))
        matching = np.array([key for key in distinct.tolist() if known[key]], dtype=np.uint64)
        return np.isin(column_values, matching)

    return mask


def _all_of(tests: list[Mask]) -> Mask:
    def mask(tested: np.ndarray) -> np.ndarray:
        result = np.ones(len(tested), dtype=bool)
        for test in tests:
            result &= test(tested)
        return result

    return mask


def _any_of(masks: list[Mask]) -> Mask:
    def mask(tested: np.ndarray) -> np.ndarray:
        result = np.zeros(len(tested), dtype=bool)
        for one in masks:
            result |= one(tested)
        return result

    return mask


class BatchedLemmatizer(_BatchedComponent):
    """A drop-in for a model's rule Lemmatizer: one lookup per distinct (form, POS, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.strings = lemmatizer.vocab.strings
        self.lemmas: dict[tuple[int, int, int], int] = {}  # (orth, pos, morph) → lemma hash

    def annotate(self, docs: list[Doc]) -> None:
        tokens, offsets = _token_table(docs, [ORTH, POS, MORPH, LEMMA])
        # Like the stock component, only tokens the attribute rules left without a lemma.
        todo = np.flatnonzero(tokens[:, 3] == 0)
        if todo.size == 0:
            return
        keys, first, inverse = np.unique(tokens[todo, :3], axis=0, return_index=True, return_inverse=True)
        lemmas = np.empty(len(keys), dtype=np.uint64)
        for k, (key, at) in enumerate(zip(map(tuple, keys.tolist()), first.tolist(), strict=True)):
            if key not in self.lemmas:
                row = int(todo[at])
                d = int(np.searchsorted(offsets, row, side="right") - 1)
                token = docs[d][row - int(offsets[d])]
                self.lemmas[key] = self.strings.add(self.lemmatizer.lemmatize(token)[0])
            lemmas[k] = self.lemmas[key]
        tokens[todo, 3] = lemmas[inverse.reshape(-1)]
        for d, doc in enumerate(docs):
            doc.from_array([LEMMA], tokens[offsets[d] : offsets[d + 1], 3:4])


@Language.factory(ATTRIBUTE_RULES)
def _make_array_attribute_rules(nlp: Language, name: str) -> ArrayAttributeRules:
    return ArrayAttributeRules(nlp.get_pipe("attribute_ruler"))


@Language.factory(LEMMAS)
def _make_batched_lemmatizer(nlp: Language, name: str) -> BatchedLemmatizer:
    return BatchedLemmatizer(nlp.get_pipe("lemmatizer"))


def use_batched_components(nlp: Language) -> None:
    """Swap the model's attribute_ruler and rule lemmatizer for the batched versions (the stock
    ones stay in the pipeline, disabled, as the source of their rules and tables)."""
    if "attribute_ruler" in nlp.pipe_names:
        nlp.add_pipe(ATTRIBUTE_RULES, after="attribute_ruler")
        nlp.disable_pipe("attribute_ruler")
    lemmatizer = nlp.get_pipe("lemmatizer") if "lemmatizer" in nlp.pipe_names else None
    if isinstance(lemmatizer, Lemmatizer) and lemmatizer.mode == "rule" and not lemmatizer.overwrite:
        nlp.add_pipe(LEMMAS, after="lemmatizer")
        nlp.disable_pipe("lemmatizer")
