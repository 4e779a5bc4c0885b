"""The skills graph: O*NET occupations, technology skills, job zones, education and training,
related occupations, and ESCO occupations and skill groups, as tables with stable ids.

Ids are the sources' own where they have one (O*NET-SOC codes such as ``15-1252.00``, ESCO
concept URIs, ISCO-08 codes) and a slug otherwise: a technology skill is ``tech:`` plus its
lower-cased name (``tech:microsoft-excel``), a UNSPSC commodity ``unspsc:`` plus its code.

O*NET has no Skills/Knowledge/Abilities ratings here, so "skills" are O*NET's technology skills
(software and tools, grouped by UNSPSC commodity). The O*NET occupation is linked to ESCO by
matching its title and description against ESCO's labels and descriptions (:func:`crosswalk_to_esco`,
approximate), which gives it an ISCO-08 group (the basis of Korea's KSCO).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer

from shared.data import SAMPLES, locate
from shared.data.formats.onet_profiles import read_esco_collections, read_onet_ratings
from shared.data.formats.tables import read_esco, read_onet
from shared.errors import DataError

#: O*NET RL categories (Required Level of Education), shortened; Korean first.
EDUCATION_LEVELS: dict[int, tuple[str, str]] = {
    1: ("고졸 미만", "Less than high school"),
    2: ("고등학교 졸업", "High school diploma"),
    3: ("직업훈련 수료(자격)", "Post-secondary certificate"),
    4: ("대학 일부 이수", "Some college"),
    5: ("전문학사", "Associate's degree"),
    6: ("학사", "Bachelor's degree"),
    7: ("학사 후 과정 수료", "Post-baccalaureate certificate"),
    8: ("석사", "Master's degree"),
    9: ("석사 후 과정 수료", "Post-master's certificate"),
    10: ("전문 학위", "First professional degree"),
    11: ("박사", "Doctoral degree"),
    12: ("박사 후 과정", "Post-doctoral training"),
}

#: The education level (RL category) the O*NET Job Zone Reference names for each zone: zone 1-2 a high
#: school diploma, zone 3 vocational training (post-secondary certificate), zone 4 a bachelor's degree,
#: zone 5 graduate school (master's). Used only where O*NET has no education survey.
ZONE_EDUCATION = {1.0: 2.0, 2.0: 2.0, 3.0: 3.0, 4.0: 6.0, 5.0: 8.0}

#: Months at the middle of each O*NET duration category (RW experience; PT and OJ training).
#: Our reading of the category bounds; the open-ended top categories take a round figure.
CATEGORY_MONTHS: dict[str, dict[int, float]] = {
    "RW": {1: 0, 2: 0.5, 3: 2, 4: 4.5, 5: 9, 6: 18, 7: 36, 8: 60, 9: 84, 10: 108, 11: 132},
    "PT": {1: 0, 2: 0.5, 3: 2, 4: 4.5, 5: 9, 6: 18, 7: 36, 8: 84, 9: 132},
    "OJ": {1: 0, 2: 0.5, 3: 2, 4: 4.5, 5: 9, 6: 18, 7: 36, 8: 84, 9: 132},
}

#: The small O*NET and ESCO samples bundled with the suite (for tests, doctests and the demo page).
BUNDLED = SAMPLES / "employment"

RIASEC = ("Realistic", "Investigative", "Artistic", "Social", "Enterprising", "Conventional")

ONET_ATTRIBUTION = (
    "This product includes information from the O*NET 29.2 Database by the U.S. Department of Labor, "
    "Employment and Training Administration (USDOL/ETA). Used under the CC BY 4.0 license. "
    "O*NET® is a trademark of USDOL/ETA. civic-ai-suite has modified all or some of this information. "
    "USDOL/ETA has not approved, endorsed, or tested these modifications."
)
ESCO_ATTRIBUTION = "This service uses the ESCO classification of the European Commission."


def slug(text: str) -> str:
    """A stable lower-case id fragment.

    Example:
        >>> slug("Structured query language SQL")
        'structured-query-language-sql'
    """
    return re.sub(r"[^a-z0-9]+", "-", str(text).lower()).strip("-")


def skill_id(name: str) -> str:
    """The stable id of a technology skill named ``name``.

    Example:
        >>> skill_id("Microsoft Excel")
        'tech:microsoft-excel'
    """
    return "tech:" + slug(name)


@dataclass
class Taxonomy:
    """The occupation and skill tables; see :func:`load_taxonomy`.

    ``occupations`` is indexed by O*NET-SOC code; ``interests`` and ``work_values`` are
    occupation x element ratings (1-7). ``nodes`` and ``edges`` give the whole graph.
    """

    occupations: pd.DataFrame
    skills: pd.DataFrame
    occupation_skills: pd.DataFrame
    related: pd.DataFrame
    education: pd.DataFrame
    education_categories: pd.DataFrame
    job_zone_reference: pd.DataFrame
    interests: pd.DataFrame
    work_values: pd.DataFrame
    esco_occupations: pd.DataFrame
    isco_groups: pd.DataFrame
    esco_skill_groups: pd.DataFrame
    esco_skill_collections: pd.DataFrame
    source: dict[str, str] = field(default_factory=dict)

    @property
    def codes(self) -> list[str]:
        """All O*NET-SOC codes, in file order."""
        return list(self.occupations.index)

    def related_truth(self) -> dict[str, set[str]]:
        """Each occupation's O*NET related occupations (the evaluation's ground truth)."""
        return {code: set(group) for code, group in self.related.groupby("occupation_id")["related_id"]}

    def skills_of(self, code: str) -> list[str]:
        """Names of the technology skills O*NET lists for occupation ``code`` (hot technologies first)."""
        rows = self.occupation_skills[self.occupation_skills["occupation_id"] == code]
        rows = rows.sort_values(["hot", "in_demand"], ascending=False, kind="stable")
        return self.skills.loc[rows["skill_id"], "name"].tolist()

    def find_occupation(self, text: str) -> str:
        """The O*NET-SOC code for a code or an exact/partial title (case-insensitive)."""
        if text in self.occupations.index:
            return text
        titles = self.occupations["title"].str.lower()
        exact = titles[titles == text.lower()]
        if len(exact):
            return str(exact.index[0])
        partial = titles[titles.str.contains(text.lower(), regex=False)]
        if len(partial):
            return str(partial.index[0])
        raise DataError(
            f"no occupation matches {text!r}", column="occupation", expected="an O*NET-SOC code or title"
        )

    @property
    def nodes(self) -> pd.DataFrame:
        """Every node of the skills graph: ``id``, ``kind``, ``label``."""
        parts = [
            pd.DataFrame(
                {"id": self.occupations.index, "kind": "onet_occupation", "label": self.occupations["title"]}
            ),
            pd.DataFrame({"id": self.skills.index, "kind": "technology_skill", "label": self.skills["name"]}),
            self.skills[["commodity_id", "commodity_title"]]
            .drop_duplicates("commodity_id")
            .set_axis(["id", "label"], axis=1)
            .assign(kind="unspsc_commodity"),
            pd.DataFrame(
                {
                    "id": self.esco_occupations.index,
                    "kind": "esco_occupation",
                    "label": self.esco_occupations["label"],
                }
            ),
            pd.DataFrame(
                {
                    "id": "isco:" + self.isco_groups.index,
                    "kind": "isco_group",
                    "label": self.isco_groups["label"],
                }
            ),
            pd.DataFrame(
                {
                    "id": self.esco_skill_groups.index,
                    "kind": "esco_skill_group",
                    "label": self.esco_skill_groups["label"],
                }
            ),
            pd.DataFrame(
                {
                    "id": self.esco_skill_collections.index,
                    "kind": "esco_skill",
                    "label": self.esco_skill_collections["label"],
                }
            ),
        ]
        nodes = pd.concat(parts, ignore_index=True)[["id", "kind", "label"]]
        return nodes.drop_duplicates("id").reset_index(drop=True)

    @property
    def edges(self) -> pd.DataFrame:
        """Every edge: ``source``, ``target``, ``relation``, ``weight``."""
        os_ = self.occupation_skills
        parts = [
            pd.DataFrame(
                {
                    "source": os_["occupation_id"],
                    "target": os_["skill_id"],
                    "relation": "uses_skill",
                    "weight": 1.0 + os_["hot"].astype(float),
                }
            ),
            pd.DataFrame(
                {
                    "source": self.skills.index,
                    "target": self.skills["commodity_id"],
                    "relation": "in_commodity",
                    "weight": 1.0,
                }
            ),
            pd.DataFrame(
                {
                    "source": self.related["occupation_id"],
                    "target": self.related["related_id"],
                    "relation": "related_" + self.related["tier"].str.lower().str.replace("-", "_"),
                    "weight": 1.0 / self.related["rank"].astype(float),
                }
            ),
        ]
        mapped = self.occupations.dropna(subset=["esco_id"])
        parts.append(
            pd.DataFrame(
                {
                    "source": mapped.index,
                    "target": mapped["esco_id"],
                    "relation": "matches_esco",
                    "weight": mapped["esco_similarity"].astype(float),
                }
            )
        )
        esco = self.esco_occupations
        parts.append(
            pd.DataFrame(
                {
                    "source": esco.index,
                    "target": "isco:" + esco["isco_group"],
                    "relation": "in_isco",
                    "weight": 1.0,
                }
            )
        )
        groups = self.esco_skill_groups.dropna(subset=["broader_id"])
        parts.append(
            pd.DataFrame(
                {"source": groups.index, "target": groups["broader_id"], "relation": "broader", "weight": 1.0}
            )
        )
        coll = self.esco_skill_collections.dropna(subset=["broader_id"])
        parts.append(
            pd.DataFrame(
                {"source": coll.index, "target": coll["broader_id"], "relation": "broader", "weight": 1.0}
            )
        )
        return pd.concat(parts, ignore_index=True).astype({"weight": float})


def _expected_months(education: pd.DataFrame, scale: str) -> pd.Series:
    rows = education[education["scale"] == scale].dropna(subset=["category"])
    months = rows["category"].astype(int).map(CATEGORY_MONTHS[scale])
    weighted = (months * rows["share"]).groupby(rows["occupation_id"]).sum()
    total = rows["share"].groupby(rows["occupation_id"]).sum()
    return (weighted / total.where(total > 0)).astype(float)


def _median_education(education: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """The median RL category (the level at least half of incumbents need) and the mean."""
    rows = education[education["scale"] == "RL"].dropna(subset=["category"]).copy()
    rows["category"] = rows["category"].astype(int)
    rows = rows.sort_values(["occupation_id", "category"], kind="stable")
    total = rows.groupby("occupation_id")["share"].transform("sum")
    rows["cum"] = rows.groupby("occupation_id")["share"].cumsum() / total.where(total > 0)
    median = rows[rows["cum"] >= 0.5].groupby("occupation_id")["category"].first()
    mean = (rows["category"] * rows["share"]).groupby(rows["occupation_id"]).sum() / rows.groupby(
        "occupation_id"
    )["share"].sum().where(lambda s: s > 0)
    return median.astype(float), mean.astype(float)


_SUFFIXES = (
    "ations",
    "ation",
    "ists",
    "ist",
    "ians",
    "ian",
    "ings",
    "ing",
    "ers",
    "er",
    "ors",
    "or",
    "es",
    "s",
    "ed",
    "al",
)


def stem_words(text: str) -> list[str]:
    """Lower-case words without English stop words, with common suffixes cut (a crude stemmer).

    Example:
        >>> stem_words("Registered Nurses and nursing")
        ['register', 'nurs', 'nurs']
    """
    out = []
    for word in re.findall(r"[a-z]+", str(text).lower()):
        if word in ENGLISH_STOP_WORDS:
            continue
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= 4:
                word = word[: -len(suffix)]
                break
        out.append(word)
    return out


def crosswalk_to_esco(
    titles: pd.Series, esco: pd.DataFrame, descriptions: pd.Series | None = None, *, title_weight: float = 0.4
) -> pd.DataFrame:
    """Match each O*NET occupation to the closest ESCO occupation (an approximate crosswalk).

    The score mixes the best word match of the title against ESCO's preferred and alternative
    labels (weight ``title_weight``) with the similarity of title plus description against ESCO's
    label plus description (the rest), both TF-IDF over :func:`stem_words`. It is a heuristic,
    not an official crosswalk: most titles land on the same work, some on a neighbour (for
    example "Registered Nurses" on "nurse assistant"). Returns ``esco_id``, ``esco_similarity``
    (0-1) and ``isco_group`` indexed like ``titles``.

    Example:
        >>> esco = pd.DataFrame({"label": ["software developer", "nurse"], "alt_labels": ["programmer", ""],
        ...                      "isco_group": ["2512", "2221"], "description": ["", ""]}, index=["e1", "e2"])
        >>> crosswalk_to_esco(pd.Series(["Software Developers"], index=["15-1252.00"]), esco)["isco_group"].tolist()
        ['2512']
    """
    empty = pd.DataFrame(
        {
            "esco_id": pd.Series(dtype=object),
            "esco_similarity": pd.Series(dtype=float),
            "isco_group": pd.Series(dtype=object),
        },
        index=titles.index,
    )
    if esco.empty or titles.empty:
        return empty
    labels, owners = [], []
    alternatives = esco["alt_labels"] if "alt_labels" in esco.columns else pd.Series("", index=esco.index)
    for pos, (label, alt) in enumerate(zip(esco["label"], alternatives, strict=True)):
        for text in [label, *str(alt or "").split("\n")]:
            text = str(text).strip()
            if text and text != "nan":
                labels.append(text)
                owners.append(pos)
    owners_arr = np.asarray(owners)
    starts = np.flatnonzero(np.r_[True, owners_arr[1:] != owners_arr[:-1]])
    label_words = TfidfVectorizer(analyzer=stem_words, sublinear_tf=True)
    label_matrix = label_words.fit_transform(labels).T.tocsr()
    title_matrix = label_words.transform(titles.astype(str).tolist())
    text_words = TfidfVectorizer(analyzer=stem_words, sublinear_tf=True)
    esco_desc = esco["description"] if "description" in esco.columns else pd.Series("", index=esco.index)
    esco_matrix = text_words.fit_transform(
        (esco["label"].astype(str) + " " + esco_desc.fillna("").astype(str)).tolist()
    ).T.tocsr()
    own = titles.astype(str) + " " + (descriptions.astype(str) if descriptions is not None else "")
    own_matrix = text_words.transform(own.tolist())
    best_pos = np.zeros(len(titles), dtype=int)
    best_score = np.zeros(len(titles))
    for start in range(0, len(titles), 256):
        rows = slice(start, start + 256)
        by_label = (title_matrix[rows] @ label_matrix).toarray().astype(np.float32)
        by_title = np.maximum.reduceat(by_label, starts, axis=1)  # best label of each ESCO occupation
        by_text = (own_matrix[rows] @ esco_matrix).toarray().astype(np.float32)
        score = title_weight * by_title + (1 - title_weight) * by_text
        best_pos[rows] = score.argmax(axis=1)
        best_score[rows] = score.max(axis=1)
    return pd.DataFrame(
        {
            "esco_id": esco.index.to_numpy()[best_pos],
            "esco_similarity": best_score,
            "isco_group": esco["isco_group"].to_numpy()[best_pos],
        },
        index=titles.index,
    )


def _locate_pair(folder: str | Path | None) -> tuple[Path, Path]:
    """Find the O*NET and ESCO folders under ``folder`` (employment/, a data root, or None for bundled)."""
    if folder is not None:
        base = Path(folder).expanduser()
        if not base.exists():
            raise DataError("folder not found", file=base, expected="a folder holding onet/ and esco/")
        if (base / "onet").is_dir() and (base / "esco").is_dir():
            return base / "onet", base / "esco"
    # A folder that was given must hold the data: never fall back to the bundled sample behind it.
    onet, _ = locate("employment/onet", folder, bundled=folder is None)
    esco, _ = locate("employment/esco", folder, bundled=folder is None)
    return onet, esco


def load_taxonomy(folder: str | Path | None = None) -> Taxonomy:
    """Read O*NET and ESCO from ``folder`` and build the skills graph tables.

    ``folder`` may hold ``onet/`` and ``esco/`` (``../shared/data/employment``), be a data root
    holding ``employment/onet`` (``../shared/data``), or be None: then ``CIVIC_DATA_DIR`` and
    finally the small bundled samples are used.

    Example:
        >>> tax = load_taxonomy(BUNDLED)     # the bundled sample; None looks in CIVIC_DATA_DIR first
        >>> tax.occupations.loc["15-1252.00", "title"]
        'Software Developers'
        >>> "tech:microsoft-excel" in tax.skills.index
        True
    """
    onet_dir, esco_dir = _locate_pair(folder)
    onet = read_onet(onet_dir)
    esco = read_esco(esco_dir)

    occ = onet["occupations"].rename(
        columns={"O*NET-SOC Code": "occupation_id", "Title": "title", "Description": "description"}
    )
    occ = occ.astype({"occupation_id": str, "title": str, "description": str}).set_index("occupation_id")
    if occ.index.duplicated().any():
        dup = occ.index[occ.index.duplicated()][0]
        raise DataError(
            f"occupation {dup} appears twice", file=onet_dir / "Occupation Data.txt", column="O*NET-SOC Code"
        )

    zones = onet["job_zones"].astype({"O*NET-SOC Code": str}).set_index("O*NET-SOC Code")["Job Zone"]
    occ["job_zone"] = zones.reindex(occ.index).astype(float)

    edu = onet["education"].rename(
        columns={
            "O*NET-SOC Code": "occupation_id",
            "Element ID": "element_id",
            "Scale ID": "scale",
            "Category": "category",
            "Data Value": "share",
        }
    )
    edu = edu[["occupation_id", "element_id", "scale", "category", "share"]].astype(
        {"occupation_id": str, "element_id": str, "scale": str}
    )
    edu["category"] = pd.to_numeric(edu["category"], errors="coerce").astype("Int64")
    median, mean = _median_education(edu)
    occ["education_level"] = median.reindex(occ.index)
    # O*NET has no education survey for some occupations (Software Developers among them); there the
    # level the Job Zone Reference names for the occupation's zone stands in.
    occ["education_source"] = np.where(occ["education_level"].notna(), "onet_rl", None)
    from_zone = occ["job_zone"].map(ZONE_EDUCATION)
    fill = occ["education_level"].isna() & from_zone.notna()
    occ.loc[fill, "education_level"] = from_zone[fill]
    occ.loc[fill, "education_source"] = "job_zone"
    occ["education_mean"] = mean.reindex(occ.index)
    for scale, col in (
        ("RW", "experience_months"),
        ("PT", "site_training_months"),
        ("OJ", "job_training_months"),
    ):
        occ[col] = _expected_months(edu, scale).reindex(occ.index)
    importance = edu[edu["scale"] == "IM"].pivot_table(
        index="occupation_id", columns="element_id", values="share", aggfunc="mean"
    )
    occ["certification_importance"] = importance.get("2.D.4.a", pd.Series(dtype=float)).reindex(occ.index)
    occ["apprenticeship_importance"] = importance.get("3.A.4.a", pd.Series(dtype=float)).reindex(occ.index)
    occ["soc_major"] = occ.index.str[:2]

    tech = onet["technology_skills"].rename(
        columns={
            "O*NET-SOC Code": "occupation_id",
            "Example": "name",
            "Commodity Code": "commodity_code",
            "Commodity Title": "commodity_title",
        }
    )
    tech = tech.astype({"occupation_id": str, "name": str, "commodity_code": str, "commodity_title": str})
    tech["skill_id"] = tech["name"].map(skill_id)
    tech["commodity_id"] = "unspsc:" + tech["commodity_code"]
    tech["hot"] = tech.get("Hot Technology", pd.Series("N", index=tech.index)).astype(str).eq("Y")
    tech["in_demand"] = tech.get("In Demand", pd.Series("N", index=tech.index)).astype(str).eq("Y")
    counts = tech.groupby("skill_id")["occupation_id"].nunique()
    # A skill listed under several commodities takes the commodity most occupations use it under.
    primary = (
        tech.groupby(["skill_id", "commodity_id", "commodity_title"])
        .size()
        .rename("n")
        .reset_index()
        .sort_values(["skill_id", "n"], ascending=[True, False], kind="stable")
        .drop_duplicates("skill_id")
        .set_index("skill_id")
    )
    names = tech.drop_duplicates("skill_id").set_index("skill_id")["name"]
    skills = pd.DataFrame(
        {
            "name": names,
            "commodity_id": primary["commodity_id"],
            "commodity_title": primary["commodity_title"],
            "n_occupations": counts,
            "hot_share": tech.groupby("skill_id")["hot"].mean(),
            "mean_job_zone": tech.assign(z=tech["occupation_id"].map(occ["job_zone"]))
            .groupby("skill_id")["z"]
            .mean(),
        }
    ).sort_index()
    skills.index.name = None
    occupation_skills = (
        tech.groupby(["occupation_id", "skill_id"], sort=False)
        .agg(hot=("hot", "max"), in_demand=("in_demand", "max"))
        .reset_index()
    )

    related = onet["related"].rename(
        columns={
            "O*NET-SOC Code": "occupation_id",
            "Related O*NET-SOC Code": "related_id",
            "Relatedness Tier": "tier",
            "Index": "rank",
        }
    )[["occupation_id", "related_id", "tier", "rank"]]
    related = related.astype({"occupation_id": str, "related_id": str, "tier": str, "rank": int})
    unknown = set(related["related_id"]) - set(occ.index)
    if unknown:
        raise DataError(
            f"related occupations not in Occupation Data: {sorted(unknown)[:3]}",
            file=onet_dir / "Related Occupations.txt",
            column="Related O*NET-SOC Code",
            expected="codes listed in Occupation Data.txt",
        )

    interests = _optional_ratings(onet_dir, "Interests.txt", "OI")
    work_values = _optional_ratings(onet_dir, "Work Values.txt", "EX")

    esco_occ = esco["occupations"].rename(
        columns={"conceptUri": "esco_id", "iscoGroup": "isco_group", "preferredLabel": "label"}
    )
    esco_occ = pd.DataFrame(
        {
            "label": esco_occ["label"].astype(str).to_numpy(),
            "alt_labels": esco_occ.get("altLabels", pd.Series("", index=esco_occ.index))
            .fillna("")
            .astype(str)
            .to_numpy(),
            "isco_group": esco_occ["isco_group"].astype(str).to_numpy(),
            "description": esco_occ.get("description", pd.Series("", index=esco_occ.index))
            .fillna("")
            .astype(str)
            .to_numpy(),
        },
        index=esco_occ["esco_id"].astype(str).to_numpy(),
    )
    isco = esco["isco_groups"]
    isco_groups = pd.DataFrame(
        {"label": isco["preferredLabel"].astype(str).to_numpy()}, index=isco["code"].astype(str).to_numpy()
    )
    esco_skill_groups = _skill_groups(esco["skill_groups"], esco["skills_hierarchy"])
    collections = read_esco_collections(esco_dir)
    esco_skill_collections = pd.DataFrame(
        {
            "label": collections["preferredLabel"].astype(str).to_numpy(),
            "collection": collections["collection"].to_numpy(),
            "broader_id": collections["broaderConceptUri"]
            .astype(object)
            .map(lambda s: str(s).split(" | ")[0] if isinstance(s, str) and s else None)
            .to_numpy(),
        },
        index=collections["conceptUri"].astype(str).to_numpy(),
    )
    esco_skill_collections = esco_skill_collections[~esco_skill_collections.index.duplicated()]

    occ = occ.join(crosswalk_to_esco(occ["title"], esco_occ, occ["description"]))
    return Taxonomy(
        occupations=occ,
        skills=skills,
        occupation_skills=occupation_skills,
        related=related.reset_index(drop=True),
        education=edu.reset_index(drop=True),
        education_categories=onet["education_categories"].rename(
            columns={
                "Element ID": "element_id",
                "Scale ID": "scale",
                "Category": "category",
                "Category Description": "description",
            }
        )[["element_id", "scale", "category", "description"]],
        job_zone_reference=onet["job_zone_reference"],
        interests=interests.reindex(columns=[c for c in RIASEC if c in interests.columns]),
        work_values=work_values,
        esco_occupations=esco_occ,
        isco_groups=isco_groups[~isco_groups.index.duplicated()],
        esco_skill_groups=esco_skill_groups,
        esco_skill_collections=esco_skill_collections,
        source={"onet": str(onet_dir), "esco": str(esco_dir)},
    )


def _optional_ratings(folder: Path, filename: str, scale: str) -> pd.DataFrame:
    """A rating table when the file is there; an empty frame otherwise (its features become missing)."""
    if not (folder / filename).exists():
        return pd.DataFrame(dtype=float)
    return read_onet_ratings(folder, filename, scale)


def _skill_groups(groups: pd.DataFrame, hierarchy: pd.DataFrame) -> pd.DataFrame:
    """ESCO skill groups with the broader group each sits under (from the skills hierarchy)."""
    broader: dict[str, str] = {}
    levels = [f"Level {i} URI" for i in range(4)]
    present = [c for c in levels if c in hierarchy.columns]
    for _, row in hierarchy[present].iterrows():
        chain = [str(row[c]) for c in present if isinstance(row[c], str) and row[c]]
        for child, parent in zip(chain[1:], chain[:-1], strict=False):
            broader.setdefault(child, parent)
    frame = pd.DataFrame(
        {"label": groups["preferredLabel"].astype(str).to_numpy()},
        index=groups["conceptUri"].astype(str).to_numpy(),
    )
    frame = frame[~frame.index.duplicated()]
    frame["broader_id"] = [broader.get(uri) for uri in frame.index]
    return frame
