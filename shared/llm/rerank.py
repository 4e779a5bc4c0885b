"""An optional learned reranking step: LightGBM LambdaRank over the retriever's first 30 candidates.

The retriever (BM25 or hybrid) proposes ``depth`` candidates per query; :class:`Reranker` scores them
again from features a single score cannot combine: BM25 of the query's first line (the question or the
summary) and of the rest apart, dense similarity and its gap to the best, the share of the first line's
terms (plain and IDF-weighted) a document holds, how much of a document's title the query names, the
best BM25 among documents with the same title (the article a paragraph belongs to), document length.

It must be trained on labelled questions (query, set of relevant document ids) from the corpus it will
rank: nothing is bundled, because the only labelled set here (KoBLEX) is licensed for research only and
asks citizen legal questions, not municipal complaints. :func:`cross_validated_quality` measures it
honestly: k-fold over questions, every question ranked by a model that never saw it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from shared.bench import progress
from shared.errors import DataError
from shared.estimator import Estimator
from shared.llm.evaluate import recall_at_k, reciprocal_rank
from shared.llm.retrieval import Document, Retriever
from shared.recsys.ranker import LambdaRanker
from shared.store import fingerprint, register

FEATURES = [
    "base_rank",
    "base",
    "bm25",
    "bm25_head",
    "bm25_tail",
    "bm25_rank",
    "dense",
    "dense_gap",
    "dense_rank",
    "head_coverage",
    "head_idf_coverage",
    "title_overlap",
    "title_head_overlap",
    "group_max",
    "group_in_pool",
    "length",
]


def _normalise(x: np.ndarray) -> np.ndarray:
    top = float(np.max(x)) if len(x) else 0.0
    return x / top if top > 0 else np.zeros_like(x, dtype=np.float64)


def _ranks(x: np.ndarray) -> np.ndarray:
    r = np.empty(len(x), dtype=np.float64)
    r[np.argsort(-x, kind="stable")] = np.arange(len(x))
    return r


class _Index:
    """Per-retriever lookups the features need (document term sets, title terms, title groups)."""

    def __init__(self, retriever: Retriever) -> None:
        csr = retriever.weights.tocsr()
        self.terms = [
            set(csr.indices[csr.indptr[i] : csr.indptr[i + 1]].tolist()) for i in range(len(retriever))
        ]
        self.length = np.diff(csr.indptr).astype(np.float64)
        titles = [d.title for d in retriever.docs_]
        keys = {t: j for j, t in enumerate(dict.fromkeys(titles))}
        self.group = np.array([keys[t] for t in titles], dtype=np.int64)
        self.n_groups = len(keys)
        self.title_terms = [
            {retriever.vocab_[t.form] for t in retriever._tokenize(title) if t.form in retriever.vocab_}
            for title in titles
        ]


def query_features(
    retriever: Retriever, query: str, depth: int = 50, *, index: _Index | None = None
) -> tuple[np.ndarray, pd.DataFrame]:
    """The ``depth`` candidates of ``query`` (document indices, best first) and their feature rows."""
    index = index or _Index(retriever)
    head, _, tail = query.partition("\n")
    base = retriever.scores(query)
    bm25 = retriever.bm25_scores(query)
    dense = retriever.dense_scores(query) if retriever.method == "hybrid" else None
    pool = np.argsort(-base, kind="stable")[:depth]
    head_terms = set(retriever._query_terms(head))
    query_terms = set(retriever._query_terms(query))
    head_idf = float(sum(retriever.idf_[t] for t in head_terms)) or 1.0
    group_max = np.zeros(index.n_groups)
    np.maximum.at(group_max, index.group, bm25)
    in_pool = np.bincount(index.group[pool], minlength=index.n_groups)
    bm25_n, head_n, tail_n = (
        _normalise(bm25),
        _normalise(retriever.bm25_scores(head)),
        _normalise(retriever.bm25_scores(tail)),
    )
    bm25_rank = _ranks(bm25)
    top_bm25 = float(bm25.max()) or 1.0
    if dense is not None:
        dense_rank, dense_gap = _ranks(dense), dense - float(dense.max())
    rows = []
    for rank, i in enumerate(pool):
        terms, title = index.terms[i], index.title_terms[i]
        shared = head_terms & terms
        rows.append(
            {
                "base_rank": rank,
                "base": float(base[i]),
                "bm25": bm25_n[i],
                "bm25_head": head_n[i],
                "bm25_tail": tail_n[i],
                "bm25_rank": bm25_rank[i],
                "dense": float(dense[i]) if dense is not None else 0.0,
                "dense_gap": float(dense_gap[i]) if dense is not None else 0.0,
                "dense_rank": dense_rank[i] if dense is not None else bm25_rank[i],
                "head_coverage": len(shared) / max(len(head_terms), 1),
                "head_idf_coverage": float(sum(retriever.idf_[t] for t in shared)) / head_idf,
                "title_overlap": len(title & query_terms) / max(len(title), 1),
                "title_head_overlap": len(title & head_terms) / max(len(title), 1),
                "group_max": group_max[index.group[i]] / top_bm25,
                "group_in_pool": int(in_pool[index.group[i]]),
                "length": index.length[i],
            }
        )
    return pool, pd.DataFrame(rows, columns=FEATURES)


def _table(
    retriever: Retriever, queries: Sequence[str], golds: Sequence[set[str]], depth: int, index: _Index
) -> tuple[list[np.ndarray], list[pd.DataFrame], list[np.ndarray]]:
    pools, frames, labels = [], [], []
    pairs = progress(zip(queries, golds, strict=True), "rerank features", total=len(queries), unit="query")
    for query, gold in pairs:
        pool, X = query_features(retriever, query, depth, index=index)
        pools.append(pool)
        frames.append(X)
        labels.append(np.array([retriever.docs_[i].id in gold for i in pool], dtype=np.int64))
    return pools, frames, labels


@register
class Reranker(Estimator):
    """LambdaRank over the first ``depth`` candidates of a retriever (see the module docstring).

    Example:
        >>> from shared.llm.retrieval import Document
        >>> docs = [Document(f"d{i}", f"법 제{i}조", f"민원 처리 기간 {i}일 연장 사유 {i % 3}") for i in range(12)]
        >>> r = Retriever().fit(docs)
        >>> queries = [f"처리 기간 {i}일\\n연장 사유" for i in range(12)]
        >>> golds = [{f"d{i}"} for i in range(12)]
        >>> rr = Reranker(depth=12, n_estimators=20, min_child_samples=2).fit(r, queries, golds)
        >>> rr.rank(r, "처리 기간 5일\\n연장 사유", k=1)
        ['d5']
    """

    store_kind = "llm.reranker"
    store_version = 2
    intended_use = (
        "Reordering a retriever's first candidates for labelled question types like those it was trained on "
        "(statute paragraphs for legal questions), before a draft cites them."
    )
    limitations = (
        "Learned from one labelled set (KoBLEX legal questions, research licence): it is only as good as "
        "that set is like the queries it ranks, and it only reorders what the retriever proposed."
    )

    def __init__(
        self,
        *,
        depth: int = 30,
        n_estimators: int = 200,
        learning_rate: float = 0.05,
        num_leaves: int = 15,
        min_child_samples: int = 20,
        seed: int = 0,
    ) -> None:
        self.depth = depth
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.seed = seed

    def _index(self, retriever: Retriever) -> _Index:
        cache = getattr(self, "_indexes", {})
        key = id(retriever)
        if key not in cache:
            cache = self._indexes = {key: _Index(retriever)}  # one retriever at a time
        return cache[key]

    def fit(self, retriever: Retriever, queries: Sequence[str], golds: Sequence[set[str]]) -> Reranker:
        """Train on labelled questions: ``golds[i]`` holds the ids of the documents relevant to ``queries[i]``."""
        if len(queries) != len(golds) or not queries:
            raise DataError(
                f"{len(queries)} queries for {len(golds)} gold sets", expected="one gold set per query"
            )
        _, frames, labels = _table(retriever, queries, golds, self.depth, self._index(retriever))
        self._fit_table(frames, labels)
        self.training_data_ = fingerprint(retriever.fingerprint_, list(queries), [sorted(g) for g in golds])
        return self

    def _fit_table(self, frames: list[pd.DataFrame], labels: list[np.ndarray]) -> Reranker:
        X = pd.concat(frames, ignore_index=True)
        groups = np.repeat(np.arange(len(frames)), [len(f) for f in frames])
        self.ranker_ = LambdaRanker(
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            eval_at=5,
            seed=self.seed,
            params={"num_threads": 1},
        ).fit(X, np.concatenate(labels), groups)
        return self

    def rank(self, retriever: Retriever, query: str, k: int = 10) -> list[str]:
        """The ids of the ``k`` best documents after reranking the first ``depth`` candidates."""
        self._check_fitted()
        pool, X = query_features(retriever, query, self.depth, index=self._index(retriever))
        if not len(pool):
            return []
        order = np.argsort(-self.ranker_.predict(X), kind="stable")
        return [retriever.docs_[int(pool[j])].id for j in order[:k]]

    @classmethod
    def _conformance_case(cls) -> Any:
        """Twelve paragraphs, twelve labelled questions; output: the reranked ids of three queries."""
        from shared.estimator_checks import ConformanceCase

        docs = [
            Document(f"d{i}", f"법 제{i}조", f"민원 처리 기간 {i}일 연장 사유 {i % 3}") for i in range(12)
        ]
        retriever = Retriever().fit(docs)
        queries = [f"처리 기간 {i}일\n연장 사유" for i in range(12)]
        golds = [{f"d{i}"} for i in range(12)]
        return ConformanceCase(
            make=lambda: cls(depth=8, n_estimators=10, min_child_samples=2, num_leaves=4),
            fit=lambda m: m.fit(retriever, queries, golds),
            predict=lambda m: np.array([m.rank(retriever, q, k=3) for q in queries[:3]]),
            schema="array",
            bad_input=lambda m: m.fit(retriever, queries[:2], golds[:1]),
        )


def cross_validated_quality(
    retriever: Retriever,
    queries: Sequence[str],
    golds: Sequence[set[str]],
    *,
    folds: int = 5,
    seeds: Sequence[int] = (0, 1, 2),
    k: int = 5,
    **params,
) -> dict[str, float]:
    """Recall@k, Recall@10 and MRR of the reranker under k-fold cross-validation over questions.

    For each seed the questions are shuffled into ``folds`` folds; each fold is ranked by a model
    trained on the other folds only. The result is the mean over seeds (``*_std`` their spread).
    """
    from sklearn.model_selection import KFold

    n = len(queries)
    if n < folds:
        raise DataError(f"{n} questions for {folds} folds", expected=f"at least {folds} labelled questions")
    reranker = Reranker(**params)
    pools, frames, labels = _table(retriever, queries, golds, reranker.depth, reranker._index(retriever))
    runs = []
    for seed in seeds:
        recalls, recalls10, rrs = np.zeros(n), np.zeros(n), np.zeros(n)
        splits = KFold(folds, shuffle=True, random_state=seed).split(np.arange(n))
        for train, test in progress(splits, f"rerank CV (seed {seed})", total=folds, unit="fold"):
            model = Reranker(**{**params, "seed": seed})._fit_table(
                [frames[i] for i in train], [labels[i] for i in train]
            )
            for i in test:
                order = np.argsort(-model.ranker_.predict(frames[i]), kind="stable")
                ranked = [retriever.docs_[int(pools[i][j])].id for j in order]
                recalls[i] = recall_at_k(ranked, golds[i], k)
                recalls10[i] = recall_at_k(ranked, golds[i], 10)
                rrs[i] = reciprocal_rank(ranked, golds[i])
        runs.append((recalls.mean(), recalls10.mean(), rrs.mean()))
    mean, std = np.mean(runs, axis=0), np.std(runs, axis=0)
    return {
        f"recall@{k}": float(mean[0]),
        "recall@10": float(mean[1]),
        "mrr": float(mean[2]),
        f"recall@{k}_std": float(std[0]),
        "mrr_std": float(std[2]),
        "queries": n,
        "folds": folds,
        "seeds": len(seeds),
    }
