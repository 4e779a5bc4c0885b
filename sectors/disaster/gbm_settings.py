"""The LightGBM settings of the disaster sector, in one place: the flood and the track models read them here.

Both start from :data:`BASE`; each task overrides what differs (and why) in :data:`FLOOD` and
:data:`TRACK`. A model's own parameters (learning rate, leaves, child samples, seed, threads) are
laid over these by :func:`lgb_params`.

- Floods (``LightGBMFlood``): 80% of features and rows per tree, against the strong day-to-day
  autocorrelation of the pooled basin rows.
- Tracks (``LightGBMTrack``): 90% of features (there are only 15 predictors) and a small L2
  penalty, which steadied the 72 h displacement on the 2015-2017 validation years.

Example:
    >>> p = lgb_params(TRACK, objective="regression", learning_rate=0.05, seed=3)
    >>> p["feature_fraction"], p["lambda_l2"], p["seed"], p["verbosity"]
    (0.9, 1.0, 3, -1)
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

#: What every disaster LightGBM model shares: bagging every iteration, quiet logs.
BASE: dict[str, Any] = {"bagging_fraction": 0.8, "bagging_freq": 1, "verbosity": -1}
#: Flood regressors and classifiers (one of each per lead).
FLOOD: dict[str, Any] = {**BASE, "feature_fraction": 0.8}
#: Track regressors (one per displacement or wind target and lead).
TRACK: dict[str, Any] = {**BASE, "feature_fraction": 0.9, "lambda_l2": 1.0}


def lgb_params(task: Mapping[str, Any], **model: Any) -> dict[str, Any]:
    """The parameter dict for ``lightgbm.train``: the task's settings with the model's own laid over them."""
    return {**task, **model}
