import numpy as np
import pandas as pd
import pytest

from sectors.finance import PRODUCT_CODES, generate_panel, product_catalogue
from sectors.finance.features import PanelCube
from sectors.finance.panel import PROFILE_COLUMNS
from shared.data.formats.santander import SANTANDER_PRODUCTS, SANTANDER_PROFILE


@pytest.fixture(scope="module")
def panel():
    return generate_panel(4000, months=8, seed=3)


def test_catalogue_has_the_24_santander_products_with_rules():
    cat = product_catalogue()
    assert list(cat.index) == list(PRODUCT_CODES) == SANTANDER_PRODUCTS
    assert cat.loc["ind_ctju_fin_ult1", "max_age"] == 17
    assert cat.loc["ind_hip_fin_ult1", "min_age"] == 19
    assert "ind_cno_fin_ult1" in cat.loc["ind_nomina_ult1", "requires"]
    assert set(cat["category"]) >= {
        "account",
        "deposit",
        "credit",
        "card",
        "pension",
        "investment",
        "service",
    }


def test_panel_uses_the_santander_schema_and_is_seeded(panel):
    assert (
        list(panel.columns) == SANTANDER_PROFILE + SANTANDER_PRODUCTS == PROFILE_COLUMNS + list(PRODUCT_CODES)
    )
    again = generate_panel(4000, months=8, seed=3)
    pd.testing.assert_frame_equal(panel, again)
    assert panel["fecha_dato"].dt.day.unique().tolist() == [28]


def test_panel_dependencies_hold(panel):
    cube = PanelCube.from_panel(panel)
    adds = np.vstack([cube.added(t) for t in range(1, len(cube.months))])
    assert (
        0.01 < adds.any(axis=1).mean() < 0.08
    )  # a few percent add something each month, as in the real data
    P = {c: i for i, c in enumerate(PRODUCT_CODES)}
    last = panel[panel["fecha_dato"] == panel["fecha_dato"].max()]
    minors = last[last["age"] < 18]
    adults = last[last["age"] >= 18]
    assert minors["ind_ctju_fin_ult1"].mean() > 0.3 and adults["ind_ctju_fin_ult1"].sum() == 0
    assert minors[["ind_tjcr_fin_ult1", "ind_hip_fin_ult1", "ind_nomina_ult1"]].to_numpy().sum() == 0
    # payroll implies an account; payroll and pension payments travel together
    accounts = last[
        [
            "ind_cco_fin_ult1",
            "ind_cno_fin_ult1",
            "ind_ctop_fin_ult1",
            "ind_ctpp_fin_ult1",
            "ind_ctma_fin_ult1",
        ]
    ].any(axis=1)
    assert accounts[last["ind_nomina_ult1"] == 1].all()
    assert last.loc[last["ind_nomina_ult1"] == 1, "ind_nom_pens_ult1"].mean() > 0.6
    # the rich hold more investments than students
    top = last[last["segmento"] == "01 - TOP"][["ind_fond_fin_ult1", "ind_valo_fin_ult1"]].to_numpy().mean()
    students = (
        last[last["segmento"] == "03 - UNIVERSITARIO"][["ind_fond_fin_ult1", "ind_valo_fin_ult1"]]
        .to_numpy()
        .mean()
    )
    assert top > 3 * students
    # lapsed payroll comes back more often than never-held payroll starts
    t = len(cube.months) - 1
    held2, held1 = cube.owned[t - 2][:, P["ind_nomina_ult1"]], cube.owned[t - 1][:, P["ind_nomina_ult1"]]
    back = cube.added(t)[:, P["ind_nomina_ult1"]]
    assert back[held2 & ~held1].mean() > 5 * back[~held2 & ~held1].mean()
