"""Typhoon tracks: cleaning, forecast cases, track models, strike probability and its NetCDF file."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sectors.disaster import (
    CliperTrack,
    LightGBMTrack,
    MLPTrack,
    PersistenceTrack,
    TyphoonForecaster,
    clean_tracks,
    korea_grid,
    read_strike_netcdf,
    split_by_year,
    strike_probability,
    track_errors,
    track_samples,
    write_strike_netcdf,
)
from sectors.disaster.geo import great_circle_km, offset_position
from sectors.disaster.typhoon.strike import track_distance_km
from shared import store


def _straight_storm(n=30, start="2019-08-01", dlat=0.3, dlon=-0.5, name="x"):
    t = pd.date_range(start, periods=n, freq="6h")
    return pd.DataFrame(
        {
            "storm": name,
            "sn": "201901",
            "time": t,
            "lat": 15 + dlat * np.arange(n),
            "lon": 140 + dlon * np.arange(n),
            "vmax": 60.0,
            "mslp": np.nan,
        }
    )


def test_cleaning_joins_new_year_tails_splits_gaps_and_drops_odd_hours():
    t = pd.to_datetime(
        [
            "2000-12-31 12:00",
            "2000-12-31 18:00",
            "2001-01-01 00:00",
            "2001-01-01 03:00",
            "2001-01-01 06:00",
            "2001-03-01 00:00",
            "2001-03-01 06:00",
        ]
    )
    raw = pd.DataFrame(
        {
            "SN": [200034, 200034, 200134, 200134, 200134, 200134, 200134],
            "CY": 34,
            "time": t,
            "Lat": [10.0, 10.2, 10.4, 10.5, 10.6, 15.0, 15.2],
            "Lon": [130.0, 129.8, 129.6, 129.5, 129.4, -170.0, -170.2],
            "VMax": 40.0,
            "MSLP": np.nan,
        }
    )
    clean = clean_tracks(raw)
    assert 3 not in set(clean["time"].dt.hour)  # the 03 UTC fix is gone
    assert (clean["storm"] == "200034").sum() == 4  # tail re-joined
    later = clean[clean["time"] >= "2001-03-01"]
    assert later["storm"].nunique() == 1 and later["storm"].iloc[0] != "200034"  # split at the gap
    assert later["lon"].iloc[0] == pytest.approx(190.0)  # 170W as 0-360 east


def test_cases_have_24_hours_of_history_and_targets_from_the_best_track():
    cases = track_samples(_straight_storm())
    assert cases["time"].min() == pd.Timestamp("2019-08-02")  # the first fix with 24 h behind it
    row = cases.iloc[0]
    assert row["lat_24"] == pytest.approx(row["lat0"] + 4 * 0.3)
    assert np.isnan(cases["lat_72"].iloc[-1])  # the storm ends before then
    forecast = PersistenceTrack().fit(cases).predict_wide(cases)
    errors = track_errors(cases, forecast)
    assert errors["track_km"].max() < 15  # near-constant motion: persistence is nearly exact


def test_cliper_lightgbm_and_mlp_fit_the_real_slice_and_round_trip(tracks, tmp_path):
    parts = split_by_year(track_samples(tracks), (2011, 2014), (2015, 2017), (2018, 2021))
    persistence = track_errors(
        parts["test"], PersistenceTrack().fit(parts["train"]).predict_wide(parts["test"])
    )
    for model in (
        CliperTrack(),
        LightGBMTrack(n_estimators=60, learning_rate=0.15),
        MLPTrack(hidden=32, epochs=40, device="cpu"),
    ):
        model.fit(parts["train"], parts["valid"])
        errors = track_errors(parts["test"], model.predict_wide(parts["test"]))
        assert (
            errors.set_index("lead_h").loc[72, "track_km"]
            < persistence.set_index("lead_h").loc[72, "track_km"]
        )
        back = store.load(store.save(model, tmp_path / model.name))
        assert np.allclose(
            back.predict_targets(parts["test"]), model.predict_targets(parts["test"]), atol=1e-4
        )


def test_track_distance_matches_the_great_circle():
    lat, lon = np.array([34.0, 35.0]), np.array([127.0, 128.5])
    d = track_distance_km(np.array([[34.0, 34.0]]), np.array([[127.0, 127.0]]), lat, lon)[0]
    exact = great_circle_km(34.0, 127.0, lat[:, None], lon[None, :])
    assert np.allclose(d, exact, rtol=0.01)


def test_strike_probability_counts_members_within_the_radius():
    lat, lon = korea_grid()
    a_lat, a_lon = offset_position(35.0, 129.0, np.array([0.0, 0.0]), np.array([-300.0, 300.0]))
    through = (a_lat[None], a_lon[None])  # a member crossing Busan's latitude at 129E
    far = (np.array([[20.0, 21.0]]), np.array([[150.0, 150.0]]))
    p = strike_probability(np.vstack([through[0], far[0]]), np.vstack([through[1], far[1]]), lat, lon)
    assert p.max() == pytest.approx(0.5) and p.min() == 0.0
    i, j = int(np.argmin(abs(lat - 35.0))), int(np.argmin(abs(lon - 129.0)))
    assert p[i, j] == 0.5 and p[i, int(np.argmin(abs(lon - 131.0)))] == 0.0  # 180 km east: outside 100 km


def test_forecaster_cone_strike_netcdf_and_store(tracks, tmp_path):
    forecaster = TyphoonForecaster(CliperTrack(), n_members=200, seed=0).fit(tracks, train_years=(2011, 2014))
    case = forecaster.cases(tracks, storm="201915").iloc[-14]
    cone = forecaster.cone(case)
    assert cone["lead_h"].tolist() == [0, 24, 48, 72] and cone["radius_km"].is_monotonic_increasing
    grid = forecaster.strike(case)
    assert grid["strike_probability"].dims == ("lat", "lon") and grid.sizes == {"lat": 45, "lon": 41}
    assert 0 < float(grid["strike_probability"].max()) <= 1
    back = read_strike_netcdf(write_strike_netcdf(grid, tmp_path / "strike.nc"))
    assert np.allclose(back["strike_probability"], grid["strike_probability"])
    assert back.attrs["storm"] == grid.attrs["storm"] and back.attrs["radius_km"] == 100.0
    loaded = store.load(store.save(forecaster, tmp_path / "typhoon"))
    assert np.allclose(loaded.strike(case)["strike_probability"], grid["strike_probability"])


def test_track_forecasts_follow_the_suite_schema(tracks):
    from shared.schema import check_track

    forecaster = TyphoonForecaster("persistence", n_members=50, seed=0).fit(tracks, train_years=(2011, 2014))
    cases = forecaster.cases(tracks, storm="201915")
    track = check_track(forecaster.forecast(cases))
    assert list(track.columns[:5]) == ["storm", "issue_time", "lead_hours", "lat", "lon"]
    assert len(track) == 3 * len(cases) and track["lead_hours"].unique().tolist() == [24, 48, 72]
    wide = forecaster.forecast_wide(cases)
    first = track[track["issue_time"] == cases["time"].iloc[0]].set_index("lead_hours")
    assert first.loc[48, "lat"] == pytest.approx(wide["lat_48"].iloc[0])
    assert track["lon"].between(0, 360).all()


def test_a_forecaster_is_unfitted_until_fit_and_clones_its_track_model(tracks):
    from sklearn.base import clone

    from shared.estimator import NotFittedError

    model = CliperTrack()
    forecaster = TyphoonForecaster(model, n_members=10)
    with pytest.raises(NotFittedError):
        forecaster.forecast(track_samples(tracks).head(3))
    forecaster.fit(tracks, train_years=(2011, 2014))
    assert forecaster.model is model and not model.fitted_attributes()  # the parameter is left as given
    assert forecaster.model_.fitted_attributes() and not clone(forecaster).fitted_attributes()
