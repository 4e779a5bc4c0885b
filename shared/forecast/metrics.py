"""Forecast and hazard metrics.

Traffic convention (DCRNN and its successors): a true value of 0 (or NaN) means "missing" and is
masked out of MAE, RMSE and MAPE. Hydrology: NSE and KGE per series. Events: Brier score, Brier
skill score against a reference probability, and the critical success index.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd


def _mask(y_true: np.ndarray, null_value: float | None) -> np.ndarray:
    mask = ~np.isnan(y_true)
    if null_value is not None:
        mask &= ~np.isclose(y_true, null_value)
    return mask


def masked_mae(y_pred: np.ndarray, y_true: np.ndarray, null_value: float | None = 0.0) -> float:
    """Mean absolute error over entries whose true value is not missing.

    Example:
        >>> masked_mae(np.array([1.0, 5.0, 3.0]), np.array([2.0, 0.0, 3.0]))   # the 0 is masked
        0.5
    """
    y_pred, y_true = np.asarray(y_pred, float), np.asarray(y_true, float)
    m = _mask(y_true, null_value)
    return float(np.abs(y_pred[m] - y_true[m]).mean()) if m.any() else float("nan")


def masked_rmse(y_pred: np.ndarray, y_true: np.ndarray, null_value: float | None = 0.0) -> float:
    """Root mean squared error over entries whose true value is not missing.

    Example:
        >>> masked_rmse(np.array([1.0, 4.0]), np.array([2.0, 2.0]))   # sqrt((1 + 4) / 2)
        1.5811388300841898
    """
    y_pred, y_true = np.asarray(y_pred, float), np.asarray(y_true, float)
    m = _mask(y_true, null_value)
    return float(np.sqrt(((y_pred[m] - y_true[m]) ** 2).mean())) if m.any() else float("nan")


def masked_mape(y_pred: np.ndarray, y_true: np.ndarray, null_value: float | None = 0.0) -> float:
    """Mean absolute percentage error (a fraction: 0.1 means 10%) over non-missing, non-zero truths.

    Example:
        >>> masked_mape(np.array([90.0, 0.0]), np.array([100.0, 0.0]))
        0.1
    """
    y_pred, y_true = np.asarray(y_pred, float), np.asarray(y_true, float)
    m = _mask(y_true, null_value) & (y_true != 0)
    return float((np.abs(y_pred[m] - y_true[m]) / np.abs(y_true[m])).mean()) if m.any() else float("nan")


def horizon_table(
    y_pred: np.ndarray,
    y_true: np.ndarray,
    horizons: Sequence[int] = (3, 6, 12),
    *,
    horizon_axis: int = 1,
    null_value: float | None = 0.0,
) -> pd.DataFrame:
    """MAE, RMSE and MAPE at each 1-based horizon step; rows indexed by horizon.

    ``y_pred`` and ``y_true`` share a shape such as (window, horizon, sensor).

    Example:
        >>> yt = np.ones((2, 3, 1)); yp = yt + np.array([0, 1, 2]).reshape(1, 3, 1)
        >>> horizon_table(yp, yt, horizons=(1, 3))["mae"].tolist()
        [0.0, 2.0]
    """
    y_pred, y_true = np.asarray(y_pred, float), np.asarray(y_true, float)
    if y_pred.shape != y_true.shape:
        raise ValueError(f"prediction shape {y_pred.shape} differs from truth shape {y_true.shape}")
    rows = []
    for h in horizons:
        if not 1 <= h <= y_true.shape[horizon_axis]:
            raise ValueError(f"horizon {h} outside 1..{y_true.shape[horizon_axis]}")
        p = np.take(y_pred, h - 1, axis=horizon_axis)
        t = np.take(y_true, h - 1, axis=horizon_axis)
        rows.append(
            {
                "horizon": h,
                "mae": masked_mae(p, t, null_value),
                "rmse": masked_rmse(p, t, null_value),
                "mape": masked_mape(p, t, null_value),
            }
        )
    return pd.DataFrame(rows).set_index("horizon")


def _valid_pair(sim: np.ndarray, obs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    sim, obs = np.asarray(sim, float), np.asarray(obs, float)
    if sim.shape != obs.shape:
        raise ValueError(f"simulation shape {sim.shape} differs from observation shape {obs.shape}")
    m = ~(np.isnan(sim) | np.isnan(obs))
    return sim[m], obs[m]


def nse(sim: np.ndarray, obs: np.ndarray) -> float:
    """Nash-Sutcliffe efficiency: 1 - SSE / variance of the observations (1 is perfect, 0 = the mean).

    Example:
        >>> nse(np.array([1.0, 2.0, 3.0]), np.array([1.0, 2.0, 3.0]))
        1.0
        >>> nse(np.array([2.0, 2.0, 2.0]), np.array([1.0, 2.0, 3.0]))
        0.0
    """
    s, o = _valid_pair(sim, obs)
    denom = ((o - o.mean()) ** 2).sum()
    if len(o) < 2 or denom == 0:
        return float("nan")
    return float(1.0 - ((s - o) ** 2).sum() / denom)


def kge(sim: np.ndarray, obs: np.ndarray) -> float:
    """Kling-Gupta efficiency (Gupta et al. 2009): 1 - sqrt((r-1)^2 + (alpha-1)^2 + (beta-1)^2).

    alpha is the ratio of standard deviations and beta the ratio of means.

    Example:
        >>> kge(np.array([2.0, 4.0, 6.0]), np.array([1.0, 2.0, 3.0]))   # r=1, alpha=2, beta=2
        -0.41421356237309515
    """
    s, o = _valid_pair(sim, obs)
    if len(o) < 2 or o.std() == 0 or o.mean() == 0 or s.std() == 0:
        return float("nan")
    r = float(np.corrcoef(s, o)[0, 1])
    alpha = s.std() / o.std()
    beta = s.mean() / o.mean()
    return float(1.0 - np.sqrt((r - 1) ** 2 + (alpha - 1) ** 2 + (beta - 1) ** 2))


def brier_score(prob: np.ndarray, event: np.ndarray) -> float:
    """Mean squared difference between forecast probability and the 0/1 outcome.

    Example:
        >>> brier_score(np.array([1.0, 0.5]), np.array([1, 0]))
        0.125
    """
    p, e = _valid_pair(prob, np.asarray(event, float))
    return float(((p - e) ** 2).mean()) if len(e) else float("nan")


def brier_skill_score(
    prob: np.ndarray, event: np.ndarray, reference: np.ndarray | float | None = None
) -> float:
    """1 - BS / BS_reference; the reference defaults to the observed base rate (climatology).

    Example:
        >>> brier_skill_score(np.array([1.0, 0.0]), np.array([1, 0]))
        1.0
    """
    e = np.asarray(event, float)
    if reference is None:
        reference = np.full_like(e, np.nanmean(e))
    ref = np.broadcast_to(np.asarray(reference, float), e.shape)
    bs_ref = brier_score(ref, e)
    if not bs_ref > 0:
        return float("nan")
    return float(1.0 - brier_score(prob, e) / bs_ref)


def csi(predicted: np.ndarray, observed: np.ndarray) -> float:
    """Critical success index: hits / (hits + misses + false alarms) for boolean events.

    Example:
        >>> csi(np.array([1, 1, 0, 0]), np.array([1, 0, 1, 0]))
        0.3333333333333333
    """
    p = np.asarray(predicted).astype(bool)
    o = np.asarray(observed).astype(bool)
    hits = int((p & o).sum())
    denom = hits + int((~p & o).sum()) + int((p & ~o).sum())
    return hits / denom if denom else float("nan")


def reliability_table(prob: np.ndarray, event: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Data of a reliability diagram: per probability bin, the mean forecast, observed frequency and count.

    Example:
        >>> t = reliability_table(np.array([0.05, 0.95]), np.array([0, 1]), bins=2)
        >>> t["observed"].tolist()
        [0.0, 1.0]
    """
    p, e = _valid_pair(prob, np.asarray(event, float))
    edges = np.linspace(0.0, 1.0, bins + 1)
    idx = np.clip(np.digitize(p, edges[1:-1]), 0, bins - 1)
    rows = []
    for b in range(bins):
        m = idx == b
        rows.append(
            {
                "bin_low": edges[b],
                "bin_high": edges[b + 1],
                "forecast": float(p[m].mean()) if m.any() else float("nan"),
                "observed": float(e[m].mean()) if m.any() else float("nan"),
                "count": int(m.sum()),
            }
        )
    return pd.DataFrame(rows)
