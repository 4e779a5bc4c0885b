import pandas as pd
import pytest

from sectors.employment import BUNDLED, load_taxonomy
from sectors.employment.taxonomy import crosswalk_to_esco, skill_id
from shared.errors import DataError


def test_occupations_carry_onet_data_with_stable_ids(taxonomy):
    occ = taxonomy.occupations
    assert occ.index.is_unique and all(len(c) == 10 and c[2] == "-" for c in occ.index)
    dev = occ.loc["15-1252.00"]
    assert dev["title"] == "Software Developers"
    assert dev["job_zone"] == 4 and 5 <= dev["education_level"] <= 8
    assert occ["job_zone"].dropna().between(1, 5).all()
    assert occ["education_level"].dropna().between(1, 12).all()
    assert taxonomy.interests.shape[1] == 6 and not taxonomy.work_values.empty


def test_skills_are_technology_skills_keyed_by_slug(taxonomy):
    skills = taxonomy.skills
    assert skills.index.is_unique and all(i.startswith("tech:") for i in skills.index)
    assert skill_id("Microsoft Excel") in skills.index
    assert skills["commodity_id"].str.startswith("unspsc:").all()
    assert set(taxonomy.occupation_skills["skill_id"]) <= set(skills.index)
    assert "Python" in taxonomy.skills_of("15-1252.00")


def test_related_lists_point_at_known_occupations(taxonomy):
    truth = taxonomy.related_truth()
    assert truth and all(rel <= set(taxonomy.occupations.index) for rel in truth.values())
    assert set(taxonomy.related["tier"]) <= {"Primary-Short", "Primary-Long", "Supplemental"}


def test_graph_edges_join_known_nodes(taxonomy):
    nodes, edges = taxonomy.nodes, taxonomy.edges
    assert nodes["id"].is_unique
    kinds = set(nodes["kind"])
    assert {
        "onet_occupation",
        "technology_skill",
        "unspsc_commodity",
        "esco_occupation",
        "isco_group",
    } <= kinds
    known = set(nodes["id"])
    for relation in ("uses_skill", "in_commodity", "matches_esco", "related_primary_short"):
        part = edges[edges["relation"] == relation]
        assert len(part) and part["source"].isin(known).all() and part["target"].isin(known).all(), relation


def test_onet_titles_map_to_plausible_isco_groups(taxonomy):
    occ = taxonomy.occupations
    assert occ.loc["15-1252.00", "isco_group"].startswith("25")  # ICT professionals
    assert occ.loc["13-2011.00", "isco_group"] == "2411"  # accountants
    assert occ.loc["47-2111.00", "isco_group"] == "7411"  # building electricians
    assert occ.loc["51-3011.00", "isco_group"] == "7512"  # bakers


def test_crosswalk_picks_best_label():
    esco = pd.DataFrame(
        {
            "label": ["truck driver", "baker"],
            "alt_labels": ["lorry driver", ""],
            "isco_group": ["8332", "7512"],
        },
        index=["e1", "e2"],
    )
    out = crosswalk_to_esco(pd.Series(["Bakers", "Heavy Truck Drivers"], index=["a", "b"]), esco)
    assert out["esco_id"].tolist() == ["e2", "e1"]


def test_find_occupation_by_code_title_or_part(taxonomy):
    assert taxonomy.find_occupation("15-1252.00") == "15-1252.00"
    assert taxonomy.find_occupation("registered nurses") == "29-1141.00"
    with pytest.raises(DataError, match="no occupation"):
        taxonomy.find_occupation("astronaut of the deep sea")


def test_missing_folder_and_missing_file_are_clear(tmp_path):
    with pytest.raises(DataError, match="folder not found"):
        load_taxonomy(tmp_path / "absent")
    broken = tmp_path / "employment"
    for part in ("onet", "esco"):
        (broken / part).mkdir(parents=True)
        for f in (BUNDLED / part).iterdir():
            (broken / part / f.name).write_bytes(f.read_bytes())
    (broken / "onet" / "Job Zones.txt").unlink()
    with pytest.raises(DataError, match="Job Zones.txt"):
        load_taxonomy(broken)


def test_bad_value_names_file_and_column(tmp_path):
    folder = tmp_path / "employment"
    for part in ("onet", "esco"):
        (folder / part).mkdir(parents=True)
        for f in (BUNDLED / part).iterdir():
            (folder / part / f.name).write_bytes(f.read_bytes())
    zones = folder / "onet" / "Job Zones.txt"
    lines = zones.read_text().splitlines()
    code = lines[1].split("\t")[0]
    lines[1] = f"{code}\tfour"
    zones.write_text("\n".join(lines) + "\n")
    with pytest.raises(DataError) as info:
        load_taxonomy(folder)
    assert "Job Zones.txt" in str(info.value) and "'Job Zone'" in str(info.value)
