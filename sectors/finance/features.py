"""Features for "which products does a customer add next month", from a Santander-schema panel.

:class:`PanelCube` turns the panel into a (month, customer, product) ownership array plus profile
columns encoded with fixed vocabularies, so training and serving encode the same way. Features for
target month ``t`` use months before ``t`` only: profile at ``t-1`` and ownership lags 1-6 and 12.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES
from sectors.finance.panel import ONLINE_CHANNELS, SEGMENTS
from shared.errors import DataError

LAGS = (1, 2, 3, 4, 5, 6, 12)
SEXES = ("H", "V")
CHANNEL_VOCAB = (
    "KHE",
    "KAT",
    "KFC",
    "KHQ",
    "KFA",
    "KHM",
    "KAS",
    "RED",
    "KHK",
    "KHD",
    "KHN",
    "KAG",
    "KAY",
    "KAA",
)
PROFILE_FEATURES = (
    "age",
    "log_renta",
    "antiguedad",
    "ind_actividad_cliente",
    "ind_nuevo",
    "sexo_code",
    "segment_code",
    "online_channel",
    "channel_code",
    "cod_prov",
    "indext_code",
)


def encode_profile(rows: pd.DataFrame) -> pd.DataFrame:
    """Numeric profile features from Santander columns (missing values stay NaN).

    Example:
        >>> encode_profile(pd.DataFrame({"age": [" 35"], "renta": [90000.0], "segmento": ["03 - UNIVERSITARIO"],
        ...     "canal_entrada": ["KHE"], "sexo": ["V"]}))[["age", "segment_code", "online_channel"]].values.tolist()
        [[35.0, 2.0, 1.0]]
    """

    def num(column: str) -> pd.Series:
        if column not in rows.columns:
            return pd.Series(np.nan, index=rows.index)
        return pd.to_numeric(rows[column].astype("string").str.strip(), errors="coerce").astype(float)

    def code(column: str, vocab: tuple[str, ...]) -> pd.Series:
        if column not in rows.columns:
            return pd.Series(np.nan, index=rows.index)
        idx = pd.Index(vocab).get_indexer(rows[column].astype("string").str.strip().fillna(""))
        return pd.Series(np.where(idx >= 0, idx, np.nan), index=rows.index, dtype=float)

    out = pd.DataFrame(index=rows.index)
    out["age"] = num("age")
    renta = num("renta")
    out["log_renta"] = np.log(renta.where(renta > 0))
    out["antiguedad"] = num("antiguedad").where(lambda s: s >= 0)
    out["ind_actividad_cliente"] = num("ind_actividad_cliente")
    out["ind_nuevo"] = num("ind_nuevo")
    out["sexo_code"] = code("sexo", SEXES)
    out["segment_code"] = code("segmento", SEGMENTS)
    channel = (
        rows["canal_entrada"].astype("string").str.strip()
        if "canal_entrada" in rows.columns
        else pd.Series("", index=rows.index)
    )
    out["online_channel"] = channel.isin(ONLINE_CHANNELS).astype(float)
    out["channel_code"] = code("canal_entrada", CHANNEL_VOCAB)
    out["cod_prov"] = num("cod_prov")
    out["indext_code"] = code("indext", ("N", "S"))
    return out


def segment_labels(profile: pd.DataFrame) -> dict[str, np.ndarray]:
    """Coarse segments used for segment adoption rates: segment, age band, income band, channel, activity."""
    age = profile["age"].to_numpy(float)
    renta = np.exp(profile["log_renta"].to_numpy(float))
    return {
        "segment": np.nan_to_num(profile["segment_code"].to_numpy(float), nan=-1).astype(int).astype(str),
        "age_band": np.where(
            np.isnan(age), "?", np.digitize(np.nan_to_num(age), [18, 25, 35, 45, 55, 65]).astype(str)
        ),
        "income_band": np.where(
            np.isnan(renta), "?", np.digitize(np.nan_to_num(renta), [50e3, 80e3, 120e3, 200e3]).astype(str)
        ),
        "channel": np.where(profile["online_channel"].to_numpy(float) > 0, "online", "other"),
        "active": np.nan_to_num(profile["ind_actividad_cliente"].to_numpy(float), nan=-1)
        .astype(int)
        .astype(str),
    }


@dataclass
class PanelCube:
    """Ownership (month x customer x product), presence and encoded profiles of a panel."""

    months: pd.DatetimeIndex
    customers: pd.Index
    owned: np.ndarray  # bool (T, N, P)
    present: np.ndarray  # bool (T, N)
    profiles: list[pd.DataFrame]  # per month, encoded profile indexed like customers (NaN when absent)
    raw: list[pd.DataFrame]  # per month, the original profile columns (for rules and display)

    @classmethod
    def from_panel(cls, panel: pd.DataFrame) -> PanelCube:
        """Build from a Santander-schema panel (``fecha_dato``, ``ncodpers`` and the 24 product flags)."""
        for column in ("fecha_dato", "ncodpers", *PRODUCT_CODES):
            if column not in panel.columns:
                raise DataError(
                    "column is missing",
                    column=column,
                    expected="the Santander schema (fecha_dato, ncodpers, 24 ind_*_ult1 flags)",
                )
        dates = pd.to_datetime(panel["fecha_dato"], errors="coerce")
        if dates.isna().any():
            raise DataError("dates that do not parse", column="fecha_dato", expected="YYYY-MM-DD")
        periods = dates.dt.to_period("M")
        months = pd.period_range(periods.min(), periods.max(), freq="M")
        customers = pd.Index(pd.unique(panel["ncodpers"].astype("int64")))
        t_idx = months.get_indexer(periods)
        c_idx = customers.get_indexer(panel["ncodpers"].astype("int64"))
        T, N, P = len(months), len(customers), len(PRODUCT_CODES)
        owned = np.zeros((T, N, P), dtype=bool)
        present = np.zeros((T, N), dtype=bool)
        flags = panel[list(PRODUCT_CODES)].apply(pd.to_numeric, errors="coerce").fillna(0).to_numpy() > 0
        owned[t_idx, c_idx] = flags
        present[t_idx, c_idx] = True
        encoded = encode_profile(panel)
        profiles, raw = [], []
        for t in range(T):
            sel = t_idx == t
            prof = encoded[sel].set_axis(c_idx[sel])
            profiles.append(prof.reindex(np.arange(N)))
            raw.append(panel.loc[sel].set_axis(c_idx[sel]).reindex(np.arange(N)))
        return cls(months.to_timestamp() + pd.Timedelta(days=27), customers, owned, present, profiles, raw)

    def added(self, t: int) -> np.ndarray:
        """Products added at month ``t`` (held at t, not at t-1), customers present both months."""
        both = (self.present[t] & self.present[t - 1])[:, None]
        return self.owned[t] & ~self.owned[t - 1] & both

    def lag(self, t: int, k: int) -> np.ndarray:
        """Ownership k months before ``t`` (all False before the panel starts)."""
        return self.owned[t - k] if t - k >= 0 else np.zeros(self.owned.shape[1:], bool)


def lag_features(cube: PanelCube, t: int, customers: np.ndarray) -> pd.DataFrame:
    """Profile at t-1 plus ownership of every product at lags 1-6 and 12 (the winners' features)."""
    prof = cube.profiles[t - 1].iloc[customers].reset_index(drop=True)
    cols = {}
    for k in LAGS:
        held = cube.lag(t, k)[customers]
        for p, code in enumerate(PRODUCT_CODES):
            cols[f"{code}_lag{k}"] = held[:, p].astype(np.float32)
    out = pd.concat([prof, pd.DataFrame(cols)], axis=1)
    out["month"] = (
        float(cube.months[t].month)
        if t < len(cube.months)
        else float((cube.months[-1] + pd.DateOffset(months=1)).month)
    )
    return out


def history_summary(cube: PanelCube, t: int, customers: np.ndarray) -> dict[str, np.ndarray]:
    """Per customer and product: months since last held (99 = never), months held in the last 12."""
    T = min(t, cube.owned.shape[0])
    since = np.full((len(customers), len(PRODUCT_CODES)), 99.0, np.float32)
    count = np.zeros_like(since)
    for k in range(1, 13):
        if t - k < 0:
            break
        held = cube.owned[t - k][customers] if t - k < T else np.zeros_like(since, bool)
        since = np.where(held & (since == 99.0), float(k), since)
        count += held
    return {"months_since_held": since, "months_held_12": count}
