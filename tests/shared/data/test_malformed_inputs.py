"""Every reader turns a malformed file into a DataError naming the file; the CLI prints one line and exits 2.

The table below writes one tiny malformed input per case (into a temporary folder, so nothing large
lives in the repository) and feeds it to its reader, and, where the CLI reads that format, to
``civic bench`` in the same process (``apps.cli.main``, as the console script runs it).
"""

from __future__ import annotations

import gzip
import json
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from shared.errors import DataError

# --- valid contents, mutated by the cases ------------------------------------------------------------

SPEEDS = "timestamp,s1,s2\n" + "".join(
    f"2024-01-01T{h:02d}:{m:02d}:00,{50 + m / 5:.1f},{60 - m / 5:.1f}\n"
    for h in range(2)
    for m in range(0, 60, 5)
)
FORCING_HEAD = "  46.84\n 353.00\n2260093113\n"
FORCING_COLUMNS = "Year Mnth Day Hr\tDayl(s)\tPRCP(mm/day)\tSRAD(W/m2)\tSWE(mm)\tTmax(C)\tTmin(C)\tVp(Pa)\n"
FORCING_ROWS = "".join(
    f"2000 10 {d:02d} 12\t40780.80\t{d / 10:.2f}\t240.16\t0.00\t12.17\t12.17\t1033.09\n" for d in range(1, 11)
)
STREAMFLOW = "".join(f"01013500 2000 10 {d:02d}   {100 + d:.2f} A\n" for d in range(1, 11))
JTWC_HEAD = "CY,Year,Month,Day,Hour,Lat,Lon,VMax,MSLP,SN,Cat\n"
JTWC_ROWS = "1,2011,4,1,0,8.9,111.8,15.0,1010.0,201101,TD\n1,2011,4,1,6,8.7,111.7,20.0,1007.0,201101,TD\n"
INTERACTIONS = "user,item,rating,timestamp\n1,10,4,881250949\n1,11,3,881250950\n2,10,5,881250951\n"
FINLIFE_KEY = {"dcls_month": "202501", "fin_co_no": "0010001", "fin_prdt_cd": "A1"}
LATIN1 = "caf\xe9 \xe0 la cr\xe8me".encode("latin-1") + b"\xff\xfe"


def _finlife(options: list[dict], base: list[dict] | None = None) -> str:
    base = [{**FINLIFE_KEY, "kor_co_nm": "가은행", "fin_prdt_nm": "정기예금"}] if base is None else base
    return json.dumps({"result": {"err_cd": "000", "baseList": base, "optionList": options}})


def _write(root: Path, files: dict[str, str | bytes]) -> None:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, str):
            path.write_text(content, encoding="utf-8")
        else:
            path.write_bytes(content)


def _gzip_truncated(text: str) -> bytes:
    data = gzip.compress(text.encode())
    return data[: len(data) // 2]


def _npz(path: Path, **arrays) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    np.savez(path, **arrays)


def _h5_frame(times: list[str] | None = None, value: float = 60.0) -> pd.DataFrame:
    """A small METR-LA-shaped frame (time x sensor) for ``write_pandas_hdf``."""
    index = pd.DatetimeIndex(times or pd.date_range("2012-03-01", periods=30, freq="5min"))
    frame = pd.DataFrame({"773869": 64.0, "767541": 60.0}, index=index)
    frame.iloc[len(frame) // 2, 1] = value
    return frame


def _camels(forcing: str | bytes | None = None, streamflow: str | bytes | None = None) -> dict:
    return {
        "basins_shared.txt": "01013500\n",
        "basin_mean_forcing/nldas/01/01013500_lump_nldas_forcing_leap.txt": (
            FORCING_HEAD + FORCING_COLUMNS + FORCING_ROWS if forcing is None else forcing
        ),
        "usgs_streamflow/01/01013500_streamflow_qc.txt": STREAMFLOW if streamflow is None else streamflow,
    }


# --- readers -------------------------------------------------------------------------------------------


def _traffic(path: Path):
    from shared.data.formats.traffic import read_network

    return read_network(path)


def _camels_reader(path: Path):
    from shared.data.formats.camels import read_camels

    return read_camels(path)


def _attributes(path: Path):
    from shared.data.formats.camels import read_attributes

    return read_attributes(path)


def _jtwc(path: Path):
    from shared.data.formats.tables import read_jtwc

    return read_jtwc(path)


def _interactions(path: Path):
    from shared.data.formats.interactions import read_interactions

    return read_interactions(path / "log.csv")


def _finlife_reader(path: Path):
    from shared.data.formats.finlife import read_finlife_folder

    return read_finlife_folder(path)


def _santander(path: Path):
    from shared.data.formats.santander import read_santander

    return read_santander(path / "train.csv")


def _statutes(path: Path):
    from shared.data.formats.statutes import read_statute_folder

    return read_statute_folder(path)


def _laws(path: Path):
    from shared.data.formats.tables import read_statutes

    return read_statutes(path)


def _taxonomy(path: Path):
    from sectors.employment.taxonomy import load_taxonomy

    return load_taxonomy(path)


def _bokjiro(path: Path):
    from sectors.welfare.catalogue import load_catalogue

    return load_catalogue(path)


def _koblex(path: Path):
    from shared.data.formats.tables import read_koblex

    return read_koblex(path)


@dataclass(frozen=True)
class Case:
    """One malformed input: its files, the reader it goes to, the file the error must name, the CLI run."""

    id: str
    files: Callable[[], dict[str, str | bytes]] | dict[str, str | bytes]
    reader: Callable[[Path], object]
    names: str  # the file (or dataset) name the message must contain
    cli: tuple[str, ...] | None = None  # arguments after `civic`; {dir} is the case's folder

    def build(self, root: Path) -> Path:
        files = dict(self.files() if callable(self.files) else self.files)
        root.mkdir(parents=True, exist_ok=True)
        if isinstance(files.get("pems04.npz"), dict):  # arrays are written with numpy
            _npz(root / "pems04.npz", **files.pop("pems04.npz"))
        if isinstance(files.get("metr-la.h5"), pd.DataFrame):  # a pandas HDF5 frame, as METR-LA ships
            from shared.data.formats.traffic import write_pandas_hdf

            write_pandas_hdf(files.pop("metr-la.h5"), root / "metr-la.h5", key="df")
        _write(root, files)
        return root


TRAFFIC_CLI = ("bench", "traffic", "--quick", "--data", "{dir}")
CAMELS_CLI = ("bench", "disaster", "--quick", "--data", "{dir}")
RECSYS_CLI = ("bench", "recsys", "--quick", "--interactions", "{dir}/log.csv")

CASES = [
    # traffic, plain folder (speeds.csv / speeds.csv.gz)
    Case(
        "traffic-not-utf8",
        {"speeds.csv": b"timestamp,s1\n2024-01-01," + LATIN1},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-gzip-truncated",
        {"speeds.csv.gz": _gzip_truncated(SPEEDS)},
        _traffic,
        "speeds.csv.gz",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-gzip-garbage", {"speeds.csv.gz": b"not gzip at all"}, _traffic, "speeds.csv.gz", TRAFFIC_CLI
    ),
    Case(
        "traffic-ragged-row",
        {"speeds.csv": SPEEDS + "2024-01-01T02:00:00,1,2,3,4\n"},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-adjacency-gzip-truncated",
        {"speeds.csv": SPEEDS, "adjacency.csv.gz": _gzip_truncated(",s1,s2\ns1,1,0\ns2,0,1\n" * 50)},
        _traffic,
        "adjacency.csv.gz",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-distances-text",
        lambda: {"pems04.npz": {"data": np.ones((20, 2, 1))}, "distance.csv": "from,to,cost\n0,1,far\n"},
        _traffic,
        "distance.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "santander-header-only",
        {"train.csv": "fecha_dato,ncodpers\n"},
        _santander,
        "train.csv",
    ),
    Case("traffic-empty", {"speeds.csv": b""}, _traffic, "speeds.csv", TRAFFIC_CLI),
    Case("traffic-header-only", {"speeds.csv": "timestamp,s1,s2\n"}, _traffic, "speeds.csv", TRAFFIC_CLI),
    Case(
        "traffic-no-timestamp",
        {"speeds.csv": SPEEDS.replace("timestamp", "time")},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-text-speed",
        {"speeds.csv": SPEEDS.replace(",50.0,", ",fast,")},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-all-nan",
        {"speeds.csv": "\n".join(line.split(",")[0] + ",," for line in SPEEDS.splitlines())},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-inf", {"speeds.csv": SPEEDS.replace(",50.0,", ",inf,")}, _traffic, "speeds.csv", TRAFFIC_CLI
    ),
    Case(
        "traffic-timestamp-overflow",
        {"speeds.csv": SPEEDS.replace("2024-01-01T00:05:00", "9999-99-99T00:05:00")},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-timestamp-year-3000",
        {"speeds.csv": SPEEDS.replace("2024-01-01T01:55:00", "3000-01-01T01:55:00")},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-off-grid",
        {"speeds.csv": SPEEDS.replace("2024-01-01T00:10:00", "2024-01-01T00:11:00")},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-one-row",
        {"speeds.csv": "".join(SPEEDS.splitlines(True)[:2])},
        _traffic,
        "speeds.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-adjacency-text",
        {"speeds.csv": SPEEDS, "adjacency.csv": ",s1,s2\ns1,1,x\ns2,0,1\n"},
        _traffic,
        "adjacency.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-sensors-not-utf8",
        {"speeds.csv": SPEEDS, "sensors.csv": b"sensor_id,lat,lon\ns1,34.1," + LATIN1},
        _traffic,
        "sensors.csv",
        TRAFFIC_CLI,
    ),
    Case(
        "traffic-too-few-rows-for-split", {"speeds.csv": SPEEDS}, None, "too few", TRAFFIC_CLI
    ),  # reads fine
    # traffic, METR-LA slice (los_speed.csv without timestamps)
    Case(
        "metrla-not-utf8",
        {"los_speed.csv": b"773869,767541\n" + LATIN1},
        _traffic,
        "los_speed.csv",
        TRAFFIC_CLI,
    ),
    Case("metrla-empty", {"los_speed.csv": b""}, _traffic, "los_speed.csv", TRAFFIC_CLI),
    Case("metrla-header-only", {"los_speed.csv": "773869,767541\n"}, _traffic, "los_speed.csv", TRAFFIC_CLI),
    Case(
        "metrla-inf",
        {"los_speed.csv": "773869,767541\n64.3,inf\n65.0,66.0\n"},
        _traffic,
        "los_speed.csv",
        TRAFFIC_CLI,
    ),
    # traffic, HDF5 and NPZ
    Case("h5-garbage", {"metr-la.h5": b"\x89HDF\r\n\x1a\n truncated"}, _traffic, "metr-la.h5", TRAFFIC_CLI),
    Case("h5-empty", {"metr-la.h5": b""}, _traffic, "metr-la.h5", TRAFFIC_CLI),
    Case(
        "h5-off-grid",
        lambda: {"metr-la.h5": _h5_frame([f"2012-03-01 00:{m:02d}" for m in (0, 5, 10, 16, 20, 25, 30, 35)])},
        _traffic,
        "metr-la.h5",
        TRAFFIC_CLI,
    ),
    Case(
        "h5-missing-steps",
        lambda: {"metr-la.h5": _h5_frame([f"2012-03-01 00:{m:02d}" for m in (0, 5, 10, 15, 30, 35, 40, 45)])},
        _traffic,
        "metr-la.h5",
        TRAFFIC_CLI,
    ),
    Case("h5-inf", lambda: {"metr-la.h5": _h5_frame(value=np.inf)}, _traffic, "metr-la.h5", TRAFFIC_CLI),
    Case(
        "h5-one-row",
        lambda: {"metr-la.h5": _h5_frame(["2012-03-01 00:00"])},
        _traffic,
        "metr-la.h5",
        TRAFFIC_CLI,
    ),
    Case(
        "h5-too-short-for-split", lambda: {"metr-la.h5": _h5_frame()}, None, "too few", TRAFFIC_CLI
    ),  # reads fine
    Case("npz-garbage", {"pems04.npz": b"PK\x03\x04 not a zip"}, _traffic, "pems04.npz", TRAFFIC_CLI),
    Case(
        "npz-object-array",
        lambda: {"pems04.npz": {"data": np.array([{"a": 1}], dtype=object)}},
        _traffic,
        "pems04.npz",
        TRAFFIC_CLI,
    ),
    Case(
        "npz-no-data", lambda: {"pems04.npz": {"flow": np.ones((4, 2))}}, _traffic, "pems04.npz", TRAFFIC_CLI
    ),
    Case(
        "npz-all-nan",
        lambda: {"pems04.npz": {"data": np.full((20, 2, 1), np.nan)}},
        _traffic,
        "pems04.npz",
        TRAFFIC_CLI,
    ),
    Case(
        "npz-inf",
        lambda: {"pems04.npz": {"data": np.where(np.eye(20, 2, dtype=bool)[:, :, None], np.inf, 1.0)}},
        _traffic,
        "pems04.npz",
        TRAFFIC_CLI,
    ),
    Case(
        "npz-one-step",
        lambda: {"pems04.npz": {"data": np.ones((1, 3, 1))}},
        _traffic,
        "pems04.npz",
        TRAFFIC_CLI,
    ),
    # CAMELS forcing, streamflow, attributes
    Case(
        "forcing-not-utf8",
        lambda: _camels(forcing=FORCING_HEAD.encode() + LATIN1),
        _camels_reader,
        "forcing",
        CAMELS_CLI,
    ),
    Case("forcing-empty", lambda: _camels(forcing=""), _camels_reader, "forcing_leap.txt", CAMELS_CLI),
    Case(
        "forcing-header-only",
        lambda: _camels(forcing=FORCING_HEAD + FORCING_COLUMNS),
        _camels_reader,
        "forcing_leap.txt",
        CAMELS_CLI,
    ),
    Case(
        "forcing-missing-column",
        lambda: _camels(
            forcing=FORCING_HEAD + FORCING_COLUMNS.replace("PRCP(mm/day)", "RAIN") + FORCING_ROWS
        ),
        _camels_reader,
        "forcing_leap.txt",
        CAMELS_CLI,
    ),
    Case(
        "forcing-half-empty",
        lambda: _camels(
            forcing=FORCING_HEAD + FORCING_COLUMNS + FORCING_ROWS + "2000 10 11 12\t40780.80\n" * 5
        ),
        _camels_reader,
        "forcing_leap.txt",
        CAMELS_CLI,
    ),
    Case(
        "forcing-text-value",
        lambda: _camels(forcing=FORCING_HEAD + FORCING_COLUMNS + FORCING_ROWS.replace("240.16", "sunny", 1)),
        _camels_reader,
        "forcing_leap.txt",
        CAMELS_CLI,
    ),
    Case(
        "forcing-inf",
        lambda: _camels(forcing=FORCING_HEAD + FORCING_COLUMNS + FORCING_ROWS.replace("240.16", "inf", 1)),
        _camels_reader,
        "forcing_leap.txt",
        CAMELS_CLI,
    ),
    Case(
        "forcing-year-overflow",
        lambda: _camels(
            forcing=FORCING_HEAD + FORCING_COLUMNS + FORCING_ROWS.replace("2000 10 05", "99999 10 05")
        ),
        _camels_reader,
        "forcing_leap.txt",
        CAMELS_CLI,
    ),
    Case("streamflow-empty", lambda: _camels(streamflow=""), _camels_reader, "streamflow_qc.txt", CAMELS_CLI),
    Case(
        "streamflow-all-missing",
        lambda: _camels(streamflow="".join(f"01013500 2000 10 {d:02d}  -999.00 M\n" for d in range(1, 11))),
        _camels_reader,
        "streamflow_qc.txt",
        CAMELS_CLI,
    ),
    Case(
        "streamflow-inf",
        lambda: _camels(streamflow=STREAMFLOW.replace("101.00", "inf")),
        _camels_reader,
        "streamflow_qc.txt",
        CAMELS_CLI,
    ),
    Case(
        "streamflow-not-utf8",
        lambda: _camels(streamflow=b"01013500 2000 10 01 " + LATIN1),
        _camels_reader,
        "streamflow_qc.txt",
        CAMELS_CLI,
    ),
    Case(
        "streamflow-date-overflow",
        lambda: _camels(streamflow=STREAMFLOW.replace("2000 10 03", "2000 13 03")),
        _camels_reader,
        "streamflow_qc.txt",
        CAMELS_CLI,
    ),
    Case("camels-too-short-for-protocol", _camels, None, "too short", CAMELS_CLI),  # reads fine
    Case("attributes-empty", {"camels_attributes_v2.0/camels_clim.txt": b""}, _attributes, "camels_clim.txt"),
    Case(
        "attributes-not-utf8",
        {"camels_attributes_v2.0/camels_topo.txt": b"gauge_id;elev\n01013500;" + LATIN1},
        _attributes,
        "camels_topo.txt",
    ),
    Case(
        "attributes-no-key",
        {"camels_attributes_v2.0/camels_topo.txt": "gauge;elev\n01013500;300\n"},
        _attributes,
        "camels_topo.txt",
    ),
    # JTWC best tracks
    Case("jtwc-not-utf8", {"JTWC.csv": JTWC_HEAD.encode() + LATIN1}, _jtwc, "JTWC.csv", CAMELS_CLI),
    Case("jtwc-empty", {"JTWC.csv": b""}, _jtwc, "JTWC.csv", CAMELS_CLI),
    Case("jtwc-header-only", {"JTWC.csv": JTWC_HEAD}, _jtwc, "JTWC.csv", CAMELS_CLI),
    Case(
        "jtwc-missing-column",
        {"JTWC.csv": JTWC_HEAD.replace("Lat,", "Latitude,") + JTWC_ROWS},
        _jtwc,
        "JTWC.csv",
        CAMELS_CLI,
    ),
    Case(
        "jtwc-text-lat",
        {"JTWC.csv": JTWC_HEAD + JTWC_ROWS.replace("8.9", "north")},
        _jtwc,
        "JTWC.csv",
        CAMELS_CLI,
    ),
    Case(
        "jtwc-inf", {"JTWC.csv": JTWC_HEAD + JTWC_ROWS.replace("111.8", "inf")}, _jtwc, "JTWC.csv", CAMELS_CLI
    ),
    Case(
        "jtwc-year-overflow",
        {"JTWC.csv": JTWC_HEAD + JTWC_ROWS.replace("2011,4,1,6", "99999,4,1,6")},
        _jtwc,
        "JTWC.csv",
        CAMELS_CLI,
    ),
    Case(
        "jtwc-bad-month",
        {"JTWC.csv": JTWC_HEAD + JTWC_ROWS.replace("2011,4,1,6", "2011,14,1,6")},
        _jtwc,
        "JTWC.csv",
        CAMELS_CLI,
    ),
    Case(
        "jtwc-too-few-rows", {"JTWC.csv": JTWC_HEAD + JTWC_ROWS}, None, "JTWC.csv", CAMELS_CLI
    ),  # reads fine
    # interaction log
    Case(
        "log-not-utf8",
        {"log.csv": b"user,item,rating,timestamp\n1,2,3," + LATIN1},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case("log-empty", {"log.csv": b""}, _interactions, "log.csv", RECSYS_CLI),
    Case(
        "log-header-only", {"log.csv": "user,item,rating,timestamp\n"}, _interactions, "log.csv", RECSYS_CLI
    ),
    Case(
        "log-missing-column",
        {"log.csv": INTERACTIONS.replace("item", "thing")},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case(
        "log-text-rating",
        {"log.csv": INTERACTIONS.replace(",4,", ",good,")},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case(
        "log-inf-rating",
        {"log.csv": INTERACTIONS.replace(",4,", ",inf,")},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case(
        "log-empty-user",
        {"log.csv": INTERACTIONS.replace("\n2,10,", "\n,10,")},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case(
        "log-timestamp-overflow",
        {"log.csv": INTERACTIONS.replace("881250950", "99999999999999999")},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case(
        "log-date-overflow",
        {"log.csv": INTERACTIONS.replace("881250950", "3000-01-01")},
        _interactions,
        "log.csv",
        RECSYS_CLI,
    ),
    Case(
        "log-too-few-rows", {"log.csv": INTERACTIONS}, None, "log.csv", RECSYS_CLI
    ),  # reads; too small to split
    Case("udata-not-utf8", {"log.csv": b"1\t2\t3\t" + LATIN1}, _interactions, "log.csv", RECSYS_CLI),
    # welfare catalogue (Bokjiro CSVs)
    Case(
        "bokjiro-not-utf8",
        {
            "goverment_final_welfare_list_categorized.csv": "서비스ID,서비스명\n".encode("cp949") + LATIN1,
            "bokjiro_final_processed.csv": "복지사업ID,복지사업명,지원대상\nW1,x,y\n",
        },
        _bokjiro,
        "goverment_final_welfare_list_categorized.csv",
        ("bench", "welfare", "--quick", "--data", "{dir}"),
    ),
    Case(
        "bokjiro-header-only",
        {
            "goverment_final_welfare_list_categorized.csv": "서비스ID,서비스명,지원대상상세,선정기준\n",
            "bokjiro_final_processed.csv": "복지사업ID,복지사업명,지원대상\n",
        },
        _bokjiro,
        "goverment_final_welfare_list_categorized.csv",
        ("bench", "welfare", "--quick", "--data", "{dir}"),
    ),
    Case(
        "bokjiro-missing-column",
        {
            "goverment_final_welfare_list_categorized.csv": "서비스ID,서비스명,지원대상상세\nS1,a,b\n",
            "bokjiro_final_processed.csv": "복지사업ID,복지사업명,지원대상\nW1,x,y\n",
        },
        _bokjiro,
        "goverment_final_welfare_list_categorized.csv",
        ("bench", "welfare", "--quick", "--data", "{dir}"),
    ),
    Case(
        "welfare-empty-dir", {}, None, "welfare/bokjiro", ("bench", "welfare", "--quick", "--data", "{dir}")
    ),
    # O*NET / ESCO tables
    Case(
        "onet-not-utf8",
        {
            "onet/Occupation Data.txt": b"O*NET-SOC Code\tTitle\tDescription\n11-1011.00\t" + LATIN1,
            "onet/Related Occupations.txt": "",
            "esco/occupations_en.csv": "",
        },
        _taxonomy,
        "Occupation Data.txt",
        ("bench", "employment", "--quick", "--data", "{dir}"),
    ),
    Case(
        "onet-header-only",
        {
            "onet/Occupation Data.txt": "O*NET-SOC Code\tTitle\tDescription\n",
            "onet/Related Occupations.txt": "O*NET-SOC Code\tRelated O*NET-SOC Code\tRelatedness Tier\tIndex\n",
            "esco/occupations_en.csv": "conceptUri,iscoGroup,preferredLabel\n",
        },
        _taxonomy,
        "Occupation Data.txt",
        ("bench", "employment", "--quick", "--data", "{dir}"),
    ),
    Case(  # an explicit data folder without the data must not quietly fall back to the bundled sample
        "employment-empty-dir",
        {},
        _taxonomy,
        "employment/onet",
        ("bench", "employment", "--quick", "--data", "{dir}"),
    ),
    # finance: finlife JSON, Santander CSV
    Case(
        "finlife-not-utf8",
        {"depositProductsSearch.json": b'{"result": "' + LATIN1 + b'"}'},
        _finlife_reader,
        "depositProductsSearch.json",
    ),
    Case("finlife-empty", {"depositProductsSearch.json": b""}, _finlife_reader, "depositProductsSearch.json"),
    Case(
        "finlife-no-options",
        {"depositProductsSearch.json": _finlife([], [])},
        _finlife_reader,
        "depositProductsSearch.json",
    ),
    Case(
        "finlife-text-rate",
        {
            "depositProductsSearch.json": _finlife(
                [{**FINLIFE_KEY, "save_trm": "12", "intr_rate": "high", "intr_rate2": 3.1}]
            )
        },
        _finlife_reader,
        "depositProductsSearch.json",
    ),
    Case(
        "finlife-inf-rate",
        {
            "depositProductsSearch.json": _finlife(
                [{**FINLIFE_KEY, "save_trm": "12", "intr_rate": 2.0, "intr_rate2": float("inf")}]
            )
        },
        _finlife_reader,
        "depositProductsSearch.json",
    ),
    Case(
        "finlife-list-of-numbers",
        {"depositProductsSearch.json": "[1, 2]"},
        _finlife_reader,
        "depositProductsSearch.json",
    ),
    Case("santander-empty", {"train.csv": b""}, _santander, "train.csv"),
    Case(
        "santander-not-utf8",
        {"train.csv": b"fecha_dato,ncodpers\n2015-01-28," + LATIN1},
        _santander,
        "train.csv",
    ),
    # statutes (legalize-kr Markdown) and the laws folder of the LLM layer
    Case("statute-not-utf8", {"act.md": "##### 제1조 (목적)\n".encode() + LATIN1}, _statutes, "act.md"),
    Case("statute-empty", {"act.md": b""}, _statutes, "act.md"),
    Case(
        "laws-not-utf8",
        {"civil-petitions-act.md": "# 민원 처리에 관한 법률\n".encode() + LATIN1},
        _laws,
        "civil-petitions-act.md",
    ),
    Case(
        "koblex-not-utf8",
        {"koblex.jsonl": b'{"id": "' + LATIN1 + b'"}\n', "paragraph_corpus.jsonl": ""},
        _koblex,
        "koblex.jsonl",
    ),
]


def _ids(case: Case) -> str:
    return case.id


@pytest.mark.parametrize("case", [c for c in CASES if c.reader is not None], ids=_ids)
def test_reader_raises_data_error_naming_the_file(case, tmp_path):
    root = case.build(tmp_path)
    with pytest.raises(DataError) as info:
        case.reader(root)
    assert case.names in str(info.value), str(info.value)


def _civic(args: list[str], monkeypatch, capsys) -> tuple[int, str, str]:
    from apps import cli

    monkeypatch.setattr(sys, "argv", ["civic", *args])
    with pytest.raises(SystemExit) as info:
        cli.main()
    out = capsys.readouterr()
    return info.value.code, out.out, out.err


@pytest.mark.parametrize("case", [c for c in CASES if c.cli is not None], ids=_ids)
def test_cli_prints_one_line_and_exits_2(case, tmp_path, monkeypatch, capsys):
    root = case.build(tmp_path / "data")
    args = [a.replace("{dir}", str(root)) for a in case.cli]
    code, _, err = _civic(args, monkeypatch, capsys)
    lines = [line for line in err.splitlines() if line.strip() and not line.startswith("[")]
    assert code == 2, err
    assert len(lines) == 1 and lines[0].startswith("civic: error: "), err
    assert "Traceback" not in err and case.names in lines[0], err
