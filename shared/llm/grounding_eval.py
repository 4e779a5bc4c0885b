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
from shared.llm.assistant import grounding_query
from shared.llm.glossary import korean_terms
from shared.llm.grounding import (
    BIAS,
    FEATURES,
    FLOOR,
    WEIGHTS,
    features_for,
    logistic,
    query_terms,
    statute_hits,
)
from shared.llm.redaction import redact
from shared.llm.retrieval import Retriever
from shared.llm.summaries import summarize
from shared.llm.text import is_korean

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
    """A labelled complaint with its features, the act the grounding chose, and its gold act."""

    id: str
    gold: str
    in_corpus: bool
    act: str
    features: dict[str, float]


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
    """The acts whose articles the corpus holds."""
    return {d.meta.get("law", "") for d in retriever.docs_ if d.meta.get("type") == "statute"}


def score_rows(retriever: Retriever, rows: list[Labelled]) -> list[Scored]:
    """Features of each complaint as the assistant computes them (redact, summarise, search query)."""
    laws = corpus_laws(retriever)
    out = []
    for row in rows:
        redacted = redact(row.text).text
        query = grounding_query(summarize(redacted, 3), redacted)
        search_text = query if is_korean(query) else korean_terms(query)[0]
        hits = statute_hits(retriever, search_text) if search_text.strip() else []
        values, act, _ = features_for(retriever, query_terms(query), hits)
        out.append(Scored(row.id, row.act, row.act in laws, act, values))
    return out


def grounding_metrics(
    scored: list[Scored], weights: dict[str, float] = WEIGHTS, bias: float = BIAS, floor: float = FLOOR
) -> dict[str, float]:
    """Basis recall, basis precision and false grounding of ``scored`` under these weights and floor."""
    grounded = [s for s in scored if s.act and logistic(s.features, weights, bias) >= floor]
    right = [s for s in grounded if s.act == s.gold]
    inside = [s for s in scored if s.in_corpus]
    outside = [s for s in scored if not s.in_corpus]
    return {
        "complaints": len(scored),
        "governed_in_corpus": len(inside),
        "not_in_corpus": len(outside),
        "basis_recall": sum(s.in_corpus for s in right) / len(inside) if inside else float("nan"),
        "basis_precision": len(right) / len(grounded) if grounded else float("nan"),
        "false_grounding": sum(not s.in_corpus for s in grounded) / len(outside) if outside else float("nan"),
    }


def fit_weights(scored: list[Scored], c: float = 1.0) -> tuple[dict[str, float], float]:
    """Logistic regression of "the chosen act governs" on the four features (scikit-learn, L2, ``C=c``).

    The target is 1 when the act the grounding chose is the complaint's governing act, so the fit
    learns to refuse both a complaint no bundled act governs and a wrong act.
    """
    from sklearn.linear_model import LogisticRegression

    x = np.array([[s.features[k] for k in FEATURES] for s in scored])
    y = np.array([int(bool(s.act) and s.act == s.gold) for s in scored])
    if len(set(y)) < 2:
        raise DataError("the calibration rows are all of one class", expected="grounded and ungrounded rows")
    model = LogisticRegression(C=c, max_iter=1000).fit(x, y)
    return dict(zip(FEATURES, (float(w) for w in model.coef_[0]), strict=True)), float(model.intercept_[0])


def cross_validated(scored: list[Scored], folds: int = 5, c: float = 1.0) -> dict[str, float]:
    """Metrics of ``folds``-fold cross-validation (folds by id hash): each row scored by a fit without it."""
    predictions: list[tuple[Scored, bool]] = []
    for f in range(folds):
        test = [s for s in scored if int(hashlib.sha1(s.id.encode()).hexdigest(), 16) % folds == f]
        train = [s for s in scored if s not in test]
        weights, bias = fit_weights(train, c)
        predictions += [(s, logistic(s.features, weights, bias) >= FLOOR) for s in test]
    grounded = [s for s, g in predictions if g and s.act]
    right = [s for s in grounded if s.act == s.gold]
    inside = [s for s, _ in predictions if s.in_corpus]
    outside = [s for s, _ in predictions if not s.in_corpus]
    return {
        "complaints": len(predictions),
        "governed_in_corpus": len(inside),
        "not_in_corpus": len(outside),
        "basis_recall": sum(s.in_corpus for s in right) / len(inside) if inside else float("nan"),
        "basis_precision": len(right) / len(grounded) if grounded else float("nan"),
        "false_grounding": sum(not s.in_corpus for s in grounded) / len(outside) if outside else float("nan"),
    }
