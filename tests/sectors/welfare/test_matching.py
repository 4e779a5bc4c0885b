"""Ranking, match(), storage and the batch path (small synthetic populations, bundled catalogue)."""

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from sectors.welfare import WelfareMatcher, match, match_population, slice_chunks, synthetic_chunks
from sectors.welfare.ranking import rank_lists, ranking_metrics
from sectors.welfare.takeup import ANCHORS, TakeupModel, basic_benefit_status, simulate_receipt
from shared.errors import DataError
from shared.estimator import NotFittedError
from shared.rules import TRUE
from shared.schema import RANKED_COLUMNS, check_ranked
from shared.store import load, save


def test_match_is_a_ranked_list_of_eligible_and_review_services_with_quoted_reasons(matcher, elderly):
    table = check_ranked(match(elderly, year=2025, matcher=matcher))
    assert list(table.columns[:7]) == [*RANKED_COLUMNS, "service"]
    assert set(table["entity_id"]) == {"household"}
    assert (np.diff(table["score"].to_numpy()) <= 1e-12).all()  # best first
    assert {v for v in table["eligible"]} <= {True, None}  # plainly ineligible services are left out
    full = matcher.assess(elderly, 2025)
    kept = set(full.loc[full["eligible"].map(lambda v: v is not False), "service_id"])
    assert set(table["item_id"]) == kept and len(full) == len(matcher.catalogue)
    yes = table[table["eligible"].map(lambda v: v is True)]
    pension = yes[yes["service"] == "기초연금"].iloc[0]
    assert "«" in pension["why"] and "65세" in pension["why"]
    assert all(c["source"] for c in pension["conditions"])
    assert pension["reasons_ko"][0].startswith("충족: ") and pension["reasons_en"][0].startswith("met: ")
    assert len(pension["reasons_en"]) > len([c for c in pension["conditions"] if c["status"] is True])
    review = table[table["eligible"].map(lambda v: v is None)]
    assert len(review) and all(r and "needs review" in " ".join(r) for r in review["reasons_en"])
    assert all(isinstance(u, list) for u in table["unknown_conditions"])
    assert match(elderly, matcher=matcher, k=3)["rank"].tolist() == [1, 2, 3]


def test_recommend_ranks_several_households_and_needs_a_fit(matcher, elderly, catalogue):
    young = {"region": "서울특별시 관악구", "income_recognized_krw": 900_000, "members": [{"age": 20}]}
    table = check_ranked(matcher.recommend({"a": elderly, "b": young}, 2025, k=4))
    assert table.groupby("entity_id")["rank"].max().to_dict() == {"a": 4, "b": 4}
    with pytest.raises(NotFittedError):
        WelfareMatcher(catalogue).match(elderly)
    with pytest.raises(DataError, match="members"):
        matcher.match({"region": "서울특별시 관악구", "members": []})


def test_english_reasons_and_received_flag(matcher, elderly):
    table = matcher.match({**elderly, "receives": ["WLF00001164"]}, lang="en")
    row = table[table["item_id"] == "WLF00001164"].iloc[0]
    assert row["received"] and "met:" in row["why"]


def test_store_round_trip_gives_the_same_answers(matcher, elderly, tmp_path):
    folder = save(matcher, tmp_path / "welfare")
    again = load(folder)
    a, b = matcher.match(elderly), again.match(elderly)
    pd.testing.assert_frame_equal(a, b)
    assert clone(matcher).get_params()["catalogue"].ids == matcher.catalogue.ids


def test_ranker_beats_random_on_held_out_households(matcher, catalogue):
    from sectors.welfare import facts_from_population, generate_population
    from sectors.welfare.ranking import household_features, pair_features

    test = generate_population(1_000, seed=77)
    facts = facts_from_population(test)
    codes = matcher.engine(2025).evaluate(facts)
    received = simulate_receipt(test, codes, catalogue, matcher.service_table(2025), TakeupModel(), offset=99)
    rows, cols = np.nonzero(codes == TRUE)
    X = pair_features(household_features(facts, 2025, codes), matcher.service_table(2025), rows, cols)
    ids = catalogue.ids
    rel = received[rows, cols]
    ours = ranking_metrics(rank_lists(rows, cols, matcher.ranker_.predict(X), ids), rows, cols, rel, ids)
    rand = ranking_metrics(
        rank_lists(rows, cols, np.random.default_rng(0).random(len(rows)), ids), rows, cols, rel, ids
    )
    assert ours["ndcg@5"] > rand["ndcg@5"]


def test_receipt_only_among_the_eligible_and_anchored(catalogue, matcher):
    from sectors.welfare import facts_from_population, generate_population

    pop = generate_population(4_000, seed=8)
    codes = matcher.engine(2025).evaluate(facts_from_population(pop))
    received = simulate_receipt(pop, codes, catalogue, matcher.service_table(2025), TakeupModel(seed=1))
    assert not (received & (codes != TRUE)).any()
    j = catalogue.ids.index("WLF00001164")
    eligible = codes[:, j] == TRUE
    assert abs(received[eligible, j].mean() - ANCHORS["기초연금"]) < 0.03
    k = list(catalogue.services["service"]).index("생계급여(맞춤형 급여)")
    assert np.array_equal(received[:, k], pop.households["rcp_생계"].to_numpy() & (codes[:, k] == TRUE))
    assert basic_benefit_status("의료급여(의료급여)") == "의료"


def test_batch_path_keeps_top_k_of_eligible_services_and_counts_blind_spots(matcher):
    result = match_population(matcher, synthetic_chunks(3_000, chunk=1_000, seed=4), top_k=5)
    assert result.households == 3_000 and len(result.chunk_seconds) == 3
    top = result.top
    assert top.groupby("household")["rank"].max().max() <= 5
    assert top["household"].max() < 3_000
    by_type = result.blind_spots.table("household_type")
    assert by_type["households"].sum() == 3_000
    assert (by_type["blind_spots"] <= by_type["eligible_high_value"]).all()
    assert (by_type["blind_spots"] <= by_type["missing_some"]).all()
    ranked = check_ranked(result.ranked(matcher.catalogue))
    assert len(ranked) == len(top) and set(ranked["item_id"]) <= set(matcher.catalogue.ids)
    provinces = result.blind_spots.table("province")
    assert provinces["blind_spots"].sum() == by_type["blind_spots"].sum()


def test_slicing_a_population_keeps_members_with_their_households():
    from sectors.welfare import generate_population

    pop = generate_population(250, seed=2)
    parts = list(slice_chunks(pop, 100))
    assert [len(p) for p in parts] == [100, 100, 50]
    assert sum(len(p.members) for p in parts) == len(pop.members)
    assert parts[1].members["household"].between(0, 99).all()
