"""Retrieval quality (Recall@k, MRR) and the KoBLEX benchmark's documents and queries.

Recall@k and the reciprocal rank are the suite's one definition in :mod:`shared.ranking_metrics`
(re-exported here for the retrieval code).

KoBLEX gold contexts are statute paragraphs named by ``hierarchy`` (law, article, title, paragraph);
the corpus file holds one row per ``hierarchy``, so a gold paragraph is found when a retrieved
document's id equals its ``hierarchy``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from shared.errors import DataError
from shared.llm.retrieval import Document, Retriever
from shared.ranking_metrics import recall_at_k, reciprocal_rank

__all__ = ["koblex_documents", "koblex_queries", "recall_at_k", "reciprocal_rank", "retrieval_quality"]


def retrieval_quality(
    retriever: Retriever,
    queries: Sequence[str],
    golds: Sequence[set[str]],
    *,
    k: int = 5,
    depth: int = 100,
    method: str | None = None,
) -> dict[str, float]:
    """Mean Recall@k, Recall@10 and MRR (over the first ``depth`` results) of ``retriever``."""
    if len(queries) != len(golds):
        raise ValueError("queries and golds differ in length")
    recalls, recalls10, rrs = [], [], []
    for query, gold in zip(queries, golds, strict=True):
        ranked = retriever.rank(query, k=depth, method=method)
        recalls.append(recall_at_k(ranked, gold, k))
        recalls10.append(recall_at_k(ranked, gold, 10))
        rrs.append(reciprocal_rank(ranked, gold))
    return {
        f"recall@{k}": float(np.mean(recalls)),
        "recall@10": float(np.mean(recalls10)),
        "mrr": float(np.mean(rrs)),
        "queries": len(queries),
    }


def koblex_documents(corpus: pd.DataFrame) -> list[Document]:
    """KoBLEX paragraphs as documents: id = ``hierarchy``, title = law and article, text = ``content``."""
    for col in ("hierarchy", "index", "content"):
        if col not in corpus.columns:
            raise DataError("KoBLEX corpus lacks a column", column=col, expected="hierarchy, index, content")
    docs, seen = [], set()
    for row in corpus.itertuples(index=False):
        if row.hierarchy in seen:
            continue
        seen.add(row.hierarchy)
        title = " ".join(str(row.index).split())
        docs.append(Document(str(row.hierarchy), title, str(row.content), {"type": "statute"}))
    return docs


def koblex_queries(questions: pd.DataFrame) -> tuple[list[str], list[set[str]]]:
    """Queries (question and background scenario) and their gold paragraph ids."""
    queries, golds = [], []
    for row in questions.itertuples(index=False):
        background = getattr(row, "background", "") or ""
        queries.append(f"{row.question}\n{background}".strip())
        contexts = row.contexts if isinstance(row.contexts, list) else []
        golds.append({c["hierarchy"] for c in contexts if isinstance(c, dict) and "hierarchy" in c})
    keep = [i for i, g in enumerate(golds) if g]
    return [queries[i] for i in keep], [golds[i] for i in keep]
