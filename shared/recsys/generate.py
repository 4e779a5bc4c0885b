"""A seeded, realistic interaction log for benchmarks and tests when no real log is at hand.

Shaped like MovieLens-100k (943 users, 1,682 items, about 100,000 ratings over seven months) and
built from the mechanisms that make real logs hard:

- **taste**: users belong to taste groups; items to 1-3 of 18 genres; the affinity of a user for
  an item is the dot product of latent vectors built from them;
- **popularity**: item appeal follows a power law (a few blockbusters, a long tail);
- **novelty**: a third of the items are released during the log and enjoy a boost that fades over
  about a month, so what is popular drifts with time;
- **sequence**: each choice leans toward the previous one (sessions of related items);
- **activity**: users' log lengths are heavy-tailed (at least 20 each, as in MovieLens), most of a
  user's activity is bunched in a few sessions;
- **profile**: age, gender and occupation depend on the taste group, so profile-only users can be
  served from their segment;
- **ratings**: 1-5, higher for better-matching items.

The generator returns the interaction table (user, item, time, weight) and user and item feature
tables; every draw comes from one seeded numpy Generator.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from shared.seeding import rng

GENRES = [
    "action",
    "adventure",
    "animation",
    "children",
    "comedy",
    "crime",
    "documentary",
    "drama",
    "fantasy",
    "noir",
    "horror",
    "musical",
    "mystery",
    "romance",
    "scifi",
    "thriller",
    "war",
    "western",
]
OCCUPATIONS = ("student", "engineer", "educator", "administrator", "artist", "healthcare", "retired", "other")


@dataclass
class GeneratedLog:
    """A generated log: interactions plus user and item feature tables (indexed by id)."""

    interactions: pd.DataFrame
    users: pd.DataFrame
    items: pd.DataFrame


def generate_interactions(
    n_users: int = 943,
    n_items: int = 1682,
    mean_length: float = 106.0,
    *,
    days: int = 215,
    dim: int = 12,
    n_groups: int = 8,
    seed: int | None = None,
) -> GeneratedLog:
    """Generate a MovieLens-like log (see the module docstring for the mechanisms).

    Example:
        >>> log = generate_interactions(n_users=30, n_items=60, mean_length=25, seed=1)
        >>> sorted(log.interactions.columns), bool(log.interactions.groupby("user").size().min() >= 20)
        (['item', 'time', 'user', 'weight'], True)
    """
    g = rng(seed)
    # items: genres, latent vectors, power-law appeal, release day
    genre_vec = g.normal(size=(len(GENRES), dim))
    genre_weight = g.dirichlet(np.ones(len(GENRES)) * 0.8)
    n_genres = g.choice([1, 2, 3], size=n_items, p=[0.5, 0.35, 0.15])
    item_genres = [g.choice(len(GENRES), size=k, replace=False, p=genre_weight) for k in n_genres]
    item_vec = np.stack([genre_vec[gs].mean(axis=0) for gs in item_genres]) + 0.6 * g.normal(
        size=(n_items, dim)
    )
    rank = g.permutation(n_items) + 1
    appeal = -1.0 * np.log(rank) + 0.3 * g.normal(size=n_items)
    release = np.where(g.random(n_items) < 0.33, g.uniform(0, days, n_items), -1.0)
    year = np.where(
        release >= 0, 1998, np.clip(np.rint(1997 - g.exponential(8, n_items)), 1930, 1997)
    ).astype(int)

    # users: taste group -> latent vector and profile
    centre = g.normal(size=(n_groups, dim)) * 1.2
    group = g.integers(n_groups, size=n_users)
    user_vec = centre[group] + 0.7 * g.normal(size=(n_users, dim))
    group_age = g.uniform(18, 60, n_groups)
    age = np.clip(np.rint(group_age[group] + g.normal(0, 7, n_users)), 7, 73).astype(int)
    gender = np.where(g.random(n_users) < 0.35 + 0.4 * (group % 2), "F", "M")
    occ_pref = g.dirichlet(np.ones(len(OCCUPATIONS)) * 0.5, size=n_groups)
    occupation = np.array([OCCUPATIONS[g.choice(len(OCCUPATIONS), p=occ_pref[c])] for c in group])
    length = np.maximum(20, np.rint(g.lognormal(np.log(mean_length) - 0.6, 1.1, n_users))).astype(int)
    length = np.minimum(length, n_items // 2)

    start_day = g.uniform(0, days * 0.85, n_users)
    rows_user, rows_item, rows_time, rows_rating = [], [], [], []
    for u in range(n_users):
        n = length[u]
        # sessions: most activity in the first one, a few later bursts
        n_sessions = 1 + g.poisson(2)
        session_day = np.sort(np.concatenate([[start_day[u]], g.uniform(start_day[u], days, n_sessions - 1)]))
        share = g.dirichlet(np.r_[4.0, np.ones(n_sessions - 1)])
        per = np.maximum(0, np.rint(share * n)).astype(int)
        per[0] += n - per.sum()
        times = np.concatenate(
            [
                d + np.sort(g.exponential(0.02, max(k, 0))).cumsum()
                for d, k in zip(session_day, per, strict=True)
                if k > 0
            ]
        )
        times = np.sort(np.minimum(times, days - 1e-3))[:n]
        seen = np.zeros(n_items, dtype=bool)
        last = None
        for t in times:
            taste = user_vec[u] if last is None else user_vec[u] + 0.8 * item_vec[last]
            logits = 0.35 * item_vec @ taste + appeal
            age_days = t - release
            logits = logits + np.where(release >= 0, 1.8 * np.exp(-np.clip(age_days, 0, None) / 30.0), 0.0)
            logits[(release >= 0) & (age_days < 0)] = -np.inf
            logits[seen] = -np.inf
            choice = int(np.argmax(logits + g.gumbel(size=n_items)))
            seen[choice] = True
            last = choice
            affinity = float(item_vec[choice] @ user_vec[u]) / dim**0.5
            rating = int(
                np.clip(np.rint(3.3 + 0.9 * affinity + 0.2 * appeal[choice] + g.normal(0, 0.9)), 1, 5)
            )
            rows_user.append(u)
            rows_item.append(choice)
            rows_time.append(t)
            rows_rating.append(rating)

    origin = pd.Timestamp("1997-09-20")
    interactions = (
        pd.DataFrame(
            {
                "user": [f"u{u + 1}" for u in rows_user],
                "item": [f"i{i + 1}" for i in rows_item],
                "time": origin + pd.to_timedelta(np.asarray(rows_time), unit="D"),
                "weight": np.asarray(rows_rating, dtype=float),
            }
        )
        .sort_values(["user", "time"], kind="stable")
        .reset_index(drop=True)
    )
    users = pd.DataFrame(
        {"age": age, "gender": gender, "occupation": occupation},
        index=pd.Index([f"u{u + 1}" for u in range(n_users)], name="user"),
    )
    genre_names = [" ".join(GENRES[j] for j in gs) for gs in item_genres]
    items = pd.DataFrame(
        {"genres": genre_names, "year": year, "main_genre": [GENRES[gs[0]] for gs in item_genres]},
        index=pd.Index([f"i{i + 1}" for i in range(n_items)], name="item"),
    )
    items["text"] = items["genres"] + " " + items["year"].astype(str)
    return GeneratedLog(interactions, users, items)
