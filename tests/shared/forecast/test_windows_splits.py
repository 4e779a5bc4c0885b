import numpy as np
import pandas as pd
import pytest
import xarray as xr

from shared.errors import DataError
from shared.forecast.panel import SeriesPanel, infer_step
from shared.forecast.splits import chronological_split
from shared.forecast.windows import gather, input_windows, sliding_windows, target_windows


def test_windows_are_views_not_copies():
    series = np.random.default_rng(0).random((5000, 50)).astype(np.float32)
    split = chronological_split(len(series))
    x = input_windows(series, 12, split.train)
    y = target_windows(series, 12, split.train)
    assert np.shares_memory(x, series) and np.shares_memory(y, series)
    assert x.base is not None and not x.flags.writeable
    # the views cover 12x the series' bytes each, without allocating them
    assert x.nbytes > 8 * series.nbytes
    assert x.shape == (len(split.train), 12, 50)


def test_window_contents_match_slices():
    series = np.arange(300.0).reshape(100, 3)
    origins = range(20, 30)
    x, y = input_windows(series, 4, origins), target_windows(series, 5, origins)
    for i, t0 in enumerate(origins):
        np.testing.assert_array_equal(x[i], series[t0 - 4 : t0])
        np.testing.assert_array_equal(y[i], series[t0 : t0 + 5])
    np.testing.assert_array_equal(gather(series, list(origins), -4, 4), x)
    daily = input_windows(series, 4, origins, lag=10)
    np.testing.assert_array_equal(daily[0], series[6:10])


def test_windows_refuse_out_of_range_origins():
    with pytest.raises(IndexError):
        input_windows(np.arange(10), 4, range(2, 5))
    with pytest.raises(IndexError):
        target_windows(np.arange(10), 4, range(5, 8))
    with pytest.raises(ValueError):
        sliding_windows(np.arange(3), 4)


def test_split_matches_the_anchor_protocol():
    s = chronological_split(2016, n_in=12, n_out=12)
    assert len(s.test) == 393 and s.test.start == int(0.8 * 2016)
    assert s.train.stop - 1 + 12 <= s.bounds[0]  # training targets never reach validation
    assert s.val.start == s.bounds[0] and s.val.stop - 1 + 12 <= s.bounds[1]
    assert s.test.stop - 1 + 12 == 2016


def test_split_respects_min_history_and_rejects_tiny_series():
    s = chronological_split(2016, min_history=300)
    assert s.train.start == 300
    with pytest.raises(ValueError):
        chronological_split(20)
    with pytest.raises(ValueError):
        chronological_split(2016, fractions=(0.5, 0.5, 0.5))


def test_panel_reads_step_calendar_and_missing():
    t = pd.date_range("2024-03-04 23:50", periods=4, freq="5min")  # a Monday
    da = xr.DataArray(
        np.array([[1.0, 0], [2, 3], [0, 4], [5, 6]]),
        dims=("time", "sensor"),
        coords={"time": t, "sensor": ["a", "b"]},
    )
    p = SeriesPanel.from_dataarray(da, missing_value=0.0)
    assert p.step == pd.Timedelta("5min") and p.steps_per_day == 288
    assert p.slot_of_day().tolist() == [286, 287, 0, 1]
    assert p.day_of_week().tolist() == [0, 0, 1, 1]
    assert np.isnan(p.values[2, 0]) and p.filled()[2, 0] == 2.0
    assert p.filled()[0, 1] == 3.0  # nothing before: back-filled


def test_irregular_or_unsorted_timestamps_fail_clearly():
    t = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 00:05", "2024-01-01 00:03"])
    with pytest.raises(DataError, match="not strictly increasing"):
        infer_step(t, file="speeds.csv")
    t = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 00:05", "2024-01-01 00:17", "2024-01-01 00:20"])
    with pytest.raises(DataError, match="irregular"):
        infer_step(t)


def test_residual_bands_cover_and_contain_the_point_forecast():
    from shared.forecast.intervals import ResidualBands

    g = np.random.default_rng(0)
    truth = 50 + g.normal(0, 2, (400, 3, 4))
    biased = truth - 3 + g.normal(0, 0.5, truth.shape)  # always too low: every residual is positive
    bands = ResidualBands((0.1, 0.5, 0.9)).fit(biased[:200], truth[:200])
    q = bands.apply(biased[200:])
    assert (q[..., 0] <= q[..., 1]).all() and (q[..., 1] <= q[..., 2]).all()
    np.testing.assert_allclose(q[..., 1], biased[200:].astype(np.float32))  # the median is the point forecast
    inside = (truth[200:] >= q[..., 0]) & (truth[200:] <= q[..., 2])
    assert 0.8 <= inside.mean() <= 0.97
    few = ResidualBands((0.1, 0.5, 0.9)).fit(biased[:10], truth[:10])  # pooled over series
    assert np.allclose(few.offsets_[:, :, 0], few.offsets_[:, :, 3])


def test_gaussian_kernel_and_transition_matrices():
    from shared.forecast.graph import gaussian_kernel_adjacency, transition_matrices

    d = np.array([[0.0, 1.0, 2.0], [np.inf, 0.0, 1.0], [np.inf, np.inf, 0.0]])
    adj = gaussian_kernel_adjacency(d)
    assert adj[1, 0] == 0 and adj[0, 1] > 0.1 and adj[0, 2] == 0 and adj[0, 0] == 1
    fwd, bwd = transition_matrices(adj)
    np.testing.assert_allclose(fwd.sum(1), 1.0, rtol=1e-6)
    np.testing.assert_allclose(bwd.sum(1), 1.0, rtol=1e-6)
