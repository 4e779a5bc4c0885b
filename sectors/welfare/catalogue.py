"""The welfare service catalogue: the central list and the Bokjiro crawl as one table of services.

The 368 central services (with selection criteria) and the 1,043 Bokjiro entries share ids: 365
central services also appear in the crawl, which adds structured fields (age bands, target traits,
household scope, region). The union has 1,046 services.

Example:
    >>> cat = load_catalogue()            # the bundled sample when no data folder is given
    >>> {"service_id", "service", "source", "target_text", "criteria_text"} <= set(cat.columns)
    True
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from shared import data as datasets
from shared.errors import DataError

DATASET = "welfare/bokjiro"

COLUMNS = [
    "service_id",
    "service",
    "source",
    "agency",
    "summary",
    "target_text",
    "criteria_text",
    "benefit_text",
    "description",
    "frequency",
    "payment",
    "category",
    "url",
    "region_field",
    "traits",
    "household_scope",
    "income_basis",
    "age_bands",
    "life_stage",
    "online",
]

_CENTRAL = {
    "서비스ID": "service_id",
    "서비스명": "service",
    "소관부처": "agency",
    "서비스개요": "summary",
    "지원대상상세": "target_text",
    "선정기준": "criteria_text",
    "지원내용": "benefit_text",
    "지원주기": "frequency",
    "지급방식": "payment",
    "카테고리": "category",
    "상세링크": "url",
}
_LOCAL = {
    "복지사업ID": "service_id",
    "복지사업명": "service",
    "소관기관": "agency",
    "설명": "description",
    "주소": "region_field",
    "대상특성": "traits",
    "지원범위": "household_scope",
    "기준": "income_basis",
    "지원가능한 나이": "age_bands",
    "생애주기": "life_stage",
    "지원주기": "frequency",
    "지급 방식": "payment",
    "온라인신청": "online",
}
_FROM_LOCAL_ONTO_CENTRAL = [
    "region_field",
    "traits",
    "household_scope",
    "income_basis",
    "age_bands",
    "life_stage",
    "online",
]


def unify(central: pd.DataFrame, local: pd.DataFrame) -> pd.DataFrame:
    """One row per service id, in :data:`COLUMNS`; central rows keep their own text and gain the crawl's fields."""
    for frame, mapping, name in ((central, _CENTRAL, "central"), (local, _LOCAL, "local")):
        missing = [c for c in mapping if c not in frame.columns]
        if missing:
            raise DataError(f"the {name} catalogue lacks columns {missing}", column=missing[0])
    c = central.rename(columns=_CENTRAL)[list(_CENTRAL.values())].copy()
    c["source"] = "central"
    loc = local.rename(columns=_LOCAL)[list(_LOCAL.values())].drop_duplicates("service_id").copy()
    loc["source"] = "local"
    extra = loc.set_index("service_id")[_FROM_LOCAL_ONTO_CENTRAL]
    c = c.join(extra, on="service_id")
    local_only = loc[~loc["service_id"].isin(set(c["service_id"]))]
    out = pd.concat([c, local_only], ignore_index=True)
    for col in COLUMNS:
        if col not in out.columns:
            out[col] = pd.NA
    out = out[COLUMNS].astype(object).where(out[COLUMNS].notna(), None)
    for col in ("service", "agency"):
        out[col] = out[col].map(lambda v: v.strip() if isinstance(v, str) else v)
    return out.reset_index(drop=True)


def load_catalogue(data_dir: str | Path | None = None) -> pd.DataFrame:
    """The unified catalogue from ``data_dir`` / CIVIC_DATA_DIR, or the bundled sample."""
    tables = datasets.load(DATASET, data_dir)
    return unify(tables["central"], tables["local"])


def catalogue_origin(data_dir: str | Path | None = None) -> str:
    """Where the catalogue comes from: "--data", "CIVIC_DATA_DIR" or "bundled"."""
    return datasets.locate(DATASET, data_dir)[1]
