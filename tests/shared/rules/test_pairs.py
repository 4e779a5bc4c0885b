import pandas as pd
import pytest

import shared.recsys
from shared.errors import DataError
from shared.rules import AgeRule, AllowedValuesRule, RequiresRule, RuleSet
from shared.store.codec import Decoder, Encoder


def _frames():
    users = pd.DataFrame(
        {
            "age": [15, 30, 80, None],
            "channel": ["online", "branch", None, "online"],
            "held": ["", "acc", "acc|card", ""],
        }
    )
    items = pd.DataFrame(
        {
            "min_age": [19, 19, None, 19],
            "max_age": [None, 75, 70, None],
            "channels": ["branch", "branch|online", "", "branch"],
            "requires": ["", "acc", "card", ""],
        }
    )
    return users, items


def test_each_rule_by_hand():
    users, items = _frames()
    assert AgeRule().check(users, items).tolist() == [False, True, False, False]
    assert AllowedValuesRule("channel", "channels").check(users, items).tolist() == [False, True, True, False]
    assert RequiresRule().check(users, items).tolist() == [True, True, True, True]
    users.loc[2, "held"] = "acc"
    assert RequiresRule().check(users, items).tolist()[2] is False


def test_ruleset_combines_explains_and_round_trips():
    users, items = _frames()
    rules = RuleSet(
        [
            AgeRule(),
            AllowedValuesRule("channel", "channels", label_en="channel", label_ko="채널"),
            RequiresRule(),
        ]
    )
    assert rules.check(users, items).tolist() == [False, True, False, False]
    assert rules.failures(users, items)[0] == ["age", "allowed"]
    words = rules.explain(users.iloc[[1]], items.iloc[[1]], "en")[0]
    assert words == [
        "age 30 within the age limits 19-75",
        "channel 'branch' is allowed",
        "holds the prerequisite acc",
    ]
    assert "나이 30세" in rules.explain(users.iloc[[1]], items.iloc[[1]], "ko")[0][0]
    enc = Encoder()
    tree = enc.encode(rules, "rules")
    again = Decoder(enc.state).decode(tree, "rules")
    assert again == rules
    assert again.check(users, items).tolist() == rules.check(users, items).tolist()


def test_recsys_still_exports_the_pair_filters():
    assert shared.recsys.RuleSet is RuleSet
    assert (shared.recsys.AgeRule, shared.recsys.AllowedValuesRule, shared.recsys.RequiresRule) == (
        AgeRule,
        AllowedValuesRule,
        RequiresRule,
    )


def test_missing_rule_column_is_a_clear_error():
    users, items = _frames()
    with pytest.raises(DataError, match="'max_age'"):
        AgeRule().check(users, items.drop(columns="max_age"))
