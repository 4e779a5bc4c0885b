"""Sample households shown on the Welfare page (and used by the ranking tests).

Each entry: a Korean and an English label and a household dict in the documented format
(see :func:`sectors.welfare.eligibility.validate_household`). They are illustrations, not data.

Example:
    >>> from sectors.welfare.eligibility import validate_household
    >>> all(validate_household(h["household"]) for h in SAMPLE_HOUSEHOLDS.values())
    True
"""

from __future__ import annotations

from typing import Any

SAMPLE_HOUSEHOLDS: dict[str, dict[str, Any]] = {
    "elderly_alone": {
        "ko": "70세 독거 어르신 (월 1,500,000원)",
        "en": "70-year-old living alone (1,500,000 KRW a month)",
        "household": {
            "region": "서울특별시 관악구",
            "income_recognized_krw": 1_500_000,
            "members": [{"age": 70, "disability": "none", "relation": "head"}],
        },
    },
    "issue_housing": {
        "ko": "65세 1인 가구 (월 900,000원)",
        "en": "65-year-old living alone (900,000 KRW a month)",
        "household": {
            "region": "서울특별시 관악구",
            "income_recognized_krw": 900_000,
            "members": [{"age": 65, "disability": "none", "relation": "head"}],
        },
    },
    "single_parent": {
        "ko": "한부모 가구, 자녀 2명 (월 2,000,000원)",
        "en": "single parent with two children (2,000,000 KRW a month)",
        "household": {
            "region": "부산광역시 해운대구",
            "income_recognized_krw": 2_000_000,
            "single_parent": True,
            "members": [
                {"age": 34, "employed": True, "relation": "head"},
                {"age": 9, "relation": "child", "in_school": True},
                {"age": 5, "relation": "child", "in_school": False},
            ],
        },
    },
    "newborn": {
        "ko": "부부와 생후 3개월 아기 (월 3,500,000원)",
        "en": "couple with a 3-month-old baby (3,500,000 KRW a month)",
        "household": {
            "region": "경기도 수원시",
            "income_recognized_krw": 3_500_000,
            "married": True,
            "single_parent": False,
            "members": [
                {"age": 32, "relation": "head"},
                {"age": 31, "relation": "spouse"},
                {"age_months": 3, "relation": "child"},
            ],
        },
    },
    "severe_disability": {
        "ko": "45세 중증 장애인 1인 가구 (월 1,000,000원)",
        "en": "45-year-old with a severe disability living alone (1,000,000 KRW a month)",
        "household": {
            "region": "대전광역시 서구",
            "income_recognized_krw": 1_000_000,
            "members": [{"age": 45, "disability": "severe", "relation": "head"}],
        },
    },
}
