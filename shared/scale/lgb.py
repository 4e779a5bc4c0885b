"""Train a LightGBM booster on a Dask cluster through ``lightgbm.dask`` (data-parallel tree learning).

:func:`train_booster` takes the same ``params`` dict and in-memory table that ``lightgbm.train``
would, cuts the rows into one block per worker (query groups are never split across blocks), and
returns a plain ``lightgbm.Booster`` that the store saves like any other. LightGBM documents that
distributed training does not reproduce local training bit for bit (histograms are built per
worker and merged), so callers compare the metric, not the trees; early stopping is not offered
by ``lightgbm.dask`` and so is not used here.

Example (not run here: it starts a cluster)::

    with dask_client(workers=2) as client:
        booster = train_booster(client, {"objective": "regression"}, X, y, num_boost_round=100)
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from shared.errors import DataError

_ESTIMATORS = {
    "lambdarank": "DaskLGBMRanker",
    "rank_xendcg": "DaskLGBMRanker",
    "binary": "DaskLGBMClassifier",
    "regression": "DaskLGBMRegressor",
    "regression_l1": "DaskLGBMRegressor",
    "l1": "DaskLGBMRegressor",
    "l2": "DaskLGBMRegressor",
    "huber": "DaskLGBMRegressor",
    "quantile": "DaskLGBMRegressor",
}
# LightGBM settings that only make sense in one process, or that lightgbm.dask sets itself.
_LOCAL_ONLY = {
    "num_threads",
    "deterministic",
    "force_row_wise",
    "force_col_wise",
    "metric",
    "eval_at",
    "early_stopping_round",
    "early_stopping_rounds",
    "verbose",
    "tree_learner",
}


def _blocks(n_rows: int, parts: int, group_sizes: np.ndarray | None) -> list[int]:
    """Row counts of ``parts`` contiguous blocks, cut only between query groups when there are groups."""
    if group_sizes is None:
        edges = np.linspace(0, n_rows, parts + 1).round().astype(int)
    else:
        ends = np.cumsum(group_sizes)
        targets = np.linspace(0, n_rows, parts + 1)[1:-1]
        cuts = [int(ends[min(np.searchsorted(ends, t), len(ends) - 1)]) for t in targets]
        edges = np.array([0, *cuts, n_rows])
    sizes = np.diff(np.unique(edges))
    return [int(s) for s in sizes if s > 0]


def train_booster(
    client: Any,
    params: Mapping[str, Any],
    X: pd.DataFrame | np.ndarray,
    y: Sequence[float] | np.ndarray,
    *,
    group_sizes: Sequence[int] | np.ndarray | None = None,
    num_boost_round: int = 100,
    partitions: int | None = None,
    categorical_feature: Sequence[str] | None = None,
) -> Any:
    """A booster trained with ``lightgbm.dask`` on ``client``'s workers (one block of rows per worker)."""
    import dask.array as da
    import lightgbm.dask as lgbd

    objective = str(params.get("objective", "regression"))
    if objective not in _ESTIMATORS:
        raise DataError(
            f"objective {objective!r} has no lightgbm.dask estimator", expected=", ".join(_ESTIMATORS)
        )
    feature_names = list(X.columns) if isinstance(X, pd.DataFrame) else None
    values = np.asarray(X, dtype=np.float64)
    target = np.asarray(y)
    if len(values) != len(target):
        raise DataError(f"{len(target)} labels for {len(values)} rows", column="label")
    sizes = None if group_sizes is None else np.asarray(group_sizes, dtype=np.int64)
    if sizes is not None and int(sizes.sum()) != len(values):
        raise DataError(
            "group sizes do not add up to the rows", column="group", expected=f"{len(values)} rows"
        )
    n_workers = max(1, len(client.scheduler_info().get("workers", {})))
    blocks = _blocks(len(values), partitions or n_workers, sizes)
    dX = da.from_array(values, chunks=(tuple(blocks), values.shape[1]))
    dy = da.from_array(target, chunks=(tuple(blocks),))
    kwargs: dict[str, Any] = {}
    if sizes is not None:
        ends = np.cumsum(sizes)
        per_block = np.diff(np.searchsorted(ends, np.cumsum(blocks), side="right"), prepend=0)
        kwargs["group"] = da.from_array(sizes, chunks=(tuple(int(n) for n in per_block),))
    settings = {k: v for k, v in params.items() if k not in _LOCAL_ONLY and k != "objective"}
    model = getattr(lgbd, _ESTIMATORS[objective])(
        client=client, objective=objective, n_estimators=num_boost_round, verbose=-1, **settings
    )
    with (
        warnings.catch_warnings()
    ):  # the sklearn-style estimators pass their n_jobs default; Dask sets threads
        warnings.filterwarnings("ignore", message="Parameter n_jobs will be ignored")
        if categorical_feature:
            kwargs["categorical_feature"] = list(categorical_feature)
        model.fit(dX, dy, feature_name=feature_names or "auto", **kwargs)
    return model.to_local().booster_
