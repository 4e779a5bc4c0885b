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

import lightgbm as lgb
import numpy as np
import pandas as pd

from sectors.welfare.medical.features import FEATURE_LABELS
from shared.store import ModelState, register


def _age_sex_design(X: pd.DataFrame) -> np.ndarray:
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
class AgeSexLogistic:
    """Logistic regression on age, age squared, sex and age x sex (the ``age_sex_logistic`` baseline)."""

    name = "age_sex_logistic"
    store_kind = "welfare.medical.age_sex_logistic"
    store_version = 1

    def __init__(self, C: float = 1.0) -> None:
        self.C = C

    def get_params(self, deep: bool = True) -> dict:
        """Parameters (scikit-learn convention)."""
        return {"C": self.C}

    def set_params(self, **params) -> AgeSexLogistic:
        """Set parameters (scikit-learn convention)."""
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def fit(self, X: pd.DataFrame, y) -> AgeSexLogistic:
        """Fit on the ``age`` and ``sex_male`` columns of ``X``."""
        from sklearn.linear_model import LogisticRegression

        lr = LogisticRegression(C=self.C, max_iter=1000).fit(_age_sex_design(X), np.asarray(y))
        self.coef_ = lr.coef_.ravel().astype(float)
        self.intercept_ = float(lr.intercept_[0])
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of the event for each row."""
        z = _age_sex_design(X) @ self.coef_ + self.intercept_
        return 1.0 / (1.0 + np.exp(-z))

    def predict(self, X: pd.DataFrame, threshold: float = 0.5) -> np.ndarray:
        """0/1 prediction at ``threshold``."""
        return (self.predict_proba(X) >= threshold).astype(int)

    def to_state(self) -> ModelState:
        """Coefficients as arrays."""
        return ModelState(
            params={"C": self.C, "intercept": self.intercept_}, arrays={"coef": np.asarray(self.coef_, float)}
        )

    @classmethod
    def from_state(cls, state: ModelState) -> AgeSexLogistic:
        """Rebuild from :meth:`to_state`."""
        model = cls(C=state.params["C"])
        model.coef_ = np.asarray(state.arrays["coef"], float)
        model.intercept_ = float(state.params["intercept"])
        return model


@register
class RiskModel:
    """LightGBM on record features; early stopping on a validation set when one is given."""

    name = "lightgbm"
    store_kind = "welfare.medical.risk_lightgbm"
    store_version = 1

    def __init__(
        self,
        n_estimators: int = 400,
        learning_rate: float = 0.03,
        num_leaves: int = 15,
        min_child_samples: int = 40,
        seed: int = 0,
        n_jobs: int = 1,
    ) -> None:
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.seed = seed
        self.n_jobs = n_jobs

    def get_params(self, deep: bool = True) -> dict:
        """Parameters (scikit-learn convention)."""
        return {
            k: getattr(self, k)
            for k in ("n_estimators", "learning_rate", "num_leaves", "min_child_samples", "seed", "n_jobs")
        }

    def set_params(self, **params) -> RiskModel:
        """Set parameters (scikit-learn convention)."""
        for k, v in params.items():
            setattr(self, k, v)
        return self

    def _params(self) -> dict:
        return {
            "objective": "binary",
            "learning_rate": self.learning_rate,
            "num_leaves": self.num_leaves,
            "min_child_samples": self.min_child_samples,
            "feature_fraction": 0.8,
            "bagging_fraction": 0.8,
            "bagging_freq": 1,
            "lambda_l2": 1.0,
            "seed": self.seed,
            "num_threads": self.n_jobs,
            "verbosity": -1,
        }

    def fit(self, X: pd.DataFrame, y, *, valid: tuple[pd.DataFrame, object] | None = None) -> RiskModel:
        """Fit on features ``X`` and 0/1 labels ``y``; ``valid=(Xv, yv)`` turns on early stopping."""
        self.feature_names_ = list(X.columns)
        train = lgb.Dataset(
            X.to_numpy(float), np.asarray(y), feature_name=self.feature_names_, free_raw_data=True
        )
        sets, callbacks = [], [lgb.log_evaluation(0)]
        if valid is not None:
            Xv, yv = valid
            sets = [lgb.Dataset(Xv[self.feature_names_].to_numpy(float), np.asarray(yv), reference=train)]
            callbacks.append(lgb.early_stopping(50, verbose=False))
        self.booster_ = lgb.train(
            self._params(), train, self.n_estimators, valid_sets=sets, callbacks=callbacks
        )
        self.best_iteration_ = int(self.booster_.best_iteration or self.booster_.current_iteration())
        return self

    def predict_proba(self, X: pd.DataFrame) -> np.ndarray:
        """Probability of the event for each row."""
        return self.booster_.predict(
            X[self.feature_names_].to_numpy(float), num_iteration=self.best_iteration_
        )

    def predict(self, X: pd.DataFrame, threshold: float = 0.5) -> np.ndarray:
        """0/1 prediction at ``threshold``."""
        return (self.predict_proba(X) >= threshold).astype(int)

    def contributions(self, X: pd.DataFrame) -> pd.DataFrame:
        """Per-row, per-feature contributions to the log-odds (LightGBM ``pred_contrib``), plus ``bias``."""
        raw = self.booster_.predict(
            X[self.feature_names_].to_numpy(float), num_iteration=self.best_iteration_, pred_contrib=True
        )
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

    def to_state(self) -> ModelState:
        """Parameters, the feature list and the booster (LightGBM text)."""
        return ModelState(
            params={
                **self.get_params(),
                "feature_names": list(self.feature_names_),
                "best_iteration": self.best_iteration_,
            },
            boosters={"booster": self.booster_},
        )

    @classmethod
    def from_state(cls, state: ModelState) -> RiskModel:
        """Rebuild from :meth:`to_state`."""
        p = dict(state.params)
        names, best = p.pop("feature_names"), p.pop("best_iteration")
        model = cls(**p)
        model.feature_names_ = list(names)
        model.best_iteration_ = int(best)
        model.booster_ = state.boosters["booster"]
        return model
