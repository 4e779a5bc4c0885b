"""Settlement cases kept as data: the NTS 2025 worked example's figures and hand-computed cases for 2023-2025."""

import json
from pathlib import Path

import pytest

from sectors.finance import tax
from sectors.finance.tax import rules

CASES = Path(tax.__file__).with_name("cases")
HAND = json.loads((CASES / "hand_computed.json").read_text(encoding="utf-8"))
NTS = json.loads((CASES / "nts_2025_comprehensive.json").read_text(encoding="utf-8"))


def _lines(result):
    return dict(zip(result.lines["item"], result.lines["amount_krw"], strict=True))


@pytest.mark.parametrize("case", HAND["cases"], ids=[c["name"] for c in HAND["cases"]])
def test_hand_computed_case(case):
    result = tax.settle(case["profile"], case["year"])
    summary = result.summary()
    assert {k: summary[k] for k in case["expected"]} == case["expected"]
    lines = _lines(result)
    assert {k: lines.get(k) for k in case.get("lines", {})} == case.get("lines", {})
    assert case["steps"], "a hand-computed case shows its arithmetic"


def test_every_year_has_a_hand_computed_case():
    assert {c["year"] for c in HAND["cases"]} == {2023, 2024, 2025}
    assert HAND["kind"] == "hand-computed"


STEPS = {
    "earned_income_deduction": lambda i, p: rules.earned_income_deduction(i["gross"], p),
    "progressive_tax": lambda i, p: rules.progressive_tax(i["base"], p),
    "earned_income_tax_credit": lambda i, p: rules.earned_income_tax_credit(i["computed_tax"], i["gross"], p),
    "card_deduction": lambda i, p: rules.card_deduction(i["gross"], i["card"], p)["deduction"],
    "child_credit": lambda i, p: rules.child_credit(i["n_children"], p),
    "birth_credit": lambda i, p: rules.birth_credit(i["order"], p),
}


@pytest.mark.parametrize(
    "check", [c for c in NTS["checks"] if c["step"] != "settle"], ids=lambda c: c["step"]
)
def test_nts_2025_worked_example_steps(check):
    assert STEPS[check["step"]](check["inputs"], tax.tax_parameters(2025)) == check["expected"]


def test_nts_2025_worked_example_through_settle():
    check = next(c for c in NTS["checks"] if c["step"] == "settle")
    result = tax.settle(check["inputs"]["profile"], 2025)
    summary = result.summary()
    assert {k: summary[k] for k in check["expected"]} == check["expected"]
    lines = _lines(result)
    assert {k: lines.get(k) for k in check["expected_lines"]} == check["expected_lines"]
    assert result.excluded and result.excluded[0]["relation"] == "spouse"  # the spouse earns too much


def test_every_line_cites_an_article():
    case = HAND["cases"][1]
    lines = tax.settle(case["profile"], case["year"]).lines
    assert list(lines.columns[:1]) == ["item"] and {"amount_krw", "basis"} <= set(lines.columns)
    assert lines["basis"].str.contains("제").all()
    assert lines["amount_krw"].map(type).eq(int).all()
