"""Pair features between a query (an occupation or a job seeker) and candidates (occupations or listings).

:class:`OccupationSpace` is fitted once on the taxonomy. It turns occupations, seekers and listings
into :class:`Profiles` (text vectors, skill sets, job zone, education, interests, codes) and
computes, for every (query, candidate) pair, the features the learned ranker reads:
text similarity (TF-IDF, latent semantic, titles, ESCO text), skill overlap (Jaccard, coverage,
IDF-weighted cosine, on tools and on their UNSPSC commodities), job-zone and education distance,
interest and work-value similarity, and how much of the two occupation codes (SOC, ISCO-08) agree.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from threadpoolctl import threadpool_limits

from sectors.employment.taxonomy import RIASEC, Taxonomy, skill_id

NUMERIC = (
    "job_zone",
    "education_level",
    "experience_months",
    "job_training_months",
    "certification_importance",
)

#: Feature names in the order the ranker sees them, with words for the reasons shown to users.
FEATURE_LABELS: dict[str, tuple[str, str]] = {
    "text_cos": ("직무 설명 유사도", "job description similarity"),
    "text_rank": ("직무 설명 유사도 순위", "rank by description similarity"),
    "lsa_cos": ("직무 의미 유사도", "latent meaning similarity"),
    "lsa_rank": ("직무 의미 유사도 순위", "rank by latent similarity"),
    "title_cos": ("직무명 유사도", "job title similarity"),
    "esco_cos": ("ESCO 직업 설명 유사도", "ESCO description similarity"),
    "skill_jaccard": ("기술 자카드 유사도", "skill Jaccard overlap"),
    "skill_idf_cos": ("희소 기술 가중 유사도", "rare-skill weighted overlap"),
    "skill_coverage": ("요구 기술 보유율", "share of required skills held"),
    "commodity_jaccard": ("기술 분야 자카드 유사도", "skill-family overlap"),
    "commodity_coverage": ("요구 기술 분야 보유율", "share of required skill families held"),
    "shared_skills": ("공통 기술 수", "skills in common"),
    "candidate_skills": ("요구 기술 수", "skills the job lists"),
    "zone_query": ("현재 직무 준비 수준", "current job zone"),
    "zone_candidate": ("일자리 준비 수준", "job zone of the job"),
    "zone_diff": ("준비 수준 차이", "job zone step"),
    "education_diff": ("학력 요건 차이", "education step"),
    "experience_diff": ("경력 요건 차이(개월)", "experience step (months)"),
    "training_diff": ("현장 훈련 기간 차이(개월)", "on-the-job training step (months)"),
    "certification": ("자격증 중요도", "certification importance"),
    "interest_cos": ("흥미 유형 유사도", "interest profile similarity"),
    "interest_dist": ("흥미 유형 거리", "interest profile distance"),
    "same_interest": ("같은 대표 흥미 유형", "same leading interest"),
    "values_dist": ("직업 가치 거리", "work values distance"),
    "soc_shared": ("직업 분류 일치 자릿수", "SOC code levels in common"),
    "isco_shared": ("ISCO 분류 일치 자릿수", "ISCO-08 levels in common"),
}
FEATURES: tuple[str, ...] = tuple(FEATURE_LABELS)

#: Features that can only raise a match when they grow (LightGBM monotone constraints). Learning one of
#: the target's skills raises every one of them and changes no other feature, so a course can never
#: lower the match score (there is deliberately no "rank by skill overlap" feature, which could).
MONOTONE_UP = (
    "skill_jaccard",
    "skill_idf_cos",
    "skill_coverage",
    "commodity_jaccard",
    "commodity_coverage",
    "shared_skills",
)


@dataclass
class Profiles:
    """N occupations, seekers or listings in the coordinates of an :class:`OccupationSpace`."""

    ids: list[str]
    text: sp.csr_matrix
    title: sp.csr_matrix
    esco: sp.csr_matrix
    lsa: np.ndarray
    skills: sp.csr_matrix
    commodities: sp.csr_matrix
    numeric: np.ndarray  # N x len(NUMERIC), NaN when unknown
    interests: np.ndarray  # N x 6, NaN when unknown
    values: np.ndarray  # N x k, NaN when unknown
    soc: np.ndarray  # O*NET-SOC code or ""
    isco: np.ndarray  # ISCO-08 4-digit code or ""

    def __len__(self) -> int:
        return len(self.ids)

    def take(self, rows: Sequence[int] | np.ndarray) -> Profiles:
        """The profiles at ``rows``."""
        rows = np.asarray(rows, dtype=int)
        return Profiles(
            ids=[self.ids[i] for i in rows],
            text=self.text[rows],
            title=self.title[rows],
            esco=self.esco[rows],
            lsa=self.lsa[rows],
            skills=self.skills[rows],
            commodities=self.commodities[rows],
            numeric=self.numeric[rows],
            interests=self.interests[rows],
            values=self.values[rows],
            soc=self.soc[rows],
            isco=self.isco[rows],
        )


def _row_normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return np.divide(matrix, norms, out=np.zeros_like(matrix), where=norms > 0)


def _centre(matrix: np.ndarray) -> np.ndarray:
    """Subtract each row's mean over its known values (rows with none stay NaN, without a warning)."""
    known = ~np.isnan(matrix)
    counts = known.sum(axis=1, keepdims=True)
    means = np.where(known, matrix, 0.0).sum(axis=1, keepdims=True) / np.maximum(counts, 1)
    return matrix - means


def _shared_prefix(a: np.ndarray, b: np.ndarray, cuts: Sequence[int]) -> np.ndarray:
    """How many of the code prefixes ``cuts`` agree (0 when either code is unknown)."""
    out = np.zeros((len(a), len(b)), dtype=np.float32)
    known = (np.char.str_len(a.astype(str))[:, None] > 0) & (np.char.str_len(b.astype(str))[None, :] > 0)
    for cut in cuts:
        pa = np.array([s[:cut] for s in a.astype(str)])
        pb = np.array([s[:cut] for s in b.astype(str)])
        out += (pa[:, None] == pb[None, :]) & known
    return out


def catalogue_ranks(scores: np.ndarray, reference: np.ndarray) -> np.ndarray:
    """Where each candidate's score would rank among the query's scores for the whole occupation catalogue.

    Ranking against the catalogue (not against whatever candidates happen to be scored) keeps the
    feature on one scale whether the candidates are 1,016 occupations, 200 listings or one target.

    Example:
        >>> catalogue_ranks(np.array([[0.9, 0.1]]), np.array([[0.5, 0.2, 0.95]])).tolist()
        [[2.0, 4.0]]
    """
    out = np.empty(scores.shape, dtype=np.float32)
    n = reference.shape[1]
    for i in range(scores.shape[0]):
        ordered = np.sort(reference[i])
        out[i] = 1 + n - np.searchsorted(ordered, scores[i], side="right")
    return out


class OccupationSpace:
    """Text, skill and occupation coordinates fitted on a :class:`Taxonomy`.

    ``occupation_profiles()`` gives every occupation's profile; ``seeker_profile`` and
    ``listing_profiles`` place seekers and listings in the same space (a listing without an
    O*NET code is assigned the occupation whose text it is closest to).
    """

    def __init__(self, *, lsa_components: int = 128, seed: int = 0) -> None:
        self.lsa_components = lsa_components
        self.seed = seed

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, taxonomy: Taxonomy) -> OccupationSpace:
        """Fit the vectorizers and keep the occupation tables the profiles need."""
        occ = taxonomy.occupations
        self.codes = list(occ.index)
        self.titles = occ["title"].astype(str).tolist()
        self.descriptions = occ["description"].astype(str).tolist()
        esco = taxonomy.esco_occupations
        self.esco_texts = [
            _esco_text(esco, uri) if isinstance(uri, str) and uri in esco.index else ""
            for uri in occ["esco_id"].tolist()
        ]
        self.isco_codes = occ["isco_group"].fillna("").astype(str).tolist()
        self.numeric_table = occ.reindex(columns=list(NUMERIC)).astype(float).to_numpy()
        self.interest_table = (
            taxonomy.interests.reindex(index=self.codes, columns=list(RIASEC)).astype(float).to_numpy()
        )
        self.value_columns = sorted(taxonomy.work_values.columns)
        self.value_table = (
            taxonomy.work_values.reindex(index=self.codes, columns=self.value_columns)
            .astype(float)
            .to_numpy()
            if self.value_columns
            else np.full((len(self.codes), 1), np.nan)
        )

        self.skill_ids = list(taxonomy.skills.index)
        self.skill_names = taxonomy.skills["name"].astype(str).tolist()
        self.skill_commodity = taxonomy.skills["commodity_id"].astype(str).tolist()
        self.commodity_ids = sorted(set(self.skill_commodity))
        self.commodity_titles = (
            taxonomy.skills.drop_duplicates("commodity_id")
            .set_index("commodity_id")["commodity_title"]
            .reindex(self.commodity_ids)
            .astype(str)
            .tolist()
        )
        os_ = taxonomy.occupation_skills
        code_pos = {c: i for i, c in enumerate(self.codes)}
        skill_pos = {s: i for i, s in enumerate(self.skill_ids)}
        keep = os_["occupation_id"].isin(code_pos) & os_["skill_id"].isin(skill_pos)
        self.occ_skill_rows = os_.loc[keep, "occupation_id"].map(code_pos).to_numpy(dtype=np.int64)
        self.occ_skill_cols = os_.loc[keep, "skill_id"].map(skill_pos).to_numpy(dtype=np.int64)
        self.occ_skill_hot = os_.loc[keep, "hot"].to_numpy(dtype=bool)
        self.occ_skill_demand = os_.loc[keep, "in_demand"].to_numpy(dtype=bool)
        self._build()
        return self

    def _build(self) -> None:
        """Fit (or refit, after loading) everything derived from the stored tables."""
        texts = [f"{t} {d}" for t, d in zip(self.titles, self.descriptions, strict=True)]
        self.text_vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        self.occ_text = self.text_vectorizer.fit_transform(texts).tocsr()
        self.title_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self.occ_title = self.title_vectorizer.fit_transform([t.lower() for t in self.titles]).tocsr()
        self.esco_vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        self.occ_esco = self.esco_vectorizer.fit_transform(
            [f"{t} {e}" for t, e in zip(self.titles, self.esco_texts, strict=True)]
        ).tocsr()
        n_comp = max(2, min(self.lsa_components, self.occ_text.shape[1] - 1, len(self.codes) - 1))
        self.svd = TruncatedSVD(n_components=n_comp, random_state=self.seed, algorithm="randomized", n_iter=7)
        with threadpool_limits(limits=1):  # small dense algebra: extra BLAS threads only contend
            self.occ_lsa = _row_normalise(self.svd.fit_transform(self.occ_text))

        n_occ, n_skill = len(self.codes), len(self.skill_ids)
        self.occ_skills = sp.csr_matrix(
            (np.ones(len(self.occ_skill_rows), dtype=np.float32), (self.occ_skill_rows, self.occ_skill_cols)),
            shape=(n_occ, n_skill),
        )
        self.occ_skills.data[:] = 1.0
        df = np.asarray((self.occ_skills > 0).sum(axis=0)).ravel()
        self.skill_idf = np.log((1 + n_occ) / (1 + df)).astype(np.float32) + 1.0
        com_pos = {c: i for i, c in enumerate(self.commodity_ids)}
        self.skill_to_commodity = sp.csr_matrix(
            (
                np.ones(n_skill, dtype=np.float32),
                (np.arange(n_skill), [com_pos[c] for c in self.skill_commodity]),
            ),
            shape=(n_skill, len(self.commodity_ids)),
        )
        self.skill_lookup = {sid: i for i, sid in enumerate(self.skill_ids)}
        self.code_lookup = {c: i for i, c in enumerate(self.codes)}

    # -- profiles ------------------------------------------------------------------------------
    def occupation_profiles(self, codes: Iterable[str] | None = None) -> Profiles:
        """Profiles of the occupations ``codes`` (all by default), from their O*NET data."""
        rows = np.arange(len(self.codes)) if codes is None else np.array([self.code_lookup[c] for c in codes])
        skills = self.occ_skills[rows]
        return Profiles(
            ids=[self.codes[i] for i in rows],
            text=self.occ_text[rows],
            title=self.occ_title[rows],
            esco=self.occ_esco[rows],
            lsa=self.occ_lsa[rows],
            skills=skills,
            commodities=self._commodities(skills),
            numeric=self.numeric_table[rows],
            interests=self.interest_table[rows],
            values=self.value_table[rows],
            soc=np.array([self.codes[i] for i in rows], dtype=object).astype(str),
            isco=np.array([self.isco_codes[i] for i in rows]).astype(str),
        )

    def _commodities(self, skills: sp.csr_matrix) -> sp.csr_matrix:
        com = (skills @ self.skill_to_commodity).tocsr()
        com.data[:] = 1.0
        return com

    def skill_matrix(self, skill_lists: Sequence[Iterable[str]]) -> sp.csr_matrix:
        """Binary rows over the skill vocabulary; unknown skill names are ignored (see :meth:`known_skills`)."""
        rows, cols = [], []
        for r, names in enumerate(skill_lists):
            for name in names:
                pos = self.skill_lookup.get(skill_id(name))
                if pos is not None:
                    rows.append(r)
                    cols.append(pos)
        data = np.ones(len(rows), dtype=np.float32)
        matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(skill_lists), len(self.skill_ids)))
        matrix.data[:] = 1.0
        return matrix

    def known_skills(self, names: Iterable[str]) -> list[str]:
        """The canonical names of those of ``names`` that the taxonomy knows."""
        out = []
        for name in names:
            pos = self.skill_lookup.get(skill_id(name))
            if pos is not None:
                out.append(self.skill_names[pos])
        return out

    def nearest_occupations(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The occupation whose title and description each text is closest to, with the cosine."""
        matrix = self.text_vectorizer.transform(list(texts))
        sims = (matrix @ self.occ_text.T).toarray() + 0.5 * (
            self.title_vectorizer.transform([t.lower() for t in texts]) @ self.occ_title.T
        ).toarray()
        best = sims.argmax(axis=1)
        return [self.codes[i] for i in best], sims[np.arange(len(best)), best]

    def custom_profiles(
        self,
        ids: Sequence[str],
        *,
        titles: Sequence[str],
        texts: Sequence[str],
        skills: Sequence[Iterable[str]],
        occupations: Sequence[str | None],
        job_zones: Sequence[float | None] | None = None,
        education_levels: Sequence[float | None] | None = None,
    ) -> Profiles:
        """Profiles of seekers or listings: their own text and skills, occupation data from ``occupations``.

        An occupation of None is inferred from the text (:meth:`nearest_occupations`). Job zone and
        education, when given, override the occupation's.
        """
        occupations = list(occupations)
        missing = [i for i, c in enumerate(occupations) if not c or c not in self.code_lookup]
        if missing:
            guessed, _ = self.nearest_occupations([f"{titles[i]} {texts[i]}" for i in missing])
            for i, code in zip(missing, guessed, strict=True):
                occupations[i] = code
        rows = np.array([self.code_lookup[c] for c in occupations])
        numeric = self.numeric_table[rows].copy()
        if job_zones is not None:
            for i, z in enumerate(job_zones):
                if z is not None and not pd.isna(z):
                    numeric[i, 0] = float(z)
        if education_levels is not None:
            for i, e in enumerate(education_levels):
                if e is not None and not pd.isna(e):
                    numeric[i, 1] = float(e)
        full = [f"{t} {x}" for t, x in zip(titles, texts, strict=True)]
        text = self.text_vectorizer.transform(full).tocsr()
        skill_m = self.skill_matrix(skills)
        return Profiles(
            ids=list(ids),
            text=text,
            title=self.title_vectorizer.transform([t.lower() for t in titles]).tocsr(),
            esco=self.occ_esco[rows],
            lsa=_row_normalise(self.svd.transform(text)),
            skills=skill_m,
            commodities=self._commodities(skill_m),
            numeric=numeric,
            interests=self.interest_table[rows],
            values=self.value_table[rows],
            soc=np.array(occupations, dtype=object).astype(str),
            isco=np.array([self.isco_codes[r] for r in rows]).astype(str),
        )

    # -- pair features ---------------------------------------------------------------------------
    def pair_features(self, queries: Profiles, candidates: Profiles) -> dict[str, np.ndarray]:
        """Every feature of :data:`FEATURES` as a (queries x candidates) float32 matrix."""
        f: dict[str, np.ndarray] = {}
        f["text_cos"] = (queries.text @ candidates.text.T).toarray().astype(np.float32)
        f["text_rank"] = catalogue_ranks(f["text_cos"], (queries.text @ self.occ_text.T).toarray())
        f["lsa_cos"] = (queries.lsa @ candidates.lsa.T).astype(np.float32)
        f["lsa_rank"] = catalogue_ranks(f["lsa_cos"], queries.lsa @ self.occ_lsa.T)
        f["title_cos"] = (queries.title @ candidates.title.T).toarray().astype(np.float32)
        f["esco_cos"] = (queries.esco @ candidates.esco.T).toarray().astype(np.float32)

        qs, cs = queries.skills, candidates.skills
        shared = (qs @ cs.T).toarray().astype(np.float32)
        nq = np.asarray(qs.sum(axis=1)).ravel().astype(np.float32)
        nc = np.asarray(cs.sum(axis=1)).ravel().astype(np.float32)
        union = nq[:, None] + nc[None, :] - shared
        f["skill_jaccard"] = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        weighted_q = qs.multiply(self.skill_idf[None, :]).tocsr()
        weighted_c = cs.multiply(self.skill_idf[None, :]).tocsr()
        num = (weighted_q @ weighted_c.T).toarray().astype(np.float32)
        norm_q = np.sqrt(np.asarray(weighted_q.multiply(weighted_q).sum(axis=1)).ravel())
        norm_c = np.sqrt(np.asarray(weighted_c.multiply(weighted_c).sum(axis=1)).ravel())
        denom = (norm_q[:, None] * norm_c[None, :]).astype(np.float32)
        f["skill_idf_cos"] = np.divide(num, denom, out=np.zeros_like(num), where=denom > 0)
        f["skill_coverage"] = np.divide(
            shared,
            nc[None, :],
            out=np.zeros_like(shared),
            where=(nc[None, :] > 0) & np.ones_like(shared, dtype=bool),
        )
        qc, cc = queries.commodities, candidates.commodities
        shared_c = (qc @ cc.T).toarray().astype(np.float32)
        nqc = np.asarray(qc.sum(axis=1)).ravel().astype(np.float32)
        ncc = np.asarray(cc.sum(axis=1)).ravel().astype(np.float32)
        union_c = nqc[:, None] + ncc[None, :] - shared_c
        f["commodity_jaccard"] = np.divide(shared_c, union_c, out=np.zeros_like(shared_c), where=union_c > 0)
        f["commodity_coverage"] = np.divide(
            shared_c,
            np.broadcast_to(ncc[None, :], shared_c.shape),
            out=np.zeros_like(shared_c),
            where=np.broadcast_to(ncc[None, :] > 0, shared_c.shape),
        )
        f["shared_skills"] = shared
        f["candidate_skills"] = np.broadcast_to(np.log1p(nc)[None, :], shared.shape).astype(np.float32)

        qn, cn = queries.numeric.astype(np.float32), candidates.numeric.astype(np.float32)
        f["zone_query"] = np.broadcast_to(qn[:, [0]], shared.shape).astype(np.float32)
        f["zone_candidate"] = np.broadcast_to(cn[None, :, 0], shared.shape).astype(np.float32)
        f["zone_diff"] = cn[None, :, 0] - qn[:, [0]]
        f["education_diff"] = cn[None, :, 1] - qn[:, [1]]
        f["experience_diff"] = cn[None, :, 2] - qn[:, [2]]
        f["training_diff"] = cn[None, :, 3] - qn[:, [3]]
        f["certification"] = np.broadcast_to(cn[None, :, 4], shared.shape).astype(np.float32)

        qi, ci = queries.interests.astype(np.float32), candidates.interests.astype(np.float32)
        qi_c, ci_c = _centre(qi), _centre(ci)
        f["interest_cos"] = (
            _row_normalise(np.nan_to_num(qi_c)) @ _row_normalise(np.nan_to_num(ci_c)).T
        ).astype(np.float32)
        f["interest_dist"] = np.sqrt(((qi[:, None, :] - ci[None, :, :]) ** 2).sum(axis=2)).astype(np.float32)
        lead_q = np.where(np.isnan(qi).all(axis=1), -1, np.nanargmax(np.nan_to_num(qi, nan=-1.0), axis=1))
        lead_c = np.where(np.isnan(ci).all(axis=1), -2, np.nanargmax(np.nan_to_num(ci, nan=-1.0), axis=1))
        f["same_interest"] = (lead_q[:, None] == lead_c[None, :]).astype(np.float32)
        unknown = np.isnan(qi).all(axis=1)[:, None] | np.isnan(ci).all(axis=1)[None, :]
        for name in ("interest_cos", "interest_dist", "same_interest"):
            f[name] = np.where(unknown, np.nan, f[name]).astype(np.float32)
        qv, cv = queries.values.astype(np.float32), candidates.values.astype(np.float32)
        f["values_dist"] = np.sqrt(((qv[:, None, :] - cv[None, :, :]) ** 2).sum(axis=2)).astype(np.float32)

        f["soc_shared"] = _shared_prefix(queries.soc, candidates.soc, (2, 4, 6, 7))
        f["isco_shared"] = _shared_prefix(queries.isco, candidates.isco, (1, 2, 3, 4))
        return {name: np.ascontiguousarray(f[name], dtype=np.float32) for name in FEATURES}

    # -- storage -------------------------------------------------------------------------------
    def to_parts(self) -> tuple[dict[str, Any], dict[str, np.ndarray]]:
        """JSON params and numpy arrays from which :meth:`from_parts` rebuilds an identical space."""
        params = {
            "lsa_components": self.lsa_components,
            "seed": self.seed,
            "codes": self.codes,
            "titles": self.titles,
            "descriptions": self.descriptions,
            "esco_texts": self.esco_texts,
            "isco_codes": self.isco_codes,
            "value_columns": self.value_columns,
            "skill_ids": self.skill_ids,
            "skill_names": self.skill_names,
            "skill_commodity": self.skill_commodity,
            "commodity_ids": self.commodity_ids,
            "commodity_titles": self.commodity_titles,
        }
        arrays = {
            "numeric_table": self.numeric_table,
            "interest_table": self.interest_table,
            "value_table": self.value_table,
            "occ_skill_rows": self.occ_skill_rows,
            "occ_skill_cols": self.occ_skill_cols,
            "occ_skill_hot": self.occ_skill_hot,
            "occ_skill_demand": self.occ_skill_demand,
        }
        return params, arrays

    @classmethod
    def from_parts(cls, params: dict[str, Any], arrays: dict[str, np.ndarray]) -> OccupationSpace:
        """Rebuild a space saved with :meth:`to_parts` (the vectorizers are refitted deterministically)."""
        space = cls(lsa_components=params["lsa_components"], seed=params["seed"])
        for key in (
            "codes",
            "titles",
            "descriptions",
            "esco_texts",
            "isco_codes",
            "value_columns",
            "skill_ids",
            "skill_names",
            "skill_commodity",
            "commodity_ids",
            "commodity_titles",
        ):
            setattr(space, key, list(params[key]))
        for key, value in arrays.items():
            setattr(space, key, np.asarray(value))
        space._build()
        return space


def _esco_text(esco: pd.DataFrame, uri: str) -> str:
    row = esco.loc[uri]
    return " ".join(str(x) for x in (row["label"], row["alt_labels"].replace("\n", " "), row["description"]))


def features_frame(features: dict[str, np.ndarray], rows: np.ndarray | None = None) -> pd.DataFrame:
    """Flatten (queries x candidates) feature matrices into one row per pair, query-major."""
    data = {}
    for name in FEATURES:
        flat = features[name].reshape(-1)
        data[name] = flat if rows is None else flat[rows]
    return pd.DataFrame(data)
