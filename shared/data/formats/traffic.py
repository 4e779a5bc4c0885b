"""Readers of traffic sensor networks into xarray Datasets with dims (time, sensor).

- the METR-LA 7-day slice (T-GCN CSV without timestamps, DCRNN sensor graph),
- METR-LA / PEMS-BAY pandas HDF5 frames, read with h5py (never unpickled),
- PEMS03/04/07/08 NPZ arrays with their distance CSV,
- the plain "bring your own network" folder: speeds.csv, adjacency.csv, sensors.csv.

:func:`read_network` picks the reader from what a path holds.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from shared.data.validate import (
    check_columns,
    check_finite,
    read_csv,
    read_table,
    reading,
    require_files,
    require_rows,
)
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
    expected = "a header of sensor ids, then one row of speeds (mph) every 5 minutes"
    frame = read_csv(speed_path, expected=expected)
    require_rows(frame, file=speed_path, minimum=2, expected=expected)
    sensors = [str(c) for c in frame.columns]
    values = frame.apply(pd.to_numeric, errors="coerce")
    if values.isna().to_numpy().any():
        bad_col = values.columns[values.isna().any()][0]
        raise DataError("non-numeric speed", file=speed_path, column=str(bad_col), expected="speeds in mph")
    check_finite(values.to_numpy(float), file=speed_path, expected="speeds in mph")
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
        adj, ids = _read_adjacency_npz(adj_path, sensors)
        adj = adj.astype(np.float32)
        if adj.shape != (len(sensors), len(sensors)) or ids != sensors:
            raise DataError(
                f"adjacency of shape {adj.shape} does not match the {len(sensors)} sensors of los_speed.csv",
                file=adj_path,
                expected="a square matrix in the same sensor order",
            )
        ds["adjacency"] = (("sensor", "sensor_to"), adj)
        ds = ds.assign_coords(sensor_to=sensors)
    return ds


# --- Full-size public formats and the plain "bring your own network" folder ---------------------------

SPEED_FILES = ("speeds.csv", "speeds.csv.gz")
ADJACENCY_FILES = ("adjacency.csv", "adjacency.csv.gz")
SENSOR_FILES = ("sensors.csv",)
#: Start dates of the PEMS NPZ files, which carry no timestamps (ASTGCN / STSGCN releases).
PEMS_STARTS = {"pems03": "2018-09-01", "pems04": "2018-01-01", "pems07": "2017-05-01", "pems08": "2016-07-01"}
PEMS_CHANNELS = ("flow", "occupancy", "speed")
#: The plain folder's time grid may be at most this many times its number of rows (the rest missing).
MAX_GRID_FILL = 10


def _read_adjacency_npz(path: Path, sensors: list[str]) -> tuple[np.ndarray, list[str]]:
    """``adj`` and ``sensor_ids`` of a DCRNN graph converted to NPZ (``sensors`` when ids are absent)."""
    expected = "an NPZ with arrays sensor_ids and adj (no pickled objects)"
    with reading(path, expected), np.load(path, allow_pickle=False) as z:
        if "adj" not in z.files:
            raise DataError("array 'adj' is missing", file=path, expected="arrays sensor_ids and adj")
        adj = np.asarray(z["adj"], dtype=float)
        ids = [str(s) for s in z["sensor_ids"]] if "sensor_ids" in z.files else sensors
    if adj.ndim != 2:
        raise DataError(f"'adj' has shape {adj.shape}", file=path, expected="a square matrix")
    check_finite(adj, file=path, column="adj", expected="finite edge weights")
    return adj, ids


def _first(folder: Path, names: tuple[str, ...]) -> Path | None:
    return next((folder / n for n in names if (folder / n).exists()), None)


def _text(values) -> list[str]:
    return [v.decode("utf-8") if isinstance(v, bytes) else str(v) for v in values]


def read_pandas_hdf(path: str | Path, key: str | None = None) -> pd.DataFrame:
    """Read a pandas ``to_hdf`` frame (fixed format, as METR-LA and PEMS-BAY ship) with h5py only.

    ``pd.read_hdf`` would unpickle attributes stored beside the data (pandas keeps the index
    frequency as a pickle); this reader takes the arrays and never unpickles. ``key`` defaults to
    the file's only frame (``df`` in METR-LA, ``speed`` in PEMS-BAY).
    """
    import h5py

    path = Path(path)
    try:
        f = h5py.File(path, "r")
    except OSError as exc:
        raise DataError(
            f"not an HDF5 file: {exc}", file=path, expected="a pandas HDF5 frame (metr-la.h5)"
        ) from exc
    expected = "a pandas HDF5 frame (axis0, axis1, block*_items, block*_values)"
    with f, reading(path, expected):
        try:
            return _hdf_frame(f, path, key)
        except KeyError as exc:  # a group or dataset the pandas layout needs is not there
            raise DataError(f"incomplete pandas frame: {exc}", file=path, expected=expected) from exc


def write_pandas_hdf(frame: pd.DataFrame, path: str | Path, key: str = "df") -> Path:
    """Write a time-indexed numeric frame in pandas' fixed HDF5 layout (as METR-LA ships) with h5py only.

    The counterpart of :func:`read_pandas_hdf`, without PyTables: one float64 block, string column
    names, the index as int64 nanoseconds. Appends ``key`` to an existing file.

    Example:
        >>> import tempfile
        >>> frame = pd.DataFrame({"773869": [64.0, 61.5]}, index=pd.date_range("2012-03-01", periods=2, freq="5min"))
        >>> path = write_pandas_hdf(frame, tempfile.mkdtemp() + "/metr-la.h5")
        >>> read_pandas_hdf(path).equals(frame)
        True
    """
    import h5py

    path = Path(path)
    if not isinstance(frame.index, pd.DatetimeIndex):
        raise DataError("the frame's index is not a DatetimeIndex", file=path, expected="a time index")
    names = np.array([str(c).encode("utf-8") for c in frame.columns])
    with h5py.File(path, "a") as f:
        if key in f:
            del f[key]
        g = f.create_group(key)
        attrs = {"pandas_type": b"frame", "pandas_version": b"0.15.2", "encoding": b"UTF-8",
                 "errors": b"strict", "ndim": 2, "axis0_variety": b"regular",
                 "axis1_variety": b"regular", "nblocks": 1, "block0_items_variety": b"regular"}  # fmt: skip
        for name, value in attrs.items():
            g.attrs[name] = value
        for name in ("axis0", "block0_items"):
            g.create_dataset(name, data=names)
            g[name].attrs["kind"] = b"string"
            g[name].attrs["name"] = b"N."
        g.create_dataset("axis1", data=frame.index.as_unit("ns").asi8)
        g["axis1"].attrs["kind"] = b"datetime64"
        g["axis1"].attrs["name"] = b"N."
        g.create_dataset("block0_values", data=frame.to_numpy(np.float64))
        g["block0_values"].attrs["transposed"] = True
    return path


def _hdf_frame(f, path: Path, key: str | None) -> pd.DataFrame:
    """The frame ``key`` of an open pandas HDF5 file, from its arrays."""
    import h5py

    frames = [
        k for k in f if isinstance(f[k], h5py.Group) and f[k].attrs.get("pandas_type") in (b"frame", "frame")
    ]
    if key is None:
        if len(frames) != 1:
            raise DataError(
                f"holds {len(frames)} pandas frames ({', '.join(frames) or 'none'})",
                file=path,
                expected="exactly one frame, or pass key=",
            )
        key = frames[0]
    if key not in frames:
        raise DataError(f"no pandas frame named {key!r}", file=path, expected=f"one of {frames}")
    g = f[key]
    columns = _text(g["axis0"][:])
    index = g["axis1"]
    kind = _text([index.attrs.get("kind", b"")])[0]
    if not kind.startswith("datetime64"):
        raise DataError(f"the index is {kind or 'not a time index'}", file=path, expected="a DatetimeIndex")
    unit = kind[kind.index("[") + 1 : -1] if "[" in kind else "ns"
    time = pd.to_datetime(index[:], unit=unit)
    blocks = {}
    for b in range(int(g.attrs.get("nblocks", 1))):
        items = _text(g[f"block{b}_items"][:])
        values = np.asarray(g[f"block{b}_values"][:])
        for j, item in enumerate(items):
            blocks[item] = values[:, j]
    missing = [c for c in columns if c not in blocks]
    if missing:
        raise DataError(f"column(s) {missing[:5]} have no data block", file=path)
    frame = pd.DataFrame({c: blocks[c] for c in columns}, index=time)
    require_rows(frame, file=path, minimum=2, expected="a time series of at least two steps")
    check_finite(frame.to_numpy(float), file=path, expected="finite readings")
    return frame


def _read_locations(path: Path) -> pd.DataFrame:
    """Sensor locations from ``sensors.csv`` (sensor_id, lat, lon) or DCRNN's location files."""
    expected = "sensor_id, lat, lon"
    head = read_csv(path, expected=expected, nrows=1, header=None, dtype=str, encoding="utf-8-sig")
    head = head.iloc[0].tolist() if len(head) else []
    if "sensor_id" in head:
        frame = read_csv(path, expected=expected, dtype={"sensor_id": str}, encoding="utf-8-sig")
        rename = {"latitude": "lat", "longitude": "lon"}
        frame = frame.rename(columns=rename)
    else:  # PEMS-BAY's graph_sensor_locations_bay.csv has no header: id, lat, lon
        frame = read_csv(
            path, expected=expected, header=None, names=["sensor_id", "lat", "lon"], dtype={"sensor_id": str}
        )
    frame = check_columns(frame, {"sensor_id": "text", "lat": "number", "lon": "number"}, file=path)
    frame["sensor_id"] = frame["sensor_id"].astype(str).str.strip()
    return frame.drop_duplicates("sensor_id").set_index("sensor_id")


def _with_locations(ds: xr.Dataset, loc_path: Path | None) -> xr.Dataset:
    if loc_path is None:
        return ds
    loc = _read_locations(loc_path)
    sensors = [str(s) for s in ds["sensor"].to_numpy()]
    loc = loc.reindex(sensors)  # sensors without a row get NaN: "where known"
    return ds.assign_coords(
        lat=("sensor", loc["lat"].to_numpy(float)), lon=("sensor", loc["lon"].to_numpy(float))
    )


def _with_adjacency(ds: xr.Dataset, adj: np.ndarray, file: Path) -> xr.Dataset:
    n = ds.sizes["sensor"]
    if adj.shape != (n, n):
        raise DataError(
            f"adjacency of shape {adj.shape} does not match {n} sensors",
            file=file,
            expected=f"a {n} x {n} matrix",
        )
    ds["adjacency"] = (("sensor", "sensor_to"), np.nan_to_num(adj.astype(np.float32)))
    return ds.assign_coords(sensor_to=ds["sensor"].to_numpy())


def adjacency_from_distances(path: str | Path, sensors: list[str], *, threshold: float = 0.1) -> np.ndarray:
    """DCRNN's weighted graph from a road-distance list ``from,to,cost`` (or ``distance``).

    Pairs whose ids are not among ``sensors`` are ignored; the kernel is
    :func:`shared.forecast.graph.gaussian_kernel_adjacency`.
    """
    from shared.forecast.graph import gaussian_kernel_adjacency

    path = Path(path)
    expected = "rows from,to,cost (road distances between sensor ids)"
    frame = read_csv(path, expected=expected, dtype=str, encoding="utf-8-sig")
    if "from" not in frame.columns:  # some releases (PEMS-BAY) have no header row
        frame = read_csv(
            path,
            expected=expected,
            dtype=str,
            header=None,
            names=["from", "to", "cost"],
            encoding="utf-8-sig",
        )
    cost = "cost" if "cost" in frame.columns else "distance"
    frame = check_columns(frame, {"from": "text", "to": "text", cost: "number"}, file=path)
    position = {s: i for i, s in enumerate(sensors)}
    dist = np.full((len(sensors), len(sensors)), np.inf)
    i = frame["from"].astype(str).map(position)
    j = frame["to"].astype(str).map(position)
    ok = i.notna() & j.notna()
    if not ok.any():
        raise DataError(
            "no distance pair names two known sensors", file=path, column="from", expected="sensor ids"
        )
    dist[i[ok].astype(int).to_numpy(), j[ok].astype(int).to_numpy()] = frame.loc[ok, cost].to_numpy(float)
    return gaussian_kernel_adjacency(dist, threshold=threshold)


def check_time_grid(time: pd.DatetimeIndex, *, file: str | Path, complete: bool = False) -> pd.Timedelta:
    """The step of ``time``; fails unless every timestamp lies on the grid of that step from the first.

    Timestamps must increase; ``complete`` also refuses steps missing from the grid. A stray far-off
    timestamp (more than :data:`MAX_GRID_FILL` times the rows) is refused before any grid is built.

    Example:
        >>> t = pd.DatetimeIndex(["2024-01-01 00:00", "2024-01-01 00:05", "2024-01-01 00:11"])
        >>> check_time_grid(t, file="speeds.csv")
        Traceback (most recent call last):
        ...
        shared.errors.DataError: speeds.csv: column 'timestamp': timestamp 2024-01-01 00:11:00 in row 3 is off the 0 days 00:05:00 grid (expected timestamps every 0 days 00:05:00)
    """
    from shared.forecast.panel import infer_step

    if len(time) < 2:
        raise DataError("fewer than two timestamps", file=file, column="timestamp", expected="a time series")
    # infer_step also refuses timestamps that do not increase; missing rows are allowed, checked below
    step = infer_step(time, file=str(file), min_share=0.5)
    off = ((time - time[0]) % step) != pd.Timedelta(0)
    if off.any():  # never silently snap a reading to the grid
        row = int(np.flatnonzero(off)[0])
        raise DataError(
            f"timestamp {time[row]} in row {row + 1} is off the {step} grid",
            file=file,
            column="timestamp",
            expected=f"timestamps every {step}",
        )
    n_grid = int((time[-1] - time[0]) / step) + 1
    if n_grid > MAX_GRID_FILL * len(time):  # a stray far-away timestamp would allocate a huge empty grid
        raise DataError(
            f"the timestamps span {n_grid:,} steps of {step} but the file has {len(time):,} rows",
            file=file,
            column="timestamp",
            expected=f"a regular series with gaps of at most {MAX_GRID_FILL - 1}x its length",
        )
    if complete and n_grid != len(time):
        raise DataError(
            f"{n_grid - len(time):,} of {n_grid:,} steps of {step} are missing",
            file=file,
            column="timestamp",
            expected=f"one row every {step} from {time[0]} to {time[-1]}",
        )
    return step


def read_speed_hdf5(path: str | Path, key: str | None = None) -> xr.Dataset:
    """METR-LA / PEMS-BAY: a pandas HDF5 frame (time x sensor, 0 = missing), plus the graph files beside it.

    Beside the ``.h5`` the reader uses, when present: ``adj_mx*.npz`` (arrays ``sensor_ids`` and
    ``adj``: the DCRNN pickle converted to NPZ, since no pickle is read) or ``distances*.csv``
    (``from,to,cost``), and ``graph_sensor_locations*.csv`` for coordinates.
    """
    path = Path(path)
    frame = read_pandas_hdf(path, key)
    check_time_grid(pd.DatetimeIndex(frame.index), file=path, complete=True)
    sensors = [str(c) for c in frame.columns]
    ds = xr.Dataset(
        {"speed": (("time", "sensor"), frame.to_numpy(np.float32))},
        coords={"time": frame.index.to_numpy(), "sensor": sensors},
        attrs={"units": "mph", "source": path.name, "missing_value": 0.0, "target": "speed"},
    )
    folder = path.parent
    npz = sorted(folder.glob("adj_mx*.npz"))
    dists = sorted(folder.glob("distances*.csv"))
    if npz:
        adj, ids = _read_adjacency_npz(npz[0], sensors)
        if ids != sensors:
            order = {s: k for k, s in enumerate(ids)}
            if set(ids) != set(sensors):
                raise DataError(
                    "adjacency sensor ids differ from the HDF5 columns", file=npz[0], column="sensor_ids"
                )
            idx = [order[s] for s in sensors]
            adj = adj[np.ix_(idx, idx)]
        ds = _with_adjacency(ds, adj, npz[0])
    elif dists:
        ds = _with_adjacency(ds, adjacency_from_distances(dists[0], sensors), dists[0])
    return _with_locations(ds, next(iter(sorted(folder.glob("graph_sensor_locations*.csv"))), None))


def read_pems_npz(
    path: str | Path,
    distance_csv: str | Path | None = None,
    *,
    start: str | None = None,
    step: str = "5min",
) -> xr.Dataset:
    """PEMS03/04/07/08 (ASTGCN release): ``data`` (time, sensor[, channel]) in an NPZ, distances in a CSV.

    The NPZ holds no timestamps: they start at ``start`` (by default the release's known first day,
    from the file name, e.g. PEMS04 2018-01-01) every ``step``. Channels become ``flow``,
    ``occupancy`` and ``speed``; ``flow`` is the usual target. Sensors are numbered 0..N-1, the ids
    the distance CSV (``from,to,cost``) uses.
    """
    path = Path(path)
    expected = "an NPZ holding a numeric array 'data' (no pickled objects)"
    with reading(path, expected), np.load(path, allow_pickle=False) as z:
        if "data" not in z.files:
            raise DataError("array 'data' is missing", file=path, expected="the PEMS release's data array")
        data = np.asarray(z["data"], dtype=np.float32)
    if data.ndim == 2:
        data = data[:, :, None]
    if data.ndim != 3:
        raise DataError(
            f"'data' has shape {data.shape}", file=path, expected="(time, sensor) or (time, sensor, channel)"
        )
    if data.shape[0] < 2 or data.shape[1] < 1:
        raise DataError(
            f"'data' has shape {data.shape}", file=path, expected="at least two time steps and one sensor"
        )
    check_finite(data, file=path, column="data", expected="finite readings")
    stem = path.stem.lower()
    if start is None:
        start = next(
            (d for name, d in PEMS_STARTS.items() if name in stem or name in path.parent.name.lower()), None
        )
        if start is None:
            raise DataError(
                "unknown start date", file=path, expected="a PEMS03/04/07/08 file name, or pass start="
            )
    n_time, n_sensor, n_chan = data.shape
    sensors = [str(i) for i in range(n_sensor)]
    names = PEMS_CHANNELS[:n_chan] if n_chan <= 3 else [f"channel_{k}" for k in range(n_chan)]
    ds = xr.Dataset(
        {name: (("time", "sensor"), data[:, :, k]) for k, name in enumerate(names)},
        coords={"time": pd.date_range(start, periods=n_time, freq=step), "sensor": sensors},
        attrs={
            "source": path.name,
            "missing_value": 0.0,
            "target": names[0],
            "timestamps": f"assumed from {start}",
        },
    )
    if distance_csv is None:
        found = sorted(path.parent.glob("*.csv"))
        distance_csv = found[0] if found else None
    if distance_csv is not None:
        ds = _with_adjacency(ds, adjacency_from_distances(distance_csv, sensors), Path(distance_csv))
    return ds


def read_plain_folder(folder: str | Path) -> xr.Dataset:
    """The documented "bring your own network" folder.

    - ``speeds.csv`` (or ``.csv.gz``): a ``timestamp`` column in ISO 8601, then one column per
      sensor id; empty cells are missing readings. The step is read from the timestamps; rows
      missing from a regular grid become missing readings.
    - ``adjacency.csv`` (optional): a square matrix with the sensor ids as header and first column.
    - ``sensors.csv`` (optional): ``sensor_id, lat, lon`` (further columns are ignored).
    """
    folder = Path(folder)
    speeds = _first(folder, SPEED_FILES)
    if speeds is None:
        raise DataError(
            "no speeds.csv",
            file=folder,
            expected="speeds.csv with a timestamp column and one column per sensor",
        )
    expected = "a timestamp column (ISO 8601), then one column of readings per sensor id"
    frame = read_csv(speeds, expected=expected, dtype={"timestamp": str}, encoding="utf-8-sig")
    require_rows(frame, file=speeds, minimum=2, expected=expected + ", at least two rows")
    sensors = [str(c) for c in frame.columns if c != "timestamp"]
    if not sensors:
        raise DataError(
            "no sensor columns", file=speeds, expected="a timestamp column, then one column per sensor id"
        )
    frame.columns = [str(c) for c in frame.columns]
    frame = check_columns(frame, {"timestamp": "datetime", **{s: "number" for s in sensors}}, file=speeds)
    time = pd.DatetimeIndex(frame["timestamp"]).rename(None)  # a named index would become its own dim
    if time.tz is not None:
        time = time.tz_convert(None)
    step = check_time_grid(time, file=speeds)
    values = frame[sensors].to_numpy(np.float32)
    check_finite(values, file=speeds, expected="finite readings (empty cells for missing ones)")
    grid = pd.date_range(time[0], time[-1], freq=step)
    if len(grid) != len(time):
        values = pd.DataFrame(values, index=time).reindex(grid).to_numpy(np.float32)
        time = grid.rename(None)
    ds = xr.Dataset(
        {"speed": (("time", "sensor"), values)},
        coords={"time": time, "sensor": sensors},
        attrs={"source": str(speeds.name), "step": str(step), "target": "speed"},
    )
    adj_path = _first(folder, ADJACENCY_FILES)
    if adj_path is not None:
        adj = read_csv(
            adj_path,
            expected="a square matrix, ids as header and first column",
            index_col=0,
            encoding="utf-8-sig",
        )
        adj.index = [str(i).strip() for i in adj.index]
        adj.columns = [str(c).strip() for c in adj.columns]
        if list(adj.index) != list(adj.columns):
            raise DataError(
                "row ids differ from the header ids",
                file=adj_path,
                expected="a square matrix, ids as header and first column",
            )
        unknown = sorted(set(sensors) - set(adj.index))
        if unknown:
            raise DataError(
                f"no row for sensor(s) {unknown[:5]}",
                file=adj_path,
                column="(first column)",
                expected="every sensor of speeds.csv",
            )
        adj = check_columns(adj.loc[sensors, sensors].copy(), {s: "number" for s in sensors}, file=adj_path)
        ds = _with_adjacency(ds, adj.to_numpy(np.float32), adj_path)
    return _with_locations(ds, _first(folder, SENSOR_FILES))


def write_plain_folder(
    ds: xr.Dataset, folder: str | Path, *, variable: str = "speed", decimals: int | None = 1
) -> Path:
    """Write a network in the plain folder format (the inverse of :func:`read_plain_folder`)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    sensors = [str(s) for s in ds["sensor"].to_numpy()]
    values = ds[variable].transpose("time", "sensor").to_numpy()
    if decimals is not None:
        values = np.round(values, decimals)
    frame = pd.DataFrame(values, columns=sensors)
    frame.insert(0, "timestamp", pd.DatetimeIndex(ds["time"].to_numpy()).strftime("%Y-%m-%dT%H:%M:%S"))
    frame.to_csv(folder / "speeds.csv", index=False)
    if "adjacency" in ds:
        pd.DataFrame(ds["adjacency"].to_numpy(), index=sensors, columns=sensors).to_csv(
            folder / "adjacency.csv"
        )
    if "lat" in ds.coords:
        pd.DataFrame({"sensor_id": sensors, "lat": ds["lat"].to_numpy(), "lon": ds["lon"].to_numpy()}).to_csv(
            folder / "sensors.csv", index=False
        )
    return folder


def read_network(path: str | Path) -> xr.Dataset:
    """Read a traffic network from any supported format, chosen from what ``path`` holds.

    A folder with ``speeds.csv`` (plain format) or ``los_speed.csv`` (the METR-LA slice), or with
    one ``.h5`` or PEMS ``.npz`` file; or the ``.h5`` / ``.npz`` file itself.
    """
    path = Path(path)
    if path.is_dir():
        if _first(path, SPEED_FILES):
            return read_plain_folder(path)
        if (path / "los_speed.csv").exists():
            ds = read_metr_la_slice(path)
            ds.attrs.update(target="speed", missing_value=0.0)
            return ds
        h5 = sorted(list(path.glob("*.h5")) + list(path.glob("*.hdf5")))
        npz = [p for p in sorted(path.glob("*.npz")) if not p.name.startswith("adj_mx")]
        if len(h5) == 1:
            return read_speed_hdf5(h5[0])
        if len(npz) == 1:
            return read_pems_npz(npz[0])
        raise DataError(
            "no traffic network found",
            file=path,
            expected="speeds.csv (plain format), los_speed.csv, one .h5 (METR-LA/PEMS-BAY) or one PEMS .npz",
        )
    if not path.exists():
        raise DataError("not found", file=path, expected="a traffic data folder or file")
    if path.suffix.lower() in (".h5", ".hdf5"):
        return read_speed_hdf5(path)
    if path.suffix.lower() == ".npz":
        return read_pems_npz(path)
    if path.name in SPEED_FILES:
        return read_plain_folder(path.parent)
    raise DataError("unknown traffic file type", file=path, expected=".h5, .npz or a folder")
