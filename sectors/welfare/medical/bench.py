"""The medical part of ``civic bench welfare``: next-year risk on the synthetic records (task ``medical_risk``).

Rows: ``model`` (``lightgbm``, ``age_sex_logistic``), ``task = "medical_risk"``, ``auroc``, ``auprc``,
``brier``, ``persons`` (test people), ``positives`` and ``train_rows``. Tables:
``medical_calibration`` (observed against predicted by decile of each model's prediction) and
``medical_services`` (how many people each service is due for on the records' reference date).
Everything is synthetic: it measures what the generator's disease modules make predictable.

Run alone and merge into a welfare report (the other welfare rows are kept as they are)::

    python -m sectors.welfare.medical.bench --merge apps/results/welfare.json
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import pandas as pd

from sectors.welfare.medical.evaluate import TEST_CUTOFF, calibration_table, fit_risk, scores
from sectors.welfare.medical.records import MedicalRecords, load_records, manifest
from sectors.welfare.medical.services import recommend
from shared.seeding import resolve_seed

TASK = "medical_risk"


def service_counts(records: MedicalRecords, on=None) -> pd.DataFrame:
    """People each service is due for (status ``due``, ``check`` or ``upcoming``) among the living."""
    frames = []
    for pid in records.person_ids:
        person = records.person(pid)
        if person.death_date is None:
            frames.append(recommend(person, on=on or records.reference_date)[["item_id", "status"]])
    if not frames:
        return pd.DataFrame(columns=["item_id", "due", "check", "upcoming"])
    table = pd.concat(frames).groupby(["item_id", "status"]).size().unstack(fill_value=0)
    for col in ("due", "check", "upcoming"):
        if col not in table:
            table[col] = 0
    return table[["due", "check", "upcoming"]].sort_values("due", ascending=False).reset_index()


def medical_rows(seed: int = 0, records: MedicalRecords | None = None) -> tuple[list[dict], dict, list[str]]:
    """Rows, tables and notes of the medical benchmark (see the module docstring)."""
    records = records or load_records()
    start = time.perf_counter()
    fit = fit_risk(records, seed=seed)
    seconds = time.perf_counter() - start
    y = fit.y_test.to_numpy()
    rows, calib = [], []
    for model in (fit.model, fit.baseline):
        p = model.predict_proba(fit.X_test)
        rows.append(
            {
                "model": model.name,
                "task": TASK,
                **scores(y, p),
                "persons": int(len(y)),
                "positives": int(y.sum()),
                "train_rows": int(fit.train_rows),
            }
        )
        calib.append(calibration_table(y, p).assign(model=model.name))
    info = manifest() if records.origin.endswith("records") else {}
    lgbm, base = rows
    verdict = "beats" if lgbm["auroc"] > base["auroc"] else "does NOT beat"
    notes = [
        f"medical_risk is on SYNTHETIC, US-flavoured records ({len(records):,} people from {info.get('generator', 'Synthea')}, "
        f"seed {info.get('seed', '?')}): label = inpatient or emergency encounter, or onset of a chronic condition, in "
        f"{pd.Timestamp(TEST_CUTOFF).year}; split by person ({len(fit.split['train'])} train, {len(fit.split['valid'])} "
        f"validation, {len(fit.split['test'])} test people); training on person-years 2019-2024 took {seconds:.1f} s. "
        f"LightGBM {verdict} the age_sex_logistic baseline on AUROC ({lgbm['auroc']:.3f} vs {base['auroc']:.3f}). "
        "It measures what the generator's modules make predictable, not real clinical risk. These rows alone: "
        "python -m sectors.welfare.medical.bench --merge apps/results/welfare.json",
    ]
    tables = {
        "medical_calibration": pd.concat(calib, ignore_index=True)[
            ["model", "bin", "n", "predicted", "observed"]
        ],
        "medical_services": service_counts(records),
    }
    return rows, tables, notes


def merge_into(report_path: Path, rows: list[dict], tables: dict, notes: list[str]) -> dict:
    """Replace the ``medical_risk`` rows, ``medical_*`` tables and medical notes of a welfare report; keep the rest."""
    report = json.loads(report_path.read_text(encoding="utf-8"))
    report["rows"] = [r for r in report["rows"] if r.get("task") != TASK] + [
        {k: (None if isinstance(v, float) and v != v else v) for k, v in r.items()} for r in rows
    ]
    report["tables"] = {k: v for k, v in report.get("tables", {}).items() if not k.startswith("medical_")}
    report["tables"].update({name: json.loads(t.to_json(orient="split")) for name, t in tables.items()})
    report["notes"] = [n for n in report.get("notes", []) if not n.startswith("medical_risk")] + notes
    report_path.write_text(
        json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8"
    )  # as shared.bench writes it
    return report


def main(argv: list[str] | None = None) -> int:
    """Command line: run the medical benchmark, print it, optionally merge it into a welfare report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=None, help="default: CIVIC_SEED or the suite's default seed")
    ap.add_argument("--records", type=Path, default=None, help="a folder of record tables (default: bundled)")
    ap.add_argument("--merge", type=Path, default=None, help="a welfare report JSON to update in place")
    args = ap.parse_args(argv)
    seed = resolve_seed(args.seed)  # the same seed ``civic bench welfare`` uses
    rows, tables, notes = medical_rows(seed, load_records(args.records) if args.records else None)
    print(pd.DataFrame(rows).to_string(index=False))
    for name, table in tables.items():
        print(f"\n{name}\n{table.to_string(index=False)}")
    print("\n" + "\n".join(notes))
    if args.merge:
        merge_into(args.merge, rows, tables, notes)
        print(f"merged into {args.merge}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
