"""The screen: each common error is flagged with its article and the tax it would leave unpaid; measured on a
generated population with planted errors."""

import math

from sectors.finance import tax

EARNER = {"gross_salary_krw": 55_000_000, "birth_year": 1980, "household": "h1", "withheld_krw": 3_000_000}


def _flags(profiles, year=2025):
    return tax.screen(profiles, year)


def test_a_clean_household_raises_no_flag():
    a = {**EARNER, "dependants": [{"relation": "child", "birth_year": 2012, "name": "민준"}]}
    b = {
        **EARNER,
        "birth_year": 1982,
        "dependants": [{"relation": "parent", "birth_year": 1950, "income_krw": 900_000}],
    }
    assert _flags([a, b]).empty


def test_dependant_above_the_income_limit_and_the_credit_it_carries():
    kid = {"relation": "child", "birth_year": 2008, "income_krw": 6_000_000, "wage_only": True}
    f = _flags([{**EARNER, "dependants": [kid]}])
    assert set(f["flag"]) == {"income_over_limit", "ineligible_credit"}
    row = f[f["flag"] == "income_over_limit"].iloc[0]
    assert row["basis"] == "소득세법 제50조①" and row["field"] == "dependants[0].income_krw"
    assert row["extra_tax_krw"] > 0
    assert f[f["flag"] == "ineligible_credit"]["basis"].iloc[0] == "소득세법 제59조의2"


def test_wage_only_income_uses_the_500만원_limit():
    kid = {"relation": "child", "birth_year": 2006, "income_krw": 4_500_000, "wage_only": True}
    assert _flags([{**EARNER, "dependants": [kid]}]).empty
    kid["wage_only"] = False
    assert "income_over_limit" in set(_flags([{**EARNER, "dependants": [kid]}])["flag"])


def test_a_parent_claimed_by_two_siblings():
    parent = {"relation": "parent", "birth_year": 1948, "name": "어머니"}
    f = _flags([{**EARNER, "dependants": [parent]}, {**EARNER, "birth_year": 1983, "dependants": [parent]}])
    assert f["flag"].tolist() == ["double_claim"] and f["profile"].tolist() == [1]
    assert f["extra_tax_krw"].iloc[0] >= 1_500_000 * 0.15  # 기본공제 plus 경로우대 at 15% or more
    other_house = {**EARNER, "household": "h2", "birth_year": 1983, "dependants": [parent]}
    assert _flags([{**EARNER, "dependants": [parent]}, other_house]).empty


def test_card_deduction_claimed_beyond_its_cap():
    card = {"credit": 10_000_000, "debit": 20_000_000}
    lawful = tax.settle({**EARNER, "card": card}, 2025).card_deduction_krw
    assert lawful == 3_000_000  # the basic limit binds
    ok = _flags([{**EARNER, "card": card, "claimed_card_deduction_krw": lawful}])
    over = _flags([{**EARNER, "card": card, "claimed_card_deduction_krw": lawful + 1_500_000}])
    assert ok.empty
    assert over["flag"].tolist() == ["card_over_cap"] and over["basis"].iloc[0] == "조세특례제한법 제126조의2"
    assert over["extra_tax_krw"].iloc[0] == 1_500_000 * 15 // 100


def test_age_limits_for_children_parents_and_siblings():
    deps = [
        {"relation": "child", "birth_year": 2002},
        {"relation": "parent", "birth_year": 1970},
        {"relation": "sibling", "birth_year": 1985, "disabled": True},
    ]
    f = _flags(
        [
            {**EARNER, "birth_year": 1960 + 30, "dependants": deps[1:]},
            {**EARNER, "birth_year": 1975, "dependants": deps[:1]},
        ]
    )
    assert f["flag"].tolist() == ["age_ineligible", "age_ineligible"]
    assert set(f["basis"]) == {"소득세법 제50조①3호"}


def test_screening_on_a_planted_population():
    table = tax.evaluate_screening(60, seed=3)
    overall = table.loc["all"]
    assert overall["planted"] > 10
    assert overall["precision"] > 0.8 and overall["recall"] > 0.8
    for flag in ("income_over_limit", "card_over_cap"):
        row = table.loc[flag]
        assert math.isnan(row["recall"]) or row["recall"] == 1.0  # exact rules on exact data


def test_the_population_is_seeded():
    a, ta = tax.generate_population(15, seed=5)
    b, tb = tax.generate_population(15, seed=5)
    assert a == b and ta.equals(tb)
