"""Person-year features and the next-year label, from the record tables as they stood at a cutoff date.

For a cutoff ``c`` every feature uses entries strictly before ``c`` (encounter counts over the last
one and three years, chronic conditions active at ``c``, the latest vital signs and labs, smoking
status, recent prescriptions), and the label looks at the year after: 1 when the person has an
inpatient (``IMP``) or emergency (``EMER``) encounter in ``[c, c + 1 year)`` or a chronic condition
that was not active before ``c`` starts in that year.

Example:
    >>> from sectors.welfare.medical.records import load_records
    >>> records = load_records()
    >>> X, y = person_year_table(records, "2025-01-01")
    >>> {"age", "sex_male", "n_emer_1y", "has_hypertension"} <= set(X.columns), len(X) == len(y)
    (True, True)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectors.welfare.medical.records import MedicalRecords

#: Chronic conditions (SNOMED CT) by group: features, and onset in the label year makes the label 1.
CHRONIC: dict[str, tuple[str, ...]] = {
    "hypertension": ("59621000", "38341003", "1201005"),
    "diabetes": ("44054006", "46635009", "73211009"),
    "prediabetes": ("714628002", "15777000"),
    "ckd": ("431855005", "431856006", "433144002", "431857002", "46177005", "709044004"),
    "copd": ("13645005", "185086009", "87433001"),
    "heart_failure": ("88805009", "84114007"),
    "coronary": ("53741008", "22298006", "399211009", "414545008"),
    "atrial_fibrillation": ("49436004",),
    "stroke": ("230690007",),
    "hyperlipidemia": ("55822004", "302870006"),
    "obesity": ("162864005",),
}
#: The groups whose onset counts in the label (prediabetes and obesity are risk factors, not onsets).
ONSET_GROUPS = (
    "hypertension",
    "diabetes",
    "ckd",
    "copd",
    "heart_failure",
    "coronary",
    "atrial_fibrillation",
    "stroke",
)
LABS: dict[str, str] = {
    "sbp": "8480-6",
    "dbp": "8462-4",
    "bmi": "39156-5",
    "hba1c": "4548-4",
    "glucose": "2339-0",
    "chol": "2093-3",
    "ldl": "18262-6",
    "hdl": "2085-9",
    "tg": "2571-8",
    "creatinine": "38483-4",
    "egfr": "33914-3",
    "hb": "718-7",
    "phq2": "55758-7",
}
SMOKING = {"449868002": 2.0, "77176002": 2.0, "65568007": 2.0, "8517006": 1.0, "266919005": 0.0}
ACUTE = ("IMP", "EMER")
FEATURE_LABELS: dict[str, tuple[str, str]] = {
    "age": ("나이", "age"),
    "sex_male": ("남성", "male"),
    "n_enc_1y": ("최근 1년 진료 횟수", "visits in the last year"),
    "n_enc_3y": ("최근 3년 진료 횟수", "visits in the last 3 years"),
    "n_emer_1y": ("최근 1년 응급실 방문", "emergency visits in the last year"),
    "n_emer_3y": ("최근 3년 응급실 방문", "emergency visits in the last 3 years"),
    "n_imp_3y": ("최근 3년 입원", "admissions in the last 3 years"),
    "days_since_acute": ("마지막 입원·응급 이후 일수", "days since the last admission or emergency visit"),
    "n_active_chronic": ("만성질환 수", "number of chronic conditions"),
    "n_active_disorders": ("진행 중인 질환 수", "number of active disorders"),
    "n_new_dx_1y": ("최근 1년 새 진단 수", "new diagnoses in the last year"),
    "n_meds_1y": ("최근 1년 처방 수", "prescriptions in the last year"),
    "smoking": ("흡연 상태", "smoking status"),
    **{f"has_{g}": (f"{g} 기록", f"recorded {g.replace('_', ' ')}") for g in CHRONIC},
    **{f"last_{k}": (f"최근 {k}", f"latest {k}") for k in LABS},
}
_KO_GROUP = {
    "hypertension": "고혈압",
    "diabetes": "당뇨병",
    "prediabetes": "당뇨 전단계",
    "ckd": "만성 콩팥병",
    "copd": "만성 폐쇄성 폐질환",
    "heart_failure": "심부전",
    "coronary": "관상동맥질환",
    "atrial_fibrillation": "심방세동",
    "stroke": "뇌졸중",
    "hyperlipidemia": "고지혈증",
    "obesity": "비만",
}
for _g, _ko in _KO_GROUP.items():
    FEATURE_LABELS[f"has_{_g}"] = (f"{_ko} 기록", FEATURE_LABELS[f"has_{_g}"][1])
FEATURE_LABELS.update(
    {
        "last_sbp": ("최근 수축기 혈압", "latest systolic BP"),
        "last_dbp": ("최근 이완기 혈압", "latest diastolic BP"),
        "last_bmi": ("최근 체질량지수", "latest BMI"),
        "last_hba1c": ("최근 당화혈색소", "latest HbA1c"),
        "last_glucose": ("최근 혈당", "latest glucose"),
        "last_chol": ("최근 총콜레스테롤", "latest total cholesterol"),
        "last_ldl": ("최근 LDL", "latest LDL"),
        "last_hdl": ("최근 HDL", "latest HDL"),
        "last_tg": ("최근 중성지방", "latest triglycerides"),
        "last_creatinine": ("최근 크레아티닌", "latest creatinine"),
        "last_egfr": ("최근 사구체여과율", "latest eGFR"),
        "last_hb": ("최근 혈색소", "latest haemoglobin"),
        "last_phq2": ("최근 우울 선별점수", "latest PHQ-2"),
    }
)


def _count(frame: pd.DataFrame, col: str, lo: pd.Timestamp, hi: pd.Timestamp, index: pd.Index) -> pd.Series:
    hit = frame[(frame[col] >= lo) & (frame[col] < hi)]
    return hit.groupby("person_id").size().reindex(index, fill_value=0).astype(float)


def _active(conditions: pd.DataFrame, codes: tuple[str, ...], at: pd.Timestamp) -> pd.DataFrame:
    c = conditions[conditions["code"].isin(codes)]
    return c[(c["onset"] < at) & (c["abatement"].isna() | (c["abatement"] >= at))]


def person_year_table(
    records: MedicalRecords, cutoff: str | pd.Timestamp, *, min_age: int = 18, person_ids=None
) -> tuple[pd.DataFrame, pd.Series]:
    """Features (index ``person_id``) of people alive and aged ``min_age``+ at ``cutoff``, and their label."""
    c = pd.Timestamp(cutoff)
    t = records.tables
    p = t["patients"].set_index("person_id")
    if person_ids is not None:
        p = p.loc[p.index.intersection(list(person_ids))]
    age = c.year - p["birth_date"].dt.year
    alive = p["death_date"].isna() | (p["death_date"] > c)
    p = p[alive & (age >= min_age) & (p["birth_date"] < c)]
    idx = p.index
    X = pd.DataFrame(index=idx)
    X["age"] = (c.year - p["birth_date"].dt.year).astype(float)
    X["sex_male"] = (p["sex"] == "M").astype(float)
    e = t["encounters"][t["encounters"]["person_id"].isin(idx)]
    y1, y3 = c - pd.DateOffset(years=1), c - pd.DateOffset(years=3)
    X["n_enc_1y"] = _count(e, "start", y1, c, idx)
    X["n_enc_3y"] = _count(e, "start", y3, c, idx)
    emer, imp = e[e["class"] == "EMER"], e[e["class"] == "IMP"]
    X["n_emer_1y"] = _count(emer, "start", y1, c, idx)
    X["n_emer_3y"] = _count(emer, "start", y3, c, idx)
    X["n_imp_3y"] = _count(imp, "start", y3, c, idx)
    acute = e[e["class"].isin(ACUTE) & (e["start"] < c)]
    last = acute.groupby("person_id")["start"].max().reindex(idx)
    X["days_since_acute"] = ((c - last).dt.days.astype(float)).fillna(3650.0).clip(upper=3650.0)
    cond = t["conditions"][t["conditions"]["person_id"].isin(idx)]
    n_chronic = pd.Series(0.0, index=idx)
    for group, codes in CHRONIC.items():
        has = _active(cond, codes, c).groupby("person_id").size().reindex(idx, fill_value=0) > 0
        X[f"has_{group}"] = has.astype(float)
        n_chronic += has
    X["n_active_chronic"] = n_chronic
    active = cond[(cond["onset"] < c) & (cond["abatement"].isna() | (cond["abatement"] >= c))]
    X["n_active_disorders"] = active.groupby("person_id").size().reindex(idx, fill_value=0).astype(float)
    X["n_new_dx_1y"] = _count(cond, "onset", y1, c, idx)
    X["n_meds_1y"] = _count(t["medications"][t["medications"]["person_id"].isin(idx)], "date", y1, c, idx)
    o = t["observations"]
    o = o[o["person_id"].isin(idx) & (o["date"] < c) & (o["date"] >= c - pd.DateOffset(years=5))]
    latest = o.sort_values("date").groupby(["person_id", "code"]).tail(1).set_index(["person_id", "code"])
    for name, code in LABS.items():
        values = (
            latest["value"].xs(code, level="code") if code in latest.index.get_level_values("code") else None
        )
        X[f"last_{name}"] = np.nan if values is None else values.reindex(idx).astype(float)
    if "72166-2" in latest.index.get_level_values("code"):
        smoke = latest["value_code"].xs("72166-2", level="code").map(SMOKING)
        X["smoking"] = smoke.reindex(idx).astype(float)
    else:
        X["smoking"] = np.nan
    # label: an admission or emergency visit, or a new chronic condition, in the next year
    nxt = c + pd.DateOffset(years=1)
    acute_next = _count(e[e["class"].isin(ACUTE)], "start", c, nxt, idx) > 0
    onset_codes = tuple(code for g in ONSET_GROUPS for code in CHRONIC[g])
    before = _active(cond, onset_codes, c)[["person_id", "code"]]
    new = cond[cond["code"].isin(onset_codes) & (cond["onset"] >= c) & (cond["onset"] < nxt)]
    new = new.merge(before.assign(old=1), on=["person_id", "code"], how="left")
    new = new[new["old"].isna()]
    onset_next = new.groupby("person_id").size().reindex(idx, fill_value=0) > 0
    y = (acute_next | onset_next).astype(int).rename("label")
    return X, y


def stacked_table(
    records: MedicalRecords, cutoffs: list[str | pd.Timestamp], *, person_ids=None, min_age: int = 18
) -> tuple[pd.DataFrame, pd.Series, pd.Series]:
    """Person-year rows over several cutoffs: features, labels and the person id of each row (for splits)."""
    parts = [person_year_table(records, c, person_ids=person_ids, min_age=min_age) for c in cutoffs]
    X = pd.concat([p[0] for p in parts])
    y = pd.concat([p[1] for p in parts])
    persons = pd.Series(X.index.to_numpy(), name="person_id")
    return X.reset_index(drop=True), y.reset_index(drop=True), persons
