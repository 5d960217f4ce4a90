"""The event coder's dictionaries, read from `ingest/data/`:

- `cameo_triggers.csv`: verb, noun and adjective lemmas (with optional words that must
  accompany them, "missile+at") → CAMEO code, and the code they take under negation;
- `event_frames.csv`: the words around a trigger that make it an intention (modals, "plan to",
  "ready for"), hand its actor to a noun ("held talks"), or make it hypothetical ("if").
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from ingest.reference import data_rows


@dataclass(frozen=True)
class Trigger:
    lemma: str
    pos: str  # VERB | NOUN | ADJ
    companion: tuple[str, ...]  # lemmas that must all appear near the trigger ("concern"; "missile+at")
    code: str
    negated_code: str | None
    example: str


@cache
def triggers() -> dict[str, list[Trigger]]:
    """Lemma → triggers, those with a companion first (in file order), from `cameo_triggers.csv`."""
    by_lemma: dict[str, list[Trigger]] = {}
    for row in data_rows("cameo_triggers.csv"):
        trigger = Trigger(
            lemma=row["lemma"],
            pos=row["pos"].upper(),
            companion=tuple(w for w in row["with"].split("+") if w),
            code=row["code"],
            negated_code=row["negated_code"] or None,
            example=row["example"],
        )
        by_lemma.setdefault(trigger.lemma, []).append(trigger)
    for options in by_lemma.values():
        # the most specific patterns first ("missile+at" before "missile" before none), each
        # group in file order
        options.sort(key=lambda t: -len(t.companion))
    return by_lemma


@cache
def frame_words(kind: str) -> frozenset[str]:
    """The words of one kind of frame (modal, intent_verb, intent_adj, light_verb, conditional)."""
    return frozenset(row["word"] for row in data_rows("event_frames.csv") if row["kind"] == kind)
