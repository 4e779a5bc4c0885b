"""What-if comparisons: settle the same profile with one thing changed and show what it does to the tax.

Example:
    >>> p = {"gross_salary_krw": 40_000_000, "birth_year": 1990, "card": {"credit": 20_000_000}}
    >>> t = compare(p, 2025, {"debit": card_to_debit(p, 1.0)})
    >>> bool(t.loc["debit", "determined_tax_krw"] < t.loc["as entered", "determined_tax_krw"])
    True
"""

from __future__ import annotations

import copy
from collections.abc import Mapping
from typing import Any

import pandas as pd

from sectors.finance.tax.settle import settle


def card_to_debit(profile: Mapping[str, Any], share: float) -> dict[str, Any]:
    """``profile`` with ``share`` (0-1) of its credit-card spending moved to the debit card."""
    if not 0 <= share <= 1:
        raise ValueError(f"share must be within 0..1, got {share}")
    out = copy.deepcopy(dict(profile))
    card = dict(out.get("card") or {})
    moved = int(card.get("credit", 0) * share)
    card["credit"] = card.get("credit", 0) - moved
    card["debit"] = card.get("debit", 0) + moved
    out["card"] = card
    return out


def with_amount(profile: Mapping[str, Any], key: str, add: int) -> dict[str, Any]:
    """``profile`` with ``add`` KRW more of ``key`` (for example ``pension_savings_krw``)."""
    out = copy.deepcopy(dict(profile))
    out[key] = out.get(key, 0) + add
    return out


def compare(
    profile: Mapping[str, Any], year: int, scenarios: Mapping[str, Mapping[str, Any]]
) -> pd.DataFrame:
    """One row per scenario (``"as entered"`` first): card deduction, tax base, 결정세액, refund, and the change.

    Columns: ``card_deduction_krw``, ``tax_base_krw``, ``determined_tax_krw``, ``refund_krw``,
    ``change_in_tax_krw`` (negative: the scenario lowers the tax).
    """
    runs = {"as entered": settle(profile, year), **{name: settle(p, year) for name, p in scenarios.items()}}
    base = runs["as entered"].determined_tax_krw
    rows = {
        name: {
            "card_deduction_krw": r.card_deduction_krw,
            "tax_base_krw": r.tax_base_krw,
            "determined_tax_krw": r.determined_tax_krw,
            "refund_krw": r.refund_krw,
            "change_in_tax_krw": r.determined_tax_krw - base,
        }
        for name, r in runs.items()
    }
    return pd.DataFrame.from_dict(rows, orient="index")
