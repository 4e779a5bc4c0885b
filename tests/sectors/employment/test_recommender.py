import re

import numpy as np
import pandas as pd
import pytest
from sklearn.base import clone

from sectors.employment import JobRecommender, Preferences, Seeker
from sectors.employment.recommender import heldout_split, training_pairs
from shared import store
from shared.errors import DataError
from shared.estimator import NotFittedError
from shared.schema import RANKED_COLUMNS, check_ranked


def test_training_pairs_keep_every_related_occupation(taxonomy, recommender):
    code = "15-1252.00"
    X, y, groups = training_pairs(
        recommender.space_, taxonomy, [code], hard_negatives=10, random_negatives=5, seed=0
    )
    related = taxonomy.related[taxonomy.related["occupation_id"] == code]
    assert (y > 0).sum() == len(related)
    assert (y == 0).sum() == 15 and set(groups) == {0}
    assert set(np.unique(y)) <= {0, 1, 2, 3}


def test_heldout_split_keeps_major_groups_whole():
    codes = ["11-1011.00", "11-2011.00", "13-2011.00", "15-1252.00", "15-2051.00", "29-1141.00"]
    train, valid = heldout_split(codes, 0.34, seed=1)
    assert not {c[:2] for c in train} & {c[:2] for c in valid}
    assert sorted(train + valid) == sorted(codes)


def test_rank_occupations_never_returns_the_query(recommender):
    ranked = recommender.rank_occupations(["15-1252.00", "47-2111.00"], k=5)
    for code, others in ranked.items():
        assert len(others) == 5 and code not in others


def test_learned_ranking_finds_related_occupations_on_training_data(taxonomy, recommender):
    # On the occupations it was trained on, the ranker must beat a random order by far.
    from shared.recsys.metrics import evaluate_rankings

    truth = taxonomy.related_truth()
    ranked = recommender.rank_occupations(list(truth), k=5)
    assert evaluate_rankings(ranked, truth, k=5)["ndcg@5"] > 0.5


def test_recommend_returns_a_ranked_list_with_matched_and_missing_skills(recommender, listings):
    seeker = Seeker("15-1252.00", ["Python", "Git", "Linux"], education=6, region="서울")
    top = check_ranked(recommender.recommend(seeker, listings, k=5))
    assert len(top) == 5 and top["score"].is_monotonic_decreasing
    assert set(top["entity_id"]) == {"seeker1"} and top["rank"].tolist() == [1, 2, 3, 4, 5]
    for row in top.itertuples():
        listed = listings.set_index("id").loc[row.item_id, "skills"]
        assert sorted(row.matched_skills + row.missing_skills) == sorted(listed)
        assert all(seeker.holds(s) for s in row.matched_skills)
        assert not any(seeker.holds(s) for s in row.missing_skills)
        assert row.skill_match == pytest.approx(len(row.matched_skills) / len(listed))
    # A software developer's best listings are computing or engineering jobs.
    assert top["occupation_id"].iloc[:3].str[:2].isin(["15", "11", "17"]).all(), top[
        ["title", "occupation_id"]
    ]
    assert all(isinstance(r, list) and r for r in top["reasons_en"])
    assert all(len(ko) == len(en) for ko, en in zip(top["reasons_ko"], top["reasons_en"], strict=True))
    assert all(re.search("[가-힣]", r[0]) for r in top["reasons_ko"])


def test_equal_scores_go_to_the_better_skill_match_then_the_home_region(recommender, listings):
    seeker = Seeker("43-4051.00", ["Microsoft Excel", "Microsoft Outlook"], education=2, region="부산")
    ranked = recommender.recommend(seeker, listings, k=len(listings))
    ties = ranked.groupby("score").filter(lambda g: len(g) > 1)
    assert len(ties), "the sample should have listings of equal score"
    for _, group in ties.groupby("score"):
        keys = list(zip(-group["skill_match"].round(12), ~group["home_region"], strict=True))
        assert keys == sorted(keys)


def test_several_seekers_and_occupations_as_candidates(recommender):
    seekers = [
        Seeker("15-1252.00", ["Python", "Git"], education=6, id="dev"),
        Seeker("29-1141.00", ["MEDITECH software"], education=6, id="nurse"),
    ]
    out = check_ranked(recommender.recommend(seekers, k=4))
    assert out["entity_id"].tolist() == ["dev"] * 4 + ["nurse"] * 4
    assert "15-1252.00" not in out[out["entity_id"] == "dev"]["item_id"].tolist()  # not their own job
    assert (out["item_id"] == out["occupation_id"]).all() and out["job_zone"].between(1, 5).all()
    assert out[out["entity_id"] == "nurse"]["item_id"].iloc[0].startswith("29-")
    for row in out.itertuples():
        listed = row.matched_skills + row.missing_skills
        assert 0 < len(listed) <= 15 and row.skill_match == pytest.approx(
            len(row.matched_skills) / len(listed)
        )
    assert out["matched_skills"].map(len).sum() > 0
    with pytest.raises(DataError, match="share an id"):
        recommender.recommend([seekers[0], seekers[0]], k=2)


def test_the_zone_rule_applies_to_occupations_and_is_named(recommender):
    seeker = Seeker("43-4051.00", ["Microsoft Excel"], preferences=Preferences(max_zone_step=0))
    out = recommender.recommend(seeker, k=100)
    own_zone = recommender.space_.numeric_table_[recommender.space_.code_lookup["43-4051.00"], 0]
    assert len(out) and (out["job_zone"] <= own_zone).all()
    assert all(r[0] == "needs no more preparation than your current job" for r in out["reasons_en"])


def test_preferences_filter_before_ranking_and_are_named(recommender, listings):
    prefs = Preferences(regions=("부산", "경남"), min_salary=35_000_000)
    seeker = Seeker("43-4051.00", ["Microsoft Excel"], education=2, preferences=prefs)
    top = recommender.recommend(seeker, listings, k=50)
    assert len(top) and top["region"].isin(["부산", "경남"]).all() and (top["salary"] >= 35_000_000).all()
    allowed = listings[listings["region"].isin(["부산", "경남"]) & (listings["salary"] >= 35_000_000)]
    assert len(top) == len(allowed)
    assert all(
        r[:2] == ["in a region you would work in", "pays at least 35,000,000 KRW"] for r in top["reasons_en"]
    )
    assert all(r[1] == "희망 연봉 3,500만원 이상" for r in top["reasons_ko"])
    nothing = Seeker("43-4051.00", [], preferences=Preferences(min_salary=1e12))
    empty = check_ranked(recommender.recommend(nothing, listings))
    assert empty.empty and list(empty.columns[:6]) == list(RANKED_COLUMNS)


def test_seeker_skills_raise_the_score_of_a_job_that_asks_for_them(recommender, listings):
    job = listings.iloc[0]
    plain = Seeker("35-2014.00", [], education=2)
    skilled = plain.with_skills(job["skills"])
    before, after = recommender.match_scores([plain, skilled], job)
    assert after > before


def test_unknown_feature_is_refused_at_fit(taxonomy):
    model = JobRecommender(features=["shoe_size"])  # parameters are stored unchecked, as in scikit-learn
    with pytest.raises(ValueError, match="unknown features"):
        model.fit(taxonomy)


def test_model_contract_clone_and_not_fitted(recommender, listings):
    copy = clone(recommender)
    assert copy.get_params() == recommender.get_params() and not copy.fitted_attributes()
    with pytest.raises(NotFittedError):
        copy.recommend(Seeker("15-1252.00"), listings)
    assert recommender.ranker_.get_params()["params"]["label_gain"] == [0, 1, 3, 7]
    assert recommender.fit_seconds_ > 0 and recommender.training_data_.startswith("employment/onet sha256:")


def test_saved_model_ranks_identically(recommender, listings, tmp_path):
    folder = store.save(recommender, tmp_path / "jobs")
    loaded = store.load(folder)
    assert isinstance(loaded, JobRecommender)
    codes = ["15-1252.00", "29-1141.00", "53-3032.00"]
    assert loaded.rank_occupations(codes, k=10) == recommender.rank_occupations(codes, k=10)
    seeker = Seeker("43-4051.00", ["Microsoft Excel", "Salesforce software"], education=3)
    a = recommender.recommend(seeker, listings, k=10)
    b = loaded.recommend(seeker, listings, k=10)
    pd.testing.assert_frame_equal(a, b)
    card = store.read_card(folder)
    assert card["kind"] == "sectors.employment.JobRecommender" and card["version"] == 2
    assert not any(name.endswith((".pkl", ".pickle")) for name in card["files"])


def test_recommend_accepts_a_plain_listings_table(recommender):
    table = pd.DataFrame(
        {
            "id": ["a", "b"],
            "title": ["Registered Nurse", "Truck driver"],
            "description": ["Care for hospital patients", "Drive a tractor-trailer"],
            "skills": ["Microsoft Excel; MEDITECH software", "GPS navigation software"],
            "region": ["서울", "서울"],
            "salary": [45_000_000, 38_000_000],
            "posted": ["2025-06-01", "2025-06-02"],
        }
    )
    nurse = Seeker("29-1141.00", ["MEDITECH software"], education=6)
    top = recommender.recommend(nurse, table, k=2)
    assert top["item_id"].tolist()[0] == "a"
    assert top["matched_skills"].iloc[0] == ["MEDITECH software"]
