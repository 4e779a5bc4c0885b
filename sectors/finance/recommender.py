"""``ProductRecommender``: which financial products a customer is likely to add next month, and why.

It trains the engine's ranker on a Santander-schema panel (see :mod:`sectors.finance.panel`) and serves
through the shared pipeline (:mod:`shared.recsys.pipeline`) with the finance plug-ins
(:class:`~sectors.finance.plugins.FinancePlugins`): unheld products, the hard rules (age limits, sales
channel, prerequisite account) before ranking, then the ranker, and reasons in Korean and English:
the rules each product passed, then the features that pushed it up. The output is the suite's ranked
list (:mod:`shared.schema`): ``entity_id`` (the customer), ``item_id`` (the product code), ``rank``,
``score``, ``reasons_ko``, ``reasons_en``, then ``name_ko``, ``name_en``, ``category``.

Example:
    >>> from sectors.finance.panel import generate_panel
    >>> panel = generate_panel(1500, months=6, seed=4)
    >>> model = ProductRecommender(n_estimators=30, n_recent=3).fit(panel)
    >>> last = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(2)
    >>> recs = model.recommend(last, k=3)
    >>> list(recs.columns[:6]), len(recs)
    (['entity_id', 'item_id', 'rank', 'score', 'reasons_ko', 'reasons_en'], 6)
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES
from sectors.finance.features import PanelCube
from sectors.finance.models import EngineRanker, training_months
from sectors.finance.plugins import CustomerBlock, FinancePlugins, check_customers, name_products
from sectors.finance.rules import finance_rules, rule_frames
from sectors.finance.stats import AdoptionStats
from shared.errors import DataError
from shared.estimator import Estimator
from shared.recsys.pipeline import recommend
from shared.schema import ranked_list
from shared.store import dataset_fingerprint, register


def _align_latest(customers: pd.DataFrame) -> pd.DataFrame:
    """Shift each customer's rows so their latest month is the same month for everyone (lags keep their meaning)."""
    frame = customers.copy()
    if "fecha_dato" not in frame.columns:
        frame["fecha_dato"] = pd.Timestamp.today().normalize()
    frame["fecha_dato"] = pd.to_datetime(frame["fecha_dato"], errors="coerce")
    if frame["fecha_dato"].isna().any():
        raise DataError("dates that do not parse", column="fecha_dato", expected="YYYY-MM-DD")
    period = frame["fecha_dato"].dt.to_period("M")
    latest = period.groupby(frame["ncodpers"]).transform("max")
    back = (latest - period).apply(lambda d: d.n)
    anchor = period.max()
    frame["fecha_dato"] = [(anchor - int(b)).to_timestamp() + pd.Timedelta(days=27) for b in back]
    for code in PRODUCT_CODES:
        if code not in frame.columns:
            frame[code] = 0
    return frame.sort_values(["fecha_dato", "ncodpers"], kind="stable")


def customer_block(customers: pd.DataFrame) -> CustomerBlock:
    """The customers of Santander-schema rows (one or more months each) as of the month after their latest."""
    cube = PanelCube.from_panel(_align_latest(check_customers(customers)))
    return CustomerBlock.from_cube(cube, cube.owned.shape[0], np.arange(len(cube.customers)))


@register
class ProductRecommender(Estimator):
    """Ranks the 24 products a customer does not hold by how likely they are to add each next month.

    ``fit(panel)`` trains on the panel's last ``n_recent`` months (and the same month a year earlier);
    ``recommend(customers, k)`` takes Santander-schema rows (one or more months per customer; a
    single profile row is enough) and returns a ranked list (see the module docstring).
    """

    intended_use = (
        "Suggesting financial products a customer may add next month, with reasons and eligibility "
        "checks, to support bank or counselling staff in a pilot."
    )
    limitations = (
        "Learnt from Santander-schema panels (a Spanish bank's 2015-2016 layout; the demos and benchmark "
        "use a generated panel); it predicts adoption, not suitability, so it must not be used for credit"
        " decisions or sales targets, and product terms must be checked against the FSS disclosures."
    )

    store_kind = "sectors.finance.ProductRecommender"
    store_version = 2

    def __init__(self, *, n_estimators: int = 300, n_recent: int = 6, seed: int | None = None) -> None:
        self.n_estimators = n_estimators
        self.n_recent = n_recent
        self.seed = seed

    def fit(self, panel: pd.DataFrame) -> ProductRecommender:
        """Train on a monthly panel in the Santander schema."""
        cube = PanelCube.from_panel(panel)
        if cube.owned.shape[0] < 3:
            raise DataError(
                "the panel needs at least 3 months", column="fecha_dato", expected="3 or more months"
            )
        target = cube.owned.shape[0]  # the month after the panel
        months = training_months(cube, target, n_recent=self.n_recent)
        engine = EngineRanker(n_estimators=self.n_estimators, seed=self.seed).fit(cube, months)
        self.ranker_ = engine.ranker_
        self.stats_ = AdoptionStats().fit(cube, target)
        self.trained_until_ = str(cube.months[-1].date())
        self.training_months_ = [str(cube.months[m].date()) for m in months]
        self.training_data_ = dataset_fingerprint(  # no dataset name: generated or real Santander data
            None,
            cube.owned,
            note=f"Santander-schema panel: {len(cube.customers):,} customers, {len(cube.months)} months "
            f"({cube.months[0].date()}..{cube.months[-1].date()})",
        )
        return self

    def eligibility(
        self, customers: pd.DataFrame, *, channel: str | None = None, lang: str = "en"
    ) -> pd.DataFrame:
        """Every (customer, product): held now, eligible, and the rules it fails or passes (in words)."""
        block = customer_block(customers)
        users, items = rule_frames(block.age, block.held, channel)
        rules = finance_rules()
        ok = rules.check(users, items)
        failed = rules.failures(users, items)
        passed = rules.explain(users, items, lang)
        return pd.DataFrame(
            {
                "customer": np.repeat(block.ids, len(PRODUCT_CODES)),
                "product": np.tile(PRODUCT_CODES, len(block.ids)),
                "held": block.held.ravel(),
                "eligible": ok,
                "failed_rules": failed,
                "passed_rules": [
                    name_products(p, lang) if o else [] for p, o in zip(passed, ok, strict=True)
                ],
            }
        )

    def recommend(
        self, customers: pd.DataFrame, k: int = 7, *, channel: str | None = None, n_reasons: int = 3
    ) -> pd.DataFrame:
        """Top ``k`` products per customer (held and ineligible ones removed) as a ranked list with reasons.

        ``channel`` is the serving channel (branch, online, phone; None: any); ``n_reasons`` the most
        feature reasons per product (the rules passed come first).
        """
        self._check_fitted()
        plugins = FinancePlugins(self.stats_, channel)
        block = customer_block(customers)
        pairs = plugins.candidates(block)
        if not plugins.eligible(block, pairs).any():  # nothing left to rank: an empty list, same columns
            none = pairs.iloc[:0]
            return ranked_list(none["entity_id"], none["item_id"], [], extras=plugins.extras(block, none))
        return recommend(plugins, self.ranker_, block, k=k, top_reasons=n_reasons)

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`."""
        from sectors.finance.panel import generate_panel
        from shared.estimator_checks import ConformanceCase

        panel = generate_panel(600, months=5, seed=3)
        customers = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(5)
        return ConformanceCase(
            make=lambda: cls(n_estimators=10, n_recent=2, seed=0),
            fit=lambda m: m.fit(panel),
            predict=lambda m: m.recommend(customers, k=3),
            schema="ranked",
            bad_input=lambda m: m.recommend(customers.drop(columns="ncodpers")),
        )
