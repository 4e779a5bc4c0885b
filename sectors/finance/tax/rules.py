"""The year-end settlement formulas, one function per article, reading every figure from the year's parameters.

Amounts are whole won; each result is truncated below one won (원 미만 절사) as the law computes it. Rates are
applied exactly (as fractions), so 15% of 36,285,000 is 5,442,750, never 5,442,749.99.

Example:
    >>> from sectors.finance.tax.params import tax_parameters
    >>> p = tax_parameters(2025)
    >>> earned_income_deduction(65_400_000, p), progressive_tax(36_285_000, p)
    (13020000, 4182750)
"""

from __future__ import annotations

import math
from fractions import Fraction

from sectors.finance.tax.params import TaxParameters
from sectors.finance.tax.profile import CARD_KEYS, Dependant


def share(amount: int, rate: float) -> Fraction:
    """``amount x rate`` exactly (the rate read as the decimal written in the parameter file)."""
    return Fraction(amount) * Fraction(str(rate))


def floor_won(value: Fraction | int) -> int:
    """Truncate below one won (원 미만 절사)."""
    return math.floor(value)


def _tiers(x: int, brackets: list[list]) -> Fraction:
    total, previous = Fraction(0), 0
    for cap, rate in brackets:
        if x <= previous:
            break
        top = x if cap is None else min(x, cap)
        total += share(top - previous, rate)
        previous = cap if cap is not None else x
    return total


def earned_income_deduction(gross: int, p: TaxParameters) -> int:
    """근로소득공제 (소득세법 제47조①): the bracket table on 총급여, capped."""
    v = p.value("earned_income_deduction")
    return min(floor_won(_tiers(gross, v["brackets"])), v["cap"], gross)


def progressive_tax(base: int, p: TaxParameters) -> int:
    """산출세액 (소득세법 제55조①): the basic rates on 과세표준."""
    return floor_won(_tiers(base, p.value("tax_rates")["brackets"]))


def marginal_rate(base: int, p: TaxParameters) -> float:
    """The bracket rate that applies to the last won of ``base``."""
    for cap, rate in p.value("tax_rates")["brackets"]:
        if cap is None or base <= cap:
            return rate
    raise AssertionError("unreachable")  # the last bracket is open


def earned_income_tax_credit(computed_tax: int, gross: int, p: TaxParameters) -> int:
    """근로소득세액공제 (소득세법 제59조): 55% up to the knee, then 30%, within a limit that falls with 총급여."""
    v = p.value("earned_income_tax_credit")
    if computed_tax <= v["knee"]:
        credit = share(computed_tax, v["rate_low"])
    else:
        credit = v["base_high"] + share(computed_tax - v["knee"], v["rate_high"])
    for band in v["limits"]:
        if band["up_to"] is None or gross <= band["up_to"]:
            limit = max(band["floor"], band["start"] - share(max(0, gross - band["over"]), band["slope"]))
            break
    return floor_won(min(credit, limit))


def dependant_problems(d: Dependant, year: int, p: TaxParameters) -> list[str]:
    """Why ``d`` cannot be a 기본공제대상자 (소득세법 제50조①): ``[]`` when eligible.

    Codes: ``income`` (above the income limit) and ``age`` (outside the age limits, unless disabled).
    """
    lim = p.value("dependant_limits")
    problems = []
    cap = lim["wage_only_gross"] if d.wage_only else lim["income"]
    if d.income_krw > cap:
        problems.append("income")
    age = d.age(year)
    too_old_child = d.relation == "child" and age > lim["child_max_age"]
    too_young_parent = d.relation == "parent" and age < lim["parent_min_age"]
    adult_sibling = d.relation == "sibling" and lim["sibling_max_age"] < age < lim["sibling_min_age"]
    if not d.disabled and (too_old_child or too_young_parent or adult_sibling):
        problems.append("age")
    return problems


def card_deduction(
    gross: int, card: dict[str, int], p: TaxParameters, previous_year: int | None = None
) -> dict[str, int]:
    """신용카드 등 소득공제 (조세특례제한법 제126조의2).

    The threshold (25% of 총급여, ①) is taken out of the spending in the statutory order (credit card first, at its
    lower rate; ②6호), the rest is deducted at each kind's rate. The basic limit (⑩) caps the total; above it, the
    traditional-market and public-transport amounts (②1호·2호, capped at the extra limit) and, in 2024 only, 10% of
    the spending above 105% of last year's (②7호, its own limit) are added back (⑪). ``previous_year`` is last
    year's total card spending (needed only where the year has that rule). Returns ``threshold``,
    ``gross_deduction`` (before limits), ``increase``, ``basic``, ``extra`` and ``deduction``.
    """
    v = p.value("card_deduction")
    threshold = floor_won(share(gross, v["threshold_share"]))
    remaining = Fraction(threshold)
    net: dict[str, Fraction] = {}
    for kind in v["order"]:
        spent = card.get(kind, 0)
        absorbed = min(Fraction(spent), remaining)
        remaining -= absorbed
        net[kind] = share(1, v["rates"][kind]) * (spent - absorbed)
    assert set(net) == set(CARD_KEYS)
    increase = Fraction(0)
    if v.get("increase_rate") and previous_year is not None:
        above = sum(card.values()) - share(previous_year, v["increase_share"])
        increase = share(1, v["increase_rate"]) * max(Fraction(0), above)
    total = sum(net.values(), Fraction(0)) + increase
    low = gross <= v["salary_split"]
    basic_limit = v["basic_limit_low"] if low else v["basic_limit_high"]
    extra_limit = v["extra_limit_low"] if low else v["extra_limit_high"]
    basic = min(total, basic_limit)
    market_transport = sum(
        share(card.get(k, 0), v["rates"][k]) for k in ("traditional_market", "public_transport")
    )
    extra_sources = min(market_transport, extra_limit) + min(increase, v.get("increase_limit") or 0)
    extra = min(total - basic, extra_sources)
    return {
        "threshold": threshold,
        "gross_deduction": floor_won(total),
        "increase": floor_won(increase),
        "basic": floor_won(basic),
        "extra": floor_won(extra),
        "deduction": floor_won(basic + extra),
    }


def child_credit(n_children: int, p: TaxParameters) -> int:
    """자녀세액공제 for ``n_children`` eligible children aged 8-20 (소득세법 제59조의2①)."""
    first, second, further = p.value("child_tax_credit")["per_child"]
    return sum((first, second, further)[min(i, 2)] for i in range(n_children))


def birth_credit(order: int, p: TaxParameters) -> int:
    """출산·입양 세액공제 for the ``order``-th child (1-based) born or adopted in the year (제59조의2③)."""
    return p.value("child_tax_credit")["birth"][min(order, 3) - 1]
