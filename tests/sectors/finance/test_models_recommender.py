import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from apps import cli
from sectors.finance import (
    ProductRecommender,
    adoption_by_segment,
    evaluate_panel,
    generate_panel,
    upper_bound,
)
from sectors.finance.features import PanelCube
from sectors.finance.models import Popularity, map_at_k
from shared import store


@pytest.fixture(scope="module")
def panel():
    return generate_panel(3000, months=7, seed=21)


@pytest.fixture(scope="module")
def model(panel):
    return ProductRecommender(n_estimators=40, n_recent=3, seed=2).fit(panel)


def test_map_at_7_matches_the_competition_definition():
    scores = np.array([[0.9, 0.8, 0.1, 0.0], [0.1, 0.2, 0.3, 0.4], [1, 1, 1, 1.0]])
    held = np.array([[0, 0, 0, 1], [0, 0, 0, 0], [0, 0, 0, 0]], bool)
    added = np.array([[0, 1, 1, 0], [0, 0, 0, 0], [1, 0, 0, 0]], bool)
    r = map_at_k(scores, held, added, 7)
    # customer 1: hits at ranks 2 and 3 -> (1/2 + 2/3) / 2; customer 2 adds nothing -> 0; customer 3: rank 1 -> 1
    assert r["map@7"] == pytest.approx(((0.5 + 2 / 3) / 2 + 0 + 1) / 3)
    assert r["adders"] == 2


def test_models_beat_nothing_and_sit_under_the_ceiling(panel):
    table = evaluate_panel(panel, quick=True, seed=1).set_index("model")
    ceiling = upper_bound(panel)
    assert list(table.index) == ["popularity", "per_product_lgbm", "ranker"]
    assert (table["map@7"] <= ceiling + 1e-12).all()
    assert (table["map@7"] > 0.3 * ceiling).all()  # far above random over 24 products
    assert table.loc["ranker", "map@7"] > table.loc["popularity", "map@7"]


def test_recommend_returns_unheld_eligible_products_with_reasons(model, panel):
    last = panel[panel["fecha_dato"] == panel["fecha_dato"].max()]
    customers = last.head(5)
    recs = model.recommend(customers, k=7)
    assert list(recs.columns) == ["customer", "product", "score", "reasons"]
    assert recs.groupby("customer").size().max() <= 7
    for cid, group in recs.groupby("customer"):
        row = customers[customers["ncodpers"] == cid].iloc[0]
        assert all(int(row[p]) == 0 for p in group["product"])
        assert group["score"].is_monotonic_decreasing
    assert any("age" in r for r in recs["reasons"].iloc[0])
    ko = model.recommend(customers.head(1), k=3, lang="ko")
    assert "나이" in ko["reasons"].iloc[0][0]


def test_rules_filter_minors_and_channels(model, panel):
    row = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(1).copy()
    row[[c for c in row.columns if c.endswith("ult1")]] = 0
    row["age"] = 15
    recs = model.recommend(row, k=24)
    assert "ind_tjcr_fin_ult1" not in set(recs["product"]) and "ind_hip_fin_ult1" not in set(recs["product"])
    adult = row.assign(age=40)
    online = model.recommend(adult, k=24, channel="online")
    assert "ind_hip_fin_ult1" not in set(online["product"])  # mortgages are sold in branches only
    checks = model.eligibility(adult, channel="online").set_index("product")
    assert checks.loc["ind_hip_fin_ult1", "failed_rules"] == ["allowed"]
    assert checks.loc["ind_nomina_ult1", "failed_rules"] == ["requires"]  # no account held


def test_profile_only_customer_gets_recommendations(model):
    newcomer = pd.DataFrame(
        {
            "ncodpers": [1],
            "age": [30],
            "renta": [60000.0],
            "segmento": ["02 - PARTICULARES"],
            "canal_entrada": ["KHE"],
            "ind_actividad_cliente": [1],
        }
    )
    recs = model.recommend(newcomer, k=5)
    assert len(recs) == 5 and recs["product"].is_unique


def test_store_round_trip(model, panel, tmp_path):
    loaded = store.load(store.save(model, tmp_path / "fin"))
    customers = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(3)
    a, b = model.recommend(customers, k=5), loaded.recommend(customers, k=5)
    assert a["product"].tolist() == b["product"].tolist()
    np.testing.assert_allclose(a["score"], b["score"])
    assert store.read_card(tmp_path / "fin")["kind"] == "sectors.finance.ProductRecommender"


def test_adoption_by_segment_table(panel):
    table = adoption_by_segment(panel, "age_band", months=3)
    assert table.loc["<18", "Payroll"] == 0 and table.loc["<18", "Credit card"] == 0  # age rules
    assert table.loc["25-34", "Payroll"] > 0
    assert table["customers"].sum() > 0


def test_civic_bench_finance_writes_the_issue_keys(tmp_path, monkeypatch):
    import sectors.finance.bench as bench

    monkeypatch.setattr(
        bench, "generate_panel", lambda n, seed=None: generate_panel(1500, months=5, seed=seed)
    )
    out = tmp_path / "f.json"
    result = CliRunner().invoke(cli.app, ["bench", "finance", "--quick", "--json", str(out)])
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    ranking = [r for r in report["rows"] if "task" not in r]
    assert [r["model"] for r in ranking] == ["popularity", "per_product_lgbm", "ranker"]
    assert all(set(r) == {"model", "map@7"} for r in ranking)
    screening = [r for r in report["rows"] if "task" in r]  # the 연말정산 screen (issue 16)
    assert [r["task"] for r in screening][-1] == "tax_screening:all"
    assert all(
        r["model"] == "rules" and 0 <= r["precision"] <= 1 and 0 <= r["recall"] <= 1 for r in screening
    )
    assert report["headline"]["unit"] == "MAP@7"


def test_popularity_alone(panel):
    cube = PanelCube.from_panel(panel)
    pop = Popularity().fit(cube, [1, 2])
    assert pop.score(cube, 3, np.arange(4)).shape == (4, 24)
