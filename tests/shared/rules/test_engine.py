"""Unit tests of the rules engine: Kleene logic, dated parameters, predicates over tables."""

import datetime as dt

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from shared.errors import DataError
from shared.rules import (
    FALSE,
    TRUE,
    UNKNOWN,
    AllOf,
    AnyMember,
    AnyOf,
    AtMost,
    Const,
    Facts,
    InSet,
    Not,
    Param,
    Parameter,
    ParameterError,
    ParameterSet,
    RegionWithin,
    Version,
    all_of,
    any_of,
    from_code,
    to_code,
)

truth = st.sampled_from([True, False, None])
MEDIAN_INCOME = "median"


def _params() -> ParameterSet:
    ps = ParameterSet()
    ps.add(
        Parameter(
            MEDIAN_INCOME,
            "a median by household size",
            "KRW",
            [
                Version(
                    dt.date(2024, 1, 1),
                    {1: 2_228_445.0, 7: 8_514_994.0, 6: 7_618_369.0},
                    "n24",
                    dt.date(2024, 12, 31),
                ),
                Version(
                    dt.date(2025, 1, 1),
                    {1: 2_392_013.0, 6: 8_064_805.0, 7: 8_988_428.0},
                    "n25",
                    dt.date(2025, 12, 31),
                ),
                Version(
                    dt.date(2026, 1, 1),
                    {5: 7_556_719.0, 6: 8_555_952.0},
                    "n26",
                    dt.date(2026, 12, 31),
                    extendable=False,
                ),
            ],
            extend="last_difference",
        )
    )
    ps.add(Parameter("amount", "by type", "KRW", [Version(dt.date(2025, 1, 1), {"single": 1.0}, "s")]))
    return ps


KR_WELFARE = _params()


def _kleene_and(a, b):
    if a is False or b is False:
        return False
    if a is None or b is None:
        return None
    return True


def _kleene_or(a, b):
    if a is True or b is True:
        return True
    if a is None or b is None:
        return None
    return False


@given(truth, truth)
def test_min_max_codes_are_kleene_logic(a, b):
    ca, cb = np.array([to_code(a)]), np.array([to_code(b)])
    assert from_code(all_of([ca, cb])[0]) == _kleene_and(a, b)
    assert from_code(any_of([ca, cb])[0]) == _kleene_or(a, b)


def test_parameter_versions_are_dated_and_annual():
    ps = KR_WELFARE
    assert ps.value(MEDIAN_INCOME, 2024, 1) == 2_228_445
    assert ps.value(MEDIAN_INCOME, dt.date(2025, 12, 31), 6) == 8_064_805
    with pytest.raises(ParameterError):
        ps.value(MEDIAN_INCOME, 2027, 1)  # not published: an error, never last year's value
    with pytest.raises(ParameterError):
        ps.value(MEDIAN_INCOME, 2023, 1)
    assert ps.has(MEDIAN_INCOME, 2025) and not ps.has(MEDIAN_INCOME, 2027)


def test_values_for_marks_unknown_keys_nan_and_extends_sizes():
    p = KR_WELFARE.get(MEDIAN_INCOME)
    got = p.values_for(2025, np.array([1.0, 9.0, np.nan]))
    step = 8_988_428 - 8_064_805
    assert got[0] == 2_392_013 and got[1] == 8_988_428 + 2 * step and np.isnan(got[2])
    assert np.isnan(KR_WELFARE.get("amount").values_for(2025, np.array(["triple"], dtype=object))[0])


def test_a_version_that_lacks_the_row_the_extension_needs_does_not_extend():
    p = KR_WELFARE.get(MEDIAN_INCOME)
    assert p.value(2026, 6) == 8_555_952
    with pytest.raises(ParameterError):
        p.value(2026, 7)
    assert np.isnan(p.values_for(2026, np.array([7.0]))[0])


def test_parameter_set_refuses_duplicates_and_lists_sources():
    ps = ParameterSet()
    p = Parameter("x", "x", "KRW", [Version(dt.date(2024, 1, 1), {None: 1.0}, "notice")])
    ps.add(p)
    with pytest.raises(ValueError):
        ps.add(p)
    assert ps.table() == [
        {"parameter": "x", "from": "2024-01-01", "key": None, "value": 1.0, "unit": "KRW", "source": "notice"}
    ]
    assert all(row["source"] for row in KR_WELFARE.table())


def test_threshold_from_an_uncovered_year_is_unknown_not_guessed():
    facts = Facts.from_records([{"income": 1.0, "size": 1}])
    rule = AtMost("income", Param(MEDIAN_INCOME, key_field="size", scale=0.5))
    assert rule.evaluate(facts, 2031, KR_WELFARE)[0] == UNKNOWN


def test_any_member_without_members_is_false_and_members_must_be_sorted():
    facts = Facts(
        {"x": np.array([1.0, 2.0])}, {"age": np.array([70.0])}, np.array([1], dtype=np.int64), n_rows=2
    )
    from shared.rules import AgeInRange

    codes = AnyMember(AgeInRange("age", lo=65)).evaluate(facts, 2025, KR_WELFARE)
    assert codes.tolist() == [FALSE, TRUE]
    bad = Facts({"x": np.zeros(2)}, {"age": np.array([1.0, 2.0])}, np.array([1, 0], dtype=np.int64), n_rows=2)
    with pytest.raises(ValueError):
        AnyMember(AgeInRange("age", lo=1)).evaluate(bad, 2025, KR_WELFARE)


def test_combinators_and_constants():
    f = Facts.from_records([{"k": "a"}, {"k": "b"}, {"k": None}])
    in_a = InSet("k", ("a",))
    assert [from_code(c) for c in in_a.evaluate(f, 2025, None)] == [True, False, None]
    assert [from_code(c) for c in Not(in_a).evaluate(f, 2025, None)] == [False, True, None]
    assert [from_code(c) for c in AnyOf((in_a, Const(int(UNKNOWN)))).evaluate(f, 2025, None)] == [
        True,
        None,
        None,
    ]
    assert [from_code(c) for c in AllOf((in_a, Const(int(TRUE)))).evaluate(f, 2025, None)] == [
        True,
        False,
        None,
    ]


def test_region_hierarchy_and_missing_columns():
    f = Facts.from_records([{"r": "경기도 수원시 장안구"}, {"r": "경기도"}])
    assert [from_code(c) for c in RegionWithin("r", "경기도 수원시").evaluate(f, 2025, None)] == [True, None]
    with pytest.raises(DataError, match="income"):
        AtMost("income", 1).evaluate(f, 2025, None)
    with pytest.raises(DataError):
        Facts({"a": np.zeros(2), "b": np.zeros(3)})
