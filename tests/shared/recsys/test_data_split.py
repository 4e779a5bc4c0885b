import numpy as np
import pandas as pd
import pytest

from shared.errors import DataError
from shared.recsys import Catalogue, check_interactions, per_user_time_split


def test_split_holds_out_the_last_fifth_of_each_user_by_time():
    times = pd.to_datetime(np.arange(10), unit="D")
    frame = pd.DataFrame(
        {"user": ["a"] * 10, "item": list("abcdefghij"), "time": times[::-1]}
    )  # input newest first
    train, test = per_user_time_split(frame, 0.2)
    assert sorted(test["item"]) == ["a", "b"]  # the two newest
    assert train["time"].max() < test["time"].min()
    assert len(train) == 8


def test_split_keeps_single_interaction_users_in_training():
    frame = pd.DataFrame(
        {
            "user": ["a", "b", "b", "b", "b", "b"],
            "item": list("xabcde"),
            "time": pd.to_datetime(range(6), unit="h"),
        }
    )
    train, test = per_user_time_split(frame)
    assert "a" in set(train["user"]) and "a" not in set(test["user"])
    assert test["item"].tolist() == ["e"]
    with pytest.raises(ValueError):
        per_user_time_split(frame, 1.5)


def test_interaction_checks_name_the_column():
    with pytest.raises(DataError, match="'item'"):
        check_interactions(pd.DataFrame({"user": [1]}))
    with pytest.raises(DataError, match="'time'"):
        check_interactions(pd.DataFrame({"user": [1], "item": [2], "time": ["not a date"]}))
    with pytest.raises(DataError, match="'weight'"):
        check_interactions(pd.DataFrame({"user": [1], "item": [2], "weight": ["x"]}))


def test_catalogue_matrix_drops_unknown_ids_and_binarises():
    cat = Catalogue.from_ids(["u1", "u2"], ["a", "b"])
    m = cat.matrix(pd.DataFrame({"user": ["u1", "u1", "u2", "zz"], "item": ["a", "a", "b", "a"]}))
    assert m.toarray().tolist() == [[1, 0], [0, 1]]
    assert cat.user_rows(["u2", "nobody"]).tolist() == [1, -1]
