"""Readers for the table-shaped public datasets: KoBLEX, Korean statutes, Bokjiro, O*NET, ESCO, JTWC."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd

from shared.data.validate import read_table, reading
from shared.errors import DataError


def read_jsonl(path: str | Path, required: tuple[str, ...]) -> pd.DataFrame:
    """Read JSON Lines into a DataFrame; every record must have the ``required`` keys."""
    path = Path(path)
    if not path.is_file():
        raise DataError("file not found", file=path, expected=f"JSON Lines with keys {', '.join(required)}")
    records = []
    with reading(path, "UTF-8 JSON Lines"), path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rec = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DataError(
                    f"line {lineno} is not JSON: {exc}", file=path, expected="one JSON object per line"
                ) from exc
            if not isinstance(rec, dict):
                raise DataError(
                    f"line {lineno} is not a JSON object", file=path, expected="one object per line"
                )
            missing = [k for k in required if k not in rec]
            if missing:
                raise DataError(f"line {lineno} lacks {missing}", file=path, column=missing[0])
            records.append(rec)
    if not records:
        raise DataError("no records", file=path, expected="one JSON object per line")
    return pd.DataFrame.from_records(records)


def read_koblex(folder: str | Path) -> dict[str, pd.DataFrame]:
    """KoBLEX questions (with gold statute contexts) and the paragraph corpus."""
    folder = Path(folder)
    return {
        "questions": read_jsonl(folder / "koblex.jsonl", ("id", "question", "contexts")),
        "corpus": read_jsonl(folder / "paragraph_corpus.jsonl", ("hierarchy", "index", "content")),
    }


def read_statutes(folder: str | Path) -> dict[str, str]:
    """Every ``*.md`` statute in ``folder`` as raw Markdown text, keyed by file stem."""
    folder = Path(folder)
    texts = {}
    for p in sorted(folder.glob("*.md")):
        if p.name != "README.md":
            with reading(p, "UTF-8 Markdown"):
                texts[p.stem] = p.read_text(encoding="utf-8")
    if not texts:
        raise DataError("no statute Markdown files", file=folder, expected="*.md files in legalize-kr format")
    return texts


BOKJIRO_CENTRAL = "goverment_final_welfare_list_categorized.csv"  # sic: the source's spelling
BOKJIRO_LOCAL = "bokjiro_final_processed.csv"


def read_bokjiro(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The central welfare list (with selection criteria) and the Bokjiro crawl, as text tables."""
    folder = Path(folder)
    central = read_table(
        folder / BOKJIRO_CENTRAL,
        {"서비스ID": "text", "서비스명": "text", "지원대상상세": "text", "선정기준": "text"},
        dtype=str,
    )
    local = read_table(
        folder / BOKJIRO_LOCAL, {"복지사업ID": "text", "복지사업명": "text", "지원대상": "text"}, dtype=str
    )
    return {"central": central, "local": local}


ONET_TABLES = {
    "occupations": (
        "Occupation Data.txt",
        {"O*NET-SOC Code": "text", "Title": "text", "Description": "text"},
    ),
    "related": (
        "Related Occupations.txt",
        {
            "O*NET-SOC Code": "text",
            "Related O*NET-SOC Code": "text",
            "Relatedness Tier": "text",
            "Index": "integer",
        },
    ),
    "job_zones": ("Job Zones.txt", {"O*NET-SOC Code": "text", "Job Zone": "integer"}),
    "technology_skills": (
        "Technology Skills.txt",
        {"O*NET-SOC Code": "text", "Example": "text", "Commodity Code": "text", "Commodity Title": "text"},
    ),
    "education": (
        "Education, Training, and Experience.txt",
        {
            "O*NET-SOC Code": "text",
            "Element ID": "text",
            "Scale ID": "text",
            "Category": "text",
            "Data Value": "number",
        },
    ),
    "education_categories": (
        "Education, Training, and Experience Categories.txt",
        {"Element ID": "text", "Scale ID": "text", "Category": "text", "Category Description": "text"},
    ),
    "job_zone_reference": ("Job Zone Reference.txt", {"Job Zone": "integer", "Name": "text"}),
}


def read_onet(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The O*NET 29.x tables the suite uses (tab-separated text, as distributed)."""
    folder = Path(folder)
    return {
        key: read_table(folder / fname, schema, sep="\t", dtype=str)
        for key, (fname, schema) in ONET_TABLES.items()
    }


ESCO_TABLES = {
    "occupations": (
        "occupations_en.csv",
        {"conceptUri": "text", "iscoGroup": "text", "preferredLabel": "text"},
    ),
    "isco_groups": ("ISCOGroups_en.csv", {"conceptUri": "text", "code": "text", "preferredLabel": "text"}),
    "skill_groups": ("skillGroups_en.csv", {"conceptUri": "text", "preferredLabel": "text"}),
    "skills_hierarchy": ("skillsHierarchy_en.csv", {"Level 0 URI": "text", "Level 0 preferred term": "text"}),
}


def read_esco(folder: str | Path) -> dict[str, pd.DataFrame]:
    """The ESCO v1 English tables the suite uses."""
    folder = Path(folder)
    return {
        key: read_table(folder / fname, schema, dtype=str) for key, (fname, schema) in ESCO_TABLES.items()
    }


JTWC_SCHEMA = {
    "SN": "integer",
    "Year": "integer",
    "Month": "integer",
    "Day": "integer",
    "Hour": "integer",
    "Lat": "number",
    "Lon": "number",
    "VMax": "number",
    "MSLP": "number",
}


def read_jtwc(folder: str | Path) -> pd.DataFrame:
    """JTWC best tracks with a ``time`` column; missing values coded -999 or 0 become NaN."""
    path = Path(folder) / "JTWC.csv"
    frame = read_table(path, JTWC_SCHEMA)
    for col in ("Lat", "Lon", "VMax", "MSLP"):
        frame.loc[frame[col] <= -999, col] = float("nan")
    frame.loc[frame["MSLP"] <= 0, "MSLP"] = float("nan")
    frame.loc[frame["VMax"] <= 0, "VMax"] = float("nan")
    try:
        time = pd.to_datetime(
            dict(year=frame["Year"], month=frame["Month"], day=frame["Day"], hour=frame["Hour"]),
            errors="coerce",
        )
    except (ValueError, OverflowError):  # out of range even for errors="coerce"
        time = pd.Series(pd.NaT, index=frame.index, dtype="datetime64[ns]")
    bad = time.isna() | (time < pd.Timestamp.min) | (time > pd.Timestamp.max)
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0])
        fix = frame.iloc[row]
        raise DataError(
            f"Year/Month/Day/Hour {fix['Year']}/{fix['Month']}/{fix['Day']}/{fix['Hour']} in row {row + 1} "
            "is not a valid time",
            file=path,
            column="Year",
            expected="a calendar date and hour between 1677 and 2262",
        )
    frame["time"] = time
    return frame.sort_values(["SN", "time"], kind="stable").reset_index(drop=True)
