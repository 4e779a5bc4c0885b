"""Employment population scoring: schema rows give exactly recommend()'s top-k (preferences, own occupation
left out), the Arrow list column reads like an object column, unknown occupations are named."""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest

from sectors.employment import scoring
from sectors.employment.demo import demo_model
from sectors.employment.seeker import Preferences, Seeker
from shared.errors import DataError


def _seekers(frame):
    return [
        Seeker(
            r.occupation,
            tuple(r.skills),
            education=int(r.education),
            id=str(r.seeker_id),
            preferences=Preferences(max_zone_step=None if r.max_zone_step < 0 else int(r.max_zone_step)),
        )
        for r in frame.itertuples()
    ]


def test_scoring_schema_rows_gives_recommends_top_k():
    model = demo_model()
    frame = scoring.synthetic(0, 12, seed=2)
    frame.loc[0, "max_zone_step"] = 0
    ours = scoring.score(model, frame, k=6)["top"]
    theirs = model.recommend(_seekers(frame), k=6)
    assert ours["seeker_id"].astype(str).tolist() == theirs["entity_id"].tolist()
    assert ours["item_id"].astype(str).tolist() == theirs["item_id"].tolist()
    assert (
        ours["item_id"].astype(str)
        != frame.set_index("seeker_id").loc[ours["seeker_id"], "occupation"].to_numpy()
    ).all()


def test_arrow_list_column_reads_like_lists():
    model = demo_model()
    frame = scoring.synthetic(10, 20, seed=3)
    arrow = pa.Table.from_pandas(frame, preserve_index=False).to_pandas(types_mapper=pd.ArrowDtype)
    a = scoring.score(model, frame, k=4)["top"]
    b = scoring.score(model, arrow, k=4)["top"]
    pd.testing.assert_frame_equal(a, b)


def test_unknown_occupation_is_named():
    frame = scoring.synthetic(0, 3, seed=1)
    frame.loc[1, "occupation"] = "00-0000.00"
    with pytest.raises(DataError, match="00-0000.00"):
        scoring.score(demo_model(), frame)
