"""The welfare sector's demo model, used by the Welfare page, the ``civic`` CLI and the tests.

:func:`demo_model` is a :class:`~sectors.welfare.matcher.WelfareMatcher` on the catalogue (the bundled
sample unless a data folder is given) with a ranker trained on a small seeded synthetic population:
built once per process and data folder (seconds on a CPU), then shared. :func:`toy_catalogue` is a
six-service catalogue written by hand (no extraction, no Kiwi) for fast unit and conformance tests.

Example:
    >>> model = demo_model()
    >>> model.match({"region": "서울특별시 관악구", "income_recognized_krw": 1_500_000,
    ...              "members": [{"age": 70}]}, k=1)["rank"].tolist()
    [1]
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from sectors.welfare.conditions import Condition
from sectors.welfare.matcher import WelfareMatcher
from sectors.welfare.population import generate_population
from sectors.welfare.services import ServiceCatalogue, catalogue_for

#: How the demo model is trained: households (train, validation), their seeds and the ranker's size.
DEMO_SETTINGS = {"train": 2_000, "valid": 500, "seed": 11, "n_estimators": 80}


@lru_cache(maxsize=2)
def demo_model(data_dir: str | None = None) -> WelfareMatcher:
    """The matcher the page, the CLI and the tests use (cached per process and ``data_dir``).

    ``data_dir`` None: CIVIC_DATA_DIR, then the bundled catalogue sample. Treat the result as
    read-only: it is shared.
    """
    seed = DEMO_SETTINGS["seed"]
    train = generate_population(DEMO_SETTINGS["train"], seed=seed)
    valid = generate_population(DEMO_SETTINGS["valid"], seed=seed + 1)
    model = WelfareMatcher(catalogue_for(data_dir), n_estimators=DEMO_SETTINGS["n_estimators"], seed=seed)
    return model.fit(train, valid=valid)


def _condition(kind: str, source: str, **value: object) -> Condition:
    return Condition(kind, tuple(value.items()), source, "target_text")


def toy_catalogue() -> ServiceCatalogue:
    """Six made-up services with hand-written conditions (age bands, income lines), for fast tests.

    Example:
        >>> toy_catalogue().ids[:2]
        ['TOY0001', 'TOY0002']
    """
    names = ["노인 생활지원", "아동 돌봄", "청년 월세", "저소득 긴급지원", "가족 상담", "어르신 건강"]
    values = [3_600_000.0, 1_200_000.0, 2_400_000.0, 1_800_000.0, None, 600_000.0]
    ids = [f"TOY{i + 1:04d}" for i in range(len(names))]
    known = [v for v in values if v is not None]
    services = pd.DataFrame(
        {
            "service_id": ids,
            "service": names,
            "source": "central",
            "agency": "보건복지부",
            "category": ["생활지원", "보육", "주거", "생활지원", "상담", "보건"],
            "payment": ["현금지급", "전자바우처(바우처)", "현금지급", "현금지급", "기타", "현물지급"],
            "frequency": ["월", "월", "월", "1회성", None, "1회성"],
            "url": None,
            "region_field": None,
            "benefit_krw_year": values,
            "benefit_source": ["toy"] * len(names),
        }
    )
    services["value"] = services["benefit_krw_year"].fillna(float(pd.Series(known).median()))
    services["value_imputed"] = services["benefit_krw_year"].isna()
    services["high_value"] = services["benefit_krw_year"].fillna(0) >= 1_200_000
    services["cash"] = services["payment"].str.contains("현금지급")
    conditions = {
        ids[0]: [
            _condition("age", "만 65세 이상 어르신", lo=65),
            _condition("income", "기준 중위소득 70% 이하", type="median", pct=70),
        ],
        ids[1]: [_condition("age", "만 12세 이하 아동", hi=12)],
        ids[2]: [
            _condition("age", "만 19세~34세 청년", lo=19, hi=34),
            _condition("income", "기준 중위소득 60% 이하", type="median", pct=60),
        ],
        ids[3]: [_condition("income", "기준 중위소득 50% 이하", type="median", pct=50)],
        ids[4]: [],
        ids[5]: [_condition("age", "만 60세 이상", lo=60)],
    }
    services["n_conditions"] = [len(conditions[s]) for s in ids]
    return ServiceCatalogue(services, conditions, "toy")
