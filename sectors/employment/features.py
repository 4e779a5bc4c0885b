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
from shared.errors import DataError
from shared.estimator import Estimator
from shared.store import register

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


@register
class OccupationSpace(Estimator):
    """Text, skill and occupation coordinates fitted on a :class:`Taxonomy`.

    ``occupation_profiles()`` gives every occupation's profile; ``custom_profiles`` places seekers
    and listings in the same space (a listing without an O*NET code is assigned the occupation
    whose text it is closest to); ``pair_features`` compares queries with candidates.

    The fitted state is the taxonomy's tables (``codes_``, ``titles_``, ``numeric_table_``,
    ``occ_skill_rows_`` ...); the TF-IDF vectorizers, the latent (SVD) space and the skill matrices
    are rebuilt from them deterministically after loading (:meth:`_loaded`), so a saved space
    holds plain text and arrays only.

    Example:
        >>> from sectors.employment.taxonomy import BUNDLED, load_taxonomy
        >>> space = OccupationSpace(lsa_components=16).fit(load_taxonomy(BUNDLED))
        >>> feats = space.pair_features(space.occupation_profiles(["15-1252.00"]), space.occupation_profiles())
        >>> float(feats["skill_jaccard"][0, space.code_lookup["15-1252.00"]])
        1.0
    """

    intended_use = (
        "Text, skill and occupation-code coordinates of occupations, the features and similarity search "
        "behind the job recommender."
    )
    limitations = (
        "Only as good as the taxonomy it is fitted on (O*NET or ESCO: US and European occupations, "
        "English texts); Korean titles are matched only through those texts. A feature space, not a "
        "decision."
    )

    store_kind = "sectors.employment.OccupationSpace"
    store_version = 1

    def __init__(self, *, lsa_components: int = 128, seed: int = 0) -> None:
        self.lsa_components = lsa_components
        self.seed = seed

    # -- fitting -----------------------------------------------------------------------------
    def fit(self, taxonomy: Taxonomy) -> OccupationSpace:
        """Fit the vectorizers and keep the occupation tables the profiles need."""
        occ = taxonomy.occupations
        self.codes_ = list(occ.index)
        self.titles_ = occ["title"].astype(str).tolist()
        self.descriptions_ = occ["description"].astype(str).tolist()
        esco = taxonomy.esco_occupations
        self.esco_texts_ = [
            _esco_text(esco, uri) if isinstance(uri, str) and uri in esco.index else ""
            for uri in occ["esco_id"].tolist()
        ]
        self.isco_codes_ = occ["isco_group"].fillna("").astype(str).tolist()
        self.numeric_table_ = occ.reindex(columns=list(NUMERIC)).astype(float).to_numpy()
        self.interest_table_ = (
            taxonomy.interests.reindex(index=self.codes_, columns=list(RIASEC)).astype(float).to_numpy()
        )
        self.value_columns_ = sorted(taxonomy.work_values.columns)
        self.value_table_ = (
            taxonomy.work_values.reindex(index=self.codes_, columns=self.value_columns_)
            .astype(float)
            .to_numpy()
            if self.value_columns_
            else np.full((len(self.codes_), 1), np.nan)
        )

        self.skill_ids_ = list(taxonomy.skills.index)
        self.skill_names_ = taxonomy.skills["name"].astype(str).tolist()
        self.skill_commodity_ = taxonomy.skills["commodity_id"].astype(str).tolist()
        self.commodity_ids_ = sorted(set(self.skill_commodity_))
        self.commodity_titles_ = (
            taxonomy.skills.drop_duplicates("commodity_id")
            .set_index("commodity_id")["commodity_title"]
            .reindex(self.commodity_ids_)
            .astype(str)
            .tolist()
        )
        os_ = taxonomy.occupation_skills
        code_pos = {c: i for i, c in enumerate(self.codes_)}
        skill_pos = {s: i for i, s in enumerate(self.skill_ids_)}
        keep = os_["occupation_id"].isin(code_pos) & os_["skill_id"].isin(skill_pos)
        self.occ_skill_rows_ = os_.loc[keep, "occupation_id"].map(code_pos).to_numpy(dtype=np.int64)
        self.occ_skill_cols_ = os_.loc[keep, "skill_id"].map(skill_pos).to_numpy(dtype=np.int64)
        self.occ_skill_hot_ = os_.loc[keep, "hot"].to_numpy(dtype=bool)
        self.occ_skill_demand_ = os_.loc[keep, "in_demand"].to_numpy(dtype=bool)
        self._loaded()
        return self

    def _loaded(self) -> None:
        """Fit (or refit, after loading) everything derived from the stored tables: vectorizers, SVD, lookups."""
        texts = [f"{t} {d}" for t, d in zip(self.titles_, self.descriptions_, strict=True)]
        self._text_vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        self._occ_text = self._text_vectorizer.fit_transform(texts).tocsr()
        self._title_vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)
        self._occ_title = self._title_vectorizer.fit_transform([t.lower() for t in self.titles_]).tocsr()
        self._esco_vectorizer = TfidfVectorizer(sublinear_tf=True, stop_words="english")
        self._occ_esco = self._esco_vectorizer.fit_transform(
            [f"{t} {e}" for t, e in zip(self.titles_, self.esco_texts_, strict=True)]
        ).tocsr()
        n_comp = max(2, min(self.lsa_components, self._occ_text.shape[1] - 1, len(self.codes_) - 1))
        self._svd = TruncatedSVD(
            n_components=n_comp, random_state=self.seed, algorithm="randomized", n_iter=7
        )
        with threadpool_limits(limits=1):  # small dense algebra: extra BLAS threads only contend
            self._occ_lsa = _row_normalise(self._svd.fit_transform(self._occ_text))

        n_occ, n_skill = len(self.codes_), len(self.skill_ids_)
        self._occ_skills = sp.csr_matrix(
            (
                np.ones(len(self.occ_skill_rows_), dtype=np.float32),
                (self.occ_skill_rows_, self.occ_skill_cols_),
            ),
            shape=(n_occ, n_skill),
        )
        self._occ_skills.data[:] = 1.0
        df = np.asarray((self._occ_skills > 0).sum(axis=0)).ravel()
        self._skill_idf = np.log((1 + n_occ) / (1 + df)).astype(np.float32) + 1.0
        com_pos = {c: i for i, c in enumerate(self.commodity_ids_)}
        self._skill_to_commodity = sp.csr_matrix(
            (
                np.ones(n_skill, dtype=np.float32),
                (np.arange(n_skill), [com_pos[c] for c in self.skill_commodity_]),
            ),
            shape=(n_skill, len(self.commodity_ids_)),
        )
        self._skill_lookup = {sid: i for i, sid in enumerate(self.skill_ids_)}
        self._code_lookup = {c: i for i, c in enumerate(self.codes_)}

    # -- lookups (rebuilt caches, read-only) ------------------------------------------------------
    @property
    def code_lookup(self) -> dict[str, int]:
        """Row of each O*NET-SOC code in the fitted tables."""
        self._check_fitted()
        return self._code_lookup

    @property
    def skill_lookup(self) -> dict[str, int]:
        """Column of each skill id (``tech:<slug>``) in the skill vocabulary."""
        self._check_fitted()
        return self._skill_lookup

    @property
    def occ_skills(self) -> sp.csr_matrix:
        """Occupations x skills, 1 where O*NET lists the technology for the occupation."""
        self._check_fitted()
        return self._occ_skills

    def rows_of(self, codes: Iterable[str]) -> np.ndarray:
        """Rows of ``codes`` in the fitted tables; DataError names the first unknown code."""
        self._check_fitted()
        codes = list(codes)
        unknown = [c for c in codes if c not in self._code_lookup]
        if unknown:
            raise DataError(
                f"unknown occupation {unknown[0]!r}",
                column="occupation_id",
                expected="an O*NET-SOC code of the fitted taxonomy",
            )
        return np.array([self._code_lookup[c] for c in codes], dtype=np.int64)

    def occupation_skill_names(self, code: str, limit: int | None = None) -> list[str]:
        """The occupation's technology skills, the ones employers ask for first.

        Order: O*NET "In Demand", then "Hot Technology", then the most widely used across occupations.
        """
        pos = int(self.rows_of([code])[0])
        mine = self.occ_skill_rows_ == pos
        cols = self.occ_skill_cols_[mine]
        hot = self.occ_skill_hot_[mine]
        demand = self.occ_skill_demand_[mine]
        usage = np.asarray(self._occ_skills[:, cols].sum(axis=0)).ravel()
        order = np.lexsort((-usage, -hot.astype(int), -demand.astype(int)))
        return [self.skill_names_[c] for c in cols[order][:limit]]

    # -- profiles ------------------------------------------------------------------------------
    def occupation_profiles(self, codes: Iterable[str] | None = None) -> Profiles:
        """Profiles of the occupations ``codes`` (all by default), from their O*NET data."""
        self._check_fitted()
        rows = np.arange(len(self.codes_)) if codes is None else self.rows_of(codes)
        skills = self._occ_skills[rows]
        return Profiles(
            ids=[self.codes_[i] for i in rows],
            text=self._occ_text[rows],
            title=self._occ_title[rows],
            esco=self._occ_esco[rows],
            lsa=self._occ_lsa[rows],
            skills=skills,
            commodities=self._commodities(skills),
            numeric=self.numeric_table_[rows],
            interests=self.interest_table_[rows],
            values=self.value_table_[rows],
            soc=np.array([self.codes_[i] for i in rows], dtype=object).astype(str),
            isco=np.array([self.isco_codes_[i] for i in rows]).astype(str),
        )

    def _commodities(self, skills: sp.csr_matrix) -> sp.csr_matrix:
        com = (skills @ self._skill_to_commodity).tocsr()
        com.data[:] = 1.0
        return com

    def skill_matrix(self, skill_lists: Sequence[Iterable[str]]) -> sp.csr_matrix:
        """Binary rows over the skill vocabulary; unknown skill names are ignored (see :meth:`known_skills`)."""
        self._check_fitted()
        rows, cols = [], []
        for r, names in enumerate(skill_lists):
            for name in names:
                pos = self._skill_lookup.get(skill_id(name))
                if pos is not None:
                    rows.append(r)
                    cols.append(pos)
        data = np.ones(len(rows), dtype=np.float32)
        matrix = sp.csr_matrix((data, (rows, cols)), shape=(len(skill_lists), len(self.skill_ids_)))
        matrix.data[:] = 1.0
        return matrix

    def known_skills(self, names: Iterable[str]) -> list[str]:
        """The canonical names of those of ``names`` that the taxonomy knows."""
        out = []
        for name in names:
            pos = self._skill_lookup.get(skill_id(name))
            if pos is not None:
                out.append(self.skill_names_[pos])
        return out

    def nearest_occupations(self, texts: Sequence[str]) -> tuple[list[str], np.ndarray]:
        """The occupation whose title and description each text is closest to, with the cosine."""
        self._check_fitted()
        matrix = self._text_vectorizer.transform(list(texts))
        sims = (matrix @ self._occ_text.T).toarray() + 0.5 * (
            self._title_vectorizer.transform([t.lower() for t in texts]) @ self._occ_title.T
        ).toarray()
        best = sims.argmax(axis=1)
        return [self.codes_[i] for i in best], sims[np.arange(len(best)), best]

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
        self._check_fitted()
        occupations = list(occupations)
        missing = [i for i, c in enumerate(occupations) if not c or c not in self._code_lookup]
        if missing:
            guessed, _ = self.nearest_occupations([f"{titles[i]} {texts[i]}" for i in missing])
            for i, code in zip(missing, guessed, strict=True):
                occupations[i] = code
        rows = np.array([self._code_lookup[c] for c in occupations])
        numeric = self.numeric_table_[rows].copy()
        if job_zones is not None:
            for i, z in enumerate(job_zones):
                if z is not None and not pd.isna(z):
                    numeric[i, 0] = float(z)
        if education_levels is not None:
            for i, e in enumerate(education_levels):
                if e is not None and not pd.isna(e):
                    numeric[i, 1] = float(e)
        full = [f"{t} {x}" for t, x in zip(titles, texts, strict=True)]
        text = self._text_vectorizer.transform(full).tocsr()
        skill_m = self.skill_matrix(skills)
        return Profiles(
            ids=list(ids),
            text=text,
            title=self._title_vectorizer.transform([t.lower() for t in titles]).tocsr(),
            esco=self._occ_esco[rows],
            lsa=_row_normalise(self._svd.transform(text)),
            skills=skill_m,
            commodities=self._commodities(skill_m),
            numeric=numeric,
            interests=self.interest_table_[rows],
            values=self.value_table_[rows],
            soc=np.array(occupations, dtype=object).astype(str),
            isco=np.array([self.isco_codes_[r] for r in rows]).astype(str),
        )

    # -- pair features ---------------------------------------------------------------------------
    def pair_features(self, queries: Profiles, candidates: Profiles) -> dict[str, np.ndarray]:
        """Every feature of :data:`FEATURES` as a (queries x candidates) float32 matrix."""
        f: dict[str, np.ndarray] = {}
        f["text_cos"] = (queries.text @ candidates.text.T).toarray().astype(np.float32)
        f["text_rank"] = catalogue_ranks(f["text_cos"], (queries.text @ self._occ_text.T).toarray())
        f["lsa_cos"] = (queries.lsa @ candidates.lsa.T).astype(np.float32)
        f["lsa_rank"] = catalogue_ranks(f["lsa_cos"], queries.lsa @ self._occ_lsa.T)
        f["title_cos"] = (queries.title @ candidates.title.T).toarray().astype(np.float32)
        f["esco_cos"] = (queries.esco @ candidates.esco.T).toarray().astype(np.float32)

        qs, cs = queries.skills, candidates.skills
        shared = (qs @ cs.T).toarray().astype(np.float32)
        nq = np.asarray(qs.sum(axis=1)).ravel().astype(np.float32)
        nc = np.asarray(cs.sum(axis=1)).ravel().astype(np.float32)
        union = nq[:, None] + nc[None, :] - shared
        f["skill_jaccard"] = np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)
        weighted_q = qs.multiply(self._skill_idf[None, :]).tocsr()
        weighted_c = cs.multiply(self._skill_idf[None, :]).tocsr()
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

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks` (the bundled O*NET/ESCO sample)."""
        from sectors.employment.taxonomy import BUNDLED, load_taxonomy
        from shared.estimator_checks import ConformanceCase

        taxonomy = load_taxonomy(BUNDLED)
        queries = ["15-1252.00", "29-1141.00"]

        def predict(space: OccupationSpace) -> pd.DataFrame:
            return features_frame(
                space.pair_features(space.occupation_profiles(queries), space.occupation_profiles())
            )

        return ConformanceCase(
            make=lambda: cls(lsa_components=16),
            fit=lambda m: m.fit(taxonomy),
            predict=predict,
            schema="frame",
            bad_input=lambda m: m.occupation_profiles(["00-0000.00"]),
        )


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
