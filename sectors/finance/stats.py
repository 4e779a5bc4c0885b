"""Candidate scores of every product for a target month, learnt from the months before it.

:class:`AdoptionStats` is the finance sector's candidate source: the add rate overall (the shared
:class:`~shared.recsys.Popularity` over the rows of customers who could add, divided by their
number), the same rate by segment (the shared :class:`~shared.recsys.SegmentPopularity`), the rate
in the same month a year earlier, and EASE over co-ownership (the shared :class:`~shared.recsys.EASE`).
The same code serves training months and the month after the panel.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from sectors.finance.catalogue import PRODUCT_CODES
from sectors.finance.features import PanelCube, segment_labels
from shared.errors import DataError
from shared.estimator import Estimator
from shared.recsys import EASE, Popularity, SegmentPopularity
from shared.store import register

N_PRODUCTS = len(PRODUCT_CODES)
STATS_WINDOW = 6
#: Profile columns the segment rates read (see :func:`sectors.finance.features.segment_labels`).
SEGMENT_COLUMNS = ("age", "log_renta", "segment_code", "online_channel", "ind_actividad_cliente")


def active_customers(cube: PanelCube, t: int) -> np.ndarray:
    """Customers present at ``t-1`` (and at ``t`` when ``t`` is inside the panel)."""
    ok = cube.present[t - 1].copy()
    if t < cube.present.shape[0]:
        ok &= cube.present[t]
    return np.flatnonzero(ok)


def add_rate(adds: sp.spmatrix) -> np.ndarray:
    """Share of rows that added each product: the shared Popularity's counts over the number of rows.

    Example:
        >>> add_rate(sp.csr_matrix(np.array([[1, 0], [1, 1], [0, 0], [0, 0]], dtype=np.float32))).tolist()
        [0.5, 0.25]
    """
    counts = Popularity().fit(adds).score(adds[:1])[0]
    return np.asarray(counts, dtype=np.float64) / max(adds.shape[0], 1)


def check_target(cube: PanelCube, t: int) -> None:
    """Raise DataError unless ``t`` is a target month the cube can give features for (1 .. months)."""
    if not isinstance(t, (int, np.integer)) or not 1 <= int(t) <= cube.owned.shape[0]:
        raise DataError(
            f"target month {t!r} is outside the panel",
            column="fecha_dato",
            expected=f"a month index from 1 to {cube.owned.shape[0]} (the month after the panel)",
        )


@register
class AdoptionStats(Estimator):
    """Per customer x product candidate scores for target month ``t`` from the ``window`` months before it.

    ``fit(cube, t)`` learns the rates; ``features(profile, held)`` scores customers (their encoded
    profile at ``t-1`` and their holdings then) against every product.

    Example:
        >>> from sectors.finance.panel import generate_panel
        >>> cube = PanelCube.from_panel(generate_panel(300, months=4, seed=1))
        >>> stats = AdoptionStats(window=2).fit(cube, 3)
        >>> sorted(stats.features(cube.profiles[2].iloc[:5], cube.owned[2][:5]))[:3]
        ['ease_own', 'pop_add', 'seasonal_add']
    """

    intended_use = (
        "Candidate scores for the finance recommender: how often customers with the same products added "
        "each product in the recent months."
    )
    limitations = (
        "Descriptive statistics of a Santander-schema panel (the shipped demos and the benchmark use a "
        "generated panel, not real bank data); says nothing about suitability or credit risk."
    )

    store_kind = "sectors.finance.AdoptionStats"
    store_version = 1

    def __init__(self, *, window: int = STATS_WINDOW, segment_prior: float = 200.0, ease_lam: float = 50.0):
        self.window = window
        self.segment_prior = segment_prior
        self.ease_lam = ease_lam

    def fit(self, cube: PanelCube, t: int) -> AdoptionStats:
        """Learn from the months ``t - window .. t - 1`` of the cube (target month ``t``)."""
        check_target(cube, t)
        months = [m for m in range(t - self.window, t) if m >= 1]
        if not months:
            months = [1] if cube.owned.shape[0] > 1 else []
        adds, labels = [], {k: [] for k in ("segment", "age_band", "income_band", "channel", "active")}
        for m in months:
            cust = active_customers(cube, m)
            adds.append(cube.added(m)[cust].astype(np.float32))
            for k, v in segment_labels(cube.profiles[m - 1].iloc[cust]).items():
                labels[k].append(v)
        A = sp.csr_matrix(np.vstack(adds)) if adds else sp.csr_matrix((1, N_PRODUCTS), dtype=np.float32)
        self.pop_ = add_rate(A)
        self.segments_ = {
            k: SegmentPopularity(prior=self.segment_prior).fit(A, np.concatenate(v) if v else ["?"])
            for k, v in labels.items()
        }
        same = t - 12
        self.seasonal_ = (
            cube.added(same)[active_customers(cube, same)].mean(axis=0)
            if 1 <= same < cube.owned.shape[0]
            else self.pop_.copy()
        )
        held = cube.owned[t - 1][cube.present[t - 1]].astype(np.float32)
        self.ease_ = EASE(lam=self.ease_lam).fit(sp.csr_matrix(held))
        return self

    def features(self, profile: pd.DataFrame, held: np.ndarray) -> dict[str, np.ndarray]:
        """Per customer x product candidate scores (each value: customers x 24)."""
        self._check_fitted()
        missing = [c for c in SEGMENT_COLUMNS if c not in getattr(profile, "columns", ())]
        if missing:
            raise DataError(
                "profile column is missing", column=missing[0], expected="an encoded profile (encode_profile)"
            )
        held = np.asarray(held)
        if held.shape != (len(profile), N_PRODUCTS):
            raise DataError(
                f"holdings of shape {held.shape} for {len(profile)} customers",
                column="held",
                expected=f"customers x {N_PRODUCTS} products",
            )
        n = len(profile)
        out = {
            "pop_add": np.broadcast_to(self.pop_, (n, N_PRODUCTS)),
            "seasonal_add": np.broadcast_to(self.seasonal_, (n, N_PRODUCTS)),
        }
        for k, labels in segment_labels(profile).items():
            out[f"seg_{k}"] = self.segments_[k].score(labels)
        out["ease_own"] = self.ease_.score(sp.csr_matrix(held.astype(np.float32)))
        return out

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from sectors.finance.panel import generate_panel
        from shared.estimator_checks import ConformanceCase

        cube = PanelCube.from_panel(generate_panel(300, months=4, seed=3))
        profile, held = cube.profiles[2].iloc[:20], cube.owned[2][:20]
        return ConformanceCase(
            make=lambda: cls(window=2),
            fit=lambda m: m.fit(cube, 3),
            predict=lambda m: np.stack(list(m.features(profile, held).values())),
            schema="array",
            bad_input=lambda m: m.features(profile.drop(columns="age"), held),
        )
