"""Flood forecasting and typhoon strike probability.

Floods (CAMELS-format basins): :func:`load_camels`, the forecasters :class:`PersistenceFlood`,
:class:`ClimatologyFlood`, :class:`LightGBMFlood` and :class:`LSTMFlood` (fit / predict to an xarray
forecast with exceedance probabilities), :func:`score_flood`, :class:`FloodProtocol`.

Typhoons (JTWC best tracks): :func:`load_tracks`, :func:`clean_tracks`, :func:`track_samples`, the track
models :class:`PersistenceTrack`, :class:`CliperTrack`, :class:`LightGBMTrack`, :class:`MLPTrack`,
the :class:`TyphoonForecaster` (model + error ensemble + cone) and :func:`strike_probability` /
:func:`write_strike_netcdf`.

The code lives in two subpackages, :mod:`sectors.disaster.flood` and :mod:`sectors.disaster.typhoon`;
this package re-exports their public names. Every model is a :class:`shared.estimator.Estimator`
storable with :mod:`shared.store`; flood forecasts follow the suite's forecast Dataset and track
forecasts its track schema (:mod:`shared.schema`). :func:`sectors.disaster.demo.demo_model` is the
demo the page, the dashboard and the tests use.

Example:
    >>> from sectors.disaster import FloodProtocol, PersistenceFlood, score_flood, synthetic_camels
    >>> ds = synthetic_camels(2, seed=0)
    >>> p = FloodProtocol(train=("2001-10-01", "2004-09-30"), valid=("2004-10-01", "2005-09-30"),
    ...                   test=("2005-10-01", "2007-09-30"))
    >>> forecast = PersistenceFlood(p).fit(ds).predict(ds)
    >>> sorted(forecast.data_vars)[:3]
    ['flow', 'flow_quantile', 'p_exceed']
"""

from sectors.disaster import datasets as _datasets  # noqa: F401  (registers disaster/typhoon)
from sectors.disaster.data import load_camels, load_tracks
from sectors.disaster.flood.base import FloodModel
from sectors.disaster.flood.baselines import ClimatologyFlood, PersistenceFlood
from sectors.disaster.flood.evaluation import protocol_for, run_leave_basins_out, run_temporal
from sectors.disaster.flood.gbm import LightGBMFlood
from sectors.disaster.flood.lstm import LSTMFlood
from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL, FloodProtocol, basin_stats
from sectors.disaster.flood.scores import FloodScores, score_flood
from sectors.disaster.synthetic import synthetic_camels, write_camels_folder
from sectors.disaster.typhoon.forecaster import TyphoonForecaster
from sectors.disaster.typhoon.models import (
    CliperTrack,
    LightGBMTrack,
    MLPTrack,
    PersistenceTrack,
    TrackModel,
    track_errors,
)
from sectors.disaster.typhoon.samples import split_by_year, track_samples
from sectors.disaster.typhoon.strike import (
    TrackErrorEnsemble,
    korea_grid,
    read_strike_netcdf,
    strike_dataset,
    strike_probability,
    write_strike_netcdf,
)
from sectors.disaster.typhoon.tracks import clean_tracks

__all__ = [
    "SAMPLE_PROTOCOL",
    "ClimatologyFlood",
    "CliperTrack",
    "FloodModel",
    "FloodProtocol",
    "FloodScores",
    "LSTMFlood",
    "LightGBMFlood",
    "LightGBMTrack",
    "MLPTrack",
    "PersistenceFlood",
    "PersistenceTrack",
    "TrackErrorEnsemble",
    "TrackModel",
    "TyphoonForecaster",
    "basin_stats",
    "clean_tracks",
    "korea_grid",
    "load_camels",
    "load_tracks",
    "protocol_for",
    "read_strike_netcdf",
    "run_leave_basins_out",
    "run_temporal",
    "score_flood",
    "split_by_year",
    "strike_dataset",
    "strike_probability",
    "synthetic_camels",
    "track_errors",
    "track_samples",
    "write_camels_folder",
    "write_strike_netcdf",
]
