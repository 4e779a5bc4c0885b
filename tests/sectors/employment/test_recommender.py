import numpy as np
import pandas as pd
import pytest

from sectors.employment import JobRecommender, Preferences, Seeker
from sectors.employment.recommender import heldout_split, training_pairs
from shared import store


def test_training_pairs_keep_every_related_occupation(taxonomy, recommender):
    code = "15-1252.00"
    X, y, groups = training_pairs(
        recommender.space, taxonomy, [code], hard_negatives=10, random_negatives=5, seed=0
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


def test_recommend_shows_matched_and_missing_skills(recommender, listings):
    seeker = Seeker("15-1252.00", ["Python", "Git", "Linux"], education=6, region="서울")
    top = recommender.recommend(seeker, listings, k=5)
    assert len(top) == 5 and top["score"].is_monotonic_decreasing
    for row in top.itertuples():
        listed = listings.set_index("id").loc[row.id, "skills"]
        assert sorted(row.matched_skills + row.missing_skills) == sorted(listed)
        assert all(seeker.holds(s) for s in row.matched_skills)
        assert not any(seeker.holds(s) for s in row.missing_skills)
    # A software developer's best listings are computing or engineering jobs.
    assert top["occupation_id"].iloc[:3].str[:2].isin(["15", "11", "17"]).all(), top[
        ["title", "occupation_id"]
    ]
    assert all(isinstance(r, list) and r for r in top["reasons"])


def test_preferences_filter_before_ranking(recommender, listings):
    prefs = Preferences(regions=("부산", "경남"), min_salary=35_000_000)
    seeker = Seeker("43-4051.00", ["Microsoft Excel"], education=2, preferences=prefs)
    top = recommender.recommend(seeker, listings, k=50)
    assert len(top) and top["region"].isin(["부산", "경남"]).all() and (top["salary"] >= 35_000_000).all()
    allowed = listings[listings["region"].isin(["부산", "경남"]) & (listings["salary"] >= 35_000_000)]
    assert len(top) == len(allowed)
    nothing = Seeker("43-4051.00", [], preferences=Preferences(min_salary=1e12))
    assert recommender.recommend(nothing, listings).empty


def test_seeker_skills_raise_the_score_of_a_job_that_asks_for_them(recommender, listings):
    job = listings.iloc[0]
    plain = Seeker("35-2014.00", [], education=2)
    skilled = plain.with_skills(job["skills"])
    before, after = recommender.match_scores([plain, skilled], job)
    assert after > before


def test_unknown_feature_is_refused():
    with pytest.raises(ValueError, match="unknown features"):
        JobRecommender(features=["shoe_size"])


def test_saved_model_ranks_identically(recommender, listings, tmp_path):
    folder = store.save(recommender, tmp_path / "jobs")
    loaded = store.load(folder)
    assert isinstance(loaded, JobRecommender)
    codes = ["15-1252.00", "29-1141.00", "53-3032.00"]
    assert loaded.rank_occupations(codes, k=10) == recommender.rank_occupations(codes, k=10)
    seeker = Seeker("43-4051.00", ["Microsoft Excel", "Salesforce software"], education=3)
    a = recommender.recommend(seeker, listings, k=10)
    b = loaded.recommend(seeker, listings, k=10)
    assert a["id"].tolist() == b["id"].tolist()
    np.testing.assert_allclose(a["score"], b["score"], rtol=1e-6)
    card = store.read_card(folder)
    assert card["kind"] == "sectors.employment.JobRecommender"
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
    assert top["id"].tolist()[0] == "a"
    assert top["matched_skills"].iloc[0] == ["MEDITECH software"]
