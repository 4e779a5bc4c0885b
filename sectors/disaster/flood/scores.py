"""Scores of a flood forecast over a period: NSE and KGE per basin, Brier skill, CSI and reliability.

Conventions (say them when quoting numbers):

- a forecast counts for the period when the day it forecasts (issue day + lead) lies in the period;
- NSE and KGE are computed per basin and lead, then the median over basins is reported;
- the Brier skill score pools every basin and day, against a reference that forecasts each basin's
  own event frequency over the period (sample climatology, the usual and strict reference);
- CSI warns when the probability reaches the model's warning probability (chosen on validation).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import xarray as xr

from sectors.disaster.flood.output import lead_days, observed_at_leads
from sectors.disaster.flood.protocol import period_mask
from shared.forecast.metrics import brier_score, brier_skill_score, csi, kge, nse, reliability_table


@dataclass
class FloodScores:
    """``summary`` (nse_lead1, kge_lead1, bss_lead1, csi_lead1, ... for every lead), per-basin and reliability tables."""

    summary: dict[str, float]
    per_basin: pd.DataFrame
    reliability: pd.DataFrame = field(default_factory=pd.DataFrame)


def _inside(forecast: xr.Dataset, period: tuple[str, str]) -> np.ndarray:
    valid = forecast["valid_time"].values  # (issue_time, lead)
    return period_mask(valid.ravel(), period).reshape(valid.shape)


def score_flood(
    forecast: xr.Dataset, ds: xr.Dataset, period: tuple[str, str], variable: str = "qobs", bins: int = 10
) -> FloodScores:
    """Score ``forecast`` (from a flood model's ``predict``) against the observations in ``ds`` over ``period``.

    Example:
        >>> from sectors.disaster.synthetic import synthetic_camels
        >>> from sectors.disaster.flood.protocol import SAMPLE_PROTOCOL
        >>> from sectors.disaster.flood.baselines import PersistenceFlood
        >>> ds = synthetic_camels(2, seed=1)
        >>> f = PersistenceFlood(SAMPLE_PROTOCOL).fit(ds).predict(ds)
        >>> s = score_flood(f, ds, SAMPLE_PROTOCOL.test)
        >>> s.summary["nse_lead1"] > s.summary["nse_lead3"]
        True
    """
    obs = observed_at_leads(ds, forecast, variable).values
    sim = forecast["flow"].values
    prob = forecast["p_exceed"].values
    threshold = forecast["threshold"].values[:, None]
    inside = _inside(forecast, period)
    warn = (
        forecast["warn_probability"].values
        if "warn_probability" in forecast
        else np.full(forecast.sizes["lead"], 0.5)
    )
    basins = [str(b) for b in forecast["site"].values]
    summary: dict[str, float] = {}
    rows = []
    tables = []
    for j, lead in enumerate(lead_days(forecast)):
        sel = inside[:, j]
        o, s, p = obs[:, sel, j], sim[:, sel, j], prob[:, sel, j]
        event = np.where(np.isfinite(o), (o > threshold).astype(float), np.nan)
        nses = [nse(s[b], o[b]) for b in range(len(basins))]
        kges = [kge(s[b], o[b]) for b in range(len(basins))]
        ok = np.isfinite(event) & np.isfinite(p)
        rate = np.array([np.nanmean(event[b][ok[b]]) if ok[b].any() else np.nan for b in range(len(basins))])
        reference = np.broadcast_to(rate[:, None], event.shape)
        summary[f"nse_lead{lead}"] = float(np.nanmedian(nses)) if np.isfinite(nses).any() else float("nan")
        summary[f"kge_lead{lead}"] = float(np.nanmedian(kges)) if np.isfinite(kges).any() else float("nan")
        summary[f"bs_lead{lead}"] = brier_score(p[ok], event[ok])
        summary[f"bss_lead{lead}"] = brier_skill_score(p[ok], event[ok], reference[ok])
        # one warning probability per lead, or per basin and lead (leave-basins-out: one per fold's model)
        level = warn[..., j][:, None] if np.ndim(warn) == 2 else warn[j]
        warned = p >= np.broadcast_to(level, p.shape)
        summary[f"csi_lead{lead}"] = csi(warned[ok], event[ok] > 0.5)
        summary[f"events_lead{lead}"] = float(event[ok].sum())
        table = reliability_table(p[ok], event[ok], bins=bins)
        table.insert(0, "lead", lead)
        tables.append(table)
        for b, name in enumerate(basins):
            rows.append(
                {"basin": name, "lead": lead, "nse": nses[b], "kge": kges[b], "events": np.nansum(event[b])}
            )
    return FloodScores(summary, pd.DataFrame(rows), pd.concat(tables, ignore_index=True))
