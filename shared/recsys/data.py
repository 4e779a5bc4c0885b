"""The engine's input: an interaction table (user, item, time, weight) and its user-item matrix.

``check_interactions`` validates a frame; :class:`Catalogue` maps user and item ids to matrix rows
and columns so every model in the engine sees the same numbering.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import scipy.sparse as sp

from shared.errors import DataError

REQUIRED = ("user", "item")


def check_interactions(frame: pd.DataFrame, *, file: str | None = None) -> pd.DataFrame:
    """Validate and normalise an interaction table to columns user, item, time, weight.

    ``time`` may be absent (row order is used) and ``weight`` may be absent (1.0). Ids become strings.

    Example:
        >>> check_interactions(pd.DataFrame({"user": [1], "item": ["a"]})).columns.tolist()
        ['user', 'item', 'time', 'weight']
    """
    if not isinstance(frame, pd.DataFrame):
        raise DataError(
            "interactions must be a pandas DataFrame", file=file, expected="columns user, item, time"
        )
    for column in REQUIRED:
        if column not in frame.columns:
            raise DataError(
                "column is missing", file=file, column=column, expected="columns user, item, time, weight"
            )
        if frame[column].isna().any():
            raise DataError("missing ids", file=file, column=column, expected="an id on every row")
    out = pd.DataFrame(
        {"user": frame["user"].astype(str).to_numpy(), "item": frame["item"].astype(str).to_numpy()}
    )
    if "time" in frame.columns:
        time = pd.to_datetime(frame["time"], errors="coerce")
        if time.isna().any():
            row = int(time.isna().to_numpy().argmax())
            raise DataError(
                f"value {frame['time'].iloc[row]!r} in row {row + 1} is not a time", file=file, column="time"
            )
        out["time"] = time.to_numpy()
    else:
        out["time"] = pd.to_datetime(np.arange(len(frame)), unit="s")
    if "weight" in frame.columns:
        weight = pd.to_numeric(frame["weight"], errors="coerce")
        if weight.isna().any():
            raise DataError("weights must be numbers", file=file, column="weight", expected="numbers")
        out["weight"] = weight.astype(float).to_numpy()
    else:
        out["weight"] = 1.0
    return out


@dataclass
class Catalogue:
    """The user and item ids known to a model, in matrix order."""

    users: pd.Index
    items: pd.Index

    @classmethod
    def from_ids(cls, users: Iterable[object], items: Iterable[object]) -> Catalogue:
        """Build from ids (duplicates dropped, order of first appearance kept, ids as strings).

        Example:
            >>> Catalogue.from_ids(["u2", "u1", "u2"], ["a"]).users.tolist()
            ['u2', 'u1']
        """
        return cls(
            pd.Index(pd.unique(pd.Series(list(users), dtype=str))),
            pd.Index(pd.unique(pd.Series(list(items), dtype=str))),
        )

    @property
    def n_users(self) -> int:
        """Number of users."""
        return len(self.users)

    @property
    def n_items(self) -> int:
        """Number of items."""
        return len(self.items)

    def user_rows(self, users: Iterable[object]) -> np.ndarray:
        """Row numbers of ``users`` (-1 for unknown users)."""
        return self.users.get_indexer(pd.Index([str(u) for u in users]))

    def item_cols(self, items: Iterable[object]) -> np.ndarray:
        """Column numbers of ``items`` (-1 for unknown items)."""
        return self.items.get_indexer(pd.Index([str(i) for i in items]))

    def matrix(
        self, frame: pd.DataFrame, *, binary: bool = True, weights: np.ndarray | None = None
    ) -> sp.csr_matrix:
        """The users x items matrix of ``frame`` (unknown ids dropped; repeated pairs summed, or 1 if binary)."""
        rows = self.user_rows(frame["user"])
        cols = self.item_cols(frame["item"])
        keep = (rows >= 0) & (cols >= 0)
        values = (
            np.ones(int(keep.sum()), dtype=np.float32)
            if weights is None
            else np.asarray(weights, np.float32)[keep]
        )
        m = sp.csr_matrix(
            (values, (rows[keep], cols[keep])), shape=(self.n_users, self.n_items), dtype=np.float32
        )
        m.sum_duplicates()
        if binary:
            m.data[:] = 1.0
        return m
