"""Finance population scoring: the folded customer row gives exactly recommend()'s top-k, the vectorised
rules agree with the catalogue's RuleSet, ownership bits outside 12 months are refused."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sectors.finance import scoring
from sectors.finance.demo import demo_model
from sectors.finance.panel import generate_panel
from sectors.finance.rules import eligible_pairs
from shared.errors import DataError


@pytest.fixture(scope="module")
def panel():
    return generate_panel(150, months=12, new_per_month=0.0, seed=5)


def test_scoring_the_folded_rows_gives_recommends_top_k(panel):
    model = demo_model()[1]
    frame = scoring.from_panel(panel)
    assert list(frame.columns) == list(scoring.SCHEMA) and len(frame) == 150
    ours = scoring.score(model, frame, k=5)["top"].sort_values(["customer_id", "rank"], ignore_index=True)
    theirs = model.recommend(panel, k=5).sort_values(["entity_id", "rank"], ignore_index=True)
    assert ours["customer_id"].tolist() == theirs["entity_id"].astype(int).tolist()
    assert ours["item_id"].astype(str).tolist() == theirs["item_id"].tolist()
    np.testing.assert_allclose(ours["score"], theirs["score"], atol=1e-6)


def test_vectorised_rules_agree_with_the_rule_set(panel):
    block = scoring.customer_block(scoring.from_panel(panel))
    np.testing.assert_array_equal(
        scoring.eligible_products(block.age, block.held), eligible_pairs(block.age, block.held)
    )


def test_history_bits_become_lags_and_summaries():
    frame = scoring.synthetic(0, 5, seed=1)
    frame.loc[0, list(scoring.PRODUCT_CODES)] = 0
    frame.loc[0, "ind_cco_fin_ult1"] = 0b100000000110  # held 2, 3 and 12 months before
    block = scoring.customer_block(frame)
    j = scoring.PRODUCT_CODES.index("ind_cco_fin_ult1")
    assert [bool(block.lags[k][0, j]) for k in (1, 2, 3, 4, 12)] == [False, True, True, False, True]
    assert block.summary["months_since_held"][0, j] == 2 and block.summary["months_held_12"][0, j] == 3
    frame.loc[1, "ind_cco_fin_ult1"] = 5000
    with pytest.raises(DataError, match="ind_"):
        scoring.customer_block(frame)


def test_synthetic_partitions_are_seeded_by_start():
    a = scoring.synthetic(100, 40, seed=3)
    pd.testing.assert_frame_equal(a, scoring.synthetic(100, 40, seed=3))
    assert a["customer_id"].tolist() == list(range(100, 140))
