"""Typhoon tracks (JTWC best tracks): cleaning, forecast cases, track models, the forecaster and strike grid.

Track forecasts follow the suite's track schema (:func:`shared.schema.check_track`: one row per storm,
issue time and lead with ``lat`` and ``lon`` 0-360 east); strike probabilities are an xarray grid.
"""

from sectors.disaster.typhoon.forecaster import TRACK_MODELS, TyphoonForecaster
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
    "TRACK_MODELS",
    "CliperTrack",
    "LightGBMTrack",
    "MLPTrack",
    "PersistenceTrack",
    "TrackErrorEnsemble",
    "TrackModel",
    "TyphoonForecaster",
    "clean_tracks",
    "korea_grid",
    "read_strike_netcdf",
    "split_by_year",
    "strike_dataset",
    "strike_probability",
    "track_errors",
    "track_samples",
    "write_strike_netcdf",
]
