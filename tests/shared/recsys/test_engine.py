import numpy as np
import pandas as pd
import pytest

from shared import store
from shared.recsys import AgeRule, Recommender, RuleSet, generate_interactions


@pytest.fixture(scope="module")
def log():
    return generate_interactions(n_users=120, n_items=90, mean_length=25, seed=5)


@pytest.fixture(scope="module")
def model(log):
    return Recommender(n_candidates=30, ranker_params={"n_estimators": 40}, seed=1).fit(
        log.interactions, user_features=log.users, item_features=log.items
    )


def test_recommendations_exclude_seen_items_and_carry_reasons(log, model):
    recs = model.recommend(["u1", "u2"], k=5)
    assert recs.groupby("user").size().tolist() == [5, 5]
    seen = set(log.interactions.loc[log.interactions["user"] == "u1", "item"])
    assert not seen & set(recs.loc[recs["user"] == "u1", "item"])
    assert (recs.groupby("user")["score"].apply(lambda s: s.is_monotonic_decreasing)).all()
    assert all(isinstance(r, list) and r for r in recs["reasons"])
    assert model.ease_lambda in model.ease_lambdas


def test_rank_covers_the_whole_catalogue_when_candidates_run_short(model, log):
    seen = set(log.interactions.loc[log.interactions["user"] == "u3", "item"])
    ranked = model.rank(["u3"], k=len(log.items))["u3"]
    assert len(ranked) == len(set(ranked)) == len(log.items) - len(seen)
    assert not seen & set(ranked)


def test_cold_start_user_is_served_from_the_profile(model, log):
    profile = pd.DataFrame({"age": [70], "gender": ["F"], "occupation": ["retired"]}, index=["newcomer"])
    recs = model.recommend(["newcomer"], k=5, user_features=profile)
    assert len(recs) == 5 and recs["item"].is_unique
    young = model.recommend(
        ["kid"],
        k=5,
        user_features=pd.DataFrame({"age": [12], "gender": ["M"], "occupation": ["student"]}, index=["kid"]),
    )
    assert set(young["item"]) <= set(log.items.index)


def test_hard_rules_filter_before_ranking(log):
    items = log.items.assign(
        min_age=np.where(np.arange(len(log.items)) % 2 == 0, 40.0, np.nan), max_age=np.nan
    )
    model = Recommender(
        n_candidates=30, rules=RuleSet([AgeRule()]), ranker_params={"n_estimators": 20}, cold_start_share=0.0
    ).fit(log.interactions, user_features=log.users, item_features=items)
    young = log.users.index[log.users["age"] < 40][0]
    recs = model.recommend([young], k=10)
    assert items.loc[recs["item"], "min_age"].isna().all()
    assert any("meets the minimum age" in r or "no age limit" in r for r in recs["reasons"].iloc[0])


def test_store_round_trip_gives_the_same_recommendations(model, tmp_path):
    loaded = store.load(store.save(model, tmp_path / "rec"))
    a, b = model.recommend(["u5"], k=5), loaded.recommend(["u5"], k=5)
    assert a["item"].tolist() == b["item"].tolist()
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-6)
