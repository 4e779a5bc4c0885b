"""Chronological train / validation / test splits of forecast origins.

The time axis is cut at ``floor(0.7 T)`` and ``floor(0.8 T)`` (the field's 70/10/20). A window
belongs to a part when every step it forecasts lies inside that part; its inputs may reach back
into the part before, as they would in operation. On the 2,016-step METR-LA slice with 12 in
and 12 out this gives the 393 test windows that ANCHORS.md quotes.

Example:
    >>> s = chronological_split(2016, n_in=12, n_out=12)
    >>> len(s.test), s.test.start, s.bounds
    (393, 1612, (1411, 1612))
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shared.errors import DataError


@dataclass(frozen=True)
class Split:
    """Origins (first forecast step) of the train, validation and test windows, as ranges.

    ``bounds`` are the time indices where validation and test begin.
    """

    train: range
    val: range
    test: range
    bounds: tuple[int, int]
    n_time: int

    @property
    def train_end(self) -> int:
        """First time index not available for fitting (start of validation)."""
        return self.bounds[0]

    def sizes(self) -> dict[str, int]:
        """Number of windows per part.

        Example:
            >>> chronological_split(100, n_in=4, n_out=4).sizes()
            {'train': 63, 'val': 7, 'test': 17}
        """
        return {"train": len(self.train), "val": len(self.val), "test": len(self.test)}


def chronological_split(
    n_time: int,
    *,
    n_in: int = 12,
    n_out: int = 12,
    fractions: Sequence[float] = (0.7, 0.1, 0.2),
    min_history: int | None = None,
) -> Split:
    """Split ``n_time`` steps chronologically and return the forecast origins of each part.

    ``min_history`` is how many steps a model must see before an origin (default ``n_in``; a
    model that also reads the same hour yesterday needs ``steps_per_day + n_in``). Origins of
    every part start no earlier than that.

    Example:
        >>> s = chronological_split(50, n_in=2, n_out=3, fractions=(0.6, 0.2, 0.2))
        >>> (s.train.start, s.train.stop, s.val.start, s.test.start, s.test.stop)
        (2, 28, 30, 40, 48)
    """
    if len(fractions) != 3 or any(f <= 0 for f in fractions) or abs(sum(fractions) - 1.0) > 1e-6:
        raise ValueError(f"fractions must be three positive numbers summing to 1, got {tuple(fractions)}")
    history = n_in if min_history is None else max(int(min_history), n_in)
    # The epsilon keeps 0.7 + 0.1 = 0.7999... from moving a boundary one step back.
    b1 = int(n_time * fractions[0] + 1e-9)
    b2 = int(n_time * (fractions[0] + fractions[1]) + 1e-9)

    def part(start: int, stop: int) -> range:
        first = max(start, history)
        last = stop - n_out  # the last origin whose targets end inside the part
        return range(first, max(first, last + 1))

    split = Split(part(0, b1), part(b1, b2), part(b2, n_time), (b1, b2), n_time)
    if not len(split.train) or not len(split.test):
        raise DataError(
            f"{n_time} time steps are too few for {history} steps of history and {n_out} to forecast "
            f"(train {len(split.train)}, val {len(split.val)}, test {len(split.test)} windows)",
            expected=f"enough steps for train and test windows of {history} + {n_out} steps (70/10/20 split)",
        )
    return split
