"""A wage earner's year-end settlement profile: checked, with every missing optional amount set to zero.

The profile is a plain dict (the form a 소득·세액공제신고서 would fill)::

    {"gross_salary_krw": 총급여, "withheld_krw": 기납부세액, "birth_year": 1985,
     "dependants": [{"relation": "spouse" | "child" | "parent" | "sibling", "birth_year": ...,
                     "income_krw": ..., "disabled": False}],
     "national_pension_krw", "health_insurance_krw", "insurance_premiums_krw", "medical_krw",
     "education_krw", "donations_krw", "monthly_rent_krw", "pension_savings_krw",
     "card": {"credit", "debit", "cash_receipt", "traditional_market", "public_transport"}}

A few optional keys carry what the law needs and the schema above cannot say: ``female`` (부녀자공제),
``household`` and dependant ``name`` (who is claimed twice), dependant ``wage_only`` (the income is 총급여 from
wages only: the 500만원 limit applies), dependant ``adopted`` (입양신고 in the year) and
``claimed_card_deduction_krw`` (the card deduction the earner claimed, for the screen) and
``card_previous_year_krw`` (last year's total card spending: the 2024 increase rule needs it).

Unknown keys, negative amounts and impossible relations raise :class:`DataError` naming the field.

Example:
    >>> p = read_profile({"gross_salary_krw": 40_000_000, "birth_year": 1990}, 2025)
    >>> p.card["credit"], p.dependants
    (0, ())
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from shared.errors import DataError

RELATIONS = ("spouse", "child", "parent", "sibling")
CARD_KEYS = ("credit", "debit", "cash_receipt", "traditional_market", "public_transport")
AMOUNTS = (
    "withheld_krw",
    "national_pension_krw",
    "health_insurance_krw",
    "insurance_premiums_krw",
    "medical_krw",
    "education_krw",
    "donations_krw",
    "monthly_rent_krw",
    "pension_savings_krw",
)
EXTRA_KEYS = ("female", "household", "name", "claimed_card_deduction_krw", "card_previous_year_krw")
PROFILE_KEYS = ("gross_salary_krw", "birth_year", "dependants", "card", *AMOUNTS, *EXTRA_KEYS)
DEPENDANT_KEYS = ("relation", "birth_year", "income_krw", "disabled", "name", "wage_only", "adopted")
SOURCE = "profile"


@dataclass(frozen=True)
class Dependant:
    """One person the earner lists as a dependant (as listed: eligibility is judged by the settlement)."""

    relation: str
    birth_year: int
    income_krw: int = 0
    disabled: bool = False
    name: str | None = None
    wage_only: bool = False
    adopted: bool = False

    def age(self, year: int) -> int:
        """Age counted the way the law counts it for the tax year (year minus birth year)."""
        return year - self.birth_year


@dataclass(frozen=True)
class Profile:
    """A checked profile (see the module notes)."""

    gross_salary_krw: int
    birth_year: int
    dependants: tuple[Dependant, ...]
    card: dict[str, int]
    withheld_krw: int = 0
    national_pension_krw: int = 0
    health_insurance_krw: int = 0
    insurance_premiums_krw: int = 0
    medical_krw: int = 0
    education_krw: int = 0
    donations_krw: int = 0
    monthly_rent_krw: int = 0
    pension_savings_krw: int = 0
    female: bool = False
    household: str = ""
    name: str | None = None
    claimed_card_deduction_krw: int | None = None
    card_previous_year_krw: int | None = None

    def has_spouse(self) -> bool:
        """True when a spouse is listed (whether or not the spouse can be claimed)."""
        return any(d.relation == "spouse" for d in self.dependants)


def _amount(value: Any, field: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        raise DataError(
            f"{value!r} is not an amount", file=SOURCE, column=field, expected="a whole number of KRW"
        )
    if value < 0:
        raise DataError(f"negative amount {value!r}", file=SOURCE, column=field, expected="an amount >= 0")
    if float(value) != int(value):
        raise DataError(f"{value!r} has a fraction of a won", file=SOURCE, column=field, expected="whole KRW")
    return int(value)


def _flag(value: Any, field: str) -> bool:
    if not isinstance(value, bool):
        raise DataError(f"{value!r} is not true/false", file=SOURCE, column=field, expected="a boolean")
    return value


def _year(value: Any, field: str, tax_year: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise DataError(
            f"{value!r} is not a year", file=SOURCE, column=field, expected="a birth year such as 1985"
        )
    if value < 1900 or value > tax_year:
        raise DataError(
            f"birth year {value} is impossible for tax year {tax_year}",
            file=SOURCE,
            column=field,
            expected=f"a year from 1900 to {tax_year}",
        )
    return value


def _unknown(record: Mapping[str, Any], allowed: tuple[str, ...], where: str) -> None:
    for key in record:
        if key not in allowed:
            raise DataError(
                f"unknown key {key!r}",
                file=SOURCE,
                column=f"{where}{key}",
                expected=f"one of {', '.join(allowed)}",
            )


def _dependant(raw: Any, i: int, tax_year: int, earner_birth: int) -> Dependant:
    where = f"dependants[{i}]."
    if not isinstance(raw, Mapping):
        raise DataError(f"{raw!r} is not a record", file=SOURCE, column=f"dependants[{i}]", expected="a dict")
    _unknown(raw, DEPENDANT_KEYS, where)
    for key in ("relation", "birth_year"):
        if key not in raw:
            raise DataError("missing", file=SOURCE, column=f"{where}{key}", expected="a value")
    relation = raw["relation"]
    if relation not in RELATIONS:
        raise DataError(
            f"unknown relation {relation!r}",
            file=SOURCE,
            column=f"{where}relation",
            expected=" | ".join(RELATIONS),
        )
    born = _year(raw["birth_year"], f"{where}birth_year", tax_year)
    if relation == "child" and born < earner_birth + 12:
        raise DataError(
            f"a child born in {born} for an earner born in {earner_birth}",
            file=SOURCE,
            column=f"{where}birth_year",
            expected=f"a child born in {earner_birth + 12} or later",
        )
    if relation == "parent" and born > earner_birth - 12:
        raise DataError(
            f"a parent born in {born} for an earner born in {earner_birth}",
            file=SOURCE,
            column=f"{where}birth_year",
            expected=f"a parent born in {earner_birth - 12} or earlier",
        )
    name = raw.get("name")
    if name is not None and not isinstance(name, str):
        raise DataError(f"{name!r} is not text", file=SOURCE, column=f"{where}name", expected="a string")
    return Dependant(
        relation=relation,
        birth_year=born,
        income_krw=_amount(raw.get("income_krw", 0), f"{where}income_krw"),
        disabled=_flag(raw.get("disabled", False), f"{where}disabled"),
        name=name,
        wage_only=_flag(raw.get("wage_only", False), f"{where}wage_only"),
        adopted=_flag(raw.get("adopted", False), f"{where}adopted"),
    )


def read_profile(raw: Mapping[str, Any] | Profile, year: int) -> Profile:
    """Check ``raw`` for tax year ``year`` and return a :class:`Profile` (missing optional amounts are 0)."""
    if isinstance(raw, Profile):
        return raw
    if not isinstance(raw, Mapping):
        raise DataError(f"{type(raw).__name__} is not a profile", file=SOURCE, expected="a dict")
    _unknown(raw, PROFILE_KEYS, "")
    for key in ("gross_salary_krw", "birth_year"):
        if key not in raw:
            raise DataError("missing", file=SOURCE, column=key, expected="a value")
    born = _year(raw["birth_year"], "birth_year", year)
    if year - born < 15:
        raise DataError(
            f"an earner born in {born}", file=SOURCE, column="birth_year", expected="an adult earner"
        )
    card_raw = raw.get("card") or {}
    if not isinstance(card_raw, Mapping):
        raise DataError(f"{card_raw!r} is not a record", file=SOURCE, column="card", expected="a dict")
    _unknown(card_raw, CARD_KEYS, "card.")
    card = {k: _amount(card_raw.get(k, 0), f"card.{k}") for k in CARD_KEYS}
    deps_raw = raw.get("dependants") or []
    if not isinstance(deps_raw, (list, tuple)):
        raise DataError(
            f"{deps_raw!r} is not a list", file=SOURCE, column="dependants", expected="a list of dicts"
        )
    dependants = tuple(_dependant(d, i, year, born) for i, d in enumerate(deps_raw))
    if sum(d.relation == "spouse" for d in dependants) > 1:
        raise DataError(
            "more than one spouse", file=SOURCE, column="dependants", expected="at most one spouse"
        )
    claimed = raw.get("claimed_card_deduction_krw")
    previous = raw.get("card_previous_year_krw")
    household, name = raw.get("household", ""), raw.get("name")
    for key, value in (("household", household), ("name", name)):
        if value is not None and not isinstance(value, str):
            raise DataError(f"{value!r} is not text", file=SOURCE, column=key, expected="a string")
    return Profile(
        gross_salary_krw=_amount(raw["gross_salary_krw"], "gross_salary_krw"),
        birth_year=born,
        dependants=dependants,
        card=card,
        female=_flag(raw.get("female", False), "female"),
        household=household or "",
        name=name,
        claimed_card_deduction_krw=None
        if claimed is None
        else _amount(claimed, "claimed_card_deduction_krw"),
        card_previous_year_krw=None if previous is None else _amount(previous, "card_previous_year_krw"),
        **{k: _amount(raw.get(k, 0), k) for k in AMOUNTS},
    )
