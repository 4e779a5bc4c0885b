"""Rules as code, one package: dated parameters, three-valued eligibility, case tests, and pair filters.

Used by welfare (service eligibility), finance (product conditions) and employment (prerequisites).
The engine is generic; a sector brings its own parameters (the Korean welfare figures live in
``sectors.welfare.rules``).

Where each part applies (the boundary):

- **Eligibility** (:mod:`~shared.rules.predicates`, :mod:`~shared.rules.logic`,
  :mod:`~shared.rules.parameters`, :mod:`~shared.rules.cases`): whether an entity qualifies under a
  written rule, as of a date. Answers are three-valued (True, False, "needs review" when a fact is
  missing), thresholds are dated :class:`Parameter` versions with their legal source, and the rules
  are checked against cases written from the official examples. Use this when the answer is a
  decision an official must be able to trace.
- **Pair filters for ranking** (:mod:`~shared.rules.pairs`: :class:`AgeRule`,
  :class:`AllowedValuesRule`, :class:`RequiresRule`, combined in a :class:`RuleSet`): which
  (user, item) candidates a recommender may show, decided from the two feature rows of each pair,
  two-valued, with a reason sentence in Korean and English for every pair that passes. Use this
  inside a ranking pipeline (:mod:`shared.recsys`), where a product's age limit or sales channel
  only hides a candidate. A filter that needs a dated parameter or a "needs review" answer is an
  eligibility predicate evaluated first, whose result the filter then reads as a column.

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
from shared.rules.pairs import AgeRule, AllowedValuesRule, RequiresRule, RuleSet
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
    "AgeRule",
    "AllowedValuesRule",
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
    "RequiresRule",
    "RuleSet",
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
