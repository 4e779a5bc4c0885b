"""Read the Korean FSS "finlife" deposit and saving disclosures (금융상품 한눈에 Open API JSON).

A response of ``depositProductsSearch.json`` or ``savingProductsSearch.json`` has ``result.baseList``
(one row per product) and ``result.optionList`` (one row per product and term, with the rates).
They are joined on (``dcls_month``, ``fin_co_no``, ``fin_prdt_cd``): one row per product and term.
``intr_rate`` is the base rate and ``intr_rate2`` the maximum preferential rate, both % per year;
``save_trm`` is the term in months. A file may hold one response, or a list of responses (pages).
Cite 금융감독원 금융상품통합비교공시 and the disclosure month when you show these figures.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pandas as pd

from shared.data.validate import check_finite, reading
from shared.errors import DataError

DEPOSIT_FILE = "depositProductsSearch.json"
SAVING_FILE = "savingProductsSearch.json"
JOIN_KEYS = ["dcls_month", "fin_co_no", "fin_prdt_cd"]
BASE_COLUMNS = [
    "dcls_month",
    "fin_co_no",
    "kor_co_nm",
    "fin_prdt_cd",
    "fin_prdt_nm",
    "join_way",
    "join_member",
    "spcl_cnd",
    "mtrt_int",
    "join_deny",
    "etc_note",
    "max_limit",
    "dcls_strt_day",
    "dcls_end_day",
]
OPTION_COLUMNS = [
    "intr_rate_type",
    "intr_rate_type_nm",
    "rsrv_type",
    "rsrv_type_nm",
    "save_trm",
    "intr_rate",
    "intr_rate2",
]


def _pages(payload: Any, path: Path) -> list[dict[str, Any]]:
    pages = payload if isinstance(payload, list) else [payload]
    out = []
    for i, page in enumerate(pages):
        result = page.get("result") if isinstance(page, dict) else None
        if not isinstance(result, dict) or "baseList" not in result or "optionList" not in result:
            raise DataError(
                f"response {i + 1} has no result.baseList / result.optionList",
                file=path,
                expected="a finlife Open API response",
            )
        if str(result.get("err_cd", "000")) != "000":
            raise DataError(
                f"response {i + 1} is an API error {result.get('err_cd')}: {result.get('err_msg')}", file=path
            )
        out.append(result)
    return out


def read_finlife(path: str | Path, kind: str | None = None) -> pd.DataFrame:
    """One row per (product, term) with company, product, join conditions and rates.

    ``kind`` ("deposit" or "saving") is taken from the file name when not given.

    Example:
        >>> import tempfile, pathlib, json
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "depositProductsSearch.json"
        >>> key = {"dcls_month": "202501", "fin_co_no": "0010001", "fin_prdt_cd": "A1"}
        >>> _ = p.write_text(json.dumps({"result": {"err_cd": "000",
        ...     "baseList": [{**key, "kor_co_nm": "가은행", "fin_prdt_nm": "정기예금", "join_member": "제한없음"}],
        ...     "optionList": [{**key, "save_trm": "12", "intr_rate": 2.8, "intr_rate2": 3.1}]}}))
        >>> read_finlife(p)[["fin_prdt_nm", "save_trm", "intr_rate2", "kind"]].values.tolist()
        [['정기예금', 12, 3.1, 'deposit']]
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(
            "file not found", file=path, expected=f"a finlife response ({DEPOSIT_FILE} or {SAVING_FILE})"
        )
    try:
        with reading(path, "a finlife Open API response in UTF-8 JSON"):
            text = path.read_text(encoding="utf-8-sig")
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DataError(f"is not JSON: {exc}", file=path, expected="a finlife Open API response") from exc
    if kind is None:
        kind = "saving" if "saving" in path.name.lower() else "deposit"
    base_rows, option_rows = [], []
    for result in _pages(payload, path):
        base_rows += result["baseList"]
        option_rows += result["optionList"]
    base = pd.DataFrame(base_rows)
    options = pd.DataFrame(option_rows)
    for frame, name in ((base, "baseList"), (options, "optionList")):
        for key in JOIN_KEYS:
            if key not in frame.columns:
                raise DataError(
                    f"{name} lacks the join key",
                    file=path,
                    column=key,
                    expected=f"{', '.join(JOIN_KEYS)} in every row",
                )
    for column in ("save_trm", "intr_rate", "intr_rate2"):
        if column not in options.columns:
            raise DataError(
                "optionList column is missing", file=path, column=column, expected="term and rates per option"
            )
    base = base.reindex(columns=[c for c in BASE_COLUMNS if c in base.columns] or JOIN_KEYS)
    options = options.reindex(columns=JOIN_KEYS + [c for c in OPTION_COLUMNS if c in options.columns])
    joined = base.merge(options, on=JOIN_KEYS, how="inner", validate="one_to_many")
    joined["save_trm"] = pd.to_numeric(joined["save_trm"], errors="coerce").astype("Int64")
    for column in ("intr_rate", "intr_rate2"):
        rates = pd.to_numeric(joined[column], errors="coerce")
        given = joined[column].notna() & (joined[column].astype(str).str.strip() != "")
        bad = given & rates.isna()
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise DataError(
                f"rate {joined[column].iloc[row]!r} of option {row + 1} is not a number",
                file=path,
                column=column,
                expected="% per year",
            )
        if rates.notna().any():
            check_finite(rates.dropna().to_numpy(float), file=path, column=column, expected="% per year")
        joined[column] = rates
    joined["kind"] = kind
    return joined.reset_index(drop=True)


def read_finlife_folder(folder: str | Path) -> pd.DataFrame:
    """Deposits and savings of a folder holding ``depositProductsSearch.json`` and/or ``savingProductsSearch.json``."""
    folder = Path(folder)
    frames = [
        read_finlife(folder / name) for name in (DEPOSIT_FILE, SAVING_FILE) if (folder / name).is_file()
    ]
    if not frames:
        raise DataError("no finlife files", file=folder, expected=f"{DEPOSIT_FILE} and/or {SAVING_FILE}")
    return pd.concat(frames, ignore_index=True)
