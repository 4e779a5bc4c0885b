"""Read the Santander Product Recommendation training CSV (Kaggle, ``train_ver2.csv``) or any file in its schema.

The real file is 13.6 million rows (2.3 GB): read it in chunks and keep only the months you need
with ``months=``. Its quirks are handled: padded numbers (``" 35"``, ``"     NA"``), ``antiguedad``
of -999999, missing payroll flags (read as 0), ``indrel_1mes`` mixing ``1``, ``1.0`` and ``P``.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import numpy as np
import pandas as pd

from shared.data.validate import reading
from shared.errors import DataError

SANTANDER_PRODUCTS = [
    "ind_ahor_fin_ult1",
    "ind_aval_fin_ult1",
    "ind_cco_fin_ult1",
    "ind_cder_fin_ult1",
    "ind_cno_fin_ult1",
    "ind_ctju_fin_ult1",
    "ind_ctma_fin_ult1",
    "ind_ctop_fin_ult1",
    "ind_ctpp_fin_ult1",
    "ind_deco_fin_ult1",
    "ind_deme_fin_ult1",
    "ind_dela_fin_ult1",
    "ind_ecue_fin_ult1",
    "ind_fond_fin_ult1",
    "ind_hip_fin_ult1",
    "ind_plan_fin_ult1",
    "ind_pres_fin_ult1",
    "ind_reca_fin_ult1",
    "ind_tjcr_fin_ult1",
    "ind_valo_fin_ult1",
    "ind_viv_fin_ult1",
    "ind_nomina_ult1",
    "ind_nom_pens_ult1",
    "ind_recibo_ult1",
]
SANTANDER_PROFILE = [
    "fecha_dato",
    "ncodpers",
    "ind_empleado",
    "pais_residencia",
    "sexo",
    "age",
    "fecha_alta",
    "ind_nuevo",
    "antiguedad",
    "indrel",
    "ult_fec_cli_1t",
    "indrel_1mes",
    "tiprel_1mes",
    "indresi",
    "indext",
    "conyuemp",
    "canal_entrada",
    "indfall",
    "tipodom",
    "cod_prov",
    "nomprov",
    "ind_actividad_cliente",
    "renta",
    "segmento",
]
_NUMERIC = (
    "age",
    "ind_nuevo",
    "antiguedad",
    "indrel",
    "tipodom",
    "cod_prov",
    "ind_actividad_cliente",
    "renta",
)
_REQUIRED = ("fecha_dato", "ncodpers", *SANTANDER_PRODUCTS)


def _clean(chunk: pd.DataFrame, path: Path, first_row: int) -> pd.DataFrame:
    missing = [c for c in _REQUIRED if c not in chunk.columns]
    if missing:
        raise DataError(
            "column is missing",
            file=path,
            column=missing[0],
            expected="the Santander schema: fecha_dato, ncodpers, profile columns and 24 ind_*_ult1 flags",
        )
    out = chunk.copy()
    dates = pd.to_datetime(out["fecha_dato"].str.strip(), format="%Y-%m-%d", errors="coerce")
    if dates.isna().any():
        row = int(dates.isna().to_numpy().argmax())
        raise DataError(
            f"value {out['fecha_dato'].iloc[row]!r} in row {first_row + row + 1} is not a date",
            file=path,
            column="fecha_dato",
            expected="YYYY-MM-DD",
        )
    out["fecha_dato"] = dates
    ids = pd.to_numeric(out["ncodpers"].str.strip(), errors="coerce")
    if ids.isna().any():
        row = int(ids.isna().to_numpy().argmax())
        raise DataError(
            f"value {out['ncodpers'].iloc[row]!r} in row {first_row + row + 1} is not a customer id",
            file=path,
            column="ncodpers",
            expected="an integer",
        )
    out["ncodpers"] = ids.astype("int64")
    for column in _NUMERIC:
        if column in out.columns:
            out[column] = pd.to_numeric(
                out[column].str.strip().replace({"NA": None, "": None}), errors="coerce"
            )
    if "antiguedad" in out.columns:
        out.loc[out["antiguedad"] < 0, "antiguedad"] = np.nan
    if "fecha_alta" in out.columns:
        out["fecha_alta"] = pd.to_datetime(out["fecha_alta"].str.strip(), errors="coerce")
    if "indrel_1mes" in out.columns:
        out["indrel_1mes"] = out["indrel_1mes"].str.strip().str.replace(r"\.0$", "", regex=True)
    for column in SANTANDER_PRODUCTS:
        flags = pd.to_numeric(out[column].str.strip().replace({"NA": None, "": None}), errors="coerce")
        bad = flags.notna() & ~flags.isin([0, 1])
        if bad.any():
            row = int(bad.to_numpy().argmax())
            raise DataError(
                f"value {out[column].iloc[row]!r} in row {first_row + row + 1} is not 0 or 1",
                file=path,
                column=column,
                expected="0 or 1",
            )
        out[column] = flags.fillna(0).astype(np.int8)
    for column in out.columns:
        if out[column].dtype == object:
            out[column] = out[column].str.strip()
    return out


def read_santander(
    path: str | Path,
    *,
    months: Iterable[str] | None = None,
    customers: Iterable[int] | None = None,
    chunksize: int = 500_000,
) -> pd.DataFrame:
    """Read a Santander-schema CSV, optionally only some months (``"2016-05-28"``) and customers.

    Example:
        >>> import tempfile, pathlib
        >>> cols = ["fecha_dato", "ncodpers", "age"] + SANTANDER_PRODUCTS
        >>> p = pathlib.Path(tempfile.mkdtemp()) / "train.csv"
        >>> _ = p.write_text(",".join(cols) + "\\n2015-01-28,1375586, 35," + ",".join(["0"] * 21 + ["NA", "NA", "1"]) + "\\n")
        >>> f = read_santander(p)
        >>> int(f.loc[0, "age"]), int(f.loc[0, "ind_recibo_ult1"]), int(f.loc[0, "ind_nomina_ult1"])
        (35, 1, 0)
    """
    path = Path(path)
    if not path.is_file():
        raise DataError(
            "file not found",
            file=path,
            expected="the Santander train CSV (train_ver2.csv) or a file in its schema",
        )
    wanted_months = None if months is None else {pd.Timestamp(m) for m in months}
    wanted_customers = None if customers is None else {int(c) for c in customers}
    parts, first_row = [], 0
    with reading(path, "the Santander train CSV (comma-separated, UTF-8)"):
        reader = pd.read_csv(
            path, dtype=str, chunksize=chunksize, keep_default_na=False, encoding="utf-8-sig"
        )
        for chunk in reader:
            clean = _clean(chunk, path, first_row)
            first_row += len(chunk)
            if wanted_months is not None:
                clean = clean[clean["fecha_dato"].isin(wanted_months)]
            if wanted_customers is not None:
                clean = clean[clean["ncodpers"].isin(wanted_customers)]
            parts.append(clean)
    if not parts:
        raise DataError("the file has no rows", file=path, expected="the Santander train CSV")
    return pd.concat(parts, ignore_index=True)
