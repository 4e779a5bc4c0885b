"""Rules as code: three-valued eligibility predicates, dated parameters, and tests written as cases.

Used by welfare (service eligibility), finance (product conditions) and employment (prerequisites).
The engine is generic; a sector brings its own parameters (the Korean welfare figures live in
``sectors.welfare.rules``).

Example:
    >>> import datetime as dt
    >>> from shared.rules import AtMost, Facts, Param, Parameter, ParameterSet, Version, from_code
    >>> ps = ParameterSet()
    >>> _ = ps.add(Parameter("median", "a median by size", "KRW", [Version(dt.date(2025, 1, 1), {1: 100.0}, "notice")]))
    >>> rule = AtMost("income", Param("median", key_field="size", scale=0.32))
    >>> facts = Facts.from_records([{"income": 32, "size": 1}, {"income": 33, "size": 1}])
    >>> [from_code(c) for c in rule.evaluate(facts, 2025, ps)]
    [True, False]
"""

from shared.rules.cases import Case, load_cases, run_cases
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
    "FALSE",
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
    "codes_from_bool",
    "from_code",
    "load_cases",
    "run_cases",
    "to_code",
]
