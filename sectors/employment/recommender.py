"""JobRecommender: content similarity on skills and text, then a learned LambdaRank ranking.

Training signal: O*NET's Related Occupations. For each training occupation the ranker sees its
20 related occupations (graded: Primary-Short 3, Primary-Long 2, Supplemental 1) against
hard negatives (the most similar unrelated occupations by text and skills) and random ones,
all described by the pair features of :mod:`sectors.employment.features`. No feature names an
occupation, so nothing about a held-out occupation can be memorised.

At serving time a seeker plays the query (their occupation's data, their own skills, their
education) and listings play the candidates (their own text and skills, and the data of the
O*NET occupation they name or are closest to). Hard rules (region, salary, job-zone step)
filter listings before ranking.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sectors.employment.features import (
    FEATURE_LABELS,
    FEATURES,
    MONOTONE_UP,
    OccupationSpace,
    Profiles,
    features_frame,
)
from sectors.employment.listings import check_listings, split_skills
from sectors.employment.seeker import Seeker, apply_preferences
from sectors.employment.taxonomy import Taxonomy, slug
from shared.errors import DataError
from shared.recsys import LambdaRanker
from shared.seeding import resolve_seed, rng
from shared.store import ModelState, register

RESULT_COLUMNS = (
    "rank",
    "id",
    "title",
    "score",
    "region",
    "salary",
    "posted",
    "occupation_id",
    "home_region",
    "matched_skills",
    "missing_skills",
    "reasons",
)

#: Training label per O*NET relatedness tier (0 = unrelated).
TIER_GRADE = {"Primary-Short": 3, "Primary-Long": 2, "Supplemental": 1}


def heldout_split(codes: Sequence[str], share: float, seed: int | None) -> tuple[list[str], list[str]]:
    """Split occupations by SOC major group: about ``share`` of the groups go to the second list.

    Example:
        >>> a, b = heldout_split(["11-1011.00", "11-2011.00", "15-1252.00", "29-1141.00"], 0.3, 0)
        >>> sorted({c[:2] for c in a}).__len__() + sorted({c[:2] for c in b}).__len__()
        3
    """
    majors = sorted({c[:2] for c in codes})
    if len(majors) < 2 or share <= 0:
        return list(codes), []
    n_out = max(1, round(len(majors) * share))
    chosen = set(rng(seed).choice(majors, size=n_out, replace=False).tolist())
    return [c for c in codes if c[:2] not in chosen], [c for c in codes if c[:2] in chosen]


def training_pairs(
    space: OccupationSpace,
    taxonomy: Taxonomy,
    codes: Sequence[str],
    *,
    hard_negatives: int,
    random_negatives: int,
    seed: int | None,
    features: Sequence[str] = FEATURES,
) -> tuple[pd.DataFrame, np.ndarray, np.ndarray]:
    """Feature rows, graded labels and query ids for ranking every other occupation from ``codes``.

    Each query keeps all its related occupations, its ``hard_negatives`` most similar unrelated
    ones (text + latent + skill similarity) and ``random_negatives`` drawn at random.
    """
    g = rng(seed)
    related = taxonomy.related
    grades: dict[str, dict[str, int]] = {}
    for row in related.itertuples(index=False):
        grades.setdefault(row.occupation_id, {})[row.related_id] = TIER_GRADE.get(row.tier, 1)
    codes = [c for c in codes if c in grades]
    if not codes:
        raise DataError("no training occupation has a related-occupations list", column="O*NET-SOC Code")
    candidates = space.occupation_profiles()
    position = {c: i for i, c in enumerate(candidates.ids)}
    columns: dict[str, list[np.ndarray]] = {f: [] for f in features}
    labels, groups = [], []
    for start in range(0, len(codes), 256):
        chunk = codes[start : start + 256]
        feats = space.pair_features(space.occupation_profiles(chunk), candidates)
        for qi, code in enumerate(chunk):
            y = np.zeros(len(candidates), dtype=np.float32)
            for other, grade in grades[code].items():
                y[position[other]] = grade
            y_self = position[code]
            pool = np.flatnonzero((y == 0) & (np.arange(len(y)) != y_self))
            hardness = (
                feats["text_cos"][qi, pool] + feats["lsa_cos"][qi, pool] + feats["skill_idf_cos"][qi, pool]
            )
            hard = pool[np.argsort(-hardness, kind="stable")[:hard_negatives]]
            rest = np.setdiff1d(pool, hard)
            rand = g.choice(rest, size=min(random_negatives, len(rest)), replace=False)
            rows = np.sort(np.concatenate([np.flatnonzero(y > 0), hard, rand]))
            for f in features:
                columns[f].append(feats[f][qi, rows])
            labels.append(y[rows])
            groups.append(np.full(len(rows), start + qi))
    frame = pd.DataFrame({f: np.concatenate(parts) for f, parts in columns.items()})
    return frame, np.concatenate(labels), np.concatenate(groups)


@register
class JobRecommender:
    """Recommend listings to a seeker, and rank occupations for an occupation.

    ``fit(taxonomy)`` learns the ranking from O*NET related occupations; ``recommend(seeker,
    listings)`` returns the best listings with matched and missing skills and the reasons;
    ``rank_occupations(codes)`` ranks all other occupations (what the benchmark scores).

    Example:
        >>> from sectors.employment import BUNDLED, load_taxonomy, generate_listings
        >>> tax = load_taxonomy(BUNDLED)
        >>> model = JobRecommender(n_estimators=20).fit(tax)
        >>> seeker = Seeker("15-1252.00", ["Python", "Git"], education=6, region="서울")
        >>> top = model.recommend(seeker, generate_listings(tax, 30, seed=0), k=3)
        >>> list(top.columns[:4])
        ['rank', 'id', 'title', 'score']
    """

    store_kind = "sectors.employment.JobRecommender"
    store_version = 1

    def __init__(
        self,
        *,
        n_estimators: int = 600,
        learning_rate: float = 0.05,
        num_leaves: int = 31,
        min_child_samples: int = 50,
        hard_negatives: int = 150,
        random_negatives: int = 150,
        features: Sequence[str] = FEATURES,
        lsa_components: int = 128,
        n_jobs: int = 1,
        seed: int | None = None,
    ) -> None:
        unknown = [f for f in features if f not in FEATURES]
        if unknown:
            raise ValueError(f"unknown features {unknown}; known: {list(FEATURES)}")
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.hard_negatives = hard_negatives
        self.random_negatives = random_negatives
        self.features = list(features)
        self.lsa_components = lsa_components
        self.n_jobs = n_jobs
        self.seed = resolve_seed(seed)
        self.space: OccupationSpace | None = None
        self.ranker: LambdaRanker | None = None
        self.trained_on: list[str] = []

    # -- training ----------------------------------------------------------------------------
    def fit(
        self,
        taxonomy: Taxonomy,
        *,
        train_codes: Sequence[str] | None = None,
        valid_share: float = 0.2,
        space: OccupationSpace | None = None,
    ) -> JobRecommender:
        """Learn the ranking from the related lists of ``train_codes`` (default: every occupation).

        About ``valid_share`` of the training SOC major groups are held back for early stopping.
        ``space`` reuses an :class:`OccupationSpace` already fitted on ``taxonomy``.
        """
        self.space = (
            space
            if space is not None
            else OccupationSpace(lsa_components=self.lsa_components, seed=self.seed).fit(taxonomy)
        )
        truth = taxonomy.related_truth()
        codes = [c for c in (train_codes if train_codes is not None else taxonomy.codes) if c in truth]
        train, valid = heldout_split(codes, valid_share, self.seed)
        kwargs = dict(
            hard_negatives=self.hard_negatives,
            random_negatives=self.random_negatives,
            seed=self.seed,
            features=self.features,
        )
        X, y, groups = training_pairs(self.space, taxonomy, train, **kwargs)
        eval_set = training_pairs(self.space, taxonomy, valid, **kwargs) if valid else None
        self.ranker = LambdaRanker(
            n_estimators=self.n_estimators,
            learning_rate=self.learning_rate,
            num_leaves=self.num_leaves,
            min_child_samples=self.min_child_samples,
            early_stopping_rounds=50,
            seed=self.seed,
            params={
                "monotone_constraints": [1 if f in MONOTONE_UP else 0 for f in self.features],
                "label_gain": [0, 1, 3, 7],
                "lambdarank_truncation_level": 20,
                "feature_fraction": 0.8,
                "bagging_fraction": 0.8,
                "bagging_freq": 1,
                "num_threads": self.n_jobs,
            },
        ).fit(X, y, groups, eval_set=eval_set)
        self.trained_on = list(train)
        return self

    def _require(self) -> tuple[OccupationSpace, LambdaRanker]:
        if self.space is None or self.ranker is None:
            raise RuntimeError("JobRecommender is not fitted; call fit() first")
        return self.space, self.ranker

    # -- scoring ------------------------------------------------------------------------------
    def score_pairs(self, queries: Profiles, candidates: Profiles) -> np.ndarray:
        """Ranker scores, queries x candidates."""
        space, ranker = self._require()
        feats = space.pair_features(queries, candidates)
        return ranker.predict(features_frame(feats)[self.features]).reshape(len(queries), len(candidates))

    def rank_occupations(self, codes: Sequence[str], *, k: int = 10) -> dict[str, list[str]]:
        """For each occupation in ``codes``, the ``k`` other occupations ranked highest."""
        space, _ = self._require()
        candidates = space.occupation_profiles()
        out: dict[str, list[str]] = {}
        for start in range(0, len(codes), 128):
            chunk = list(codes[start : start + 128])
            scores = self.score_pairs(space.occupation_profiles(chunk), candidates)
            for qi, code in enumerate(chunk):
                scores[qi, space.code_lookup[code]] = -np.inf
                order = np.argsort(-scores[qi], kind="stable")[:k]
                out[code] = [candidates.ids[j] for j in order]
        return out

    def seeker_profiles(self, seekers: Sequence[Seeker]) -> Profiles:
        """Seekers as query profiles: their occupation's data, their own skills and education."""
        space, _ = self._require()
        codes, titles, texts = [], [], []
        for s in seekers:
            code = self.resolve_occupation(s.occupation) if s.occupation else None
            codes.append(code)
            pos = space.code_lookup.get(code) if code else None
            titles.append(space.titles[pos] if pos is not None else (s.occupation or ""))
            base = space.descriptions[pos] if pos is not None else ""
            texts.append(f"{base} {s.about}".strip())
        return space.custom_profiles(
            [f"seeker{i}" for i in range(len(seekers))],
            titles=titles,
            texts=texts,
            skills=[s.skills for s in seekers],
            occupations=codes,
            education_levels=[s.education for s in seekers],
        )

    def listing_profiles(self, listings: pd.DataFrame) -> Profiles:
        """Listings as candidate profiles (an O*NET code, when given, supplies occupation data)."""
        space, _ = self._require()
        occupations = (
            [c if c in space.code_lookup else None for c in listings["occupation_id"].astype(str)]
            if "occupation_id" in listings.columns
            else [None] * len(listings)
        )
        zones = listings["job_zone"].tolist() if "job_zone" in listings.columns else None
        return space.custom_profiles(
            listings["id"].astype(str).tolist(),
            titles=listings["title"].astype(str).tolist(),
            texts=listings["description"].astype(str).tolist(),
            skills=listings["skills"].tolist(),
            occupations=occupations,
            job_zones=zones,
        )

    def resolve_occupation(self, text: str) -> str:
        """An O*NET-SOC code for a code or a title (closest title when not exact)."""
        space, _ = self._require()
        if text in space.code_lookup:
            return text
        lowered = [t.lower() for t in space.titles]
        if text.lower() in lowered:
            return space.codes[lowered.index(text.lower())]
        codes, _ = space.nearest_occupations([text])
        return codes[0]

    def recommend(
        self, seeker: Seeker, listings: pd.DataFrame, *, k: int = 10, lang: str = "ko"
    ) -> pd.DataFrame:
        """The ``k`` best listings the seeker's preferences allow, with matched and missing skills.

        Columns: rank, id, title, score, region, salary, posted, occupation_id (given or inferred),
        home_region (in the seeker's region), matched_skills, missing_skills, reasons (the features
        that raised the score most, in ``lang``). Ties in score go to the listing whose skills the
        seeker covers more, then to one in the seeker's region.
        """
        space, ranker = self._require()
        listings = check_listings(listings)
        query = self.seeker_profiles([seeker])
        zone = query.numeric[0, 0]
        allowed = listings[apply_preferences(listings, seeker, None if np.isnan(zone) else float(zone))]
        if allowed.empty:
            return pd.DataFrame(columns=list(RESULT_COLUMNS))
        candidates = self.listing_profiles(allowed)
        feats = features_frame(space.pair_features(query, candidates))[self.features]
        scores = ranker.predict(feats)
        # Equal scores (a tree ranker often gives the same occupation's listings one score) are broken by
        # the share of the listing's skills the seeker already has, then by being in the seeker's region.
        home = (
            (allowed["region"] == seeker.region).to_numpy() if seeker.region else np.zeros(len(allowed), bool)
        )
        order = np.lexsort((~home, -feats["skill_coverage"].to_numpy(), -scores))[:k]
        top = allowed.iloc[order].reset_index(drop=True)
        labels = {f: FEATURE_LABELS[f][0 if lang == "ko" else 1] for f in self.features}
        reasons = ranker.reasons(feats.iloc[order].reset_index(drop=True), labels=labels)
        held = {slug(s) for s in seeker.skills}
        out = pd.DataFrame(
            {
                "rank": np.arange(1, len(top) + 1),
                "id": top["id"].to_numpy(),
                "title": top["title"].to_numpy(),
                "score": scores[order],
                "region": top["region"].to_numpy(),
                "salary": top["salary"].to_numpy(),
                "posted": top["posted"].to_numpy(),
                "occupation_id": [candidates.soc[i] for i in order],
                "home_region": home[order],
                "matched_skills": [[s for s in skills if slug(s) in held] for skills in top["skills"]],
                "missing_skills": [[s for s in skills if slug(s) not in held] for skills in top["skills"]],
                "reasons": reasons,
            }
        )
        return out

    def match_scores(
        self, seekers: Sequence[Seeker], target: str | Mapping[str, Any] | pd.Series
    ) -> np.ndarray:
        """The score of each seeker against one target: an occupation code or a listing row."""
        space, _ = self._require()
        if isinstance(target, str):
            candidate = space.occupation_profiles([self.resolve_occupation(target)])
        else:
            row = dict(target)
            skills = row.get("skills") or []
            skills = split_skills(skills) if isinstance(skills, str) else list(skills)
            frame = pd.DataFrame([{**row, "skills": skills}])
            for column, default in (("id", "target"), ("description", "")):
                if column not in frame.columns:
                    frame[column] = default
            candidate = self.listing_profiles(frame)
        return self.score_pairs(self.seeker_profiles(list(seekers)), candidate)[:, 0]

    # -- storage -------------------------------------------------------------------------------
    def to_state(self) -> ModelState:
        space, ranker = self._require()
        space_params, space_arrays = space.to_parts()
        ranker_state = ranker.to_state()
        return ModelState(
            params={
                "n_estimators": self.n_estimators,
                "learning_rate": self.learning_rate,
                "num_leaves": self.num_leaves,
                "min_child_samples": self.min_child_samples,
                "hard_negatives": self.hard_negatives,
                "random_negatives": self.random_negatives,
                "features": self.features,
                "lsa_components": self.lsa_components,
                "n_jobs": self.n_jobs,
                "seed": self.seed,
                "trained_on": self.trained_on,
                "space": space_params,
                "ranker": ranker_state.params,
            },
            arrays={f"space.{k}": v for k, v in space_arrays.items()},
            boosters=ranker_state.boosters,
            training_data=f"O*NET 29.2 related occupations of {len(self.trained_on)} occupations",
        )

    @classmethod
    def from_state(cls, state: ModelState) -> JobRecommender:
        p = state.params
        model = cls(
            n_estimators=p["n_estimators"],
            learning_rate=p["learning_rate"],
            num_leaves=p["num_leaves"],
            min_child_samples=p["min_child_samples"],
            hard_negatives=p["hard_negatives"],
            random_negatives=p["random_negatives"],
            features=p["features"],
            lsa_components=p["lsa_components"],
            n_jobs=p["n_jobs"],
            seed=p["seed"],
        )
        arrays = {k.removeprefix("space."): v for k, v in state.arrays.items() if k.startswith("space.")}
        model.space = OccupationSpace.from_parts(p["space"], arrays)
        model.ranker = LambdaRanker.from_state(ModelState(params=p["ranker"], boosters=state.boosters))
        model.trained_on = list(p["trained_on"])
        return model
