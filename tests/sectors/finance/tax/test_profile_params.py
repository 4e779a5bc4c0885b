"""Profile checking (errors that name the field) and the dated parameters (one file per year, each figure sourced)."""

import pytest

from sectors.finance import tax
from shared.errors import DataError
from shared.rules.parameters import ParameterError

BASE = {"gross_salary_krw": 40_000_000, "birth_year": 1985}


def test_missing_optional_keys_mean_zero():
    p = tax.read_profile(BASE, 2025)
    assert p.withheld_krw == 0 and p.card == dict.fromkeys(p.card, 0) and p.dependants == ()


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"salary": 1}, "salary"),
        ({"medical_krw": -5}, "medical_krw"),
        ({"card": {"credit": 1, "amex": 2}}, "card.amex"),
        ({"card": {"debit": -1}}, "card.debit"),
        ({"dependants": [{"relation": "cousin", "birth_year": 1990}]}, "dependants[0].relation"),
        ({"dependants": [{"relation": "child", "birth_year": 1980}]}, "dependants[0].birth_year"),
        ({"dependants": [{"relation": "parent", "birth_year": 1990}]}, "dependants[0].birth_year"),
        ({"dependants": [{"relation": "child", "birth_year": 2030}]}, "dependants[0].birth_year"),
        ({"dependants": [{"relation": "child", "birth_year": 2015, "hobby": "x"}]}, "dependants[0].hobby"),
        (
            {"dependants": [{"relation": "child", "birth_year": 2015, "income_krw": -1}]},
            "dependants[0].income_krw",
        ),
        ({"dependants": [{"relation": "child"}]}, "dependants[0].birth_year"),
        ({"withheld_krw": "lots"}, "withheld_krw"),
        ({"withheld_krw": 10.5}, "withheld_krw"),
        ({"birth_year": 2020}, "birth_year"),
    ],
)
def test_bad_profiles_name_the_field(change, field):
    with pytest.raises(DataError) as err:
        tax.settle({**BASE, **change}, 2025)
    assert err.value.column == field


def test_two_spouses_are_impossible():
    spouse = {"relation": "spouse", "birth_year": 1986}
    with pytest.raises(DataError, match="more than one spouse"):
        tax.settle({**BASE, "dependants": [spouse, spouse]}, 2025)


def test_years_are_dated_parameters_not_branches():
    assert tax.available_years() == [2023, 2024, 2025]
    with pytest.raises(ParameterError, match="2022"):
        tax.settle(BASE, 2022)
    child = tax.tax_parameters(2024).value("child_tax_credit")["per_child"]
    assert child != tax.tax_parameters(2025).value("child_tax_credit")["per_child"]


@pytest.mark.parametrize("year", [2023, 2024, 2025])
def test_every_figure_names_its_article_and_source(year):
    p = tax.tax_parameters(year)
    assert p.valid_from.year == p.valid_to.year == year
    for row in p.table():
        assert "제" in row["basis"] and len(row["source"]) > 20
        assert row["verified"] in (True, False, "partly")
