import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import sectors.disaster  # noqa: F401  (registers disaster/typhoon, used below as an example)
import sectors.traffic  # noqa: F401  (registers traffic/metr-la-7d, used below as an example)
from shared import data
from shared.errors import DataError

SHARED_DATA = Path(__file__).resolve().parents[4] / "shared" / "data"


def _fake_metr_la(folder: Path, rows: int = 30, sensors=("10", "20", "30")) -> Path:
    folder.mkdir(parents=True)
    lines = [",".join(sensors)] + [
        ",".join(f"{50 + i % 7 + j}" for j in range(len(sensors))) for i in range(rows)
    ]
    (folder / "los_speed.csv").write_text("\n".join(lines) + "\n")
    loc = ["index,sensor_id,latitude,longitude"] + [f"{i},{s},34.{i},-118.{i}" for i, s in enumerate(sensors)]
    (folder / "graph_sensor_locations.csv").write_text("\n".join(loc) + "\n")
    return folder


def test_bundled_sample_is_found_without_any_data_folder():
    folder, origin = data.locate("geo/korea")
    assert origin == "bundled"
    korea = data.load("geo/korea")
    assert len(korea["provinces"]["features"]) == 17
    assert len(korea["municipalities"]["features"]) == 251
    states = data.load("geo/us")
    assert len(states["features"]) == 49 and data.locate("geo/us")[1] == "bundled"


def test_data_dir_root_and_dataset_folder_both_work(tmp_path):
    _fake_metr_la(tmp_path / "traffic" / "metr-la-7d")
    ds = data.load("traffic/metr-la-7d", tmp_path)
    assert ds.speed.dims == ("time", "sensor")
    assert ds.sizes["time"] == 30 and list(ds.sensor.values) == ["10", "20", "30"]
    assert float(ds.lat[1]) == pytest.approx(34.1)
    ds2 = data.load("traffic/metr-la-7d", tmp_path / "traffic" / "metr-la-7d")
    assert ds2.sizes == ds.sizes


def test_civic_data_dir_is_searched(tmp_path, monkeypatch):
    _fake_metr_la(tmp_path / "traffic" / "metr-la-7d")
    monkeypatch.setenv("CIVIC_DATA_DIR", str(tmp_path))
    folder, origin = data.locate("traffic/metr-la-7d")
    assert origin == "CIVIC_DATA_DIR" and folder == tmp_path / "traffic" / "metr-la-7d"


def test_explicit_folder_wins_over_environment(tmp_path, monkeypatch):
    _fake_metr_la(tmp_path / "a" / "traffic" / "metr-la-7d")
    _fake_metr_la(tmp_path / "b" / "traffic" / "metr-la-7d")
    monkeypatch.setenv("CIVIC_DATA_DIR", str(tmp_path / "b"))
    _, origin = data.locate("traffic/metr-la-7d", tmp_path / "a")
    assert origin == "--data"


def test_unknown_dataset_lists_known_names():
    with pytest.raises(DataError, match="unknown dataset 'nope/x'.*geo/korea"):
        data.load("nope/x")


def test_missing_dataset_says_where_it_looked(tmp_path):
    with pytest.raises(DataError, match="not found.*CIVIC_DATA_DIR"):
        data.load("disaster/typhoon", tmp_path)


def test_missing_data_folder_is_reported(tmp_path):
    with pytest.raises(DataError, match="data folder does not exist"):
        data.load("geo/korea", tmp_path / "absent")


def test_bad_value_names_file_column_and_expectation(tmp_path):
    folder = _fake_metr_la(tmp_path / "m")
    text = (folder / "los_speed.csv").read_text().splitlines()
    text[3] = "51,fast,52"
    (folder / "los_speed.csv").write_text("\n".join(text))
    with pytest.raises(DataError) as info:
        data.load("traffic/metr-la-7d", folder)
    message = str(info.value)
    assert "los_speed.csv" in message and "'20'" in message and "expected" in message


def test_missing_column_names_file_and_column(tmp_path):
    folder = tmp_path / "typhoon"
    folder.mkdir()
    (folder / "JTWC.csv").write_text(
        "CY,Year,Month,Day,Hour,Lat,Lon,VMax,SN\n1,2000,1,1,0,10,130,30,200001\n"
    )
    with pytest.raises(DataError) as info:
        data.load("disaster/typhoon", folder)
    assert (
        "JTWC.csv" in str(info.value)
        and "'MSLP'" in str(info.value)
        and "column is missing" in str(info.value)
    )


def test_jtwc_missing_codes_become_nan(tmp_path):
    folder = tmp_path / "typhoon"
    folder.mkdir()
    (folder / "JTWC.csv").write_text(
        "CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat\n1,2000,1,1,0,10,130,-999,0,200001,TD\n1,2000,1,1,6,10.5,129,35,990,200001,TS\n"
    )
    frame = data.load("disaster/typhoon", folder)
    assert frame["VMax"].isna().tolist() == [True, False]
    assert frame["MSLP"].isna().tolist() == [True, False]
    assert str(frame["time"].iloc[1]) == "2000-01-01 06:00:00"


def test_validate_reports_non_integer(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("a,b\n1,x\n2.5,y\n")
    with pytest.raises(DataError, match=r"t.csv: column 'a': value .* in row 2 is not a whole number"):
        data.read_table(path, {"a": "integer", "b": "text"})


def test_available_lists_every_dataset():
    rows = data.available()
    assert {r["dataset"] for r in rows} == set(data.names())
    assert any(r["dataset"] == "geo/korea" and r["origin"] == "bundled" for r in rows)


@pytest.mark.skipif(
    not (SHARED_DATA / "traffic" / "metr-la-7d").exists(), reason="../shared/data not beside the checkout"
)
def test_real_metr_la_slice_when_present(tmp_path):
    # Not a dependency: copies the real files when they happen to be beside the checkout.
    shutil.copytree(SHARED_DATA / "traffic" / "metr-la-7d", tmp_path / "m")
    ds = data.load("traffic/metr-la-7d", tmp_path / "m")
    assert ds.speed.shape == (2016, 207) and ds.adjacency.shape == (207, 207)


def test_shared_alone_knows_no_sector_dataset_and_each_sector_registers_its_own():
    code = (
        "import importlib, json, shared.data as d, shared.llm\n"
        "before = set(d.names())\n"
        "found = {}\n"
        "for s in ('traffic', 'welfare', 'employment', 'disaster', 'finance'):\n"
        "    importlib.import_module('sectors.' + s)\n"
        "    found[s] = sorted(set(d.names()) - before)\n"
        "    before = set(d.names())\n"
        "print(json.dumps(sorted(set(d.names()) - {n for v in found.values() for n in v})))\n"
        "print(json.dumps(found))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    shared_names, by_sector = out.splitlines()
    assert not [
        n
        for n in json.loads(shared_names)
        if n.split("/")[0] in {"traffic", "welfare", "employment", "disaster", "finance"}
    ]
    by_sector = json.loads(by_sector)
    for sector, names in by_sector.items():
        assert names and all(n.startswith(sector + "/") for n in names), (sector, names)
    assert "traffic/metr-la-7d" in by_sector["traffic"] and "welfare/bokjiro" in by_sector["welfare"]
    assert {"employment/onet", "employment/esco"} <= set(by_sector["employment"])
