"""Shared, session-scoped welfare fixtures built from the bundled catalogue sample only."""

import pytest


@pytest.fixture(scope="session")
def catalogue():
    from sectors.welfare.services import catalogue_for

    return catalogue_for()


@pytest.fixture(scope="session")
def matcher(catalogue):
    from sectors.welfare import WelfareMatcher, generate_population

    train = generate_population(1_500, seed=5)
    valid = generate_population(400, seed=6)
    return WelfareMatcher(catalogue, n_estimators=60, seed=5).fit(train, valid=valid)


@pytest.fixture
def elderly():
    return {
        "region": "서울특별시 관악구",
        "income_recognized_krw": 1_500_000,
        "members": [{"age": 70, "disability": "none"}],
        "receives": [],
    }
