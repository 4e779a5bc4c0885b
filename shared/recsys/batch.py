"""Batch scoring at scale: the top k items of every user, chunk by chunk, so memory stays modest.

Only one chunk of dense scores (chunk x items, float32) exists at a time; the result is an int32
array (users x k). Hard rules can be applied per chunk through ``mask_chunk``.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import scipy.sparse as sp

from shared.recsys.candidates import top_k


def batch_top_k(
    score: Callable[[sp.csr_matrix], np.ndarray],
    X: sp.csr_matrix,
    k: int = 10,
    *,
    chunk: int = 20000,
    exclude_seen: bool = True,
    mask_chunk: Callable[[int, int], np.ndarray] | None = None,
    progress: bool = False,
) -> np.ndarray:
    """Top-k item columns for every row of the users x items matrix ``X``.

    ``score(X_chunk)`` returns dense scores for a chunk of rows (e.g. ``EASE.score``);
    ``mask_chunk(start, stop)`` may return a bool (rows x items) array of eligible pairs.

    Example:
        >>> from shared.recsys.candidates import Popularity
        >>> X = sp.csr_matrix(np.eye(3, dtype=np.float32))
        >>> batch_top_k(Popularity().fit(sp.vstack([X, X[[1, 1, 2]]])).score, X, k=1, chunk=2).ravel().tolist()
        [1, 2, 1]
    """
    n = X.shape[0]
    out = np.empty((n, min(k, X.shape[1])), dtype=np.int32)
    starts = range(0, n, chunk)
    if progress:
        import sys

        from tqdm.auto import tqdm

        starts = tqdm(starts, desc="scoring", unit="chunk", file=sys.stderr)
    for start in starts:
        stop = min(start + chunk, n)
        block = X[start:stop]
        scores = score(block)
        if mask_chunk is not None:
            scores = np.where(mask_chunk(start, stop), scores, -np.inf)
        out[start:stop] = top_k(scores, k, exclude=block if exclude_seen else None)
    return out
