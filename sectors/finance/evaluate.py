"""The finance benchmark protocol: train on the months before the last, predict the last month's additions.

Scored with MAP@7 over every customer present in the target month and the month before (customers
who add nothing score 0, as in the Santander competition, where a perfect score is about 0.035).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable

import pandas as pd
import scipy.sparse as sp
from tqdm.auto import tqdm

from sectors.finance.features import PanelCube
from sectors.finance.models import (
    EngineRanker,
    PerProductLGBM,
    active_customers,
    added_rows,
    map_at_k,
    training_months,
)
from shared.recsys import Popularity


def evaluate_panel(
    panel: pd.DataFrame | PanelCube,
    *,
    quick: bool = False,
    seed: int | None = None,
    models: dict[str, Callable[[], object]] | None = None,
) -> pd.DataFrame:
    """MAP@7 of popularity, per-product LightGBM and the engine's ranker on the panel's last month.

    ``models`` maps names to factories of :class:`~shared.recsys.Popularity` (fitted on the training
    months' additions, :func:`~sectors.finance.models.added_rows`) or of models with
    ``fit(cube, months)`` and ``score(cube, t, customers)``.

    Example:
        >>> from sectors.finance.panel import generate_panel
        >>> table = evaluate_panel(generate_panel(1500, months=5, seed=2), quick=True,
        ...                        models={"popularity": Popularity})
        >>> table["model"].tolist(), bool(0 <= table["map@7"].iloc[0] <= 1)
        (['popularity'], True)
    """
    cube = panel if isinstance(panel, PanelCube) else PanelCube.from_panel(panel)
    target = cube.owned.shape[0] - 1
    months = training_months(cube, target, n_recent=3 if quick else 6)
    customers = active_customers(cube, target)
    held, added = cube.owned[target - 1][customers], cube.added(target)[customers]
    models = models or {
        "popularity": Popularity,
        "per_product_lgbm": lambda: PerProductLGBM(n_estimators=80 if quick else 150, seed=seed),
        "ranker": lambda: EngineRanker(n_estimators=150 if quick else 300, seed=seed),
    }
    rows = []
    progress = tqdm(models.items(), desc="finance models", file=sys.stderr, disable=not sys.stderr.isatty())
    for name, make in progress:
        progress.set_postfix_str(name)
        model = make()
        start = time.perf_counter()
        if isinstance(model, Popularity):
            model.fit(added_rows(cube, months))
            train_s = time.perf_counter() - start
            scores = model.score(sp.csr_matrix(held.astype("float32")))
        else:
            model.fit(cube, months)
            train_s = time.perf_counter() - start
            scores = model.score(cube, target, customers)
        result = map_at_k(scores, held, added, k=7)
        rows.append(
            {
                "model": name,
                "map@7": result["map@7"],
                "map@7_adders": result["map@7_adders"],
                "train_s": train_s,
                "customers": int(result["customers"]),
                "adders": int(result["adders"]),
            }
        )
    return pd.DataFrame(rows)


def upper_bound(panel: pd.DataFrame | PanelCube) -> float:
    """MAP@7 of a perfect ranking on the last month (the ceiling the scores sit under)."""
    cube = panel if isinstance(panel, PanelCube) else PanelCube.from_panel(panel)
    target = cube.owned.shape[0] - 1
    customers = active_customers(cube, target)
    added = cube.added(target)[customers]
    return map_at_k(added.astype(float), cube.owned[target - 1][customers], added, 7)["map@7"]
