"""Disaster datasets: CAMELS basins and JTWC best tracks, located through the suite's data registry.

Importing this module registers ``disaster/camels`` (reader: :func:`load_camels`; the bundled sample
answers when no data folder is given) and ``disaster/typhoon-2011-2021``, the bundled slice of the JTWC
tracks that stands in for ``disaster/typhoon`` (the full file, never bundled) in tests and the demo.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd
import xarray as xr

from shared.data import DatasetSpec, locate, register
from shared.data.formats.camels import read_camels
from shared.data.formats.tables import read_jtwc
from shared.errors import DataError

CAMELS = "disaster/camels"
TYPHOON = "disaster/typhoon"
TYPHOON_SAMPLE = "disaster/typhoon-2011-2021"


def load_camels(
    folder: str | Path,
    basins: Sequence[str] | None = None,
    *,
    start: str | None = None,
    end: str | None = None,
) -> xr.Dataset:
    """Read a folder of CAMELS-US text files into a Dataset with dims (basin, time).

    ``basins`` defaults to ``basins_shared.txt`` (or every gauge with a forcing and a streamflow file).
    Streamflow comes as ``qobs_cfs`` (ft3/s, NaN where the file says -999) and ``qobs`` (mm/day);
    forcing as ``prcp``, ``srad``, ``tmax``, ``tmin``, ``tmean``, ``vp``, ``dayl``, ``swe``; catchment
    attributes as per-basin variables. NLDAS files repeat Tmax in Tmin and hold SWE = 0: the models
    read ``tmean`` and never SWE.

    Example:
        >>> ds = load_camels(locate(CAMELS)[0])          # the bundled sample
        >>> ds.sizes["basin"] >= 2 and "qobs" in ds
        True
    """
    return read_camels(folder, basins, start=start, end=end)


def load_tracks(folder: str | Path) -> pd.DataFrame:
    """JTWC best tracks from ``folder/JTWC.csv`` (the foundation's reader: -999/0 codes become NaN)."""
    return read_jtwc(folder)


def camels_folder(data_dir: str | Path | None = None) -> tuple[Path, str]:
    """Where the CAMELS data are (``--data``, CIVIC_DATA_DIR, else the bundled sample) and from which origin."""
    return locate(CAMELS, data_dir)


def typhoon_folder(data_dir: str | Path | None = None) -> tuple[Path, str]:
    """Where the JTWC tracks are (``--data``, CIVIC_DATA_DIR, else the bundled 2011-2021 slice) and from which origin.

    Example:
        >>> typhoon_folder()[1]
        'bundled'
    """
    try:
        return locate(TYPHOON, data_dir)
    except DataError:
        if data_dir is not None:
            raise
        return locate(TYPHOON_SAMPLE)


register(
    DatasetSpec(
        CAMELS,
        "CAMELS-US daily NLDAS forcing, USGS streamflow and catchment attributes (original text formats)",
        ("basin_mean_forcing", "usgs_streamflow"),
        lambda folder: load_camels(folder),
        licence="CAMELS research use with citation (Newman et al. 2015; Addor et al. 2017); NLDAS/USGS public",
        source="NWC-CUAHSI-Summer-Institute/CAMELS_data_sample; neuralhydrology/neuralhydrology (attributes)",
    ),
    replace=True,
)
register(
    DatasetSpec(
        TYPHOON_SAMPLE,
        "JTWC western North Pacific best tracks, the fixes of 2011-2021 (bundled sample)",
        ("JTWC.csv",),
        load_tracks,
        licence="US government data (JTWC), via atsuyaourt/jtwc_best_track_wp",
        source="atsuyaourt/jtwc_best_track_wp output/JTWC.csv",
    ),
    replace=True,
)
