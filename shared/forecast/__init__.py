"""Forecasting engine shared by traffic and disaster: windows, splits, baselines, torch training, metrics.

Numpy-level pieces are importable from here; torch pieces live in their modules so that importing
the engine stays light: :mod:`shared.forecast.training` (device policy, seeded loop with early
stopping), :mod:`shared.forecast.batching` (windows gathered per batch), and the models.

- :mod:`shared.forecast.windows`: sliding windows as strided views (``input_windows``,
  ``target_windows``, ``gather``).
- :mod:`shared.forecast.splits`: ``chronological_split`` (70/10/20 by time, origins per part).
- :mod:`shared.forecast.panel`: ``SeriesPanel`` (time x series arrays, step read from timestamps).
- :mod:`shared.forecast.base`: ``PanelForecaster``, the :class:`~shared.estimator.Estimator` every
  engine model subclasses (baselines, LightGBM, our STID-style network).
- :mod:`shared.forecast.output`: ``panel_forecast`` turns forecast arrays into the suite's forecast
  Dataset (:mod:`shared.schema`: site, issue_time, lead, quantile).
"""

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
from shared.forecast.panel import SeriesPanel, infer_step
from shared.forecast.splits import Split, chronological_split
from shared.forecast.windows import gather, input_windows, sliding_windows, target_windows

__all__ = [
    "SeriesPanel",
    "Split",
    "brier_score",
    "brier_skill_score",
    "chronological_split",
    "csi",
    "gather",
    "horizon_table",
    "infer_step",
    "input_windows",
    "kge",
    "masked_mae",
    "masked_mape",
    "masked_rmse",
    "nse",
    "reliability_table",
    "sliding_windows",
    "target_windows",
]
