"""METR-LA / PEMS HDF5 frames are read with h5py only (no PyTables): a file pandas wrote, and our writer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from shared.data.formats.traffic import read_pandas_hdf, write_pandas_hdf

SAMPLE = Path(__file__).parent / "hdf_sample"


def test_a_frame_written_by_pandas_to_hdf_is_read_exactly():
    # metr-la-pandas.h5 was written once by pandas.DataFrame.to_hdf(format="fixed") with PyTables;
    # the CSV beside it holds the same values
    expected = pd.read_csv(SAMPLE / "metr-la-pandas.csv", index_col=0, parse_dates=True)
    back = read_pandas_hdf(SAMPLE / "metr-la-pandas.h5")
    pd.testing.assert_frame_equal(back, expected, check_freq=False, check_index_type=False)
    assert back.iloc[3, 1] == 0.0


def test_the_h5py_writer_round_trips_and_appends_keys(tmp_path):
    idx = pd.date_range("2012-03-01", periods=20, freq="5min")
    frame = pd.DataFrame(np.random.default_rng(1).uniform(0, 70, (20, 3)), index=idx, columns=["a", "b", "c"])
    path = write_pandas_hdf(frame, tmp_path / "x.h5", key="speed")
    write_pandas_hdf(frame * 2, path, key="other")
    pd.testing.assert_frame_equal(
        read_pandas_hdf(path, key="speed"), frame, check_freq=False, check_index_type=False
    )
    pd.testing.assert_frame_equal(
        read_pandas_hdf(path, key="other"), frame * 2, check_freq=False, check_index_type=False
    )
