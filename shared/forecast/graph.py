"""Graph helpers for spatial models: transition matrices for diffusion and a distance kernel.

Example:
    >>> import numpy as np
    >>> fwd, bwd = transition_matrices(np.array([[1.0, 1.0], [0.0, 1.0]]))
    >>> fwd.tolist(), bwd.sum(axis=1).tolist()
    ([[0.5, 0.5], [0.0, 1.0]], [1.0, 1.0])
"""

from __future__ import annotations

import numpy as np


def row_normalise(matrix: np.ndarray) -> np.ndarray:
    """Divide each row by its sum (rows summing to 0 stay 0): a random-walk transition matrix.

    Example:
        >>> row_normalise(np.array([[2.0, 2.0], [0.0, 0.0]])).tolist()
        [[0.5, 0.5], [0.0, 0.0]]
    """
    matrix = np.asarray(matrix, dtype=np.float32)
    sums = matrix.sum(axis=1, keepdims=True)
    return np.divide(matrix, sums, out=np.zeros_like(matrix), where=sums > 0)


def transition_matrices(adjacency: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Forward and backward random-walk matrices of a weighted directed graph (as in DCRNN)."""
    adjacency = np.nan_to_num(np.asarray(adjacency, dtype=np.float32))
    return row_normalise(adjacency), row_normalise(adjacency.T)


def gaussian_kernel_adjacency(distance: np.ndarray, *, threshold: float = 0.1) -> np.ndarray:
    """DCRNN's graph from road distances: ``exp(-(d / std)^2)``, entries below ``threshold`` set to 0.

    ``distance`` is a square matrix with ``inf`` (or NaN) where no road distance is known; ``std``
    is the standard deviation of the known distances. The diagonal is 1.

    Example:
        >>> d = np.array([[0.0, 1.0, np.inf], [1.0, 0.0, 3.0], [np.inf, 3.0, 0.0]])
        >>> gaussian_kernel_adjacency(d).astype(float).round(2).tolist()
        [[1.0, 0.52, 0.0], [0.52, 1.0, 0.0], [0.0, 0.0, 1.0]]
    """
    d = np.asarray(distance, dtype=np.float64).copy()
    d[np.isnan(d)] = np.inf
    finite = d[np.isfinite(d)]
    std = float(finite.std()) if finite.size else 1.0
    std = std if std > 0 else 1.0
    adj = np.exp(-np.square(d / std))
    adj[adj < threshold] = 0.0
    np.fill_diagonal(adj, 1.0)
    return adj.astype(np.float32)
