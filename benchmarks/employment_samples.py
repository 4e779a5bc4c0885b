"""Rebuild the small O*NET and ESCO samples bundled in shared/data/samples/employment from the full data.

Run: ``python benchmarks/employment_samples.py --data ../shared/data``. The sample keeps 14 seed
occupations across SOC major groups and their Primary-Short related occupations, every row the
suite reads for those occupations, and related-occupation rows whose both ends are kept. ESCO keeps
the occupations those titles match (see ``sectors.employment.taxonomy.crosswalk_to_esco``), their
ISCO groups and parents, the first two levels of the skill hierarchy and both skill collections.
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

import pandas as pd

from sectors.employment.taxonomy import crosswalk_to_esco

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "shared" / "data" / "samples" / "employment"
SEEDS = [
    "11-3021.00",
    "13-2011.00",
    "15-1252.00",
    "15-2051.00",
    "25-2021.00",
    "29-1141.00",
    "35-2014.00",
    "41-2031.00",
    "43-4051.00",
    "43-6014.00",
    "47-2111.00",
    "49-3023.00",
    "51-4041.00",
    "53-3032.00",
]
#: Columns kept from each O*NET file (the others are standard errors and dates the suite does not read).
ONET_FILES = {
    "Occupation Data.txt": None,
    "Related Occupations.txt": None,
    "Job Zones.txt": ["O*NET-SOC Code", "Job Zone"],
    "Job Zone Reference.txt": None,
    "Education, Training, and Experience.txt": [
        "O*NET-SOC Code",
        "Element ID",
        "Element Name",
        "Scale ID",
        "Category",
        "Data Value",
        "Recommend Suppress",
    ],
    "Education, Training, and Experience Categories.txt": None,
    "Technology Skills.txt": None,
    "Interests.txt": ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value"],
    "Work Values.txt": ["O*NET-SOC Code", "Element ID", "Element Name", "Scale ID", "Data Value"],
}


def _read(path: Path, sep: str) -> pd.DataFrame:
    return pd.read_csv(path, sep=sep, dtype=str, keep_default_na=False)


def build(data: Path) -> None:
    """Write the samples under ``shared/data/samples/employment``."""
    onet, esco = data / "employment" / "onet", data / "employment" / "esco"
    related = _read(onet / "Related Occupations.txt", "\t")
    primary = related[related["Relatedness Tier"] == "Primary-Short"]
    keep = set(SEEDS) | set(primary[primary["O*NET-SOC Code"].isin(SEEDS)]["Related O*NET-SOC Code"])
    out_onet = OUT / "onet"
    out_onet.mkdir(parents=True, exist_ok=True)
    for name, columns in ONET_FILES.items():
        table = _read(onet / name, "\t")
        if "O*NET-SOC Code" in table.columns:
            table = table[table["O*NET-SOC Code"].isin(keep)]
        if "Related O*NET-SOC Code" in table.columns:
            table = table[table["Related O*NET-SOC Code"].isin(keep)]
        if columns:
            table = table[columns]
        table.to_csv(out_onet / name, sep="\t", index=False, lineterminator="\n")

    occupations = _read(onet / "Occupation Data.txt", "\t").set_index("O*NET-SOC Code")
    occupations = occupations.loc[sorted(keep)]
    esco_occ = _read(esco / "occupations_en.csv", ",")
    labelled = pd.DataFrame(
        {
            "label": esco_occ["preferredLabel"].to_numpy(),
            "alt_labels": esco_occ["altLabels"].to_numpy(),
            "isco_group": esco_occ["iscoGroup"].to_numpy(),
            "description": esco_occ["description"].to_numpy(),
        },
        index=esco_occ["conceptUri"].to_numpy(),
    )
    matched = set(crosswalk_to_esco(occupations["Title"], labelled, occupations["Description"])["esco_id"])
    esco_keep = esco_occ[esco_occ["conceptUri"].isin(matched)]
    out_esco = OUT / "esco"
    out_esco.mkdir(parents=True, exist_ok=True)
    esco_keep.to_csv(out_esco / "occupations_en.csv", index=False, lineterminator="\n")
    groups = {g[:n] for g in esco_keep["iscoGroup"] for n in range(1, 5)}
    isco = _read(esco / "ISCOGroups_en.csv", ",")
    isco = isco[isco["code"].isin(groups)].drop(columns=["description"])  # long texts the suite does not read
    isco.to_csv(out_esco / "ISCOGroups_en.csv", index=False, lineterminator="\n")
    hierarchy = _read(esco / "skillsHierarchy_en.csv", ",")
    top = hierarchy[hierarchy["Level 2 URI"] == ""]
    top.to_csv(out_esco / "skillsHierarchy_en.csv", index=False, lineterminator="\n")
    uris = set(top["Level 0 URI"]) | set(top["Level 1 URI"])
    skill_groups = _read(esco / "skillGroups_en.csv", ",")
    skill_groups[skill_groups["conceptUri"].isin(uris)].to_csv(
        out_esco / "skillGroups_en.csv", index=False, lineterminator="\n"
    )
    for name in ("ictSkillsCollection_en.csv", "transversalSkillsCollection_en.csv"):
        shutil.copyfile(esco / name, out_esco / name)
    print(f"kept {len(keep)} O*NET occupations and {len(esco_keep)} ESCO occupations under {OUT}")


def main() -> None:
    """Command line: ``--data`` is the shared data root."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    build(parser.parse_args().data)


if __name__ == "__main__":
    main()
