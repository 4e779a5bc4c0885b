"""Flood forecasters: what each knows at issue time, scores, leave-basins-out, storage."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sectors.disaster import SAMPLE_PROTOCOL as PROTOCOL  # the synthetic basins span the same dates
from sectors.disaster import (
    ClimatologyFlood,
    LightGBMFlood,
    PersistenceFlood,
    basin_stats,
    run_leave_basins_out,
    score_flood,
)
from sectors.disaster.flood.base import issue_days
from sectors.disaster.flood.output import lead_days
from shared import store
from shared.schema import check_forecast


def test_threshold_is_the_99th_percentile_of_training_flow(basins):
    stats = basin_stats(basins, PROTOCOL)
    q = basins["qobs"].sel(basin=stats.index[0], time=slice(*PROTOCOL.train)).values
    assert stats["threshold"].iloc[0] == pytest.approx(np.quantile(q, 0.99))
    assert stats["event_rate"].iloc[0] == pytest.approx(0.01, abs=0.002)


def test_persistence_repeats_today_and_scores_as_expected(basins):
    forecast = PersistenceFlood(PROTOCOL).fit(basins).predict(basins)
    day = pd.Timestamp("2006-03-01")
    today = basins["qobs"].sel(time=day).values
    assert np.allclose(forecast["flow"].sel(issue_time=day).values, today[:, None])
    scores = score_flood(forecast, basins, PROTOCOL.test).summary
    assert scores["nse_lead1"] > scores["nse_lead3"]
    assert set(scores) >= {"nse_lead1", "nse_lead3", "kge_lead1", "bss_lead1", "bss_lead3", "csi_lead1"}


def test_a_perfect_forecast_scores_one(basins):
    forecast = PersistenceFlood(PROTOCOL).fit(basins).predict(basins)
    for j in range(forecast.sizes["lead"]):
        obs = basins["qobs"].reindex(time=forecast["valid_time"].values[:, j]).values
        forecast["flow"][:, :, j] = obs
        forecast["p_exceed"][:, :, j] = (obs > forecast["threshold"].values[:, None]).astype(float)
    s = score_flood(forecast, basins, PROTOCOL.test).summary
    assert s["nse_lead1"] == pytest.approx(1.0) and s["kge_lead3"] == pytest.approx(1.0)
    assert s["bss_lead1"] == pytest.approx(1.0) and s["csi_lead1"] == pytest.approx(1.0)


@pytest.mark.parametrize("name", ["gbm", "lstm"])
def test_a_forecast_uses_nothing_after_its_issue_day(basins, name, request):
    model = request.getfixturevalue(name)
    day = pd.Timestamp("2006-05-10")
    before = model.predict(basins, day, day)
    changed = basins.copy(deep=True)
    later = changed["time"] > np.datetime64(day)
    changed["qobs"][:, later] = changed["qobs"][:, later] * 3 + 5
    changed["prcp"][:, later] = 0.0
    after = model.predict(changed, day, day)
    assert np.allclose(before["flow"], after["flow"]) and np.allclose(before["p_exceed"], after["p_exceed"])


def test_lightgbm_beats_climatology_and_round_trips_through_the_store(basins, gbm, tmp_path):
    ours = score_flood(gbm.predict(basins), basins, PROTOCOL.test).summary
    clim = score_flood(ClimatologyFlood(PROTOCOL).fit(basins).predict(basins), basins, PROTOCOL.test).summary
    assert ours["nse_lead1"] > clim["nse_lead1"]
    back = store.load(store.save(gbm, tmp_path / "gbm"))
    assert np.allclose(back.predict(basins)["flow"], gbm.predict(basins)["flow"])


def test_lstm_trains_predicts_and_round_trips(basins, lstm, tmp_path):
    forecast = check_forecast(lstm.predict(basins))
    assert forecast["flow"].shape == (3, len(issue_days(PROTOCOL.test, 3)), 3)
    assert (
        np.isfinite(forecast["flow"]).all()
        and ((forecast["p_exceed"] >= 0) & (forecast["p_exceed"] <= 1)).all()
    )
    assert {"train_loss", "val_loss"} <= set(lstm.history_[0])
    assert lstm.train_summary_["epochs"] == 2 and lstm.fit_seconds_ > 0
    back = store.load(store.save(lstm, tmp_path / "lstm"))
    assert np.allclose(back.predict(basins)["flow"], forecast["flow"], atol=1e-5)


def test_climatology_and_persistence_round_trip(basins, tmp_path):
    for cls in (PersistenceFlood, ClimatologyFlood):
        model = cls(PROTOCOL).fit(basins)
        back = store.load(store.save(model, tmp_path / cls.name))
        assert np.allclose(back.predict(basins)["p_exceed"], model.predict(basins)["p_exceed"])


def test_leave_basins_out_never_trains_on_the_basins_it_scores(basins):
    run = run_leave_basins_out(basins, lambda p: LightGBMFlood(p, n_estimators=10), PROTOCOL, k=3, seed=0)
    assert run.split == "basins_out" and len(run.fitted) == 3
    scored = set()
    for model in run.fitted:
        held_out = set(basins["basin"].values) - set(model.stats_.index)
        assert len(held_out) == 1
        scored |= held_out
    assert scored == set(basins["basin"].values)
    assert np.isfinite(run.scores.summary["nse_lead1"])


def test_coherent_quantiles_sit_on_the_side_of_the_threshold_the_probability_implies():
    from sectors.disaster.flood.base import coherent_with_probability

    p = np.array([0.95, 0.95, 0.02, 0.3, np.nan])
    median = coherent_with_probability(np.array([6.0, 9.0, 9.0, 9.0, 6.0]), 0.5, p, 8.0)
    assert median.tolist() == [8.0, 9.0, 8.0, 8.0, 6.0]  # raised, kept, lowered, lowered, untouched
    upper = coherent_with_probability(np.array([6.0, 9.0, 9.0, 7.0, 6.0]), 0.95, p, 8.0)
    assert upper.tolist() == [8.0, 9.0, 8.0, 8.0, 6.0]


@pytest.mark.parametrize("name", ["gbm", "lstm"])
def test_the_flood_probability_agrees_with_the_forecast_band_and_threshold(basins, name, request):
    """The page's complaint: a 100% flood chance under a forecast band that never reaches the threshold."""
    f = request.getfixturevalue(name).predict(basins)
    p, thr = f["p_exceed"], f["threshold"]
    hi, lo = f["flow_quantile"].sel(quantile=0.95), f["flow_quantile"].sel(quantile=0.05)
    assert not bool(((p > 0.05) & (hi < thr)).any()), "a flood chance above 5% with the whole band below"
    assert not bool(((p < 0.05) & (hi > thr)).any()), "under 5% flood chance with the band above"
    assert not bool(((p > 0.95) & (lo < thr)).any())
    assert not bool(((p > 0.5) & (f["flow"] < thr)).any()), "likely flood, forecast below the threshold"
    assert not bool(((p < 0.5) & (f["flow"] > thr)).any())


def test_the_forecast_follows_the_suite_schema_with_days_as_leads(basins, gbm):
    f = check_forecast(gbm.predict(basins, "2006-05-10", "2006-05-11"))
    assert f["flow"].dims == ("site", "issue_time", "lead") and f["flow"].attrs["units"] == "mm/day"
    assert f["flow_quantile"].dims == ("site", "issue_time", "lead", "quantile")
    assert lead_days(f) == [1, 2, 3]
    assert str(f["valid_time"].values[0, 0])[:10] == "2006-05-11"
    assert f["threshold"].dims == ("site",) and f["warn_probability"].dims == ("lead",)
    # the median of the band is the point forecast: bands come from shared.forecast.intervals.ResidualBands
    assert np.allclose(f["flow_quantile"].sel(quantile=0.5), f["flow"], atol=1e-4)


def test_lead_targets_reads_the_windows_after_each_issue_day():
    from sectors.disaster.flood.base import lead_targets

    values = np.arange(12.0).reshape(2, 6)
    out = lead_targets(values, np.array([0, 4]), [1, 3])
    assert out.shape == (2, 2, 2)
    assert out[0, 0].tolist() == [1.0, 3.0] and out[1, 0].tolist() == [7.0, 9.0]
    assert out[0, 1, 0] == 5.0 and np.isnan(out[0, 1, 1]) and np.isnan(out[1, 1, 1])


def test_flood_and_track_lightgbm_settings_come_from_the_sector_settings_module():
    from sectors.disaster import gbm_settings
    from sectors.disaster.typhoon.models import LightGBMTrack

    flood = LightGBMFlood(PROTOCOL, learning_rate=0.2, seed=5)._params("binary")
    assert {k: flood[k] for k in gbm_settings.FLOOD} == gbm_settings.FLOOD
    assert flood["learning_rate"] == 0.2 and flood["seed"] == 5 and flood["objective"] == "binary"
    assert gbm_settings.TRACK["feature_fraction"] != gbm_settings.FLOOD["feature_fraction"]
    assert LightGBMTrack().get_params()["seed"] is None  # the seed is resolved in fit, not stored resolved
