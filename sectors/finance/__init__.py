"""Financial product recommendation: which of 24 retail products a customer adds next month, and why.

Public API:

- :class:`ProductRecommender`: ``fit(panel)``, ``recommend(customers, k)`` -> the suite's ranked list
  (entity_id = customer, item_id = product code, rank, score, reasons_ko, reasons_en, name_ko, name_en,
  category), ``eligibility(customers)``; saved with ``shared.store``
- :class:`FinancePlugins`: the sector's plug-ins of the shared pipeline (candidates, hard rules,
  features, words); :func:`demo_model`: the page's panel and model (also the CLI's and the tests')
- :func:`generate_panel`: a seeded monthly panel in the Santander schema (dependencies documented)
- :func:`product_catalogue`, :data:`PRODUCT_CODES`: the 24 products with their hard rules
- :func:`evaluate_panel`: popularity (the shared one), per-product LightGBM and the engine's ranker, MAP@7
- :func:`adoption_by_segment`: adoption rates by customer segment, for analysts
- :mod:`labels`: Korean/English segment names, euros shown as won, relative weights of scores
- :func:`korean_offers`: best-rate Korean deposits/savings from the FSS finlife disclosures (when present)
- readers: :func:`read_santander` (Kaggle train CSV), :func:`read_finlife` (finlife JSON)
- :mod:`tax`: 연말정산 for wage earners (``tax.settle``, ``tax.screen``), every line with its article
"""

from sectors.finance import data as _data  # noqa: F401  (registers finance/finlife and finance/santander)
from sectors.finance import tax
from sectors.finance.analysis import adoption_by_segment, korean_offers
from sectors.finance.catalogue import PRODUCT_CODES, product_catalogue
from sectors.finance.demo import demo_model
from sectors.finance.evaluate import evaluate_panel, upper_bound
from sectors.finance.labels import (
    EUR_TO_KRW,
    band_label,
    eur_to_krw,
    krw_to_eur,
    relative_weights,
    segment_name,
)
from sectors.finance.panel import generate_panel
from sectors.finance.plugins import FinancePlugins
from sectors.finance.recommender import ProductRecommender
from shared.data.formats.finlife import read_finlife, read_finlife_folder
from shared.data.formats.santander import read_santander

__all__ = [
    "EUR_TO_KRW",
    "PRODUCT_CODES",
    "FinancePlugins",
    "ProductRecommender",
    "adoption_by_segment",
    "band_label",
    "demo_model",
    "eur_to_krw",
    "evaluate_panel",
    "generate_panel",
    "korean_offers",
    "krw_to_eur",
    "product_catalogue",
    "read_finlife",
    "read_finlife_folder",
    "read_santander",
    "relative_weights",
    "segment_name",
    "tax",
    "upper_bound",
]
