"""Finance on the shared pipeline: candidates, hard rules with reasons in both languages, features, words."""

import dataclasses
import re

import numpy as np
import pandas as pd
import pytest

from sectors.finance import PRODUCT_CODES, FinancePlugins, demo_model, generate_panel
from sectors.finance.features import PanelCube
from sectors.finance.plugins import FEATURE_WORDS, CustomerBlock, pair_features, reason_text
from sectors.finance.stats import AdoptionStats
from shared.recsys import recommend
from shared.schema import check_ranked


@pytest.fixture(scope="module")
def setting():
    cube = PanelCube.from_panel(generate_panel(400, months=4, seed=5))
    block = CustomerBlock.from_cube(cube, 3, np.arange(6))
    return cube, block, AdoptionStats(window=2).fit(cube, 3)


def test_candidates_are_the_products_not_held(setting):
    _, block, stats = setting
    pairs = FinancePlugins(stats).candidates(block)
    assert list(pairs.columns) == ["entity_id", "item_id", "row", "product"]
    assert len(pairs) == int((~block.held).sum())
    assert not block.held[pairs["row"], pairs["product"]].any()
    assert (pairs["item_id"] == [PRODUCT_CODES[p] for p in pairs["product"]]).all()


def test_rules_remove_what_a_customer_may_not_buy_and_say_why_in_both_languages(setting):
    _, block, stats = setting
    minor_first = block.profile.assign(age=[15.0, *block.age[1:]])
    block = dataclasses.replace(block, profile=minor_first)
    plugins = FinancePlugins(stats, channel="online")
    pairs = plugins.candidates(block)
    outcome = plugins.rules(block, pairs)
    np.testing.assert_array_equal(outcome.passed, plugins.eligible(block, pairs))
    card = (pairs["row"] == 0) & (pairs["item_id"] == "ind_tjcr_fin_ult1")
    mortgage = pairs["item_id"] == "ind_hip_fin_ult1"  # sold in branches only
    assert card.any() and mortgage.any()
    assert not outcome.passed[card.to_numpy()].any() and not outcome.passed[mortgage.to_numpy()].any()
    for ok, ko, en in zip(outcome.passed, outcome.reasons_ko, outcome.reasons_en, strict=True):
        assert (len(ko) == len(en) == 3) if ok else (ko == en == [])
    first = int(np.flatnonzero(outcome.passed)[0])
    assert outcome.reasons_ko[first][0].startswith("나이") and outcome.reasons_en[first][0].startswith("age")
    for ok, ko, en in zip(outcome.passed, outcome.reasons_ko, outcome.reasons_en, strict=True):
        if ok:
            assert all(re.search("[가-힣]", r) for r in ko) and not any(re.search("[가-힣]", r) for r in en)
            assert not any("ind_" in r for r in ko + en)  # prerequisite products by name, not by code


def test_features_are_one_row_per_pair_with_every_word_known(setting):
    _, block, stats = setting
    plugins = FinancePlugins(stats)
    pairs = plugins.candidates(block)
    X = plugins.features(block, pairs)
    assert len(X) == len(pairs)
    pd.testing.assert_frame_equal(
        X, pair_features(stats, block, pairs["row"].to_numpy(), pairs["product"].to_numpy())
    )
    assert set(X.columns) - {"sexo_code", "cod_prov", "indext_code"} <= set(FEATURE_WORDS)
    assert plugins.reason_text("held_lag2", np.float32(1.0), "en") == reason_text("held_lag2", 1.0, "en")
    words = plugins.reason_text("seg_age_band", np.float32(0.012), "ko")
    assert words == "같은 연령대에서 많이 가입 (1.2%/월)"


def test_the_shared_pipeline_serves_the_finance_plugins(setting):
    _, model = demo_model()
    _, block, _ = setting
    out = check_ranked(recommend(FinancePlugins(model.stats_), model.ranker_, block, k=4))
    assert out.groupby("entity_id").size().max() == 4
    assert list(out.columns[6:]) == ["name_ko", "name_en", "category"]
    assert all(reasons[0].startswith("age") for reasons in out["reasons_en"])
