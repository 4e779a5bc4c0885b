"""Flood forecasting on CAMELS-format basins: protocol, features, the four forecasters, scores and runs.

Every forecaster (:class:`PersistenceFlood`, :class:`ClimatologyFlood`, :class:`LightGBMFlood`,
:class:`LSTMFlood`) is a :class:`shared.estimator.Estimator` whose ``predict`` returns the suite's
forecast Dataset (:func:`shared.schema.forecast_dataset`: dims site = basin, issue_time, lead[, quantile]).
"""

from sectors.disaster.flood.base import FloodModel
from sectors.disaster.flood.baselines import ClimatologyFlood, PersistenceFlood
from sectors.disaster.flood.evaluation import protocol_for, run_leave_basins_out, run_temporal
from sectors.disaster.flood.gbm import LightGBMFlood
from sectors.disaster.flood.lstm import LSTMFlood
from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL, FloodProtocol, basin_stats
from sectors.disaster.flood.scores import FloodScores, score_flood

__all__ = [
    "SAMPLE_PROTOCOL",
    "ClimatologyFlood",
    "FloodModel",
    "FloodProtocol",
    "FloodScores",
    "LSTMFlood",
    "LightGBMFlood",
    "PersistenceFlood",
    "basin_stats",
    "protocol_for",
    "run_leave_basins_out",
    "run_temporal",
    "score_flood",
]
