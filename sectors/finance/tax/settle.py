"""연말정산 for a wage earner: the statement line by line, each line with the article it applies.

The steps follow the 근로소득 원천징수영수증: 총급여 -> 근로소득공제 -> 근로소득금액 -> 인적공제, 연금보험료공제,
특별소득공제, 신용카드 등 소득공제 -> 과세표준 -> 산출세액 -> 세액공제 -> 결정세액 -> 기납부세액과의 차이.
특별소득공제·특별세액공제·월세세액공제 and the 표준세액공제 exclude each other (소득세법 제59조의4⑨): both ways
are computed and the one with the lower 결정세액 is kept (the other is reported as ``alternative``).

Example:
    >>> r = settle({"gross_salary_krw": 50_000_000, "birth_year": 1990, "withheld_krw": 2_000_000}, 2025)
    >>> r.earned_income_deduction_krw, r.tax_base_krw, r.determined_tax_krw, r.refund_krw
    (12250000, 36250000, 3387500, -1387500)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from sectors.finance.tax import rules
from sectors.finance.tax.params import TaxParameters, tax_parameters
from sectors.finance.tax.profile import Dependant, Profile, read_profile

LOCAL_BASIS = "지방세법 제103조의13"
ROUNDING_BASIS = "국고금 관리법 제47조 (10원 미만 절사)"
PROBLEM_WORDS = {
    "income": ("소득금액 한도 초과", "income above the limit"),
    "age": ("나이 요건 미충족", "outside the age limits"),
}
ORDINALS = {1: "첫째", 2: "둘째", 3: "셋째"}
RELATION_WORDS = {
    "spouse": ("배우자", "spouse"),
    "child": ("자녀", "child"),
    "parent": ("직계존속", "parent"),
    "sibling": ("형제자매", "sibling"),
}


@dataclass
class Settlement:
    """The result of :func:`settle`: the headline amounts (KRW) and ``lines`` (item, item_en, amount_krw, basis).

    ``refund_krw`` is 기납부세액 minus 결정세액 (positive: a refund); ``settlement_krw`` is what is actually paid
    or refunded, 결정세액 minus 기납부세액 truncated to 10 won (positive: additional payment).
    """

    year: int
    earned_income_deduction_krw: int
    earned_income_krw: int
    personal_deduction_krw: int
    pension_deduction_krw: int
    insurance_deduction_krw: int
    card_deduction_krw: int
    tax_base_krw: int
    computed_tax_krw: int
    credits_krw: int
    determined_tax_krw: int
    local_tax_krw: int
    withheld_krw: int
    refund_krw: int
    settlement_krw: int
    method: str
    alternative_determined_tax_krw: int
    lines: pd.DataFrame
    excluded: list[dict[str, Any]] = field(default_factory=list)
    card: dict[str, int] = field(default_factory=dict)

    def summary(self) -> dict[str, int | str]:
        """The headline amounts as a dict (no lines)."""
        return {k: v for k, v in self.__dict__.items() if k not in ("lines", "excluded", "card")}


class _Lines:
    def __init__(self) -> None:
        self.rows: list[dict[str, Any]] = []

    def add(self, item: str, item_en: str, amount: int, basis: str) -> int:
        self.rows.append({"item": item, "item_en": item_en, "amount_krw": int(amount), "basis": basis})
        return int(amount)

    def frame(self) -> pd.DataFrame:
        return pd.DataFrame(self.rows, columns=["item", "item_en", "amount_krw", "basis"])


def _eligible(
    profile: Profile, year: int, p: TaxParameters, trust: bool
) -> tuple[list[Dependant], list[dict]]:
    keep, excluded = [], []
    for i, d in enumerate(profile.dependants):
        problems = rules.dependant_problems(d, year, p)
        if problems and not trust:
            excluded.append({"index": i, "relation": d.relation, "name": d.name, "problems": problems})
        else:
            keep.append(d)
    return keep, excluded


def _personal(
    profile: Profile, year: int, p: TaxParameters, deps: list[Dependant], eia: int, out: _Lines
) -> int:
    v = p.value("personal_deduction")
    total = out.add(
        f"기본공제 (본인 외 {len(deps)}명)",
        f"Basic deduction (earner + {len(deps)})",
        v["basic"] * (1 + len(deps)),
        "소득세법 제50조①",
    )
    elderly = (year - profile.birth_year >= v["elderly_age"]) + sum(
        d.age(year) >= v["elderly_age"] for d in deps
    )
    if elderly:
        total += out.add(
            f"경로우대 ({elderly}명)", f"Aged 70+ ({elderly})", v["elderly"] * elderly, "소득세법 제51조①1호"
        )
    disabled = sum(d.disabled for d in deps)
    if disabled:
        total += out.add(
            f"장애인 ({disabled}명)",
            f"Disabled ({disabled})",
            v["disabled"] * disabled,
            "소득세법 제51조①2호",
        )
    single_parent = not profile.has_spouse() and any(d.relation == "child" for d in deps)
    if single_parent:
        total += out.add("한부모", "Single parent", v["single_parent"], "소득세법 제51조①4호")
    elif profile.female and eia <= v["woman_income_limit"] and (profile.has_spouse() or deps):
        total += out.add("부녀자", "Woman earner", v["woman"], "소득세법 제51조①3호")
    return total


def _children(profile: Profile, year: int, p: TaxParameters, deps: list[Dependant], out: _Lines) -> int:
    v = p.value("child_tax_credit")
    kids = [d for d in deps if d.relation == "child"]
    school_age = [d for d in kids if v["min_age"] <= d.age(year) <= v["max_age"]]
    total = 0
    if school_age:
        total += out.add(
            f"자녀세액공제 (8세 이상 {len(school_age)}명)",
            f"Child credit ({len(school_age)} aged 8+)",
            rules.child_credit(len(school_age), p),
            "소득세법 제59조의2①",
        )
    listed = sorted((d for d in profile.dependants if d.relation == "child"), key=lambda d: d.birth_year)
    for d in kids:
        if d.birth_year == year or d.adopted:
            order = 1 + listed.index(d)
            total += out.add(
                f"출산·입양 세액공제 ({ORDINALS.get(order, f'{order}째')})",
                f"Birth or adoption credit (child no. {order})",
                rules.birth_credit(order, p),
                "소득세법 제59조의2③",
            )
    return total


def _compute(profile: Profile, year: int, p: TaxParameters, standard: bool, trust: bool) -> Settlement:
    out = _Lines()
    g = profile.gross_salary_krw
    out.add("총급여", "Gross salary", g, "소득세법 제20조②")
    eid = out.add(
        "근로소득공제",
        "Earned income deduction",
        rules.earned_income_deduction(g, p),
        p.basis("earned_income_deduction"),
    )
    eia = out.add("근로소득금액", "Earned income", g - eid, "소득세법 제20조②")
    deps, excluded = _eligible(profile, year, p, trust)
    personal = _personal(profile, year, p, deps, eia, out)
    for e in excluded:
        d = profile.dependants[e["index"]]
        why = ", ".join(PROBLEM_WORDS[k][0] for k in e["problems"])
        why_en = ", ".join(PROBLEM_WORDS[k][1] for k in e["problems"])
        rel_ko, rel_en = RELATION_WORDS[d.relation]
        out.add(
            f"공제 제외: {rel_ko} {d.name or d.birth_year} ({why})",
            f"Not deductible: {rel_en} {d.name or d.birth_year} ({why_en})",
            0,
            "소득세법 제50조①",
        )
    pension = out.add(
        "연금보험료공제", "National pension contributions", profile.national_pension_krw, "소득세법 제51조의3"
    )
    insurance = 0
    if not standard:
        insurance = out.add(
            "특별소득공제 (건강·고용·장기요양보험료)",
            "Health, employment and care insurance",
            profile.health_insurance_krw,
            "소득세법 제52조①",
        )
    card = rules.card_deduction(g, profile.card, p, profile.card_previous_year_krw)
    card_basis = p.basis("card_deduction")
    if sum(profile.card.values()):
        out.add(
            "신용카드 등 최저사용금액 (총급여 25%)",
            "Card spending threshold (25% of gross)",
            card["threshold"],
            card_basis,
        )
    card_ded = out.add("신용카드 등 소득공제", "Card spending deduction", card["deduction"], card_basis)
    deductions = personal + pension + insurance + card_ded
    base = out.add("과세표준", "Tax base", max(0, eia - deductions), "소득세법 제14조②")
    computed = out.add("산출세액", "Computed tax", rules.progressive_tax(base, p), p.basis("tax_rates"))

    remaining = computed

    def credit(item: str, item_en: str, amount: int, basis: str) -> int:
        nonlocal remaining
        applied = min(int(amount), remaining)
        remaining -= applied
        if amount or applied:
            suffix = "" if applied == amount else f" (산출세액 한도, 계산액 {int(amount):,}원)"
            out.add(
                item + suffix,
                item_en + ("" if applied == amount else f" (capped, computed {int(amount):,})"),
                applied,
                basis,
            )
        return applied

    credit(
        "근로소득세액공제",
        "Earned income tax credit",
        rules.earned_income_tax_credit(computed, g, p),
        p.basis("earned_income_tax_credit"),
    )
    child_lines = _Lines()
    _children(profile, year, p, deps, child_lines)
    for row in child_lines.rows:
        credit(row["item"], row["item_en"], row["amount_krw"], row["basis"])
    pa = p.value("pension_account_credit")
    rate = pa["rate_low_salary"] if g <= pa["salary_split"] else pa["rate_high_salary"]
    credit(
        "연금계좌세액공제",
        "Pension account credit",
        rules.floor_won(rules.share(min(profile.pension_savings_krw, pa["limit"]), rate)),
        p.basis("pension_account_credit"),
    )
    if standard:
        credit(
            "표준세액공제",
            "Standard credit",
            p.value("standard_credit")["amount"],
            p.basis("standard_credit"),
        )
    else:
        ins = p.value("insurance_credit")
        credit(
            "보험료 세액공제 (보장성)",
            "Insurance premium credit",
            rules.floor_won(rules.share(min(profile.insurance_premiums_krw, ins["limit"]), ins["rate"])),
            p.basis("insurance_credit"),
        )
        med = p.value("medical_credit")
        above = max(0, profile.medical_krw - rules.floor_won(rules.share(g, med["threshold_share"])))
        credit(
            "의료비 세액공제 (총급여 3% 초과분)",
            "Medical expense credit (above 3% of gross)",
            rules.floor_won(rules.share(above, med["rate"])),
            p.basis("medical_credit"),
        )
        credit(
            "교육비 세액공제",
            "Education credit",
            rules.floor_won(rules.share(profile.education_krw, p.value("education_credit")["rate"])),
            p.basis("education_credit"),
        )
        don = p.value("donation_credit")
        eligible = min(profile.donations_krw, rules.floor_won(rules.share(eia, don["income_share_limit"])))
        low = min(eligible, don["high_over"])
        amount = rules.share(low, don["rate"]) + rules.share(eligible - low, don["high_rate"])
        if don.get("extra_over") is not None:  # 2024: 제59조의4⑧, a further 10% above 3천만원
            amount += rules.share(max(0, eligible - don["extra_over"]), don["extra_rate"])
        credit("기부금 세액공제", "Donation credit", rules.floor_won(amount), p.basis("donation_credit"))
        rent = p.value("rent_credit")
        if profile.monthly_rent_krw and g <= rent["salary_limit"]:
            r = rent["rate_high"] if g <= rent["high_rate_salary"] else rent["rate_low"]
            credit(
                "월세액 세액공제",
                "Monthly rent credit",
                rules.floor_won(rules.share(min(profile.monthly_rent_krw, rent["limit"]), r)),
                p.basis("rent_credit"),
            )
        elif profile.monthly_rent_krw:
            out.add(
                "월세액 세액공제 (총급여 한도 초과: 제외)",
                "Monthly rent credit (gross above the limit: none)",
                0,
                p.basis("rent_credit"),
            )
    determined = out.add("결정세액", "Determined tax", remaining, "소득세법 제15조")
    local = out.add(
        "지방소득세 (결정세액의 10%)",
        "Local income tax (10% of determined tax)",
        rules.floor_won(rules.share(determined, p.value("local_income_tax")["share"])),
        LOCAL_BASIS,
    )
    out.add("기납부세액", "Tax withheld", profile.withheld_krw, "소득세법 제134조")
    diff = determined - profile.withheld_krw
    settled = (1 if diff >= 0 else -1) * (abs(diff) // 10 * 10)
    label = (
        ("차감징수세액 (추가 납부)", "Additional payment")
        if settled > 0
        else ("차감징수세액 (환급)", "Refund (negative)")
    )
    out.add(label[0], label[1], settled, "소득세법 제137조, " + ROUNDING_BASIS)
    return Settlement(
        year=year,
        earned_income_deduction_krw=eid,
        earned_income_krw=eia,
        personal_deduction_krw=personal,
        pension_deduction_krw=pension,
        insurance_deduction_krw=insurance,
        card_deduction_krw=card_ded,
        tax_base_krw=base,
        computed_tax_krw=computed,
        credits_krw=computed - determined,
        determined_tax_krw=determined,
        local_tax_krw=local,
        withheld_krw=profile.withheld_krw,
        refund_krw=profile.withheld_krw - determined,
        settlement_krw=settled,
        method="standard" if standard else "itemized",
        alternative_determined_tax_krw=-1,
        lines=out.frame(),
        excluded=excluded,
        card=card,
    )


def settle(profile: Mapping[str, Any] | Profile, year: int = 2025, *, as_claimed: bool = False) -> Settlement:
    """Settle ``profile`` for tax ``year`` (2023, 2024 or 2025): see :class:`Settlement`.

    ``as_claimed=True`` counts every listed dependant as claimed, eligible or not (what an unchecked 공제신고서
    would give); the screen uses it to size the tax an error would leave unpaid.
    """
    p = tax_parameters(year)
    prof = read_profile(profile, year)
    itemized = _compute(prof, year, p, standard=False, trust=as_claimed)
    standard = _compute(prof, year, p, standard=True, trust=as_claimed)
    if standard.determined_tax_krw < itemized.determined_tax_krw:
        chosen, other = standard, itemized
    else:
        chosen, other = itemized, standard
    chosen.alternative_determined_tax_krw = other.determined_tax_krw
    return chosen
