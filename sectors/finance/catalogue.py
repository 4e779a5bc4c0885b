"""The Santander-style catalogue of 24 retail products, with eligibility limits and descriptions.

Product codes are the flag columns of the Santander Product Recommendation data
(``ind_..._ult1``). Age limits, sales channels and prerequisites are the hard rules the recommender
checks before ranking; they are written for this suite (typical Korean retail-bank conditions),
not taken from Santander.
"""

from __future__ import annotations

import pandas as pd

# code, English, Korean, category, min_age, max_age, channels (empty = all), requires (any of), description
_PRODUCTS: list[tuple[str, str, str, str, float | None, float | None, str, str, str]] = [
    (
        "ind_ahor_fin_ult1",
        "Saving account",
        "저축 예금",
        "account",
        14,
        None,
        "",
        "",
        "savings account interest flexible",
    ),
    (
        "ind_aval_fin_ult1",
        "Guarantees",
        "지급 보증",
        "credit",
        19,
        None,
        "branch",
        "",
        "bank guarantee business credit",
    ),
    (
        "ind_cco_fin_ult1",
        "Current account",
        "입출금 통장",
        "account",
        14,
        None,
        "",
        "",
        "current account everyday payments",
    ),
    (
        "ind_cder_fin_ult1",
        "Derivatives account",
        "파생상품 계좌",
        "investment",
        19,
        None,
        "branch",
        "",
        "derivatives investment risk",
    ),
    (
        "ind_cno_fin_ult1",
        "Payroll account",
        "급여 통장",
        "account",
        18,
        None,
        "",
        "",
        "payroll account salary",
    ),
    (
        "ind_ctju_fin_ult1",
        "Junior account",
        "청소년 통장",
        "account",
        None,
        17,
        "",
        "",
        "junior account children savings",
    ),
    (
        "ind_ctma_fin_ult1",
        "Más particular account",
        "우대 통장",
        "account",
        18,
        None,
        "",
        "",
        "preferential account fee waiver",
    ),
    (
        "ind_ctop_fin_ult1",
        "Particular account",
        "개인 통장",
        "account",
        18,
        None,
        "",
        "",
        "personal account everyday payments",
    ),
    (
        "ind_ctpp_fin_ult1",
        "Particular Plus account",
        "개인 플러스 통장",
        "account",
        18,
        None,
        "",
        "",
        "personal plus account higher interest",
    ),
    (
        "ind_deco_fin_ult1",
        "Short-term deposit",
        "단기 예금",
        "deposit",
        18,
        None,
        "",
        "",
        "short term deposit fixed interest",
    ),
    (
        "ind_deme_fin_ult1",
        "Medium-term deposit",
        "중기 예금",
        "deposit",
        18,
        None,
        "",
        "",
        "medium term deposit fixed interest",
    ),
    (
        "ind_dela_fin_ult1",
        "Long-term deposit",
        "장기 예금",
        "deposit",
        18,
        None,
        "",
        "",
        "long term deposit fixed interest",
    ),
    (
        "ind_ecue_fin_ult1",
        "e-account",
        "인터넷 전용 통장",
        "account",
        14,
        None,
        "online|branch|phone",
        "",
        "online account internet mobile banking",
    ),
    ("ind_fond_fin_ult1", "Funds", "펀드", "investment", 19, None, "", "", "investment funds risk return"),
    ("ind_hip_fin_ult1", "Mortgage", "주택담보대출", "credit", 19, 75, "branch", "", "mortgage home loan"),
    (
        "ind_plan_fin_ult1",
        "Pension plan",
        "연금 저축",
        "pension",
        18,
        70,
        "",
        "",
        "pension plan retirement savings tax",
    ),
    ("ind_pres_fin_ult1", "Loan", "신용 대출", "credit", 19, 75, "", "", "personal loan credit"),
    ("ind_reca_fin_ult1", "Taxes", "세금 납부", "service", 18, None, "", "", "tax payment service"),
    ("ind_tjcr_fin_ult1", "Credit card", "신용카드", "card", 19, None, "", "", "credit card payments"),
    (
        "ind_valo_fin_ult1",
        "Securities",
        "증권",
        "investment",
        19,
        None,
        "",
        "",
        "securities shares investment",
    ),
    (
        "ind_viv_fin_ult1",
        "Home account",
        "주택 청약 통장",
        "account",
        14,
        None,
        "",
        "",
        "home savings account housing",
    ),
    (
        "ind_nomina_ult1",
        "Payroll",
        "급여 이체",
        "service",
        18,
        None,
        "",
        "ind_cno_fin_ult1|ind_cco_fin_ult1|ind_ctop_fin_ult1|ind_ctpp_fin_ult1|ind_ctma_fin_ult1",
        "salary paid into the account payroll",
    ),
    (
        "ind_nom_pens_ult1",
        "Pension payments",
        "연금 이체",
        "service",
        18,
        None,
        "",
        "ind_cno_fin_ult1|ind_cco_fin_ult1|ind_ctop_fin_ult1|ind_ctpp_fin_ult1|ind_ctma_fin_ult1",
        "pension paid into the account",
    ),
    (
        "ind_recibo_ult1",
        "Direct debit",
        "자동 이체",
        "service",
        18,
        None,
        "",
        "",
        "direct debit bills utilities",
    ),
]

PRODUCT_CODES: tuple[str, ...] = tuple(p[0] for p in _PRODUCTS)
CHANNELS = ("branch", "online", "phone")


def product_catalogue() -> pd.DataFrame:
    """The 24 products, indexed by code: names (en, ko), category, age limits, channels, prerequisites, text.

    Example:
        >>> cat = product_catalogue()
        >>> len(cat), float(cat.loc["ind_ctju_fin_ult1", "max_age"])
        (24, 17.0)
    """
    frame = pd.DataFrame(
        _PRODUCTS,
        columns=[
            "product",
            "name_en",
            "name_ko",
            "category",
            "min_age",
            "max_age",
            "channels",
            "requires",
            "text",
        ],
    ).set_index("product")
    frame["min_age"] = frame["min_age"].astype(float)
    frame["max_age"] = frame["max_age"].astype(float)
    frame["text"] = frame["name_en"].str.lower() + " " + frame["category"] + " " + frame["text"]
    return frame
