"""Korean welfare rules as code: dated parameters (median income, selection amounts) and the national programmes.

The generic engine (predicates, three-valued logic, dated parameters, case files) is
:mod:`shared.rules`; this package holds the Korean figures and programmes it evaluates.

Example:
    >>> from sectors.welfare.rules import KR_WELFARE, MEDIAN_INCOME
    >>> KR_WELFARE.value(MEDIAN_INCOME, 2026, 1)
    2564238.0
"""

from sectors.welfare.rules.parameters import (
    AGE_LIMIT_MONTHS,
    BASIC_PENSION,
    BENEFIT_SHARE,
    DISABILITY_PENSION,
    KR_WELFARE,
    MEDIAN_INCOME,
    PROGRAMME_SHARE,
    build_parameters,
    median_income,
)
from sectors.welfare.rules.programmes import (
    PROGRAMMES,
    Check,
    CheckResult,
    Programme,
    programme_for,
    programme_table,
)

__all__ = [
    "AGE_LIMIT_MONTHS",
    "BASIC_PENSION",
    "BENEFIT_SHARE",
    "DISABILITY_PENSION",
    "KR_WELFARE",
    "MEDIAN_INCOME",
    "PROGRAMMES",
    "PROGRAMME_SHARE",
    "Check",
    "CheckResult",
    "Programme",
    "build_parameters",
    "median_income",
    "programme_for",
    "programme_table",
]
