"""The synthetic population follows the published marginals it cites (seeded, 60,000 households)."""

import numpy as np
import pytest

from sectors.welfare.population import (
    MEDIAN_EQ_INCOME_MANWON,
    SIZE_SHARES,
    generate_population,
    income_parameters,
    province_shares,
)


@pytest.fixture(scope="module")
def pop():
    return generate_population(60_000, seed=123)


def test_same_seed_same_population():
    a, b = generate_population(300, seed=9), generate_population(300, seed=9)
    assert a.households.equals(b.households) and a.members.equals(b.members)


def test_household_sizes_and_age_structure(pop):
    h, m = pop.households, pop.members
    shares = h["size"].value_counts(normalize=True)
    for size, share in SIZE_SHARES.items():
        assert abs(shares.get(size, 0) - share) < 0.01
    age = m["age"].to_numpy()
    assert abs((age < 15).mean() - 0.109) < 0.02
    assert abs((age >= 65).mean() - 0.186) < 0.02
    assert abs(((h["size"] == 1) & (h["head_age"] >= 65)).mean() - 0.091) < 0.01


def test_disability_single_parents_and_recipients(pop):
    h, m = pop.households, pop.members
    disabled = m["disability_level"].to_numpy() > 0
    assert abs(disabled.mean() - 0.051) < 0.006
    assert abs((m["age"].to_numpy()[disabled] >= 65).mean() - 0.539) < 0.05
    assert abs((m["disability_level"].to_numpy()[disabled] == 2).mean() - 0.37) < 0.03
    assert abs(h.loc[h["n_children"] > 0, "single_parent"].mean() - 0.076) < 0.006
    basic = h[["rcp_생계", "rcp_의료", "rcp_주거", "rcp_교육"]].any(axis=1).mean()
    assert abs(basic - 178.8 / 2207) < 0.01


def test_income_matches_poverty_rates_and_median(pop):
    sigma, mu65, mu = income_parameters()
    assert 0.4 < sigma < 0.9 and mu65 < mu
    h, m = pop.households, pop.members
    eq = (h["income"] * 12 / np.sqrt(h["size"]) / 10_000).to_numpy()
    person_eq = np.repeat(eq, h["size"].to_numpy())
    median = np.median(person_eq)
    assert abs(median / MEDIAN_EQ_INCOME_MANWON - 1) < 0.05
    poor = person_eq < median / 2
    assert abs(poor.mean() - 0.149) < 0.02
    assert abs(poor[m["age"].to_numpy() >= 65].mean() - 0.382) < 0.07


def test_regions_follow_province_shares(pop):
    shares = province_shares()
    assert abs(sum(shares.values()) - 1) < 1e-9
    got = pop.households["province"].value_counts(normalize=True)
    assert abs(got["서울특별시"] - shares["서울특별시"]) < 0.01
    h = pop.households
    assert all(r.startswith(p) for r, p in zip(h["region"], h["province"], strict=True))
