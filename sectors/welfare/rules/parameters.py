"""Korean welfare parameters by year (2024-2026), each with the notice, statute or page it comes from.

Values are monthly amounts in KRW unless the unit says otherwise. A year whose figure was not
verified is absent: asking for it is an error inside the rules engine and "needs review" outside.

기준 중위소득 (standard median income, 보건복지부장관 고시 under 국민기초생활 보장법 제2조제11호 and
제6조의2), by household size; households of 8 or more add the 7-person minus 6-person difference
for each further member (the rule stated in the notices):

- 2024: 「2024년 기준 중위소득 및 생계·의료급여 선정기준과 최저보장수준」 (중앙생활보장위원회 의결
  2023-07-28): 1-person 2,228,445원, 4-person 5,729,913원 (quoted in the 2025 briefing); sizes 2-7
  3,682,609 / 4,714,657 / 5,729,913 / 6,695,735 / 7,618,369 / 8,514,994 (the 5-person figure and the
  50% line of the 1-person figure are also quoted by third-party summaries of the notice).
- 2025: 「2025년 기준 중위소득 …」 (의결 2024-07-25; 보건복지부 briefing of the same day: 4-person
  6,097,773원, +6.42%; 1-person 2,392,013원, +7.34%, as reported by 한국경제 2024-07-25). Sizes 2-6
  checked against the 여성가족부 page www.mogef.go.kr/sp/fam/sp_fam_f016.do; the catalogue's 생계급여
  (32%: 765,444원) and 주거급여 (48%: 1,148,166원) lines reproduce the 1-person figure.
- 2026: 「2026년 기준 중위소득 …」 (의결 2025-07-31): 1-person 2,564,238원 (+7.20%), 2-person 4,199,292,
  3-person 5,359,036, 4-person 6,494,738 (+6.51%), 5-person 7,556,719, 6-person 8,555,952, as the
  보건복지부 announcement is quoted by several summaries. The 7-person figure was not found, so sizes
  of 7 or more are missing for 2026 (their rules answer "needs review").

급여별 선정기준 (share of the median, 국민기초생활 보장법 제8조제2항, 제11조 (주거급여법 제5조),
제12조제3항, 제12조의3제2항 and the annual notices): 생계 32%, 의료 40%, 주거 48%, 교육 50% in 2024,
2025 and 2026 (the 2026 decision kept the shares; the catalogue states 32%, 48% and 50%).
차상위계층: 50% (국민기초생활 보장법 제2조제10호, 시행령 제3조).

Other programme lines (share of the median):

- 한부모가족 아동양육비: 63% in 2024 and 2025 (한부모가족지원법 제5조, 제12조 and 여성가족부 고시
  「한부모가족지원법에 따른 지원대상자의 범위」; the 여성가족부 page above tabulates 2025's 63% line;
  the catalogue entry WLF00001068 states 63%). 2026 not verified: absent.
- 긴급복지 생계지원: 75% in 2024 and 2025 (긴급복지지원법 제5조의2, 보건복지부 고시 「긴급지원 지원금액
  및 재산의 합계액 기준」; the catalogue entry WLF00003180 states 75%). 2026 not verified: absent.

Selection amounts (선정기준액, 보건복지부 고시, single / couple):

- 기초연금 (기초연금법 제3조제1항): 2024 2,130,000 / 3,408,000 (보건복지부 announcement of 2024-01-01);
  2025 2,280,000 / 3,648,000 (catalogue WLF00001164: "2025도 선정기준액은 단독가구는 2,280,000원,
  부부가구는 3,648,000원"); 2026 2,470,000 / 3,952,000 (보건복지부 announcement of 2026-01-01: "단독가구
  월 247만 원, 부부가구 월 395만2000원", +8.3%).
- 장애인연금 (장애인연금법 제4조제1항): 2025 1,380,000 / 2,208,000 (catalogue WLF00003249); 2026
  1,400,000 / 2,240,000 (reported by 한국장애인단체총연맹 in January 2026; the notice text was not seen).
  2024 not verified: absent.

Age limits in months (the statute's "…세 미만"):

- 아동수당 (아동수당법 제4조제1항): under 8 years (96 months) in 2024 and 2025 (catalogue WLF00001171:
  "만 8세미만 아동(0~95개월)"); 2026: under 9 years (108 months), the expansion announced for 2026 as
  reported by summaries of the 2026 budget; the amended article's text was not seen here.
- 부모급여 (영유아보육법 제34조의2): under 24 months (catalogue WLF00004657: "2세 미만의 아동(0~23개월)").
- 첫만남이용권 (저출산·고령사회기본법 시행 지침; 사회서비스 이용 및 이용권 관리에 관한 법률): within 2 years of
  birth for children born from 2024 (catalogue WLF00004656).

Example:
    >>> median_income(2025, 4)
    6097773.0
    >>> median_income(2024, 8)   # 8,514,994 + (8,514,994 - 7,618,369)
    9411619.0
    >>> round(median_income(2025, 1) * 0.48)
    1148166
"""

from __future__ import annotations

import datetime as dt

from shared.rules.parameters import Parameter, ParameterSet, Version


def _year(year: int, values: dict, source: str, *, extendable: bool = True) -> Version:
    return Version(dt.date(year, 1, 1), values, source, end=dt.date(year, 12, 31), extendable=extendable)


MEDIAN_INCOME = "kr.median_income"
BENEFIT_SHARE = "kr.benefit_line_share"
PROGRAMME_SHARE = "kr.programme_median_share"
BASIC_PENSION = "kr.basic_pension.selection_amount"
DISABILITY_PENSION = "kr.disability_pension.selection_amount"
AGE_LIMIT_MONTHS = "kr.age_limit_months"

_MEDIAN_2024 = {
    1: 2_228_445,
    2: 3_682_609,
    3: 4_714_657,
    4: 5_729_913,
    5: 6_695_735,
    6: 7_618_369,
    7: 8_514_994,
}
_MEDIAN_2025 = {
    1: 2_392_013,
    2: 3_932_658,
    3: 5_025_353,
    4: 6_097_773,
    5: 7_108_192,
    6: 8_064_805,
    7: 8_988_428,
}
_MEDIAN_2026 = {
    1: 2_564_238,
    2: 4_199_292,
    3: 5_359_036,
    4: 6_494_738,
    5: 7_556_719,
    6: 8_555_952,
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
                _year(
                    2026,
                    _MEDIAN_2026,
                    "보건복지부 고시 2026년 기준 중위소득 (중앙생활보장위원회 의결 2025-07-31; 7인 이상 미확인)",
                    extendable=False,
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
                _year(
                    y,
                    dict(_SHARES),
                    f"국민기초생활 보장법 제8조·제11조·제12조·제12조의3, 보건복지부 고시 {y}년 급여별 선정기준",
                )
                for y in (2024, 2025, 2026)
            ],
        )
    )
    ps.add(
        Parameter(
            PROGRAMME_SHARE,
            "Selection line of other programmes as a share of the standard median income (percent)",
            "percent",
            [
                _year(
                    2024,
                    {"한부모": 63.0, "긴급복지": 75.0},
                    "한부모가족지원법 제5조·여성가족부 고시 (63%); 긴급복지지원법 제5조의2·보건복지부 고시 (75%)",
                ),
                _year(
                    2025,
                    {"한부모": 63.0, "긴급복지": 75.0},
                    "여성가족부 www.mogef.go.kr/sp/fam/sp_fam_f016.do (2025 63%); 복지로 WLF00001068, WLF00003180",
                ),
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
                _year(
                    2026,
                    {"single": 2_470_000, "couple": 3_952_000},
                    "보건복지부 2026년 기초연금 선정기준액 발표 (2026-01-01)",
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
                _year(
                    2026,
                    {"single": 1_400_000, "couple": 2_240_000},
                    "2026 선정기준액 as reported by 한국장애인단체총연맹 (notice text not seen)",
                ),
            ],
        )
    )
    ps.add(
        Parameter(
            AGE_LIMIT_MONTHS,
            "Age limits (months, exclusive) of child programmes",
            "months",
            [
                _year(
                    2024,
                    {"아동수당": 96, "부모급여": 24, "첫만남이용권": 24},
                    "아동수당법 제4조제1항 (8세 미만); 영유아보육법 제34조의2 (부모급여); 첫만남이용권 지침 (출생 후 2년)",
                ),
                _year(
                    2025,
                    {"아동수당": 96, "부모급여": 24, "첫만남이용권": 24},
                    "복지로 WLF00001171 (0~95개월), WLF00004657 (0~23개월), WLF00004656 (생년월일로부터 2년)",
                ),
                _year(
                    2026,
                    {"아동수당": 108, "부모급여": 24, "첫만남이용권": 24},
                    "아동수당 2026년 9세 미만 확대 (2026 budget, as reported; amended article not seen); 부모급여·첫만남이용권 unchanged",
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
