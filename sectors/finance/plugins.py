"""What finance plugs into the shared recommendation pipeline (:mod:`shared.recsys.pipeline`).

- entities: a :class:`CustomerBlock`, the customers of one target month as the features see them
  (profile at ``t-1``, ownership lags, history summary, calendar month);
- candidates: every product the customer does not hold;
- hard rules: age limits, the serving channel and prerequisite accounts
  (:func:`sectors.finance.rules.finance_rules`), with their reasons in Korean and English;
- features: :func:`pair_features` (this product's lags, candidate scores from
  :class:`~sectors.finance.stats.AdoptionStats`, the held-product vector and the profile);
- words: :data:`FEATURE_WORDS` and :func:`reason_text`; extras: the product's names and category.

Training (:class:`sectors.finance.models.EngineRanker`) builds its rows with the same candidates,
rules and features, so what the ranker learnt from is what it scores at serving.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from sectors.finance.catalogue import PRODUCT_CODES, product_catalogue
from sectors.finance.features import LAGS, PROFILE_FEATURES, PanelCube, history_summary
from sectors.finance.rules import finance_rules, pair_frames
from sectors.finance.stats import AdoptionStats
from shared.errors import DataError
from shared.recsys.pipeline import Plugins, RuleOutcome


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


#: What each ranker feature means, in Korean and English.
FEATURE_WORDS = _feature_words()
_NAMES = product_catalogue()[["name_ko", "name_en", "category"]]


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


@dataclass
class CustomerBlock:
    """Customers scored for one target month: what the features read about them.

    ``ids`` are the customer ids (``ncodpers``); ``profile`` their encoded profile at ``t-1``;
    ``lags[k]`` their (customers x 24) ownership ``k`` months before ``t`` (k = 1..12); ``summary``
    months since each product was held and months held in the last year; ``month`` the calendar
    month of ``t``.
    """

    ids: np.ndarray
    profile: pd.DataFrame
    lags: dict[int, np.ndarray]
    summary: dict[str, np.ndarray]
    month: int

    @classmethod
    def from_cube(cls, cube: PanelCube, t: int, customers: np.ndarray) -> CustomerBlock:
        """The block of ``customers`` (positions in the cube) for target month ``t``."""
        profile = cube.profiles[t - 1].iloc[customers].reset_index(drop=True)
        lags = {k: cube.lag(t, k)[customers] for k in range(1, 13)}
        summary = history_summary(cube, t, customers)
        month = (
            cube.months[t].month
            if t < len(cube.months)
            else (cube.months[-1] + pd.DateOffset(months=1)).month
        )
        return cls(cube.customers.to_numpy()[customers], profile, lags, summary, int(month))

    @property
    def held(self) -> np.ndarray:
        """(customers x 24) bool: held in the month before the target."""
        return self.lags[1]

    @property
    def age(self) -> np.ndarray:
        """Each customer's age at ``t-1`` (NaN when unknown)."""
        return self.profile["age"].to_numpy(float)


def pair_features(
    stats: AdoptionStats, block: CustomerBlock, rows: np.ndarray, products: np.ndarray
) -> pd.DataFrame:
    """Ranker features of the (customer position ``rows[i]``, product index ``products[i]``) pairs of ``block``."""
    i, p = np.asarray(rows, dtype=int), np.asarray(products, dtype=int)
    lags = block.lags
    cand = stats.features(block.profile, lags[1])
    f: dict[str, Any] = {"product": p.astype(np.float32)}
    for k in LAGS:
        f[f"held_lag{k}"] = lags[k][i, p]
    f["months_since_held"] = block.summary["months_since_held"][i, p]
    f["months_held_12"] = block.summary["months_held_12"][i, p]
    for name, values in cand.items():
        f[name] = values[i, p]
    f["n_held"] = lags[1].sum(axis=1)[i]
    f["n_added_3m"] = (
        (lags[1] & ~lags[2]).sum(axis=1)[i]
        + (lags[2] & ~lags[3]).sum(axis=1)[i]
        + (lags[3] & ~lags[4]).sum(axis=1)[i]
    )
    for q, code in enumerate(PRODUCT_CODES):
        f[f"own_{code}"] = lags[1][i, q]
    for column in PROFILE_FEATURES:
        f[column] = block.profile[column].to_numpy(float)[i]
    f["month"] = np.full(len(i), float(block.month))
    return pd.DataFrame({k: np.asarray(v, dtype=np.float32) for k, v in f.items()})


class FinancePlugins(Plugins):
    """The finance sector's plug-ins: unheld products, the catalogue's hard rules, pair features, words.

    ``stats`` is the fitted :class:`AdoptionStats` of the target month; ``channel`` the serving channel
    (None: any). Candidate pairs carry the positions ``row`` (customer in the block) and ``product``
    (index in :data:`PRODUCT_CODES`) next to ``entity_id`` and ``item_id``.

    Example:
        >>> from sectors.finance.panel import generate_panel
        >>> cube = PanelCube.from_panel(generate_panel(300, months=4, seed=1))
        >>> block = CustomerBlock.from_cube(cube, 3, np.arange(2))
        >>> plugins = FinancePlugins(AdoptionStats(window=2).fit(cube, 3), channel="online")
        >>> pairs = plugins.candidates(block)
        >>> len(pairs) == int((~block.held).sum()), plugins.rules(block, pairs.head(1)).reasons_en[0][0][:4]
        (True, 'age ')
    """

    words = FEATURE_WORDS

    def __init__(self, stats: AdoptionStats, channel: str | None = None) -> None:
        self.stats = stats
        self.channel = channel

    def candidates(self, entities: CustomerBlock) -> pd.DataFrame:
        """Every (customer, product) the customer does not hold, customer-major."""
        rows, products = np.nonzero(~entities.held)
        return pd.DataFrame(
            {
                "entity_id": entities.ids[rows],
                "item_id": np.asarray(PRODUCT_CODES, dtype=object)[products],
                "row": rows,
                "product": products,
            }
        )

    def _frames(self, entities: CustomerBlock, pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
        return pair_frames(entities.age, entities.held, pairs["row"], pairs["product"], self.channel)

    def eligible(self, entities: CustomerBlock, pairs: pd.DataFrame) -> np.ndarray:
        """Which pairs pass every hard rule (the check alone, without the sentences)."""
        return finance_rules().check(*self._frames(entities, pairs))

    def rules(self, entities: CustomerBlock, pairs: pd.DataFrame) -> RuleOutcome:
        """Age limits, channel and prerequisites; the rules a passing pair met, in Korean and English."""
        users, items = self._frames(entities, pairs)
        rules = finance_rules()
        passed = rules.check(users, items)
        ko: list[list[str]] = [[] for _ in range(len(pairs))]
        en: list[list[str]] = [[] for _ in range(len(pairs))]
        keep = np.flatnonzero(passed)
        if len(keep):
            for lang, out in (("ko", ko), ("en", en)):
                for i, sentences in zip(
                    keep, rules.explain(users.iloc[keep], items.iloc[keep], lang), strict=True
                ):
                    out[i] = name_products(sentences, lang)
        return RuleOutcome(passed, ko, en)

    def features(self, entities: CustomerBlock, pairs: pd.DataFrame) -> pd.DataFrame:
        """:func:`pair_features` of the pairs."""
        return pair_features(self.stats, entities, pairs["row"].to_numpy(), pairs["product"].to_numpy())

    def extras(self, entities: CustomerBlock, pairs: pd.DataFrame) -> pd.DataFrame:
        """The product's Korean and English names and its category."""
        return _NAMES.iloc[pairs["product"].to_numpy()].reset_index(drop=True)

    def reason_text(self, feature: str, value: Any, lang: str) -> str | None:
        """The finance wording of a feature and its value (see :func:`reason_text`)."""
        return reason_text(feature, float(value), lang)


def check_customers(customers: Any) -> pd.DataFrame:
    """Raise DataError unless ``customers`` is a DataFrame of Santander-schema rows with ``ncodpers``."""
    if not isinstance(customers, pd.DataFrame):
        raise DataError("customers must be a pandas DataFrame", expected="Santander-schema rows")
    if "ncodpers" not in customers.columns:
        raise DataError(
            "column is missing", column="ncodpers", expected="a customer id per row (Santander schema)"
        )
    return customers
