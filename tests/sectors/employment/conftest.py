"""Shared fixtures: the bundled O*NET/ESCO sample and one small recommender trained on it."""

from __future__ import annotations

import pytest

from sectors.employment import BUNDLED, bundled_recommender, generate_listings, load_taxonomy


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(BUNDLED)


@pytest.fixture(scope="session")
def recommender():
    return bundled_recommender()  # the page and the doctests share this cached model


@pytest.fixture(scope="session")
def listings(taxonomy):
    return generate_listings(taxonomy, 120, seed=3)
