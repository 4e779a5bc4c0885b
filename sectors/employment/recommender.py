"""JobRecommender: content similarity on skills and text, then a learned LambdaRank ranking.

Training signal: O*NET's Related Occupations. For each training occupation the ranker sees its
20 related occupations (graded: Primary-Short 3, Primary-Long 2, Supplemental 1) against
hard negatives (the most similar unrelated occupations by text and skills) and random ones,
all described by the pair features of :mod:`sectors.employment.features`. No feature names an
occupation, so nothing about a held-out occupation can be memorised.

At serving time a seeker plays the query (their occupation's data, their own skills, their
education) and listings (or occupations) play the candidates (their own text and skills, and the
data of the O*NET occupation they name or are closest to). Serving goes through the suite's
pipeline (:mod:`shared.recsys.pipeline`) with :class:`~sectors.employment.plugins.JobPlugins`:
hard rules (region, salary, job-zone step) filter before ranking, and the output is the suite's
ranked list (:mod:`shared.schema`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from sectors.employment.features import FEATURES, MONOTONE_UP, OccupationSpace, Profiles, features_frame
from sectors.employment.listings import split_skills
from sectors.employment.plugins import JobPlugins
from sectors.employment.seeker import Seeker
from sectors.employment.taxonomy import Taxonomy
from shared.errors import DataError
from shared.estimator import Estimator
from shared.recsys import pipeline
from shared.schema import ranked_list
from shared.seeding import resolve_seed, rng
from shared.store import dataset_fingerprint, register

#: Employment's entries over the suite's one ranker configuration (:data:`pipeline.RANKER_DEFAULTS`);
#: the tree count, learning rate, leaves, leaf size, monotone constraints and threads come from the
#: JobRecommender's parameters.
RANKER_OVERRIDES: dict[str, Any] = {
    "early_stopping_rounds": 50,
    "label_gain": [0, 1, 3, 7],
    "lambdarank_truncation_level": 20,
    "feature_fraction": 0.8,
    "bagging_fraction": 0.8,
    "bagging_freq": 1,
}

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
class JobRecommender(Estimator):
    """Recommend listings (or occupations) to job seekers, and rank occupations for an occupation.

    ``fit(taxonomy)`` learns the ranking from O*NET related occupations; ``recommend(seekers,
    listings)`` returns the suite's ranked list (entity_id = the seeker, item_id = the listing id,
    or the O*NET-SOC code when no listings are given) with reasons in Korean and English and the
    skill gap as extra columns; ``rank_occupations(codes)`` ranks all other occupations (what the
    benchmark scores).

    Fitted attributes: ``space_`` (the :class:`OccupationSpace`), ``ranker_`` (the LambdaRanker),
    ``features_`` (the feature columns), ``trained_on_`` (the occupations whose related lists
    trained it) and ``training_data_``.

    Example:
        >>> from sectors.employment import BUNDLED, load_taxonomy, generate_listings
        >>> tax = load_taxonomy(BUNDLED)
        >>> model = JobRecommender(n_estimators=20).fit(tax)
        >>> seeker = Seeker("15-1252.00", ["Python", "Git"], education=6, region="서울")
        >>> top = model.recommend(seeker, generate_listings(tax, 30, seed=0), k=3)
        >>> list(top.columns[:4]), top["entity_id"].iloc[0], top["rank"].tolist()
        (['entity_id', 'item_id', 'rank', 'score'], 'seeker1', [1, 2, 3])
    """

    intended_use = (
        "Suggesting occupations, job listings and training to job seekers and employment counsellors, as "
        "a starting point for a counselling conversation."
    )
    limitations = (
        "Learnt from O*NET (US) related-occupation lists and occupation texts, not from Korean placement "
        "outcomes: NDCG@10 0.70 on held-out SOC groups measures agreement with O*NET, not job success. "
        "Must not be used to screen, rank or reject applicants."
    )

    store_kind = "sectors.employment.JobRecommender"
    store_version = 2

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
        self.n_estimators = n_estimators
        self.learning_rate = learning_rate
        self.num_leaves = num_leaves
        self.min_child_samples = min_child_samples
        self.hard_negatives = hard_negatives
        self.random_negatives = random_negatives
        self.features = features
        self.lsa_components = lsa_components
        self.n_jobs = n_jobs
        self.seed = seed

    # -- training ----------------------------------------------------------------------------
    def _feature_list(self) -> list[str]:
        features = [str(f) for f in self.features]
        unknown = [f for f in features if f not in FEATURES]
        if unknown:
            raise ValueError(f"unknown features {unknown}; known: {list(FEATURES)}")
        return features

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
        features = self._feature_list()
        seed = resolve_seed(self.seed)
        self.space_ = (
            space
            if space is not None
            else OccupationSpace(lsa_components=self.lsa_components, seed=seed).fit(taxonomy)
        )
        truth = taxonomy.related_truth()
        codes = [c for c in (train_codes if train_codes is not None else taxonomy.codes) if c in truth]
        train, valid = heldout_split(codes, valid_share, seed)
        kwargs = dict(
            hard_negatives=self.hard_negatives,
            random_negatives=self.random_negatives,
            seed=seed,
            features=features,
        )
        X, y, groups = training_pairs(self.space_, taxonomy, train, **kwargs)
        eval_set = training_pairs(self.space_, taxonomy, valid, **kwargs) if valid else None
        self.ranker_ = pipeline.make_ranker(
            {
                **RANKER_OVERRIDES,
                "n_estimators": self.n_estimators,
                "learning_rate": self.learning_rate,
                "num_leaves": self.num_leaves,
                "min_child_samples": self.min_child_samples,
                "monotone_constraints": [1 if f in MONOTONE_UP else 0 for f in features],
                "num_threads": self.n_jobs,
            },
            seed=seed,
        ).fit(X, y, groups, eval_set=eval_set)
        self.features_ = features
        self.trained_on_ = list(train)
        self.training_data_ = dataset_fingerprint(  # the card finds O*NET's licence by the dataset name
            "employment/onet", X, y, note=f"O*NET 29.2 related occupations of {len(train)} occupations"
        )
        return self

    # -- scoring ------------------------------------------------------------------------------
    def score_pairs(self, queries: Profiles, candidates: Profiles) -> np.ndarray:
        """Ranker scores, queries x candidates."""
        self._check_fitted()
        feats = self.space_.pair_features(queries, candidates)
        return self.ranker_.predict(features_frame(feats)[self.features_]).reshape(
            len(queries), len(candidates)
        )

    def rank_occupations(self, codes: Sequence[str], *, k: int = 10) -> dict[str, list[str]]:
        """For each occupation in ``codes``, the ``k`` other occupations ranked highest."""
        self._check_fitted()
        space = self.space_
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
        self._check_fitted()
        space = self.space_
        codes, titles, texts = [], [], []
        for s in seekers:
            code = self.resolve_occupation(s.occupation) if s.occupation else None
            codes.append(code)
            pos = space.code_lookup.get(code) if code else None
            titles.append(space.titles_[pos] if pos is not None else (s.occupation or ""))
            base = space.descriptions_[pos] if pos is not None else ""
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
        self._check_fitted()
        space = self.space_
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
        self._check_fitted()
        space = self.space_
        if text in space.code_lookup:
            return text
        lowered = [t.lower() for t in space.titles_]
        if text.lower() in lowered:
            return space.codes_[lowered.index(text.lower())]
        codes, _ = space.nearest_occupations([text])
        return codes[0]

    def recommend(
        self, seekers: Seeker | Sequence[Seeker], listings: pd.DataFrame | None = None, *, k: int = 10
    ) -> pd.DataFrame:
        """The ``k`` best listings (or, without ``listings``, occupations) for each seeker, as a ranked list.

        Columns: entity_id (the seeker's ``id``, else ``seeker1``...), item_id (listing id or O*NET-SOC
        code), rank, score, reasons_ko, reasons_en (the preferences that applied, then the features that
        raised the score most), then the extras of :class:`~sectors.employment.plugins.JobPlugins`:
        title, title_ko, occupation_id, region, salary, posted, home_region (listings) or job_zone
        (occupations), skill_match, matched_skills, missing_skills. The seeker's preferences filter
        before ranking; ties in score go to the candidate whose skills the seeker covers more, then to
        one in the seeker's region.
        """
        self._check_fitted()
        people = [seekers] if isinstance(seekers, Seeker) else list(seekers)
        bad = [type(s).__name__ for s in people if not isinstance(s, Seeker)]
        if bad:
            raise DataError(f"a seeker is a {bad[0]}", column="seekers", expected="Seeker objects")
        plugins = JobPlugins(self, listings)
        pairs = plugins.candidates(people)
        if not plugins.rules(people, pairs).passed.any():
            # nothing passes the preferences: the empty ranked list with the extras' columns
            # (shared.recsys.pipeline.recommend cannot explain zero rows: LightGBM refuses empty input)
            none = pairs.iloc[:0]
            return ranked_list([], [], [], extras=plugins.extras(people, none))
        return pipeline.recommend(plugins, self.ranker_, people, k=k)

    def match_scores(
        self, seekers: Sequence[Seeker], target: str | Mapping[str, Any] | pd.Series
    ) -> np.ndarray:
        """The score of each seeker against one target: an occupation code or a listing row."""
        self._check_fitted()
        if isinstance(target, str):
            candidate = self.space_.occupation_profiles([self.resolve_occupation(target)])
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

    @classmethod
    def _conformance_case(cls) -> Any:
        """A tiny worked example for :mod:`shared.estimator_checks`: the bundled O*NET/ESCO sample."""
        from sectors.employment.listings import generate_listings
        from sectors.employment.samples import SAMPLE_SEEKERS
        from sectors.employment.taxonomy import BUNDLED, load_taxonomy
        from shared.estimator_checks import ConformanceCase

        taxonomy = load_taxonomy(BUNDLED)
        listings = generate_listings(taxonomy, 30, seed=0)
        seekers = list(SAMPLE_SEEKERS[:2])
        return ConformanceCase(
            make=lambda: cls(
                n_estimators=10, hard_negatives=10, random_negatives=10, lsa_components=16, seed=0
            ),
            fit=lambda m: m.fit(taxonomy),
            predict=lambda m: m.recommend(seekers, listings, k=5),
            schema="ranked",
            bad_input=lambda m: m.recommend(seekers, listings.drop(columns=["salary"])),
        )
