"""Blind spots: households eligible for a high-value service that do not receive it, by group.

A household is a *blind spot* when it qualifies ("eligible", not "needs review") for at least one
high-value service (a benefit read from the catalogue of at least 1.2 million KRW a year) and
receives none of the high-value services it qualifies for: it is not reached at all. Households
that receive some but miss others are counted too (``missing_some``), with the number of eligible
high-value services not received (``unclaimed_pairs``) and their yearly value. Counts are kept by
province, age group (of the eldest member) and household type.

Example:
    >>> import numpy as np, pandas as pd
    >>> hh = pd.DataFrame({"province": ["서울특별시", "부산광역시"], "age_group": ["75+", "0-39"],
    ...                    "household_type": ["독거노인", "기타"]})
    >>> acc = BlindSpotCounter()
    >>> acc.add(hh, np.array([[2, 2], [0, 2]]), np.array([[False, True], [False, False]]),
    ...         high_value=np.array([True, False]), value=np.array([4e6, 1e5]))
    >>> acc.table("province")[["households", "eligible_high_value", "blind_spots"]].to_dict("index")
    {'부산광역시': {'households': 1, 'eligible_high_value': 0, 'blind_spots': 0}, '서울특별시': {'households': 1, 'eligible_high_value': 1, 'blind_spots': 1}}
    >>> acc.add(hh, np.array([[2, 2], [2, 2]]), np.array([[True, False], [False, False]]),
    ...         high_value=np.array([True, True]), value=np.array([4e6, 2e6]))
    >>> acc.table("province")[["blind_spots", "missing_some"]].to_dict("index")
    {'부산광역시': {'blind_spots': 1, 'missing_some': 1}, '서울특별시': {'blind_spots': 1, 'missing_some': 2}}
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from shared.rules import TRUE

GROUPS = ("province", "age_group", "household_type")
_COUNTS = (
    "households",
    "eligible_high_value",
    "blind_spots",
    "missing_some",
    "unclaimed_pairs",
    "unclaimed_krw_year",
)


@dataclass
class BlindSpotCounter:
    """Accumulates blind-spot counts over chunks of households."""

    groups: tuple[str, ...] = GROUPS
    _tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    _services: np.ndarray | None = None

    def add(
        self,
        households: pd.DataFrame,
        codes: np.ndarray,
        received: np.ndarray,
        *,
        high_value: np.ndarray,
        value: np.ndarray,
    ) -> None:
        """Count one chunk: eligibility codes and receipt (households x services)."""
        eligible = codes == TRUE
        hv = np.flatnonzero(high_value)  # only high-value columns feed the per-household counts
        high = eligible[:, hv]
        got = received[:, hv]
        missed = high & ~got
        has_high = high.any(axis=1)
        per = {
            "households": np.ones(len(codes), dtype=np.int64),
            "eligible_high_value": has_high.astype(np.int64),
            "blind_spots": (has_high & ~(high & got).any(axis=1)).astype(np.int64),
            "missing_some": missed.any(axis=1).astype(np.int64),
            "unclaimed_pairs": missed.sum(axis=1, dtype=np.int64),
            "unclaimed_krw_year": np.zeros(len(codes)),
        }
        r, c = np.nonzero(missed)  # few pairs: sum their values per household
        weights = np.nan_to_num(np.asarray(value, dtype=float))[hv][c]
        per["unclaimed_krw_year"] = np.bincount(r, weights=weights, minlength=len(codes))
        for g in self.groups:
            # sums per group with bincount over factorised labels (no groupby over object keys)
            labels, names = pd.factorize(households[g].to_numpy(), sort=True)
            part = pd.DataFrame(
                {c: np.bincount(labels, weights=v, minlength=len(names)) for c, v in per.items()},
                index=pd.Index(names),
            )
            for c in _COUNTS[:5]:
                part[c] = part[c].round().astype(np.int64)
            old = self._tables.get(g)
            self._tables[g] = part if old is None else old.add(part, fill_value=0)
        counts = np.vstack([eligible.sum(axis=0), (eligible & received).sum(axis=0)])
        self._services = counts if self._services is None else self._services + counts

    def table(self, group: str) -> pd.DataFrame:
        """Counts by ``group`` with the blind-spot rate (blind spots / households eligible for a high-value service)."""
        t = self._tables[group].astype({c: float for c in _COUNTS}).copy()
        for c in _COUNTS[:5]:
            t[c] = t[c].astype(int)
        t["blind_spot_rate"] = t["blind_spots"] / t["eligible_high_value"].where(t["eligible_high_value"] > 0)
        t.index.name = group
        return t.sort_index()

    def services(self, ids: list[str], names: list[str]) -> pd.DataFrame:
        """Per service: eligible households, receiving households, take-up among the eligible."""
        if self._services is None:
            return pd.DataFrame(columns=["service", "eligible", "receiving", "take_up"])
        eligible, receiving = self._services
        out = pd.DataFrame(
            {"service": names, "eligible": eligible, "receiving": receiving},
            index=pd.Index(ids, name="service_id"),
        )
        out["take_up"] = out["receiving"] / out["eligible"].where(out["eligible"] > 0)
        return out
