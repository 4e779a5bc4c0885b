"""Employment population scoring for ``civic score employment``: one Parquet row per job seeker.

The population schema (:data:`SCHEMA`): the seeker's current occupation (an O*NET-SOC code of the
model's taxonomy), education (O*NET RL category 1-12), the technology skills they list (a Parquet
list of strings, read as one flat array plus offsets: no per-seeker Python) and the job-zone
preference (how many job zones above the current occupation a recommendation may be; -1 = no limit).
Free text ("about") is left out of the national schema: the text features then come from the
seeker's occupation, as :meth:`~sectors.employment.recommender.JobRecommender.seeker_profiles` does
for a seeker who wrote none.

:func:`score` ranks every other occupation for every seeker (the preference filters first; ties go
to the occupation whose skills the seeker covers more, as ``recommend`` does) and returns:

- ``top``: seeker_id (int64), rank (int8), item_id (categorical O*NET-SOC code), score (float32);
- ``occupations``: per occupation, how often it is recommended first and in the top ``k``;
- ``summary``: seekers and candidate pairs of the partition.

Example:
    >>> frame = synthetic(0, 50, seed=1)
    >>> list(frame.columns), len(frame)
    (['seeker_id', 'occupation', 'education', 'max_zone_step', 'skills'], 50)
    >>> tables = score(load_model(None), frame, k=3)
    >>> sorted(tables), int(tables["top"]["rank"].max())
    (['occupations', 'summary', 'top'], 3)
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from sectors.employment.features import OccupationSpace, Profiles, features_frame
from sectors.employment.recommender import JobRecommender
from sectors.employment.taxonomy import skill_id
from shared.errors import DataError
from shared.scale import population as scale
from shared.seeding import resolve_seed

#: The population schema: name -> "type: meaning".
SCHEMA: dict[str, str] = {
    "seeker_id": "int64: the seeker's id",
    "occupation": "string: current occupation, an O*NET-SOC code of the model's taxonomy (e.g. 15-1252.00)",
    "education": "int8: O*NET Required Level of Education category, 1-12",
    "max_zone_step": "int8: job zones above the current occupation's a recommendation may be; -1 = no limit",
    "skills": "list<string>: technology skills the seeker lists (O*NET names; unknown names are ignored)",
}
#: Seekers scored against every occupation at once (bounds the pair-feature matrices).
BLOCK = 2_000


def _flat_skills(column: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """(offsets, flat names) of a list-of-strings column (Arrow-backed or an object column of lists)."""
    if isinstance(column.dtype, pd.ArrowDtype):
        import pyarrow as pa

        array = pa.chunked_array(column.array._pa_array).combine_chunks()  # noqa: SLF001 - pandas' Arrow data
        offsets = array.offsets.to_numpy().astype(np.int64) - int(array.offsets[0].as_py())
        return offsets, np.asarray(array.flatten().to_numpy(zero_copy_only=False), dtype=object)
    values = column.to_numpy(dtype=object)
    lengths = np.fromiter((0 if v is None else len(v) for v in values), dtype=np.int64, count=len(values))
    offsets = np.concatenate([[0], np.cumsum(lengths)])
    flat = [x for v in values if v is not None for x in v]
    return offsets, np.asarray(flat, dtype=object)


def skill_rows(space: OccupationSpace, column: pd.Series) -> sp.csr_matrix:
    """Seekers x skill vocabulary (binary), one name lookup per distinct skill name."""
    offsets, names = _flat_skills(column)
    codes, distinct = pd.factorize(names)
    lookup = space.skill_lookup
    where = np.array([lookup.get(skill_id(str(n)), -1) for n in distinct], dtype=np.int64)[codes]
    rows = np.repeat(np.arange(len(column)), np.diff(offsets))
    known = where >= 0
    matrix = sp.csr_matrix(
        (np.ones(int(known.sum()), dtype=np.float32), (rows[known], where[known])),
        shape=(len(column), len(space.skill_ids_)),
    )
    matrix.sum_duplicates()
    matrix.data[:] = 1.0
    return matrix


def seeker_profiles(model: JobRecommender, frame: pd.DataFrame) -> Profiles:
    """Schema rows as query profiles: the occupation's text and data, the seeker's skills and education.

    The occupation part is built once per distinct occupation (what ``seeker_profiles`` computes for a
    seeker without free text), then gathered.
    """
    space = model.space_
    occupation = frame["occupation"].astype(str).to_numpy(dtype=object)
    codes, distinct = pd.factorize(occupation)
    space.rows_of(distinct)  # DataError naming the first unknown code
    positions = [space.code_lookup[c] for c in distinct]
    base = space.custom_profiles(
        list(distinct),
        titles=[space.titles_[p] for p in positions],
        texts=[space.descriptions_[p] for p in positions],
        skills=[[] for _ in positions],
        occupations=list(distinct),
    ).take(codes)
    education = frame["education"].to_numpy(dtype=np.float64)
    if ((education < 1) | (education > 12)).any():
        raise DataError("an education category outside 1-12", column="education", expected="1..12")
    numeric = base.numeric.copy()
    numeric[:, 1] = education
    skills = skill_rows(space, frame["skills"])
    return dataclasses.replace(
        base,
        ids=[str(i) for i in frame["seeker_id"].tolist()],
        skills=skills,
        commodities=space._commodities(skills),  # noqa: SLF001 - the space's own skill-family mapping
        numeric=numeric,
    )


def synthetic(start: int, rows: int, seed: int | None = None) -> pd.DataFrame:
    """``rows`` synthetic seekers numbered from ``start``: an occupation of the bundled O*NET sample, part of
    its technology skills (and sometimes one from elsewhere), an education near the occupation's."""
    from sectors.employment.demo import demo_model

    space = demo_model().space_
    g = np.random.default_rng([resolve_seed(seed), int(start)])
    n = int(rows)
    counts = np.diff(space.occ_skills.indptr)
    usable = np.flatnonzero(counts > 0)
    occ = usable[g.integers(0, len(usable), n)]
    education = np.clip(
        np.rint(np.nan_to_num(space.numeric_table_[occ, 1], nan=4.0) + g.normal(0, 1, n)), 1, 12
    )
    # each seeker lists up to 8 of the occupation's skills (each kept with probability 0.6) and,
    # one time in four, one skill from anywhere in the vocabulary
    indptr, indices = space.occ_skills.indptr, space.occ_skills.indices
    slots = np.arange(8)[None, :]
    have = slots < np.minimum(counts[occ], 8)[:, None]
    pick = have & (g.random((n, 8)) < 0.6)
    picked = indices[np.minimum(indptr[occ][:, None] + slots, len(indices) - 1)]
    extra = g.random(n) < 0.25
    cols = np.concatenate([picked[pick], g.integers(0, len(space.skill_names_), int(extra.sum()))])
    owner = np.concatenate([np.nonzero(pick)[0], np.flatnonzero(extra)])
    order = np.argsort(owner, kind="stable")
    names = np.asarray(space.skill_names_, dtype=object)[cols[order]]
    offsets = np.concatenate([[0], np.cumsum(np.bincount(owner, minlength=n))])
    skills = [list(names[offsets[i] : offsets[i + 1]]) for i in range(n)]
    step = np.where(g.random(n) < 0.7, -1, g.integers(0, 3, n)).astype(np.int8)
    return pd.DataFrame(
        {
            "seeker_id": np.arange(start, start + n, dtype=np.int64),
            "occupation": np.asarray(space.codes_, dtype=object)[occ],
            "education": education.astype(np.int8),
            "max_zone_step": step,
            "skills": skills,
        }
    )


def load_model(folder: str | Path | None = None) -> JobRecommender:
    """The stored JobRecommender in ``folder``, or :func:`sectors.employment.demo.demo_model`."""
    if folder is None:
        from sectors.employment.demo import demo_model

        return demo_model()
    from shared.store import load

    model = load(folder)
    if not isinstance(model, JobRecommender):
        raise DataError(f"holds a {type(model).__name__}, not a JobRecommender", file=str(folder))
    return model


def _block_top(
    model: JobRecommender, queries: Profiles, cands: Profiles, step: np.ndarray, k: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, int]:
    """(seeker row, candidate column, score) of the top ``k`` of one block, and its candidate pairs."""
    feats = model.space_.pair_features(queries, cands)
    q, c = len(queries), len(cands)
    own = queries.soc[:, None] == np.asarray(cands.soc, dtype=object)[None, :]
    zone_q = queries.numeric[:, 0][:, None]
    zone_c = cands.numeric[:, 0][None, :]
    limit = (step >= 0)[:, None] & ~np.isnan(zone_q)
    allowed = ~own & ~(limit & ~np.isnan(zone_c) & (zone_c > zone_q + step[:, None]))
    rows, cols = np.nonzero(allowed)
    flat = rows * c + cols
    X = features_frame(feats, flat)[list(model.features_)]
    scores = model.ranker_.predict(X) if len(flat) else np.zeros(0)
    coverage = feats["skill_coverage"].reshape(-1)[flat]
    order = np.lexsort((cols, -coverage, -scores, rows))
    rows, cols, scores = rows[order], cols[order], scores[order]
    starts = np.searchsorted(rows, np.arange(q))
    position = np.arange(len(rows)) - starts[rows]
    keep = position < k
    return rows[keep], cols[keep], scores[keep], len(flat)


def score(model: JobRecommender, frame: pd.DataFrame, k: int = 10) -> dict[str, pd.DataFrame]:
    """The output tables of one partition of schema rows (see the module docstring)."""
    model._check_fitted()
    queries = seeker_profiles(model, frame)
    cands = model.space_.occupation_profiles()
    step = frame["max_zone_step"].to_numpy(dtype=np.int64)
    ids = frame["seeker_id"].to_numpy(dtype=np.int64)
    parts, pairs = [], 0
    for a in range(0, len(frame), BLOCK):
        b = min(a + BLOCK, len(frame))
        rows, cols, scores, n = _block_top(model, queries.take(np.arange(a, b)), cands, step[a:b], k)
        pairs += n
        parts.append((rows + a, cols, scores))
    rows = np.concatenate([p[0] for p in parts]) if parts else np.zeros(0, np.int64)
    cols = np.concatenate([p[1] for p in parts]) if parts else np.zeros(0, np.int64)
    scores = np.concatenate([p[2] for p in parts]) if parts else np.zeros(0)
    starts = np.searchsorted(rows, np.arange(len(frame)))
    rank = np.arange(len(rows)) - starts[rows] + 1
    occupations = pd.CategoricalDtype(list(cands.ids))
    top = pd.DataFrame(
        {
            "seeker_id": ids[rows],
            "rank": rank.astype(np.int8),
            "item_id": pd.Categorical.from_codes(cols.astype(np.int32), dtype=occupations),
            "score": scores.astype(np.float32),
        }
    )
    n_occ = len(cands.ids)
    table = pd.DataFrame(
        {
            "item_id": pd.Categorical(list(cands.ids), dtype=occupations),
            "first": np.bincount(cols[rank == 1], minlength=n_occ).astype(np.int64),
            "top_k": np.bincount(cols, minlength=n_occ).astype(np.int64),
        }
    )
    summary = pd.DataFrame({"seekers": [len(frame)], "candidate_pairs": [pairs]})
    return {"top": top, "occupations": table, "summary": summary}


def score_partition(index: int, **kwargs: Any) -> dict[str, pd.DataFrame]:
    """The ``civic score employment`` task: partition ``index`` made or read, then scored (see shared.scale.population)."""
    return scale.score_partition(
        index, synthetic=synthetic, load_model=load_model, score=score, schema=SCHEMA, **kwargs
    )
