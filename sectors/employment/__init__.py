"""Job recommendation from listings and personalised training plans.

Example:
    >>> from sectors.employment import BUNDLED, load_taxonomy, generate_listings, Seeker, plan_training
    >>> from sectors.employment import demo_model
    >>> tax = load_taxonomy(BUNDLED)     # the bundled sample; pass ../shared/data/employment for all of O*NET
    >>> model = demo_model()             # JobRecommender(n_estimators=40).fit(tax), cached; train your own
    >>> seeker = Seeker("43-4051.00", ["Microsoft Excel", "Microsoft Word"], education=2, region="부산")
    >>> jobs = model.recommend(seeker, generate_listings(tax, 50, seed=0), k=5)   # a ranked list
    >>> best = jobs.iloc[0]
    >>> target = {"title": best["title"], "skills": best["matched_skills"] + best["missing_skills"]}
    >>> plan = plan_training(seeker, target, hours=80, budget=2_000_000, recommender=model)
    >>> plan.hours_used <= 80
    True
"""

from sectors.employment import datasets as _datasets  # noqa: F401  (registers employment/onet, employment/esco)
from sectors.employment.courses import Target, course_catalogue
from sectors.employment.demo import demo_listings, demo_model, demo_taxonomy
from sectors.employment.features import FEATURE_LABELS, FEATURES, OccupationSpace
from sectors.employment.listings import (
    LISTING_SCHEMA,
    REGIONS,
    WAGE_BANDS,
    check_listings,
    generate_listings,
    listings_to_csv,
    load_listings,
)
from sectors.employment.plan import TrainingPlan, plan_training
from sectors.employment.plugins import JobPlugins
from sectors.employment.recommender import JobRecommender
from sectors.employment.samples import SAMPLE_SEEKERS
from sectors.employment.seeker import Preferences, Seeker
from sectors.employment.taxonomy import (
    BUNDLED,
    EDUCATION_LEVELS,
    ESCO_ATTRIBUTION,
    ONET_ATTRIBUTION,
    Taxonomy,
    load_taxonomy,
)
from sectors.employment.titles import korean_titles, occupation_title, occupation_titles

__all__ = [
    "BUNDLED",
    "EDUCATION_LEVELS",
    "ESCO_ATTRIBUTION",
    "FEATURES",
    "FEATURE_LABELS",
    "LISTING_SCHEMA",
    "ONET_ATTRIBUTION",
    "REGIONS",
    "SAMPLE_SEEKERS",
    "WAGE_BANDS",
    "JobPlugins",
    "JobRecommender",
    "OccupationSpace",
    "Preferences",
    "Seeker",
    "Target",
    "Taxonomy",
    "TrainingPlan",
    "demo_listings",
    "demo_model",
    "demo_taxonomy",
    "check_listings",
    "course_catalogue",
    "generate_listings",
    "korean_titles",
    "listings_to_csv",
    "load_listings",
    "load_taxonomy",
    "occupation_title",
    "occupation_titles",
    "plan_training",
]
