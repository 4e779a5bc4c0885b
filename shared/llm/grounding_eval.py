"""Calibrate and measure the grounding floor on labelled development complaints.

The labelled set (``samples/llm/grounding/complaints.jsonl``) holds complaints written for this
purpose, each with the act that governs it. Whether that act is "in the corpus" is decided against
the corpus at hand (the laws of its statute documents), so when more acts are bundled the same
labels measure the larger corpus. The split is fixed by a hash of each id: a third is held out and
never used for fitting (:func:`split`).

Metrics (:func:`grounding_metrics`): basis recall = share of the complaints governed by a bundled act
that are grounded on that act; basis precision = share of the grounded complaints whose basis is the
governing act; false grounding = share of the complaints no bundled act governs that are grounded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from shared.data.registry import SAMPLES
from shared.errors import DataError
from shared.llm.act_names import act_key
from shared.llm.assistant import grounding_query
from shared.llm.grounding import (
    BIAS,
    FEATURES,
    FLOOR,
    WEIGHTS,
    Candidate,
    best_candidate,
    query_candidates,
)
from shared.llm.redaction import redact
from shared.llm.retrieval import Retriever
from shared.llm.summaries import summarize

DEV_FILE = SAMPLES / "llm" / "grounding" / "complaints.jsonl"


@dataclass(frozen=True)
class Labelled:
    """One development complaint: its text, language and governing act (the official name)."""

    id: str
    text: str
    act: str
    lang: str


@dataclass(frozen=True)
class Scored:
    """A labelled complaint with its candidate acts (and their features) and its gold act."""

    id: str
    gold: str
    in_corpus: bool
    candidates: tuple[Candidate, ...]

    def decide(self, weights: dict[str, float] = WEIGHTS, bias: float = BIAS, floor: float = FLOOR) -> str:
        """The act the grounding rests on under these weights and floor ("" when it grounds nothing)."""
        best, p = best_candidate(list(self.candidates), weights, bias)
        return best.act if best is not None and p >= floor else ""


def development_complaints(path: str | Path = DEV_FILE) -> list[Labelled]:
    """The labelled complaints (JSON lines with ``id``, ``text``, ``act``, ``lang``)."""
    path = Path(path)
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        row = json.loads(line)
        for key in ("id", "text", "act"):
            if not isinstance(row.get(key), str) or not row[key]:
                raise DataError(
                    f"line {n} has no {key!r}", file=path, column=key, expected="a non-empty string"
                )
        out.append(Labelled(row["id"], row["text"], row["act"], row.get("lang", "ko")))
    return out


def held_out(complaint_id: str) -> bool:
    """True for the third of the ids kept out of calibration (fixed by SHA-1, not by order)."""
    return int(hashlib.sha1(complaint_id.encode("utf-8")).hexdigest(), 16) % 3 == 0


def split(rows: list[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """(calibration, held-out) parts of ``rows``."""
    return [r for r in rows if not held_out(r.id)], [r for r in rows if held_out(r.id)]


def corpus_laws(retriever: Retriever) -> set[str]:
    """The acts whose articles the corpus holds (names as :func:`act_key` compares them)."""
    return {act_key(d.meta.get("law", "")) for d in retriever.docs_ if d.meta.get("type") == "statute"}


def score_rows(retriever: Retriever, rows: list[Labelled]) -> list[Scored]:
    """Features of each complaint as the assistant computes them (redact, summarise, search query)."""
    laws = corpus_laws(retriever)
    out = []
    for row in rows:
        redacted = redact(row.text).text
        query = grounding_query(summarize(redacted, 3), redacted)
        found, _ = query_candidates(retriever, query)
        named = tuple(Candidate(act_key(c.act), c.features, c.hits) for c in found)
        gold = act_key(row.act)
        out.append(Scored(row.id, gold, gold in laws, named))
    return out


def _rates(decisions: list[tuple[Scored, str]]) -> dict[str, float]:
    """Counts and the three rates of ``(scored complaint, act it was grounded on or "")`` pairs."""
    grounded = [(s, act) for s, act in decisions if act]
    right = [s for s, act in grounded if act == s.gold]
    inside = [s for s, _ in decisions if s.in_corpus]
    outside = [s for s, _ in decisions if not s.in_corpus]
    return {
        "complaints": len(decisions),
        "governed_in_corpus": len(inside),
        "not_in_corpus": len(outside),
        "basis_recall": sum(s.in_corpus for s in right) / len(inside) if inside else float("nan"),
        "basis_precision": len(right) / len(grounded) if grounded else float("nan"),
        "false_grounding": sum(not s.in_corpus for s, _ in grounded) / len(outside)
        if outside
        else float("nan"),
    }


def grounding_metrics(
    scored: list[Scored], weights: dict[str, float] = WEIGHTS, bias: float = BIAS, floor: float = FLOOR
) -> dict[str, float]:
    """Basis recall, basis precision and false grounding of ``scored`` under these weights and floor."""
    return _rates([(s, s.decide(weights, bias, floor)) for s in scored])


def fit_weights(scored: list[Scored], c: float = 1.0) -> tuple[dict[str, float], float]:
    """Logistic regression of "this candidate act governs" on the features (scikit-learn, L2, ``C=c``).

    One row per candidate act of every complaint; the target is 1 for the complaint's governing act,
    so the fit learns to prefer the right act and to refuse both a complaint no bundled act governs
    (all its candidates are 0) and a wrong act.
    """
    from sklearn.linear_model import LogisticRegression

    rows = [(c, s.gold) for s in scored for c in s.candidates]
    x = np.array([[c.features[k] for k in FEATURES] for c, _ in rows]).reshape(-1, len(FEATURES))
    y = np.array([int(c.act == gold) for c, gold in rows])
    if len(set(y)) < 2:
        raise DataError("the calibration rows are all of one class", expected="grounded and ungrounded rows")
    model = LogisticRegression(C=c, max_iter=1000).fit(x, y)
    return dict(zip(FEATURES, (float(w) for w in model.coef_[0]), strict=True)), float(model.intercept_[0])


def fold_of(complaint_id: str, folds: int, shuffle: int = 0) -> int:
    """The cross-validation fold of a complaint in shuffle ``shuffle`` (SHA-1 of shuffle and id)."""
    return int(hashlib.sha1(f"{shuffle}:{complaint_id}".encode()).hexdigest(), 16) % folds


RATES = ("basis_recall", "basis_precision", "false_grounding")


def cross_validated(
    scored: list[Scored], folds: int = 5, c: float = 1.0, shuffles: int = 10, floor: float = FLOOR
) -> dict[str, float]:
    """``folds``-fold cross-validation repeated over ``shuffles`` fold assignments: mean and sd of each rate.

    In every shuffle each complaint is decided by weights fitted on the other folds only (the floor
    is fixed); ``*_sd`` is the standard deviation of a rate over the shuffles.
    """
    runs = []
    for shuffle in range(shuffles):
        decisions: list[tuple[Scored, str]] = []
        for f in range(folds):
            test = [s for s in scored if fold_of(s.id, folds, shuffle) == f]
            train = [s for s in scored if fold_of(s.id, folds, shuffle) != f]
            weights, bias = fit_weights(train, c)
            decisions += [(s, s.decide(weights, bias, floor)) for s in test]
        runs.append(_rates(decisions))
    out: dict[str, float] = {k: runs[0][k] for k in ("complaints", "governed_in_corpus", "not_in_corpus")}
    for k in RATES:
        values = np.array([r[k] for r in runs], dtype=float)
        out[k] = float(values.mean())
        out[f"{k}_sd"] = float(values.std())
    return out
