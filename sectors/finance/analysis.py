"""Tables for analysts: product adoption by customer segment, and Korean deposit/saving offers."""

from __future__ import annotations

import numpy as np
import pandas as pd
import scipy.sparse as sp

from sectors.finance.catalogue import PRODUCT_CODES, product_catalogue
from sectors.finance.features import PanelCube, segment_labels
from shared.recsys import SegmentPopularity

SEGMENTINGS = ("segment", "age_band", "income_band", "channel", "active")
_BAND_WORDS = {
    "age_band": ["<18", "18-24", "25-34", "35-44", "45-54", "55-64", "65+"],
    "income_band": ["<50k", "50-80k", "80-120k", "120-200k", "200k+"],
    "segment": ["01 TOP", "02 PARTICULARES", "03 UNIVERSITARIO"],
}


def adoption_by_segment(
    panel: pd.DataFrame | PanelCube, by: str = "age_band", *, months: int = 6
) -> pd.DataFrame:
    """Monthly share of customers adding each product, per segment, over the panel's last ``months``.

    The shares are the shared :class:`~shared.recsys.SegmentPopularity` without smoothing (``prior=0``).

    ``by`` is one of segment, age_band, income_band, channel, active. Rows: segments; columns: products
    (English names), plus ``customers`` (customer-months counted).

    Example:
        >>> from sectors.finance.panel import generate_panel
        >>> t = adoption_by_segment(generate_panel(400, months=4, seed=1), "segment", months=2)
        >>> "customers" in t.columns and len(t.columns) == 25
        True
    """
    if by not in SEGMENTINGS:
        raise ValueError(f"by must be one of {SEGMENTINGS}, got {by!r}")
    cube = panel if isinstance(panel, PanelCube) else PanelCube.from_panel(panel)
    T = cube.owned.shape[0]
    adds, labels = [], []
    for t in range(max(1, T - months), T):
        present = np.flatnonzero(cube.present[t] & cube.present[t - 1])
        adds.append(cube.added(t)[present].astype(np.float32))
        labels.append(segment_labels(cube.profiles[t - 1].iloc[present])[by])
    groups = pd.Series(np.concatenate(labels).astype(str))
    # the shared segment popularity, unsmoothed (prior 0): each segment's own share of adders
    shares = SegmentPopularity(prior=0.0).fit(sp.csr_matrix(np.vstack(adds)), groups)
    index = sorted(groups.unique())
    table = pd.DataFrame(shares.score(index).astype(float), index=index, columns=list(PRODUCT_CODES))
    table["customers"] = groups.value_counts().reindex(index).to_numpy()
    words = _BAND_WORDS.get(by)
    if words:
        table.index = [
            words[int(i)] if str(i).lstrip("-").isdigit() and 0 <= int(i) < len(words) else str(i)
            for i in table.index
        ]
    names = product_catalogue()["name_en"]
    table.columns = [names.get(c, c) for c in table.columns]
    table.index.name = by
    return table


def korean_offers(
    finlife: pd.DataFrame, *, kind: str = "deposit", term: int = 12, age: int | None = None, top: int = 5
) -> pd.DataFrame:
    """The best-rate products of one kind and term from finlife disclosures (max preferential rate first).

    With ``age``, products whose ``join_member`` text names an age range the customer is outside
    (for example "만 19~34세") are left out.

    Example:
        >>> f = pd.DataFrame({"kind": ["deposit"] * 2, "save_trm": [12, 12], "kor_co_nm": ["a", "b"],
        ...     "fin_prdt_nm": ["x", "y"], "intr_rate": [2.0, 2.5], "intr_rate2": [3.0, 2.6],
        ...     "join_member": ["제한없음", "만 19~34세"]})
        >>> korean_offers(f, age=50)["fin_prdt_nm"].tolist()
        ['x']
    """
    sel = finlife[(finlife["kind"] == kind) & (finlife["save_trm"] == term)].copy()
    if age is not None and "join_member" in sel.columns:
        limits = sel["join_member"].fillna("").str.extract(r"(\d+)\s*[~-]\s*(\d+)\s*세")
        lo, hi = pd.to_numeric(limits[0]), pd.to_numeric(limits[1])
        sel = sel[~((lo.notna() & (age < lo)) | (hi.notna() & (age > hi)))]
    columns = [
        c
        for c in (
            "kor_co_nm",
            "fin_prdt_nm",
            "save_trm",
            "intr_rate",
            "intr_rate2",
            "join_member",
            "spcl_cnd",
            "dcls_month",
        )
        if c in sel.columns
    ]
    return (
        sel.sort_values(["intr_rate2", "intr_rate"], ascending=False)[columns]
        .head(top)
        .reset_index(drop=True)
    )
