"""The Finance page's model, also used by the CLI and the tests: small, seeded, built once per process.

A generated Santander-schema panel (2,500 customers, 7 months, seed 11) and a
:class:`~sectors.finance.recommender.ProductRecommender` trained on it (50 trees, the last 3 months;
a few seconds on a laptop CPU). Nothing is shipped pre-fitted: training is quick and the panel is
generated, so the page, the CLI and the tests all rebuild exactly the same model.
"""

from __future__ import annotations

import functools

import pandas as pd

from sectors.finance.panel import generate_panel
from sectors.finance.recommender import ProductRecommender

#: The demo's panel and model settings.
DEMO_PANEL = dict(n_customers=2500, months=7, seed=11)
DEMO_SETTINGS = dict(n_estimators=50, n_recent=3, seed=11)


@functools.lru_cache(maxsize=1)
def demo_model() -> tuple[pd.DataFrame, ProductRecommender]:
    """The demo panel and a ProductRecommender fitted on it (cached: built once per process).

    Example:
        >>> panel, model = demo_model()
        >>> panel["ncodpers"].nunique() >= 2500, model.get_params()["n_estimators"]
        (True, 50)
    """
    settings = dict(DEMO_PANEL)
    panel = generate_panel(settings.pop("n_customers"), **settings)
    return panel, ProductRecommender(**DEMO_SETTINGS).fit(panel)
