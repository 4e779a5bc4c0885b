"""The dataset build: FHIR bundles -> compact tables -> CSV.gz -> the same tables back, minimised."""

import gzip
import json
from pathlib import Path

import pandas as pd

from sectors.welfare.medical.build_dataset import compact, main
from sectors.welfare.medical.records import load_records, read_tables
from shared.data.formats.fhir import read_fhir

SAMPLE = Path(__file__).parents[3] / "shared" / "data" / "fhir_sample" / "two_patients.json"


def test_compact_keeps_history_window_and_drops_social_findings():
    tables = read_fhir(SAMPLE)
    social = (
        tables["conditions"].iloc[:1].assign(code="266948004", onset=tables["conditions"]["onset"].iloc[0])
    )
    codes = tables["codes"]
    codes.loc[len(codes)] = ["http://snomed.info/sct", "266948004", "Has a criminal record (finding)"]
    tables["conditions"] = pd.concat([tables["conditions"], social], ignore_index=True)
    out = compact(tables, reference="2026-01-01", years=10)
    assert out["conditions"]["code"].tolist() == ["59621000"]  # onset 2014, still active: kept
    assert "56799-0" not in set(out["observations"]["code"])  # only the kept codes (address dropped)
    assert set(out["procedures"]["code"]) == {"24623002"}
    assert set(out["immunizations"]["code"]) == {"140", "33"}  # immunisations kept for life
    assert "266948004" not in set(out["codes"]["code"])


def test_build_from_saved_bundles_round_trips(tmp_path):
    saved = tmp_path / "bundles.ndjson.gz"
    with gzip.open(saved, "wt", encoding="utf-8") as f:
        f.write(json.dumps(json.loads(SAMPLE.read_text(encoding="utf-8"))) + "\n")
    out = tmp_path / "records"
    assert main(["--bundles", str(saved), "--out", str(out)]) == 0
    tables = read_tables(out)
    assert len(tables["patients"]) == 2
    assert tables["immunizations"]["code"].tolist() in (
        ["140", "33"],
        ["33", "140"],
    )  # CVX codes stay strings
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["rows"]["patients"] == 2 and "build_dataset" in manifest["command"]
    first = (out / "patients.csv.gz").read_bytes()
    main(["--bundles", str(saved), "--out", str(out)])
    assert (out / "patients.csv.gz").read_bytes() == first  # byte-identical rebuild
    records = load_records(out)
    assert len(records) == 2
