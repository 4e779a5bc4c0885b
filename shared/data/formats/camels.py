"""Reader for the CAMELS-US text formats: lumped basin forcing, USGS streamflow and catchment attributes.

The layout is the one NCAR distributes and NeuralHydrology reads::

    basin_mean_forcing/<source>/<HUC02>/<gauge>_lump_<source>_forcing_leap.txt
    usgs_streamflow/<HUC02>/<gauge>_streamflow_qc.txt
    camels_attributes_v2.0/camels_<group>.txt        (';'-separated, key gauge_id)

A forcing file has three header lines (gauge latitude, elevation in m, catchment area in m^2), then a
whitespace table ``Year Mnth Day Hr Dayl(s) PRCP(mm/day) SRAD(W/m2) SWE(mm) Tmax(C) Tmin(C) Vp(Pa)``.
A streamflow file has no header: ``gauge year month day Q flag`` with Q in cubic feet per second and
``-999`` for missing. :func:`read_camels` joins them into one xarray Dataset with dims (basin, time).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path

import numpy as np
import pandas as pd
import xarray as xr

from shared.data.validate import check_finite, read_csv, reading, require_rows
from shared.errors import DataError

#: Cubic feet per second to cubic metres per second.
CFS_TO_CMS = 0.0283168
FORCING_COLUMNS = {
    "Dayl(s)": "dayl",
    "PRCP(mm/day)": "prcp",
    "SRAD(W/m2)": "srad",
    "SWE(mm)": "swe",
    "Tmax(C)": "tmax",
    "Tmin(C)": "tmin",
    "Vp(Pa)": "vp",
}
UNITS = {
    "dayl": "s",
    "prcp": "mm/day",
    "srad": "W/m2",
    "swe": "mm",
    "tmax": "degC",
    "tmin": "degC",
    "tmean": "degC",
    "vp": "Pa",
    "qobs": "mm/day",
    "qobs_cfs": "ft3/s",
}
#: Where attributes are looked for, in order of preference (the first folder holding a basin wins).
ATTRIBUTE_FOLDERS = ("camels_attributes_v2.0_all671", "camels_attributes_v2.0")
FORCING_PREFERENCE = ("nldas", "daymet", "maurer")
#: The attribute groups of CAMELS v2.0 (other files a folder may hold, such as HydroATLAS extras, are skipped).
ATTRIBUTE_GROUPS = ("clim", "geol", "hydro", "name", "soil", "topo", "vege")


def _dates(frame: pd.DataFrame, cols: Sequence[str], path: Path) -> pd.DatetimeIndex:
    expected = "year, month and day numbers of dates between 1677 and 2262"
    try:
        index = pd.DatetimeIndex(
            pd.to_datetime(dict(year=frame[cols[0]], month=frame[cols[1]], day=frame[cols[2]]))
        )
    except (ValueError, KeyError, OverflowError) as exc:
        raise DataError(f"dates do not parse: {exc}", file=path, column=cols[0], expected=expected) from exc
    outside = index.isna() | (index < pd.Timestamp.min) | (index > pd.Timestamp.max)
    if outside.any():
        row = int(np.flatnonzero(outside)[0])
        raise DataError(
            f"the date in row {row + 1} is out of range", file=path, column=cols[0], expected=expected
        )
    return index


def read_forcing(path: str | Path) -> tuple[pd.DataFrame, dict[str, float]]:
    """One basin's daily forcing (indexed by date) and its header (``lat``, ``elev_m``, ``area_m2``).

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "x_lump_nldas_forcing_leap.txt"
        >>> _ = p.write_text("  46.8\\n 353.0\\n2260093113\\nYear Mnth Day Hr\\tDayl(s)\\tPRCP(mm/day)\\tSRAD(W/m2)"
        ...                  "\\tSWE(mm)\\tTmax(C)\\tTmin(C)\\tVp(Pa)\\n1993 09 29 12\\t41472\\t0.89\\t184\\t0\\t8.6\\t8.6\\t862\\n")
        >>> frame, header = read_forcing(p)
        >>> float(frame["prcp"].iloc[0]), header["area_m2"]
        (0.89, 2260093113.0)
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("forcing file not found", file=path, expected="a CAMELS *_forcing_leap.txt file")
    with (
        reading(path, "UTF-8 text: three header lines, then a whitespace table"),
        path.open(encoding="utf-8") as f,
    ):
        head = [f.readline() for _ in range(3)]
    header: dict[str, float] = {}
    for name, line in zip(("lat", "elev_m", "area_m2"), head, strict=True):
        try:
            header[name] = float(line.strip())
        except ValueError:
            raise DataError(
                f"header line {line.strip()!r} is not a number",
                file=path,
                expected="three header lines: gauge latitude, elevation (m), catchment area (m2)",
            ) from None
    if not header["area_m2"] > 0:
        raise DataError("catchment area on line 3 is not positive", file=path, expected="area in m2 > 0")
    table = read_csv(path, expected="a whitespace table after three header lines", sep=r"\s+", skiprows=3)
    require_rows(table, file=path, expected="one row of forcing per day after the column header")
    for col in ("Year", "Mnth", "Day", "PRCP(mm/day)"):
        if col not in table.columns:
            raise DataError(
                "column is missing",
                file=path,
                column=col,
                expected="Year Mnth Day Hr Dayl(s) PRCP(mm/day) SRAD(W/m2) SWE(mm) Tmax(C) Tmin(C) Vp(Pa)",
            )
    index = _dates(table, ("Year", "Mnth", "Day"), path)
    out = pd.DataFrame(index=index)
    for src, dst in FORCING_COLUMNS.items():
        if src in table.columns:
            values = pd.to_numeric(table[src], errors="coerce")
            if values.isna().any():  # a text value, or a row cut short (a half-empty file)
                row = int(np.flatnonzero(values.isna().to_numpy())[0])
                value = table[src].iloc[row]
                raise DataError(
                    f"row {row + 1} has no value"
                    if pd.isna(value)
                    else f"value {value!r} in row {row + 1} is not a number",
                    file=path,
                    column=src,
                    expected="a number in every row (forcing files have no gaps)",
                )
            check_finite(values.to_numpy(float), file=path, column=src)
            out[dst] = values.to_numpy(float)
    out = out[~out.index.duplicated(keep="first")]
    return out, header


def read_streamflow(path: str | Path) -> pd.DataFrame:
    """One basin's daily streamflow in ft3/s (``q_cfs``, NaN where the file says -999) and its flag.

    Example:
        >>> import tempfile, pathlib
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "01013500_streamflow_qc.txt"
        >>> _ = p.write_text("01013500 1993 09 29   514.00 A\\n01013500 1993 09 30  -999.00 M\\n")
        >>> read_streamflow(p)["q_cfs"].tolist()
        [514.0, nan]
    """
    path = Path(path)
    if not path.is_file():
        raise DataError("streamflow file not found", file=path, expected="a CAMELS *_streamflow_qc.txt file")
    expected = "rows 'gauge year month day Q flag'"
    table = read_csv(
        path,
        expected=expected,
        sep=r"\s+",
        header=None,
        names=["gauge", "year", "month", "day", "q", "flag"],
        dtype={"gauge": str, "flag": str},
    )
    require_rows(table, file=path, expected=expected)
    q = pd.to_numeric(table["q"], errors="coerce")
    if q.isna().any():
        row = int(np.flatnonzero(q.isna().to_numpy())[0])
        raise DataError(
            f"value {table['q'].iloc[row]!r} in row {row + 1} is not a number",
            file=path,
            column="Q",
            expected="streamflow in ft3/s, -999 for missing",
        )
    check_finite(q.to_numpy(float), file=path, column="Q", expected="streamflow in ft3/s, -999 for missing")
    index = _dates(table, ("year", "month", "day"), path)
    out = pd.DataFrame({"q_cfs": q.to_numpy(float), "flag": table["flag"].fillna("").to_numpy()}, index=index)
    out.loc[out["q_cfs"] < 0, "q_cfs"] = np.nan  # -999 (and any other negative) means missing
    if out["q_cfs"].isna().all():
        raise DataError(
            "every streamflow value is missing (-999)",
            file=path,
            column="Q",
            expected="observed streamflow on at least one day",
        )
    return out[~out.index.duplicated(keep="first")]


def _find_one(folder: Path, pattern: str, prefer: Sequence[str] = ()) -> Path | None:
    found = sorted(folder.glob(pattern))
    for word in prefer:
        for p in found:
            if f"/{word}/" in p.as_posix():
                return p
    return found[0] if found else None


def forcing_path(folder: str | Path, gauge: str) -> Path | None:
    """The forcing file of ``gauge`` under ``folder/basin_mean_forcing`` (NLDAS preferred), or None."""
    return _find_one(
        Path(folder) / "basin_mean_forcing", f"**/{gauge}_lump_*forcing*.txt", FORCING_PREFERENCE
    )


def streamflow_path(folder: str | Path, gauge: str) -> Path | None:
    """The streamflow file of ``gauge`` under ``folder/usgs_streamflow``, or None."""
    return _find_one(Path(folder) / "usgs_streamflow", f"**/{gauge}_streamflow_qc.txt")


def list_basins(folder: str | Path) -> list[str]:
    """The basins of a CAMELS folder: ``basins_shared.txt`` when present, else every gauge with both files.

    Example:
        >>> list_basins(__import__("tempfile").mkdtemp())
        []
    """
    folder = Path(folder)
    listed = folder / "basins_shared.txt"
    if listed.is_file():
        with reading(listed, "one gauge id per line (UTF-8)"):
            text = listed.read_text(encoding="utf-8")
        return [line.strip() for line in text.splitlines() if line.strip()]
    gauges = {p.name.split("_")[0] for p in (folder / "usgs_streamflow").glob("**/*_streamflow_qc.txt")}
    return sorted(g for g in gauges if forcing_path(folder, g) is not None)


def read_attributes(folder: str | Path, basins: Iterable[str] | None = None) -> pd.DataFrame:
    """Catchment attributes (index ``gauge_id`` as text), joined over the CAMELS v2.0 groups.

    Looks in ``camels_attributes_v2.0_all671`` first, then ``camels_attributes_v2.0``; a basin takes its
    values from the first folder that lists it. Returns an empty frame when no attribute file exists.
    """
    folder = Path(folder)
    wanted = None if basins is None else [str(b) for b in basins]
    parts: list[pd.DataFrame] = []
    for sub in ATTRIBUTE_FOLDERS:
        files = [folder / sub / f"camels_{g}.txt" for g in ATTRIBUTE_GROUPS]
        files = [p for p in files if p.is_file()]
        if not files:
            continue
        frames = []
        for path in files:
            table = read_csv(
                path,
                expected="a ';'-separated table keyed by gauge_id",
                sep=";",
                dtype={"gauge_id": str, "huc_02": str},
            )
            if "gauge_id" not in table.columns:
                raise DataError("column is missing", file=path, column="gauge_id", expected="a gauge_id key")
            table["gauge_id"] = table["gauge_id"].str.strip().str.zfill(8)
            frames.append(table.drop_duplicates("gauge_id").set_index("gauge_id"))
        joined = pd.concat(frames, axis=1)
        joined = joined.loc[:, ~joined.columns.duplicated()]
        parts.append(joined)
    if not parts:
        return pd.DataFrame(index=pd.Index(wanted or [], name="gauge_id"))
    merged = parts[0]
    for extra in parts[1:]:
        merged = merged.combine_first(extra)
    if "huc_02" in merged.columns:
        merged["huc_02"] = merged["huc_02"].astype(str).str.strip().str.zfill(2)
    merged.index.name = "gauge_id"
    if wanted is not None:
        merged = merged.reindex(wanted)
    return merged


def read_basin(folder: str | Path, gauge: str) -> tuple[pd.DataFrame, dict[str, float]]:
    """Forcing and streamflow of one basin on the forcing's dates, with ``qobs`` in mm/day."""
    folder = Path(folder)
    fpath, qpath = forcing_path(folder, gauge), streamflow_path(folder, gauge)
    if fpath is None:
        raise DataError(
            f"no forcing file for basin {gauge}",
            file=folder / "basin_mean_forcing",
            expected=f"<source>/<HUC02>/{gauge}_lump_<source>_forcing_leap.txt",
        )
    if qpath is None:
        raise DataError(
            f"no streamflow file for basin {gauge}",
            file=folder / "usgs_streamflow",
            expected=f"<HUC02>/{gauge}_streamflow_qc.txt",
        )
    forcing, header = read_forcing(fpath)
    flow = read_streamflow(qpath)
    index = forcing.index.union(flow.index)
    frame = forcing.reindex(index)
    frame["qobs_cfs"] = flow["q_cfs"].reindex(index)
    frame["qobs"] = frame["qobs_cfs"] * CFS_TO_CMS * 86400.0 / header["area_m2"] * 1000.0
    return frame, header


def read_camels(
    folder: str | Path,
    basins: Sequence[str] | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
) -> xr.Dataset:
    """Every basin of a CAMELS folder as one Dataset with dims (basin, time).

    Daily variables: ``prcp``, ``srad``, ``tmax``, ``tmin``, ``tmean``, ``vp``, ``dayl``, ``swe`` (those present),
    ``qobs_cfs`` and ``qobs`` (mm/day, from the catchment area on line 3 of the forcing file). Per basin:
    ``area_m2``, ``lat``, ``lon`` (from the attributes when present, else NaN), ``elev_m`` and every
    numeric catchment attribute. Days outside a basin's record are NaN.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise DataError("folder not found", file=folder, expected="a CAMELS folder")
    gauges = [str(b) for b in basins] if basins is not None else list_basins(folder)
    if not gauges:
        raise DataError(
            "no basins found",
            file=folder,
            expected="basins_shared.txt or basin_mean_forcing/ and usgs_streamflow/ files",
        )
    frames, headers = {}, {}
    for gauge in gauges:
        frames[gauge], headers[gauge] = read_basin(folder, gauge)
    index = frames[gauges[0]].index
    for frame in frames.values():
        index = index.union(frame.index)
    index = pd.date_range(index.min(), index.max(), freq="D")
    if start is not None or end is not None:
        index = index[
            (index >= pd.Timestamp(start or index.min())) & (index <= pd.Timestamp(end or index.max()))
        ]
    variables = [c for c in list(FORCING_COLUMNS.values()) + ["qobs_cfs", "qobs"] if c in frames[gauges[0]]]
    data = {v: np.stack([frames[g][v].reindex(index).to_numpy(float) for g in gauges]) for v in variables}
    if "tmax" in data and "tmin" in data:
        data["tmean"] = (data["tmax"] + data["tmin"]) / 2.0
    ds = xr.Dataset(
        {v: (("basin", "time"), arr, {"units": UNITS.get(v, "")}) for v, arr in data.items()},
        coords={"basin": np.array(gauges, dtype=str), "time": index},
    )
    attrs = read_attributes(folder, gauges)
    ds["area_m2"] = ("basin", np.array([headers[g]["area_m2"] for g in gauges]), {"units": "m2"})
    ds["elev_m"] = ("basin", np.array([headers[g]["elev_m"] for g in gauges]), {"units": "m"})
    lat = np.array([headers[g]["lat"] for g in gauges])
    if "gauge_lat" in attrs.columns:
        lat = np.where(attrs["gauge_lat"].notna(), attrs["gauge_lat"].to_numpy(float), lat)
    lon = attrs["gauge_lon"].to_numpy(float) if "gauge_lon" in attrs.columns else np.full(len(gauges), np.nan)
    ds = ds.assign_coords(lat=("basin", lat), lon=("basin", lon))
    names = attrs["gauge_name"] if "gauge_name" in attrs.columns else pd.Series(gauges, index=gauges)
    ds = ds.assign_coords(name=("basin", names.fillna("").astype(str).str.strip().to_numpy(dtype=str)))
    if "huc_02" in attrs.columns:
        ds = ds.assign_coords(huc_02=("basin", attrs["huc_02"].fillna("").astype(str).to_numpy(dtype=str)))
    for col in attrs.columns:
        if col in ("gauge_lat", "gauge_lon", "gauge_name", "huc_02") or col in ds:
            continue
        values = pd.to_numeric(attrs[col], errors="coerce")
        if values.notna().any() and not (attrs[col].notna() & values.isna()).any():
            ds[col] = ("basin", values.to_numpy(float))
    ds.attrs.update(
        source=str(folder),
        note="CAMELS-US; qobs converted from ft3/s with the catchment area on line 3 of each forcing file",
    )
    return ds
