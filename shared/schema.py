"""The output schemas every model in the suite returns, documented and checked in one place.

**Ranked list** (every recommender: finance products, welfare services, jobs, the generic engine):
a DataFrame with one row per (entity, item), best first within each entity::

    entity_id   str      the customer, household, job seeker or user
    item_id     str      the product, service, occupation/listing or item
    rank        int      1, 2, ... within the entity
    score       float    the model's score (higher ranks first; comparable within an entity)
    reasons_ko  list[str] why, in Korean (rules passed, then what pushed the score up)
    reasons_en  list[str] the same reasons in English
    ...                  sector extras (item names, amounts, match scores) as further columns

**Forecast Dataset** (every forecaster: traffic sensors, flood basins): an :class:`xarray.Dataset`
whose data variables have dims ``(site, issue_time, lead, quantile)`` (``quantile`` may be absent
for point forecasts); coordinates ``site`` (str), ``issue_time`` (datetime64, the last observed
step), ``lead`` (timedelta64), ``quantile`` (float in (0, 1)) and ``valid_time`` (``issue_time +
lead``, dims ``(issue_time, lead)``); every data variable has a ``units`` attribute.

**Typhoon track forecast** (its own schema, since a track is a path, not a value at a site): a
DataFrame with one row per (storm, issue time, lead): ``storm``, ``issue_time``, ``lead_hours``,
``lat``, ``lon`` (degrees east, 0-360) and, where the model gives them, ``vmax`` (kt) and spread
columns.

Example:
    >>> frame = ranked_list(["h1", "h1", "h2"], ["a", "b", "a"], [0.2, 0.9, 0.5],
    ...                     reasons_ko=[["소득 기준 충족"], [], []], reasons_en=[["income rule met"], [], []])
    >>> frame[["entity_id", "item_id", "rank"]].values.tolist()
    [['h1', 'b', 1], ['h1', 'a', 2], ['h2', 'a', 1]]
    >>> import numpy as np, pandas as pd
    >>> ds = forecast_dataset({"speed": np.zeros((2, 1, 3, 1))}, sites=["s1", "s2"],
    ...                       issue_times=pd.DatetimeIndex(["2024-01-01 08:00"]),
    ...                       leads=pd.to_timedelta([5, 10, 15], unit="min"), quantiles=[0.5],
    ...                       units={"speed": "mph"})
    >>> check_forecast(ds) is ds, str(ds.valid_time.values[0, 2])[:16]
    (True, '2024-01-01T08:15')
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
import xarray as xr

from shared.errors import DataError

RANKED_COLUMNS = ("entity_id", "item_id", "rank", "score", "reasons_ko", "reasons_en")
FORECAST_DIMS = ("site", "issue_time", "lead", "quantile")
TRACK_COLUMNS = ("storm", "issue_time", "lead_hours", "lat", "lon")


def ranked_list(
    entity_id: Sequence[Any],
    item_id: Sequence[Any],
    score: Sequence[float] | np.ndarray,
    *,
    reasons_ko: Sequence[Sequence[str]] | None = None,
    reasons_en: Sequence[Sequence[str]] | None = None,
    extras: Mapping[str, Sequence[Any]] | pd.DataFrame | None = None,
    k: int | None = None,
) -> pd.DataFrame:
    """Build a ranked list from parallel columns: sorts by entity (first-seen order) and score, ranks, keeps top ``k``.

    Ties keep their input order. ``extras`` become further columns, aligned with the inputs.
    """
    n = len(entity_id)
    frame = pd.DataFrame(
        {
            "entity_id": pd.Series(entity_id, dtype=object).astype(str).to_numpy(),
            "item_id": pd.Series(item_id, dtype=object).astype(str).to_numpy(),
            "score": np.asarray(score, dtype=float),
            "reasons_ko": list(reasons_ko) if reasons_ko is not None else [[] for _ in range(n)],
            "reasons_en": list(reasons_en) if reasons_en is not None else [[] for _ in range(n)],
        }
    )
    if len(frame["reasons_ko"]) != n or len(frame["reasons_en"]) != n:
        raise DataError("reasons must have one list per row", column="reasons_ko", expected=f"{n} lists")
    if extras is not None:
        extra = pd.DataFrame(extras).reset_index(drop=True)
        clash = sorted(set(extra.columns) & set(RANKED_COLUMNS))
        if clash:
            raise DataError("extras may not reuse the schema's own columns", column=clash[0])
        frame = pd.concat([frame, extra], axis=1)
    order = pd.Series(pd.factorize(frame["entity_id"])[0], index=frame.index)
    frame = (
        frame.assign(_entity=order, _pos=np.arange(n))
        .sort_values(["_entity", "score", "_pos"], ascending=[True, False, True], kind="mergesort")
        .drop(columns=["_entity", "_pos"])
    )
    frame.insert(2, "rank", frame.groupby("entity_id", sort=False).cumcount().to_numpy() + 1)
    if k is not None:
        frame = frame[frame["rank"] <= k]
    return frame.reset_index(drop=True)


def check_ranked(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` if it follows the ranked-list schema, else raise DataError naming what is wrong."""
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            "a ranked list must be a pandas DataFrame", expected="columns " + ", ".join(RANKED_COLUMNS)
        )
    missing = [c for c in RANKED_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError(
            "ranked list column is missing", column=missing[0], expected=", ".join(RANKED_COLUMNS)
        )
    if list(frame.columns[: len(RANKED_COLUMNS)]) != list(RANKED_COLUMNS):
        raise DataError("ranked list columns are out of order", expected=", ".join(RANKED_COLUMNS) + " first")
    if frame.empty:
        return frame
    if not pd.api.types.is_integer_dtype(frame["rank"]):
        raise DataError("rank is not an integer", column="rank", expected="1, 2, ... per entity")
    if not pd.api.types.is_float_dtype(frame["score"]):
        raise DataError("score is not a float", column="score", expected="a float score")
    expected = frame.groupby("entity_id", sort=False).cumcount().to_numpy() + 1
    if not np.array_equal(frame["rank"].to_numpy(), expected):
        raise DataError("ranks are not 1, 2, ... in row order within each entity", column="rank")
    if frame.duplicated(["entity_id", "item_id"]).any():
        raise DataError(
            "an item appears twice for the same entity", column="item_id", expected="unique pairs"
        )
    for col in ("reasons_ko", "reasons_en"):
        bad = [r for r in frame[col] if not isinstance(r, list) or not all(isinstance(x, str) for x in r)]
        if bad:
            raise DataError("reasons must be lists of sentences", column=col, expected="list[str] per row")
    return frame


def forecast_dataset(
    variables: Mapping[str, np.ndarray],
    *,
    sites: Sequence[str],
    issue_times: pd.DatetimeIndex | Sequence[Any],
    leads: pd.TimedeltaIndex | Sequence[Any],
    quantiles: Sequence[float] | None,
    units: Mapping[str, str],
    attrs: Mapping[str, Any] | None = None,
) -> xr.Dataset:
    """Wrap arrays shaped (site, issue_time, lead[, quantile]) as a Dataset in the forecast schema."""
    issue = pd.DatetimeIndex(issue_times).as_unit("ns")
    lead = pd.TimedeltaIndex(leads).as_unit("ns")
    dims = FORECAST_DIMS if quantiles is not None else FORECAST_DIMS[:3]
    data = {}
    for name, arr in variables.items():
        arr = np.asarray(arr)
        if name not in units:
            raise DataError("forecast variable has no units", column=name, expected="units[name]")
        data[name] = (dims, arr, {"units": units[name]})
    coords: dict[str, Any] = {
        "site": [str(s) for s in sites],
        "issue_time": issue,
        "lead": lead,
        "valid_time": (("issue_time", "lead"), issue.to_numpy()[:, None] + lead.to_numpy()[None, :]),
    }
    if quantiles is not None:
        coords["quantile"] = [float(q) for q in quantiles]
    try:
        ds = xr.Dataset(data, coords=coords, attrs=dict(attrs or {}))
    except ValueError as exc:
        raise DataError(f"forecast arrays do not match the coordinates: {exc}", expected=str(dims)) from None
    return check_forecast(ds)


def check_forecast(ds: xr.Dataset) -> xr.Dataset:
    """Return ``ds`` if it follows the forecast schema, else raise DataError naming what is wrong."""
    if not isinstance(ds, xr.Dataset):
        raise DataError("a forecast must be an xarray Dataset", expected="dims " + ", ".join(FORECAST_DIMS))
    if not ds.data_vars:
        raise DataError("the forecast has no data variable")
    for name, var in ds.data_vars.items():
        if var.dims not in (FORECAST_DIMS, FORECAST_DIMS[:3]):
            raise DataError(f"variable has dims {var.dims}", column=str(name), expected=str(FORECAST_DIMS))
        if not var.attrs.get("units"):
            raise DataError("variable has no units attribute", column=str(name), expected="attrs['units']")
    for coord in ("site", "issue_time", "lead", "valid_time"):
        if coord not in ds.coords:
            raise DataError("coordinate is missing", column=coord, expected=", ".join(FORECAST_DIMS))
    if not np.issubdtype(ds["issue_time"].dtype, np.datetime64):
        raise DataError("issue_time is not a time", column="issue_time", expected="datetime64")
    if not np.issubdtype(ds["lead"].dtype, np.timedelta64):
        raise DataError("lead is not a duration", column="lead", expected="timedelta64")
    expected = ds["issue_time"].values[:, None] + ds["lead"].values[None, :]
    if ds["valid_time"].dims != ("issue_time", "lead") or not np.array_equal(
        ds["valid_time"].values, expected
    ):
        raise DataError("valid_time is not issue_time + lead", column="valid_time")
    if "quantile" in ds.coords:
        q = np.asarray(ds["quantile"].values, dtype=float)
        if ((q <= 0) | (q >= 1)).any():
            raise DataError("quantiles must lie strictly between 0 and 1", column="quantile")
    return ds


def check_track(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` if it follows the typhoon track schema, else raise DataError."""
    if not isinstance(frame, pd.DataFrame):
        raise DataError("a track forecast must be a pandas DataFrame", expected=", ".join(TRACK_COLUMNS))
    missing = [c for c in TRACK_COLUMNS if c not in frame.columns]
    if missing:
        raise DataError("track column is missing", column=missing[0], expected=", ".join(TRACK_COLUMNS))
    if frame.empty:
        return frame
    if not ((frame["lat"].abs() <= 90).all() and frame["lon"].between(0, 360).all()):
        raise DataError("positions out of range", column="lat", expected="lat in [-90, 90], lon in [0, 360]")
    if (frame["lead_hours"] < 0).any():
        raise DataError("negative lead", column="lead_hours", expected="hours >= 0")
    return frame
