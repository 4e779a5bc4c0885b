"""The flood experiment's protocol: date periods, lead times, per-basin scaling and flood thresholds.

Every flood model issues a forecast at the end of day t, knowing flow and forcing up to day t, for
the daily mean flow of days t+1 .. t+3. A flood is flow above the basin's threshold: by default the
99th percentile of its flow over the training period.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from shared.errors import DataError

Period = tuple[str, str]


@dataclass(frozen=True)
class FloodProtocol:
    """Training, validation and test periods (inclusive dates), lead times in days and the flood quantile.

    The defaults are the issue's protocol on CAMELS: train 1994-10-01..2003-09-30, validate
    2003-10-01..2005-09-30, test 2005-10-01..2013-09-30.

    Example:
        >>> FloodProtocol().leads
        (1, 2, 3)
    """

    train: Period = ("1994-10-01", "2003-09-30")
    valid: Period = ("2003-10-01", "2005-09-30")
    test: Period = ("2005-10-01", "2013-09-30")
    leads: tuple[int, ...] = (1, 2, 3)
    quantile: float = 0.99
    variable: str = "qobs"
    notes: dict[str, str] = field(default_factory=dict, compare=False)

    def to_dict(self) -> dict:
        """A JSON-friendly copy (for model cards and stored states)."""
        out = asdict(self)
        out["leads"] = list(self.leads)
        return out

    @classmethod
    def from_dict(cls, data: dict) -> FloodProtocol:
        """Inverse of :meth:`to_dict`."""
        return cls(
            train=tuple(data["train"]),
            valid=tuple(data["valid"]),
            test=tuple(data["test"]),
            leads=tuple(int(h) for h in data["leads"]),
            quantile=float(data["quantile"]),
            variable=str(data.get("variable", "qobs")),
        )

    @property
    def max_lead(self) -> int:
        """The longest lead time in days."""
        return max(self.leads)


#: The issue's protocol on CAMELS (the flood models' default).
DEFAULT_PROTOCOL = FloodProtocol()

#: The protocol scaled to the bundled sample (2000-10-01..2007-09-30), used by tests and the demo page.
SAMPLE_PROTOCOL = FloodProtocol(
    train=("2001-10-01", "2004-09-30"), valid=("2004-10-01", "2005-09-30"), test=("2005-10-01", "2007-09-30")
)


def period_mask(time: pd.DatetimeIndex | np.ndarray, period: Period) -> np.ndarray:
    """Boolean mask of the days of ``time`` inside ``period`` (both ends included).

    Example:
        >>> period_mask(pd.date_range("2000-01-01", periods=4), ("2000-01-02", "2000-01-03")).tolist()
        [False, True, True, False]
    """
    t = pd.DatetimeIndex(time)
    return np.asarray((t >= pd.Timestamp(period[0])) & (t <= pd.Timestamp(period[1])))


def check_flood_dataset(ds: xr.Dataset, variable: str = "qobs", forcing: Sequence[str] = ("prcp",)) -> None:
    """Fail with a DataError unless ``ds`` has dims (basin, time) and the flow and forcing variables."""
    for dim in ("basin", "time"):
        if dim not in ds.dims:
            raise DataError(
                f"dataset has no {dim!r} dimension", expected="dims (basin, time), see load_camels"
            )
    for name in (variable, *forcing):
        if name not in ds:
            raise DataError("variable is missing", column=name, expected="a CAMELS dataset from load_camels")


def basin_stats(ds: xr.Dataset, protocol: FloodProtocol, basins: Sequence[str] | None = None) -> pd.DataFrame:
    """Per basin, over the training period: mean and standard deviation of flow, flood threshold, mean rain.

    Columns ``q_mean``, ``q_std``, ``threshold`` (the protocol's quantile of flow), ``event_rate`` and
    ``p_mean``. A basin without any flow in the training period raises a DataError naming it.

    Example:
        >>> t = pd.date_range("2000-01-01", periods=100)
        >>> ds = xr.Dataset({"qobs": (("basin", "time"), np.arange(100.0)[None]),
        ...                  "prcp": (("basin", "time"), np.ones((1, 100)))}, coords={"basin": ["a"], "time": t})
        >>> p = FloodProtocol(train=("2000-01-01", "2000-04-09"), quantile=0.9)
        >>> round(float(basin_stats(ds, p).loc["a", "threshold"]), 3)
        89.1
    """
    check_flood_dataset(ds, protocol.variable)
    names = [str(b) for b in (ds["basin"].values if basins is None else basins)]
    mask = period_mask(ds["time"].values, protocol.train)
    if not mask.any():
        raise DataError(
            f"no day of the data falls in the training period {protocol.train[0]}..{protocol.train[1]}",
            expected="data covering the training period",
        )
    q = ds[protocol.variable].sel(basin=names).values[:, mask]
    p = ds["prcp"].sel(basin=names).values[:, mask]
    rows = []
    for i, name in enumerate(names):
        qi = q[i][np.isfinite(q[i])]
        if len(qi) < 30:
            raise DataError(
                f"basin {name} has {len(qi)} days of flow in the training period {protocol.train[0]}..{protocol.train[1]}",
                column=protocol.variable,
                expected="at least 30 observed days to set its scale and flood threshold",
            )
        threshold = float(np.quantile(qi, protocol.quantile))
        rows.append(
            {
                "basin": name,
                "q_mean": float(qi.mean()),
                "q_std": float(max(qi.std(), 1e-3)),
                "threshold": threshold,
                "event_rate": float((qi > threshold).mean()),
                "p_mean": float(max(np.nanmean(p[i]), 1e-3)),
            }
        )
    return pd.DataFrame(rows).set_index("basin")
