"""Eligibility with dated parameters: the issue's household, years, needs review, validation."""

import numpy as np
import pytest

from sectors.welfare import (
    EligibilityEngine,
    facts_from_household,
    facts_from_population,
    generate_population,
)
from sectors.welfare.eligibility import plan_service, validate_household
from shared.errors import DataError
from shared.rules import TRUE, UNKNOWN

BASIC_PENSION = "WLF00001164"
DISABILITY_PENSION = "WLF00003249"


def _code(engine, household, sid):
    return int(engine.evaluate(facts_from_household(household))[0, engine.catalogue.ids.index(sid)])


def test_issue_household_qualifies_for_the_basic_pension(catalogue, elderly):
    engine = EligibilityEngine(catalogue, 2025)
    assert _code(engine, elderly, BASIC_PENSION) == TRUE
    richer = {**elderly, "income_recognized_krw": 2_280_001}
    assert _code(engine, richer, BASIC_PENSION) == 0
    at_line = {**elderly, "income_recognized_krw": 2_280_000}
    assert _code(engine, at_line, BASIC_PENSION) == TRUE
    young = {**elderly, "members": [{"age": 64.9, "disability": "none"}]}
    assert _code(engine, young, BASIC_PENSION) == 0


def test_2024_uses_2024_amounts_and_unpublished_ones_need_review(catalogue, elderly):
    engine = EligibilityEngine(catalogue, 2024)
    between = {
        **elderly,
        "income_recognized_krw": 2_200_000,
    }  # above 2024's 2,130,000, below 2025's 2,280,000
    assert _code(engine, between, BASIC_PENSION) == 0
    assert _code(EligibilityEngine(catalogue, 2025), between, BASIC_PENSION) == TRUE
    disabled = {**elderly, "income_recognized_krw": 500_000, "members": [{"age": 40, "disability": "severe"}]}
    assert _code(EligibilityEngine(catalogue, 2025), disabled, DISABILITY_PENSION) == TRUE
    assert _code(engine, disabled, DISABILITY_PENSION) == UNKNOWN  # no verified 2024 amount


def test_fast_path_equals_the_shared_rules_predicate(catalogue):
    pop = generate_population(1_500, seed=3)
    facts = facts_from_population(pop)
    engine = EligibilityEngine(catalogue, 2025)
    codes = engine.evaluate(facts)
    for j in range(len(catalogue)):
        assert np.array_equal(
            engine.plans[j].predicate().evaluate(facts, 2025, engine.params), codes[:, j]
        ), j
    assert (codes == TRUE).any() and (codes == UNKNOWN).any() and (codes == 0).any()


def test_a_service_with_no_condition_is_needs_review():
    plan = plan_service([], 2025)
    assert plan.unknown


@pytest.mark.parametrize(
    ("household", "column"),
    [
        ({"region": "서울특별시", "members": []}, "members"),
        ({"members": [{"age": 30, "disability": "some"}]}, "disability"),
        ({"members": [{"age": "thirty"}]}, "age"),
        ({"members": [{"age": 30}], "income_recognized_krw": -1}, "income_recognized_krw"),
        ({"members": [{"age": 30}], "recipient": ["기초"]}, "recipient"),
        ({"members": [{"age": 30}], "houshold": []}, "houshold"),
    ],
)
def test_bad_households_name_the_field(household, column):
    with pytest.raises(DataError) as err:
        validate_household(household)
    assert err.value.column == column


def test_optional_keys_default_as_documented():
    h = validate_household({"region": "서울 관악구", "members": [{"age": 30}]})
    assert h["region"] == "서울특별시 관악구" and h["members"][0]["disability"] == "none"
    assert h["members"][0]["employed"] is None and h["recipient"] == [] and h["receives"] == []
