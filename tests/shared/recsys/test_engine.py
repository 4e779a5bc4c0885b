import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from shared import store
from shared.estimator import NotFittedError
from shared.recsys import AgeRule, Recommender, RuleSet, generate_interactions
from shared.schema import RANKED_COLUMNS, check_ranked


@pytest.fixture(scope="module")
def log():
    return generate_interactions(n_users=120, n_items=90, mean_length=25, seed=5)


@pytest.fixture(scope="module")
def model(log):
    return Recommender(n_candidates=30, ranker_params={"n_estimators": 40}, seed=1).fit(
        log.interactions, user_features=log.users, item_features=log.items
    )


def test_recommendations_exclude_seen_items_and_carry_reasons(log, model):
    recs = check_ranked(model.recommend(["u1", "u2"], k=5))
    assert tuple(recs.columns) == RANKED_COLUMNS
    assert recs.groupby("entity_id").size().tolist() == [5, 5]
    assert recs["rank"].tolist() == [1, 2, 3, 4, 5] * 2
    seen = set(log.interactions.loc[log.interactions["user"] == "u1", "item"])
    assert not seen & set(recs.loc[recs["entity_id"] == "u1", "item_id"])
    assert (recs.groupby("entity_id")["score"].apply(lambda s: s.is_monotonic_decreasing)).all()
    assert all(isinstance(r, list) and r for r in recs["reasons_en"])
    assert [len(r) for r in recs["reasons_ko"]] == [len(r) for r in recs["reasons_en"]]
    assert model.ease_lambda_ in model.ease_lambdas


def test_recommend_agrees_with_rank(model):
    recs = model.recommend(["u1", "u7"], k=5)
    ranked = model.rank(["u1", "u7"], k=5)
    for user in ("u1", "u7"):
        assert recs.loc[recs["entity_id"] == user, "item_id"].tolist() == ranked[user]


def test_parameters_are_stored_unchanged_and_clone_is_unfitted(model):
    params = {"ease_lambdas": [100.0, 400.0], "segment_columns": None, "rules": None, "seed": None}
    fresh = Recommender(**params)
    assert {k: fresh.get_params()[k] for k in params} == params
    assert fresh.get_params()["ease_lambdas"] is params["ease_lambdas"]
    copy = clone(model)
    assert copy.get_params() == model.get_params() and not copy.fitted_attributes()
    with pytest.raises(NotFittedError):
        copy.recommend(["u1"])
    assert model.fit_seconds_ > 0 and model.segment_columns is None
    assert model.segment_columns_ == ["gender", "occupation"]


def test_rank_covers_the_whole_catalogue_when_candidates_run_short(model, log):
    seen = set(log.interactions.loc[log.interactions["user"] == "u3", "item"])
    ranked = model.rank(["u3"], k=len(log.items))["u3"]
    assert len(ranked) == len(set(ranked)) == len(log.items) - len(seen)
    assert not seen & set(ranked)


def test_cold_start_user_is_served_from_the_profile(model, log):
    profile = pd.DataFrame({"age": [70], "gender": ["F"], "occupation": ["retired"]}, index=["newcomer"])
    recs = model.recommend(["newcomer"], k=5, user_features=profile)
    assert len(recs) == 5 and recs["item_id"].is_unique
    young = model.recommend(
        ["kid"],
        k=5,
        user_features=pd.DataFrame({"age": [12], "gender": ["M"], "occupation": ["student"]}, index=["kid"]),
    )
    assert set(young["item_id"]) <= set(log.items.index)


def test_hard_rules_filter_before_ranking(log):
    items = log.items.assign(
        min_age=np.where(np.arange(len(log.items)) % 2 == 0, 40.0, np.nan), max_age=np.nan
    )
    model = Recommender(
        n_candidates=30, rules=RuleSet([AgeRule()]), ranker_params={"n_estimators": 20}, cold_start_share=0.0
    ).fit(log.interactions, user_features=log.users, item_features=items)
    young = log.users.index[log.users["age"] < 40][0]
    recs = model.recommend([young], k=10)
    assert items.loc[recs["item_id"], "min_age"].isna().all()
    assert any("meets the minimum age" in r or "no age limit" in r for r in recs["reasons_en"].iloc[0])
    assert any("연령" in r for r in recs["reasons_ko"].iloc[0])


def test_store_round_trip_gives_the_same_recommendations(model, tmp_path):
    loaded = store.load(store.save(model, tmp_path / "rec"))
    a, b = model.recommend(["u5"], k=5), loaded.recommend(["u5"], k=5)
    pd.testing.assert_frame_equal(a, b)
    assert loaded.ease_curve_ == model.ease_curve_
    pd.testing.assert_frame_equal(loaded.item_features_, model.item_features_)


def test_rules_are_saved_with_the_model(log, tmp_path):
    items = log.items.assign(
        min_age=np.where(np.arange(len(log.items)) % 3 == 0, 50.0, np.nan), max_age=np.nan
    )
    model = Recommender(
        n_candidates=20, n_cuts=1, rules=RuleSet([AgeRule()]), ranker_params={"n_estimators": 10}
    ).fit(log.interactions, user_features=log.users, item_features=items)
    loaded = store.load(store.save(model, tmp_path / "ruled"))
    assert loaded.rules == model.rules
    young = log.users.index[log.users["age"] < 30][:3].tolist()
    pd.testing.assert_frame_equal(loaded.recommend(young, k=5), model.recommend(young, k=5))


def test_no_eligible_item_gives_an_empty_ranked_list(log):
    items = log.items.assign(min_age=200.0, max_age=np.nan)
    items.iloc[::4, items.columns.get_loc("min_age")] = np.nan  # a few items open to all, to train on
    model = Recommender(
        n_candidates=20, n_cuts=1, rules=RuleSet([AgeRule()]), ranker_params={"n_estimators": 10}
    ).fit(log.interactions, user_features=log.users, item_features=items)
    model.item_features_ = log.items.assign(min_age=200.0, max_age=np.nan)  # now nothing is open
    recs = check_ranked(model.recommend(["u1", "u2"], k=5))
    assert recs.empty and tuple(recs.columns) == RANKED_COLUMNS
