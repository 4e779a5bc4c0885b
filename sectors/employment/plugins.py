"""What employment plugs into the suite's recommendation pipeline (:mod:`shared.recsys.pipeline`).

:class:`JobPlugins` serves a fitted :class:`~sectors.employment.JobRecommender` to job seekers:

- **candidates**: the listings given (every listing for every seeker), or, with no listings, every
  O*NET occupation but the seeker's own (where to move next);
- **hard rules**: the seeker's :class:`~sectors.employment.Preferences` (wanted regions, minimum
  salary, how many job zones up), applied before ranking, each one that applies named in the
  reasons. There is no licence or work-permit rule: O*NET rates how important a certification is
  (1-5), which the planner uses for courses, but neither O*NET nor the listing format says that a
  licence is *required*, so none is enforced;
- **features**: the pair features of :class:`~sectors.employment.OccupationSpace` between the
  seeker (their occupation's data, their own skills and education) and each candidate;
- **words**: :data:`~sectors.employment.features.FEATURE_LABELS` in Korean and English;
- **extras**: titles (English and Korean), occupation code, region/salary/posting date for
  listings, job zone for occupations, the share of the candidate's skills the seeker holds
  (``skill_match``) and the matched and missing skills (the skill gap).

Ties in score (a tree ranker often gives the same occupation's listings one score) go to the
candidate whose skills the seeker covers more, then to one in the seeker's region.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from sectors.employment.features import FEATURE_LABELS, Profiles, features_frame
from sectors.employment.listings import check_listings
from sectors.employment.seeker import Preferences, Seeker, apply_preferences
from sectors.employment.taxonomy import slug
from sectors.employment.titles import occupation_title
from shared.errors import DataError
from shared.recsys.pipeline import Plugins, RuleOutcome

if TYPE_CHECKING:
    from sectors.employment.recommender import JobRecommender

#: How many of an occupation's technologies the occupation candidates list as matched/missing.
OCCUPATION_SKILLS = 15
MANWON = 10_000


def seeker_ids(seekers: Sequence[Seeker]) -> list[str]:
    """The entity id of each seeker: its ``id``, else ``seeker1``, ``seeker2``... by position.

    Example:
        >>> seeker_ids([Seeker("15-1252.00"), Seeker("29-1141.00", id="kim")])
        ['seeker1', 'kim']
    """
    ids = [s.id or f"seeker{i + 1}" for i, s in enumerate(seekers)]
    if len(set(ids)) != len(ids):
        raise DataError("two seekers share an id", column="id", expected="one id per seeker")
    return ids


def _skill_gap(skills: Sequence[str], held: set[str]) -> tuple[list[str], list[str], float]:
    matched = [s for s in skills if slug(s) in held]
    missing = [s for s in skills if slug(s) not in held]
    return matched, missing, (len(matched) / len(skills) if skills else 0.0)


class JobPlugins(Plugins):
    """Candidates, rules, features, words and extras of job recommendation (see the module docstring).

    ``entities`` in every method is the list of :class:`Seeker` given to :func:`pipeline.recommend`.
    """

    words = FEATURE_LABELS

    def __init__(self, model: JobRecommender, listings: pd.DataFrame | None = None) -> None:
        model._check_fitted()
        self.model = model
        self.space = model.space_
        self.listings = None if listings is None else check_listings(listings).reset_index(drop=True)
        self._seekers: dict[str, tuple[Seeker, Profiles]] = {}
        self._candidates: Profiles | None = None

    # -- cached profiles -------------------------------------------------------------------------
    def _seeker(self, entity: str) -> tuple[Seeker, Profiles]:
        return self._seekers[entity]

    def _register(self, seekers: Sequence[Seeker]) -> list[str]:
        ids = seeker_ids(seekers)
        missing = [i for i, e in enumerate(ids) if self._seekers.get(e, (None,))[0] != seekers[i]]
        if missing:
            profiles = self.model.seeker_profiles([seekers[i] for i in missing])
            for j, i in enumerate(missing):
                self._seekers[ids[i]] = (seekers[i], profiles.take([j]))
        return ids

    def _candidate_profiles(self) -> Profiles:
        if self._candidates is None:
            self._candidates = (
                self.space.occupation_profiles()
                if self.listings is None
                else self.model.listing_profiles(self.listings)
            )
        return self._candidates

    def _rows(self, pairs: pd.DataFrame) -> np.ndarray:
        """Each pair's row among the candidates (listings in table order, or occupations)."""
        ids = self._candidate_profiles().ids
        position = {c: i for i, c in enumerate(ids)}
        return pairs["item_id"].map(position).to_numpy(dtype=np.int64)

    # -- the pipeline's plug-ins -------------------------------------------------------------------
    def candidates(self, entities: Sequence[Seeker]) -> pd.DataFrame:
        """Every listing (or every other occupation) for every seeker, best skill coverage first."""
        ids = self._register(entities)
        cands = self._candidate_profiles()
        n_skills = np.asarray(cands.skills.sum(axis=1)).ravel()
        frames = []
        for entity in ids:
            seeker, query = self._seeker(entity)
            shared = np.asarray((query.skills @ cands.skills.T).todense()).ravel()
            coverage = np.divide(shared, n_skills, out=np.zeros(len(n_skills)), where=n_skills > 0)
            home = np.zeros(len(cands), bool)
            if self.listings is not None and seeker.region:
                home = (self.listings["region"] == seeker.region).to_numpy()
            # listings: all of them; occupations: all but the seeker's own
            keep = (
                np.arange(len(cands))
                if self.listings is not None
                else np.flatnonzero(np.array(cands.ids) != query.soc[0])
            )
            # stable: the ranked list keeps this order among equal scores
            order = keep[np.lexsort((~home[keep], -coverage[keep]))]
            frames.append(pd.DataFrame({"entity_id": entity, "item_id": [cands.ids[i] for i in order]}))
        if not frames:
            return pd.DataFrame({"entity_id": pd.Series(dtype=str), "item_id": pd.Series(dtype=str)})
        return pd.concat(frames, ignore_index=True)

    def rules(self, entities: Sequence[Seeker], pairs: pd.DataFrame) -> RuleOutcome:
        """The seeker's preferences: wanted regions, minimum salary and job-zone step for listings; the
        job-zone step only for occupations. Each preference that was checked on a pair is named in its reasons.
        """
        passed = np.ones(len(pairs), bool)
        reasons_ko: list[list[str]] = [[] for _ in range(len(pairs))]
        reasons_en: list[list[str]] = [[] for _ in range(len(pairs))]
        rows = self._rows(pairs)
        for entity, idx in pairs.groupby("entity_id", sort=False).indices.items():
            seeker, query = self._seeker(str(entity))
            zone = float(query.numeric[0, 0])
            zone = None if np.isnan(zone) else zone
            table = self._table(rows[idx])
            prefs = seeker.preferences
            words: list[tuple[np.ndarray, str, str]] = []  # (rows checked, Korean, English)
            if self.listings is None:  # regions and salaries belong to listings, not to occupations
                check = Seeker(seeker.occupation, preferences=Preferences(max_zone_step=prefs.max_zone_step))
            else:
                check = seeker
                everywhere = np.ones(len(table), bool)
                if prefs.regions:
                    words.append((everywhere, "희망 근무 지역에 있음", "in a region you would work in"))
                if prefs.min_salary is not None:
                    words.append(
                        (
                            everywhere,
                            f"희망 연봉 {prefs.min_salary / MANWON:,.0f}만원 이상",
                            f"pays at least {prefs.min_salary:,.0f} KRW",
                        )
                    )
            if prefs.max_zone_step is not None and zone is not None and "job_zone" in table.columns:
                known = pd.to_numeric(table["job_zone"], errors="coerce").notna().to_numpy()
                words.append((known, *self._zone_words(prefs.max_zone_step)))
            passed[idx] = apply_preferences(table, check, zone).to_numpy()
            for j, i in enumerate(idx):
                reasons_ko[i] = [ko for checked, ko, _ in words if checked[j]]
                reasons_en[i] = [en for checked, _, en in words if checked[j]]
        return RuleOutcome(passed, reasons_ko, reasons_en)

    @staticmethod
    def _zone_words(step: int) -> tuple[str, str]:
        if step <= 0:
            return "현재 직무 준비 수준 이내", "needs no more preparation than your current job"
        return (
            f"현재보다 준비 수준 {step}단계 이내",
            f"at most {step} job zone{'s' if step > 1 else ''} above your current job",
        )

    def _table(self, rows: np.ndarray) -> pd.DataFrame:
        """The candidate rows as a table with the columns the preferences read."""
        if self.listings is not None:
            return self.listings.iloc[rows].reset_index(drop=True)
        return pd.DataFrame({"job_zone": self.space.numeric_table_[rows, 0]})

    def features(self, entities: Sequence[Seeker], pairs: pd.DataFrame) -> pd.DataFrame:
        """The model's pair features, one row per (seeker, candidate) pair."""
        features = list(self.model.features_)
        out = pd.DataFrame(np.zeros((len(pairs), len(features)), np.float32), columns=features)
        if pairs.empty:
            return out
        rows = self._rows(pairs)
        cands = self._candidate_profiles()
        for entity, idx in pairs.groupby("entity_id", sort=False).indices.items():
            _, query = self._seeker(str(entity))
            feats = features_frame(self.space.pair_features(query, cands.take(rows[idx])))[features]
            out.iloc[idx] = feats.to_numpy()
        return out

    def extras(self, entities: Sequence[Seeker], pairs: pd.DataFrame) -> pd.DataFrame:
        """Titles, the candidate's own columns, and the skill gap (matched, missing, share held)."""
        rows = self._rows(pairs)
        held = {e: {slug(s) for s in self._seeker(e)[0].skills} for e in pairs["entity_id"].unique()}
        space = self.space
        cols: dict[str, list[Any]] = {k: [] for k in ("title", "title_ko", "occupation_id")}
        gap: dict[str, list[Any]] = {k: [] for k in ("skill_match", "matched_skills", "missing_skills")}
        cands = self._candidate_profiles()
        if self.listings is not None:
            table = self.listings.iloc[rows].reset_index(drop=True)
            cols |= {"region": [], "salary": [], "posted": [], "home_region": []}
            for i, entity in enumerate(pairs["entity_id"]):
                row = table.iloc[i]
                code = str(cands.soc[rows[i]])
                onet_title = space.titles_[space.code_lookup[code]]
                cols["title"].append(str(row["title"]))
                cols["title_ko"].append(
                    occupation_title(code, onet_title, lang="ko")
                    if row["title"] == onet_title
                    else row["title"]
                )
                cols["occupation_id"].append(code)
                cols["region"].append(row["region"])
                cols["salary"].append(row["salary"])
                cols["posted"].append(row["posted"])
                cols["home_region"].append(bool(row["region"] == self._seeker(entity)[0].region))
                matched, missing, share = _skill_gap(list(row["skills"]), held[entity])
                gap["matched_skills"].append(matched)
                gap["missing_skills"].append(missing)
                gap["skill_match"].append(share)
        else:
            cols["job_zone"] = []
            for i, entity in enumerate(pairs["entity_id"]):
                pos = int(rows[i])
                code, title = space.codes_[pos], space.titles_[pos]
                cols["title"].append(title)
                cols["title_ko"].append(occupation_title(code, title, lang="ko"))
                cols["occupation_id"].append(code)
                cols["job_zone"].append(float(space.numeric_table_[pos, 0]))
                matched, missing, share = _skill_gap(
                    space.occupation_skill_names(code, OCCUPATION_SKILLS), held[entity]
                )
                gap["matched_skills"].append(matched)
                gap["missing_skills"].append(missing)
                gap["skill_match"].append(share)
        return pd.DataFrame({**cols, **gap})

    def reason_text(self, feature: str, value: Any, lang: str) -> str | None:
        """A feature and its value in words: shares as percentages, counts and ranks as whole numbers."""
        ko, en = self.words.get(feature, (feature, feature))
        label = ko if lang == "ko" else en
        if value is None or pd.isna(value):
            return None
        if feature in ("skill_coverage", "commodity_coverage"):
            return f"{label} ({float(value):.0%})"
        if feature in ("shared_skills", "text_rank", "lsa_rank", "soc_shared", "isco_shared"):
            return f"{label} ({int(round(float(value)))})"
        return super().reason_text(feature, value, lang)
