"""Does the engine's ranker need LightGBM's lambdarank or rank_xendcg objective? Same log, same protocol.

Runs ``civic bench recsys``'s protocol (per-user time split, full ranking, seen items excluded) for
EASE and the engine's ranker with each objective, on the seeded generated log (or ``--interactions``).

Run: ``python benchmarks/recsys_ranker_objectives.py``
"""

from __future__ import annotations

import argparse

import pandas as pd

from shared.recsys import EASE, Recommender, ScorerModel, evaluate_models, generate_interactions


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--interactions", default=None, help="CSV user,item,rating,timestamp or u.data")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if args.interactions:
        from shared.data.formats.interactions import read_interactions

        frame, users, items = read_interactions(args.interactions), None, None
    else:
        log = generate_interactions(seed=args.seed)
        frame, users, items = log.interactions, log.users, log.items
    models = {
        "ease": lambda: ScorerModel(EASE, tune=True),
        "ranker (lambdarank)": lambda: Recommender(objective="lambdarank"),
        "ranker (rank_xendcg)": lambda: Recommender(objective="rank_xendcg"),
    }
    table = evaluate_models(frame, models, user_features=users, item_features=items)
    with pd.option_context("display.width", 160, "display.float_format", "{:.4f}".format):
        print(table.set_index("model").to_string())


if __name__ == "__main__":
    main()
