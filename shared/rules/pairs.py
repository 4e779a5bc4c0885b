"""Pair filters for ranking: hard rules on (user, item) pairs, applied before a recommender ranks them.

A rule looks at two aligned frames, one row per (user, item) pair: the user's features and the
item's features. ``check`` says which pairs pass (two-valued: a pair the rule cannot decide passes
or fails as each rule's docstring says); ``explain`` says why a passing pair passed, in Korean or
English, ready to be shown or handed to an LLM to phrase. Rules and :class:`RuleSet` are plain
dataclasses, so a model that holds them saves them through :mod:`shared.store` without extra code.

Where they sit in :mod:`shared.rules`: these filters decide which candidates a ranker may show; a
rule that must answer "needs review" for missing facts, cite a dated parameter, or be checked
against written cases belongs in the predicates of :mod:`shared.rules.predicates` instead.

Example:
    >>> users = pd.DataFrame({"age": [15, 40]})
    >>> items = pd.DataFrame({"min_age": [19, 19], "max_age": [None, None]})
    >>> rule = AgeRule()
    >>> rule.check(users, items).tolist()
    [False, True]
    >>> rule.explain(users.iloc[[1]], items.iloc[[1]], "en")
    ['age 40 meets the minimum age 19']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np
import pandas as pd

from shared.errors import DataError


def _column(frame: pd.DataFrame, name: str, what: str) -> pd.Series:
    if name not in frame.columns:
        raise DataError(
            f"{what} feature is missing", column=name, expected=f"a column {name!r} for this rule"
        )
    return frame[name]


def _allowed_sets(values: pd.Series) -> list[set[str] | None]:
    out: list[set[str] | None] = []
    for v in values:
        if v is None or (isinstance(v, float) and np.isnan(v)) or (isinstance(v, str) and not v.strip()):
            out.append(None)  # no restriction
        elif isinstance(v, str):
            out.append({s.strip() for s in v.split("|") if s.strip()})
        else:
            out.append({str(s) for s in v})
    return out


@dataclass(frozen=True)
class AgeRule:
    """The user's age lies within the item's [min, max] (missing limits do not restrict; missing age fails)."""

    age_column: str = "age"
    min_column: str = "min_age"
    max_column: str = "max_age"
    kind: ClassVar[str] = "age"

    def check(self, users: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
        """Which (user, item) pairs pass this rule, as a bool array."""
        age = pd.to_numeric(_column(users, self.age_column, "user"), errors="coerce").to_numpy(float)
        lo = pd.to_numeric(_column(items, self.min_column, "item"), errors="coerce").to_numpy(float)
        hi = pd.to_numeric(_column(items, self.max_column, "item"), errors="coerce").to_numpy(float)
        with np.errstate(invalid="ignore"):
            ok_lo = np.isnan(lo) | (age >= lo)
            ok_hi = np.isnan(hi) | (age <= hi)
        return ~np.isnan(age) & ok_lo & ok_hi

    def explain(self, users: pd.DataFrame, items: pd.DataFrame, lang: str = "en") -> list[str]:
        """Why each pair passed, one sentence per pair."""
        out = []
        for a, lo, hi in zip(
            users[self.age_column], items[self.min_column], items[self.max_column], strict=True
        ):
            a = int(a)
            lo = None if pd.isna(lo) else int(lo)
            hi = None if pd.isna(hi) else int(hi)
            if lo is not None and hi is not None:
                out.append(
                    f"나이 {a}세: 가입 연령 {lo}~{hi}세 충족"
                    if lang == "ko"
                    else f"age {a} within the age limits {lo}-{hi}"
                )
            elif lo is not None:
                out.append(
                    f"나이 {a}세: 최소 가입 연령 {lo}세 충족"
                    if lang == "ko"
                    else f"age {a} meets the minimum age {lo}"
                )
            elif hi is not None:
                out.append(
                    f"나이 {a}세: 최대 가입 연령 {hi}세 이하"
                    if lang == "ko"
                    else f"age {a} within the maximum age {hi}"
                )
            else:
                out.append("연령 제한 없음" if lang == "ko" else "no age limit")
        return out


@dataclass(frozen=True)
class AllowedValuesRule:
    """The user's value of ``user_column`` is one of the item's allowed values (``a|b|c``; empty = any).

    Use it for channels (the item is sold through this channel), segments, residence and the like.
    A user with no value (None) passes: the rule restricts only what it knows.
    """

    user_column: str
    item_column: str
    label_en: str = ""
    label_ko: str = ""
    kind: ClassVar[str] = "allowed"

    def check(self, users: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
        """Which (user, item) pairs pass this rule, as a bool array."""
        values = _column(users, self.user_column, "user")
        allowed = _allowed_sets(_column(items, self.item_column, "item"))
        return np.array(
            [a is None or pd.isna(v) or str(v) in a for v, a in zip(values, allowed, strict=True)], dtype=bool
        )

    def explain(self, users: pd.DataFrame, items: pd.DataFrame, lang: str = "en") -> list[str]:
        """Why each pair passed, one sentence per pair."""
        label = (self.label_ko if lang == "ko" else self.label_en) or self.user_column
        out = []
        for v, a in zip(users[self.user_column], _allowed_sets(items[self.item_column]), strict=True):
            if a is None or pd.isna(v):
                out.append(f"{label}: 제한 없음" if lang == "ko" else f"{label}: no restriction")
            else:
                out.append(f"{label} '{v}' 허용" if lang == "ko" else f"{label} '{v}' is allowed")
        return out


@dataclass(frozen=True)
class RequiresRule:
    """The user already holds at least one of the items in the item's ``requires_column`` (``a|b``; empty = none).

    ``held_column`` on the user side holds the user's items as ``a|b|c``.
    """

    held_column: str = "held"
    requires_column: str = "requires"
    kind: ClassVar[str] = "requires"

    def check(self, users: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
        """Which (user, item) pairs pass this rule, as a bool array."""
        held = _allowed_sets(_column(users, self.held_column, "user"))
        needs = _allowed_sets(_column(items, self.requires_column, "item"))
        return np.array(
            [n is None or bool(h and (h & n)) for h, n in zip(held, needs, strict=True)], dtype=bool
        )

    def explain(self, users: pd.DataFrame, items: pd.DataFrame, lang: str = "en") -> list[str]:
        """Why each pair passed, one sentence per pair."""
        out = []
        held = _allowed_sets(users[self.held_column])
        for h, n in zip(held, _allowed_sets(items[self.requires_column]), strict=True):
            if n is None:
                out.append("선행 상품 불필요" if lang == "ko" else "no prerequisite")
            else:
                have = sorted((h or set()) & n)
                out.append(
                    f"선행 상품 보유: {', '.join(have)}"
                    if lang == "ko"
                    else f"holds the prerequisite {', '.join(have)}"
                )
        return out


@dataclass
class RuleSet:
    """Several hard rules applied together: a pair is eligible when it passes all of them."""

    rules: list[Any] = field(default_factory=list)

    def check(self, users: pd.DataFrame, items: pd.DataFrame) -> np.ndarray:
        """Which pairs pass every rule (all pass when there are no rules)."""
        ok = np.ones(len(users), dtype=bool)
        for rule in self.rules:
            ok &= rule.check(users.reset_index(drop=True), items.reset_index(drop=True))
        return ok

    def failures(self, users: pd.DataFrame, items: pd.DataFrame) -> list[list[str]]:
        """For each pair, the kinds of the rules it fails."""
        out: list[list[str]] = [[] for _ in range(len(users))]
        for rule in self.rules:
            ok = rule.check(users.reset_index(drop=True), items.reset_index(drop=True))
            for i in np.flatnonzero(~ok):
                out[i].append(rule.kind)
        return out

    def explain(self, users: pd.DataFrame, items: pd.DataFrame, lang: str = "en") -> list[list[str]]:
        """For each pair, one sentence per rule saying why it passed."""
        out: list[list[str]] = [[] for _ in range(len(users))]
        for rule in self.rules:
            for i, text in enumerate(
                rule.explain(users.reset_index(drop=True), items.reset_index(drop=True), lang)
            ):
                out[i].append(text)
        return out
