import json

import pandas as pd
import pytest

from sectors.finance import korean_offers, read_finlife, read_finlife_folder, read_santander
from sectors.finance.features import PanelCube
from shared import data as datasets
from shared.data.registry import SAMPLES
from shared.errors import DataError

FINLIFE = SAMPLES / "finance" / "finlife-constructed"
SANTANDER = SAMPLES / "finance" / "santander-constructed" / "train_sample.csv"


def test_finlife_joins_base_and_options_per_term():
    deposits = read_finlife(FINLIFE / "depositProductsSearch.json")
    assert len(deposits) == 3 * 2 * 4 and set(deposits["kind"]) == {"deposit"}
    assert deposits["save_trm"].tolist()[:4] == [6, 12, 24, 36]
    assert (deposits["intr_rate2"] >= deposits["intr_rate"]).all()
    both = read_finlife_folder(FINLIFE)
    assert set(both["kind"]) == {"deposit", "saving"} and "rsrv_type" in both.columns
    youth_only = both[both["join_member"].str.contains("19~34")]
    assert not youth_only.empty
    offers = korean_offers(both, kind="deposit", term=12, age=50, top=10)
    assert not offers["join_member"].str.contains("19~34").any()


def test_finlife_is_not_registered_from_the_constructed_fixture():
    with pytest.raises(DataError, match="finance/finlife"):
        datasets.load("finance/finlife")


def test_finlife_errors(tmp_path):
    bad = tmp_path / "depositProductsSearch.json"
    bad.write_text(
        json.dumps(
            {"result": {"err_cd": "010", "err_msg": "미등록 인증키", "baseList": [], "optionList": []}}
        )
    )
    with pytest.raises(DataError, match="API error 010"):
        read_finlife(bad)
    bad.write_text(json.dumps({"result": {"baseList": [{"fin_prdt_cd": "x"}], "optionList": []}}))
    with pytest.raises(DataError, match="dcls_month"):
        read_finlife(bad)


def test_santander_reader_handles_the_real_file_quirks():
    frame = read_santander(SANTANDER)
    assert frame.shape == (24, 48)
    assert frame["fecha_dato"].dt.strftime("%Y-%m-%d").unique().tolist() == [
        "2015-01-28",
        "2015-02-28",
        "2015-03-28",
    ]
    row = frame[(frame["ncodpers"] == 1050615)].iloc[0]
    assert pd.isna(row["antiguedad"]) and row["age"] == 23
    assert pd.isna(frame.loc[frame["ncodpers"] == 1050614, "renta"]).all()
    assert set(frame["indrel_1mes"]) == {"1", "P"}
    assert "CORUÑA, A" in set(frame["nomprov"])
    assert frame["ind_nomina_ult1"].dtype == "int8"
    only = read_santander(SANTANDER, months=["2015-03-28"], customers=[1050617])
    assert len(only) == 1 and only["ind_nomina_ult1"].iloc[0] == 1
    cube = PanelCube.from_panel(frame)
    assert cube.added(2).sum() > 0  # the fixture has additions in March


def test_santander_errors_name_the_column(tmp_path):
    bad = tmp_path / "train.csv"
    bad.write_text("fecha_dato,ncodpers\n2015-01-28,1\n")
    with pytest.raises(DataError, match="ind_ahor_fin_ult1"):
        read_santander(bad)
    text = SANTANDER.read_text(encoding="utf-8").replace("2015-02-28,1050611", "2015-13-45,1050611")
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(DataError, match="fecha_dato"):
        read_santander(bad)
