"""연말정산 (year-end tax settlement) for wage earners as rules as code, every line with its article.

Public API:

- :func:`settle` (``profile``, ``year``) -> :class:`Settlement`: 근로소득공제, 근로소득금액, 인적공제, 과세표준,
  산출세액, 결정세액, 지방소득세, refund, and ``lines`` (item, item_en, amount_krw, basis)
- :func:`screen` (``profiles``, ``year``) -> DataFrame of flags (dependant above the income limit, outside the age
  limits, claimed twice, card deduction above its cap, credits for ineligible people), each with its article
- :func:`compare`, :func:`card_to_debit`, :func:`with_amount`: what-if comparisons
- :func:`generate_population`, :func:`evaluate_screening`: planted-error population and the screen's precision
  and recall
- :func:`tax_parameters`, :func:`available_years`: the dated parameters (``parameters/<year>.json``), each figure
  with its article and source

Example:
    >>> from sectors.finance import tax
    >>> r = tax.settle({"gross_salary_krw": 65_400_000, "birth_year": 1985}, year=2025)
    >>> r.earned_income_deduction_krw, r.lines.loc[1, "basis"]
    (13020000, '소득세법 제47조①')
"""

from sectors.finance.tax.params import available_years, tax_parameters
from sectors.finance.tax.population import evaluate_screening, generate_population
from sectors.finance.tax.profile import Dependant, Profile, read_profile
from sectors.finance.tax.screen import FLAGS, screen
from sectors.finance.tax.settle import Settlement, settle
from sectors.finance.tax.whatif import card_to_debit, compare, with_amount

__all__ = [
    "FLAGS",
    "Dependant",
    "Profile",
    "Settlement",
    "available_years",
    "card_to_debit",
    "compare",
    "evaluate_screening",
    "generate_population",
    "read_profile",
    "screen",
    "settle",
    "tax_parameters",
    "with_amount",
]
