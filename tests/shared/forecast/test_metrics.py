import numpy as np
import pytest

from shared.forecast import metrics as f


def test_masked_errors_ignore_zeros_and_nans():
    y = np.array([10.0, 0.0, 20.0, np.nan])
    p = np.array([12.0, 99.0, 15.0, 5.0])
    assert f.masked_mae(p, y) == pytest.approx((2 + 5) / 2)
    assert f.masked_rmse(p, y) == pytest.approx(np.sqrt((4 + 25) / 2))
    assert f.masked_mape(p, y) == pytest.approx((0.2 + 0.25) / 2)
    assert np.isnan(f.masked_mae(p[:2] * 0, np.zeros(2)))


def test_zeros_count_when_masking_is_off():
    assert f.masked_mae(np.array([1.0]), np.array([0.0]), null_value=None) == 1.0


def test_horizon_table_by_hand():
    truth = np.full((2, 12, 3), 50.0)
    pred = truth + np.arange(12).reshape(1, 12, 1)  # error h-1 at horizon h
    table = f.horizon_table(pred, truth)
    assert table.loc[3, "mae"] == 2 and table.loc[6, "mae"] == 5 and table.loc[12, "mae"] == 11
    assert table.loc[12, "mape"] == pytest.approx(11 / 50)
    with pytest.raises(ValueError):
        f.horizon_table(pred, truth, horizons=(13,))
    with pytest.raises(ValueError):
        f.horizon_table(pred[:, :6], truth)


def test_nse_by_hand():
    obs = np.array([1.0, 2.0, 3.0, 4.0])
    sim = np.array([1.0, 2.0, 3.0, 5.0])  # SSE 1, variance sum 5
    assert f.nse(sim, obs) == pytest.approx(1 - 1 / 5)
    assert f.nse(np.array([1.0, np.nan, 3.0]), np.array([1.0, 2.0, 3.0])) == pytest.approx(1.0)


def test_kge_by_hand():
    obs = np.array([1.0, 2.0, 3.0, 4.0])
    sim = obs * 1.5  # r = 1, alpha = 1.5, beta = 1.5
    assert f.kge(sim, obs) == pytest.approx(1 - np.sqrt(0.25 + 0.25))
    assert f.kge(obs, obs) == pytest.approx(1.0)


def test_brier_and_skill_by_hand():
    prob = np.array([0.9, 0.1, 0.8, 0.3])
    event = np.array([1, 0, 0, 0])
    bs = (0.01 + 0.01 + 0.64 + 0.09) / 4
    assert f.brier_score(prob, event) == pytest.approx(bs)
    ref = ((0.25 - 1) ** 2 + 3 * 0.25**2) / 4  # climatology 0.25
    assert f.brier_skill_score(prob, event) == pytest.approx(1 - bs / ref)
    assert f.brier_skill_score(prob, event, reference=0.5) == pytest.approx(1 - bs / 0.25)


def test_csi_by_hand():
    pred = np.array([1, 1, 1, 0, 0])
    obs = np.array([1, 0, 1, 1, 0])
    assert f.csi(pred, obs) == pytest.approx(2 / 4)
    assert np.isnan(f.csi(np.zeros(3), np.zeros(3)))


def test_reliability_table():
    prob = np.array([0.05, 0.15, 0.95, 0.9])
    event = np.array([0, 1, 1, 1])
    t = f.reliability_table(prob, event, bins=2)
    assert t["count"].tolist() == [2, 2]
    assert t["observed"].tolist() == [0.5, 1.0]
    assert t["forecast"].tolist() == pytest.approx([0.1, 0.925])
