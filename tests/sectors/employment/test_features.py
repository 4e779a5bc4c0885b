import numpy as np
import pytest

from sectors.employment import FEATURES, OccupationSpace
from sectors.employment.features import catalogue_ranks
from shared import store
from shared.errors import DataError
from shared.estimator import NotFittedError


def test_pair_features_have_every_feature_and_shape(taxonomy):
    space = OccupationSpace(lsa_components=16).fit(taxonomy)
    q = space.occupation_profiles(["15-1252.00", "29-1141.00"])
    feats = space.pair_features(q, space.occupation_profiles())
    assert list(feats) == list(FEATURES)
    n = len(taxonomy.occupations)
    assert all(v.shape == (2, n) for v in feats.values())
    self_col = space.code_lookup["15-1252.00"]
    assert feats["text_cos"][0, self_col] > 0.99 and feats["skill_jaccard"][0, self_col] == 1.0
    assert feats["text_rank"][0, self_col] == 1 and feats["soc_shared"][0, self_col] == 4
    assert feats["zone_diff"][0, self_col] == 0


def test_skill_overlap_counts_exactly(taxonomy):
    space = OccupationSpace(lsa_components=16).fit(taxonomy)
    target_skills = taxonomy.skills_of("15-1252.00")
    seeker = space.custom_profiles(
        ["s"],
        titles=["Software Developers"],
        texts=[""],
        skills=[target_skills[:3] + ["Not A Real Tool"]],
        occupations=["15-1252.00"],
    )
    feats = space.pair_features(seeker, space.occupation_profiles(["15-1252.00"]))
    assert feats["shared_skills"][0, 0] == 3
    assert np.isclose(feats["skill_coverage"][0, 0], 3 / len(target_skills))
    assert np.isclose(feats["skill_jaccard"][0, 0], 3 / len(target_skills))


def test_catalogue_rank_is_position_among_reference():
    ref = np.array([[0.1, 0.5, 0.9, 0.3]])
    assert catalogue_ranks(np.array([[0.95, 0.5, 0.0]]), ref).tolist() == [[1.0, 2.0, 5.0]]


def test_unknown_occupation_and_unfitted_space_raise_clear_errors(taxonomy):
    with pytest.raises(NotFittedError):
        OccupationSpace().occupation_profiles()
    space = OccupationSpace(lsa_components=16).fit(taxonomy)
    with pytest.raises(DataError, match="00-0000.00"):
        space.occupation_profiles(["15-1252.00", "00-0000.00"])


def test_occupation_skill_names_put_in_demand_tools_first(taxonomy):
    space = OccupationSpace(lsa_components=16).fit(taxonomy)
    names = space.occupation_skill_names("15-1252.00")
    assert sorted(names) == sorted(taxonomy.skills_of("15-1252.00"))
    table = taxonomy.occupation_skills.merge(taxonomy.skills[["name"]], left_on="skill_id", right_index=True)
    demand = set(table[(table["occupation_id"] == "15-1252.00") & table["in_demand"]]["name"])
    assert demand and set(names[: len(demand)]) == demand
    assert space.occupation_skill_names("15-1252.00", 3) == names[:3]


def test_listing_without_code_gets_nearest_occupation(taxonomy):
    space = OccupationSpace(lsa_components=16).fit(taxonomy)
    codes, sims = space.nearest_occupations(["Registered nurse caring for patients in hospital wards"])
    assert codes[0].startswith("29-1141") and sims[0] > 0


def test_space_rebuilds_identically_from_the_store(taxonomy, tmp_path):
    space = OccupationSpace(lsa_components=16).fit(taxonomy)
    again = store.load(store.save(space, tmp_path / "space"))
    assert isinstance(again, OccupationSpace) and again.codes_ == space.codes_
    q = ["43-4051.00", "47-2111.00"]
    a = space.pair_features(space.occupation_profiles(q), space.occupation_profiles())
    b = again.pair_features(again.occupation_profiles(q), again.occupation_profiles())
    for name in FEATURES:
        np.testing.assert_allclose(a[name], b[name], rtol=1e-5, atol=1e-6, err_msg=name)
