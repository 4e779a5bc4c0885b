"""Read the METR-LA 7-day slice (T-GCN CSV, DCRNN sensor graph) into an xarray Dataset."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from shared.data.validate import read_table, require_files
from shared.errors import DataError

METR_LA_START = "2012-03-01 00:00"
METR_LA_STEP = "5min"


def read_metr_la_slice(folder: str | Path) -> xr.Dataset:
    """Read ``los_speed.csv`` (no time column: 5-minute steps from 2012-03-01), locations and ``adj_mx.npz``.

    Returns a Dataset with ``speed`` (time, sensor), coords ``lat``/``lon`` per sensor and
    ``adjacency`` (sensor, sensor_to).

    Example:
        >>> from shared.data import load
        >>> ds = load("traffic/metr-la-7d")   # doctest: +SKIP
        >>> ds.speed.dims   # doctest: +SKIP
        ('time', 'sensor')
    """
    folder = Path(folder)
    require_files(folder, ["los_speed.csv"])
    speed_path = folder / "los_speed.csv"
    frame = pd.read_csv(speed_path)
    sensors = [str(c) for c in frame.columns]
    values = frame.apply(pd.to_numeric, errors="coerce")
    if values.isna().to_numpy().any():
        bad_col = values.columns[values.isna().any()][0]
        raise DataError("non-numeric speed", file=speed_path, column=str(bad_col), expected="speeds in mph")
    time = pd.date_range(METR_LA_START, periods=len(frame), freq=METR_LA_STEP)
    ds = xr.Dataset(
        {"speed": (("time", "sensor"), values.to_numpy(np.float32))},
        coords={"time": time, "sensor": sensors},
        attrs={"units": "mph", "source": "METR-LA (DCRNN), first 7 days, T-GCN interpolated copy"},
    )
    loc_path = folder / "graph_sensor_locations.csv"
    if loc_path.exists():
        loc = read_table(loc_path, {"sensor_id": "text", "latitude": "number", "longitude": "number"})
        loc = loc.set_index(loc["sensor_id"].astype(str))
        missing = [s for s in sensors if s not in loc.index]
        if missing:
            raise DataError(f"no location for sensor(s) {missing[:5]}", file=loc_path, column="sensor_id")
        ds = ds.assign_coords(
            lat=("sensor", loc.loc[sensors, "latitude"].to_numpy(float)),
            lon=("sensor", loc.loc[sensors, "longitude"].to_numpy(float)),
        )
    adj_path = folder / "adj_mx.npz"
    if adj_path.exists():
        with np.load(adj_path, allow_pickle=False) as z:
            if "adj" not in z.files:
                raise DataError("array 'adj' is missing", file=adj_path, expected="arrays sensor_ids and adj")
            adj = z["adj"].astype(np.float32)
            ids = [str(s) for s in z["sensor_ids"]] if "sensor_ids" in z.files else sensors
        if adj.shape != (len(sensors), len(sensors)) or ids != sensors:
            raise DataError(
                f"adjacency of shape {adj.shape} does not match the {len(sensors)} sensors of los_speed.csv",
                file=adj_path,
                expected="a square matrix in the same sensor order",
            )
        ds["adjacency"] = (("sensor", "sensor_to"), adj)
        ds = ds.assign_coords(sensor_to=sensors)
    return ds
