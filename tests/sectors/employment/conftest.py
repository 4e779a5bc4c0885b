"""Shared fixtures: the bundled O*NET/ESCO sample and one small recommender trained on it."""

from __future__ import annotations

import pytest

from sectors.employment import BUNDLED, demo_model, generate_listings, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(BUNDLED)


@pytest.fixture(scope="session")
def recommender():
    return demo_model()  # the page, plan_training and the doctests share this cached model


@pytest.fixture(scope="session")
def listings(taxonomy):
    return generate_listings(taxonomy, 120, seed=3)
