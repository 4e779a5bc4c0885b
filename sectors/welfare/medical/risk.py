"""Next-year risk of hospitalisation (inpatient or emergency) or chronic onset: LightGBM and its baseline.

:class:`RiskModel` is a LightGBM classifier on the features of :mod:`sectors.welfare.medical.features`;
:meth:`RiskModel.drivers` gives each person's main drivers (LightGBM's per-feature contributions).
:class:`AgeSexLogistic` is the baseline every risk model must beat: a logistic regression on age,
age squared, sex and age x sex. Both follow the suite's model contract (parameters only in
``__init__``, fitted state in trailing-underscore attributes) and save through :mod:`shared.store`.

Example:
    >>> import numpy as np, pandas as pd
    >>> g = np.random.default_rng(0)
    >>> X = pd.DataFrame({"age": g.integers(20, 90, 400).astype(float), "sex_male": g.integers(0, 2, 400).astype(float)})
    >>> y = (g.random(400) < X["age"] / 100).astype(int)
    >>> base = AgeSexLogistic().fit(X, y)
    >>> bool(base.predict_proba(X.iloc[:1])[0] < base.predict_proba(pd.DataFrame({"age": [89.0], "sex_male": [0.0]}))[0])
    True
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import lightgbm as lgb
import numpy as np
import pandas as pd

from sectors.welfare.medical.features import FEATURE_LABELS
from shared.errors import DataError
from shared.estimator import Estimator
from shared.store import register

#: The LightGBM settings of :class:`RiskModel`, in one place. The suite's ranker configuration
#: (:data:`shared.recsys.pipeline.RANKER_DEFAULTS`) is for LambdaRank and does not fit a binary
#: classifier, so the risk model keeps its own dict here: a small, regularised forest (15 leaves,
#: 40 people a leaf, 80 % feature and row subsampling, L2 1.0) that does not overfit 4,000 person-years.
#: The first four entries are also :class:`RiskModel`'s parameter defaults; ``params=`` overrides any.
RISK_LGBM_PARAMS: dict[str, Any] = {
    "learning_rate": 0.03,
    "num_leaves": 15,
    "min_child_samples": 40,
    "objective": "binary",
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
    "lambda_l2": 1.0,
    "verbosity": -1,
}
#: Boosting rounds (the most; early stopping on a validation set may stop sooner) and its patience.
RISK_ROUNDS = 400
RISK_EARLY_STOPPING = 50


def _check_frame(X: Any, columns: list[str], who: str) -> pd.DataFrame:
    """``X`` if it is a DataFrame with numeric ``columns``, else a DataError naming what is wrong."""
    if not isinstance(X, pd.DataFrame):
        raise DataError(f"{who}: features must be a pandas DataFrame", expected=", ".join(columns))
    for col in columns:
        if col not in X.columns:
            raise DataError(f"{who}: feature column is missing", column=col, expected=", ".join(columns))
        if not (pd.api.types.is_numeric_dtype(X[col]) or pd.api.types.is_bool_dtype(X[col])):
            raise DataError(f"{who}: feature column is not numeric", column=col, expected="numbers")
    return X


def _age_sex_design(X: pd.DataFrame) -> np.ndarray:
    X = _check_frame(X, ["age", "sex_male"], "age_sex_logistic")
    age = (X["age"].to_numpy(float) - 50.0) / 20.0
    male = X["sex_male"].to_numpy(float)
    return np.column_stack([age, age**2, male, age * male])


def _feature_words(name: str, value: float, lang: str) -> str:
    """A feature and its value in words: '여성' rather than 'sex_male 0', '고혈압 기록' rather than '1'."""
    ko = lang == "ko"
    if name == "sex_male":
        return ("남성" if value == 1 else "여성") if ko else ("male" if value == 1 else "female")
    label_ko, label_en = FEATURE_LABELS.get(name, (name, name))
    label = label_ko if ko else label_en
    if name.startswith("has_"):
        return label if value == 1 else (f"{label} 없음" if ko else f"no {label}")
    if name == "smoking":
        words = {
            0.0: ("비흡연", "never smoked"),
            1.0: ("과거 흡연", "former smoker"),
            2.0: ("현재 흡연", "current smoker"),
        }
        return words.get(value, ("흡연 기록 없음", "no smoking record"))[0 if ko else 1]
    return f"{label} {'-' if pd.isna(value) else f'{value:g}'}"


@register
class AgeSexLogistic(Estimator):
    """Logistic regression on age, age squared, sex and age x sex (the ``age_sex_logistic`` baseline)."""

    intended_use = "The baseline of the medical-risk model: next-year risk from age and sex alone."
    limitations = (
        "Trained and scored on SYNTHETIC US-flavoured records (Synthea; AUROC 0.54 there); not a clinical"
        " risk estimate and not for decisions about a person."
    )

    name = "age_sex_logistic"
    store_kind = "welfare.medical.age_sex_logistic"
    store_version = 2

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def fit(self, X: pd.DataFrame, y) -> AgeSexLogistic:
        """Fit on the ``age`` and ``sex_male`` columns of ``X``."""
        from sklearn.linear_model import LogisticRegression

        design = _age_sex_design(X)
        lr = LogisticRegression(C=self.C, max_iter=1000).fit(design, np.asarray(y))
        self.coef_ = lr.coef_.ravel().astype(float)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of the event for each row."""
        self._check_fitted()
        z = _age_sex_design(X) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, X: pd.DataFrame, threshold: float = 0.5) -> np.ndarray:
        """0/1 prediction at ``threshold``."""
        return (self.predict_proba(X) >= threshold).astype(int)

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from shared.estimator_checks import ConformanceCase

        X, y = _toy_people(200)
        return ConformanceCase(
            make=lambda: cls(C=0.5),
            fit=lambda m: m.fit(X, y),
            predict=lambda m: m.predict_proba(X),
            schema="array",
            bad_input=lambda m: m.predict_proba(X.drop(columns="sex_male")),
        )


def _toy_people(n: int, seed: int = 0) -> tuple[pd.DataFrame, np.ndarray]:
    """Tiny seeded people (age, sex, emergency visits) whose risk grows with age and visits."""
    g = np.random.default_rng(seed)
    X = pd.DataFrame(
        {
            "age": g.integers(20, 90, n).astype(float),
            "sex_male": g.integers(0, 2, n).astype(float),
            "n_emer_1y": g.poisson(0.5, n).astype(float),
        }
    )
    logit = -3 + 0.03 * X["age"] + 1.2 * X["n_emer_1y"]
    return X, (g.random(n) < 1 / (1 + np.exp(-logit))).astype(int)


@register
class RiskModel(Estimator):
    """LightGBM on record features (:data:`RISK_LGBM_PARAMS`); early stopping on a validation set when one is given.

    ``params`` overrides entries of :data:`RISK_LGBM_PARAMS` (e.g. ``{"lambda_l2": 0.0}``).
    """

    intended_use = (
        "Ranking people by the chance of an inpatient or emergency visit or a new chronic condition next "
        "year, to prioritise public-health outreach in a pilot."
    )
    limitations = (
        "Trained and scored only on SYNTHETIC US-flavoured records (Synthea, 2,000 people; AUROC 0.77 "
        "there), which measures what the generator makes predictable, not real clinical risk; not for "
        "individual clinical or benefit decisions before validation on Korean records."
    )

    name = "lightgbm"
    store_kind = "welfare.medical.risk_lightgbm"
    store_version = 2

    def __init__(
        self,
        n_estimators: int = RISK_ROUNDS,
        learning_rate: float = RISK_LGBM_PARAMS["learning_rate"],
        num_leaves: int = RISK_LGBM_PARAMS["num_leaves"],
        min_child_samples: int = RISK_LGBM_PARAMS["min_child_samples"],
        seed: int = 0,
        n_jobs: int = 1,
        params: Mapping[str, Any] | None = None,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.seed = seed
        self.n_jobs = n_jobs
        self.params = params

    def _params(self) -> dict:
        return {
            **RISK_LGBM_PARAMS,
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "seed": self.seed,
            "num_threads": self.n_jobs,
            **(self.params or {}),
        }

    def _matrix(self, X: pd.DataFrame) -> np.ndarray:
        self._check_fitted()
        return _check_frame(X, self.feature_names_, "risk_lightgbm")[self.feature_names_].to_numpy(float)

    def fit(self, X: pd.DataFrame, y, *, valid: tuple[pd.DataFrame, object] | None = None) -> RiskModel:
        """Fit on features ``X`` and 0/1 labels ``y``; ``valid=(Xv, yv)`` turns on early stopping."""
        if not isinstance(X, pd.DataFrame):
            raise DataError("risk_lightgbm: features must be a pandas DataFrame", expected="numeric columns")
        names = [str(c) for c in X.columns]
        _check_frame(X, names, "risk_lightgbm")
        train = lgb.Dataset(X.to_numpy(float), np.asarray(y), feature_name=names, free_raw_data=True)
        sets, callbacks = [], [lgb.log_evaluation(0)]
        if valid is not None:
            Xv, yv = valid
            Xv = _check_frame(Xv, names, "risk_lightgbm (validation)")
            sets = [lgb.Dataset(Xv[names].to_numpy(float), np.asarray(yv), reference=train)]
            callbacks.append(lgb.early_stopping(RISK_EARLY_STOPPING, verbose=False))
        self.feature_names_ = names
        self.booster_ = lgb.train(
            self._params(), train, self.n_estimators, valid_sets=sets, callbacks=callbacks
        )
        self.best_iteration_ = int(self.booster_.best_iteration or self.booster_.current_iteration())
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of the event for each row."""
        matrix = self._matrix(X)
        return self.booster_.predict(matrix, num_iteration=self.best_iteration_)

    def predict(self, X: pd.DataFrame, threshold: float = 0.5) -> np.ndarray:
        """0/1 prediction at ``threshold``."""
        return (self.predict_proba(X) >= threshold).astype(int)

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per-row, per-feature contributions to the log-odds (LightGBM ``pred_contrib``), plus ``bias``."""
        matrix = self._matrix(X)
        raw = self.booster_.predict(matrix, num_iteration=self.best_iteration_, pred_contrib=True)
        return pd.DataFrame(raw, index=X.index, columns=[*self.feature_names_, "bias"])

    def drivers(self, X: pd.DataFrame, *, top: int = 3, lang: str = "ko") -> list[list[str]]:
        """For each row, the ``top`` features that raise the risk most, in words with their value."""
        contrib = self.contributions(X).drop(columns="bias")
        out = []
        for i, (_, row) in enumerate(contrib.iterrows()):
            words = []
            for name in row.sort_values(ascending=False).index[:top]:
                if row[name] <= 0:
                    break
                value = X.iloc[i][name]
                words.append(f"{_feature_words(name, value, lang)} (+{row[name]:.2f})")
            out.append(words)
        return out

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from shared.estimator_checks import ConformanceCase

        X, y = _toy_people(300)
        return ConformanceCase(
            make=lambda: cls(n_estimators=20, num_leaves=4, min_child_samples=10),
            fit=lambda m: m.fit(X, y),
            predict=lambda m: m.predict_proba(X),
            schema="array",
            bad_input=lambda m: m.predict_proba(X.assign(age="old")),
        )
