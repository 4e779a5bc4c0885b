"""The service catalogue with its extracted conditions and benefit values: what matching works on.

Example:
    >>> cat = catalogue_for()                        # the bundled sample (cached per process)
    >>> cov = cat.coverage()
    >>> int(cov.loc["age", "services"]) > 0
    True
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sectors.welfare.benefits import benefit_value
from sectors.welfare.catalogue import catalogue_origin, load_catalogue
from sectors.welfare.conditions import KINDS, OTHER, Condition
from sectors.welfare.extract import extract_all

#: A benefit of at least this much a year (100,000 KRW a month), read from the catalogue, is "high value".
HIGH_VALUE_KRW = 1_200_000.0
LOCAL_CATEGORY = "지자체·기타"

Extractor = Callable[[Iterable[Mapping[str, Any]]], dict[str, list[Condition]]]


@dataclass
class ServiceCatalogue:
    """Services (one row each, in a fixed order) and the conditions of each, keyed by service id."""

    services: pd.DataFrame
    conditions: dict[str, list[Condition]]
    origin: str = "bundled"
    meta: dict[str, Any] = field(default_factory=dict)

    def __len__(self) -> int:
        return len(self.services)

    @property
    def ids(self) -> list[str]:
        """Service ids in catalogue order."""
        return self.services["service_id"].tolist()

    def coverage(self) -> pd.DataFrame:
        """For how many services each kind of condition was extracted (and how many need review)."""
        n = len(self.services)
        rows = {}
        for kind in (*KINDS, OTHER):
            count = sum(any(c.kind == kind for c in cs) for cs in self.conditions.values())
            rows[kind] = {"services": count, "share": count / n if n else np.nan}
        none = sum(not cs for cs in self.conditions.values())
        review = sum(any(not c.decidable for c in cs) or not cs for cs in self.conditions.values())
        rows["(no condition found)"] = {"services": none, "share": none / n if n else np.nan}
        rows["(needs review: some condition undecidable)"] = {
            "services": review,
            "share": review / n if n else np.nan,
        }
        return pd.DataFrame.from_dict(rows, orient="index")

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (services table and conditions), for the model store."""
        services = self.services.astype(object).where(self.services.notna(), None)
        return {
            "services": services.to_dict(orient="list"),
            "conditions": {k: [c.to_json() for c in v] for k, v in self.conditions.items()},
            "origin": self.origin,
            "meta": self.meta,
        }

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> ServiceCatalogue:
        """The inverse of :meth:`to_json`."""
        services = pd.DataFrame(data["services"])
        for col in ("benefit_krw_year", "value"):
            services[col] = pd.to_numeric(services[col], errors="coerce")
        for col in ("value_imputed", "high_value"):
            services[col] = services[col].astype(bool)
        conditions = {k: [Condition.from_json(c) for c in v] for k, v in data["conditions"].items()}
        return cls(services, conditions, data.get("origin", "stored"), dict(data.get("meta", {})))


def _values(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame[
        [
            "service_id",
            "service",
            "source",
            "agency",
            "category",
            "payment",
            "frequency",
            "url",
            "region_field",
        ]
    ].copy()
    out["category"] = out["category"].where(out["category"].notna(), LOCAL_CATEGORY)
    parsed = [
        benefit_value(
            r["benefit_text"] if r["source"] == "central" else r["description"], r["frequency"], r["payment"]
        )
        for r in frame.to_dict("records")
    ]
    out["benefit_krw_year"] = [v for v, _ in parsed]
    out["benefit_source"] = [s for _, s in parsed]
    known = out["benefit_krw_year"].notna()
    # Unknown values are imputed with the category median (then the overall median) for ranking and
    # simulation only; "high value" is decided on values read from the catalogue, never imputed ones.
    by_cat = out[known].groupby("category")["benefit_krw_year"].median()
    overall = float(out.loc[known, "benefit_krw_year"].median()) if known.any() else 0.0
    out["value"] = out["benefit_krw_year"].fillna(out["category"].map(by_cat)).fillna(overall)
    out["value_imputed"] = ~known
    out["high_value"] = known & (out["benefit_krw_year"] >= HIGH_VALUE_KRW)
    out["cash"] = out["payment"].fillna("").str.contains("현금지급")
    return out.reset_index(drop=True)


def build_catalogue(
    frame: pd.DataFrame | None = None,
    *,
    data_dir: str | Path | None = None,
    extractor: Extractor | None = None,
) -> ServiceCatalogue:
    """Extract the conditions and values of every service (the full catalogue takes seconds on a CPU).

    ``frame`` defaults to :func:`sectors.welfare.catalogue.load_catalogue` (``data_dir``, then
    CIVIC_DATA_DIR, then the bundled sample). ``extractor`` defaults to the Kiwi rules
    (:func:`sectors.welfare.extract.extract_all`); pass :func:`sectors.welfare.llm.refined_extractor`
    to improve them through a configured private LLM server.
    """
    origin = "given"
    if frame is None:
        frame = load_catalogue(data_dir)
        origin = catalogue_origin(data_dir)
    conditions = (extractor or extract_all)(frame.to_dict("records"))
    services = _values(frame)
    services["n_conditions"] = [len(conditions.get(s, [])) for s in services["service_id"]]
    return ServiceCatalogue(services, conditions, origin)


@lru_cache(maxsize=4)
def catalogue_for(data_dir: str | None = None) -> ServiceCatalogue:
    """:func:`build_catalogue` for ``data_dir`` (None: CIVIC_DATA_DIR, then the bundled sample), once per process.

    Treat the result as read-only: it is shared.
    """
    return build_catalogue(data_dir=data_dir)
