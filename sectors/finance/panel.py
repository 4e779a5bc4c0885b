"""A seeded monthly customer panel in the schema of the Santander Product Recommendation data.

One row per customer per month (``fecha_dato`` on the 28th, as in the original), the original
profile columns (``ncodpers``, ``age``, ``sexo``, ``renta``, ``segmento``, ``antiguedad``,
``canal_entrada``, ``ind_actividad_cliente``, ...) and the 24 monthly ownership flags.

How profile drives adoption (the dependencies the generator builds in, each a term in the monthly
log-odds of adding a product the customer does not hold):

=====================  ==========================================================================
who                    what they tend to add
=====================  ==========================================================================
minors (< 18)          only the junior account (hard age rule); at 18 it lapses, a current account follows
students (segment 03)  e-account and current account; credit card rarely; little else
employed, active       payroll account, then payroll and pension payments together (the payroll
                       triple), then direct debit and a credit card
older (55+)            pension payments, long-term deposits, pension plan (until 70)
higher income, TOP     funds, securities, long-term deposits, pension plan, taxes service
online channels        e-account (KHE/KHQ/KHM entry channels), more so in the first year
new customers          basics first: current account, e-account
inactive customers     add far less (x0.15)
June                   the taxes service peaks (Spanish tax season), as in the real data
=====================  ==========================================================================

Payroll, pension payments and direct debit are monthly flags: they lapse for a month and come
back, so "held two months ago but not last month" is a strong signal (as in the real data, where
lag features won the competition). Other products are dropped rarely. All draws come from one
seeded numpy Generator, so a seed gives the same panel.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES
from shared.data.formats.santander import SANTANDER_PROFILE
from shared.seeding import rng

#: The Santander profile columns, in the competition file's order (one definition, in the reader).
PROFILE_COLUMNS = SANTANDER_PROFILE
SEGMENTS = ("01 - TOP", "02 - PARTICULARES", "03 - UNIVERSITARIO")
PROVINCES = (
    (28, "MADRID", 0.33, 1.25),
    (8, "BARCELONA", 0.10, 1.15),
    (46, "VALENCIA", 0.05, 0.95),
    (41, "SEVILLA", 0.045, 0.9),
    (15, "CORUÑA, A", 0.03, 0.95),
    (30, "MURCIA", 0.03, 0.85),
    (29, "MALAGA", 0.03, 0.9),
    (50, "ZARAGOZA", 0.03, 1.0),
    (3, "ALICANTE", 0.03, 0.9),
    (11, "CADIZ", 0.025, 0.85),
    (36, "PONTEVEDRA", 0.025, 0.9),
    (33, "ASTURIAS", 0.02, 0.95),
    (47, "VALLADOLID", 0.02, 0.95),
    (35, "PALMAS, LAS", 0.02, 0.9),
    (6, "BADAJOZ", 0.02, 0.8),
    (18, "GRANADA", 0.02, 0.85),
    (48, "BIZKAIA", 0.02, 1.15),
    (37, "SALAMANCA", 0.02, 0.9),
    (39, "CANTABRIA", 0.015, 0.95),
    (45, "TOLEDO", 0.015, 0.85),
    (10, "CACERES", 0.015, 0.8),
    (14, "CORDOBA", 0.015, 0.85),
)
ONLINE_CHANNELS = ("KHE", "KHQ", "KHM")
P = {code: i for i, code in enumerate(PRODUCT_CODES)}
# monthly flags that lapse and come back
INTERMITTENT = ("ind_nomina_ult1", "ind_nom_pens_ult1", "ind_recibo_ult1")
ACCOUNTS = (
    "ind_cco_fin_ult1",
    "ind_cno_fin_ult1",
    "ind_ctop_fin_ult1",
    "ind_ctpp_fin_ult1",
    "ind_ctma_fin_ult1",
)

# base monthly log-odds of adding each product (before profile effects)
_BASE = {
    "ind_ahor_fin_ult1": -11.0,
    "ind_aval_fin_ult1": -11.0,
    "ind_cco_fin_ult1": -5.6,
    "ind_cder_fin_ult1": -10.0,
    "ind_cno_fin_ult1": -6.4,
    "ind_ctju_fin_ult1": -6.5,
    "ind_ctma_fin_ult1": -7.8,
    "ind_ctop_fin_ult1": -7.7,
    "ind_ctpp_fin_ult1": -7.4,
    "ind_deco_fin_ult1": -8.6,
    "ind_deme_fin_ult1": -9.0,
    "ind_dela_fin_ult1": -7.6,
    "ind_ecue_fin_ult1": -6.3,
    "ind_fond_fin_ult1": -7.9,
    "ind_hip_fin_ult1": -9.3,
    "ind_plan_fin_ult1": -8.9,
    "ind_pres_fin_ult1": -9.2,
    "ind_reca_fin_ult1": -7.4,
    "ind_tjcr_fin_ult1": -5.9,
    "ind_valo_fin_ult1": -7.9,
    "ind_viv_fin_ult1": -9.6,
    "ind_nomina_ult1": -7.0,
    "ind_nom_pens_ult1": -7.2,
    "ind_recibo_ult1": -5.6,
}
# initial ownership log-odds (month 0), same profile effects
_START = {
    "ind_ahor_fin_ult1": -8.0,
    "ind_aval_fin_ult1": -8.5,
    "ind_cco_fin_ult1": 1.0,
    "ind_cder_fin_ult1": -7.0,
    "ind_cno_fin_ult1": -4.0,
    "ind_ctju_fin_ult1": 1.5,
    "ind_ctma_fin_ult1": -4.5,
    "ind_ctop_fin_ult1": -2.3,
    "ind_ctpp_fin_ult1": -3.2,
    "ind_deco_fin_ult1": -6.0,
    "ind_deme_fin_ult1": -6.3,
    "ind_dela_fin_ult1": -3.9,
    "ind_ecue_fin_ult1": -3.6,
    "ind_fond_fin_ult1": -4.5,
    "ind_hip_fin_ult1": -5.0,
    "ind_plan_fin_ult1": -5.0,
    "ind_pres_fin_ult1": -5.8,
    "ind_reca_fin_ult1": -3.6,
    "ind_tjcr_fin_ult1": -3.6,
    "ind_valo_fin_ult1": -4.2,
    "ind_viv_fin_ult1": -5.6,
    "ind_nomina_ult1": -3.5,
    "ind_nom_pens_ult1": -3.4,
    "ind_recibo_ult1": -2.4,
}
# monthly probability of dropping a held product
_DROP = {code: 0.006 for code in PRODUCT_CODES} | {
    "ind_nomina_ult1": 0.07,
    "ind_nom_pens_ult1": 0.07,
    "ind_recibo_ult1": 0.05,
    "ind_tjcr_fin_ult1": 0.03,
    "ind_ecue_fin_ult1": 0.01,
    "ind_reca_fin_ult1": 0.02,
    "ind_deco_fin_ult1": 0.08,
    "ind_deme_fin_ult1": 0.04,
}


def _profiles(g: np.random.Generator, n: int, start: pd.Timestamp, first_id: int) -> pd.DataFrame:
    seg = g.choice(3, size=n, p=[0.05, 0.59, 0.36])
    minor = (seg == 1) & (g.random(n) < 0.05)
    age = np.where(
        seg == 2, g.normal(23, 2.5, n), np.where(seg == 0, g.normal(52, 10, n), g.normal(47, 14, n))
    )
    age = np.where(minor, g.integers(2, 18, n), age)
    age = np.clip(np.rint(age), 2, 100).astype(int)
    prov = g.choice(
        len(PROVINCES), size=n, p=np.array([p[2] for p in PROVINCES]) / sum(p[2] for p in PROVINCES)
    )
    prov_factor = np.array([PROVINCES[i][3] for i in prov])
    age_factor = np.exp(-(((np.clip(age, 18, 90) - 55) / 25.0) ** 2) * 0.5)
    seg_factor = np.array([2.6, 1.0, 0.75])[seg]
    renta = np.round(95000 * prov_factor * age_factor * seg_factor * g.lognormal(0, 0.45, n), 2)
    online_p = np.where(seg == 2, 0.65, np.clip(0.55 - (age - 25) * 0.01, 0.05, 0.55))
    online = g.random(n) < online_p
    channel = np.where(
        online,
        g.choice(ONLINE_CHANNELS, size=n, p=[0.75, 0.15, 0.10]),
        g.choice(["KAT", "KFC", "KFA", "KAS", "RED"], size=n, p=[0.45, 0.3, 0.12, 0.08, 0.05]),
    )
    tenure = np.where(seg == 2, g.integers(0, 48, n), np.clip(g.exponential(90, n), 0, 250)).astype(int)
    tenure = np.minimum(tenure, np.maximum(age - 14, 0) * 12)
    active_p = np.array([0.85, 0.55, 0.25])[seg]
    active = (g.random(n) < active_p).astype(int)
    employed = (age >= 23) & (age < 65) & (seg != 2) & (g.random(n) < 0.75)
    return pd.DataFrame(
        {
            "ncodpers": np.arange(first_id, first_id + n),
            "ind_empleado": np.where(g.random(n) < 0.001, "A", "N"),
            "pais_residencia": "ES",
            "sexo": np.where(g.random(n) < 0.46 + 0.06 * (seg == 2), "H", "V"),
            "age": age,
            "fecha_alta": start - pd.to_timedelta(tenure * 30.4, unit="D"),
            "antiguedad": tenure,
            "indrel": 1,
            "ult_fec_cli_1t": "",
            "indrel_1mes": "1",
            "indresi": "S",
            "indext": np.where(g.random(n) < 0.05, "S", "N"),
            "conyuemp": "",
            "canal_entrada": channel,
            "indfall": "N",
            "tipodom": 1,
            "cod_prov": [PROVINCES[i][0] for i in prov],
            "nomprov": [PROVINCES[i][1] for i in prov],
            "ind_actividad_cliente": active,
            "renta": renta,
            "segmento": [SEGMENTS[s] for s in seg],
            "_employed": employed,
        }
    )


def _effects(prof: pd.DataFrame, owned: np.ndarray, lapsed: np.ndarray, month: int) -> np.ndarray:
    """Profile and history terms of the monthly log-odds of adding each product (customers x 24)."""
    n = len(prof)
    L = np.zeros((n, len(PRODUCT_CODES)))
    age = prof["age"].to_numpy(float)
    log_income = np.log(prof["renta"].to_numpy(float) / 95000.0)
    seg = prof["segmento"].to_numpy()
    student, top = seg == SEGMENTS[2], seg == SEGMENTS[0]
    employed = prof["_employed"].to_numpy(bool)
    active = prof["ind_actividad_cliente"].to_numpy(int) == 1
    online = np.isin(prof["canal_entrada"].to_numpy(), ONLINE_CHANNELS)
    new = prof["antiguedad"].to_numpy(int) < 12

    def add(code: str, term: np.ndarray | float) -> None:
        L[:, P[code]] += term

    has_account = owned[:, [P[c] for c in ACCOUNTS]].any(axis=1)
    # payroll triple: payroll account -> payroll -> pension payments
    add("ind_cno_fin_ult1", 1.6 * employed + 0.4 * active)
    add("ind_nomina_ult1", 1.8 * employed + 2.2 * owned[:, P["ind_cno_fin_ult1"]])
    add(
        "ind_nom_pens_ult1",
        1.5 * employed
        + 2.0 * owned[:, P["ind_cno_fin_ult1"]]
        + 1.2 * (age >= 62)
        + 2.5 * owned[:, P["ind_nomina_ult1"]],
    )
    add("ind_recibo_ult1", 1.1 * owned[:, P["ind_nomina_ult1"]] + 0.6 * employed + 0.3 * log_income)
    add(
        "ind_tjcr_fin_ult1",
        0.9 * employed + 0.7 * owned[:, P["ind_nomina_ult1"]] + 0.5 * log_income - 1.2 * student,
    )
    # students and online customers: e-account first
    add("ind_ecue_fin_ult1", 1.1 * online + 0.7 * new + 0.5 * student + 0.5 * ((age >= 25) & (age <= 50)))
    add(
        "ind_cco_fin_ult1",
        1.2 * new + 0.6 * student - 2.5 * has_account * (1 - owned[:, P["ind_cco_fin_ult1"]] * 0),
    )
    # wealth: investments and deposits
    for code, w in (
        ("ind_fond_fin_ult1", 1.2),
        ("ind_valo_fin_ult1", 1.1),
        ("ind_dela_fin_ult1", 0.9),
        ("ind_plan_fin_ult1", 0.8),
        ("ind_reca_fin_ult1", 0.9),
        ("ind_deco_fin_ult1", 0.6),
        ("ind_deme_fin_ult1", 0.6),
    ):
        add(code, w * log_income + 0.9 * top - 1.5 * student)
    add("ind_dela_fin_ult1", 0.6 * (age >= 55))
    add("ind_plan_fin_ult1", 0.9 * ((age >= 40) & (age <= 65)))
    add("ind_ctpp_fin_ult1", 0.5 * (age >= 45) + 0.4 * top)
    add("ind_ctop_fin_ult1", 0.4 * (age >= 45))
    add("ind_hip_fin_ult1", 1.2 * ((age >= 28) & (age <= 50)) + 0.5 * employed)
    add("ind_pres_fin_ult1", 0.8 * employed + 0.4 * ((age >= 25) & (age <= 55)))
    add("ind_reca_fin_ult1", np.where(month == 6, 2.2, 0.0))  # June: tax season
    # products that lapse for a month come back: held recently but not last month
    for code in INTERMITTENT:
        add(code, 3.0 * lapsed[:, P[code]])
    L -= np.where(active, 0.0, 1.9)[:, None]  # inactive customers add far less
    return L


def _eligible(prof: pd.DataFrame, owned: np.ndarray) -> np.ndarray:
    """The hard rules the generator respects (same limits as the catalogue)."""
    from sectors.finance.catalogue import product_catalogue

    cat = product_catalogue()
    age = prof["age"].to_numpy(float)[:, None]
    lo = cat["min_age"].to_numpy(float)[None, :]
    hi = cat["max_age"].to_numpy(float)[None, :]
    ok = (np.isnan(lo) | (age >= lo)) & (np.isnan(hi) | (age <= hi))
    has_account = owned[:, [P[c] for c in ACCOUNTS]].any(axis=1)
    for code in ("ind_nomina_ult1", "ind_nom_pens_ult1"):
        ok[:, P[code]] &= has_account
    return ok


def generate_panel(
    n_customers: int = 20000,
    *,
    months: int = 18,
    start: str = "2015-01-28",
    new_per_month: float = 0.006,
    seed: int | None = None,
) -> pd.DataFrame:
    """Generate the monthly panel (see the module docstring for the dependencies built in).

    Returns one row per customer and month in the Santander column order, sorted by month then
    customer. The default span, 2015-01-28 to 2016-06-28, mirrors the competition's last training
    month (2016-05) and target month (2016-06).

    Example:
        >>> panel = generate_panel(300, months=3, seed=1)
        >>> panel["fecha_dato"].nunique(), panel.shape[1]
        (3, 48)
    """
    g = rng(seed)
    first = pd.Timestamp(start)
    dates = pd.date_range(first.to_period("M").to_timestamp(), periods=months, freq="MS") + pd.Timedelta(
        days=first.day - 1
    )
    prof = _profiles(g, n_customers, dates[0], first_id=15000)
    n_p = len(PRODUCT_CODES)
    start_logit = np.array([_START[c] for c in PRODUCT_CODES])[None, :] + _effects(
        prof, np.zeros((n_customers, n_p), bool), np.zeros((n_customers, n_p), bool), dates[0].month
    )
    start_logit += np.where(prof["ind_actividad_cliente"].to_numpy() == 1, 1.9, 0.0)[
        :, None
    ]  # stock, not flow
    owned = (g.random(start_logit.shape) < 1 / (1 + np.exp(-start_logit))) & _eligible(
        prof, np.zeros((n_customers, n_p), bool)
    )
    history: list[np.ndarray] = [owned]
    frames = []
    base = np.array([_BASE[c] for c in PRODUCT_CODES])[None, :]
    drop = np.array([_DROP[c] for c in PRODUCT_CODES])[None, :]
    for t, date in enumerate(dates):
        if t > 0:
            n_new = g.binomial(len(prof), new_per_month)
            if n_new:
                newcomers = _profiles(g, n_new, date, first_id=int(prof["ncodpers"].max()) + 1)
                newcomers["antiguedad"] = 0
                newcomers["fecha_alta"] = date - pd.Timedelta(days=int(g.integers(0, 28)))
                prof = pd.concat([prof, newcomers], ignore_index=True)
                history = [np.vstack([h, np.zeros((n_new, n_p), bool)]) for h in history]
                owned = history[-1]
            prev = history[-1]
            recent = np.zeros_like(prev)
            for h in history[-7:-1]:
                recent |= h
            lapsed = recent & ~prev
            logit = base + _effects(prof, prev, lapsed, date.month)
            adds = (g.random(logit.shape) < 1 / (1 + np.exp(-logit))) & ~prev & _eligible(prof, prev)
            # payroll and pension payments usually start together
            together = adds[:, P["ind_nomina_ult1"]] & (g.random(len(prof)) < 0.8)
            adds[:, P["ind_nom_pens_ult1"]] |= together & _eligible(prof, prev)[:, P["ind_nom_pens_ult1"]]
            drops = prev & (g.random(prev.shape) < drop)
            together_drop = drops[:, P["ind_nomina_ult1"]] & (g.random(len(prof)) < 0.8)
            drops[:, P["ind_nom_pens_ult1"]] |= together_drop & prev[:, P["ind_nom_pens_ult1"]]
            owned = (prev | adds) & ~drops
            owned &= _eligible(prof, owned)  # e.g. the junior account lapses at 18
            history.append(owned)
            prof["antiguedad"] = prof["antiguedad"] + 1
            if date.month == 1:
                prof["age"] = prof["age"] + 1
        month = prof.drop(columns="_employed").copy()
        month.insert(0, "fecha_dato", date)
        month["ind_nuevo"] = (month["antiguedad"] < 6).astype(int)
        month["tiprel_1mes"] = np.where(month["ind_actividad_cliente"] == 1, "A", "I")
        flags = pd.DataFrame(owned.astype(np.int8), columns=list(PRODUCT_CODES))
        frames.append(pd.concat([month.reset_index(drop=True), flags], axis=1))
    panel = pd.concat(frames, ignore_index=True)
    return panel[PROFILE_COLUMNS + list(PRODUCT_CODES)]
