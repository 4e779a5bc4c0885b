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

from shared.errors import DataError
from shared.estimator import Estimator
from shared.recsys.sparse import SparseMatrix
from shared.store import register


def _dense(X: sp.spmatrix | np.ndarray) -> np.ndarray:
    return X.toarray() if sp.issparse(X) else np.asarray(X)


def _check_matrix(X: object, n_items: int | None = None, what: str = "users x items matrix") -> None:
    """Raise DataError unless ``X`` is a 2-d matrix (with ``n_items`` columns when given)."""
    shape = getattr(X, "shape", None)
    if shape is None or len(shape) != 2:
        raise DataError(f"expected a {what}", column="X", expected="a 2-d scipy.sparse matrix or array")
    if n_items is not None and shape[1] != n_items:
        raise DataError(
            f"the matrix has {shape[1]} item columns",
            column="X",
            expected=f"{n_items} (the fitted catalogue)",
        )


def _tiny_log(seed: int = 0) -> tuple[sp.csr_matrix, pd.DataFrame]:
    """A small seeded users x items matrix and its item table (rows aligned with the columns)."""
    from shared.recsys.generate import generate_interactions

    log = generate_interactions(n_users=25, n_items=30, mean_length=21, seed=seed)
    frame = log.interactions
    users, items = log.users.index.astype(str), log.items.index.astype(str)
    m = sp.csr_matrix(
        (
            np.ones(len(frame), np.float32),
            (users.get_indexer(frame["user"]), items.get_indexer(frame["item"])),
        ),
        shape=(len(users), len(items)),
    )
    m.sum_duplicates()
    m.data[:] = 1.0
    return m, log.items


def _matrix_case(cls: type, **params: object) -> object:
    """Conformance case of a scorer fitted on a users x items matrix and scoring a block of users."""
    from shared.estimator_checks import ConformanceCase

    X, _ = _tiny_log()
    return ConformanceCase(
        make=lambda: cls(**params),
        fit=lambda m: m.fit(X),
        predict=lambda m: m.score(X[:5]),
        schema="array",
        bad_input=lambda m: m.score(X[:5, :-1]),
    )


@register
class Popularity(Estimator):
    """Item popularity: how many users have each item.

    ``score`` gives every user the same scores. Fitted: ``counts_`` (one count per item).
    """

    intended_use = "A baseline and fallback candidate source: the items the most people have."
    limitations = (
        "The same list for everyone (NDCG@10 0.117 on the generated benchmark log) and it favours what is"
        " already popular. A yardstick and a fallback only."
    )

    store_kind = "shared.recsys.Popularity"
    store_version = 2

    def fit(self, X: sp.csr_matrix) -> Popularity:
        """Fit the scorer (inputs as in the class docstring)."""
        _check_matrix(X)
        self.counts_ = np.asarray(X.sum(axis=0)).ravel().astype(np.float32)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        self._check_fitted()
        _check_matrix(X, len(self.counts_))
        return np.broadcast_to(self.counts_, (X.shape[0], len(self.counts_))).copy()

    @classmethod
    def _conformance_case(cls) -> object:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        return _matrix_case(cls)


@register
class SegmentPopularity(Estimator):
    """Share of users in the same segment (e.g. age band) who have each item, smoothed toward the overall share.

    ``fit(X, segments)`` takes one segment label per matrix row; ``score(segments)`` the labels of the
    users to score. Unknown segments get the overall share. ``prior`` is the weight (in users) of the
    overall share in the smoothing. Fitted: ``labels_`` (the segments seen) and ``rates_``
    (n_segments + 1, n_items; the last row is the overall share).
    """

    intended_use = "Candidate source: what people of the same segment (for example the same age band) have."
    limitations = (
        "Reflects, and can reinforce, past differences in uptake between segments; personal only as far "
        "as the segment."
    )

    store_kind = "shared.recsys.SegmentPopularity"
    store_version = 2

    def __init__(self, prior: float = 20.0) -> None:
        self.prior = prior

    @staticmethod
    def _labels(segments: Sequence[object]) -> list[str]:
        if isinstance(segments, (str, bytes)) or not hasattr(segments, "__len__"):
            raise DataError(
                f"segments must be one label per user, got {type(segments).__name__}",
                column="segments",
                expected="a list of labels (e.g. ['20s', '30s'])",
            )
        return [str(s) for s in segments]

    def fit(self, X: sp.csr_matrix, segments: Sequence[object]) -> SegmentPopularity:
        """Fit the scorer (inputs as in the class docstring)."""
        _check_matrix(X)
        labels_in = self._labels(segments)
        if len(labels_in) != X.shape[0]:
            raise DataError(
                f"{len(labels_in)} segment labels for {X.shape[0]} matrix rows",
                column="segments",
                expected="one label per row",
            )
        seg = pd.Series(labels_in)
        codes, labels = pd.factorize(seg, sort=True)
        n = X.shape[0]
        overall = np.asarray(X.sum(axis=0)).ravel() / max(n, 1)
        onehot = sp.csr_matrix((np.ones(n), (codes, np.arange(n))), shape=(len(labels), n))
        counts = np.asarray((onehot @ X).todense())
        sizes = np.bincount(codes, minlength=len(labels)).astype(float)
        rates = (counts + self.prior * overall) / (sizes[:, None] + self.prior)
        self.labels_ = [str(x) for x in labels]
        self.rates_ = np.vstack([rates, overall]).astype(np.float32)
        return self

    def score(self, segments: Sequence[object]) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        self._check_fitted()
        index = pd.Index(self.labels_).get_indexer(self._labels(segments))
        index[index < 0] = len(self.labels_)
        return self.rates_[index]

    @classmethod
    def _conformance_case(cls) -> object:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from shared.estimator_checks import ConformanceCase

        X, _ = _tiny_log()
        segments = [f"s{i % 3}" for i in range(X.shape[0])]
        return ConformanceCase(
            make=lambda: cls(prior=5.0),
            fit=lambda m: m.fit(X, segments),
            predict=lambda m: m.score(["s0", "s2", "unknown"]),
            schema="array",
            bad_input=lambda m: m.score("s0"),
        )


@register
class ItemKNN(Estimator):
    """Item-item co-occurrence with cosine normalisation, keeping the ``neighbours`` most similar items.

    Score of item j for a user = sum over the user's items i of sim(i, j). ``shrink`` damps
    similarities resting on few co-occurrences. Fitted: ``similarity_`` (items x items, sparse).
    """

    intended_use = (
        "Candidate generation from interaction logs: items often held together with a person's items."
    )
    limitations = (
        "Learns only co-occurrence, biases of past uptake included; benchmarked on a generated MovieLens-"
        "shaped log (NDCG@10 0.204, below EASE and the ranker); nothing for new items."
    )

    store_kind = "shared.recsys.ItemKNN"
    store_version = 2

    def __init__(self, neighbours: int = 100, shrink: float = 10.0) -> None:
        self.neighbours = neighbours
        self.shrink = shrink

    def fit(self, X: sp.csr_matrix) -> ItemKNN:
        """Fit the scorer (inputs as in the class docstring)."""
        _check_matrix(X)
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
        self.similarity_ = SparseMatrix.of(sim)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        self._check_fitted()
        _check_matrix(X, self.similarity_.shape[0])
        return _dense(X @ self.similarity_.matrix()).astype(np.float32)

    @classmethod
    def _conformance_case(cls) -> object:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        return _matrix_case(cls, neighbours=5)


@register
class EASE(Estimator):
    """EASE (Steck, 2019): a closed-form item-item linear model with a zero diagonal.

    B = I - P / diag(P) with P = (X'X + lam I)^-1; a user's scores are x_u B. ``lam`` is the L2
    penalty; tune it on validation with :func:`tune_ease`. Fitted: ``B_`` (items x items).
    """

    intended_use = "Candidate generation from interaction logs with a closed-form item-item linear model."
    limitations = (
        "Holds a dense item-by-item matrix (memory grows with the square of the items); benchmarked on a "
        "generated MovieLens-shaped log (NDCG@10 0.233), it learns whatever co-occurs in the log, biases "
        "included."
    )

    store_kind = "shared.recsys.EASE"
    store_version = 2

    def __init__(self, lam: float = 500.0) -> None:
        self.lam = lam

    def fit(self, X: sp.csr_matrix) -> EASE:
        """Fit the scorer (inputs as in the class docstring)."""
        _check_matrix(X)
        G = _dense(X.T @ X).astype(np.float64)
        G[np.diag_indices_from(G)] += float(self.lam)
        P = np.linalg.inv(G)
        B = -P / np.diag(P)[None, :]
        np.fill_diagonal(B, 0.0)
        self.B_ = B.astype(np.float32)
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        self._check_fitted()
        _check_matrix(X, self.B_.shape[0])
        return np.asarray(X @ self.B_, dtype=np.float32)

    @classmethod
    def _conformance_case(cls) -> object:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        return _matrix_case(cls, lam=10.0)


@register
class ContentSimilarity(Estimator):
    """Similarity between items' text and attributes and the items a user already has.

    Items are described by TF-IDF over their text plus one-hot attributes (both L2-normalised); a
    user's profile is the mean of their items' vectors, and an item's score is its cosine with it.
    Fitted: ``item_vectors_`` (items x terms, sparse).
    """

    intended_use = (
        "Candidate generation from item text and attributes, which also works for new items without any "
        "history."
    )
    limitations = (
        "Scores surface similarity to what a person already has, not need or eligibility; a candidate "
        "source for a ranker, not a recommendation on its own."
    )

    store_kind = "shared.recsys.ContentSimilarity"
    store_version = 2

    def __init__(self, max_features: int = 2000) -> None:
        self.max_features = max_features

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
            raise DataError(
                "content similarity needs item text or item attributes",
                column="item_text",
                expected="item text or an attribute table",
            )
        self.item_vectors_ = SparseMatrix.of(normalize(sp.hstack(parts).tocsr()).astype(np.float32))
        return self

    def score(self, X: sp.spmatrix) -> np.ndarray:
        """Scores of every item for each user given (rows x items)."""
        from sklearn.preprocessing import normalize

        self._check_fitted()
        vectors = self.item_vectors_.matrix()
        _check_matrix(X, vectors.shape[0])
        profile = normalize(sp.csr_matrix(X) @ vectors)
        return _dense(profile @ vectors.T).astype(np.float32)

    @classmethod
    def _conformance_case(cls) -> object:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from shared.estimator_checks import ConformanceCase

        X, items = _tiny_log()
        text, attrs = items["text"], items[["main_genre"]]
        return ConformanceCase(
            make=lambda: cls(max_features=50),
            fit=lambda m: m.fit(text, attrs),
            predict=lambda m: m.score(X[:5]),
            schema="array",
            bad_input=lambda m: m.score(X[:5, :-1]),
        )


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
    from shared.ranking_metrics import ndcg_at_k

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
