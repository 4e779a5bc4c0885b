"""Properties over generated profiles: more deductible spending never raises the tax; the tax is never negative."""

from hypothesis import given, settings
from hypothesis import strategies as st

from sectors.finance import tax

money = st.integers(min_value=0, max_value=60_000_000)
SPENDING = [
    "national_pension_krw",
    "health_insurance_krw",
    "insurance_premiums_krw",
    "medical_krw",
    "education_krw",
    "donations_krw",
    "monthly_rent_krw",
    "pension_savings_krw",
]
CARD = ["credit", "debit", "cash_receipt", "traditional_market", "public_transport"]


@st.composite
def profiles(draw):
    year = draw(st.sampled_from([2023, 2024, 2025]))
    born = draw(st.integers(1950, year - 20))
    deps = draw(
        st.lists(
            st.fixed_dictionaries(
                {
                    "relation": st.sampled_from(["child", "sibling"]),
                    "birth_year": st.integers(born + 15, year),
                    "income_krw": st.sampled_from([0, 900_000, 3_000_000]),
                    "disabled": st.booleans(),
                }
            ),
            max_size=3,
        )
    )
    profile = {
        "gross_salary_krw": draw(st.integers(0, 300_000_000)),
        "withheld_krw": draw(money),
        "birth_year": born,
        "dependants": deps,
        "female": draw(st.booleans()),
        "card": {k: draw(st.integers(0, 40_000_000)) for k in CARD},
        **{k: draw(st.integers(0, 15_000_000)) for k in SPENDING},
    }
    return year, profile


@settings(max_examples=60, deadline=None)
@given(profiles(), st.sampled_from(SPENDING + [f"card.{k}" for k in CARD]), st.integers(1, 20_000_000))
def test_more_deductible_spending_never_raises_the_tax(case, key, more):
    year, profile = case
    before = tax.settle(profile, year)
    bigger = {**profile, "card": dict(profile["card"])}
    if key.startswith("card."):
        bigger["card"][key[5:]] += more
    else:
        bigger[key] += more
    after = tax.settle(bigger, year)
    assert after.determined_tax_krw <= before.determined_tax_krw
    assert after.tax_base_krw <= before.tax_base_krw


@settings(max_examples=60, deadline=None)
@given(profiles())
def test_the_tax_is_never_negative_and_the_lines_add_up(case):
    year, profile = case
    r = tax.settle(profile, year)
    assert 0 <= r.determined_tax_krw <= r.computed_tax_krw
    assert r.local_tax_krw == r.determined_tax_krw // 10
    assert r.refund_krw == r.withheld_krw - r.determined_tax_krw
    assert abs(r.settlement_krw + r.refund_krw) < 10
    assert (
        r.tax_base_krw >= 0
        and r.earned_income_krw + r.earned_income_deduction_krw == profile["gross_salary_krw"]
    )


@settings(max_examples=40, deadline=None)
@given(profiles(), st.integers(1900, 2000))
def test_a_dependant_claimed_by_two_earners_of_one_household_is_flagged(case, parent_born):
    year, profile = case
    parent = {"relation": "parent", "birth_year": min(parent_born, profile["birth_year"] - 12)}
    a = {**profile, "household": "h", "dependants": [parent]}
    b = {
        "gross_salary_krw": 30_000_000,
        "birth_year": profile["birth_year"],
        "household": "h",
        "dependants": [parent],
    }
    flags = tax.screen([a, b], year)
    double = flags[flags["flag"] == "double_claim"]
    assert len(double) == 1 and double["profile"].iloc[0] == 1
    assert double["basis"].iloc[0] == "소득세법 시행령 제106조"
