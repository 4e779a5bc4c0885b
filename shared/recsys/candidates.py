"""Candidate scorers: popularity (overall and by segment), item-KNN co-occurrence, EASE, content similarity.

Each scorer is fitted on a users x items matrix (``scipy.sparse``) and scores a block of users'
histories against every item: ``score(X) -> ndarray (n_users, n_items)``. They are the first stage
of the engine, baselines in their own right, and features of the ranker.

Example:
    >>> import scipy.sparse as sp
    >>> X = sp.csr_matrix(np.array([[1, 1, 0], [1, 1, 0], [0, 1, 1]], dtype=np.float32))
    >>> EASE(lam=1.0).fit(X).score(sp.csr_matrix(np.array([[1, 0, 0]], dtype=np.float32))).argmax()
    np.int64(1)
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import scipy.sparse as sp

from shared.store import ModelState, register


def _dense(X: sp.spmatrix | np.ndarray) -> np.ndarray:
    return X.toarray() if sp.issparse(X) else np.asarray(X)


@register
class Popularity:
    """Item popularity: how many users have each item (optionally weighted, e.g. by recency).

    ``score`` gives every user the same scores. ``weights`` (one per matrix entry, same order as
    ``X.data``) lets callers favour recent interactions.
    """

    store_kind = "shared.recsys.Popularity"
    store_version = 1

    def __init__(self) -> None:
        self.counts: np.ndarray | None = None

    def fit(self, X: sp.csr_matrix) -> Popularity:
        """Fit the scorer (inputs as in the class docstring)."""
        self.counts = np.asarray(X.sum(axis=0)).ravel().astype(np.float32)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        return np.broadcast_to(self.counts, (X.shape[0], len(self.counts))).copy()

    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        return ModelState(arrays={"counts": self.counts})

    @classmethod
    def from_state(cls, state: ModelState) -> Popularity:
        """Rebuild the model from the state written by :meth:`to_state`."""
        model = cls()
        model.counts = state.arrays["counts"]
        return model


@register
class SegmentPopularity:
    """Share of users in the same segment (e.g. age band) who have each item, smoothed toward the overall share.

    ``fit(X, segments)`` takes one segment label per matrix row; ``score(segments)`` the labels of the
    users to score. Unknown segments get the overall share. ``prior`` is the weight (in users) of the
    overall share in the smoothing.
    """

    store_kind = "shared.recsys.SegmentPopularity"
    store_version = 1

    def __init__(self, prior: float = 20.0) -> None:
        self.prior = prior
        self.labels: list[str] = []
        self.rates: np.ndarray | None = None  # (n_segments + 1, n_items); last row = overall

    def fit(self, X: sp.csr_matrix, segments: Sequence[object]) -> SegmentPopularity:
        """Fit the scorer (inputs as in the class docstring)."""
        seg = pd.Series([str(s) for s in segments])
        codes, labels = pd.factorize(seg, sort=True)
        n = X.shape[0]
        overall = np.asarray(X.sum(axis=0)).ravel() / max(n, 1)
        onehot = sp.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(len(labels), n))
        counts = np.asarray((onehot @ X).todense())
        sizes = np.bincount(codes, minlength=len(labels)).astype(float)
        rates = (counts + self.prior * overall) / (sizes[:, None] + self.prior)
        self.labels = [str(x) for x in labels]
        self.rates = np.vstack([rates, overall]).astype(np.float32)
        return self

    def score(self, segments: Sequence[object]) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        index = pd.Index(self.labels).get_indexer([str(s) for s in segments])
        index[index < 0] = len(self.labels)
        return self.rates[index]

    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        return ModelState(params={"prior": self.prior, "labels": self.labels}, arrays={"rates": self.rates})

    @classmethod
    def from_state(cls, state: ModelState) -> SegmentPopularity:
        """Rebuild the model from the state written by :meth:`to_state`."""
        model = cls(prior=state.params["prior"])
        model.labels = list(state.params["labels"])
        model.rates = state.arrays["rates"]
        return model


@register
class ItemKNN:
    """Item-item co-occurrence with cosine normalisation, keeping the ``neighbours`` most similar items.

    Score of item j for a user = sum over the user's items i of sim(i, j). ``shrink`` damps
    similarities resting on few co-occurrences.
    """

    store_kind = "shared.recsys.ItemKNN"
    store_version = 1

    def __init__(self, neighbours: int = 100, shrink: float = 10.0) -> None:
        self.neighbours = neighbours
        self.shrink = shrink
        self.similarity: sp.csr_matrix | None = None

    def fit(self, X: sp.csr_matrix) -> ItemKNN:
        """Fit the scorer (inputs as in the class docstring)."""
        Xb = X.copy().tocsc()
        Xb.data[:] = 1.0
        co = np.asarray((Xb.T @ Xb).todense(), dtype=np.float32)
        norms = np.sqrt(np.diag(co))
        sim = co / (np.outer(norms, norms) + self.shrink + 1e-9)
        np.fill_diagonal(sim, 0.0)
        if self.neighbours < sim.shape[0]:
            # keep each item's top neighbours (per column: how item j is reached from others)
            cut = np.argpartition(-sim, self.neighbours, axis=0)[self.neighbours :]
            np.put_along_axis(sim, cut, 0.0, axis=0)
        self.similarity = sp.csr_matrix(sim)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        return _dense(X @ self.similarity).astype(np.float32)

    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        s = self.similarity.tocoo()
        return ModelState(
            params={"neighbours": self.neighbours, "shrink": self.shrink, "n": s.shape[0]},
            arrays={"row": s.row, "col": s.col, "val": s.data},
        )

    @classmethod
    def from_state(cls, state: ModelState) -> ItemKNN:
        """Rebuild the model from the state written by :meth:`to_state`."""
        p, a = state.params, state.arrays
        model = cls(neighbours=p["neighbours"], shrink=p["shrink"])
        model.similarity = sp.csr_matrix((a["val"], (a["row"], a["col"])), shape=(p["n"], p["n"]))
        return model


@register
class EASE:
    """EASE (Steck, 2019): a closed-form item-item linear model with a zero diagonal.

    B = I - P / diag(P) with P = (X'X + lam I)^-1; a user's scores are x_u B. ``lam`` is the L2
    penalty; tune it on validation with :func:`tune_ease`.
    """

    store_kind = "shared.recsys.EASE"
    store_version = 1

    def __init__(self, lam: float = 500.0) -> None:
        self.lam = float(lam)
        self.B: np.ndarray | None = None

    def fit(self, X: sp.csr_matrix) -> EASE:
        """Fit the scorer (inputs as in the class docstring)."""
        G = _dense(X.T @ X).astype(np.float64)
        G[np.diag_indices_from(G)] += self.lam
        P = np.linalg.inv(G)
        B = -P / np.diag(P)[None, :]
        np.fill_diagonal(B, 0.0)
        self.B = B.astype(np.float32)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        return np.asarray(X @ self.B, dtype=np.float32)

    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        return ModelState(params={"lam": self.lam}, arrays={"B": self.B})

    @classmethod
    def from_state(cls, state: ModelState) -> EASE:
        """Rebuild the model from the state written by :meth:`to_state`."""
        model = cls(lam=state.params["lam"])
        model.B = state.arrays["B"]
        return model


@register
class ContentSimilarity:
    """Similarity between items' text and attributes and the items a user already has.

    Items are described by TF-IDF over their text plus one-hot attributes (both L2-normalised); a
    user's profile is the mean of their items' vectors, and an item's score is its cosine with it.
    """

    store_kind = "shared.recsys.ContentSimilarity"
    store_version = 1

    def __init__(self, max_features: int = 2000) -> None:
        self.max_features = max_features
        self.item_vectors: sp.csr_matrix | None = None

    def fit(
        self, item_text: Sequence[str] | None = None, item_attributes: pd.DataFrame | None = None
    ) -> ContentSimilarity:
        """Fit the scorer (inputs as in the class docstring)."""
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.preprocessing import normalize

        parts = []
        if item_text is not None:
            text = ["" if t is None else str(t) for t in item_text]
            if any(t.strip() for t in text):
                vec = TfidfVectorizer(max_features=self.max_features, token_pattern=r"(?u)\b\w+\b")
                parts.append(normalize(vec.fit_transform(text)))
        if item_attributes is not None and not item_attributes.empty:
            onehot = pd.get_dummies(item_attributes.astype(str), dtype=np.float32)
            parts.append(normalize(sp.csr_matrix(onehot.to_numpy())))
        if not parts:
            raise ValueError("content similarity needs item text or item attributes")
        self.item_vectors = normalize(sp.hstack(parts).tocsr()).astype(np.float32)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        from sklearn.preprocessing import normalize

        profile = normalize(sp.csr_matrix(X) @ self.item_vectors)
        return _dense(profile @ self.item_vectors.T).astype(np.float32)

    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        v = self.item_vectors.tocoo()
        return ModelState(
            params={"max_features": self.max_features, "shape": list(v.shape)},
            arrays={"row": v.row, "col": v.col, "val": v.data},
        )

    @classmethod
    def from_state(cls, state: ModelState) -> ContentSimilarity:
        """Rebuild the model from the state written by :meth:`to_state`."""
        p, a = state.params, state.arrays
        model = cls(max_features=p["max_features"])
        model.item_vectors = sp.csr_matrix((a["val"], (a["row"], a["col"])), shape=tuple(p["shape"]))
        return model


def top_k(scores: np.ndarray, k: int, exclude: sp.spmatrix | None = None) -> np.ndarray:
    """Column indices of the ``k`` best scores per row, best first; entries of ``exclude`` never appear.

    Example:
        >>> top_k(np.array([[0.1, 0.9, 0.5]]), 2).tolist()
        [[1, 2]]
    """
    scores = np.array(scores, dtype=np.float32, copy=True)
    if exclude is not None:
        ex = sp.csr_matrix(exclude)
        rows = np.repeat(np.arange(ex.shape[0]), np.diff(ex.indptr))
        scores[rows, ex.indices] = -np.inf
    n = scores.shape[1]
    k = min(k, n)
    part = (
        np.argpartition(scores, n - k, axis=1)[:, n - k :]
        if k < n
        else np.tile(np.arange(n), (len(scores), 1))
    )
    order = np.argsort(-np.take_along_axis(scores, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def tune_ease(
    X_train: sp.csr_matrix,
    X_valid: sp.csr_matrix,
    lambdas: Sequence[float] = (10.0, 50.0, 100.0, 200.0, 500.0, 1000.0, 2000.0),
    *,
    k: int = 10,
) -> tuple[float, dict[float, float]]:
    """Pick EASE's lambda by NDCG@k on held-out interactions ``X_valid`` (same rows and columns).

    Returns the best lambda and the NDCG of each lambda tried.
    """
    from shared.recsys.metrics import ndcg_at_k

    users = np.flatnonzero(np.diff(X_valid.indptr) > 0)
    truth = [set(X_valid.indices[X_valid.indptr[u] : X_valid.indptr[u + 1]]) for u in users]
    results: dict[float, float] = {}
    for lam in lambdas:
        model = EASE(lam).fit(X_train)
        ranked = top_k(model.score(X_train[users]), k, exclude=X_train[users])
        results[float(lam)] = float(
            np.mean([ndcg_at_k(list(r), t, k) for r, t in zip(ranked, truth, strict=True)])
        )
    best = max(results, key=results.get)
    return best, results
