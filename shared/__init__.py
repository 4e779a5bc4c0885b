"""civic-ai-suite common layer: data registry, model store, engines and UI parts.

``shared`` never imports ``sectors`` or ``apps``.
"""

from shared.errors import CivicError, DataError, StoreError
from shared.seeding import DEFAULT_SEED, rng, seed_everything

__version__ = "0.1.0"

__all__ = ["CivicError", "DataError", "StoreError", "DEFAULT_SEED", "rng", "seed_everything", "__version__"]
