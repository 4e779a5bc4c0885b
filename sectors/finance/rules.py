"""The hard rules of the finance catalogue: age limits, sales channel, prerequisites (a held account).

They filter candidates before the ranker sees them, and each passing rule becomes a reason in words.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES, product_catalogue
from shared.recsys import AgeRule, AllowedValuesRule, RequiresRule, RuleSet


def finance_rules() -> RuleSet:
    """Age limits, the serving channel (when given) and prerequisite products.

    Example:
        >>> [r.kind for r in finance_rules().rules]
        ['age', 'allowed', 'requires']
    """
    return RuleSet(
        [
            AgeRule(age_column="age", min_column="min_age", max_column="max_age"),
            AllowedValuesRule("channel", "channels", label_en="channel", label_ko="판매 채널"),
            RequiresRule(held_column="held", requires_column="requires"),
        ]
    )


def held_text(held: np.ndarray) -> list[str]:
    """Each customer's held products as ``a|b|c`` (the form RequiresRule reads)."""
    return ["|".join(PRODUCT_CODES[p] for p in np.flatnonzero(row)) for row in held]


def pair_frames(
    age: np.ndarray, held: np.ndarray, rows: np.ndarray, products: np.ndarray, channel: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """User and item frames for the (customer position ``rows[i]``, product index ``products[i]``) pairs.

    Example:
        >>> users, items = pair_frames(np.array([30.0]), np.zeros((1, 24), bool), np.array([0]), np.array([2]))
        >>> users["age"].tolist(), items["product"].tolist()
        ([30.0], ['ind_cco_fin_ult1'])
    """
    rows = np.asarray(rows, dtype=int)
    catalogue = product_catalogue().loc[list(PRODUCT_CODES)]
    texts = np.asarray(held_text(held), dtype=object)
    users = pd.DataFrame({"age": np.asarray(age, float)[rows], "held": texts[rows], "channel": channel})
    items = catalogue.iloc[np.asarray(products, dtype=int)].reset_index()
    return users, items


def rule_frames(
    age: np.ndarray, held: np.ndarray, channel: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """User and item frames for every (customer, product) pair, in customer-major order."""
    n, p = held.shape
    return pair_frames(age, held, np.repeat(np.arange(n), p), np.tile(np.arange(p), n), channel)


def eligible_pairs(age: np.ndarray, held: np.ndarray, channel: str | None = None) -> np.ndarray:
    """(customers x 24) bool: which products pass every hard rule."""
    users, items = rule_frames(age, held, channel)
    return finance_rules().check(users, items).reshape(held.shape)
