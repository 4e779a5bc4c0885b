"""The risk models: sklearn-style contract, store round trip, person split, features and labels."""

import numpy as np
import pandas as pd
from sklearn.base import clone

from sectors.welfare.medical import (
    AgeSexLogistic,
    RiskModel,
    fit_risk,
    load_records,
    person_risk,
    split_persons,
)
from sectors.welfare.medical.evaluate import calibration_table, scores
from sectors.welfare.medical.features import person_year_table
from shared import store


def _toy(n=600, seed=0):
    g = np.random.default_rng(seed)
    X = pd.DataFrame(
        {
            "age": g.integers(20, 90, n).astype(float),
            "sex_male": g.integers(0, 2, n).astype(float),
            "n_emer_1y": g.poisson(0.5, n).astype(float),
            "has_diabetes": g.integers(0, 2, n).astype(float),
        }
    )
    logit = -3 + 0.03 * X["age"] + 1.2 * X["n_emer_1y"] + 0.8 * X["has_diabetes"]
    y = (g.random(n) < 1 / (1 + np.exp(-logit))).astype(int)
    return X, y


def test_params_only_in_init_and_clone_works():
    m = RiskModel(n_estimators=30, num_leaves=7, seed=3)
    assert clone(m).get_params() == m.get_params()
    assert not [k for k in vars(m) if k.endswith("_")]
    assert clone(AgeSexLogistic(C=0.5)).C == 0.5


def test_lightgbm_learns_the_record_signal_the_baseline_cannot(tmp_path):
    X, y = _toy()
    Xt, yt = _toy(seed=1)
    model = RiskModel(n_estimators=80, seed=0).fit(X, y)
    base = AgeSexLogistic().fit(X, y)
    assert scores(yt, model.predict_proba(Xt))["auroc"] > scores(yt, base.predict_proba(Xt))["auroc"] + 0.05
    assert set(model.predict(Xt)) <= {0, 1} and len(base.predict(Xt)) == len(Xt)
    for m in (model, base):
        loaded = store.load(store.save(m, tmp_path / m.name))
        np.testing.assert_allclose(loaded.predict_proba(Xt), m.predict_proba(Xt))
    words = model.drivers(Xt.iloc[:5], top=2, lang="en")
    assert len(words) == 5 and all(len(w) <= 2 for w in words)


def test_split_is_by_person_and_reproducible():
    ids = [f"p{i}" for i in range(200)]
    a, b = split_persons(ids, seed=4), split_persons(ids, seed=4)
    assert a == b
    assert not set(a["train"]) & set(a["test"]) and not set(a["valid"]) & set(a["test"])
    assert sorted(a["train"] + a["valid"] + a["test"]) == sorted(ids)


def test_calibration_table_bins_cover_every_row():
    g = np.random.default_rng(0)
    p = g.random(503)
    y = (g.random(503) < p).astype(int)
    t = calibration_table(y, p)
    assert t["n"].sum() == 503 and len(t) == 10
    assert t["predicted"].is_monotonic_increasing


def test_features_use_only_the_past_and_labels_look_one_year_ahead():
    records = load_records()
    X, y = person_year_table(records, "2024-01-01")
    assert set(y.unique()) <= {0, 1} and len(X) == len(y) > 20
    assert (X["age"] >= 18).all()
    assert X["days_since_acute"].between(0, 3650).all()
    enc = records.tables["encounters"]
    # anyone with an emergency visit in 2024 is labelled 1 for the 2024 cutoff
    emer_2024 = set(enc[(enc["class"] == "EMER") & (enc["start"].dt.year == 2024)]["person_id"])
    assert y[y.index.isin(emer_2024)].eq(1).all()


def test_fit_risk_on_the_bundled_records_and_one_persons_drivers():
    records = load_records()
    fit = fit_risk(records, seed=0)
    assert not set(fit.split["test"]) & set(fit.split["train"])
    assert set(fit.X_test.index) <= set(fit.split["test"])
    p = fit.model.predict_proba(fit.X_test)
    assert ((p > 0) & (p < 1)).all()
    pid = fit.X_test.index[0]
    risk = person_risk(fit.model, records, pid)
    assert 0 < risk["probability"] < 1 and risk["level_en"] in {"low", "moderate", "high"}
    assert isinstance(risk["drivers"], list)
