"""Readers of every supported network format, on files written here (no shared data)."""

import gzip

import numpy as np
import pandas as pd
import pytest

from sectors.traffic import BUNDLED_SAMPLE, load_network
from shared.data import load
from shared.data.formats.traffic import read_pandas_hdf, write_pandas_hdf, write_plain_folder
from shared.errors import DataError


def _plain(folder, times, values, sensors=("s1", "s2", "s3")):
    frame = pd.DataFrame(values, columns=list(sensors))
    frame.insert(0, "timestamp", times)
    folder.mkdir(parents=True, exist_ok=True)
    frame.to_csv(folder / "speeds.csv", index=False)
    return folder


def test_bundled_sample_is_the_documented_plain_format():
    ds = load_network(BUNDLED_SAMPLE)
    assert ds.speed.dims == ("time", "sensor") and ds.sizes["sensor"] == 207 and ds.sizes["time"] == 864
    assert pd.Timestamp(ds.time.values[1]) - pd.Timestamp(ds.time.values[0]) == pd.Timedelta("5min")
    assert float(ds.adjacency.sel(sensor="773869", sensor_to="773869")) == 1.0
    assert np.isfinite(ds.lat).all() and (ds.lat > 33).all()
    assert load("traffic/metr-la-sample").sizes["sensor"] == 207  # registered name, found bundled


def test_plain_folder_reads_step_from_timestamps_and_fills_missing_rows(tmp_path):
    times = pd.date_range("2024-05-01 06:00", periods=6, freq="15min")
    keep = [0, 1, 2, 4, 5]  # the 07:00 row is absent
    values = np.arange(18, dtype=float).reshape(6, 3)
    folder = _plain(tmp_path / "net", times[keep].strftime("%Y-%m-%dT%H:%M"), values[keep])
    (folder / "sensors.csv").write_text("sensor_id,lat,lon,name\ns1,37.5,127.0,A\ns2,37.6,127.1,B\n")
    adj = pd.DataFrame(np.eye(3), index=["s3", "s1", "s2"], columns=["s3", "s1", "s2"])
    adj.loc["s1", "s2"] = 0.5
    adj.to_csv(folder / "adjacency.csv")
    ds = load_network(folder)
    assert ds.sizes["time"] == 6 and ds.attrs["step"] == str(pd.Timedelta("15min"))
    assert np.isnan(ds.speed.values[3]).all()
    assert ds.speed.values[4, 0] == 12.0
    assert float(ds.adjacency.sel(sensor="s1", sensor_to="s2")) == 0.5  # reordered to speeds.csv order
    assert ds.lat.values[0] == 37.5 and np.isnan(ds.lat.values[2])  # s3 has no location: unknown


def test_plain_folder_errors_name_file_column_and_expectation(tmp_path):
    times = pd.date_range("2024-05-01", periods=4, freq="5min").strftime("%Y-%m-%dT%H:%M")
    bad = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 9], [1, 1, 1]], dtype=object)
    bad[2, 1] = "fast"
    folder = _plain(tmp_path / "a", times, bad)
    with pytest.raises(DataError, match=r"speeds.csv: column 's2': value 'fast' in row 3 is not a number"):
        load_network(folder)
    folder = _plain(
        tmp_path / "b",
        ["2024-05-01T00:00", "2024-05-01T00:05", "2024-05-01T00:07", "2024-05-01T00:10"],
        np.ones((4, 3)),
    )
    with pytest.raises(DataError, match="timestamp"):
        load_network(folder)
    folder = _plain(tmp_path / "c", times, np.ones((4, 3)))
    pd.DataFrame(np.eye(2), index=["s1", "s2"], columns=["s1", "s2"]).to_csv(folder / "adjacency.csv")
    with pytest.raises(DataError, match=r"adjacency.csv.*s3"):
        load_network(folder)
    with pytest.raises(DataError, match="no traffic network"):
        load_network(tmp_path / "c" / "..")


def test_hdf5_frame_is_read_without_pickle(tmp_path):
    idx = pd.date_range("2012-03-01", periods=300, freq="5min")
    frame = pd.DataFrame(
        np.random.default_rng(0).uniform(0, 70, (300, 4)),
        index=idx,
        columns=["773869", "767541", "767542", "717447"],
    )
    frame.iloc[5, 1] = 0.0  # METR-LA codes missing as 0
    write_pandas_hdf(frame, tmp_path / "metr-la.h5", key="df")
    np.savez(
        tmp_path / "adj_mx.npz",
        sensor_ids=np.array(["767541", "773869", "767542", "717447"]),
        adj=np.eye(4, dtype=np.float32) + 0.25 * np.eye(4, k=1),
    )
    (tmp_path / "graph_sensor_locations.csv").write_text(
        "index,sensor_id,latitude,longitude\n0,773869,34.15,-118.31\n1,767541,34.11,-118.23\n"
    )
    back = read_pandas_hdf(tmp_path / "metr-la.h5")
    pd.testing.assert_frame_equal(back, frame, check_freq=False, check_index_type=False)
    ds = load_network(tmp_path)
    assert ds.speed.shape == (300, 4) and ds.speed.values[5, 1] == 0.0
    # the NPZ listed sensor 767541 first: the matrix is reordered to the HDF5 columns
    assert float(ds.adjacency.sel(sensor="767541", sensor_to="773869")) == 0.25
    assert ds.lat.values[0] == 34.15 and np.isnan(ds.lat.values[3])
    write_pandas_hdf(frame, tmp_path / "two.h5", key="df")
    write_pandas_hdf(frame, tmp_path / "two.h5", key="other")
    with pytest.raises(DataError, match="2 pandas frames"):
        read_pandas_hdf(tmp_path / "two.h5")


def test_pems_npz_with_distance_csv(tmp_path):
    folder = tmp_path / "PEMS04"
    folder.mkdir()
    data = np.random.default_rng(1).uniform(0, 300, (288 * 2, 5, 3)).astype(np.float32)
    np.savez_compressed(folder / "pems04.npz", data=data)
    (folder / "distance.csv").write_text("from,to,cost\n0,1,10.0\n1,2,12.0\n3,4,30.0\n")
    ds = load_network(folder)
    assert set(ds.data_vars) >= {"flow", "occupancy", "speed"} and ds.attrs["target"] == "flow"
    assert str(ds.time.values[0])[:10] == "2018-01-01" and ds.sizes["sensor"] == 5
    adj = ds.adjacency.values
    assert adj[0, 1] > adj[1, 2] > 0 and adj[0, 2] == 0 and adj[3, 4] == 0 and adj[3, 3] == 1


def test_round_trip_through_the_plain_format(tmp_path):
    ds = load_network(BUNDLED_SAMPLE).isel(time=slice(0, 50), sensor=slice(0, 10))
    ds = ds.isel(sensor_to=slice(0, 10))
    back = load_network(write_plain_folder(ds, tmp_path / "copy"))
    np.testing.assert_allclose(back.speed.values, ds.speed.values, atol=0.051)
    np.testing.assert_allclose(back.adjacency.values, ds.adjacency.values, atol=1e-6)
    with gzip.open(BUNDLED_SAMPLE / "speeds.csv.gz", "rt") as f:
        assert f.readline().startswith("timestamp,773869,")
