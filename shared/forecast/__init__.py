"""Forecasting engine shared by traffic and disaster: windows, baselines, torch models, metrics."""

from shared.forecast.metrics import (
    brier_score,
    brier_skill_score,
    csi,
    horizon_table,
    kge,
    masked_mae,
    masked_mape,
    masked_rmse,
    nse,
    reliability_table,
)

__all__ = [
    "brier_score",
    "brier_skill_score",
    "csi",
    "horizon_table",
    "kge",
    "masked_mae",
    "masked_mape",
    "masked_rmse",
    "nse",
    "reliability_table",
]
