"""What-if comparisons on a settlement."""

import pytest

from sectors.finance import tax

P = {
    "gross_salary_krw": 50_000_000,
    "birth_year": 1988,
    "card": {"credit": 25_000_000},
    "withheld_krw": 3_000_000,
}


def test_moving_card_spending_to_debit_lowers_the_tax():
    t = tax.compare(
        P,
        2025,
        {
            "half to debit": tax.card_to_debit(P, 0.5),
            "pension": tax.with_amount(P, "pension_savings_krw", 3_000_000),
        },
    )
    assert list(t.index) == ["as entered", "half to debit", "pension"]
    assert t.loc["as entered", "change_in_tax_krw"] == 0
    assert t.loc["half to debit", "card_deduction_krw"] > t.loc["as entered", "card_deduction_krw"]
    assert (
        t.loc["half to debit", "change_in_tax_krw"] < 0 and t.loc["pension", "change_in_tax_krw"] == -450_000
    )
    assert P["card"] == {"credit": 25_000_000}  # the input is left as it was


def test_share_must_be_a_fraction():
    with pytest.raises(ValueError, match="share"):
        tax.card_to_debit(P, 1.5)
