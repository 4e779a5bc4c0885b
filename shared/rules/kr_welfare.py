"""Korean welfare parameters by year: the standard median income and the selection amounts.

Every figure names its source. Values are monthly amounts in KRW.

기준 중위소득 (standard median income, 보건복지부장관 고시 under 국민기초생활 보장법 제2조제11호 and
제6조의2), by household size 1-7; households of 8 or more add the 7-person minus 6-person difference
for each further member (the rule stated in the notices):

- 2025: 「2025년 기준 중위소득 및 생계·의료급여 선정기준과 최저보장수준」, decided by the
  중앙생활보장위원회 on 2024-07-25 (보건복지부 briefing of the same day: 4-person 6,097,773원, +6.42%;
  1-person 2,392,013원, +7.34%). Sizes 2-6 checked against the 여성가족부 page
  www.mogef.go.kr/sp/fam/sp_fam_f016.do; the catalogue's own 생계급여 (32%: 765,444원 for 1 person)
  and 주거급여 (48%: 1,148,166원) lines reproduce the 1-person figure.
- 2024: 「2024년 기준 중위소득 및 생계·의료급여 선정기준과 최저보장수준」 (decided 2023-07-28). The
  2025 briefing quotes the 2024 4-person 5,729,913원 and 1-person 2,228,445원; sizes 2-7 as published
  (3,682,609 / 4,714,657 / 5,729,913 / 6,695,735 / 7,618,369 / 8,514,994). The notice numbers
  (고시 제…호) were not verified here, so they are not quoted.

급여별 선정기준 (share of the standard median income): 생계 32%, 의료 40%, 주거 48%, 교육 50% in
both 2024 and 2025 (same notices; the catalogue states 32% for 생계급여, 48% for 주거급여, 50% for
교육급여). 차상위계층: 50% (국민기초생활 보장법 시행령 제3조).

기초연금 선정기준액 (basic pension selection amount, 보건복지부 고시): 2024 단독 2,130,000원 / 부부
3,408,000원 (보건복지부 announcement of 2024-01-01); 2025 단독 2,280,000원 / 부부 3,648,000원 (the
catalogue entry WLF00001164 states it: "2025도 선정기준액은 단독가구는 2,280,000원, 부부가구는
3,648,000원").

장애인연금 선정기준액: 2025 단독 1,380,000원 / 부부 2,208,000원 (catalogue entry WLF00003249: "2025년
선정기준액은 단독가구 138만원, 부부가구 220.8만원"). The 2024 amount was not verified, so 2024 is
absent: asking for it is an error, and welfare rules turn that into "needs review".

Example:
    >>> median_income(2025, 4)
    6097773.0
    >>> median_income(2024, 8)   # 8,514,994 + (8,514,994 - 7,618,369)
    9411619.0
"""

from __future__ import annotations

import datetime as dt

from shared.rules.parameters import Parameter, ParameterSet, Version


def _year(year: int, values: dict, source: str) -> Version:
    return Version(dt.date(year, 1, 1), values, source, end=dt.date(year, 12, 31))


MEDIAN_INCOME = "kr.median_income"
BENEFIT_SHARE = "kr.benefit_line_share"
BASIC_PENSION = "kr.basic_pension.selection_amount"
DISABILITY_PENSION = "kr.disability_pension.selection_amount"

_MEDIAN_2025 = {
    1: 2_392_013,
    2: 3_932_658,
    3: 5_025_353,
    4: 6_097_773,
    5: 7_108_192,
    6: 8_064_805,
    7: 8_988_428,
}
_MEDIAN_2024 = {
    1: 2_228_445,
    2: 3_682_609,
    3: 4_714_657,
    4: 5_729_913,
    5: 6_695_735,
    6: 7_618_369,
    7: 8_514_994,
}
_SHARES = {"생계": 32.0, "의료": 40.0, "주거": 48.0, "교육": 50.0, "차상위": 50.0}


def build_parameters() -> ParameterSet:
    """A fresh :class:`ParameterSet` with the Korean welfare parameters (see the module notes)."""
    ps = ParameterSet()
    ps.add(
        Parameter(
            MEDIAN_INCOME,
            "기준 중위소득 (standard median income), monthly, by household size",
            "KRW/month",
            [
                _year(
                    2024,
                    _MEDIAN_2024,
                    "보건복지부 고시 2024년 기준 중위소득 (중앙생활보장위원회 의결 2023-07-28)",
                ),
                _year(
                    2025,
                    _MEDIAN_2025,
                    "보건복지부 고시 2025년 기준 중위소득 (중앙생활보장위원회 의결 2024-07-25)",
                ),
            ],
            extend="last_difference",
        )
    )
    ps.add(
        Parameter(
            BENEFIT_SHARE,
            "급여별 선정기준: share of the standard median income (percent)",
            "percent",
            [
                _year(2024, dict(_SHARES), "보건복지부 고시 2024년 급여별 선정기준"),
                _year(2025, dict(_SHARES), "보건복지부 고시 2025년 급여별 선정기준"),
            ],
        )
    )
    ps.add(
        Parameter(
            BASIC_PENSION,
            "기초연금 선정기준액 (basic pension selection amount), monthly 소득인정액",
            "KRW/month",
            [
                _year(
                    2024,
                    {"single": 2_130_000, "couple": 3_408_000},
                    "보건복지부 2024년 기초연금 선정기준액 발표 (2024-01-01)",
                ),
                _year(
                    2025,
                    {"single": 2_280_000, "couple": 3_648_000},
                    "복지로 catalogue WLF00001164 (2025 선정기준액)",
                ),
            ],
        )
    )
    ps.add(
        Parameter(
            DISABILITY_PENSION,
            "장애인연금 선정기준액 (disability pension selection amount), monthly 소득인정액",
            "KRW/month",
            [
                _year(
                    2025,
                    {"single": 1_380_000, "couple": 2_208_000},
                    "복지로 catalogue WLF00003249 (2025 선정기준액)",
                ),
            ],
        )
    )
    return ps


#: The shared, read-only instance rules use by default.
KR_WELFARE: ParameterSet = build_parameters()


def median_income(year: int | dt.date, household_size: int) -> float:
    """The standard median income (KRW/month) for ``household_size`` in ``year``."""
    return KR_WELFARE.value(MEDIAN_INCOME, year, int(household_size))
