"""The CAMELS text formats: header lines, -999 flow, unit conversion, attributes, errors naming the file."""

from __future__ import annotations

import shutil

import numpy as np
import pytest

from sectors.disaster import load_camels, synthetic_camels, write_camels_folder
from sectors.disaster.data import CAMELS, camels_folder
from shared.data import load
from shared.data.formats.camels import CFS_TO_CMS, list_basins, read_forcing, read_streamflow
from shared.errors import DataError


def test_bundled_sample_reads_as_basin_by_time():
    folder, origin = camels_folder()
    assert origin == "bundled"
    ds = load_camels(folder)
    assert ds["qobs"].dims == ("basin", "time")
    assert list(ds["basin"].values) == ["01013500", "03439000", "07057500"]  # leading zeros kept
    assert str(ds["time"].values[0])[:10] == "2000-10-01" and str(ds["time"].values[-1])[:10] == "2007-09-30"
    # mm/day from ft3/s with the catchment area on line 3 of the forcing file
    area = float(ds["area_m2"].sel(basin="01013500"))
    cfs = float(ds["qobs_cfs"].sel(basin="01013500").isel(time=0))
    assert float(ds["qobs"].sel(basin="01013500").isel(time=0)) == pytest.approx(
        cfs * CFS_TO_CMS * 86400 / area * 1000
    )
    assert "p_mean" in ds and "aridity" in ds and ds["name"].values[0].startswith("Fish River")
    assert np.allclose(ds["tmean"], ds["tmax"])  # NLDAS: Tmax == Tmin


def test_registry_finds_the_sample_under_its_name():
    assert load(CAMELS).sizes["basin"] == 3


def test_missing_flow_minus_999_becomes_nan(tmp_path):
    path = tmp_path / "01013500_streamflow_qc.txt"
    path.write_text(
        "01013500 1993 09 29   514.00 A\n01013500 1993 09 30  -999.00 M\n01013500 1993 10 01 497.00 A:e\n"
    )
    flow = read_streamflow(path)
    assert np.isnan(flow["q_cfs"].iloc[1]) and flow["q_cfs"].iloc[2] == 497.0
    assert flow["flag"].tolist() == ["A", "M", "A:e"]


def test_generated_folder_round_trips(tmp_path):
    ds = synthetic_camels(2, start="2001-01-01", end="2001-06-30", seed=3)
    ds["qobs"][0, 5] = np.nan
    back = load_camels(write_camels_folder(ds, tmp_path))
    assert list(back["basin"].values) == list(ds["basin"].values)
    assert np.isnan(back["qobs"].values[0, 5])
    assert np.allclose(back["qobs"], ds["qobs"], rtol=1e-3, atol=1e-3, equal_nan=True)
    assert np.allclose(back["prcp"], ds["prcp"], atol=1e-4)
    assert list_basins(tmp_path) == sorted(ds["basin"].values)  # no basins_shared.txt: found from the files


def test_bad_header_and_bad_value_name_the_file(tmp_path):
    path = tmp_path / "x_lump_nldas_forcing_leap.txt"
    path.write_text("lat\n1\n2\nYear Mnth Day Hr\tPRCP(mm/day)\n")
    with pytest.raises(DataError, match="x_lump_nldas_forcing_leap.txt.*not a number"):
        read_forcing(path)
    path.write_text(
        "46.8\n353\n2260093113\nYear Mnth Day Hr\tDayl(s)\tPRCP(mm/day)\n1993 09 29 12\t41472\twet\n"
    )
    with pytest.raises(DataError, match=r"column 'PRCP\(mm/day\)'.*'wet'"):
        read_forcing(path)


def test_a_basin_without_its_streamflow_file_is_reported(tmp_path):
    folder, _ = camels_folder()
    shutil.copytree(folder, tmp_path / "c")
    for f in (tmp_path / "c" / "usgs_streamflow").rglob("03439000_*"):
        f.unlink()
    with pytest.raises(DataError, match="no streamflow file for basin 03439000"):
        load_camels(tmp_path / "c")
