"""Simulated receipt of services: who, among the eligible, actually receives each service.

There is no public record of which households receive which services, so receipt is simulated
and every parameter below is an assumption except one anchor: 기초연금 was received by 67.0% of
people aged 65+ in 2023 (보건복지부 「통계로 본 2023년 기초연금」: 6,508,574 of 9,711,536) while the
selection amount is set so that 70% qualify, a take-up of about 96% for a large, well-known monthly
cash benefit. Smaller, less known, in-kind or local services are taken up much less (assumption).

Among eligible (household, service) pairs the probability of receipt is

    logit p = -1.8 + 0.55 * log(annual value / 1 million KRW) + 0.3 * need + 1.5 * need * means_tested
              + 0.4 * need * log(annual value / 1 million KRW) + 0.5 * cash
              + 0.25 * (number of condition kinds the service targets) + 1.0 * disability_match
              + service effect + awareness + region

with ``need = 1 - income / standard median income`` clipped to [-1, 1], ``means_tested`` 1 for a
service with an income or recipient condition, ``disability_match`` the household's highest
disability level (mild 0.5, severe 1) for a service aimed at disabled people, a per-service effect
~ N(0, 0.8) (how well known and how easy to apply for a service is), a per-household awareness
~ N(0, 0.6) and a per-province effect ~ N(0, 0.3); the last two are hidden from the ranker.
기초연금 is calibrated to its published take-up (its probabilities are shifted on the logit scale
until their mean is 0.957). The four basic livelihood benefits (생계, 의료, 주거, 교육급여) are received exactly by the
households registered for them in the population (:mod:`sectors.welfare.population`).

Example:
    >>> model = TakeupModel(seed=1)
    >>> p = model.probability(np.array([4e6, 4e6]), np.array([0.5, 0.5]), np.array([1.0, 1.0]),
    ...                       np.array([2.0, 2.0]), np.array([1.0, 0.0]), np.array([0.0, 0.0]), np.zeros(2))
    >>> [round(float(x), 2) for x in p]   # the same service, means-tested or not
    [0.76, 0.6]
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from sectors.welfare.population import Population
from sectors.welfare.regions import PROVINCES
from sectors.welfare.rules.parameters import KR_WELFARE, MEDIAN_INCOME
from sectors.welfare.services import ServiceCatalogue
from shared.rules import TRUE
from shared.seeding import resolve_seed

BASIC_BENEFIT = re.compile(r"^(생계|의료|주거|교육)급여\s*\((?:맞춤형 급여|의료급여)\)$")


def basic_benefit_status(name: str) -> str | None:
    """The recipient status a basic livelihood benefit grants ("생계급여(맞춤형 급여)" -> "생계"), else None.

    Example:
        >>> basic_benefit_status("주거급여(맞춤형 급여)"), basic_benefit_status("장애수당")
        ('주거', None)
    """
    m = BASIC_BENEFIT.match(name.strip())
    return m.group(1) if m else None


@dataclass
class TakeupModel:
    """The simulated take-up mechanism (coefficients are assumptions; see the module notes)."""

    intercept: float = -1.8
    value: float = 0.55
    need: float = 0.3
    need_means: float = 1.5
    need_value: float = 0.4
    cash: float = 0.5
    specificity: float = 0.25
    disability: float = 1.0
    service_sd: float = 0.8
    household_sd: float = 0.6
    region_sd: float = 0.3
    seed: int | None = None
    _effects: dict[str, float] = field(default_factory=dict, repr=False)

    def service_effects(self, catalogue: ServiceCatalogue) -> np.ndarray:
        """A fixed effect per service, drawn from the model's seed and the service id (stable across runs)."""
        out = np.empty(len(catalogue))
        for j, sid in enumerate(catalogue.ids):
            if sid not in self._effects:
                g = np.random.default_rng([zlib.crc32(sid.encode("utf-8")), resolve_seed(self.seed)])
                self._effects[sid] = float(g.normal(0, self.service_sd))
            out[j] = self._effects[sid]
        return out

    def probability(
        self,
        value: np.ndarray,
        need: np.ndarray,
        cash: np.ndarray,
        specificity: np.ndarray,
        means_tested: np.ndarray,
        disability_match: np.ndarray,
        extra_logit: np.ndarray,
    ) -> np.ndarray:
        """Take-up probability of eligible pairs given their features and hidden effects."""
        log_value = np.log(np.maximum(value, 10_000.0) / 1e6)
        need = np.clip(need, -1, 1)
        logit = (
            self.intercept
            + self.value * log_value
            + self.need * need
            + self.need_means * need * means_tested
            + self.need_value * need * log_value
            + self.cash * cash
            + self.specificity * specificity
            + self.disability * disability_match
            + extra_logit
        )
        return 1.0 / (1.0 + np.exp(-logit))


#: Published take-up anchors: 기초연금 67.0% of people 65+ received it in 2023 against a 70% design target.
ANCHORS = {"기초연금": 0.670 / 0.700}


def _calibrate(p: np.ndarray, target: float) -> np.ndarray:
    """Shift probabilities on the logit scale so that their mean is ``target``."""
    logit = np.log(p / (1 - p))
    lo, hi = -10.0, 10.0
    for _ in range(50):
        mid = (lo + hi) / 2
        if (1 / (1 + np.exp(-(logit + mid)))).mean() < target:
            lo = mid
        else:
            hi = mid
    return 1 / (1 + np.exp(-(logit + (lo + hi) / 2)))


def simulate_receipt(
    pop: Population,
    codes: np.ndarray,
    catalogue: ServiceCatalogue,
    traits: pd.DataFrame,
    model: TakeupModel | None = None,
    *,
    offset: int = 0,
    pairs: tuple[np.ndarray, np.ndarray] | None = None,
) -> np.ndarray:
    """Receipt (households x services, bool) for households ``offset .. offset+len(pop)`` of a population.

    ``codes`` are the eligibility codes of ``pop`` (only eligible pairs can be received);
    ``traits`` has one row per service with ``specificity`` (number of condition kinds),
    ``means_tested`` and ``targets_disability`` (see :func:`sectors.welfare.ranking.service_features`).
    ``pairs``: the (rows, cols) of the eligible codes when the caller already has them.
    """
    model = model or TakeupModel()
    seed = resolve_seed(model.seed)
    n, s = codes.shape
    h = pop.households
    received = np.zeros((n, s), dtype=bool)
    rows, cols = np.nonzero(codes == TRUE) if pairs is None else pairs
    median = KR_WELFARE.get(MEDIAN_INCOME).values_for(pop.year, h["size"].to_numpy(dtype=float))
    need = 1.0 - h["income"].to_numpy() / median
    awareness = np.random.default_rng([seed, 1, offset]).normal(0, model.household_sd, n)
    provinces = sorted(set(PROVINCES))
    region_effect = dict(
        zip(
            provinces,
            np.random.default_rng([seed, 2]).normal(0, model.region_sd, len(provinces)),
            strict=True,
        )
    )
    # one lookup per distinct province, then a gather (no Python per household)
    codes_of, distinct = pd.factorize(h["province"].to_numpy(dtype=object))
    region = np.array([region_effect.get(p, 0.0) for p in distinct], dtype=float)[codes_of]
    services = catalogue.services
    hh_index = pop.members["household"].to_numpy()
    disability = np.zeros(n)
    np.maximum.at(disability, hh_index, pop.members["disability_level"].to_numpy(dtype=float) / 2)
    p = model.probability(
        services["value"].to_numpy(dtype=float)[cols],
        need[rows],
        services["cash"].to_numpy(dtype=float)[cols],
        traits["specificity"].to_numpy(dtype=float)[cols],
        traits["means_tested"].to_numpy(dtype=float)[cols],
        traits["targets_disability"].to_numpy(dtype=float)[cols] * disability[rows],
        model.service_effects(catalogue)[cols] + awareness[rows] + region[rows],
    )
    names = services["service"].astype(str).to_numpy()
    for name, target in ANCHORS.items():
        on = np.isin(cols, np.flatnonzero(names == name))  # compare service columns, not strings per pair
        if on.any():
            p[on] = _calibrate(p[on], target)
    draw = np.random.default_rng([seed, 3, offset]).random(len(rows)) < p
    received[rows[draw], cols[draw]] = True
    for j, status in _basic_benefit_columns(tuple(names)):
        received[:, j] = h[f"rcp_{status}"].to_numpy(dtype=bool) & (codes[:, j] == TRUE)
    return received


@lru_cache(maxsize=8)
def _basic_benefit_columns(names: tuple[str, ...]) -> tuple[tuple[int, str], ...]:
    """(service column, recipient status) of the basic livelihood benefits of a catalogue (read once)."""
    out = []
    for j, name in enumerate(names):
        status = basic_benefit_status(name)
        if status is not None:
            out.append((j, status))
    return tuple(out)
