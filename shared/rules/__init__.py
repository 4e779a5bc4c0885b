"""Rules as code: three-valued eligibility predicates, dated parameters, and tests written as cases.

Used by welfare (service eligibility), finance (product conditions) and employment (prerequisites).

Example:
    >>> from shared.rules import AtMost, Facts, KR_WELFARE, MEDIAN_INCOME, Param, from_code
    >>> rule = AtMost("income", Param(MEDIAN_INCOME, key_field="size", scale=0.32))
    >>> facts = Facts.from_records([{"income": 765_444, "size": 1}, {"income": 765_445, "size": 1}])
    >>> [from_code(c) for c in rule.evaluate(facts, 2025, KR_WELFARE)]
    [True, False]
"""

from shared.rules.cases import Case, load_cases, run_cases
from shared.rules.kr_welfare import (
    BASIC_PENSION,
    BENEFIT_SHARE,
    DISABILITY_PENSION,
    KR_WELFARE,
    MEDIAN_INCOME,
    build_parameters,
    median_income,
)
from shared.rules.logic import FALSE, TRUE, UNKNOWN, all_of, any_of, codes_from_bool, from_code, to_code
from shared.rules.parameters import Parameter, ParameterError, ParameterSet, Version, as_date
from shared.rules.predicates import (
    AgeInRange,
    AllOf,
    AnyMember,
    AnyOf,
    AnyTrue,
    AtLeast,
    AtMost,
    Const,
    Facts,
    Flag,
    InSet,
    Not,
    Param,
    Predicate,
    RegionWithin,
)

__all__ = [
    "BASIC_PENSION",
    "BENEFIT_SHARE",
    "DISABILITY_PENSION",
    "FALSE",
    "KR_WELFARE",
    "MEDIAN_INCOME",
    "TRUE",
    "UNKNOWN",
    "AgeInRange",
    "AllOf",
    "AnyMember",
    "AnyOf",
    "AnyTrue",
    "AtLeast",
    "AtMost",
    "Case",
    "Const",
    "Facts",
    "Flag",
    "InSet",
    "Not",
    "Param",
    "Parameter",
    "ParameterError",
    "ParameterSet",
    "Predicate",
    "RegionWithin",
    "Version",
    "all_of",
    "any_of",
    "as_date",
    "build_parameters",
    "codes_from_bool",
    "from_code",
    "load_cases",
    "median_income",
    "run_cases",
    "to_code",
]
