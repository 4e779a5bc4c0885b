"""``ProductRecommender``: which financial products a customer is likely to add next month, and why.

It trains the engine's ranker on a Santander-schema panel (see :mod:`sectors.finance.panel`), checks
the hard rules (age limits, sales channel, prerequisite account) before ranking, and returns each
product with a score and reasons in words: the rules it passed, then the features that pushed it up.

Example:
    >>> from sectors.finance.panel import generate_panel
    >>> panel = generate_panel(1500, months=6, seed=4)
    >>> model = ProductRecommender(n_estimators=30, n_recent=3).fit(panel)
    >>> last = panel[panel["fecha_dato"] == panel["fecha_dato"].max()].head(2)
    >>> recs = model.recommend(last, k=3)
    >>> list(recs.columns), len(recs)
    (['customer', 'product', 'score', 'reasons'], 6)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES, product_catalogue
from sectors.finance.features import LAGS, PanelCube
from sectors.finance.models import AdoptionStats, EngineRanker, cube_inputs, pair_features, training_months
from sectors.finance.rules import eligibility_matrix, eligible_pairs, finance_rules, rule_frames
from shared.errors import DataError
from shared.recsys import LambdaRanker
from shared.seeding import resolve_seed
from shared.store import ModelState, register


def _feature_words() -> dict[str, tuple[str, str]]:
    cat = product_catalogue()
    words: dict[str, tuple[str, str]] = {
        "product": ("상품 유형", "the kind of product"),
        "months_since_held": ("예전에 보유했던 상품 (개월 전)", "held it before (months ago)"),
        "months_held_12": ("최근 12개월 보유 기간", "months held in the last year"),
        "pop_add": ("고객들이 최근 많이 가입", "often added by customers lately"),
        "seasonal_add": ("작년 같은 달에 많이 가입", "often added in this month last year"),
        "seg_segment": ("같은 고객 등급에서 많이 가입", "often added in your customer segment"),
        "seg_age_band": ("같은 연령대에서 많이 가입", "often added at your age"),
        "seg_income_band": ("비슷한 소득 수준에서 많이 가입", "often added at your income level"),
        "seg_channel": ("같은 가입 채널 고객이 많이 가입", "often added by customers of your channel"),
        "seg_active": ("활동 수준이 비슷한 고객이 많이 가입", "often added by customers as active as you"),
        "ease_own": ("보유 상품과 함께 많이 보유", "goes with the products you hold"),
        "n_held": ("보유 상품 수", "number of products held"),
        "n_added_3m": ("최근 3개월 신규 가입 수", "products added in the last 3 months"),
        "age": ("나이", "age"),
        "log_renta": ("소득 (로그)", "income (log)"),
        "antiguedad": ("거래 기간 (개월)", "months as a customer"),
        "ind_actividad_cliente": ("활동 고객", "active customer"),
        "ind_nuevo": ("신규 고객", "new customer"),
        "segment_code": ("고객 등급", "customer segment"),
        "online_channel": ("온라인 채널 가입", "joined through an online channel"),
        "channel_code": ("가입 채널", "entry channel"),
        "month": ("가입 시기 (월)", "month of the year"),
    }
    for k in LAGS:
        words[f"held_lag{k}"] = (f"{k}개월 전 보유", f"held it {k} month{'s' if k > 1 else ''} ago")
    for code, row in cat.iterrows():
        words[f"own_{code}"] = (f"{row['name_ko']} 보유", f"holds {row['name_en']}")
    return words


FEATURE_WORDS = _feature_words()
_NAMES = product_catalogue()[["name_ko", "name_en"]]


def reason_text(feature: str, value: float, lang: str = "en") -> str:
    """One feature and its value in words, e.g. 'held it 2 months ago' or 'often added at your age (1.2%/month)'.

    Example:
        >>> reason_text("own_ind_cno_fin_ult1", 0.0)
        'does not hold Payroll account yet'
        >>> reason_text("seg_age_band", 0.012, "en")
        'often added at your age (1.2%/month)'
    """
    ko = lang == "ko"
    if feature.startswith("own_"):
        name = _NAMES.loc[feature[4:], "name_ko" if ko else "name_en"]
        if value > 0:
            return f"{name} 보유" if ko else f"holds {name}"
        return f"{name} 미보유" if ko else f"does not hold {name} yet"
    if feature.startswith("held_lag"):
        k = int(feature[len("held_lag") :])
        if value > 0:
            return FEATURE_WORDS[feature][0 if ko else 1]
        return f"{k}개월 전 미보유" if ko else f"not held {k} month{'s' if k > 1 else ''} ago"
    if feature == "product":
        name = _NAMES.iloc[int(value)]["name_ko" if ko else "name_en"]
        return f"상품 유형: {name}" if ko else f"the kind of product: {name}"
    words = FEATURE_WORDS.get(feature, (feature, feature))[0 if ko else 1]
    if feature in ("pop_add", "seasonal_add") or feature.startswith("seg_"):
        return f"{words} ({100 * value:.2g}%/{'월' if ko else 'month'})"
    if feature == "ease_own" or feature == "log_renta":
        return words
    if feature in ("ind_actividad_cliente", "ind_nuevo", "online_channel"):
        return words if value > 0 else (f"{words}: 아니오" if ko else f"not: {words}")
    return f"{words} ({value:.3g})"


def name_products(sentences: list[str], lang: str = "en") -> list[str]:
    """Replace product codes in rule sentences with product names.

    Example:
        >>> name_products(["holds the prerequisite ind_cco_fin_ult1"])
        ['holds the prerequisite Current account']
    """
    column = "name_ko" if lang == "ko" else "name_en"
    out = []
    for text in sentences:
        for code in PRODUCT_CODES:
            if code in text:
                text = text.replace(code, _NAMES.loc[code, column])
        out.append(text)
    return out


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


@register
class ProductRecommender:
    """Ranks the 24 products a customer does not hold by how likely they are to add each next month.

    ``fit(panel)`` trains on the panel's last ``n_recent`` months (and the same month a year earlier);
    ``recommend(customers, k)`` takes Santander-schema rows (one or more months per customer; a
    single profile row is enough) and returns (customer, product, score, reasons).
    """

    store_kind = "sectors.finance.ProductRecommender"
    store_version = 1

    def __init__(self, *, n_estimators: int = 300, n_recent: int = 6, seed: int | None = None) -> None:
        self.n_estimators = n_estimators
        self.n_recent = n_recent
        self.seed = resolve_seed(seed)
        self.ranker: LambdaRanker | None = None

    def fit(self, panel: pd.DataFrame) -> ProductRecommender:
        """Train on a monthly panel in the Santander schema."""
        cube = PanelCube.from_panel(panel)
        if cube.owned.shape[0] < 3:
            raise DataError(
                "the panel needs at least 3 months", column="fecha_dato", expected="3 or more months"
            )
        target = cube.owned.shape[0]  # the month after the panel
        months = training_months(cube, target, n_recent=self.n_recent)
        engine = EngineRanker(n_estimators=self.n_estimators, seed=self.seed).fit(
            cube, months, eligible=eligibility_matrix
        )
        self.ranker = engine.ranker
        self.features = engine.features
        self.stats = AdoptionStats().fit(cube, target)
        self.trained_until = str(cube.months[-1].date())
        self.training_months = [str(cube.months[m].date()) for m in months]
        return self

    def _require_fitted(self) -> None:
        if self.ranker is None:
            raise RuntimeError("ProductRecommender is not fitted; call fit() first")

    def _prepare(self, customers: pd.DataFrame):
        if "ncodpers" not in customers.columns:
            raise DataError(
                "column is missing", column="ncodpers", expected="a customer id per row (Santander schema)"
            )
        cube = PanelCube.from_panel(_align_latest(customers))
        t = cube.owned.shape[0]
        idx = np.arange(len(cube.customers))
        return cube, t, idx

    def eligibility(
        self, customers: pd.DataFrame, *, channel: str | None = None, lang: str = "en"
    ) -> pd.DataFrame:
        """Every (customer, product): held now, eligible, and the rules it fails or passes (in words)."""
        cube, t, idx = self._prepare(customers)
        age = cube.profiles[t - 1]["age"].to_numpy(float)
        held = cube.owned[t - 1]
        users, items = rule_frames(age, held, channel)
        rules = finance_rules()
        ok = rules.check(users, items)
        failed = rules.failures(users, items)
        passed = rules.explain(users, items, lang)
        return pd.DataFrame(
            {
                "customer": np.repeat(cube.customers.to_numpy(), len(PRODUCT_CODES)),
                "product": np.tile(PRODUCT_CODES, len(idx)),
                "held": held.ravel(),
                "eligible": ok,
                "failed_rules": failed,
                "passed_rules": [
                    name_products(p, lang) if o else [] for p, o in zip(passed, ok, strict=True)
                ],
            }
        )

    def recommend(
        self,
        customers: pd.DataFrame,
        k: int = 7,
        *,
        channel: str | None = None,
        lang: str = "en",
        n_reasons: int = 3,
    ) -> pd.DataFrame:
        """Top ``k`` products per customer (held and ineligible ones removed) with score and reasons."""
        self._require_fitted()
        cube, t, idx = self._prepare(customers)
        profile, lags, summary, month = cube_inputs(cube, t, idx)
        allowed = ~lags[1] & eligible_pairs(profile["age"].to_numpy(float), lags[1], channel)
        pairs = np.argwhere(allowed)
        X = pair_features(self.stats, profile, lags, summary, month, pairs)[self.features]
        scores = self.ranker.predict(X) if len(X) else np.zeros(0)
        frame = pd.DataFrame({"pos": pairs[:, 0], "p": pairs[:, 1], "score": scores})
        frame = (
            frame.sort_values(["pos", "score"], ascending=[True, False], kind="stable").groupby("pos").head(k)
        )
        words = self._reasons(X.loc[frame.index], lang, n_reasons) if len(frame) else []
        users, items = rule_frames(profile["age"].to_numpy(float), lags[1], channel)
        flat = frame["pos"].to_numpy() * len(PRODUCT_CODES) + frame["p"].to_numpy()
        rule_words = finance_rules().explain(users.iloc[flat], items.iloc[flat], lang) if len(frame) else []
        return pd.DataFrame(
            {
                "customer": cube.customers.to_numpy()[frame["pos"].to_numpy()],
                "product": [PRODUCT_CODES[p] for p in frame["p"]],
                "score": frame["score"].to_numpy(),
                "reasons": [name_products(r, lang) + w for r, w in zip(rule_words, words, strict=True)],
            }
        ).reset_index(drop=True)

    def _reasons(self, X: pd.DataFrame, lang: str, top: int) -> list[list[str]]:
        """The features that pushed each score up most, in words (LightGBM contributions)."""
        contrib = self.ranker.contributions(X).to_numpy()
        values = X.to_numpy()
        out = []
        for row, vals in zip(contrib, values, strict=True):
            order = np.argsort(-row)[:top]
            out.append([reason_text(self.features[j], float(vals[j]), lang) for j in order if row[j] > 1e-6])
        return out

    def to_state(self) -> ModelState:
        """The model's pickle-free state for shared.store."""
        self._require_fitted()
        ranker = self.ranker.to_state()
        return ModelState(
            params={
                "n_estimators": self.n_estimators,
                "n_recent": self.n_recent,
                "seed": self.seed,
                "features": self.features,
                "segment_labels": self.stats.labels(),
                "trained_until": self.trained_until,
                "training_months": self.training_months,
                "ranker": ranker.params,
            },
            arrays={f"stats.{k}": v for k, v in self.stats.to_arrays().items()},
            boosters={"ranker": ranker.boosters["ranker"]},
            training_data=f"panel up to {self.trained_until}",
        )

    @classmethod
    def from_state(cls, state: ModelState) -> ProductRecommender:
        """Rebuild the model from the state written by :meth:`to_state`."""
        p = state.params
        model = cls(n_estimators=p["n_estimators"], n_recent=p["n_recent"], seed=p["seed"])
        model.features = list(p["features"])
        model.trained_until = p["trained_until"]
        model.training_months = list(p["training_months"])
        arrays = {k[len("stats.") :]: v for k, v in state.arrays.items() if k.startswith("stats.")}
        model.stats = AdoptionStats.from_arrays(arrays, p["segment_labels"])
        model.ranker = LambdaRanker.from_state(
            ModelState(params=p["ranker"], boosters={"ranker": state.boosters["ranker"]})
        )
        return model
