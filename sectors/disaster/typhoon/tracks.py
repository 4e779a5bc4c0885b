"""Clean storms out of JTWC best tracks: synoptic fixes, New-Year tails re-joined, SNs split at gaps.

The JTWC ``SN`` is not a storm id (see the dataset README): storms crossing New Year are split (fixes
after 1 January carry the new year's SN with the old cyclone number), and some SNs hold two unrelated
storms months apart. :func:`clean_tracks` returns one row per 6-hourly fix with a ``storm`` id that is.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectors.disaster.geo import great_circle_km
from shared.errors import DataError

SYNOPTIC_HOURS = (0, 6, 12, 18)
#: A New-Year tail is re-joined when it starts within this distance of the old storm's last fix.
TAIL_JOIN_KM = 400.0


def clean_tracks(frame: pd.DataFrame, gap_hours: float = 24.0) -> pd.DataFrame:
    """One row per synoptic fix with columns storm, sn, time, lat, lon (0-360 east), vmax (kt), mslp (hPa).

    ``frame`` is what :func:`sectors.disaster.data.load_tracks` returns (columns SN, CY, time, Lat, Lon,
    VMax, MSLP). Fixes off the 00/06/12/18 UTC hours and fixes without a position are dropped; an SN is
    split wherever two fixes are more than ``gap_hours`` apart; a piece starting 1 January 00 UTC is
    joined to the previous year's storm of the same cyclone number when that one ends on 31 December
    (12 or 18 UTC) within :data:`TAIL_JOIN_KM`.

    Example:
        >>> t = pd.to_datetime(["2000-12-31 12:00", "2000-12-31 18:00", "2001-01-01 00:00", "2001-01-01 06:00"])
        >>> f = pd.DataFrame({"SN": [200034, 200034, 200134, 200134], "CY": 34, "time": t,
        ...                   "Lat": [10.0, 10.2, 10.4, 10.6], "Lon": [130.0, 129.8, 129.6, 129.4],
        ...                   "VMax": 40.0, "MSLP": np.nan})
        >>> clean_tracks(f)["storm"].unique().tolist()
        ['200034']
    """
    for col in ("SN", "time", "Lat", "Lon", "VMax"):
        if col not in frame.columns:
            raise DataError(
                "column is missing", file="JTWC.csv", column=col, expected="JTWC best-track columns"
            )
    df = pd.DataFrame(
        {
            "sn": frame["SN"].astype("int64").astype(str),
            "cy": (frame["CY"] if "CY" in frame else frame["SN"] % 100).astype("int64"),
            "time": pd.to_datetime(frame["time"]),
            "lat": frame["Lat"].astype(float),
            "lon": frame["Lon"].astype(float) % 360.0,
            "vmax": frame["VMax"].astype(float),
            "mslp": frame["MSLP"].astype(float) if "MSLP" in frame else np.nan,
        }
    )
    df = df[np.isfinite(df["lat"]) & np.isfinite(df["lon"]) & df["time"].notna()]
    df = df[df["time"].dt.hour.isin(SYNOPTIC_HOURS) & (df["time"].dt.minute == 0)]
    df = df.sort_values(["sn", "time"], kind="stable").drop_duplicates(["sn", "time"])
    # 1. split each SN into pieces at gaps
    gap = df.groupby("sn")["time"].diff() > pd.Timedelta(hours=gap_hours)
    df["piece"] = gap.groupby(df["sn"]).cumsum().astype(int)
    counts = df.groupby("sn")["piece"].transform("max")
    df["storm"] = np.where(
        counts > 0, df["sn"] + df["piece"].map(lambda k: chr(ord("a") + int(k) % 26)), df["sn"]
    )
    # 2. re-join New-Year tails to the storm they continue
    firsts = df.groupby("storm").head(1)
    lasts = df.groupby("storm").tail(1).set_index("storm")
    rename: dict[str, str] = {}
    for _, row in firsts.iterrows():
        t = row["time"]
        if not (t.month == 1 and t.day == 1 and t.hour == 0):
            continue
        year = t.year
        cands = lasts[
            (lasts["time"] >= pd.Timestamp(year - 1, 12, 31, 12))
            & (lasts["time"] < t)
            & (lasts["sn"].str[:4] == str(year - 1))
        ]
        if cands.empty:
            continue
        dist = great_circle_km(row["lat"], row["lon"], cands["lat"].to_numpy(), cands["lon"].to_numpy())
        same_cy = (cands["cy"] == row["cy"]).to_numpy()
        score = dist - 1e4 * same_cy  # prefer the same cyclone number, then the nearest
        k = int(np.argmin(score))
        if dist[k] <= TAIL_JOIN_KM:
            rename[row["storm"]] = cands.index[k]
    df["storm"] = df["storm"].replace(rename)
    df = df.sort_values(["storm", "time"], kind="stable").drop_duplicates(["storm", "time"])
    return df[["storm", "sn", "time", "lat", "lon", "vmax", "mslp"]].reset_index(drop=True)
