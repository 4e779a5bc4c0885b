import json

import numpy as np
import pandas as pd
import pytest
from typer.testing import CliRunner

from apps import cli
from sectors.finance import (
    PRODUCT_CODES,
    ProductRecommender,
    adoption_by_segment,
    demo_model,
    evaluate_panel,
    generate_panel,
    upper_bound,
)
from sectors.finance.features import PanelCube
from sectors.finance.models import RANKER_OVERRIDES, EngineRanker, active_customers, added_rows, map_at_k
from shared import store
from shared.errors import DataError
from shared.estimator import NotFittedError
from shared.recsys import RANKER_DEFAULTS, Popularity
from shared.schema import check_ranked


@pytest.fixture(scope="module")
def panel():
    return demo_model()[0]


@pytest.fixture(scope="module")
def model():
    return demo_model()[1]


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


def test_recommend_returns_a_ranked_list_of_unheld_eligible_products_with_reasons(model, panel):
    last = panel[panel["fecha_dato"] == panel["fecha_dato"].max()]
    customers = last.head(5)
    recs = check_ranked(model.recommend(customers, k=7))
    assert list(recs.columns) == [
        "entity_id",
        "item_id",
        "rank",
        "score",
        "reasons_ko",
        "reasons_en",
        "name_ko",
        "name_en",
        "category",
    ]
    assert set(recs["entity_id"]) == {str(c) for c in customers["ncodpers"]}
    assert recs.groupby("entity_id").size().max() <= 7
    for cid, group in recs.groupby("entity_id"):
        row = customers[customers["ncodpers"] == int(cid)].iloc[0]
        assert all(int(row[p]) == 0 for p in group["item_id"])
        assert group["score"].is_monotonic_decreasing
        assert group["rank"].tolist() == list(range(1, len(group) + 1))
    names = model_names()
    assert recs["name_en"].tolist() == [names.at[p, "name_en"] for p in recs["item_id"]]
    assert recs["name_ko"].tolist() == [names.at[p, "name_ko"] for p in recs["item_id"]]
    first_en, first_ko = recs["reasons_en"].iloc[0], recs["reasons_ko"].iloc[0]
    assert first_en[0].startswith("age ") and first_ko[0].startswith("나이 ")  # the rules passed come first
    assert len(first_en) == len(first_ko) > 3  # three rules, then the features that pushed the score up
    assert not any("ind_" in r for r in first_en + first_ko)  # product codes are named


def model_names():
    from sectors.finance import product_catalogue

    return product_catalogue()[["name_ko", "name_en"]]


def test_recommend_before_fit_raises_and_bad_input_names_the_column(panel):
    with pytest.raises(NotFittedError):
        ProductRecommender().recommend(panel.head(1))
    with pytest.raises(DataError, match="ncodpers"):
        demo_model()[1].recommend(panel.head(1).drop(columns="ncodpers"))


def test_the_ranker_is_the_suite_configuration_with_the_finance_overrides(model):
    params = model.ranker_.get_params()
    assert RANKER_OVERRIDES == {"min_child_samples": 50, "early_stopping_rounds": 50}
    for key, value in {**RANKER_DEFAULTS, **RANKER_OVERRIDES, "n_estimators": 50}.items():
        assert params[key] == value, key
    assert params["params"] == {"objective": "lambdarank"}


def test_rules_filter_minors_and_channels(model, panel):
    row = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(1).copy()
    row[[c for c in row.columns if c.endswith("ult1")]] = 0
    row["age"] = 15
    recs = model.recommend(row, k=24)
    assert "ind_tjcr_fin_ult1" not in set(recs["item_id"]) and "ind_hip_fin_ult1" not in set(recs["item_id"])
    adult = row.assign(age=40)
    online = model.recommend(adult, k=24, channel="online")
    assert "ind_hip_fin_ult1" not in set(online["item_id"])  # mortgages are sold in branches only
    assert "ind_hip_fin_ult1" in set(model.recommend(adult, k=24, channel="branch")["item_id"])
    checks = model.eligibility(adult, channel="online").set_index("product")
    assert checks.loc["ind_hip_fin_ult1", "failed_rules"] == ["allowed"]
    assert checks.loc["ind_nomina_ult1", "failed_rules"] == ["requires"]  # no account held


def test_a_customer_with_nothing_left_to_add_gets_an_empty_ranked_list(model, panel):
    row = panel.tail(1).copy()
    row[list(PRODUCT_CODES)] = 1
    recs = check_ranked(model.recommend(row, k=7))
    assert recs.empty and list(recs.columns[6:]) == ["name_ko", "name_en", "category"]


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
    assert len(recs) == 5 and recs["item_id"].is_unique and set(recs["entity_id"]) == {"1"}


def test_store_round_trip(model, panel, tmp_path):
    loaded = store.load(store.save(model, tmp_path / "fin"))
    customers = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(3)
    pd.testing.assert_frame_equal(model.recommend(customers, k=5), loaded.recommend(customers, k=5))
    card = store.read_card(tmp_path / "fin")
    assert card["kind"] == "sectors.finance.ProductRecommender"
    assert loaded.training_months_ == model.training_months_ and loaded.get_params() == model.get_params()


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


def test_the_popularity_baseline_is_the_shared_popularity_over_the_months_additions(panel):
    cube = PanelCube.from_panel(panel)
    pop = Popularity().fit(added_rows(cube, [1, 2]))
    scores = pop.score(added_rows(cube, [3])[:4])
    assert scores.shape == (4, 24)
    counts = cube.added(1).sum(axis=0) + cube.added(2).sum(axis=0)
    np.testing.assert_array_equal(scores[0], counts)


def test_engine_ranker_scores_only_unheld_eligible_products(panel):
    cube = PanelCube.from_panel(panel)
    customers = active_customers(cube, 6)
    engine = EngineRanker(n_estimators=10, seed=0).fit(cube, [4, 5])
    scores = engine.score(cube, 6, customers)
    held = cube.owned[5][customers]
    assert np.isneginf(scores[held]).all() and np.isfinite(scores).any()
    minors = cube.profiles[5]["age"].to_numpy()[customers] < 18
    card = PRODUCT_CODES.index("ind_tjcr_fin_ult1")  # credit card: adults only
    assert minors.any() and np.isneginf(scores[minors, card]).all()
