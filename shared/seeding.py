"""The suite's single seeded-RNG policy.

Every function that draws random numbers takes ``seed: int | None = None`` and turns it into a
``numpy.random.Generator`` with :func:`rng`. ``None`` means :data:`DEFAULT_SEED`, never "unseeded":
two runs of the same call give the same result unless the caller asks otherwise. Code that also
uses torch or Python's ``random`` calls :func:`seed_everything` once at the start of training.
"""

from __future__ import annotations

import os
import random

import numpy as np

#: Seed used whenever a caller passes ``seed=None``. Override for a whole run with CIVIC_SEED.
DEFAULT_SEED = 20241126


def resolve_seed(seed: int | None = None) -> int:
    """Return ``seed``, or CIVIC_SEED from the environment, or :data:`DEFAULT_SEED`."""
    if seed is not None:
        return int(seed)
    env = os.environ.get("CIVIC_SEED")
    return int(env) if env else DEFAULT_SEED


def rng(seed: int | np.random.Generator | None = None) -> np.random.Generator:
    """A numpy Generator following the suite's seed policy.

    A Generator passed in is returned as is, so helpers can share one stream.

    Example:
        >>> float(rng(1).random()) == float(rng(1).random())
        True
    """
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(resolve_seed(seed))


def seed_everything(seed: int | None = None) -> int:
    """Seed Python's ``random``, numpy's legacy global state and torch (when installed); return the seed."""
    value = resolve_seed(seed)
    random.seed(value)
    np.random.seed(value % (2**32))
    try:
        import torch
    except ImportError:  # torch is a dependency, but the policy must not require it
        return value
    torch.manual_seed(value)
    return value
