"""FHIR R4 reader: tables from a hand-made bundle, nothing identifying kept, clear errors on bad input."""

import copy
import gzip
import json
from pathlib import Path

import pandas as pd
import pytest

from shared.data.formats.fhir import TABLES, bundle_rows, pseudonym, read_fhir, tables_from_rows
from shared.errors import DataError

SAMPLE = Path(__file__).parent / "fhir_sample"
BUNDLE = json.loads((SAMPLE / "two_patients.json").read_text(encoding="utf-8"))
IDENTIFYING = [
    "Acevedo",
    "Leticia",
    "Minjun",
    "Kim",
    "Park",
    "999-71-6903",
    "999-12-3456",
    "650715-2345678",
    "MRN-7781234",
    "010-5392-8731",
    "example.com",
    "Ayala",
    "Boston",
    "02118",
    "pat-0001",
    "pat-0002",
    "enc-1",
]


def test_reads_every_table_from_a_folder():
    t = read_fhir(SAMPLE)
    assert set(t) == set(TABLES)
    p = t["patients"].set_index("sex")
    assert p.loc["F", "birth_date"] == pd.Timestamp("1965-07-15")
    assert p.loc["M", "death_date"] == pd.Timestamp("2025-08-01")
    assert sorted(t["encounters"]["class"]) == ["AMB", "EMER", "IMP"]
    assert t["conditions"]["code"].tolist() == ["59621000"]
    assert t["procedures"]["date"].tolist() == [pd.Timestamp("2023-06-01")]  # from performedPeriod.start
    assert set(t["immunizations"]["code"]) == {"140", "33"}
    assert t["medications"]["code"].tolist() == ["314076"]


def test_panel_components_become_rows_and_coded_values_are_kept():
    obs = read_fhir(SAMPLE)["observations"].set_index("code")
    assert obs.loc["8480-6", "value"] == 148 and obs.loc["8462-4", "value"] == 92
    assert "85354-9" not in obs.index  # the panel itself carries no value
    assert obs.loc["72166-2", "value_code"] == "449868002"


def test_names_and_identifiers_never_reach_the_tables():
    t = read_fhir(SAMPLE)
    text = "\n".join(frame.to_csv(index=False) for frame in t.values())
    for word in IDENTIFYING:
        assert word not in text, word
    # the free-text address observation keeps only its code, never the string value
    assert t["observations"].query("code == '56799-0'")["value"].isna().all()


def test_person_ids_are_keyed_pseudonyms_that_link_the_tables():
    t = read_fhir(SAMPLE)
    woman = pseudonym("pat-0001")
    assert woman in set(t["patients"]["person_id"])
    assert set(t["encounters"]["person_id"]) == {woman, pseudonym("pat-0002")}
    # urn:uuid:pat-0001 and Patient/pat-0001 are the same person
    assert (t["encounters"]["person_id"] == woman).sum() == 2
    other = read_fhir(SAMPLE, key=b"another agency's secret")
    assert woman not in set(other["patients"]["person_id"])


def test_ndjson_gz_files_are_read_too(tmp_path):
    with gzip.open(tmp_path / "bundles.ndjson.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps(BUNDLE) + "\n" + json.dumps(BUNDLE) + "\n")
    t = read_fhir(tmp_path)
    assert len(t["patients"]) == 2  # the same people twice are one person each
    assert len(t["encounters"]) == 6


def _bad(mutate) -> dict:
    b = copy.deepcopy(BUNDLE)
    mutate(b)
    return b


@pytest.mark.parametrize(
    ("mutate", "words"),
    [
        (
            lambda b: b["entry"][4]["resource"].pop("code"),
            ["entry 4", "Observation/obs-bp", "Observation.code"],
        ),
        (
            lambda b: b["entry"][3]["resource"].update(onsetDateTime="last spring"),
            ["Condition.onsetDateTime", "not a date"],
        ),
        (
            lambda b: b["entry"][0]["resource"].update(gender="unknown"),
            ["Patient.gender", "'male' or 'female'"],
        ),
        (lambda b: b["entry"][1]["resource"].pop("subject"), ["Encounter/enc-1", "Encounter.subject"]),
        (
            lambda b: b["entry"][5]["resource"].update(valueQuantity={"value": "high"}),
            ["valueQuantity.value"],
        ),
        (lambda b: b["entry"].append({"request": {}}), ["has no resource"]),
    ],
)
def test_malformed_resources_name_the_file_entry_and_field(tmp_path, mutate, words):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(_bad(mutate)), encoding="utf-8")
    with pytest.raises(DataError) as err:
        read_fhir(path)
    message = str(err.value)
    assert "bad.json" in message
    for w in words:
        assert w in message


def test_not_json_not_a_bundle_and_empty_folders_are_refused(tmp_path):
    (tmp_path / "broken.json").write_text("{ not json", encoding="utf-8")
    with pytest.raises(DataError, match="broken.json.*not valid JSON"):
        read_fhir(tmp_path / "broken.json")
    (tmp_path / "patient.json").write_text(json.dumps(BUNDLE["entry"][0]["resource"]), encoding="utf-8")
    with pytest.raises(DataError, match="not a FHIR Bundle"):
        read_fhir(tmp_path / "patient.json")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(DataError, match="no FHIR files"):
        read_fhir(empty)
    with pytest.raises(DataError, match="no such file"):
        read_fhir(tmp_path / "missing")


def test_code_displays_are_scrubbed_in_the_codes_table():
    b = _bad(
        lambda b: b["entry"][3]["resource"]["code"]["coding"][0].update(
            display="Seen by Mr. Acevedo, 999-71-6903"
        )
    )
    codes = tables_from_rows([bundle_rows(b)])["codes"].set_index("code")["display"]
    assert codes["59621000"] == "Seen by [NAME], [NUM]"
