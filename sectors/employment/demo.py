"""The employment demo model: one small JobRecommender on the bundled O*NET/ESCO sample, built once per process.

The Employment page, ``plan_training`` (when no recommender is given) and the tests all use
:func:`demo_model`, so they show and check the same model.

Example:
    >>> from sectors.employment import SAMPLE_SEEKERS
    >>> top = demo_model().recommend(SAMPLE_SEEKERS[0], demo_listings(), k=3)
    >>> top["rank"].tolist(), top["entity_id"].iloc[0]
    ([1, 2, 3], 'seeker1')
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from sectors.employment.listings import generate_listings
from sectors.employment.recommender import JobRecommender
from sectors.employment.taxonomy import BUNDLED, Taxonomy, load_taxonomy

#: Size of the demo model: small enough to train in seconds on the bundled sample.
DEMO_PARAMS = {"n_estimators": 40}
#: The demo's generated listings: how many, and the seed.
DEMO_LISTINGS = (300, 7)


@lru_cache(maxsize=1)
def demo_taxonomy() -> Taxonomy:
    """The bundled O*NET/ESCO sample (80 occupations), loaded once per process."""
    return load_taxonomy(BUNDLED)


@lru_cache(maxsize=1)
def demo_model() -> JobRecommender:
    """A small JobRecommender trained on the bundled sample (seeded, cached per process)."""
    return JobRecommender(**DEMO_PARAMS).fit(demo_taxonomy())


def demo_listings(n: int = DEMO_LISTINGS[0], seed: int = DEMO_LISTINGS[1]) -> pd.DataFrame:
    """``n`` seeded listings generated from the bundled sample (the page's default listings)."""
    return generate_listings(demo_taxonomy(), n, seed=seed)
