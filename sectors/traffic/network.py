"""Load a road sensor network (speeds or flows over time, graph, locations) as an xarray Dataset.

Example:
    >>> ds = load_network(BUNDLED_SAMPLE)
    >>> ds.speed.dims, ds.sizes["sensor"], "adjacency" in ds, "lat" in ds.coords
    (('time', 'sensor'), 207, True, True)
"""

from __future__ import annotations

from pathlib import Path

import xarray as xr

from shared.data import SAMPLES, DatasetSpec, register
from shared.data.formats.traffic import read_network
from shared.errors import DataError

#: The bundled 3-day METR-LA sample, in the plain folder format.
BUNDLED_SAMPLE = SAMPLES / "traffic" / "metr-la-sample"

register(
    DatasetSpec(
        "traffic/metr-la-sample",
        "METR-LA speeds, 207 sensors, first 3 days at 5 minutes, DCRNN graph (bundled, plain folder format)",
        ("speeds.csv.gz", "sensors.csv"),
        read_network,
        licence="MIT (T-GCN-PyTorch, DCRNN_PyTorch); cite DCRNN",
        source="lehaifeng/T-GCN, liyaguang/DCRNN",
    ),
    replace=True,
)


def load_network(path: str | Path) -> xr.Dataset:
    """Read a network from a folder or file: METR-LA / PEMS-BAY HDF5, PEMS04/08 NPZ + distance CSV,
    the METR-LA slice, or the plain folder format (speeds.csv, adjacency.csv, sensors.csv).

    Returns a Dataset with a (time, sensor) variable (``speed``, or ``flow`` for PEMS), coords
    ``lat``/``lon`` where known and ``adjacency`` (sensor, sensor_to) where a graph is given.
    ``ds.attrs["target"]`` names the variable to forecast.
    """
    path = Path(path).expanduser()
    if not path.exists():
        raise DataError("not found", file=path, expected="a traffic data folder or file")
    ds = read_network(path)
    ds.attrs.setdefault("target", "speed")
    if ds.attrs["target"] not in ds:
        raise DataError(
            f"no variable {ds.attrs['target']!r}", file=path, expected="a (time, sensor) variable"
        )
    return ds
