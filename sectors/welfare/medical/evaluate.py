"""Train and evaluate the next-year risk models on the synthetic records, split by person.

People are split once into train (with a validation share for early stopping) and test. Training
rows are person-years with cutoffs 1 January 2019 .. 2024 (label: the year after each cutoff); the
test rows are the test people at the last cutoff, 1 January 2025 (label year 2025, the last full
year of the records). No person is on both sides.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectors.welfare.medical.features import person_year_table, stacked_table
from sectors.welfare.medical.records import MedicalRecords
from sectors.welfare.medical.risk import AgeSexLogistic, RiskModel

TRAIN_CUTOFFS = [f"{y}-01-01" for y in range(2019, 2025)]
TEST_CUTOFF = "2025-01-01"


def split_persons(
    person_ids: list[str], seed: int = 0, test: float = 0.25, valid: float = 0.15
) -> dict[str, list]:
    """Split people (not rows) into ``train``, ``valid`` and ``test`` lists, reproducibly.

    Example:
        >>> s = split_persons([f"p{i}" for i in range(100)], seed=1)
        >>> len(s["test"]), len(s["valid"]), len(s["train"]), set(s["test"]) & set(s["train"])
        (25, 15, 60, set())
    """
    order = np.random.default_rng([seed, 18]).permutation(len(person_ids))
    ids = [person_ids[i] for i in order]
    n_test, n_valid = round(len(ids) * test), round(len(ids) * valid)
    return {"test": ids[:n_test], "valid": ids[n_test : n_test + n_valid], "train": ids[n_test + n_valid :]}


@dataclass
class RiskFit:
    """The fitted models and the test rows they were scored on."""

    model: RiskModel
    baseline: AgeSexLogistic
    X_test: pd.DataFrame
    y_test: pd.Series
    split: dict[str, list]
    train_rows: int


def fit_risk(records: MedicalRecords, *, seed: int = 0, model: RiskModel | None = None) -> RiskFit:
    """Fit the LightGBM risk model and the age-sex baseline on train people; return test rows too."""
    split = split_persons(records.person_ids, seed)
    X, y, _ = stacked_table(records, TRAIN_CUTOFFS, person_ids=split["train"])
    Xv, yv, _ = stacked_table(records, TRAIN_CUTOFFS[-2:], person_ids=split["valid"])
    model = (model or RiskModel(seed=seed)).fit(X, y, valid=(Xv, yv) if yv.nunique() == 2 else None)
    baseline = AgeSexLogistic().fit(X, y)
    Xt, yt = person_year_table(records, TEST_CUTOFF, person_ids=split["test"])
    return RiskFit(model, baseline, Xt, yt, split, len(X))


def calibration_table(y: np.ndarray, p: np.ndarray, bins: int = 10) -> pd.DataFrame:
    """Observed rate against mean prediction in ``bins`` quantile bins of the prediction.

    Example:
        >>> t = calibration_table(np.array([0, 0, 1, 1]), np.array([0.1, 0.2, 0.8, 0.9]), bins=2)
        >>> t[["n", "observed"]].values.tolist()
        [[2.0, 0.0], [2.0, 1.0]]
    """
    order = np.argsort(p, kind="stable")
    rows = []
    for k, part in enumerate(np.array_split(order, bins), start=1):
        if len(part):
            rows.append(
                {
                    "bin": k,
                    "n": float(len(part)),
                    "predicted": float(p[part].mean()),
                    "observed": float(y[part].mean()),
                }
            )
    return pd.DataFrame(rows)


def scores(y: np.ndarray, p: np.ndarray) -> dict[str, float]:
    """AUROC, AUPRC (average precision) and Brier score."""
    from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score

    y = np.asarray(y)
    if len(np.unique(y)) < 2:
        return {"auroc": float("nan"), "auprc": float("nan"), "brier": float(brier_score_loss(y, p))}
    return {
        "auroc": float(roc_auc_score(y, p)),
        "auprc": float(average_precision_score(y, p)),
        "brier": float(brier_score_loss(y, p)),
    }


LEVELS = ((0.15, "낮음", "low"), (0.35, "보통", "moderate"), (1.01, "높음", "high"))


def person_risk(
    model: RiskModel, records: MedicalRecords, person_id: str, *, on=None, top: int = 3
) -> dict | None:
    """One person's next-year risk on ``on`` (default: the records' reference date) with its main drivers.

    Returns ``{"probability", "level_ko", "level_en", "drivers", "drivers_en"}``, or None for a person
    the model does not cover (a child, or someone who died before ``on``).
    """
    on = pd.Timestamp(on or records.reference_date)
    X, _ = person_year_table(records, on, person_ids=[person_id])
    if not len(X):
        return None
    p = float(model.predict_proba(X)[0])
    ko, en = next((k, e) for limit, k, e in LEVELS if p < limit)
    return {
        "probability": p,
        "level_ko": ko,
        "level_en": en,
        "drivers": model.drivers(X, top=top, lang="ko")[0],
        "drivers_en": model.drivers(X, top=top, lang="en")[0],
        "features": X.iloc[0].to_dict(),
    }
