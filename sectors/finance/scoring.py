"""Finance population scoring for ``civic score finance``: one Parquet row per customer, scored by partition.

The population schema (:data:`SCHEMA`) folds a customer's Santander-schema history into one row:
the profile of the last month before the target month (the Santander columns the features read)
and, per product, a 12-bit ownership history ``ind_..._ult1`` (int16; bit ``k-1`` set = held ``k``
months before the target month, k = 1..12), plus the calendar ``month`` of the target month. That
is exactly what :class:`~sectors.finance.plugins.CustomerBlock` reads (profile at ``t-1``, lags 1-6
and 12, months since held, months held in the last 12), in fixed-width numeric columns that load
without per-customer Python.

:func:`score` ranks every product a customer does not hold and that passes the hard rules (age
limits and prerequisite accounts, as :func:`sectors.finance.rules.finance_rules`, any channel) with
the model's ranker and returns:

- ``top``: customer_id (int64), rank (int8), item_id (categorical product code), score (float32);
- ``products``: per product, how often it is recommended first and in the top ``k``;
- ``summary``: customers, candidate and eligible pairs of the partition.

The batch path keeps no reasons (``recommend`` explains the few customers a page shows).

Example:
    >>> frame = synthetic(0, 200, seed=1)
    >>> int(frame["ind_cco_fin_ult1"].max()) < 4096, len(frame)
    (True, 200)
    >>> tables = score(load_model(None), frame, k=3)
    >>> sorted(tables), int(tables["top"]["rank"].max())
    (['products', 'summary', 'top'], 3)
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES, product_catalogue
from sectors.finance.features import encode_profile
from sectors.finance.panel import generate_panel
from sectors.finance.plugins import CustomerBlock, pair_features
from sectors.finance.recommender import ProductRecommender
from shared.errors import DataError
from shared.scale import population as scale
from shared.seeding import resolve_seed

#: Months of ownership history per product (bits of the product columns).
HISTORY = 12
#: Profile columns (Santander names): name -> "type: meaning".
PROFILE_COLUMNS: dict[str, str] = {
    "customer_id": "int64: the customer's id (ncodpers)",
    "month": "int8: calendar month (1-12) of the month scored",
    "age": "float64: age in years",
    "sexo": "string: H or V",
    "renta": "float64: gross household income",
    "segmento": "string: '01 - TOP', '02 - PARTICULARES' or '03 - UNIVERSITARIO'",
    "antiguedad": "float64: months as a customer",
    "canal_entrada": "string: entry channel code (KHE, KAT, ...)",
    "ind_actividad_cliente": "float64: 1 active, 0 inactive",
    "ind_nuevo": "float64: 1 new customer (first 6 months)",
    "cod_prov": "float64: province code",
    "indext": "string: S foreigner, N not",
}
#: The whole schema: the profile, then one 12-bit ownership history per product.
SCHEMA: dict[str, str] = {
    **PROFILE_COLUMNS,
    **{
        code: "int16: ownership bits, bit k-1 = held k months before the month scored"
        for code in PRODUCT_CODES
    },
}


def from_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """Schema rows of the customers of a Santander-schema panel, scored for the month after its last month."""
    months = pd.to_datetime(panel["fecha_dato"]).dt.to_period("M")
    last = months.max()
    latest = panel[months == last].drop_duplicates("ncodpers", keep="last")
    ids = latest["ncodpers"].to_numpy(dtype=np.int64)
    position = pd.Index(ids)
    bits = np.zeros((len(ids), len(PRODUCT_CODES)), dtype=np.int16)
    for k in range(1, HISTORY + 1):
        month = panel[months == last - (k - 1)]
        rows = position.get_indexer(month["ncodpers"].to_numpy(dtype=np.int64))
        found = rows >= 0
        held = month[list(PRODUCT_CODES)].to_numpy(dtype=float)[found] > 0
        bits[rows[found]] |= (held.astype(np.int16) << (k - 1)).astype(np.int16)
    out: dict[str, Any] = {"customer_id": ids, "month": np.full(len(ids), (last + 1).month, dtype=np.int8)}
    for column in PROFILE_COLUMNS:
        if column in ("customer_id", "month"):
            continue
        values = latest[column]
        out[column] = (
            values.astype(str).str.strip().to_numpy(dtype=object)
            if SCHEMA[column].startswith("string")
            else pd.to_numeric(values, errors="coerce").to_numpy(dtype=np.float64)
        )
    for j, code in enumerate(PRODUCT_CODES):
        out[code] = bits[:, j]
    return pd.DataFrame(out)


def customer_block(frame: pd.DataFrame) -> CustomerBlock:
    """Schema rows as the :class:`CustomerBlock` the ranker's features read (no per-customer Python)."""
    bits = np.column_stack([frame[code].to_numpy(dtype=np.int64) for code in PRODUCT_CODES])
    if ((bits < 0) | (bits >= 1 << HISTORY)).any():
        raise DataError("ownership bits outside 12 months", column="ind_*_ult1", expected="0 <= value < 4096")
    month = frame["month"].to_numpy(dtype=np.int64)
    if len(month) and ((month < 1) | (month > 12) | (month != month[0])).any():
        raise DataError("one calendar month per partition, 1-12", column="month", expected="1..12")
    lags = {k: ((bits >> (k - 1)) & 1).astype(bool) for k in range(1, HISTORY + 1)}
    held_any = bits > 0
    lowest = bits & -bits  # the lowest set bit: the most recent month held
    since = np.where(held_any, np.log2(np.maximum(lowest, 1)).round() + 1, 99.0).astype(np.float32)
    count = sum(lags[k].astype(np.float32) for k in range(1, HISTORY + 1))
    profile = encode_profile(
        frame.drop(columns=["customer_id", "month", *PRODUCT_CODES]).reset_index(drop=True)
    )
    return CustomerBlock(
        frame["customer_id"].to_numpy(dtype=np.int64),
        profile,
        lags,
        {"months_since_held": since, "months_held_12": count},
        int(month[0]) if len(month) else 1,
    )


def eligible_products(age: np.ndarray, held: np.ndarray) -> np.ndarray:
    """(customers x 24) bool: the catalogue's age limits and prerequisites (any channel), vectorised.

    The same answers as :func:`sectors.finance.rules.eligible_pairs` (checked in the tests).
    """
    cat = product_catalogue().loc[list(PRODUCT_CODES)]
    lo = cat["min_age"].to_numpy(dtype=float)[None, :]
    hi = cat["max_age"].to_numpy(dtype=float)[None, :]
    a = np.asarray(age, dtype=float)[:, None]
    ok = ~np.isnan(a) & (np.isnan(lo) | (a >= lo)) & (np.isnan(hi) | (a <= hi))
    index = {code: j for j, code in enumerate(PRODUCT_CODES)}
    for j, requires in enumerate(cat["requires"].fillna("").astype(str)):
        needed = [index[c.strip()] for c in requires.split("|") if c.strip()]
        if needed:
            ok[:, j] &= held[:, needed].any(axis=1)
    return ok


def synthetic(start: int, rows: int, seed: int | None = None) -> pd.DataFrame:
    """``rows`` synthetic customers numbered from ``start``: a seeded 12-month panel folded into schema rows."""
    g = np.random.default_rng([resolve_seed(seed), int(start)])
    panel = generate_panel(int(rows), months=HISTORY, new_per_month=0.0, seed=g)
    frame = from_panel(panel)
    frame["customer_id"] = np.arange(start, start + len(frame), dtype=np.int64)
    return frame


def load_model(folder: str | Path | None = None) -> ProductRecommender:
    """The stored ProductRecommender in ``folder``, or the demo model of :func:`sectors.finance.demo.demo_model`."""
    if folder is None:
        from sectors.finance.demo import demo_model

        return demo_model()[1]
    from shared.store import load

    model = load(folder)
    if not isinstance(model, ProductRecommender):
        raise DataError(f"holds a {type(model).__name__}, not a ProductRecommender", file=str(folder))
    return model


def score(model: ProductRecommender, frame: pd.DataFrame, k: int = 7) -> dict[str, pd.DataFrame]:
    """The output tables of one partition of schema rows (see the module docstring)."""
    model._check_fitted()
    block = customer_block(frame)
    held = block.held
    candidates = ~held
    allowed = candidates & eligible_products(block.age, held)
    rows, products = np.nonzero(allowed)  # customer-major
    scores = np.zeros(0)
    if len(rows):
        X = pair_features(model.stats_, block, rows, products)
        scores = model.ranker_.predict(X)
    order = np.lexsort((products, -scores, rows))
    rows, products, scores = rows[order], products[order], scores[order]
    starts = np.searchsorted(rows, np.arange(len(block.ids)))
    position = np.arange(len(rows)) - starts[rows]
    keep = position < k
    codes = pd.CategoricalDtype(list(PRODUCT_CODES))
    top = pd.DataFrame(
        {
            "customer_id": block.ids[rows[keep]],
            "rank": (position[keep] + 1).astype(np.int8),
            "item_id": pd.Categorical.from_codes(products[keep].astype(np.int8), dtype=codes),
            "score": scores[keep].astype(np.float32),
        }
    )
    first = products[keep & (position == 0)]
    n = len(PRODUCT_CODES)
    summary_products = pd.DataFrame(
        {
            "item_id": pd.Categorical(list(PRODUCT_CODES), dtype=codes),
            "first": np.bincount(first, minlength=n).astype(np.int64),
            "top_k": np.bincount(products[keep], minlength=n).astype(np.int64),
        }
    )
    summary = pd.DataFrame(
        {
            "customers": [len(block.ids)],
            "candidate_pairs": [int(candidates.sum())],
            "eligible_pairs": [int(allowed.sum())],
        }
    )
    return {"top": top, "products": summary_products, "summary": summary}


def score_partition(index: int, **kwargs: Any) -> dict[str, pd.DataFrame]:
    """The ``civic score finance`` task: partition ``index`` made or read, then scored (see shared.scale.population)."""
    return scale.score_partition(
        index, synthetic=synthetic, load_model=load_model, score=score, schema=SCHEMA, **kwargs
    )
