"""Welfare's plug-ins for the shared pipeline, on the six-service toy catalogue (no extraction, fast)."""

import numpy as np
import pytest

from sectors.welfare import WelfareMatcher, generate_population
from sectors.welfare.demo import toy_catalogue
from sectors.welfare.eligibility import EligibilityEngine
from sectors.welfare.matcher import WELFARE_RANKER
from sectors.welfare.plugins import EXTRA_COLUMNS, WelfarePlugins
from sectors.welfare.ranking import FEATURES, service_features
from shared.recsys.pipeline import RANKER_DEFAULTS
from shared.schema import RANKED_COLUMNS, check_ranked

OLD = {"region": "서울특별시 관악구", "income_recognized_krw": 800_000, "members": [{"age": 70}]}
CHILD = {"region": "서울특별시 관악구", "members": [{"age": 40}, {"age": 8}]}


@pytest.fixture(scope="module")
def plugins():
    cat = toy_catalogue()
    return WelfarePlugins(
        EligibilityEngine(cat, 2025), service_features(cat, 2025), {"old": OLD, "child": CHILD}
    )


def test_candidates_are_every_service_and_the_rules_are_three_valued(plugins):
    pairs = plugins.candidates(None)
    assert len(pairs) == 2 * 6 and list(pairs.columns[:2]) == ["entity_id", "item_id"]
    outcome = plugins.rules(None, pairs)
    keys = list(zip(pairs["entity_id"], pairs["item_id"], strict=True))
    passed = dict(zip(keys, outcome.passed, strict=True))
    assert passed[("old", "TOY0001")] and not passed[("old", "TOY0002")]  # 65+ yes, children's service no
    assert passed[("child", "TOY0002")] and passed[("child", "TOY0005")]  # no condition: needs review
    reasons = dict(zip(keys, outcome.reasons_en, strict=True))
    ko = dict(zip(keys, outcome.reasons_ko, strict=True))
    assert reasons[("old", "TOY0001")][0] == "met: 65 years or older" and ko[("old", "TOY0001")][
        0
    ].startswith("충족")
    assert reasons[("child", "TOY0005")] == ["no condition found (needs review)"]
    # the child household's income is unknown: the low-income service needs review, it is not ruled out
    assert passed[("child", "TOY0004")] and "needs review" in reasons[("child", "TOY0004")][0]


def test_features_and_extras_have_one_row_per_pair(plugins):
    pairs = plugins.candidates(["old"])
    X = plugins.features(["old"], pairs)
    assert list(X.columns) == FEATURES and len(X) == len(pairs)
    extras = plugins.extras(["old"], pairs)
    assert list(extras.columns) == EXTRA_COLUMNS and len(extras) == len(pairs)
    row = extras.iloc[0]
    assert (
        row["service"] == "노인 생활지원" and row["eligible"] is True and row["value_krw_year"] == 3_600_000
    )
    assert extras.iloc[4]["eligible"] is None and extras.iloc[1]["eligible"] is False
    assert plugins.reason_text("min_age", np.nan, "en") is None  # a missing value is no reason


def test_reasons_say_values_in_words_not_model_units(plugins):
    assert plugins.reason_text("log_value", np.log10(3_600_000), "ko") == "급여액 연 3,600,000원"
    assert plugins.reason_text("log_value", np.log10(3_600_000), "en") == "benefit value 3,600,000 KRW a year"
    assert plugins.reason_text("popularity", 0.937, "ko") == "비슷한 가구의 이용률 94%"
    assert plugins.reason_text("targets_disability", 0.0, "en") == "not for disabled people"
    assert plugins.reason_text("targets_disability", 1.0, "ko") == "장애인 대상 사업"
    assert plugins.reason_text("max_disability", 2.0, "en").endswith("severe")
    assert plugins.reason_text("category_code", 3.0, "ko") is None  # a bare code says nothing


def test_the_matcher_ranks_through_the_pipeline_with_the_suite_ranker_configuration():
    matcher = WelfareMatcher(toy_catalogue(), n_estimators=15, seed=0).fit(generate_population(400, seed=3))
    params = matcher.ranker_.get_params()
    assert params["min_child_samples"] == WELFARE_RANKER["min_child_samples"] == 40
    assert params["learning_rate"] == RANKER_DEFAULTS["learning_rate"] and params["n_estimators"] == 15
    table = check_ranked(matcher.recommend({"old": OLD, "child": CHILD}, 2025))
    assert list(table.columns) == [*RANKED_COLUMNS, *EXTRA_COLUMNS]
    assert set(table["entity_id"]) == {"old", "child"}
    assert not any(v is False for v in table["eligible"])
    assert "TOY0002" not in set(table.loc[table["entity_id"] == "old", "item_id"])
