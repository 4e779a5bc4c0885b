"""Welfare population scoring: the flat household schema round-trips a population, a partition scores
exactly like the batch path, synthetic partitions depend on (seed, start) only, bad values name their column."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from sectors.welfare import scoring
from sectors.welfare.batch import match_population
from sectors.welfare.population import generate_population
from shared.errors import DataError


def test_schema_round_trip_keeps_members_and_household_facts():
    pop = generate_population(400, seed=8)
    frame = scoring.from_population(pop)
    assert list(frame.columns) == list(scoring.SCHEMA)
    back = scoring.to_population(frame)
    assert back.members["household"].tolist() == pop.members["household"].tolist()
    np.testing.assert_array_equal(back.members["age"], pop.members["age"])
    np.testing.assert_array_equal(back.members["disability_level"], pop.members["disability_level"])
    for column in ("size", "income", "province", "n_children", "household_type", "age_group", "rcp_생계"):
        assert back.households[column].tolist() == pop.households[column].tolist(), column


def test_a_partition_scores_like_the_batch_path(matcher):
    pop = generate_population(500, seed=9)
    tables = scoring.score(matcher, scoring.from_population(pop, ids=np.arange(1000, 1500)), k=4)
    batch = match_population(matcher, [pop], top_k=4, chunk=500, offset=1000)
    top = tables["top"]
    assert top["household_id"].tolist() == batch.top["household"].tolist()
    assert top["service_id"].cat.codes.tolist() == batch.top["service"].tolist()
    np.testing.assert_array_equal(top["score"].to_numpy(), batch.top["score"].to_numpy())
    assert top["service_id"].cat.categories.tolist() == matcher.catalogue.ids
    province = tables["blind_spots"].query("group == 'province'").set_index("value")
    expected = batch.blind_spots.table("province")
    assert province["blind_spots"].to_dict() == expected["blind_spots"].to_dict()
    assert tables["summary"]["eligible_pairs"].item() == batch.eligible_pairs


def test_synthetic_partitions_depend_on_seed_and_start_only():
    a = scoring.synthetic(200, 50, seed=4)
    pd.testing.assert_frame_equal(a, scoring.synthetic(200, 50, seed=4))
    assert a["household_id"].tolist() == list(range(200, 250))
    assert not a["income"].equals(scoring.synthetic(250, 50, seed=4)["income"])


@pytest.mark.parametrize(
    ("column", "value", "named"),
    [
        ("income", -5.0, "income"),
        ("age_1", np.nan, "age_1"),
        ("age_2", 150.0, "age_*"),
        ("disability_1", 7, "disability_*"),
    ],
)
def test_out_of_range_values_name_their_column(column, value, named):
    frame = scoring.synthetic(0, 10, seed=1)
    frame.loc[3, column] = value
    with pytest.raises(DataError) as err:
        scoring.to_population(frame)
    assert named in str(err.value)


def test_batch_threads_give_the_single_thread_result(matcher):
    from sectors.welfare.batch import synthetic_chunks

    one = match_population(matcher, synthetic_chunks(1_200, chunk=300, seed=3), threads=1)
    two = match_population(matcher, synthetic_chunks(1_200, chunk=300, seed=3), threads=2)
    pd.testing.assert_frame_equal(one.top, two.top)
    assert one.eligible_pairs == two.eligible_pairs and one.review_pairs == two.review_pairs
    for group in ("province", "household_type"):
        pd.testing.assert_frame_equal(one.blind_spots.table(group), two.blind_spots.table(group))
