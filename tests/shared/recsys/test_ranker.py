import numpy as np
import pandas as pd
import pytest

from shared import store
from shared.errors import DataError
from shared.estimator import NotFittedError
from shared.recsys.ranker import LambdaRanker, group_sizes


def _data(n_queries=60, per=12, seed=0):
    g = np.random.default_rng(seed)
    X = pd.DataFrame({"match": g.random(n_queries * per), "noise": g.random(n_queries * per)})
    y = np.digitize(X["match"], [0.6, 0.85])  # graded relevance 0, 1, 2 driven by "match"
    groups = np.repeat(np.arange(n_queries), per)
    return X, y, groups


def test_learns_the_relevant_feature_and_ranks_well():
    X, y, groups = _data()
    ranker = LambdaRanker(n_estimators=60, min_child_samples=5).fit(X, y, groups)
    Xt, yt, gt = _data(seed=1)
    scores = ranker.predict(Xt)
    # the top-scored candidate of each test query is almost always a relevant one
    top = pd.DataFrame({"s": scores, "y": yt, "g": gt}).sort_values("s", ascending=False).groupby("g").head(1)
    assert (top["y"] > 0).mean() > 0.9
    assert ranker.feature_importance().index[0] == "match"


def test_reasons_name_the_features_that_pushed_the_score_up():
    X, y, groups = _data()
    ranker = LambdaRanker(n_estimators=60, min_child_samples=5).fit(X, y, groups)
    best = X.iloc[[int(np.argmax(X["match"]))]]
    reasons = ranker.reasons(best, labels={"match": "skills match"})
    assert reasons[0][0].startswith("skills match (")
    worst = X.iloc[[int(np.argmin(X["match"]))]]
    assert not any(
        r.startswith("skills match") for r in ranker.reasons(worst, labels={"match": "skills match"})[0]
    )


def test_early_stopping_with_validation_set():
    X, y, groups = _data()
    Xv, yv, gv = _data(seed=2)
    ranker = LambdaRanker(n_estimators=500, early_stopping_rounds=10, min_child_samples=5)
    ranker.fit(X, y, groups, eval_set=(Xv, yv, gv))
    assert ranker.best_iteration_ is not None and ranker.best_iteration_ < 500


def test_round_trip_through_the_store(tmp_path):
    X, y, groups = _data()
    ranker = LambdaRanker(n_estimators=30, min_child_samples=5).fit(X, y, groups)
    loaded = store.load(store.save(ranker, tmp_path / "r"))
    np.testing.assert_array_equal(ranker.predict(X), loaded.predict(X))
    assert loaded.reasons(X.head(2)) == ranker.reasons(X.head(2))


def test_clear_errors():
    with pytest.raises(DataError, match="not contiguous"):
        group_sizes([1, 1, 2, 1])
    X, y, groups = _data()
    with pytest.raises(DataError, match="not numeric"):
        LambdaRanker().fit(X.assign(noise="x"), y, groups)
    ranker = LambdaRanker(n_estimators=5, min_child_samples=5).fit(X, y, groups)
    with pytest.raises(DataError, match="missing"):
        ranker.predict(X[["noise"]])
    with pytest.raises(NotFittedError, match="not fitted"):
        LambdaRanker().predict(X)
