"""Per-user time split: the last share of each user's interactions, by time, is held out.

This is the evaluation protocol of the engine and also how the ranker gets its training labels
(the same cut applied once more inside the training part).
"""

from __future__ import annotations

import numpy as np
import pandas as pd


def per_user_time_split(
    frame: pd.DataFrame, test_fraction: float = 0.2, *, min_train: int = 1
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Split an interaction table so the last ``test_fraction`` of each user's rows (by time) are the test.

    Each user keeps at least ``min_train`` rows in training; a user with a single row is all training.
    Ties in time keep the input order. The number held out is ``round(n * test_fraction)``.

    Example:
        >>> f = pd.DataFrame({"user": ["a"] * 5 + ["b"], "item": list("vwxyzq"),
        ...                   "time": pd.to_datetime([1, 2, 3, 4, 5, 1], unit="D")})
        >>> train, test = per_user_time_split(f)
        >>> test["item"].tolist(), len(train)
        (['z'], 5)
    """
    if not 0 < test_fraction < 1:
        raise ValueError(f"test_fraction must be between 0 and 1, got {test_fraction}")
    ordered = frame.assign(_order=np.arange(len(frame))).sort_values(
        ["user", "time", "_order"], kind="stable"
    )
    position = ordered.groupby("user", sort=False).cumcount().to_numpy()
    size = ordered.groupby("user", sort=False)["item"].transform("size").to_numpy()
    n_test = np.minimum(np.rint(size * test_fraction).astype(int), np.maximum(size - min_train, 0))
    is_test = position >= size - n_test
    ordered = ordered.drop(columns="_order")
    return ordered[~is_test].reset_index(drop=True), ordered[is_test].reset_index(drop=True)
