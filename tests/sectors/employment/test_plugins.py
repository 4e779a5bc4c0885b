"""JobPlugins: entity ids, candidate order before ranking, and how reasons show values."""

import numpy as np
import pytest

from sectors.employment import JobPlugins, Seeker
from sectors.employment.plugins import seeker_ids
from shared.errors import DataError


def test_seeker_ids_default_by_position_and_must_be_unique():
    assert seeker_ids([Seeker("15-1252.00"), Seeker("29-1141.00")]) == ["seeker1", "seeker2"]
    with pytest.raises(DataError, match="share an id"):
        seeker_ids([Seeker("15-1252.00", id="a"), Seeker("29-1141.00", id="a")])


def test_candidates_put_better_covered_then_home_listings_first(recommender, listings):
    seeker = Seeker("43-4051.00", ["Microsoft Excel", "Microsoft Word"], region="서울")
    plugins = JobPlugins(recommender, listings)
    pairs = plugins.candidates([seeker])
    assert sorted(pairs["item_id"]) == sorted(listings["id"])
    table = listings.set_index("id").loc[pairs["item_id"]]
    known = [recommender.space_.known_skills(s) for s in table["skills"]]
    coverage = [sum(seeker.holds(k) for k in ks) / max(len(ks), 1) for ks in known]
    keys = list(zip(-np.round(coverage, 9), table["region"] != "서울", strict=True))
    assert keys == sorted(keys)


def test_reasons_show_shares_as_percentages_and_drop_unknown_values(recommender):
    plugins = JobPlugins(recommender)
    assert (
        plugins.reason_text("skill_coverage", np.float32(0.5), "en") == "share of required skills held (50%)"
    )
    assert plugins.reason_text("shared_skills", np.float32(3.0), "ko") == "공통 기술 수 (3)"
    assert plugins.reason_text("interest_cos", np.float32("nan"), "en") is None
    assert plugins.reason_text("lsa_cos", np.float32(0.25), "ko") == "직무 의미 유사도 (0.25)"
