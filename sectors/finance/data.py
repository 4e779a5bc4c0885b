"""Finance datasets: the FSS finlife disclosures and the Santander training file, when a user has them.

Registers ``finance/finlife`` (``depositProductsSearch.json``, optionally ``savingProductsSearch.json``)
and ``finance/santander`` (Kaggle's ``train_ver2.csv``) with the data registry. Neither is bundled.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from shared.data import DatasetSpec, register
from shared.data.formats.finlife import DEPOSIT_FILE, read_finlife_folder
from shared.data.formats.santander import read_santander

SANTANDER_FILE = "train_ver2.csv"


def read_santander_folder(folder: str | Path, months: list[str] | None = None) -> pd.DataFrame:
    """The Santander training file in ``folder`` (all months unless ``months`` is given)."""
    return read_santander(Path(folder) / SANTANDER_FILE, months=months)


register(
    DatasetSpec(
        "finance/finlife",
        "FSS finlife deposit and saving product disclosures (baseList joined with optionList)",
        (DEPOSIT_FILE,),
        read_finlife_folder,
        licence="public disclosure of the Financial Supervisory Service (cite 금융감독원 금융상품통합비교공시 and dcls_month)",
        source="finlife.fss.or.kr Open API (needs a personal key)",
    ),
    replace=True,
)
register(
    DatasetSpec(
        "finance/santander",
        "Santander Product Recommendation training panel (Kaggle 2016), 13.6M customer-months",
        (SANTANDER_FILE,),
        read_santander_folder,
        licence="Kaggle competition rules (not redistributable)",
        source="kaggle.com/c/santander-product-recommendation",
    ),
    replace=True,
)
